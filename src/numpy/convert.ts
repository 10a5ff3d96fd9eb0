/**
 * From user values to Tensors: nested JS arrays, typed arrays and scalars; JAX's weak
 * typing of JS numbers; NumPy broadcasting of operands.
 */
import * as E from "../core/either";
import { checkedSize, fromData, scalarArray } from "../core/array";
import {
  DEFAULT_FLOAT,
  type DType,
  DTYPES,
  allocate,
  isComplex,
  isInexact,
  parseDType,
  promoteTypes,
  weakTypeAgainst,
} from "../core/dtype";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import type { TypedArrayLike } from "../core/dtype";
import { typedArrayData, typedArrayDType } from "../core/leaves";
import { type Shape, broadcastShapes, describeValue, shapesEqual, unwrap } from "../core/shape";
import { type Complex, type NestedArray, type Scalar, Tensor, type TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";

/** A dtype given positionally (`"float32"`) or as jax-js does (`{ dtype: "float32" }`). */
export type DTypeArg = DType | { readonly dtype?: DType } | null | undefined;

export function dtypeArg(op: string, d: DTypeArg): DType | undefined {
  if (d === null || d === undefined) return undefined;
  const name = typeof d === "object" ? d.dtype : d;
  if (name === undefined) return undefined;
  const parsed = parseDType(name);
  if (!parsed) {
    throw new DTypeError(`${op}: unknown dtype ${describeValue(name)}; use one of ${DTYPES.map((d) => `"${d}"`).join(", ")}.`);
  }
  return parsed;
}

interface Parsed {
  readonly shape: number[];
  readonly values: (number | boolean | Complex | Tensor)[];
  hasTensor: boolean;
  hasComplex: boolean;
  allBool: boolean;
}

/** A `{ re, im }` object of two numbers (a complex entry). */
export function isComplexLiteral(v: unknown): v is Complex {
  return (
    typeof v === "object" && v !== null && !(v instanceof Tensor) && !Array.isArray(v) && !ArrayBuffer.isView(v) &&
    typeof (v as Complex).re === "number" && typeof (v as Complex).im === "number"
  );
}

/** Walks a nested array, checking it is rectangular. */
function parseNested(op: string, x: NestedArray): Parsed {
  const shape: number[] = [];
  for (let cur: unknown = x; Array.isArray(cur); cur = cur[0]) {
    shape.push(cur.length);
    if (cur.length === 0) break;
  }
  const out: Parsed = { shape, values: [], hasTensor: false, hasComplex: false, allBool: true };
  // The path to an entry is only spelled out for an error message.
  const at: number[] = [];
  const pathOf = () => at.map((i) => `[${i}]`).join("");
  const visit = (v: unknown, depth: number): void => {
    if (depth < shape.length) {
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new ShapeError(
          `${op}: ragged nested array: the entry at ${pathOf() || "the top"} has ${Array.isArray(v) ? `length ${v.length}` : "no length"}, ` +
            `expected length ${shape[depth]} (the array is ${shape.slice(0, depth + 1).join("×")} so far). Every row must have the same length.`,
        );
      }
      for (let i = 0; i < v.length; i++) {
        at.push(i);
        visit(v[i], depth + 1);
        at.pop();
      }
      return;
    }
    if (typeof v === "number") out.allBool = false;
    else if (typeof v === "boolean") {
      // stays bool only if every entry is
    } else if (v instanceof Tensor) {
      out.hasTensor = true;
      out.allBool = false;
    } else if (isComplexLiteral(v)) {
      out.hasComplex = true;
      out.allBool = false;
    } else {
      throw new ArgumentError(
        `${op}: the entry at ${pathOf()} is ${describeValue(v)}; array entries must be numbers, booleans, { re, im } complex numbers or Tensors.`,
      );
    }
    out.values.push(v as number | boolean | Complex | Tensor);
  };
  visit(x, 0);
  return out;
}

