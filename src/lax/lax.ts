/**
 * `lax`: thin wrappers over primitives, as jax.lax. Operands must already agree in shape
 * (or be 0-d) — no broadcasting — and JS numbers are weakly typed.
 */
import type { DType } from "../core/dtype";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import type { BinaryPrim, ComparePrim, DotDimensionNumbers, UnaryPrim } from "../core/primitives";
import type { Shape } from "../core/shape";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, convert, laxOperands } from "../numpy/convert";

const un =
  (prim: UnaryPrim, name: string = prim) =>
  (x: TensorLike): Tensor =>
    bind1(prim, [asTensor(x, `lax.${name}`)], {});

const bin =
  (prim: BinaryPrim | ComparePrim, name: string = prim) =>
  (x: TensorLike, y: TensorLike): Tensor =>
    bind1(prim, laxOperands(`lax.${name}`, [x, y]), {});

/** Elementwise negation. @example lax.neg(np.array([1, -2])) // [-1, 2] */
export const neg = un("neg");
/** Elementwise sign (-1, 0, 1; keeps -0 and NaN). */
export const sign = un("sign");
/** Elementwise floor. */
export const floor = un("floor");
/** Elementwise ceiling. */
export const ceil = un("ceil");
/** Elementwise e^x. @example lax.exp(0) // 1 */
export const exp = un("exp");
/** Elementwise 2^x. @example lax.exp2(3) // 8 */
export const exp2 = un("exp2");
/** Elementwise natural logarithm. */
export const log = un("log");
/** Elementwise log(1 + x), accurate near 0. */
export const log1p = un("log1p");
/** Elementwise e^x - 1, accurate near 0. */
export const expm1 = un("expm1");
/** Elementwise sine. */
export const sin = un("sin");
/** Elementwise cosine. */
export const cos = un("cos");
/** Elementwise tangent. */
export const tan = un("tan");
/** Elementwise inverse sine. @example lax.asin(1) // π/2 */
export const asin = un("asin");
/** Elementwise inverse cosine. */
export const acos = un("acos");
/** Elementwise inverse tangent. */
export const atan = un("atan");
/** Elementwise hyperbolic sine. */
export const sinh = un("sinh");
/** Elementwise hyperbolic cosine. */
export const cosh = un("cosh");
/** Elementwise hyperbolic tangent. */
export const tanh = un("tanh");
/** Elementwise inverse hyperbolic sine. */
export const asinh = un("asinh");
/** Elementwise inverse hyperbolic cosine. */
export const acosh = un("acosh");
/** Elementwise inverse hyperbolic tangent. */
export const atanh = un("atanh");
/** Elementwise logistic sigmoid 1 / (1 + e^-x). @example lax.logistic(0) // 0.5 */
export const logistic = un("logistic");
/** Elementwise square root. */
export const sqrt = un("sqrt");
/** Elementwise 1 / sqrt(x). */
export const rsqrt = un("rsqrt");
/** Elementwise cube root. @example lax.cbrt(-8) // -2 */
export const cbrt = un("cbrt");
/** Elementwise absolute value. */
export const abs = un("abs");
/** Elementwise x * x. */
export const square = un("square");
/** lax.RoundingMethod: how {@link round} treats halves. */
export const RoundingMethod = { AWAY_FROM_ZERO: 0, TO_NEAREST_EVEN: 1 } as const;

/**
 * Rounds to an integral value; halves go away from zero (the default, as in JAX) or to even.
 * @example lax.round(np.array([0.5, 1.5, -2.5])) // [1, 2, -3]
 * @example lax.round(np.array([0.5, 1.5]), lax.RoundingMethod.TO_NEAREST_EVEN) // [0, 2]
 */
