/**
 * Reading by NumPy index (`Tensor.slice`, `x.at(...).get`), by the cheapest of three
 * strategies, as JAX's `rewriting_take`: static integers and ranges are `slice`, `rev`
 * and `squeeze`; 0-d integer Tensors add a `dynamic_slice` (clamped, as JAX clamps);
 * integer arrays and masks become one `gather`. Iteration along axis 0 and conversion to
 * nested JS arrays live here too.
 */
import { scalarArray } from "../core/array";
import { isComplex } from "../core/dtype";
import { ArgumentError, InternalError } from "../core/errors";
import { GatherDimensionNumbers, GatherScatterMode } from "../core/gather-dims";
import { showShape, sizeOf } from "../core/shape";
import type { IndexSpec, Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { broadcastInDim, reshape } from "./convert";
import { type Entry, canonicalSlice, parseIndex } from "./index-parse";

interface AxisPlan {
  start: number;
  limit: number;
  stride: number;
  reverse: boolean;
  drop: boolean;
  length: number;
}

/** A static range of an axis of length n, as a slice of the axis (reversed first for negative steps). */
function planRange(spec: readonly (number | null)[], n: number): AxisPlan {
  const { start, step, size } = canonicalSlice(spec, n);
  if (step > 0) return { start, limit: size > 0 ? start + (size - 1) * step + 1 : start, stride: step, reverse: false, drop: false, length: size };
  // Read the reversed axis: original index i is n-1-i there.
  const rstart = Math.min(n - 1 - start, n);
  return { start: rstart, limit: size > 0 ? rstart + (size - 1) * -step + 1 : rstart, stride: -step, reverse: true, drop: false, length: size };
}

/** Static integers, ranges and new axes. */
function staticSlice(x: Tensor, entries: readonly Entry[]): Tensor {
  const plans: AxisPlan[] = [];
  const outShape: number[] = [];
  for (const e of entries) {
    if (e.k === "none") outShape.push(1);
    else if (e.k === "int") plans.push({ start: e.i, limit: e.i + 1, stride: 1, reverse: false, drop: true, length: 1 });
    else if (e.k === "slice") {
      const p = planRange(e.spec, x.shape[e.axis]);
      plans.push(p);
      outShape.push(p.length);
    } else throw new InternalError("internal: a dynamic index reached the static slice");
  }
  let r = x;
  const revAxes = plans.flatMap((p, d) => (p.reverse && p.length > 0 ? [d] : []));
  if (revAxes.length > 0) r = lax.rev(r, revAxes);
  const whole = plans.every((p, d) => p.start === 0 && p.limit === x.shape[d] && p.stride === 1);
  if (!whole) {
    const strided = plans.some((p) => p.stride !== 1);
    r = lax.slice(
      r,
      plans.map((p) => (p.length === 0 ? 0 : p.start)),
      plans.map((p) => (p.length === 0 ? 0 : p.limit)),
      strided ? plans.map((p) => p.stride) : null,
    );
  }
  const dropAxes = plans.flatMap((p, d) => (p.drop ? [d] : []));
  if (dropAxes.length > 0) r = lax.squeeze(r, dropAxes);
  return reshape(r, outShape);
}

/** A dynamic integer index wrapped into range where it is negative (`i + n`), as JAX normalizes. */
export function wrapIndex(t: Tensor, n: number): Tensor {
  const nn = scalarArray(n, "int32");
  const zero = scalarArray(0, "int32");
  return bind1("select_n", [bind1("lt", [t, zero], {}), t, bind1("add", [t, nn], {})], {});
}

/** Static entries with 0-d Tensors: the static part, then one dynamic_slice of size 1 on those axes. */
function dynamicSlice(x: Tensor, entries: readonly Entry[]): Tensor {
  const dynamic: { at: number; start: Tensor }[] = [];
  let at = 0;
  const staticEntries = entries.map((e): Entry => {
    if (e.k === "scalar") {
      dynamic.push({ at: at++, start: wrapIndex(e.t, x.shape[e.axis]) });
      return { k: "slice", pos: e.pos, axis: e.axis, spec: [] };
    }
    if (e.k !== "int") at++;
    return e;
  });
  const r = staticSlice(x, staticEntries);
  const starts = r.shape.map((_, d) => dynamic.find((s) => s.at === d)?.start ?? scalarArray(0, "int32"));
  const sizes = r.shape.map((n, d) => (dynamic.some((s) => s.at === d) ? Math.min(1, n) : n));
  const sliced = bind1("dynamic_slice", [r, ...starts], { slice_sizes: sizes });
  return lax.squeeze(sliced, dynamic.map((s) => s.at));
}

/** How an index becomes one gather (JAX's `_index_to_gather`), shared by reads and indexed updates. */
export interface GatherIndexer {
  /** int32 [...batch, k], or null when nothing needs gathering (the slice is the whole array). */
  readonly indices: Tensor | null;
  readonly dnums: GatherDimensionNumbers;
  readonly sliceSizes: readonly number[];
  /** The shape of `x[index]`, with new axes. */
  readonly sliceShape: readonly number[];
  /** Axes of the result that `null` entries add. */
  readonly newaxisDims: readonly number[];
  /** Axes of the gathered array read backwards (negative steps). */
  readonly reversedDims: readonly number[];
  /** No integer arrays: windows cannot overlap. */
  readonly unique: boolean;
}

const iotaI32 = (n: number) => bind1("iota", [], { dtype: "int32", shape: [n], dimension: 0 });

export function toGather(op: string, x: Tensor, entries: readonly Entry[]): GatherIndexer {
  const adv = entries.some((e) => e.k === "array") ? entries.flatMap((e, i) => (e.k === "array" || e.k === "int" || e.k === "scalar" ? [{ e, i }] : [])) : [];
  const contiguous = adv.every(({ e }, j) => j === 0 || e.pos === adv[j - 1].e.pos + 1);
  const advAt = new Set(adv.map((a) => a.i));
  const offsetDims: number[] = [];
  const collapsed: number[] = [];
  const startIndexMap: number[] = [];
  const gathered: { t: Tensor; startDim: number }[] = [];
  const gatherShape: number[] = [];
  const sliceShape: number[] = [];
  const newaxisDims: number[] = [];
  const reversedDims: number[] = [];
  const sliceSizes: number[] = [];
  let [yAxis, collapsedY] = [0, 0];
  const asIndex = (e: Entry): Tensor => {
    if (e.k === "int") return scalarArray(e.i, "int32");
    if (e.k === "scalar" || e.k === "array") return wrapIndex(e.t, x.shape[e.axis]);
    throw new InternalError("internal: not an integer index");
  };
  entries.forEach((e, i) => {
    if (adv.length > 0 && i === (contiguous ? adv[0].i : 0)) {
      const arrays = broadcastIndexArrays(op, adv.map((a) => asIndex(a.e)));
      const shape = arrays[0].shape;
      const startDim = gatherShape.length;
      arrays.forEach((t) => gathered.push({ t, startDim }));
      gatherShape.push(...shape);
      for (const { e: a } of adv) {
        const axis = (a as { axis: number }).axis;
        startIndexMap.push(axis);
        collapsed.push(axis);
      }
      sliceShape.push(...shape);
      yAxis += shape.length;
      collapsedY += shape.length;
    }
    if (advAt.has(i)) {
      sliceSizes.push(1);
      return;
    }
    switch (e.k) {
      case "int":
      case "scalar":
        if (x.shape[e.axis] === 0) throw new ArgumentError(`${op}: index into axis ${e.axis} of size 0 (shape ${showShape(x.shape)}).`);
        gathered.push({ t: asIndex(e), startDim: gatherShape.length });
        collapsed.push(e.axis);
        sliceSizes.push(1);
        startIndexMap.push(e.axis);
        return;
      case "none":
        sliceShape.push(1);
        newaxisDims.push(yAxis++);
        return;
      case "slice": {
        const n = x.shape[e.axis];
        const { start, step, size } = canonicalSlice(e.spec, n);
        sliceShape.push(size);
        if (step === 1) {
          if (size !== n) {
            gathered.push({ t: scalarArray(start, "int32"), startDim: gatherShape.length });
            startIndexMap.push(e.axis);
          }
          sliceSizes.push(size);
          offsetDims.push(collapsedY);
        } else {
          let idx = bind1("add", [scalarArray(start, "int32"), bind1("mul", [scalarArray(step, "int32"), iotaI32(size)], {})], {});
          if (step < 0) {
            reversedDims.push(collapsedY);
            idx = lax.rev(idx, [0]);
          }
          sliceSizes.push(1);
          gathered.push({ t: idx, startDim: gatherShape.length });
          startIndexMap.push(e.axis);
          gatherShape.push(size);
          collapsed.push(e.axis);
        }
        collapsedY++;
        yAxis++;
        return;
      }
      case "array":
        throw new InternalError("internal: an index array outside the advanced group");
    }
  });
  const indices =
    gathered.length === 0
      ? null
      : gathered.length === 1
        ? reshape(gathered[0].t, [...gathered[0].t.shape, 1])
        : bind1(
            "concatenate",
            gathered.map(({ t, startDim }) => broadcastInDim(t, [...gatherShape, 1], t.shape.map((_, d) => startDim + d))),
            { dimension: gatherShape.length },
          );
  return {
    indices,
    dnums: new GatherDimensionNumbers(offsetDims, [...collapsed].sort((a, b) => a - b), startIndexMap),
    sliceSizes,
    sliceShape,
    newaxisDims,
    reversedDims,
    unique: adv.length === 0,
  };
}

/** NumPy broadcasting of the advanced index arrays against each other. */
function broadcastIndexArrays(op: string, ts: readonly Tensor[]): Tensor[] {
  const rank = Math.max(...ts.map((t) => t.ndim));
  const shape = new Array<number>(rank).fill(1);
  for (const t of ts) {
    t.shape.forEach((d, i) => {
      const at = rank - t.ndim + i;
      if (d !== 1 && shape[at] !== 1 && shape[at] !== d) {
        throw new ArgumentError(`${op}: index arrays of shapes ${ts.map((s) => showShape(s.shape)).join(", ")} cannot be broadcast together.`);
      }
      if (d !== 1) shape[at] = d;
    });
  }
  return ts.map((t) => broadcastInDim(t, shape, t.shape.map((_, i) => rank - t.ndim + i)));
}

/** Options of an indexed read (`x.at(...).get`). */
export interface GetOptions {
  readonly mode?: GatherScatterMode;
  readonly fillValue?: number | null;
  readonly indicesAreSorted?: boolean;
  readonly uniqueIndices?: boolean;
}

/** `x[index]` as one gather. */
export function gatherIndex(op: string, x: Tensor, entries: readonly Entry[], opts: GetOptions = {}): Tensor {
  const g = toGather(op, x, entries);
  const mode = opts.mode ?? GatherScatterMode.PROMISE_IN_BOUNDS;
  if (sizeOf(g.sliceShape) === 0) return broadcastInDim(scalarArray(0, x.dtype), g.sliceShape, []);
  let y = x;
  if (g.indices !== null) {
    y = bind1("gather", [x, g.indices], {
      dimension_numbers: g.dnums,
      slice_sizes: g.sliceSizes,
      mode,
      fill_value: mode === GatherScatterMode.FILL_OR_DROP ? (opts.fillValue ?? defaultFill(x.dtype)) : null,
      indices_are_sorted: (opts.indicesAreSorted ?? false) || g.unique,
      unique_indices: (opts.uniqueIndices ?? false) || g.unique,
    });
  }
  if (g.reversedDims.length > 0) y = lax.rev(y, g.reversedDims);
  return reshape(y, g.sliceShape);
}

const defaultFill = (dtype: string): number => (dtype === "bool" ? 1 : dtype === "int32" ? -2147483648 : NaN);

/** Implements `Tensor.slice`: static entries slice, 0-d Tensors slice dynamically, arrays and masks gather. */
export function sliceTensor(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  const op = "Tensor.slice";
  const entries = parseIndex(op, x, specs);
  if (entries.every((e) => e.k === "none" || e.k === "slice" || e.k === "int")) return staticSlice(x, entries);
  if (entries.every((e) => e.k !== "array")) return dynamicSlice(x, entries);
  return gatherIndex(op, x, entries);
}

/** `x[i]`: entry i of axis 0 (a slice and a squeeze, as JAX traces iteration). */
export function indexAxis0(x: Tensor, i: number): Tensor {
  return lax.indexInDim(x, i, 0, { keepdims: false });
}

/** Nested JS arrays of a concrete tensor (numbers, booleans for bool, `{ re, im }` for complex). */
export function toList(x: Tensor): unknown {
  const c = x.concreteValue("tolist()");
  const { shape, dtype } = c.aval;
  const data = c.data;
  const conv = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  const complex = isComplex(dtype);
  const rec = (d: number, offset: number): unknown => {
    if (d === shape.length) return complex ? { re: data[2 * offset], im: data[2 * offset + 1] } : conv(data[offset]);
    const inner = sizeOf(shape.slice(d + 1));
    return Array.from({ length: shape[d] }, (_, i) => rec(d + 1, offset + i * inner));
  };
  return rec(0, 0);
}
