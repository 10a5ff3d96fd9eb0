/** Products: `dot matmul outer inner tensordot`, all on dot_general. */
import { ArgumentError, ShapeError } from "../core/errors";
import type { DotDimensionNumbers } from "../core/primitives";
import { broadcastShapes, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { conj } from "./complex-parts";
import { broadcastTo, convert, promote, reshape } from "./convert";
import { multiply } from "./elementwise";

function dotGeneral(a: Tensor, b: Tensor, dims: DotDimensionNumbers): Tensor {
  return bind1("dot_general", [a, b], { dimension_numbers: dims, preferred_element_type: null });
}

function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const [x, y] = promote(op, [a, b]);
  return x.dtype === "bool" ? [convert(x, "int32"), convert(y, "int32")] : [x, y];
}

function mismatch(op: string, a: Tensor, b: Tensor, ax: number, bx: number): ShapeError {
  return new ShapeError(
    `${op}: shapes ${showShape(a.shape)} and ${showShape(b.shape)} are not aligned: axis ${ax} of the first ` +
      `(size ${a.shape[ax]}) must equal axis ${bx} of the second (size ${b.shape[bx]}).`,
  );
}

/**
 * NumPy's dot: scalar product for 0-d, inner product for vectors, matrix product for
 * matrices, and for N-d the sum over the last axis of `a` and the second-to-last of `b`.
 * @example np.dot([1, 2], [3, 4]) // 11
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands("np.dot", a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const ax = x.ndim - 1;
  const bx = y.ndim === 1 ? 0 : y.ndim - 2;
  if (x.shape[ax] !== y.shape[bx]) throw mismatch("np.dot", x, y, ax, bx);
  return dotGeneral(x, y, [
    [[ax], [bx]],
    [[], []],
  ]);
}

/**
 * Matrix product with NumPy's rules: leading axes broadcast as batch axes; a 1-D operand
 * is a row (left) or column (right) vector whose axis is removed from the result.
 * @example np.matmul(np.ones([5, 2, 3]), np.ones([3, 4])).shape // [5, 2, 4]
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  let [x, y] = operands("np.matmul", a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ArgumentError("np.matmul: operands must be at least 1-D; use np.multiply for scalars.");
  }
  const xVec = x.ndim === 1;
  const yVec = y.ndim === 1;
  if (xVec) x = reshape(x, [1, x.shape[0]]);
  if (yVec) y = reshape(y, [y.shape[0], 1]);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 2]) throw mismatch("np.matmul", x, y, x.ndim - 1, y.ndim - 2);
  const batch = unwrap(broadcastShapes("np.matmul", [x.shape.slice(0, -2), y.shape.slice(0, -2)]));
  const nb = batch.length;
  x = broadcastTo("np.matmul", x, [...batch, ...x.shape.slice(-2)]);
  y = broadcastTo("np.matmul", y, [...batch, ...y.shape.slice(-2)]);
  const bdims = [...Array(nb).keys()];
  let r = dotGeneral(x, y, [
    [[nb + 1], [nb]],
    [bdims, bdims],
  ]);
  if (xVec || yVec) {
    const shape = [...batch, ...(xVec ? [] : [x.shape[nb]]), ...(yVec ? [] : [y.shape[nb + 1]])];
    r = reshape(r, shape);
  }
  return r;
}

/** Outer product of the flattened inputs. @example np.outer([1, 2], [3, 4]) // [[3, 4], [6, 8]] */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promote("np.outer", [a, b]);
  return multiply(reshape(x, [x.size, 1]), reshape(y, [1, y.size]));
}

/**
 * The dot product of the flattened inputs, conjugating the first where it is complex (as NumPy and JAX).
 * @example np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]) // 10
 */
export function vdot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands("np.vdot", conj(a), b);
  if (x.size !== y.size) throw new ShapeError(`np.vdot: the inputs must have as many elements, got shapes ${showShape(x.shape)} and ${showShape(y.shape)}.`);
  return dot(reshape(x, [x.size]), reshape(y, [y.size]));
}

/** Sum product over the last axes. @example np.inner([1, 2], [3, 4]) // 11 */
export function inner(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands("np.inner", a, b);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) throw mismatch("np.inner", x, y, x.ndim - 1, y.ndim - 1);
  return dotGeneral(x, y, [
    [[x.ndim - 1], [y.ndim - 1]],
    [[], []],
  ]);
}

/**
 * Sums products over axes: `axes = n` pairs the last n axes of `a` with the first n of
 * `b`; or explicit `[axesA, axesB]`.
 * @example np.tensordot(a, b, 1) // same as np.dot for matrices
 */
export function tensordot(a: TensorLike, b: TensorLike, axes: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  const [x, y] = operands("np.tensordot", a, b);
  const [ax, bx] =
    typeof axes === "number"
      ? [[...Array(axes).keys()].map((i) => x.ndim - axes + i), [...Array(axes).keys()]]
      : [axes[0].map((i) => (i < 0 ? i + x.ndim : i)), axes[1].map((i) => (i < 0 ? i + y.ndim : i))];
  if (ax.length !== bx.length) throw new ArgumentError("np.tensordot: the two axis lists must have the same length.");
  ax.forEach((i, k) => {
    if (x.shape[i] !== y.shape[bx[k]]) throw mismatch("np.tensordot", x, y, i, bx[k]);
  });
  return dotGeneral(x, y, [
    [ax, bx],
    [[], []],
  ]);
}
