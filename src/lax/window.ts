/**
 * `lax.reduceWindow`: a reduction over each window of a strided, padded, dilated sweep,
 * as JAX's. Add, max and min with their identities become the window primitives (which
 * every transform knows: max/min pooling differentiates through the first extreme of each
 * window); any other monoid is a `lax.reduce` over the windows' taps stacked along a new
 * axis (slices of the input padded with the initial value), so it has every transform too.
 */
import { padtypeToPads } from "../core/conv-dims";
import { ArgumentError, ShapeError } from "../core/errors";
import type { ReducePrim } from "../core/primitives";
import type { ReduceWindowPrim } from "../core/prims/window";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor } from "../numpy/convert";
import { knownMonoid, reduce } from "./reduce";

/** Padding of a window sweep: [lo, hi] per axis (negative crops), or "SAME" / "SAME_LOWER" / "VALID". */
export type WindowPadding = "SAME" | "SAME_LOWER" | "VALID" | readonly (readonly [number, number])[];

const PRIM_OF: Partial<Record<ReducePrim, ReduceWindowPrim>> = { reduce_sum: "reduce_window_sum", reduce_max: "reduce_window_max", reduce_min: "reduce_window_min" };

function perAxis(op: string, what: string, v: readonly number[] | null | undefined, n: number): number[] {
  if (v === null || v === undefined) return Array.from({ length: n }, () => 1);
  if (!Array.isArray(v) || v.length !== n || v.some((s) => !(Number.isInteger(s) && s >= 1))) {
    throw new ArgumentError(`${op}: ${what} must be ${n} positive integer(s), one per axis of the operand, got ${JSON.stringify(v)}.`);
  }
  return [...v];
}

/**
 * Reduces each window of `operand` with `computation` from `initValue`: windows of
 * `windowDimensions` every `windowStrides`, over the operand padded (with `initValue`) and
 * dilated by `baseDilation`, taps spread by `windowDilation`.
 * @example lax.reduceWindow(x, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "VALID") // 2×2 max pooling, NHWC
 * @example lax.reduceWindow(x, 0, lax.add, [3], [1], "SAME") // moving sums of 3
 */
export function reduceWindow(
  operand: TensorLike,
  initValue: TensorLike,
  computation: (a: Tensor, b: Tensor) => Tensor,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  baseDilation: readonly number[] | null = null,
  windowDilation: readonly number[] | null = null,
): Tensor {
  const op = "lax.reduceWindow";
  if (typeof computation !== "function") throw new ArgumentError(`${op}: computation must be a function of two arrays, got ${typeof computation}.`);
  const x = asTensor(operand, op);
  const init = asTensor(initValue, op, x.dtype);
  if (init.ndim !== 0) throw new ShapeError(`${op}: the initial value must be 0-d, got shape ${showShape(init.shape)}.`);
  const n = x.ndim;
  const dims = perAxis(op, "windowDimensions", windowDimensions, n);
  const strides = perAxis(op, "windowStrides", windowStrides, n);
  const base = perAxis(op, "baseDilation", baseDilation, n);
  const wdil = perAxis(op, "windowDilation", windowDilation, n);
  let pads: [number, number][];
  if (typeof padding === "string") {
    if (padding !== "SAME" && padding !== "SAME_LOWER" && padding !== "VALID") {
      throw new ArgumentError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or [lo, hi] pairs, got ${JSON.stringify(padding)}.`);
    }
    pads = padtypeToPads(x.shape, dims, strides, padding);
  } else {
    if (!Array.isArray(padding) || padding.length !== n || padding.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isInteger))) {
      throw new ArgumentError(`${op}: padding must be ${n} [lo, hi] integer pair(s), one per axis, got ${JSON.stringify(padding)}.`);
    }
    pads = padding.map(([lo, hi]) => [lo, hi]);
  }
  const geometry = { window_dimensions: dims, window_strides: strides, padding: pads, base_dilation: base, window_dilation: wdil };
  const known = knownMonoid(computation, init);
  const prim = known && PRIM_OF[known];
  if (prim) return bind1(prim, [x], geometry);
  // The general monoid: the input padded and dilated with the initial value, one strided slice per tap, reduced over the taps.
  const padded = bind1("pad", [x, init], { padding_config: pads.map(([lo, hi], d) => [lo, hi, base[d] - 1] as const) });
  const outSizes = padded.shape.map((s, d) => {
    const span = (dims[d] - 1) * wdil[d] + 1;
    return s < span ? 0 : Math.floor((s - span) / strides[d]) + 1;
  });
  const taps: Tensor[] = [];
  const w = new Array<number>(n).fill(0);
  const count = dims.reduce((a, b) => a * b, 1);
  for (let t = 0; t < count; t++) {
    const start = w.map((k, d) => k * wdil[d]);
    const slice = bind1("slice", [padded], {
      start_indices: start,
      limit_indices: start.map((s, d) => (outSizes[d] === 0 ? s : s + (outSizes[d] - 1) * strides[d] + 1)),
      strides,
    });
    taps.push(bind1("broadcast_in_dim", [slice], { shape: [1, ...outSizes], broadcast_dimensions: outSizes.map((_, d) => d + 1) }));
    for (let d = n - 1; d >= 0 && ++w[d] === dims[d]; d--) w[d] = 0;
  }
  const stacked = taps.length === 1 ? taps[0] : bind1("concatenate", taps, { dimension: 0 });
  return reduce(stacked, init, computation, [0]);
}
