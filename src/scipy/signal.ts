/**
 * `scipy.signal`'s convolutions, as jax.scipy.signal: N-d `convolve` and `correlate`, and
 * `convolve2d` / `correlate2d` (zero fill only), with SciPy's modes and its choice of which
 * operand slides; all one `conv_general_dilated` of the two as a single image and kernel.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { convGeneralDilated } from "../lax/conv";
import { promoteInexact } from "../numpy/convert";
import { flip } from "../numpy/shape-ops";

/** SciPy's output sizes: every overlap ("full", the default), in1's size ("same"), or full overlaps only ("valid"). */
export type SignalMode = "full" | "same" | "valid";

function checkMode(op: string, mode: SignalMode): void {
  if (mode !== "full" && mode !== "same" && mode !== "valid") throw new ArgumentError(`${op}: mode must be "full", "same" or "valid", got ${JSON.stringify(mode)}.`);
}

/** JAX's `_convolve_nd`: the true convolution of two arrays of one rank. */
function convolveNd(op: string, a: Tensor, b: Tensor, mode: SignalMode): Tensor {
  checkMode(op, mode);
  if (a.ndim !== b.ndim) throw new ShapeError(`${op}: in1 and in2 must have the same number of axes, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  if (a.ndim === 0) throw new ShapeError(`${op}: the inputs must have at least one axis.`);
  let [in1, in2] = [a, b];
  if (mode === "valid" && in1.shape.every((s, i) => s < in2.shape[i])) [in1, in2] = [in2, in1];
  const noSwap = in1.shape.every((s, i) => s >= in2.shape[i]);
  const swap = in1.shape.every((s, i) => s <= in2.shape[i]);
  if (!(noSwap || swap)) {
    throw new ShapeError(`${op}: one input must be at least as large as the other along every axis, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  }
  const shapeO = in2.shape;
  if (!noSwap) [in1, in2] = [in2, in1];
  const shape = in2.shape;
  const kernel = flip(in2);
  const padding: [number, number][] = shape.map((s, i) =>
    mode === "valid" ? [0, 0] : mode === "same" ? [s - 1 - Math.floor((shapeO[i] - 1) / 2), s - shapeO[i] + Math.floor((shapeO[i] - 1) / 2)] : [s - 1, s - 1],
  );
  const out = convGeneralDilated(in1.reshape([1, 1, ...in1.shape]), kernel.reshape([1, 1, ...kernel.shape]), shape.map(() => 1), padding);
  return out.reshape(out.shape.slice(2));
}

/**
 * The N-d convolution of two arrays with SciPy's modes.
 * @example scipy.signal.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])) // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(in1: TensorLike, in2: TensorLike, mode: SignalMode = "full"): Tensor {
  const op = "scipy.signal.convolve";
  const [a, b] = promoteInexact(op, [in1, in2]);
  return convolveNd(op, a, b, mode);
}

/**
 * The N-d cross-correlation: `convolve(in1, flip(in2))`.
 * @example scipy.signal.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5]), "valid") // [3.5]
 */
export function correlate(in1: TensorLike, in2: TensorLike, mode: SignalMode = "full"): Tensor {
  const op = "scipy.signal.correlate";
  const [a, b] = promoteInexact(op, [in1, in2]);
  return convolveNd(op, a, flip(b), mode);
}

function twoD(op: string, in1: TensorLike, in2: TensorLike, boundary: string, fillvalue: number): [Tensor, Tensor] {
  if (boundary !== "fill" || fillvalue !== 0) throw new ArgumentError(`${op}: only boundary "fill" with fillvalue 0 is implemented (as in JAX), got ${JSON.stringify(boundary)} and ${fillvalue}.`);
  const [a, b] = promoteInexact(op, [in1, in2]);
  if (a.ndim !== 2 || b.ndim !== 2) throw new ShapeError(`${op}: expects 2-D inputs, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  return [a, b];
}

/**
 * The 2-D convolution, as SciPy's `convolve2d` with zero fill.
 * @example scipy.signal.convolve2d(image, np.ones([3, 3]).div(9), "same") // a box blur
 */
export function convolve2d(in1: TensorLike, in2: TensorLike, mode: SignalMode = "full", boundary = "fill", fillvalue = 0): Tensor {
  const op = "scipy.signal.convolve2d";
  const [a, b] = twoD(op, in1, in2, boundary, fillvalue);
  return convolveNd(op, a, b, mode);
}

/**
 * The 2-D cross-correlation, as SciPy's `correlate2d` with zero fill (including SciPy's
 * orientation when in2 is the larger operand).
 * @example scipy.signal.correlate2d(image, template, "valid")
 */
export function correlate2d(in1: TensorLike, in2: TensorLike, mode: SignalMode = "full", boundary = "fill", fillvalue = 0): Tensor {
  const op = "scipy.signal.correlate2d";
  const [a, b] = twoD(op, in1, in2, boundary, fillvalue);
  checkMode(op, mode);
  const swap = a.shape.every((s, i) => s <= b.shape[i]);
  const sameShape = a.shape.every((s, i) => s === b.shape[i]);
  if (mode !== "same" && swap && !(mode === "valid" && sameShape)) return convolveNd(op, flip(b), a, mode);
  return flip(convolveNd(op, flip(a), b, mode));
}
