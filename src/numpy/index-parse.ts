/**
 * NumPy indexing, parsed: the entries of `x.slice(...)` / `x.at(...)` (integers, ranges,
 * `null`, `"..."`, integer Tensors and boolean masks) turned into one entry per consumed
 * axis, with the ellipsis and missing trailing axes expanded to whole ranges, negative
 * static integers wrapped and checked, and concrete boolean masks expanded to integer
 * arrays, as JAX's `NDIndexer` does.
 */
import { fromData } from "../core/array";
import { isFloat } from "../core/dtype";
import { ArgumentError, ConcretizationError } from "../core/errors";
import { type Shape, showShape } from "../core/shape";
import { type IndexSpec, Tensor } from "../core/tensor";
import { asTensor, convert } from "./convert";

export type Entry =
  | { readonly k: "none"; readonly pos: number }
  | { readonly k: "slice"; readonly pos: number; readonly axis: number; readonly spec: readonly (number | null)[] }
  /** A static integer, negatives wrapped (in [0, n) unless bounds were not checked). */
  | { readonly k: "int"; readonly pos: number; readonly axis: number; readonly i: number }
  /** A 0-d integer Tensor: a dynamic index (negative values wrap at run time). */
  | { readonly k: "scalar"; readonly pos: number; readonly axis: number; readonly t: Tensor }
  /** An integer Tensor of rank ≥ 1 (advanced indexing). */
  | { readonly k: "array"; readonly pos: number; readonly axis: number; readonly t: Tensor };

export function describeSpec(s: unknown): string {
  if (s === null) return "null";
  if (typeof s === "number" || typeof s === "string") return JSON.stringify(s);
  if (s instanceof Tensor) return `a ${s.dtype} Tensor of shape ${showShape(s.shape)}`;
  if (Array.isArray(s)) return `[${s.map(describeSpec).join(", ")}]`;
  if (ArrayBuffer.isView(s)) return `a ${s.constructor.name}`;
  return typeof s;
}

const isRange = (s: unknown): s is readonly (number | null)[] =>
  Array.isArray(s) && s.length <= 3 && s.every((v) => v === null || typeof v === "number");

/** A Tensor index as an int32 or bool Tensor, or a typed error naming the fix. */
function indexTensor(op: string, s: Tensor | Int32Array | Uint8Array): Tensor {
  const t = s instanceof Tensor ? s : asTensor(s, op);
  if (isFloat(t.dtype)) {
    throw new ArgumentError(`${op}: an index array must hold integers or booleans, got ${t.dtype} of shape ${showShape(t.shape)}. Convert it with astype("int32").`);
  }
  return t;
}

/**
 * The entries of an index, or a typed error. `x` is the indexed array (for shapes);
 * boolean masks must be concrete, as in JAX. With `checkBounds` false (indexed updates,
 * reads with an explicit mode) an out-of-bounds static integer is kept for the mode to
 * handle instead of raising.
 */
