/**
 * `np.linalg.norm`: vector norms along one axis and matrix norms over two, with JAX's
 * definitions (the 2-norm is sqrt(sum |x|²), whose gradient at 0 is NaN, as in JAX).
 */
import { DEFAULT_FLOAT, realDType } from "../../core/dtype";
import { ArgumentError, ShapeError } from "../../core/errors";
import { normalizeAxis, showShape, unwrap } from "../../core/shape";
import type { Tensor, TensorLike } from "../../core/tensor";
import { convert, promoteInexact, reshape } from "../convert";
import { absSquare } from "../complex-parts";
import { abs, divide, notEqual, power, sqrt } from "../elementwise";
import { max, min, sum } from "../reductions";
import { transpose } from "../shape-ops";
import { svdvals } from "./decompositions";

/** Which norm: a number p (vector: Σ|x|^p)^(1/p); 0, ±Infinity; matrix: ±1, ±Infinity, "fro"), or null for the 2/Frobenius norm. */
export type NormOrd = number | "fro" | "nuc" | null;

/**
 * The norm of `x`: of a vector along `axis` (one axis), of a matrix over `axis` (two
 * axes); with no axis, the 2-norm of all of x, or of x as a vector or matrix when `ord`
 * is given. Matrix ords 2, -2 and "nuc" are the largest, smallest and summed singular values.
 * @example np.linalg.norm(np.array([3, 4])) // 5
 * @example np.linalg.norm(np.array([[1, -2], [3, 4]]), 1) // 6 (largest column sum)
 */
export function norm(x: TensorLike, ord: NormOrd = null, axis: number | readonly [number, number] | null = null, opts: { readonly keepdims?: boolean } = {}): Tensor {
  const op = "np.linalg.norm";
  let [t] = promoteInexact(op, [x]);
  const keepdims = opts.keepdims ?? false;
  if (axis === null) {
    if (ord === null) {
      const all = t.shape.map((_, i) => i);
      return sqrt(sum(absSquare(t), all, { keepdims }));
    }
    if (t.ndim === 1) axis = 0;
    else if (t.ndim === 2) axis = [0, 1];
    else throw new ShapeError(`${op}: with ord ${String(ord)} and no axis, x must be 1-D or 2-D, got shape ${showShape(t.shape)}; pass axis.`);
  }
  if (typeof axis === "number") {
    const ax = unwrap(normalizeAxis(op, axis, t.ndim));
    return vectorNormAlong(op, t, ord, ax, keepdims);
  }
  if (!Array.isArray(axis) || axis.length !== 2) throw new ArgumentError(`${op}: axis must be a number or a pair of axes, got ${JSON.stringify(axis)}.`);
  const [r, c] = axis.map((a) => unwrap(normalizeAxis(op, a, t.ndim)));
  if (r === c) throw new ArgumentError(`${op}: the two axes of a matrix norm must differ, both are ${r}.`);
  if (t.dtype === "int32" || t.dtype === "bool") t = convert(t, DEFAULT_FLOAT);
  return matrixNormOver(op, t, ord, r, c, keepdims);
}

/** The vector norm of `t` along axis `ax` (normalized), with `op` named in its errors. */
export function vectorNormAlong(op: string, t: Tensor, ord: NormOrd, ax: number, keepdims: boolean): Tensor {
  const o = { keepdims };
  if (ord === null || ord === 2) return sqrt(sum(absSquare(t), ax, o));
  if (typeof ord !== "number") throw new ArgumentError(`${op}: ord ${JSON.stringify(ord)} is a matrix norm; a vector norm takes a number.`);
  if (ord === Infinity) return max(abs(t), ax, o);
  if (ord === -Infinity) return min(abs(t), ax, o);
  if (ord === 0) return sum(convert(notEqual(t, 0), realDType(t.dtype)), ax, o);
  if (ord === 1) return sum(abs(t), ax, o);
  return power(sum(power(abs(t), ord), ax, o), divide(1, ord));
}

/** The matrix norm of `t` over axes `r` and `c` (normalized, distinct; t floating), with `op` named in its errors. */
export function matrixNormOver(op: string, t: Tensor, ord: NormOrd, r: number, c: number, keepdims: boolean): Tensor {
  const both = [r, c].sort((a, b) => a - b);
  const shapeKept = t.shape.map((d, i) => (i === r || i === c ? 1 : d));
  const finish = (v: Tensor) => (keepdims ? reshape(v, shapeKept) : v);
  // Sum over one axis then extreme over the other (the kept axis index shifts when the summed one precedes it).
  const sumThen = (summed: number, other: number, pick: typeof max) => {
    const s = sum(abs(t), summed);
    return finish(pick(s, other > summed ? other - 1 : other));
  };
  switch (ord) {
    case null:
    case "fro":
      return finish(sqrt(sum(absSquare(t), both)));
    case 1:
      return sumThen(r, c, max);
    case -1:
      return sumThen(r, c, min);
    case Infinity:
      return sumThen(c, r, max);
    case -Infinity:
      return sumThen(c, r, min);
    case 2:
    case -2:
    case "nuc": {
      const rest = t.shape.map((_, i) => i).filter((i) => i !== r && i !== c);
      const s = svdvals(transpose(t, [...rest, r, c]));
      return finish(ord === 2 ? max(s, -1) : ord === -2 ? min(s, -1) : sum(s, -1));
    }
    default:
      throw new ArgumentError(`${op}: ${String(ord)} is not a matrix norm; use "fro", "nuc", 1, -1, 2, -2 or ±Infinity.`);
  }
}
