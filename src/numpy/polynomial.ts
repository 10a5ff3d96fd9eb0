/**
 * Polynomials and 1-D convolution: `polyval` (Horner's scheme, as jnp.polyval), and
 * `convolve`/`correlate` with NumPy's modes, as one product of the sliding windows with
 * the (flipped) kernel.
 */
import { scalarArray } from "../core/array";
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { conj } from "./complex-parts";
import { broadcastInDim, promote, reshape } from "./convert";
import { add, multiply } from "./elementwise";
import { matmul } from "./products";
import { take } from "./take";

/**
 * The polynomial with coefficients `p` (highest power first) at `x`, by Horner's scheme.
 * @example np.polyval(np.array([3, 0, 1]), 5) // 3·5² + 0·5 + 1 = 76
 */
export function polyval(p: TensorLike, x: TensorLike): Tensor {
  const op = "np.polyval";
  const [c, xs] = promote(op, [p, x]);
  if (c.ndim !== 1) throw new ShapeError(`${op}: the coefficients must be 1-D, got shape ${showShape(c.shape)}.`);
  let y = broadcastInDim(scalarArray(0, c.dtype), xs.shape, []);
  for (let i = 0; i < c.shape[0]; i++) y = add(multiply(y, xs), reshape(lax.slice(c, [i], [i + 1]), []));
  return y;
}

/** NumPy's 1-D convolution modes: all overlaps, the first operand's length, or full overlaps only. */
export type ConvolveMode = "full" | "same" | "valid";

function slide(op: string, a: TensorLike, v: TensorLike, mode: ConvolveMode, flip: boolean): Tensor {
  let [x, k] = promote(op, [a, v]);
  if (x.ndim !== 1 || k.ndim !== 1) throw new ShapeError(`${op}: expects 1-D inputs, got shapes ${showShape(x.shape)} and ${showShape(k.shape)}.`);
  if (x.shape[0] === 0 || k.shape[0] === 0) throw new ShapeError(`${op}: inputs cannot be empty.`);
  if (!["full", "same", "valid"].includes(mode)) throw new ArgumentError(`${op}: mode must be "full", "same" or "valid", got ${JSON.stringify(mode)}.`);
  // NumPy swaps so the longer one slides (convolution is symmetric; correlation's result reverses).
  let reversed = false;
  if (k.shape[0] > x.shape[0]) {
    [x, k] = [k, x];
    reversed = !flip;
  }
  const [n, m] = [x.shape[0], k.shape[0]];
  const pad = mode === "valid" ? 0 : mode === "same" ? m - 1 : m - 1;
  const padded = lax.pad(x, scalarArray(0, x.dtype), [[pad, pad, 0]]);
  const outLen = mode === "valid" ? n - m + 1 : mode === "same" ? n : n + m - 1;
  const start = mode === "same" ? Math.floor((m - 1) / 2) : 0;
  // windows[i, j] = padded[start + i + j]
  const i = bind1("iota", [], { dtype: "int32", shape: [outLen, m], dimension: 0 });
  const j = bind1("iota", [], { dtype: "int32", shape: [outLen, m], dimension: 1 });
  const windows = take(padded, add(add(i, j), scalarArray(start, "int32")), 0, { mode: "clip" });
  const kernel = flip ? lax.rev(k, [0]) : k;
  const r = matmul(windows, kernel);
  return reversed ? lax.rev(r, [0]) : r;
}

/**
 * The discrete linear convolution of two 1-D arrays (NumPy's modes; default "full").
 * @example np.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])) // [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: TensorLike, v: TensorLike, mode: ConvolveMode = "full"): Tensor {
  return slide("np.convolve", a, v, mode, true);
}

/**
 * The cross-correlation of two 1-D arrays, NumPy's `c[k] = Σ a[n + k] conj(v[n])` (default mode "valid").
 * @example np.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5])) // [3.5]
 */
export function correlate(a: TensorLike, v: TensorLike, mode: ConvolveMode = "valid"): Tensor {
  return slide("np.correlate", a, conj(v), mode, false);
}
