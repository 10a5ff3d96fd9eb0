/**
 * The dimension numbers of XLA's gather and scatter, as JAX spells them (the index
 * vector is always the last axis of the indices), and the one description both reduce
 * to: windows of the operand, placed by start indices, laid out in another array (the
 * gather's output, the scatter's updates). Abstract eval, the kernels, the transforms and
 * the compiled loops all read that description, so the index algebra is written once.
 *
 * Per position `b` of the indices' batch axes, the window starts at operand index
 * `start[d]` = the index vector's entry for `d` (through `startIndexMap`), the position
 * along the paired indices axis for an operand batching axis, and 0 elsewhere; element
 * `w` of the window is operand element `start + w` (collapsed and batching axes have
 * window size 1 and no axis in the other array).
 */
import * as E from "./either";
import type { DType } from "./dtype";
import { ArgumentError, type JitgradError, ShapeError } from "./errors";
import { type Shape, showShape } from "./shape";

const tuple = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);

/** lax.GatherDimensionNumbers. */
export class GatherDimensionNumbers {
  constructor(
    /** Axes of the output that hold window axes (ascending). */
    readonly offset_dims: readonly number[],
    /** Operand axes of window size 1 with no output axis (ascending). */
    readonly collapsed_slice_dims: readonly number[],
    /** For each entry of the index vector, the operand axis it starts. */
    readonly start_index_map: readonly number[],
    /** Operand axes paired with indices axes, position for position (ascending). */
    readonly operand_batching_dims: readonly number[] = [],
    /** The indices axes paired with `operand_batching_dims`. */
    readonly start_indices_batching_dims: readonly number[] = [],
  ) {
    Object.freeze(this);
  }
  /** As JAX prints it in a jaxpr. */
  toString(): string {
    return (
      `GatherDimensionNumbers(offset_dims=${tuple(this.offset_dims)}, collapsed_slice_dims=${tuple(this.collapsed_slice_dims)}, ` +
      `start_index_map=${tuple(this.start_index_map)}, operand_batching_dims=${tuple(this.operand_batching_dims)}, ` +
      `start_indices_batching_dims=${tuple(this.start_indices_batching_dims)})`
    );
  }
}

/** lax.ScatterDimensionNumbers. */
export class ScatterDimensionNumbers {
  constructor(
    /** Axes of the updates that hold window axes (ascending). */
    readonly update_window_dims: readonly number[],
    /** Operand axes of window size 1 with no updates axis (ascending). */
    readonly inserted_window_dims: readonly number[],
    /** For each entry of the index vector, the operand axis it starts. */
    readonly scatter_dims_to_operand_dims: readonly number[],
    readonly operand_batching_dims: readonly number[] = [],
    readonly scatter_indices_batching_dims: readonly number[] = [],
  ) {
    Object.freeze(this);
  }
  /** As JAX prints it in a jaxpr. */
  toString(): string {
    return (
      `ScatterDimensionNumbers(update_window_dims=${tuple(this.update_window_dims)}, inserted_window_dims=${tuple(this.inserted_window_dims)}, ` +
      `scatter_dims_to_operand_dims=${tuple(this.scatter_dims_to_operand_dims)}, operand_batching_dims=${tuple(this.operand_batching_dims)}, ` +
      `scatter_indices_batching_dims=${tuple(this.scatter_indices_batching_dims)})`
    );
  }
}

/**
 * What happens at an out-of-bounds window: `CLIP` moves the start so the window fits;
 * `FILL_OR_DROP` fills a gathered window with the fill value and drops a scattered one;
 * `PROMISE_IN_BOUNDS` (the default of `lax.gather`/indexing) clips gathers and drops
 * scatters, as XLA does on CPU.
 */
export class GatherScatterMode {
  static readonly CLIP = new GatherScatterMode("CLIP");
  static readonly FILL_OR_DROP = new GatherScatterMode("FILL_OR_DROP");
  static readonly PROMISE_IN_BOUNDS = new GatherScatterMode("PROMISE_IN_BOUNDS");
  private constructor(readonly name: "CLIP" | "FILL_OR_DROP" | "PROMISE_IN_BOUNDS") {
    Object.freeze(this);
  }
  /** As JAX prints it in a jaxpr. */
  toString(): string {
    return `GatherScatterMode.${this.name}`;
  }
  /** Whether a gather in this mode clamps its starts (else it fills). */
  get gatherClips(): boolean {
    return this.name !== "FILL_OR_DROP";
  }
  /** Whether a scatter in this mode clamps its starts (else it drops out-of-bounds windows). */
  get scatterClips(): boolean {
    return this.name === "CLIP";
  }
}

/** The value of an out-of-bounds gathered window: `fill_value`, or JAX's default (NaN, the int32 minimum, true). */
export function gatherFill(dtype: DType, fill: number | null): number {
  if (fill !== null) return fill;
  return dtype === "bool" ? 1 : dtype === "int32" ? -2147483648 : NaN;
}

/** The mode names users pass: JAX's strings (`"fill"` and `"drop"` are one mode). */
export type ModeName = "clip" | "fill" | "drop" | "promise_in_bounds";

