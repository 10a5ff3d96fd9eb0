/**
 * Pooling, as flax.linen's: windows over the axes between the leading batch axes and the
 * trailing feature axis (NHWC for images), on `lax.reduceWindow`. A single unbatched input
 * (spatial axes and features only) is pooled as a batch of one.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { reducePrims } from "../core/prims/reduce";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { max as laxMax, min as laxMin, add as laxAdd } from "../lax/lax";
import { type WindowPadding, reduceWindow } from "../lax/window";
import { asTensor } from "../numpy/convert";
import { divide } from "../numpy/elementwise";
import { ones } from "../numpy/creation";

/** Options of the pooling functions. */
export interface PoolOptions {
  /** Steps between windows per spatial axis (default 1). */
  readonly strides?: readonly number[] | null;
  /** "VALID" (default), "SAME", or [lo, hi] per spatial axis. */
  readonly padding?: WindowPadding;
}

function pool(op: string, inputs: TensorLike, init: number, fn: (a: Tensor, b: Tensor) => Tensor, windowShape: readonly number[], opts: PoolOptions): Tensor {
  const x = asTensor(inputs, op);
  const k = windowShape.length;
  if (!Array.isArray(windowShape) || k === 0 || windowShape.some((w) => !(Number.isInteger(w) && w >= 1))) {
    throw new ArgumentError(`${op}: windowShape must be positive integers, one per spatial axis, got ${JSON.stringify(windowShape)}.`);
  }
  const batchAxes = x.ndim - (k + 1);
  if (batchAxes < 0) throw new ShapeError(`${op}: a ${k}-D window needs inputs of at least ${k + 1} axes (spatial…, features), got shape ${showShape(x.shape)}.`);
  const strides = opts.strides ?? windowShape.map(() => 1);
  if (strides.length !== k) throw new ArgumentError(`${op}: strides must have one entry per spatial axis (${k}), got ${JSON.stringify(strides)}.`);
  const single = batchAxes === 0;
  const y = single ? x.reshape([1, ...x.shape]) : x;
  const lead = single ? 1 : batchAxes;
  const padding = opts.padding ?? "VALID";
  const fullPadding: WindowPadding =
    typeof padding === "string" ? padding : [...Array.from({ length: lead }, () => [0, 0] as const), ...padding, [0, 0] as const];
  if (typeof padding !== "string" && padding.length !== k) throw new ArgumentError(`${op}: padding must have one [lo, hi] pair per spatial axis (${k}).`);
  const ones1 = (n: number) => Array.from({ length: n }, () => 1);
  const out = reduceWindow(y, init, fn, [...ones1(lead), ...windowShape, 1], [...ones1(lead), ...strides, 1], fullPadding);
  return single ? out.reshape(out.shape.slice(1)) : out;
}

/**
 * Max pooling (flax's `max_pool`): the largest value of each window; its gradient goes to
 * the first maximum of the window.
 * @example nn.maxPool(images, [2, 2], { strides: [2, 2] }) // NHWC, halves H and W
 */
export function maxPool(inputs: TensorLike, windowShape: readonly number[], opts: PoolOptions = {}): Tensor {
  const x = asTensor(inputs, "nn.maxPool");
  return pool("nn.maxPool", x, reducePrims.reduce_max.identity(x.dtype), laxMax, windowShape, opts);
}

/**
 * Min pooling (flax's `min_pool`).
 * @example nn.minPool(images, [3, 3], { padding: "SAME" })
 */
export function minPool(inputs: TensorLike, windowShape: readonly number[], opts: PoolOptions = {}): Tensor {
  const x = asTensor(inputs, "nn.minPool");
  return pool("nn.minPool", x, reducePrims.reduce_min.identity(x.dtype), laxMin, windowShape, opts);
}

/**
 * Average pooling (flax's `avg_pool`): each window's mean, over the whole window
 * (`countIncludePad`, the default) or over its positions inside the input.
 * @example nn.avgPool(images, [2, 2], { strides: [2, 2] })
 */
export function avgPool(inputs: TensorLike, windowShape: readonly number[], opts: PoolOptions & { readonly countIncludePad?: boolean } = {}): Tensor {
  const op = "nn.avgPool";
  const x = asTensor(inputs, op);
  const sums = pool(op, x, 0, laxAdd, windowShape, opts);
  if (opts.countIncludePad ?? true) return divide(sums, windowShape.reduce((a, b) => a * b, 1));
  const counts = pool(op, ones([...x.shape.slice(0, -1), 1], sums.dtype), 0, laxAdd, windowShape, opts);
  return divide(sums, counts);
}
