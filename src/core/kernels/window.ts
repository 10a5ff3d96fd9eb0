/**
 * Window kernels: a window swept over an array with strides, padding and base/window
 * dilation (`reduce_window_*`), and the two selections max/min pooling is differentiated
 * with (`select_and_gather_add`, `select_and_scatter_add`). Positions on padding or
 * between dilated elements hold the reduction's identity, so they are skipped; the rest
 * are visited in row-major window order. A selection keeps the current pick while
 * `select(pick, candidate)` holds (≥ for max, ≤ for min), so the first extreme wins.
 */
import { type Shape, sizeOf, stridesOf } from "../shape";
import type { TypedArray } from "../dtype";

/** The geometry of a window sweep, per axis (JAX's param names). */
export interface WindowGeometry {
  readonly window_dimensions: readonly number[];
  readonly window_strides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly base_dilation: readonly number[];
  readonly window_dilation: readonly number[];
}

/**
 * For each output position (row-major) the flat input index of each window tap, or −1 on
 * padding and dilation holes: a (positions × taps) table the kernels share.
 */
export function windowTaps(inShape: Shape, outShape: Shape, g: WindowGeometry): Int32Array {
  const nd = inShape.length;
  const taps = sizeOf(g.window_dimensions);
  const positions = sizeOf(outShape);
  const strides = stridesOf(inShape);
  const table = new Int32Array(positions * taps);
  const o = new Array<number>(nd).fill(0);
  const w = new Array<number>(nd).fill(0);
  for (let p = 0; p < positions; p++) {
    w.fill(0);
    for (let t = 0; t < taps; t++) {
      let at = 0;
      for (let d = 0; d < nd && at >= 0; d++) {
        const pos = o[d] * g.window_strides[d] + w[d] * g.window_dilation[d] - g.padding[d][0];
        const bd = g.base_dilation[d];
        at = pos < 0 || pos % bd !== 0 || pos / bd >= inShape[d] ? -1 : at + (pos / bd) * strides[d];
      }
      table[p * taps + t] = at;
      for (let d = nd - 1; d >= 0 && ++w[d] === g.window_dimensions[d]; d--) w[d] = 0;
    }
    for (let d = nd - 1; d >= 0 && ++o[d] === outShape[d]; d--) o[d] = 0;
  }
  return table;
}

/** Reduces each window from `init` with `step`, into `out` (the accumulator's storage, one element per position). */
export function reduceWindowKernel(x: TypedArray, table: Int32Array, taps: number, init: number, step: (acc: number, v: number) => number, out: TypedArray): void {
  for (let p = 0; p < out.length; p++) {
    let acc = init;
    for (let t = 0; t < taps; t++) {
      const at = table[p * taps + t];
      if (at >= 0) acc = step(acc, x[at]);
    }
    out[p] = acc;
  }
}

/** The input index each window selects (−1 when only padding: the identity is kept). */
function selection(x: TypedArray, table: Int32Array, taps: number, positions: number, keep: (pick: number, candidate: number) => boolean, identity: number): Int32Array {
  const chosen = new Int32Array(positions);
  for (let p = 0; p < positions; p++) {
    let best = identity;
    let at = -1;
    for (let t = 0; t < taps; t++) {
      const i = table[p * taps + t];
      if (i >= 0 && !keep(best, x[i])) {
        best = x[i];
        at = i;
      }
    }
    chosen[p] = at;
  }
  return chosen;
}

/** select_and_gather_add: each window's value of `t` where `x` is selected (0 where none is). */
export function selectAndGatherKernel(t: TypedArray, x: TypedArray, table: Int32Array, taps: number, keep: (a: number, b: number) => boolean, identity: number, out: TypedArray): void {
  const chosen = selection(x, table, taps, out.length, keep, identity);
  for (let p = 0; p < out.length; p++) out[p] = chosen[p] < 0 ? 0 : t[chosen[p]];
}

/**
 * select_and_scatter_add: each window's `s` added at the element of `x` it selects, in
 * row-major window order, accumulated in float64 and stored once into `out`.
 */
export function selectAndScatterKernel(s: TypedArray, x: TypedArray, table: Int32Array, taps: number, keep: (a: number, b: number) => boolean, identity: number, out: TypedArray): void {
  const chosen = selection(x, table, taps, s.length, keep, identity);
  const acc = new Float64Array(out.length);
  for (let p = 0; p < s.length; p++) {
    const i = chosen[p];
    if (i >= 0) acc[i] += s[p];
  }
  out.set(acc);
}