export function parseMode(op: string, mode: unknown, fallback: GatherScatterMode): GatherScatterMode {
  if (mode === undefined || mode === null) return fallback;
  if (mode instanceof GatherScatterMode) return mode;
  if (mode === "clip") return GatherScatterMode.CLIP;
  if (mode === "fill" || mode === "drop") return GatherScatterMode.FILL_OR_DROP;
  if (mode === "promise_in_bounds") return GatherScatterMode.PROMISE_IN_BOUNDS;
  throw new ArgumentError(`${op}: unknown mode ${JSON.stringify(mode)}; use "clip", "fill" (or "drop") or "promise_in_bounds".`);
}

/** Windows of an operand laid out in another array: what gather and scatter both describe. */
export interface Windows {
  /** Axes of the other array that are window axes (ascending). */
  readonly windowDims: readonly number[];
  /** Operand axes with a window of size 1 and no axis in the other array. */
  readonly collapsedDims: readonly number[];
  readonly startIndexMap: readonly number[];
  readonly operandBatchingDims: readonly number[];
  readonly indicesBatchingDims: readonly number[];
}

export const gatherWindows = (d: GatherDimensionNumbers): Windows => ({
  windowDims: d.offset_dims,
  collapsedDims: d.collapsed_slice_dims,
  startIndexMap: d.start_index_map,
  operandBatchingDims: d.operand_batching_dims,
  indicesBatchingDims: d.start_indices_batching_dims,
});

export const scatterWindows = (d: ScatterDimensionNumbers): Windows => ({
  windowDims: d.update_window_dims,
  collapsedDims: d.inserted_window_dims,
  startIndexMap: d.scatter_dims_to_operand_dims,
  operandBatchingDims: d.operand_batching_dims,
  indicesBatchingDims: d.scatter_indices_batching_dims,
});

/** The scatter that puts back what a gather took (the gather's transpose), and vice versa. */
export const scatterDimsOfGather = (d: GatherDimensionNumbers): ScatterDimensionNumbers =>
  new ScatterDimensionNumbers(d.offset_dims, d.collapsed_slice_dims, d.start_index_map, d.operand_batching_dims, d.start_indices_batching_dims);

export const gatherDimsOfScatter = (d: ScatterDimensionNumbers): GatherDimensionNumbers =>
  new GatherDimensionNumbers(d.update_window_dims, d.inserted_window_dims, d.scatter_dims_to_operand_dims, d.operand_batching_dims, d.scatter_indices_batching_dims);

/** Operand axes that have an axis in the other array, in order. */
export function windowOperandDims(rank: number, w: Windows): number[] {
  const out: number[] = [];
  for (let d = 0; d < rank; d++) if (!w.collapsedDims.includes(d) && !w.operandBatchingDims.includes(d)) out.push(d);
  return out;
}

/** The operand window sizes of a scatter, read off the updates' window axes. */
export function scatterWindowSizes(operandShape: Shape, updatesShape: Shape, w: Windows): number[] {
  const sizes = operandShape.map(() => 1);
  windowOperandDims(operandShape.length, w).forEach((d, j) => {
    sizes[d] = updatesShape[w.windowDims[j]];
  });
  return sizes;
}

type Check = E.Either<JitgradError, void>;

const fail = (msg: string): Check => E.left(new ShapeError(msg));
const okCheck: Check = E.right(undefined);

function axesIn(op: string, name: string, axes: readonly number[], rank: number, sorted: boolean): string | undefined {
  const seen = new Set<number>();
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i];
    if (!Number.isInteger(a) || a < 0 || a >= rank) return `${op}: ${name} ${tuple(axes)} has an axis outside [0, ${rank}).`;
    if (seen.has(a)) return `${op}: ${name} ${tuple(axes)} repeats axis ${a}.`;
    if (sorted && i > 0 && a < axes[i - 1]) return `${op}: ${name} ${tuple(axes)} must be in ascending order.`;
    seen.add(a);
  }
  return undefined;
}

