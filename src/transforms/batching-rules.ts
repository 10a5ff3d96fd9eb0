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
import { and, broadcastInDim, fill, ge, lit, moveAxis, reshape, select } from "./ad-ops";
import { controlFlowBatch } from "./control-flow-rules";

/** The batch axis of a value, or null when it is the same for every batch member. */
export type BDim = number | null;

export type BatchRule<P extends Prim> = (
  args: readonly Tensor[],
  dims: readonly BDim[],
  params: PrimParams[P],
  size: number,
) => [Tensor[], BDim[]];

/** The value with its batch axis first, broadcasting an unbatched value to `size`. */
export function toFront(x: Tensor, d: BDim, size: number): Tensor {
  if (d === null) return broadcastInDim(x, [size, ...x.shape], x.shape.map((_, i) => i + 1));
  return moveAxis(x, d, 0);
}

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
const clampI32 = (x: Tensor, lo: number, hi: number) => bind1("min", [bind1("max", [x, i32(lo)], {}), i32(hi)], {});
const iotaI32 = (n: number) => bind1("iota", [], { dtype: "int32", shape: [n], dimension: 0 });

/** An index vector per batch member, shaped to select along axis `axis + 1` of `target`. */
function alongIndices(idx: Tensor, axis: number, target: Shape): Tensor {
  const shape = target.map((_, k) => (k === 0 ? target[0] : k === axis + 1 ? idx.shape[1] : 1));
  const r = reshape(idx, shape);
  return broadcastInDim(
    r,
    target.map((n, k) => (k === axis + 1 ? idx.shape[1] : n)),
    shape.map((_, k) => k),
  );
}

/** dynamic_slice with per-member starts: one take_along_axis per axis. */
function gatherSlice(x: Tensor, starts: readonly Tensor[], sizes: readonly number[]): Tensor {
  let r = x;
  starts.forEach((s, d) => {
    const start = clampI32(s, 0, x.shape[d + 1] - sizes[d]);
    const idx = bind1("add", [broadcastInDim(start, [x.shape[0], sizes[d]], [0]), broadcastInDim(iotaI32(sizes[d]), [x.shape[0], sizes[d]], [1])], {});
    r = bind1("take_along_axis", [r, alongIndices(idx, d, r.shape)], { axis: d + 1 });
  });
  return r;
}

/** dynamic_update_slice with per-member starts: gather the update into place and select. */
function scatterSlice(x: Tensor, u: Tensor, starts: readonly Tensor[]): Tensor {
  const [b, ...shape] = x.shape;
  let mask: Tensor | null = null;
  let placed = u;
  starts.forEach((s, d) => {
    const start = clampI32(s, 0, shape[d] - u.shape[d + 1]);
    const pos = broadcastInDim(iotaI32(shape[d]), [b, shape[d]], [1]);
    const st = broadcastInDim(start, [b, shape[d]], [0]);
    const offset = bind1("sub", [pos, st], {});
    const inside = and(ge(offset, i32(0)), bind1("lt", [offset, i32(u.shape[d + 1])], {}));
    const m = broadcastInDim(inside, x.shape, [0, d + 1]);
    mask = mask === null ? m : and(mask, m);
    placed = bind1("take_along_axis", [placed, alongIndices(clampI32(offset, 0, u.shape[d + 1] - 1), d, placed.shape)], { axis: d + 1 });
  });
  return mask === null ? x : select(mask, placed, x);
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
  ...rowsFor(UNARY_PRIMS, (p) => elementwise(p)),
  ...rowsFor(BINARY_PRIMS, (p) => elementwise(p)),
  ...rowsFor(COMPARE_PRIMS, (p) => elementwise(p)),
  ...rowsFor(REDUCE_PRIMS, (p) => axisShift(p, (q) => ({ axes: plus1(q.axes) }))),
  round: elementwise("round"),
  is_finite: elementwise("is_finite"),
  integer_pow: elementwise("integer_pow"),
  convert_element_type: elementwise("convert_element_type"),
  // select_n's cases must all have the output's shape; only the selector may stay 0-d.
  select_n: elementwise("select_n", (i) => i === 0),
  argmax: axisShift("argmax", (p) => ({ ...p, axes: plus1(p.axes) })),
  argmin: axisShift("argmin", (p) => ({ ...p, axes: plus1(p.axes) })),
  cumsum: axisShift("cumsum", (p) => ({ ...p, axis: p.axis + 1 })),
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
  take_along_axis: allFront("take_along_axis", (p) => ({ axis: p.axis + 1 })),
  scatter_add_along_axis: allFront("scatter_add_along_axis", (p) => ({ axis: p.axis + 1 })),
  iota: (_args, _dims, p) => [[bind1("iota", [], p)], [null]],
  // Batched keys are just more keys: the key axes lead the output.
  random_bits: allFront("random_bits", (p) => p),
  argsort: axisShift("argsort", (p) => ({ axis: p.axis + 1 })),
  dot_general: dotGeneral,
  // Higher-order primitives (the rules module imports this one, so call through lazily).
  cond: (a, d, p, n) => controlFlowBatch.cond(a, d, p, n),
  while: (a, d, p, n) => controlFlowBatch.while(a, d, p, n),
  scan: (a, d, p, n) => controlFlowBatch.scan(a, d, p, n),
  checkpoint: (a, d, p, n) => controlFlowBatch.checkpoint(a, d, p, n),
};