/** A concrete array from JS data, in `dtype` (default: bool for all-boolean data, else float64). */
function fromNested(op: string, x: NestedArray, dtype: DType | undefined): Tensor {
  const p = parseNested(op, x);
  if (p.hasTensor) {
    const parts = p.values.map((v) => (v instanceof Tensor ? v : scalarOf(v)));
    const common = dtype ?? parts.reduce<DType>((d, t) => promoteTypes(d, t.dtype), "bool");
    const elemShape = parts[0].shape;
    const flat = parts.map((t, i) => {
      if (!shapesEqual(t.shape, elemShape)) {
        throw new ShapeError(`${op}: entries must share a shape; entry ${i} has shape [${t.shape.join(", ")}], entry 0 has [${elemShape.join(", ")}].`);
      }
      return broadcastInDim(convert(t, common), [1, ...t.shape], t.shape.map((_, d) => d + 1));
    });
    const stacked = flat.length === 1 ? flat[0] : bind1("concatenate", flat, { dimension: 0 });
    return reshape(stacked, [...p.shape, ...elemShape]);
  }
  const d = dtype ?? (p.hasComplex ? "complex128" : p.allBool && p.values.length > 0 ? "bool" : DEFAULT_FLOAT);
  if (p.hasComplex && !isComplex(d)) {
    throw new DTypeError(`${op}: the data holds complex numbers but the dtype asked for is ${d}; take np.real of the result, or ask for a complex dtype.`);
  }
  const size = checkedSize(p.shape, d, op);
  const data = allocate(d, size);
  if (isComplex(d)) {
    for (let i = 0; i < size; i++) {
      const v = p.values[i];
      if (isComplexLiteral(v)) {
        data[2 * i] = v.re;
        data[2 * i + 1] = v.im;
      } else data[2 * i] = Number(v);
    }
  } else for (let i = 0; i < size; i++) data[i] = castFor(Number(p.values[i]), d);
  return fromData(p.shape, d, data);
}

function castFor(v: number, d: DType): number {
  return d === "bool" ? (v !== 0 ? 1 : 0) : d === "int32" ? Math.trunc(v) : v;
}

/** A 0-d array of a JS scalar or complex literal in its own dtype. */
function scalarOf(v: number | boolean | Complex): Tensor {
  if (isComplexLiteral(v)) {
    const data = allocate("complex128", 1);
    data[0] = v.re;
    data[1] = v.im;
    return fromData([], "complex128", data);
  }
  return scalarArray(Number(v), typeof v === "boolean" ? "bool" : DEFAULT_FLOAT);
}

/** Converts any accepted value to a Tensor (no copy for Tensors of the right dtype). */
export function asTensor(x: TensorLike, op = "np.array", dtype?: DType): Tensor {
  if (x instanceof Tensor) return dtype && x.dtype !== dtype ? convert(x, dtype) : x;
  if (typeof x === "number") return scalarArray(castFor(x, dtype ?? DEFAULT_FLOAT), dtype ?? DEFAULT_FLOAT);
  if (typeof x === "boolean") return scalarArray(x ? 1 : 0, dtype ?? "bool");
  if (isComplexLiteral(x)) {
    const t = scalarOf(x);
    return dtype && dtype !== t.dtype ? convert(t, dtype) : t;
  }
  const own = typedArrayDType(op, x);
  if (own) {
    const t = fromData([(x as TypedArrayLike).length], own, typedArrayData(x as TypedArrayLike, own));
    return dtype && dtype !== own ? convert(t, dtype) : t;
  }
  if (Array.isArray(x)) return fromNested(op, x as NestedArray, dtype);
  throw new ArgumentError(
    `${op}: expected a Tensor, a number, a boolean, a typed array or nested arrays of them, got ${describeValue(x)}.`,
  );
}

/** True for JS numbers and booleans, which are weakly typed. */
export function isWeak(x: TensorLike): x is Scalar {
  return typeof x === "number" || typeof x === "boolean";
}