export function parseIndex(op: string, x: { readonly shape: Shape }, specs: readonly IndexSpec[], checkBounds = true): Entry[] {
  const shape = x.shape;
  const tensors = specs.map((s) => (s instanceof Tensor || s instanceof Int32Array || s instanceof Uint8Array ? indexTensor(op, s) : null));
  const consumed = specs.map((s, i) => {
    const t = tensors[i];
    if (t) return t.dtype === "bool" ? t.ndim : 1;
    return s === null || s === "..." ? 0 : 1;
  });
  const ellipses = specs.filter((s) => s === "...").length;
  if (ellipses > 1) throw new ArgumentError(`${op}: an index can have only one ellipsis ("...").`);
  const total = consumed.reduce((a, b) => a + b, 0);
  if (total > shape.length) {
    throw new ArgumentError(
      `${op}: ${total} axes indexed for an array of shape ${showShape(shape)} (rank ${shape.length}); ` +
        `pass at most one index per axis (null adds an axis without consuming one, "..." stands for the axes left).`,
    );
  }
  const entries: Entry[] = [];
  let axis = 0;
  specs.forEach((s, pos) => {
    const t = tensors[pos];
    if (s === null) {
      entries.push({ k: "none", pos });
      return;
    }
    if (s === "...") {
      for (let n = shape.length - total; n > 0; n--) entries.push({ k: "slice", pos, axis: axis++, spec: [] });
      return;
    }
    if (t && t.dtype === "bool") {
      entries.push(...expandMask(op, t, shape, axis, pos));
      axis += t.ndim;
      return;
    }
    if (t) {
      const i = convert(t, "int32");
      entries.push(t.ndim === 0 ? { k: "scalar", pos, axis, t: i } : { k: "array", pos, axis, t: i });
    } else if (typeof s === "number") {
      const n = shape[axis];
      const i = s < 0 ? s + n : s;
      if (!Number.isInteger(s)) throw new ArgumentError(`${op}: index ${s} for axis ${axis} is not an integer.`);
      if (checkBounds && (i < 0 || i >= n)) {
        throw new ArgumentError(`${op}: index ${s} is out of bounds for axis ${axis} with size ${n} (shape ${showShape(shape)}).`);
      }
      entries.push({ k: "int", pos, axis, i });
    } else if (isRange(s)) {
      checkRange(op, s, axis, shape);
      entries.push({ k: "slice", pos, axis, spec: s });
    } else {
      throw new ArgumentError(
        `${op}: index ${describeSpec(s)} for axis ${axis} is not an integer, a [start, stop, step] range, null, "...", ` +
          `an integer Tensor or a boolean mask. Integer arrays as indices must be Tensors (np.array([...], "int32")).`,
      );
    }
    axis++;
  });
  for (; axis < shape.length; axis++) entries.push({ k: "slice", pos: specs.length, axis, spec: [] });
  return entries;
}

function checkRange(op: string, spec: readonly (number | null)[], axis: number, shape: Shape): void {
  const [a = null, b = null, c = null] = spec;
  if ((c !== null && (!Number.isInteger(c) || c === 0)) || (a !== null && !Number.isInteger(a)) || (b !== null && !Number.isInteger(b))) {
    throw new ArgumentError(
      `${op}: the range ${describeSpec(spec)} for axis ${axis} of shape ${showShape(shape)} needs integer start/stop and a non-zero integer step.`,
    );
  }
}

/** A concrete boolean mask as one integer array per axis it covers (NumPy's nonzero). */
function expandMask(op: string, mask: Tensor, shape: Shape, axis: number, pos: number): Entry[] {
  let c;
  try {
    c = mask.concreteValue("a boolean mask index");
  } catch (e) {
    if (!(e instanceof ConcretizationError)) throw e;
    throw new ConcretizationError(
      `${op}: a boolean mask index must have concrete values, but this one (bool${showShape(mask.shape)}) is traced, so the ` +
        `result's shape is unknown. Use np.where(mask, x, fill) to keep the shape, or np.nonzero(mask, { size }) for a fixed number of indices.`,
    );
  }
  const want = shape.slice(axis, axis + mask.ndim);
  if (mask.shape.some((d, i) => d !== want[i])) {
    throw new ArgumentError(`${op}: the boolean mask of shape ${showShape(mask.shape)} does not match the indexed axes ${showShape(want)} (array shape ${showShape(shape)}).`);
  }
  const hits: number[][] = mask.shape.map(() => []);
  const idx = mask.shape.map(() => 0);
  for (let k = 0; k < c.data.length; k++) {
    if (c.data[k]) idx.forEach((v, d) => hits[d].push(v));
    for (let d = mask.ndim - 1; d >= 0; d--) {
      if (++idx[d] < mask.shape[d]) break;
      idx[d] = 0;
    }
  }
  return hits.map((h, d) => ({ k: "array" as const, pos, axis: axis + d, t: fromData([h.length], "int32", Int32Array.from(h)) }));
}

/** Python's slice semantics on an axis of length n: the first index, the step and the count. */
export function canonicalSlice(spec: readonly (number | null)[], n: number): { start: number; step: number; size: number } {
  const [a = null, b = null, c = null] = spec;
  const step = c ?? 1;
  const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  if (step > 0) {
    const start = a === null ? 0 : clampTo(a, 0, n);
    const stop = b === null ? n : clampTo(b, 0, n);
    return { start, step, size: Math.max(0, Math.ceil((stop - start) / step)) };
  }
  const start = a === null ? n - 1 : clampTo(a, -1, n - 1);
  const stop = b === null ? -1 : clampTo(b, -1, n - 1);
  return { start, step, size: Math.max(0, Math.ceil((stop - start) / step)) };
}