export function round(x: TensorLike, roundingMethod: 0 | 1 = RoundingMethod.AWAY_FROM_ZERO): Tensor {
  if (roundingMethod !== 0 && roundingMethod !== 1) {
    throw new ArgumentError(`lax.round: roundingMethod must be lax.RoundingMethod.AWAY_FROM_ZERO (0) or TO_NEAREST_EVEN (1), got ${String(roundingMethod)}.`);
  }
  return bind1("round", [asTensor(x, "lax.round")], { rounding_method: roundingMethod });
}

/** Elementwise bitwise not of int32, logical not of bool. @example lax.bitwiseNot(np.array([0], "int32")) // [-1] */
export const bitwiseNot = un("not", "bitwiseNot");
/** Elementwise: true where x is neither infinite nor NaN (floats only). */
export function isFinite(x: TensorLike): Tensor {
  return bind1("is_finite", [asTensor(x, "lax.isFinite")], {});
}

/** Elementwise x + y (equal shapes or a 0-d operand). @example lax.add(np.ones([2]), 1) // [2, 2] */
export const add = bin("add");
/** Elementwise x - y. */
export const sub = bin("sub");
/** Elementwise x * y. */
export const mul = bin("mul");
/** Elementwise x / y (truncating for int32, as XLA). */
export const div = bin("div");
/** Elementwise remainder with the sign of x (C fmod). */
export const rem = bin("rem");
/** Elementwise x ** y (floating). */
export const pow = bin("pow");
/** Elementwise maximum (NaN propagates). */
export const max = bin("max");
/** Elementwise minimum (NaN propagates). */
export const min = bin("min");
/** Elementwise atan2(x, y). */
export const atan2 = bin("atan2");
/** Elementwise bitwise and of int32, logical and of bool. */
export const bitwiseAnd = bin("and", "bitwiseAnd");
/** Elementwise bitwise or of int32, logical or of bool. */
export const bitwiseOr = bin("or", "bitwiseOr");
/** Elementwise bitwise exclusive or of int32, logical xor of bool. */
export const bitwiseXor = bin("xor", "bitwiseXor");
/** Elementwise x == y (bool). */
export const eq = bin("eq");
/** Elementwise x != y (bool). */
export const ne = bin("ne");
/** Elementwise x < y (bool). */
export const lt = bin("lt");
/** Elementwise x <= y (bool). */
export const le = bin("le");
/** Elementwise x > y (bool). */
export const gt = bin("gt");
/** Elementwise x >= y (bool). */
export const ge = bin("ge");

/** `x ** y` for a static integer `y`, by repeated multiplication. @example lax.integerPow(np.array([3]), 2) // [9] */
export function integerPow(x: TensorLike, y: number): Tensor {
  if (!Number.isInteger(y)) throw new ArgumentError(`lax.integerPow: the exponent must be an integer, got ${y}.`);
  return bind1("integer_pow", [asTensor(x, "lax.integerPow")], { y });
}

/** Converts to `newDtype`. @example lax.convertElementType(np.array([1.5]), "int32") // [1] */
export function convertElementType(x: TensorLike, newDtype: DType): Tensor {
  return convert(asTensor(x, "lax.convertElementType"), newDtype);
}

function intList(op: string, name: string, xs: readonly number[], n: number): void {
  if (!Array.isArray(xs) || xs.length !== n || !xs.every(Number.isInteger)) {
    throw new ArgumentError(`${op}: ${name} must be ${n} integers (one per axis), got ${showShape(xs ?? [])}.`);
  }
}

/**
 * A static slice: `x[start:limit:strides]` per axis.
 * @example lax.slice(np.arange(10), [2], [8], [3]) // [2, 5]
 */
export function slice(
  x: TensorLike,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | null,
): Tensor {
  const t = asTensor(x, "lax.slice");
  intList("lax.slice", "startIndices", startIndices, t.ndim);
  intList("lax.slice", "limitIndices", limitIndices, t.ndim);
  if (strides) intList("lax.slice", "strides", strides, t.ndim);
  return bind1("slice", [t], {
    start_indices: [...startIndices],
    limit_indices: [...limitIndices],
    strides: strides ? [...strides] : null,
  });
}

