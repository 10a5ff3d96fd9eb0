/**
 * Batching rules for vmap: each rule gets the operands (one level down) with the axis that
 * carries the batch (null = unbatched) and returns outputs with their batch axes. Most
 * rules move the batch axis to the front and shift the primitive's axis params by one.
 */
import type { Prim, PrimParams } from "../core/primitives";
import { BINARY_PRIMS, COMPARE_PRIMS } from "../core/prims/binary";
import { rowsFor } from "../core/prims/family";
import { REDUCE_PRIMS } from "../core/prims/reduce";
import { UNARY_PRIMS } from "../core/prims/unary";
import type { Shape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { HostCallback } from "../core/host-callback";
import { rowOf } from "../core/array";
import { GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers } from "../core/gather-dims";
import { broadcastInDim, fill, lit, moveAxis, reshape, select, toFront } from "./ad-ops";
import { controlFlowBatch } from "./control-flow-rules";
import { gatherBatch, scatterBatch } from "./gather-rules";
import { SCATTER_PRIMS } from "../core/prims/scatter";
import { CUMULATIVE_PRIMS } from "../core/prims/cumulative";
import { linalgBatch } from "./linalg-rules";
import { complexBatch } from "./complex-rules";
import { convBatch } from "./conv-rules";
import { windowBatch } from "./window-rules";

/** The batch axis of a value, or null when it is the same for every batch member. */
export type BDim = number | null;

export { toFront };

export type BatchRule<P extends Prim> = (
  args: readonly Tensor[],
  dims: readonly BDim[],
  params: PrimParams[P],
  size: number,
) => [Tensor[], BDim[]];


const exampleShape = (x: Tensor, d: BDim): Shape => (d === null ? x.shape : x.shape.filter((_, i) => i !== d));

/**
 * Elementwise primitives (equal shapes or 0-d operands per example): batched operands move
 * their axis to the front; operands are broadcast only where the primitive needs it
 * (`zeroDimOk(i)` says whether operand i may stay 0-d).
 */
const elementwise =
  <P extends Prim>(prim: P, zeroDimOk: (i: number) => boolean = () => true): BatchRule<P> =>
  (args, dims, params, size) => {
    const shapes = args.map((a, i) => exampleShape(a, dims[i]));
    const full = shapes.reduce((s, x) => (x.length > s.length ? x : s), [] as Shape);
    const ins = args.map((a, i) => {
      if (dims[i] === null) {
        if (a.ndim === 0 && zeroDimOk(i)) return a;
        return broadcastInDim(a, [size, ...full], a.ndim === 0 ? [] : full.map((_, k) => k + 1));
      }
      const front = moveAxis(a, dims[i]!, 0);
      return shapes[i].length === full.length ? front : broadcastInDim(front, [size, ...full], [0]);
    });
    const outs = bind(prim, ins, params);
    return [outs, outs.map(() => 0)];
  };

/** Single-operand primitives whose params name axes: batch first, axes shifted by one. */
const axisShift =
  <P extends Prim>(prim: P, shift: (params: PrimParams[P]) => PrimParams[P]): BatchRule<P> =>
  ([x], [d], params) => {
    const outs = bind(prim, [moveAxis(x, d!, 0)], shift(params));
    return [outs, outs.map(() => 0)];
  };

/** A host callback under vmap is called once per batch member, with that member's values, as in JAX. */
const debugCallbackBatch: BatchRule<"debug_callback"> = (args, dims, { callback }, size) => {
  const batched = dims.map((d) => d !== null);
  const perMember = new HostCallback(callback.name, (values) => {
    for (let b = 0; b < size; b++) callback.fn(values.map((v, i) => (batched[i] ? rowOf(v, b) : v)));
  });
  bind("debug_callback", args.map((a, i) => (dims[i] === null ? a : moveAxis(a, dims[i]!, 0))), { callback: perMember });
  return [[], []];
};

const plus1 = (axes: readonly number[]) => axes.map((a) => a + 1);

/** All operands batched at the front (broadcasting unbatched ones), then `params` shifted. */
const allFront =
  <P extends Prim>(prim: P, shift: (params: PrimParams[P]) => PrimParams[P]): BatchRule<P> =>
  (args, dims, params, size) => {
    const outs = bind(
      prim,
      args.map((a, i) => toFront(a, dims[i], size)),
      shift(params),
    );
    return [outs, outs.map(() => 0)];
  };

const i32 = (v: number) => lit("int32", v);

/** Per-member start indices as the index vectors of a gather or scatter: [batch, axes]. */
const startVectors = (starts: readonly Tensor[]): Tensor =>
  bind1("concatenate", starts.map((s) => reshape(s, [s.shape[0], 1])), { dimension: 1 });

const axesFrom1 = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** dynamic_slice with per-member starts: one gather, clamping as dynamic_slice clamps. */
function gatherSlice(x: Tensor, starts: readonly Tensor[], sizes: readonly number[]): Tensor {
  const axes = axesFrom1(sizes.length);
  return bind1("gather", [x, startVectors(starts)], {
    dimension_numbers: new GatherDimensionNumbers(axes, [], axes, [0], [0]),
    slice_sizes: [x.shape[0] === 0 ? 0 : 1, ...sizes],
    mode: GatherScatterMode.CLIP,
    fill_value: null,
    indices_are_sorted: false,
    unique_indices: false,
  });
}

/** dynamic_update_slice with per-member starts: one scatter, clamping as dynamic_update_slice clamps. */
function scatterSlice(x: Tensor, u: Tensor, starts: readonly Tensor[]): Tensor {
  if (starts.length === 0) return u;
  const axes = axesFrom1(starts.length);
  return bind1("scatter", [x, startVectors(starts), u], {
    dimension_numbers: new ScatterDimensionNumbers(axes, [], axes, [0], [0]),
    mode: GatherScatterMode.CLIP,
    indices_are_sorted: true,
    unique_indices: true,
  });
}

/** dot_general with the batch axis as a dot batch dimension or as a free axis. */
const dotGeneral: BatchRule<"dot_general"> = ([a, b], [da, db], params) => {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers;
  const nb = lb.length;
  if (da !== null && db !== null) {
    const out = bind1("dot_general", [moveAxis(a, da, 0), moveAxis(b, db, 0)], {
      ...params,
      dimension_numbers: [
        [plus1(lc), plus1(rc)],
        [[0, ...plus1(lb)], [0, ...plus1(rb)]],
      ],
    });
    return [[out], [0]];
  }
  if (da !== null) {
    const out = bind1("dot_general", [moveAxis(a, da, 0), b], {
      ...params,
      dimension_numbers: [
        [plus1(lc), rc],
        [plus1(lb), rb],
      ],
    });
    return [[out], [nb]];
  }
  const out = bind1("dot_general", [a, moveAxis(b, db!, 0)], {
    ...params,
    dimension_numbers: [
      [lc, plus1(rc)],
      [lb, plus1(rb)],
    ],
  });
  const lhsFree = a.ndim - lc.length - lb.length;
  return [[out], [nb + lhsFree]];
};

export const batchRules: { readonly [P in Prim]: BatchRule<P> } = {
  ...windowBatch,
  conv_general_dilated: convBatch,
  ...linalgBatch,
  ...complexBatch,
  ...rowsFor(UNARY_PRIMS, (p) => elementwise(p)),
  ...rowsFor(BINARY_PRIMS, (p) => elementwise(p)),
  ...rowsFor(COMPARE_PRIMS, (p) => elementwise(p)),
  ...rowsFor(REDUCE_PRIMS, (p) => axisShift(p, (q) => ({ axes: plus1(q.axes) }))),
  ...rowsFor(SCATTER_PRIMS, scatterBatch),
  gather: gatherBatch,
  round: elementwise("round"),
  is_finite: elementwise("is_finite"),
  integer_pow: elementwise("integer_pow"),
  convert_element_type: elementwise("convert_element_type"),
  // select_n's cases must all have the output's shape; only the selector may stay 0-d.
  select_n: elementwise("select_n", (i) => i === 0),
  argmax: axisShift("argmax", (p) => ({ ...p, axes: plus1(p.axes) })),
  argmin: axisShift("argmin", (p) => ({ ...p, axes: plus1(p.axes) })),
  ...rowsFor(CUMULATIVE_PRIMS, (prim) => axisShift(prim, (p) => ({ ...p, axis: p.axis + 1 }))),
  broadcast_in_dim: ([x], [d], p) => {
    const front = moveAxis(x, d!, 0);
    const out = bind1("broadcast_in_dim", [front], {
      shape: [front.shape[0], ...p.shape],
      broadcast_dimensions: [0, ...plus1(p.broadcast_dimensions)],
    });
    return [[out], [0]];
  },
  reshape: ([x], [d], p) => {
    const front = moveAxis(x, d!, 0);
    return [[reshape(front, [front.shape[0], ...p.new_sizes])], [0]];
  },
  transpose: axisShift("transpose", (p) => ({ permutation: [0, ...plus1(p.permutation)] })),
  squeeze: axisShift("squeeze", (p) => ({ dimensions: plus1(p.dimensions) })),
  rev: axisShift("rev", (p) => ({ dimensions: plus1(p.dimensions) })),
  slice: ([x], [d], p) => {
    const front = moveAxis(x, d!, 0);
    const out = bind1("slice", [front], {
      start_indices: [0, ...p.start_indices],
      limit_indices: [front.shape[0], ...p.limit_indices],
      strides: p.strides ? [1, ...p.strides] : null,
    });
    return [[out], [0]];
  },
  pad: ([x, v], [dx, dv], p, size) => {
    const cfg = [[0, 0, 0] as const, ...p.padding_config];
    const front = toFront(x, dx, size);
    if (dv === null) return [[bind1("pad", [front, v], { padding_config: cfg })], [0]];
    // A per-member padding value: pad with zero, then add the value where the mask of padding is 1.
    const padded = bind1("pad", [front, lit(x, 0)], { padding_config: cfg });
    const mask = bind1("pad", [fill(lit(x, 0), front.shape), lit(x, 1)], { padding_config: cfg });
    const vb = broadcastInDim(moveAxis(v, dv, 0), padded.shape, [0]);
    return [[select(bind1("ne", [mask, lit(x, 0)], {}), vb, padded)], [0]];
  },
  concatenate: allFront("concatenate", (p) => ({ dimension: p.dimension + 1 })),
  dynamic_slice: ([x, ...idx], [dx, ...didx], p, size) => {
    const front = toFront(x, dx, size);
    if (didx.every((d) => d === null)) {
      return [[bind1("dynamic_slice", [front, i32(0), ...idx], { slice_sizes: [size, ...p.slice_sizes] })], [0]];
    }
    const starts = idx.map((s, i) => toFront(s, didx[i], size));
    return [[gatherSlice(front, starts, p.slice_sizes)], [0]];
  },
  dynamic_update_slice: ([x, u, ...idx], [dx, du, ...didx], _p, size) => {
    const front = toFront(x, dx, size);
    const uf = toFront(u, du, size);
    if (didx.every((d) => d === null)) return [[bind1("dynamic_update_slice", [front, uf, i32(0), ...idx], {})], [0]];
    return [[scatterSlice(front, uf, idx.map((s, i) => toFront(s, didx[i], size)))], [0]];
  },
  iota: (_args, _dims, p) => [[bind1("iota", [], p)], [null]],
  // Batched keys are just more keys: the key axes lead the output.
  random_bits: allFront("random_bits", (p) => p),
  argsort: axisShift("argsort", (p) => ({ axis: p.axis + 1 })),
  dot_general: dotGeneral,
  debug_callback: debugCallbackBatch,
  // Higher-order primitives (the rules module imports this one, so call through lazily).
  cond: (a, d, p, n) => controlFlowBatch.cond(a, d, p, n),
  while: (a, d, p, n) => controlFlowBatch.while(a, d, p, n),
  scan: (a, d, p, n) => controlFlowBatch.scan(a, d, p, n),
  checkpoint: (a, d, p, n) => controlFlowBatch.checkpoint(a, d, p, n),
};
