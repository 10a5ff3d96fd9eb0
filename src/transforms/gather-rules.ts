/**
 * Transformation rules of gather and the scatters, after JAX's (`lax/slicing.py`): a
 * gather is linear in its operand and its transpose is a scatter-add; a scatter-add is
 * linear in operand and updates, with a gather as the transpose for the updates. Where
 * JAX's rules differ for us:
 *
 * - `scatter` (set) applies updates in a fixed order, so which of several updates to one
 *   element wins depends on the indices only: its tangent is the same scatter of the
 *   tangents, and its updates' cotangent is gathered where an update won (found by
 *   scattering update ids), whatever the duplicates.
 * - `scatter-mul`'s derivative with respect to the updates needs `unique_indices`, as in JAX.
 * - `scatter-min`/`scatter-max` share the derivative among tied values, JAX's rule.
 */
import { TransformError } from "../core/errors";
import {
  GatherDimensionNumbers,
  GatherScatterMode,
  ScatterDimensionNumbers,
  gatherDimsOfScatter,
  scatterDimsOfGather,
  scatterWindowSizes,
  scatterWindows,
} from "../core/gather-dims";
import type { PrimParams, ScatterParams, ScatterPrim } from "../core/primitives";
import { scatterPrims } from "../core/prims/scatter";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { add, div, eq, fill, lit, moveAxis, mul, reshape, select, toFront, zeros } from "./ad-ops";
import type { BatchRule } from "./batching-rules";
import type { JvpRule } from "./jvp-rules";
import type { Ct, VjpRule } from "./vjp-rules";

type GatherParams = PrimParams["gather"];
type Tangent = Tensor | null;

const plus1 = (xs: readonly number[]) => xs.map((x) => x + 1);

export const gather = (x: Tensor, idx: Tensor, p: GatherParams): Tensor => bind1("gather", [x, idx], p);
const scatter = (prim: ScatterPrim, x: Tensor, idx: Tensor, u: Tensor, p: ScatterParams): Tensor => bind1(prim, [x, idx, u], p);

/** The gather that reads back, from an operand-shaped array, the windows a scatter wrote (fill 0). */
function inverseGather(p: ScatterParams, operandShape: readonly number[], updatesShape: readonly number[]): GatherParams {
  return {
    dimension_numbers: gatherDimsOfScatter(p.dimension_numbers),
    slice_sizes: scatterWindowSizes(operandShape, updatesShape, scatterWindows(p.dimension_numbers)),
    mode: p.mode,
    fill_value: p.mode === GatherScatterMode.FILL_OR_DROP ? 0 : null,
    indices_are_sorted: p.indices_are_sorted,
    unique_indices: p.unique_indices,
  };
}

/** The scatter-add that puts a gather's cotangent back into the operand. */
function transposeScatter(p: GatherParams): ScatterParams {
  return { dimension_numbers: scatterDimsOfGather(p.dimension_numbers), mode: p.mode, indices_are_sorted: p.indices_are_sorted, unique_indices: p.unique_indices };
}

/** The tangent of a gather: the same gather of the tangent, with out-of-bounds windows 0 rather than the fill value. */
const tangentGather = (p: GatherParams): GatherParams => (p.fill_value === null ? p : { ...p, fill_value: 0 });

// ── forward mode ──

export const gatherJvp: JvpRule<"gather"> = ([x, idx], [tx], p) => {
  const out = gather(x, idx, p);
  return [[out], [tx === null ? null : gather(tx, idx, tangentGather(p))]];
};

/** 1 where update element k is the one whose value `scatter` leaves at its target (ids are 1-based; 0 = untouched). */
function winners(x: Tensor, idx: Tensor, u: Tensor, p: ScatterParams): Tensor {
  const ids = reshape(add(bind1("iota", [], { dtype: "int32", shape: [u.size], dimension: 0 }), lit("int32", 1)), u.shape);
  const written = scatter("scatter", zeros(x.shape, "int32"), idx, ids, p);
  return eq(gather(written, idx, inverseGather(p, x.shape, u.shape)), ids);
}

