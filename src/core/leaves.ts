/**
 * Leaves of function arguments and results: what a transform accepts as an array leaf
 * (Tensors, JS numbers and booleans, typed arrays) and the errors for anything else.
 */
import { fromData, scalarArray } from "./array";
import { type Aval, makeAval } from "./aval";
import type { DType } from "./dtype";
import { PytreeError } from "./errors";
import { describeValue } from "./shape";
import { Tensor } from "./tensor";

type TypedLeaf = Float64Array | Float32Array | Int32Array | Uint8Array;

function typedLeafDType(x: unknown): DType | undefined {
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint8Array) return "bool";
  return undefined;
}

function badLeaf(op: string, what: string, path: string, leaf: unknown): PytreeError {
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
  const d = typedLeafDType(leaf);
  if (d) return makeAval([(leaf as TypedLeaf).length], d);
  throw badLeaf(op, "the argument", path, leaf);
}

/** An argument leaf as a Tensor (numbers become float64, typed arrays 1-D arrays). */
export function leafToTensor(op: string, leaf: unknown, path: string): Tensor {
  if (leaf instanceof Tensor) return leaf;
  if (typeof leaf === "number") return scalarArray(leaf, "float64");
  if (typeof leaf === "boolean") return scalarArray(leaf ? 1 : 0, "bool");
  const d = typedLeafDType(leaf);
  if (d) return fromData([(leaf as TypedLeaf).length], d, (leaf as TypedLeaf).slice());
  throw badLeaf(op, "the argument", path, leaf);
}

/** A result leaf as a Tensor; results may be Tensors, numbers or booleans. */
export function resultToTensor(op: string, leaf: unknown, path: string): Tensor {
  if (leaf instanceof Tensor) return leaf;
  if (typeof leaf === "number") return scalarArray(leaf, "float64");
  if (typeof leaf === "boolean") return scalarArray(leaf ? 1 : 0, "bool");
  throw badLeaf(op, "the function's result", path, leaf);
}
