/**
 * Leaves of function arguments and results: what a transform accepts as an array leaf
 * (Tensors, JS numbers and booleans, typed arrays) and the errors for anything else.
 */
import { fromData, scalarArray } from "./array";
import { type Aval, makeAval } from "./aval";
import type { DType, TypedArray, TypedArrayLike } from "./dtype";
import { ArgumentError, DTypeError, PytreeError } from "./errors";
import { describeValue } from "./shape";
import { Tensor } from "./tensor";

/**
 * What each typed-array kind becomes. Uint8Array is `bool`, jitgrad's bool storage (so
 * `toTypedArray()` round-trips): any non-zero byte is true, stored as 1. The other small
 * integer kinds become int32, keeping their values. Uint32Array and the BigInt arrays have
 * no dtype here and are refused.
 */
const TYPED_KINDS: readonly (readonly [abstract new (...a: never[]) => ArrayBufferView, DType])[] = [
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Int32Array, "int32"],
  [Uint8Array, "bool"],
  [Uint8ClampedArray, "int32"],
  [Int8Array, "int32"],
  [Int16Array, "int32"],
  [Uint16Array, "int32"],
];

/** A typed array's kind: its class (of those above) and the dtype it becomes. */
export interface TypedArrayKind {
  readonly ctor: abstract new (...a: never[]) => ArrayBufferView;
  readonly dtype: DType;
}

/** The dtype a typed array becomes; undefined for anything else; a DTypeError for a typed array jitgrad cannot hold. */
export function typedArrayDType(op: string, x: unknown): DType | undefined {
  return typedArrayKind(op, x)?.dtype;
}

/** {@link typedArrayDType} with the class it was recognised as. */
export function typedArrayKind(op: string, x: unknown): TypedArrayKind | undefined {
  if (!ArrayBuffer.isView(x)) return undefined;
  for (const [ctor, dtype] of TYPED_KINDS) if (x instanceof ctor) return { ctor, dtype };
  if (x instanceof Uint32Array) {
    throw new DTypeError(
      `${op}: a Uint32Array has no jitgrad dtype (values from 2^31 do not fit int32); use Float64Array.from(a) for its values, or new Int32Array(a.buffer) for its bits.`,
    );
  }
  if (x instanceof DataView) return undefined;
  throw new DTypeError(`${op}: a ${x.constructor.name} has no jitgrad dtype; convert it to a Float64Array, Float32Array or Int32Array.`);
}

/** A typed array's values in its dtype's storage: a copy, bools normalised to 0/1. */
export function typedArrayData(x: TypedArrayLike, dtype: DType): TypedArray {
  if (dtype === "bool") return Uint8Array.from(x, (v) => (v !== 0 ? 1 : 0));
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array) return x.slice();
  return Int32Array.from(x);
}

/** True when a jit entry can read the typed array as it is (its storage is the dtype's). */
export function isNativeStorage(x: unknown): boolean {
  return x instanceof Float64Array || x instanceof Float32Array || x instanceof Int32Array;
}

/**
 * Refuses what cannot be traced before running it: a non-function, or an async or
 * generator function (its body would go on after the trace, with leaked tracers).
 */
export function checkTraceable(op: string, f: unknown): void {
  if (typeof f !== "function") {
    throw new ArgumentError(`${op}: expects a function, got ${describeValue(f)}; write ${op}((x) => ...).`);
  }
  const tag = Object.prototype.toString.call(f);
  if (tag === "[object AsyncFunction]" || tag === "[object AsyncGeneratorFunction]") {
    throw new ArgumentError(`${op}: got an async function; transforms trace synchronous code only (an await would run after the trace). Await outside and pass the values in.`);
  }
  if (tag === "[object GeneratorFunction]") {
    throw new ArgumentError(`${op}: got a generator function (function*); return the arrays instead of yielding them.`);
  }
}

function badLeaf(op: string, what: string, path: string, leaf: unknown): PytreeError {
  if (isThenable(leaf)) {
    // Keep its rejection (a tracer leak, once it resumes) from surfacing later as an unhandled one.
    leaf.then(undefined, () => undefined);
    return new PytreeError(
      `${op}: ${what}${path === "" ? "" : ` at ${path}`} is a Promise: transforms trace synchronous code only (an await would run after the trace). Compute synchronously and await outside.`,
    );
  }
  const where = path === "" ? "" : ` at ${path}`;
  const cls = typeof leaf === "object" && leaf !== null ? describeValue(leaf) : typeof leaf;
  return new PytreeError(
    `${op}: ${what}${where} is ${describeValue(leaf)}, which is not an array. Leaves must be Tensors, numbers, booleans ` +
      `or typed arrays${
        typeof leaf === "object" && leaf !== null
          ? `; if ${cls} is a container, register its class with tree.register(…), or pass it as a static argument`
          : typeof leaf === "string" || typeof leaf === "function"
            ? "; pass non-array values as static arguments or close over them"
            : ""
      }.`,
  );
}

/** The aval of an argument leaf, or a PytreeError naming the path. */
export function leafAval(op: string, leaf: unknown, path: string): Aval {
  if (leaf instanceof Tensor) return leaf.aval;
  if (typeof leaf === "number") return makeAval([], "float64");
  if (typeof leaf === "boolean") return makeAval([], "bool");
  const d = typedArrayDType(op, leaf);
  if (d) return makeAval([(leaf as TypedArrayLike).length], d);
  throw badLeaf(op, "the argument", path, leaf);
}

/** An argument leaf as a Tensor (numbers become float64, typed arrays 1-D arrays). */
export function leafToTensor(op: string, leaf: unknown, path: string): Tensor {
  if (leaf instanceof Tensor) return leaf;
  if (typeof leaf === "number") return scalarArray(leaf, "float64");
  if (typeof leaf === "boolean") return scalarArray(leaf ? 1 : 0, "bool");
  const d = typedArrayDType(op, leaf);
  if (d) return fromData([(leaf as TypedArrayLike).length], d, typedArrayData(leaf as TypedArrayLike, d));
  throw badLeaf(op, "the argument", path, leaf);
}

/** A result leaf as a Tensor; results may be Tensors, numbers or booleans. */
export function resultToTensor(op: string, leaf: unknown, path: string): Tensor {
  if (leaf instanceof Tensor) return leaf;
  if (typeof leaf === "number") return scalarArray(leaf, "float64");
  if (typeof leaf === "boolean") return scalarArray(leaf ? 1 : 0, "bool");
  throw badLeaf(op, "the function's result", path, leaf);
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}