/** scatter-min/max's weights (JAX's rule): tied contenders share an element's derivative equally. */
function extremalCoefficients(x: Tensor, idx: Tensor, u: Tensor, out: Tensor, p: ScatterParams): { operand: Tensor; updates: Tensor } {
  const g = inverseGather(p, x.shape, u.shape);
  const initial = gather(x, idx, g);
  const target = gather(out, idx, g);
  const successful = eq(u, target);
  const retained = eq(initial, target);
  const one = lit(u, 1);
  const zero = lit(u, 0);
  const count = (w: Tensor) => gather(scatter("scatter-add", zeros(x.shape, u.dtype), idx, w, p), idx, g);
  const numUpdates = count(select(successful, fill(one, u.shape), fill(zero, u.shape)));
  const numRefs = count(fill(one, u.shape));
  const updatesNormalizer = select(retained, div(one, add(numUpdates, one)), div(one, numUpdates));
  const updates = select(successful, updatesNormalizer, fill(zero, u.shape));
  const operandNormalizer = select(retained, div(one, add(numUpdates, one)), fill(zero, u.shape));
  return { operand: div(add(lit(u, -1), operandNormalizer), numRefs), updates };
}

const inst = (t: Tangent, like: Tensor): Tensor => t ?? zeros(like.shape, like.dtype);

function uniqueForMul(what: string, p: ScatterParams): void {
  if (!p.unique_indices) {
    throw new TransformError(
      `scatter-mul: the ${what} with respect to the updates is only defined with unique indices (as in JAX). ` +
        `Pass uniqueIndices: true to .at(...).multiply if no two updates share an element.`,
    );
  }
}

export function scatterJvp(prim: ScatterPrim): JvpRule<ScatterPrim> {
  const { combine } = scatterPrims[prim];
  return ([x, idx, u], [tx, , tu], p) => {
    const out = scatter(prim, x, idx, u, p);
    if (tx === null && tu === null) return [[out], [null]];
    switch (combine) {
      case "set":
      case "add":
        return [[out], [scatter(prim, inst(tx, x), idx, inst(tu, u), p)]];
      case "mul": {
        const fromX = tx === null ? null : scatter(prim, tx, idx, u, p);
        if (tu === null) return [[out], [fromX]];
        uniqueForMul("derivative", p);
        const fromU = mul(x, scatter("scatter-add", zeros(x.shape, x.dtype), idx, tu, p));
        return [[out], [fromX === null ? fromU : add(fromX, fromU)]];
      }
      default: {
        const c = extremalCoefficients(x, idx, u, out, p);
        const gx = inst(tx, x);
        const gu = inst(tu, u);
        const target = gather(gx, idx, inverseGather(p, x.shape, u.shape));
        return [[out], [scatter("scatter-add", gx, idx, add(mul(target, c.operand), mul(gu, c.updates)), p)]];
      }
    }
  };
}

// ── reverse mode ──

export const gatherVjp: VjpRule<"gather"> = ([x, idx], p) => {
  const out = gather(x, idx, p);
  return {
    outs: [out],
    backward: ([ct], [wx]) => [wx && ct ? scatter("scatter-add", zeros(x.shape, ct.dtype), idx, ct, transposeScatter(p)) : null, null],
  };
};