/** Removes size-1 axes `dimensions`. @example lax.squeeze(np.ones([1, 3]), [0]).shape // [3] */
export function squeeze(x: TensorLike, dimensions: readonly number[]): Tensor {
  const t = asTensor(x, "lax.squeeze");
  const dims = dimensions.map((d) => (d < 0 ? d + t.ndim : d));
  return dims.length === 0 ? t : bind1("squeeze", [t], { dimensions: dims });
}

/**
 * The entry `index` of axis `axis`, keeping that axis with size 1 unless `keepdims` is false.
 * @example lax.indexInDim(np.array([[1, 2], [3, 4]]), 1, 0, { keepdims: false }) // [3, 4]
 */
export function indexInDim(x: TensorLike, index: number, axis = 0, opts: { keepdims?: boolean } = {}): Tensor {
  const t = asTensor(x, "lax.indexInDim");
  const ax = axis < 0 ? axis + t.ndim : axis;
  if (!(ax >= 0 && ax < t.ndim)) throw new ArgumentError(`lax.indexInDim: axis ${axis} is out of range for a rank-${t.ndim} array.`);
  const n = t.shape[ax];
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(index) || i < 0 || i >= n) {
    throw new ArgumentError(`lax.indexInDim: index ${index} is out of bounds for axis ${axis} of size ${n}.`);
  }
  const start = t.shape.map((_, d) => (d === ax ? i : 0));
  const limit = t.shape.map((s, d) => (d === ax ? i + 1 : s));
  const sliced = slice(t, start, limit);
  return opts.keepdims === false ? squeeze(sliced, [ax]) : sliced;
}

/** A start index as a 0-d int32: an integer JS number or an integer Tensor (floats are refused, as in lax). */
function startIndex(op: string, s: number | TensorLike): Tensor {
  if (typeof s === "number" && !Number.isSafeInteger(s)) throw new ArgumentError(`${op}: start indices must be integers, got ${s}.`);
  const t = asTensor(s, op, typeof s === "number" ? "int32" : undefined);
  if (t.ndim !== 0) throw new ShapeError(`${op}: start indices must be scalars, got shape ${showShape(t.shape)}.`);
  if (t.dtype !== "int32") throw new DTypeError(`${op}: start indices must be int32, got a ${t.dtype} Tensor; round it and convert with astype("int32").`);
  return t;
}

/**
 * A slice of static size at dynamic (possibly traced) start indices, clamped into range.
 * @example lax.dynamicSlice(np.arange(10), [i], [3])
 */
export function dynamicSlice(x: TensorLike, startIndices: readonly (number | Tensor)[], sliceSizes: readonly number[]): Tensor {
  const t = asTensor(x, "lax.dynamicSlice");
  if (startIndices.length !== t.ndim) {
    throw new ArgumentError(`lax.dynamicSlice: ${t.ndim} start indices needed for shape ${showShape(t.shape)}, got ${startIndices.length}.`);
  }
  intList("lax.dynamicSlice", "sliceSizes", sliceSizes, t.ndim);
  return bind1("dynamic_slice", [t, ...startIndices.map((s) => startIndex("lax.dynamicSlice", s))], {
    slice_sizes: [...sliceSizes],
  });
}

/**
 * `x` with `update` written at dynamic start indices (clamped so it fits).
 * @example lax.dynamicUpdateSlice(np.zeros([5]), np.ones([2]), [1]) // [0, 1, 1, 0, 0]
 */
export function dynamicUpdateSlice(x: TensorLike, update: TensorLike, startIndices: readonly (number | Tensor)[]): Tensor {
  const [t, u] = laxOperands("lax.dynamicUpdateSlice", [x, update]);
  if (startIndices.length !== t.ndim) {
    throw new ArgumentError(`lax.dynamicUpdateSlice: ${t.ndim} start indices needed, got ${startIndices.length}.`);
  }
  return bind1("dynamic_update_slice", [t, u, ...startIndices.map((s) => startIndex("lax.dynamicUpdateSlice", s))], {});
}