/** convert_element_type, skipped when the dtype already matches. */
export function convert(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : bind1("convert_element_type", [x], { new_dtype: dtype, weak_type: false });
}

/** The dtype JAX gives a mix of operands, with JS scalars weakly typed. */
export function resultDType(args: readonly TensorLike[]): DType {
  const strong = args.filter((a) => !isWeak(a)).map((a) => (a instanceof Tensor ? a.dtype : asTensor(a).dtype));
  if (strong.length === 0) {
    return args.every((a) => typeof a === "boolean") ? "bool" : DEFAULT_FLOAT;
  }
  let d = strong.reduce(promoteTypes);
  for (const a of args) if (isWeak(a)) d = weakTypeAgainst(a, d);
  return d;
}

/** Converts operands to their common dtype (JAX promotion with weak JS scalars). */
export function promote(op: string, args: readonly TensorLike[]): Tensor[] {
  const d = resultDType(args);
  return args.map((a) => asTensor(a, op, d));
}

/**
 * lax's conversion: JS scalars take the dtype of the first array operand, arrays keep
 * theirs (lax never promotes; mismatched dtypes fail in abstract eval with both named).
 */
export function laxOperands(op: string, args: readonly TensorLike[]): Tensor[] {
  const strong = args.find((a) => !isWeak(a));
  const d = strong === undefined ? resultDType(args) : asTensor(strong, op).dtype;
  return args.map((a) => (isWeak(a) ? asTensor(a, op, weakTypeAgainst(a, d)) : asTensor(a, op)));
}

/** Converts operands to a floating dtype (for sqrt, exp, true division …), as jnp does. */
export function promoteInexact(op: string, args: readonly TensorLike[]): Tensor[] {
  const d = resultDType(args);
  return promote(op, args).map((t) => convert(t, isInexact(d) ? d : DEFAULT_FLOAT));
}

export function broadcastInDim(x: Tensor, shape: Shape, dims: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  return bind1("broadcast_in_dim", [x], { shape: [...shape], broadcast_dimensions: [...dims] });
}

export function reshape(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  return bind1("reshape", [x], { new_sizes: [...shape], dimensions: null });
}

/** NumPy broadcasting of `x` to `shape` (right-aligned). */
export function broadcastTo(op: string, x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const check = broadcastShapes(op, [x.shape, shape]);
  if (E.isLeft(check) || !shapesEqual(check.right, shape)) {
    throw new ShapeError(`${op}: cannot broadcast shape [${x.shape.join(", ")}] to [${shape.join(", ")}].`);
  }
  const offset = shape.length - x.ndim;
  return broadcastInDim(x, shape, x.shape.map((_, i) => i + offset));
}

/**
 * Broadcasts operands against each other, leaving 0-d operands alone (elementwise
 * primitives take a 0-d operand as is).
 */
export function broadcastOperands(op: string, xs: readonly Tensor[]): Tensor[] {
  const shape = unwrap(broadcastShapes(op, xs.map((x) => x.shape)));
  return xs.map((x) => (x.ndim === 0 ? x : broadcastTo(op, x, shape)));
}

/** Broadcasts operands fully (also 0-d ones), for primitives that need equal shapes. */
export function broadcastAll(op: string, xs: readonly Tensor[]): Tensor[] {
  const shape = unwrap(broadcastShapes(op, xs.map((x) => x.shape)));
  return xs.map((x) => broadcastTo(op, x, shape));
}

/** A concrete value's data, for ops that need values at trace time (e.g. shapes). */
export function concreteNumber(op: string, x: TensorLike): number {
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  const t = asTensor(x, op);
  const c = t.concreteValue(`${op} (it needs a concrete number)`);
  if (c.aval.shape.length !== 0) throw new ArgumentError(`${op}: expected a scalar, got an array of shape [${c.aval.shape.join(", ")}].`);
  return c.data[0];
}