export function scatterVjp(prim: ScatterPrim): VjpRule<ScatterPrim> {
  const { combine } = scatterPrims[prim];
  return ([x, idx, u], p) => {
    const out = scatter(prim, x, idx, u, p);
    const back = (ct: Tensor, wx: boolean, wu: boolean): Ct[] => {
      const g = inverseGather(p, x.shape, u.shape);
      switch (combine) {
        case "add":
          return [wx ? ct : null, null, wu ? gather(ct, idx, g) : null];
        case "set": {
          const ctx = wx ? scatter("scatter", ct, idx, zeros(u.shape, ct.dtype), p) : null;
          const ctu = wu ? select(winners(x, idx, u, p), gather(ct, idx, g), zeros(u.shape, ct.dtype)) : null;
          return [ctx, null, ctu];
        }
        case "mul": {
          if (wu) uniqueForMul("gradient", p);
          return [wx ? scatter(prim, ct, idx, u, p) : null, null, wu ? gather(mul(ct, x), idx, g) : null];
        }
        default: {
          const c = extremalCoefficients(x, idx, u, out, p);
          const gathered = gather(ct, idx, g);
          const ctx = wx ? add(ct, scatter("scatter-add", zeros(x.shape, ct.dtype), idx, mul(gathered, c.operand), p)) : null;
          return [ctx, null, wu ? mul(gathered, c.updates) : null];
        }
      }
    };
    return { outs: [out], backward: ([ct], [wx, , wu]) => (ct === null ? [null, null, null] : back(ct, wx, wu)) };
  };
}

// ── batching ──

export const gatherBatch: BatchRule<"gather"> = ([x, idx], [dx, di], p) => {
  const d = p.dimension_numbers;
  let dnums: GatherDimensionNumbers;
  let sizes: readonly number[];
  let operand = x;
  let indices = idx;
  if (di === null) {
    operand = moveAxis(x, dx!, 0);
    sizes = [operand.shape[0], ...p.slice_sizes];
    dnums = new GatherDimensionNumbers([0, ...plus1(d.offset_dims)], plus1(d.collapsed_slice_dims), plus1(d.start_index_map), plus1(d.operand_batching_dims), d.start_indices_batching_dims);
  } else if (dx === null) {
    indices = moveAxis(idx, di, 0);
    sizes = p.slice_sizes;
    dnums = new GatherDimensionNumbers(plus1(d.offset_dims), d.collapsed_slice_dims, d.start_index_map, d.operand_batching_dims, plus1(d.start_indices_batching_dims));
  } else {
    operand = moveAxis(x, dx, 0);
    indices = moveAxis(idx, di, 0);
    sizes = [operand.shape[0] === 0 ? 0 : 1, ...p.slice_sizes];
    dnums = new GatherDimensionNumbers(
      plus1(d.offset_dims),
      plus1(d.collapsed_slice_dims),
      plus1(d.start_index_map),
      [0, ...plus1(d.operand_batching_dims)],
      [0, ...plus1(d.start_indices_batching_dims)],
    );
  }
  // Batching the indices alone makes the members share the operand: the indices may repeat.
  const flags = dx === null ? { unique_indices: false, indices_are_sorted: false } : {};
  return [[gather(operand, indices, { ...p, ...flags, dimension_numbers: dnums, slice_sizes: sizes })], [0]];
};

export function scatterBatch(prim: ScatterPrim): BatchRule<ScatterPrim> {
  return ([x, idx, u], [dx, di, du], p, size) => {
    const d = p.dimension_numbers;
    const operand = toFront(x, dx, size);
    const updates = toFront(u, du, size);
    if (di === null) {
      const dnums = new ScatterDimensionNumbers(
        [0, ...plus1(d.update_window_dims)],
        plus1(d.inserted_window_dims),
        plus1(d.scatter_dims_to_operand_dims),
        plus1(d.operand_batching_dims),
        d.scatter_indices_batching_dims,
      );
      return [[scatter(prim, operand, idx, updates, { ...p, dimension_numbers: dnums })], [0]];
    }
    const dnums = new ScatterDimensionNumbers(
      plus1(d.update_window_dims),
      plus1(d.inserted_window_dims),
      plus1(d.scatter_dims_to_operand_dims),
      [0, ...plus1(d.operand_batching_dims)],
      [0, ...plus1(d.scatter_indices_batching_dims)],
    );
    return [[scatter(prim, operand, toFront(idx, di, size), updates, { ...p, dimension_numbers: dnums })], [0]];
  };
}

