/**
 * jax.numpy's dtype queries (`finfo iinfo resultType promoteTypes canCast`),
 * `broadcastShapes`, membership and equality tests (`isin arrayEqual arrayEquiv`),
 * `lexsort`, `empty`/`emptyLike` (zeros, as JAX), the `*IndicesFrom` helpers, `rollaxis`,
 * the window functions (`hamming hanning blackman bartlett`), and polynomial arithmetic
 * (`polyadd polysub polymul polyder polyint polyfit`).
 */
import { type DType, DEFAULT_FLOAT, DTYPES, isFloat, parseDType, promoteTypes as promote2, realDType } from "../core/dtype";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import { broadcastShapes as broadcastShapesOf, describeValue, normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { lexsortIndices } from "../lax/sort";
import { asTensor, promote, promoteInexact, resultDType } from "./convert";
import { arange, zeros } from "./creation";
import { add, cos, divide, equal, isnan, logicalAnd, logicalOr, multiply, subtract, where } from "./elementwise";
import { diagIndices, trilIndices, triuIndices } from "./index-math";
import { lstsq } from "./linalg/solve";
import { convolve } from "./polynomial";
import { all, any } from "./reductions";
import { broadcastTo, concatenate, moveaxis, reshape } from "./shape-ops";

function dtypeOf(op: string, d: DType | TensorLike): DType {
  if (typeof d === "string") {
    const p = parseDType(d);
    if (p === undefined) throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(d)}; jitgrad has ${DTYPES.join(", ")}.`);
    return p;
  }
  return asTensor(d, op).dtype;
}

/** Machine limits of a floating dtype, as `np.finfo`. */
export interface FInfo {
  readonly dtype: DType;
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  readonly resolution: number;
}

/** The limits of a floating dtype (a complex dtype's are its parts', as NumPy gives). @example np.finfo("float32").eps // 2⁻²³ */
export function finfo(dtype: DType | TensorLike = DEFAULT_FLOAT): FInfo {
  const d = realDType(dtypeOf("np.finfo", dtype));
  if (!isFloat(d)) throw new DTypeError(`np.finfo: ${d} is not a floating or complex dtype; use np.iinfo for int32.`);
  return d === "float32"
    ? { dtype: d, bits: 32, eps: 2 ** -23, max: 3.4028234663852886e38, min: -3.4028234663852886e38, tiny: 2 ** -126, smallestNormal: 2 ** -126, smallestSubnormal: 2 ** -149, resolution: 1e-6 }
    : { dtype: d, bits: 64, eps: 2 ** -52, max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: 2 ** -1022, smallestNormal: 2 ** -1022, smallestSubnormal: 2 ** -1074, resolution: 1e-15 };
}

/** The limits of int32 (or bool), as `np.iinfo`. @example np.iinfo("int32").max // 2147483647 */
export function iinfo(dtype: DType | TensorLike = "int32"): { readonly dtype: DType; readonly bits: number; readonly min: number; readonly max: number } {
  const d = dtypeOf("np.iinfo", dtype);
  if (d !== "int32") throw new DTypeError(`np.iinfo: ${d} is not an integer dtype; use np.finfo for floats.`);
  return { dtype: d, bits: 32, min: -2147483648, max: 2147483647 };
}

/** The dtype JAX's promotion gives these arrays, numbers and dtypes. @example np.resultType("int32", 1.5) // "float64" */
export function resultType(...args: (DType | TensorLike)[]): DType {
  return resultDType(args.map((a) => (typeof a === "string" ? zeros([], dtypeOf("np.resultType", a)) : a)));
}

/** The smallest dtype both promote to. @example np.promoteTypes("int32", "float32") // "float32" */
export function promoteTypes(a: DType, b: DType): DType {
  return promote2(dtypeOf("np.promoteTypes", a), dtypeOf("np.promoteTypes", b));
}

/** Whether `from` converts to `to` by JAX's promotion ("safe") or at all ("unsafe"). @example np.canCast("int32", "float32") // true */
export function canCast(from: DType | TensorLike, to: DType, casting: "safe" | "same_kind" | "unsafe" | "no" | "equiv" = "safe"): boolean {
  const f = dtypeOf("np.canCast", from);
  const t = dtypeOf("np.canCast", to);
  if (casting === "unsafe") return true;
  if (casting === "no" || casting === "equiv") return f === t;
  if (casting === "same_kind") return promote2(f, t) === t || (isFloat(f) && isFloat(t));
  return promote2(f, t) === t;
}

/** The shape the given shapes broadcast to (NumPy's rule). @example np.broadcastShapes([3, 1], [1, 4]) // [3, 4] */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  return [...unwrap(broadcastShapesOf("np.broadcastShapes", shapes))];
}

/** Whether each element is in `testElements`, elementwise. @example np.isin(np.array([1, 2, 3]), [2, 5]) // [false, true, false] */
export function isin(element: TensorLike, testElements: TensorLike, opts: { readonly invert?: boolean } = {}): Tensor {
  const op = "np.isin";
  const [e, t] = promote(op, [element, testElements]);
  const flat = reshape(t, [1, t.size]);
  const found = any(equal(reshape(e, [e.size, 1]), flat), 1);
  const r = reshape(found, [...e.shape]);
  return opts.invert ? r.equal(false) : r;
}

/** Whether two arrays have one shape and equal elements (NaNs equal with `equalNan`), as a 0-d bool. @example np.arrayEqual([1, 2], [1, 2]) // true */
export function arrayEqual(a1: TensorLike, a2: TensorLike, opts: { readonly equalNan?: boolean } = {}): Tensor {
  const op = "np.arrayEqual";
  const [a, b] = promote(op, [a1, a2]);
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) return asTensor(false, op);
  const eq = equal(a, b);
  return all(opts.equalNan && isFloat(a.dtype) ? logicalOr(eq, logicalAnd(isnan(a), isnan(b))) : eq);
}

/** Whether two arrays broadcast to each other and are then equal, as a 0-d bool. @example np.arrayEquiv([1, 2], [[1, 2], [1, 2]]) // true */
export function arrayEquiv(a1: TensorLike, a2: TensorLike): Tensor {
  const op = "np.arrayEquiv";
  const [a, b] = promote(op, [a1, a2]);
  const shape = broadcastShapesOf(op, [a.shape, b.shape]);
  if (shape._tag === "Left") return asTensor(false, op);
  return all(equal(broadcastTo(a, shape.right), broadcastTo(b, shape.right)));
}

/**
 * The stable permutation that sorts by the keys, the last key primary (NumPy's order).
 * @example np.lexsort([np.array([1, 0, 1]), np.array([2, 2, 1])]) // [2, 1, 0]
 */
export function lexsort(keys: readonly TensorLike[], axis = -1): Tensor {
  const op = "np.lexsort";
  if (keys.length === 0) throw new ArgumentError(`${op}: needs at least one key.`);
  const ts = keys.map((k) => asTensor(k, op));
  const shape = ts[0].shape;
  if (ts.some((t) => t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i]))) throw new ShapeError(`${op}: all keys must have one shape, got ${ts.map((t) => showShape(t.shape)).join(", ")}.`);
  if (shape.length === 0) throw new ShapeError(`${op}: keys must have at least one axis.`);
  const ax = unwrap(normalizeAxis(op, axis, shape.length));
  return lexsortIndices([...ts].reverse(), ax);
}

/** Zeros (JAX's `empty`: there is no uninitialized memory to expose). @example np.empty([2, 3]) */
export function empty(shape: number | readonly number[], dtype?: DType): Tensor {
  return zeros(typeof shape === "number" ? [shape] : [...shape], dtype);
}
/** Zeros shaped like `x`. @example np.emptyLike(np.ones([2])) // [0, 0] */
export function emptyLike(x: TensorLike, dtype?: DType): Tensor {
  const t = asTensor(x, "np.emptyLike");
  return zeros([...t.shape], dtype ?? t.dtype);
}

function square(op: string, arr: TensorLike): number {
  const t = asTensor(arr, op);
  if (t.ndim !== 2) throw new ShapeError(`${op}: needs a 2-D array, got shape ${showShape(t.shape)}.`);
  return t.shape[0];
}
/** The lower-triangle indices of a 2-D array's shape. @example np.trilIndicesFrom(np.ones([3, 3])) */
export function trilIndicesFrom(arr: TensorLike, k = 0): [Tensor, Tensor] {
  const t = asTensor(arr, "np.trilIndicesFrom");
  square("np.trilIndicesFrom", t);
  return trilIndices(t.shape[0], k, t.shape[1]);
}
/** The upper-triangle indices of a 2-D array's shape. @example np.triuIndicesFrom(np.ones([3, 3]), 1) */
export function triuIndicesFrom(arr: TensorLike, k = 0): [Tensor, Tensor] {
  const t = asTensor(arr, "np.triuIndicesFrom");
  square("np.triuIndicesFrom", t);
  return triuIndices(t.shape[0], k, t.shape[1]);
}
/** The main-diagonal indices of a square array. @example np.diagIndicesFrom(np.ones([3, 3])) */
export function diagIndicesFrom(arr: TensorLike): Tensor[] {
  const t = asTensor(arr, "np.diagIndicesFrom");
  if (t.ndim < 2 || t.shape.some((d) => d !== t.shape[0])) throw new ShapeError(`np.diagIndicesFrom: needs an array with all sides equal, got shape ${showShape(t.shape)}.`);
  return diagIndices(t.shape[0], t.ndim);
}

/** Moves axis `axis` to position `start` (NumPy's older spelling of moveaxis). @example np.rollaxis(np.ones([3, 4, 5]), 2).shape // [5, 3, 4] */
export function rollaxis(a: TensorLike, axis: number, start = 0): Tensor {
  const op = "np.rollaxis";
  const t = asTensor(a, op);
  const ax = unwrap(normalizeAxis(op, axis, t.ndim));
  const n = t.ndim;
  let st = start < 0 ? start + n : start;
  if (!(st >= 0 && st <= n)) throw new ArgumentError(`${op}: start ${start} is out of range for ${n} axes.`);
  if (ax < st) st -= 1;
  return ax === st ? t : moveaxis(t, ax, st);
}

/** A generalized cosine window of M points: Σ aₖ·cos(2πkn/(M − 1)) with alternating signs. */
function cosineWindow(op: string, M: number, coefficients: readonly number[]): Tensor {
  if (!Number.isInteger(M)) throw new ArgumentError(`${op}: M must be an integer, got ${M}.`);
  if (M < 1) return zeros([0]);
  if (M === 1) return asTensor([1], op, DEFAULT_FLOAT);
  const n = arange(M, null, null, DEFAULT_FLOAT);
  return coefficients.reduce<Tensor>((acc, a, k) => add(acc, multiply((k % 2 === 0 ? 1 : -1) * a, cos(multiply(n, (2 * Math.PI * k) / (M - 1))))), zeros([M]));
}

/** The Hamming window. @example np.hamming(5) // [0.08, 0.54, 1, 0.54, 0.08] */
export const hamming = (M: number): Tensor => cosineWindow("np.hamming", M, [0.54, 0.46]);
/** The Hann window. @example np.hanning(5) // [0, 0.5, 1, 0.5, 0] */
export const hanning = (M: number): Tensor => cosineWindow("np.hanning", M, [0.5, 0.5]);
/** The Blackman window. @example np.blackman(5) */
export const blackman = (M: number): Tensor => cosineWindow("np.blackman", M, [0.42, 0.5, 0.08]);

/** The Bartlett (triangular) window. @example np.bartlett(5) // [0, 0.5, 1, 0.5, 0] */
export function bartlett(M: number): Tensor {
  const op = "np.bartlett";
  if (!Number.isInteger(M)) throw new ArgumentError(`${op}: M must be an integer, got ${M}.`);
  if (M < 1) return zeros([0]);
  if (M === 1) return asTensor([1], op, DEFAULT_FLOAT);
  const n = arange(M, null, null, DEFAULT_FLOAT);
  const half = (M - 1) / 2;
  return where(n.lessEqual(half), multiply(n, 2 / (M - 1)), subtract(2, multiply(n, 2 / (M - 1))));
}

function coefficients(op: string, p: TensorLike): Tensor {
  const [t] = promote(op, [p]);
  if (t.ndim !== 1) throw new ShapeError(`${op}: coefficients must be 1-D (highest power first), got shape ${showShape(t.shape)}.`);
  return t;
}
/** p1 padded in front to `n` coefficients. */
const padFront = (p: Tensor, n: number) => (p.shape[0] === n ? p : concatenate([zeros([n - p.shape[0]], p.dtype), p]));

/** The sum of two polynomials. @example np.polyadd([1, 2], [1, 0, 0]) // [1, 1, 2] */
export function polyadd(a1: TensorLike, a2: TensorLike): Tensor {
  const [a, b] = promote("np.polyadd", [coefficients("np.polyadd", a1), coefficients("np.polyadd", a2)]);
  const n = Math.max(a.shape[0], b.shape[0]);
  return add(padFront(a, n), padFront(b, n));
}
/** The difference of two polynomials. @example np.polysub([1, 2], [1, 0, 0]) // [-1, 1, 2] */
export function polysub(a1: TensorLike, a2: TensorLike): Tensor {
  const [a, b] = promote("np.polysub", [coefficients("np.polysub", a1), coefficients("np.polysub", a2)]);
  const n = Math.max(a.shape[0], b.shape[0]);
  return subtract(padFront(a, n), padFront(b, n));
}
/** The product of two polynomials (a full convolution). @example np.polymul([1, 1], [1, -1]) // [1, 0, -1] */
export function polymul(a1: TensorLike, a2: TensorLike): Tensor {
  return convolve(coefficients("np.polymul", a1), coefficients("np.polymul", a2), "full");
}

/** The m-th derivative's coefficients. @example np.polyder([1, 2, 3]) // [2, 2] */
export function polyder(p: TensorLike, m = 1): Tensor {
  const op = "np.polyder";
  if (!Number.isInteger(m) || m < 0) throw new ArgumentError(`${op}: m must be a non-negative integer, got ${m}.`);
  let c = coefficients(op, p);
  for (let k = 0; k < m; k++) {
    const n = c.shape[0];
    if (n <= 1) return zeros([0], c.dtype);
    c = multiply(c.slice([0, n - 1]), arange(n - 1, 0, -1, c.dtype));
  }
  return c;
}

/** The m-th antiderivative's coefficients, each integration constant `k`. @example np.polyint([3, 2]) // [1, 2, 0] */
export function polyint(p: TensorLike, m = 1, k = 0): Tensor {
  const op = "np.polyint";
  if (!Number.isInteger(m) || m < 0) throw new ArgumentError(`${op}: m must be a non-negative integer, got ${m}.`);
  let [c] = promoteInexact(op, [coefficients(op, p)]);
  for (let i = 0; i < m; i++) {
    const n = c.shape[0];
    c = concatenate([divide(c, arange(n, 0, -1, c.dtype)), asTensor([k], op, c.dtype)]);
  }
  return c;
}

/**
 * The least-squares polynomial of degree `deg` through (x, y), highest power first (by
 * the SVD of its Vandermonde matrix, as NumPy's).
 * @example np.polyfit(np.array([0, 1, 2]), np.array([1, 3, 5]), 1) // [2, 1]
 */
export function polyfit(x: TensorLike, y: TensorLike, deg: number): Tensor {
  const op = "np.polyfit";
  if (!Number.isInteger(deg) || deg < 0) throw new ArgumentError(`${op}: deg must be a non-negative integer, got ${deg}.`);
  const [xs, ys] = promoteInexact(op, [x, y]);
  if (xs.ndim !== 1 || ys.shape[0] !== xs.shape[0]) throw new ShapeError(`${op}: x must be 1-D and y have as many rows, got shapes ${showShape(xs.shape)} and ${showShape(ys.shape)}.`);
  const powers = arange(deg, -1, -1, xs.dtype);
  const A = xs.reshape([xs.shape[0], 1]).pow(powers.reshape([1, deg + 1]));
  return lstsq(A, ys, xs.shape[0] * finfo(xs.dtype).eps)[0];
}

/** The array API's dtype kinds, and which of jitgrad's dtypes each holds. */
const KINDS: Readonly<Record<string, readonly DType[]>> = {
  bool: ["bool"],
  "signed integer": ["int32"],
  "unsigned integer": [],
  integral: ["int32"],
  "real floating": ["float32", "float64"],
  "complex floating": ["complex64", "complex128"],
  numeric: ["int32", "float32", "float64", "complex64", "complex128"],
};

/**
 * Whether `dtype` is of `kind`: a kind name of the array API ("bool", "signed integer",
 * "unsigned integer", "integral", "real floating", "complex floating", "numeric"), a
 * dtype, or a list of either.
 * @example np.isdtype("float32", "real floating") // true
 * @example np.isdtype("int32", ["bool", "integral"]) // true
 */
export function isdtype(dtype: DType | TensorLike, kind: string | readonly string[]): boolean {
  const op = "np.isdtype";
  const d = dtypeOf(op, dtype);
  const kinds = typeof kind === "string" ? [kind] : kind;
  if (!Array.isArray(kinds) || !kinds.every((k) => typeof k === "string")) {
    throw new ArgumentError(`${op}: kind must be a kind name, a dtype or a list of them, got ${describeValue(kind)}.`);
  }
  return kinds.some((k) => {
    if (k in KINDS) return KINDS[k].includes(d);
    const other = parseDType(k);
    if (other === undefined) throw new ArgumentError(`${op}: ${JSON.stringify(k)} is neither a dtype nor a kind (${Object.keys(KINDS).map((n) => JSON.stringify(n)).join(", ")}).`);
    return other === d;
  });
}

/** NumPy's abstract dtype categories, and which of jitgrad's dtypes each holds. */
const CATEGORIES: Readonly<Record<string, readonly DType[]>> = {
  generic: DTYPES,
  number: ["int32", "float32", "float64", "complex64", "complex128"],
  integer: ["int32"],
  signedinteger: ["int32"],
  unsignedinteger: [],
  inexact: ["float32", "float64", "complex64", "complex128"],
  floating: ["float32", "float64"],
  complexfloating: ["complex64", "complex128"],
};

/**
 * Whether `arg1`'s dtype is `arg2` or falls under the category `arg2` names (NumPy's
 * "number", "integer", "signedinteger", "unsignedinteger", "inexact", "floating",
 * "complexfloating", "generic"); bool is under none but "generic", as in NumPy.
 * @example np.issubdtype("float32", "floating") // true
 * @example np.issubdtype("float32", "float64") // false
 */
export function issubdtype(arg1: DType | TensorLike, arg2: string): boolean {
  const op = "np.issubdtype";
  const d = dtypeOf(op, arg1);
  if (typeof arg2 !== "string") throw new ArgumentError(`${op}: arg2 must be a dtype or a category name, got ${describeValue(arg2)}.`);
  if (arg2 in CATEGORIES) return CATEGORIES[arg2].includes(d);
  return dtypeOf(op, arg2 as DType) === d;
}