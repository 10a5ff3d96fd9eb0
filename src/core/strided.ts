/**
 * The layout algebra: how broadcast_in_dim, transpose, slice, rev, reshape and squeeze
 * re-index an array, written once as arithmetic on strided views (shape, strides,
 * offset). The interpreter's kernels gather through these views (`impl-rules.ts`), and the
 * JavaScript emitter keeps them as index arithmetic on buffers (`jit/values.ts`), so both
 * read the same element for every position.
 */
import type { PrimParams } from "./primitives";
import { type Shape, sizeOf, stridesOf } from "./shape";

/** Where an array's elements are: the one at index `i` is `offset + Σ i[d]·strides[d]` of its storage. */
export interface Strided {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/** The primitives that only re-index: each is a strided view of its operand. */
export type LayoutPrim = "broadcast_in_dim" | "transpose" | "slice" | "rev" | "reshape" | "squeeze";

/** The primitives that only re-index, as a list. */
export const LAYOUT_PRIMS: readonly LayoutPrim[] = ["broadcast_in_dim", "transpose", "slice", "rev", "reshape", "squeeze"];

const isLayout: ReadonlySet<string> = new Set(LAYOUT_PRIMS);

/** Whether a primitive only re-indexes its operand. */
export const isLayoutPrim = (prim: string): prim is LayoutPrim => isLayout.has(prim);

/** A row-major array of `shape` from the start of its storage. */
export const rowMajor = (shape: Shape): Strided => ({ shape, strides: stridesOf(shape), offset: 0 });

/** Whether a view reads its elements in row-major order, one after another (size-1 axes aside). */
export const isContiguous = (v: { readonly shape: Shape; readonly strides: readonly number[] }): boolean => {
  const c = stridesOf(v.shape);
  return v.shape.every((d, i) => d <= 1 || c[i] === v.strides[i]);
};

/** The (size, stride) of axes `axes` of a view taken together in row-major order, or null if they do not merge. */
export function mergeAxes(v: { readonly shape: Shape; readonly strides: readonly number[] }, axes: readonly number[]): { size: number; stride: number } | null {
  const real = axes.filter((a) => v.shape[a] !== 1);
  const size = axes.reduce((s, a) => s * v.shape[a], 1);
  if (real.length === 0) return { size, stride: 0 };
  for (let i = 0; i + 1 < real.length; i++) {
    if (v.strides[real[i]] !== v.strides[real[i + 1]] * v.shape[real[i + 1]]) return null;
  }
  return { size, stride: v.strides[real[real.length - 1]] };
}

/** A reshape as a view: size-1 axes change freely, a contiguous view reshapes freely; otherwise null (copy first). */
function reshaped(v: Strided, shape: Shape): Strided | null {
  if (isContiguous(v)) return { shape, strides: stridesOf(shape), offset: v.offset };
  const kept = v.shape.map((d, i) => [d, v.strides[i]] as const).filter(([d]) => d !== 1);
  const target = shape.filter((d) => d !== 1);
  if (kept.length !== target.length || kept.some(([d], i) => d !== target[i])) return null;
  let j = 0;
  return { shape, strides: shape.map((d) => (d === 1 ? 0 : kept[j++][1])), offset: v.offset };
}

type Rule<P extends LayoutPrim> = (v: Strided, params: PrimParams[P], shape: Shape) => Strided | null;

const RULES: { readonly [P in LayoutPrim]: Rule<P> } = {
  // New axes and size-1 axes read with stride 0.
  broadcast_in_dim: (v, { broadcast_dimensions: dims }, shape) => ({
    shape,
    offset: v.offset,
    strides: shape.map((_, d) => {
      const i = dims.indexOf(d);
      return i < 0 || v.shape[i] === 1 ? 0 : v.strides[i];
    }),
  }),
  transpose: (v, { permutation }, shape) => ({ shape, offset: v.offset, strides: permutation.map((q) => v.strides[q]) }),
  slice: (v, { start_indices: start, strides: step }, shape) => ({
    shape,
    offset: v.offset + start.reduce((s, x, d) => s + x * v.strides[d], 0),
    strides: v.strides.map((s, d) => s * (step ? step[d] : 1)),
  }),
  // A reversed axis starts at its last element and steps back (an empty one stays put).
  rev: (v, { dimensions }, shape) => {
    let offset = v.offset;
    const strides = v.strides.map((s, d) => {
      if (!dimensions.includes(d) || v.shape[d] === 0) return s;
      offset += (v.shape[d] - 1) * s;
      return -s;
    });
    return { shape, offset: sizeOf(shape) === 0 ? v.offset : offset, strides };
  },
  reshape: (v, _p, shape) => reshaped(v, shape),
  squeeze: (v, _p, shape) => reshaped(v, shape),
};

/**
 * The view a layout primitive's output is of its operand's view `v` (`shape` is the
 * output's shape); null when a reshape cannot be index arithmetic (the operand must be
 * copied to row-major first).
 */
export function viewThrough<P extends LayoutPrim>(v: Strided, prim: P, params: PrimParams[P], shape: Shape): Strided | null {
  return (RULES[prim] as Rule<P>)(v, params, shape);
}
