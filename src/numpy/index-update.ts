/**
 * `x.at(...index)`: JAX's pure indexed updates. The updated region is `x[index]`: a
 * static, in-bounds, unit-step region becomes `dynamic_update_slice` (cheap, and plain
 * copies when compiled); anything else the one scatter that undoes the gather of
 * `indexing.ts` (JAX's `_scatter_update`), where out-of-bounds updates are dropped unless
 * the mode says `"clip"`. Operand and values are promoted together and the result
 * converted back to the operand's dtype, as in JAX.
 */
import { scalarArray } from "../core/array";
import { GatherScatterMode, ScatterDimensionNumbers, parseMode } from "../core/gather-dims";
import type { ScatterPrim } from "../core/primitives";
import { sizeOf } from "../core/shape";
import type { IndexGetOptions, IndexSpec, IndexUpdateOptions, IndexUpdateRef, Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as lax from "../lax/lax";
import { asTensor, broadcastTo, convert, promote, reshape } from "./convert";
import { divide, power } from "./elementwise";
import { type Entry, canonicalSlice, parseIndex } from "./index-parse";
import { gatherIndex, sliceTensor, toGather } from "./indexing";

type Combine = "set" | "add" | "mul" | "min" | "max";

const scatterPrim: { readonly [C in Combine]: ScatterPrim } = {
  set: "scatter",
  add: "scatter-add",
  mul: "scatter-mul",
  min: "scatter-min",
  max: "scatter-max",
};

/** The elementwise op that combines old and new values in the dynamic_update_slice form. */
const combineOld: { readonly [C in Exclude<Combine, "set">]: "add" | "mul" | "min" | "max" } = { add: "add", mul: "mul", min: "min", max: "max" };

/** Starts and sizes of a static, in-bounds, unit-step region, or null. */
function staticRegion(x: Tensor, entries: readonly Entry[]): { starts: number[]; sizes: number[] } | null {
  const starts = x.shape.map(() => 0);
  const sizes = [...x.shape];
  for (const e of entries) {
    if (e.k === "none") continue;
    if (e.k === "int") {
      if (e.i < 0 || e.i >= x.shape[e.axis]) return null;
      starts[e.axis] = e.i;
      sizes[e.axis] = 1;
    } else if (e.k === "slice") {
      const { start, step, size } = canonicalSlice(e.spec, x.shape[e.axis]);
      if (step !== 1) return null;
      starts[e.axis] = size === 0 ? 0 : start;
      sizes[e.axis] = size;
    } else return null;
  }
  return { starts, sizes };
}

function update(op: string, x: Tensor, index: readonly IndexSpec[], values: TensorLike, combine: Combine, opts: IndexUpdateOptions): Tensor {
  const entries = parseIndex(op, x, index, false);
  const [xp, yp] = promote(op, [x, values]);
  const mode = parseMode(op, opts.mode, GatherScatterMode.FILL_OR_DROP);
  const region = staticRegion(x, entries);
  let out: Tensor;
  if (region) {
    if (sizeOf(region.sizes) === 0) return x;
    // x[index] has the region's shape with int axes dropped and null axes added.
    const target = broadcastTo(op, yp, sliceTensor(xp, index).shape);
    const window = reshape(target, region.sizes);
    const starts = region.starts.map((s) => scalarArray(s, "int32"));
    const written =
      combine === "set"
        ? window
        : bind1(combineOld[combine], [bind1("slice", [xp], { start_indices: region.starts, limit_indices: region.starts.map((s, d) => s + region.sizes[d]), strides: null }), window], {});
    out = bind1("dynamic_update_slice", [xp, written, ...starts], {});
  } else {
    const g = toGather(op, xp, entries);
    if (sizeOf(g.sliceShape) === 0) return x;
    let y = broadcastTo(op, yp, g.sliceShape);
    if (g.newaxisDims.length > 0) y = lax.squeeze(y, g.newaxisDims);
    if (g.reversedDims.length > 0) y = lax.rev(y, g.reversedDims);
    const indices = g.indices ?? asTensor(new Int32Array(0), op);
    out = bind1(scatterPrim[combine], [xp, indices, y], {
      dimension_numbers: new ScatterDimensionNumbers(g.dnums.offset_dims, g.dnums.collapsed_slice_dims, g.dnums.start_index_map),
      mode,
      indices_are_sorted: (opts.indicesAreSorted ?? false) || g.unique,
      unique_indices: (opts.uniqueIndices ?? false) || g.unique,
    });
  }
  return convert(out, x.dtype);
}

class Ref implements IndexUpdateRef {
  constructor(
    private readonly x: Tensor,
    private readonly index: readonly IndexSpec[],
  ) {}

  get(opts: IndexGetOptions = {}): Tensor {
    if (opts.mode === undefined && opts.fillValue === undefined) return sliceTensor(this.x, this.index);
    const op = "Tensor.at(...).get";
    const mode = parseMode(op, opts.mode, opts.fillValue === undefined ? GatherScatterMode.PROMISE_IN_BOUNDS : GatherScatterMode.FILL_OR_DROP);
    const fill = typeof opts.fillValue === "boolean" ? Number(opts.fillValue) : opts.fillValue;
    return gatherIndex(op, this.x, parseIndex(op, this.x, this.index, false), { ...opts, mode, fillValue: fill });
  }
  set(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return update("Tensor.at(...).set", this.x, this.index, values, "set", opts);
  }
  add(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return update("Tensor.at(...).add", this.x, this.index, values, "add", opts);
  }
  subtract(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    const [, y] = promote("Tensor.at(...).subtract", [this.x, values]);
    return update("Tensor.at(...).subtract", this.x, this.index, bind1("neg", [y], {}), "add", opts);
  }
  multiply(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return update("Tensor.at(...).multiply", this.x, this.index, values, "mul", opts);
  }
  mul(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return this.multiply(values, opts);
  }
  divide(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    // JAX's definition: x / (1 with the values multiplied in at the index).
    const ones = bind1("broadcast_in_dim", [scalarArray(1, promote("Tensor.at(...).divide", [this.x, values])[0].dtype)], { shape: [...this.x.shape], broadcast_dimensions: [] });
    return convert(divide(this.x, update("Tensor.at(...).divide", ones, this.index, values, "mul", opts)), this.x.dtype);
  }
  power(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    const ones = bind1("broadcast_in_dim", [scalarArray(1, promote("Tensor.at(...).power", [this.x, values])[0].dtype)], { shape: [...this.x.shape], broadcast_dimensions: [] });
    return convert(power(this.x, update("Tensor.at(...).power", ones, this.index, values, "mul", opts)), this.x.dtype);
  }
  min(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return update("Tensor.at(...).min", this.x, this.index, values, "min", opts);
  }
  max(values: TensorLike, opts: IndexUpdateOptions = {}): Tensor {
    return update("Tensor.at(...).max", this.x, this.index, values, "max", opts);
  }
}

/** Implements `Tensor.at`. */
export function indexUpdate(x: Tensor, index: readonly IndexSpec[]): IndexUpdateRef {
  return new Ref(x, index);
}