/** Broadcasts `x` into `shape`, its axes landing at `broadcastDimensions`. */
export function broadcastInDim(x: TensorLike, shape: Shape, broadcastDimensions: readonly number[]): Tensor {
  return bind1("broadcast_in_dim", [asTensor(x, "lax.broadcastInDim")], {
    shape: [...shape],
    broadcast_dimensions: [...broadcastDimensions],
  });
}

/** Reshapes (row-major) to `newSizes`. */
export function reshape(x: TensorLike, newSizes: Shape): Tensor {
  return bind1("reshape", [asTensor(x, "lax.reshape")], { new_sizes: [...newSizes], dimensions: null });
}

/** Permutes axes. */
export function transpose(x: TensorLike, permutation: readonly number[]): Tensor {
  return bind1("transpose", [asTensor(x, "lax.transpose")], { permutation: [...permutation] });
}

/** Reverses the order of elements along `dimensions`. */
export function rev(x: TensorLike, dimensions: readonly number[]): Tensor {
  return bind1("rev", [asTensor(x, "lax.rev")], { dimensions: [...dimensions] });
}

/**
 * Pads with `paddingValue`: per axis `[low, high, interior]` (negative low/high crop).
 * @example lax.pad(np.array([1, 2]), 0, [[1, 1, 1]]) // [0, 1, 0, 2, 0]
 */
export function pad(x: TensorLike, paddingValue: TensorLike, paddingConfig: readonly (readonly [number, number, number])[]): Tensor {
  const [t, v] = laxOperands("lax.pad", [x, paddingValue]);
  return bind1("pad", [t, v], { padding_config: paddingConfig.map((c) => [c[0], c[1], c[2]] as const) });
}

/** Joins operands along `dimension`. */
export function concatenate(operands: readonly TensorLike[], dimension: number): Tensor {
  return bind1("concatenate", laxOperands("lax.concatenate", operands), { dimension });
}

/**
 * General tensor contraction: `[[lhsContract, rhsContract], [lhsBatch, rhsBatch]]`.
 * @example lax.dotGeneral(a, b, [[[1], [0]], [[], []]]) // a @ b for matrices
 */
export function dotGeneral(lhs: TensorLike, rhs: TensorLike, dimensionNumbers: DotDimensionNumbers): Tensor {
  return bind1("dot_general", laxOperands("lax.dotGeneral", [lhs, rhs]), {
    dimension_numbers: dimensionNumbers,
    preferred_element_type: null,
  });
}

/** Picks `onTrue` where `pred` is true, else `onFalse` (equal shapes; `pred` may be 0-d). */
export function select(pred: TensorLike, onTrue: TensorLike, onFalse: TensorLike): Tensor {
  const p = convert(asTensor(pred, "lax.select"), "bool");
  const [f, t] = laxOperands("lax.select", [onFalse, onTrue]);
  return bind1("select_n", [p, f, t], {});
}

/** Picks `cases[which]` elementwise (`which` int32 or bool). */
export function selectN(which: TensorLike, ...cases: TensorLike[]): Tensor {
  return bind1("select_n", [asTensor(which, "lax.selectN"), ...laxOperands("lax.selectN", cases)], {});
}

/** 0, 1, …, size-1 as a 1-D array. @example lax.iota("int32", 3) // [0, 1, 2] */
export function iota(dtype: DType, size: number): Tensor {
  return bind1("iota", [], { dtype, shape: [size], dimension: 0 });
}

/** An array of `shape` whose entries are their index along `dimension`. */
export function broadcastedIota(dtype: DType, shape: Shape, dimension: number): Tensor {
  return bind1("iota", [], { dtype, shape: [...shape], dimension });
}