/** Checks windows against the operand and indices shapes, given the operand window sizes and the other array's rank. */
function checkWindows(op: string, operand: Shape, indices: Shape, w: Windows, sizes: readonly number[], otherRank: number): Check {
  const r = operand.length;
  if (indices.length === 0) return fail(`${op}: the indices need a last axis holding the index vectors, got shape ${showShape(indices)}.`);
  const k = indices[indices.length - 1];
  const bad =
    axesIn(op, "window dims", w.windowDims, otherRank, true) ??
    axesIn(op, "collapsed dims", w.collapsedDims, r, true) ??
    axesIn(op, "start index map", w.startIndexMap, r, false) ??
    axesIn(op, "operand batching dims", w.operandBatchingDims, r, true) ??
    axesIn(op, "indices batching dims", w.indicesBatchingDims, indices.length - 1, false);
  if (bad) return fail(bad);
  if (w.startIndexMap.length !== k) {
    return fail(`${op}: the index vectors have ${k} entries but the start index map names ${w.startIndexMap.length} axes ${tuple(w.startIndexMap)}.`);
  }
  if (w.operandBatchingDims.length !== w.indicesBatchingDims.length) {
    return fail(`${op}: operand batching dims ${tuple(w.operandBatchingDims)} and indices batching dims ${tuple(w.indicesBatchingDims)} must pair up.`);
  }
  for (let i = 0; i < w.operandBatchingDims.length; i++) {
    const [a, b] = [w.operandBatchingDims[i], w.indicesBatchingDims[i]];
    if (operand[a] !== indices[b]) return fail(`${op}: operand batching axis ${a} (size ${operand[a]}) and indices axis ${b} (size ${indices[b]}) differ.`);
    if (w.collapsedDims.includes(a) || w.startIndexMap.includes(a)) {
      return fail(`${op}: operand axis ${a} cannot be both a batching axis and collapsed or indexed.`);
    }
  }
  if (sizes.length !== r) return fail(`${op}: needs one window size per operand axis (${r}), got ${tuple(sizes)}.`);
  if (r !== w.windowDims.length + w.collapsedDims.length + w.operandBatchingDims.length) {
    return fail(
      `${op}: every operand axis must be a window axis, collapsed or a batching axis; ${w.windowDims.length} window, ` +
        `${w.collapsedDims.length} collapsed and ${w.operandBatchingDims.length} batching axes do not add up to rank ${r}.`,
    );
  }
  if (otherRank !== indices.length - 1 + w.windowDims.length) {
    return fail(`${op}: expected rank ${indices.length - 1 + w.windowDims.length} (batch axes of the indices plus window axes), got ${otherRank}.`);
  }
  for (let d = 0; d < r; d++) {
    const s = sizes[d];
    if (!(Number.isInteger(s) && s >= 0 && s <= operand[d])) return fail(`${op}: window size ${s} for operand axis ${d} is outside [0, ${operand[d]}].`);
    if ((w.collapsedDims.includes(d) || w.operandBatchingDims.includes(d)) && s > 1) {
      return fail(`${op}: operand axis ${d} is collapsed or batching, so its window size must be 0 or 1, got ${s}.`);
    }
  }
  return okCheck;
}

/** The gather's output shape, or a typed error. */
export function gatherShape(operand: Shape, indices: Shape, d: GatherDimensionNumbers, sliceSizes: readonly number[]): E.Either<JitgradError, Shape> {
  const w = gatherWindows(d);
  const outRank = indices.length - 1 + d.offset_dims.length;
  const checked = checkWindows("gather", operand, indices, w, sliceSizes, outRank);
  if (E.isLeft(checked)) return checked;
  const windowSizes = windowOperandDims(operand.length, w).map((a) => sliceSizes[a]);
  const batch = indices.slice(0, -1);
  const out: number[] = [];
  let [b, j] = [0, 0];
  for (let o = 0; o < outRank; o++) out.push(d.offset_dims.includes(o) ? windowSizes[j++] : batch[b++]);
  return E.right(out);
}

/** Checks a scatter's operand, indices and updates shapes. */
export function scatterCheck(operand: Shape, indices: Shape, updates: Shape, d: ScatterDimensionNumbers): Check {
  const w = scatterWindows(d);
  if (indices.length === 0) return fail(`scatter: the indices need a last axis holding the index vectors, got shape ${showShape(indices)}.`);
  const expectedRank = indices.length - 1 + d.update_window_dims.length;
  if (updates.length !== expectedRank) {
    return fail(`scatter: updates of shape ${showShape(updates)} must have rank ${expectedRank} (batch axes of the indices plus window axes).`);
  }
  const maxSizes = windowOperandDims(operand.length, w).map((a) => operand[a]);
  const windowAxes = axesIn("scatter", "update window dims", d.update_window_dims, updates.length, true);
  if (windowAxes) return fail(windowAxes);
  if (maxSizes.length !== d.update_window_dims.length) {
    return fail(
      `scatter: every operand axis must be a window axis, inserted or a batching axis; the operand has rank ${operand.length}, ` +
        `with ${d.update_window_dims.length} window, ${d.inserted_window_dims.length} inserted and ${d.operand_batching_dims.length} batching axes.`,
    );
  }
  for (let j = 0; j < maxSizes.length; j++) {
    const u = updates[d.update_window_dims[j]];
    if (u > maxSizes[j]) return fail(`scatter: updates window axis ${d.update_window_dims[j]} (size ${u}) is larger than its operand axis (size ${maxSizes[j]}).`);
  }
  const checked = checkWindows("scatter", operand, indices, w, scatterWindowSizes(operand, updates, w), updates.length);
  if (E.isLeft(checked)) return checked;
  const batch = indices.slice(0, -1);
  let b = 0;
  for (let u = 0; u < updates.length; u++) {
    if (d.update_window_dims.includes(u)) continue;
    if (updates[u] !== batch[b]) {
      return fail(`scatter: updates axis ${u} (size ${updates[u]}) must match indices axis ${b} (size ${batch[b]}).`);
    }
    b++;
  }
  return okCheck;
}

