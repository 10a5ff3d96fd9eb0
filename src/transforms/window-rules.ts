/**
 * Rules of the window primitives, as JAX's: reduce_window_sum is linear, its transpose a
 * window sum over the cotangent padded and dilated by the strides; reduce_window_max/min
 * differentiate through the selection — the JVP gathers each window's tangent at its
 * first extreme (`select_and_gather_add`), the VJP scatters each cotangent there
 * (`select_and_scatter_add`), and those two are each other's transposes. Batching adds a
 * window axis of size 1 for the batch.
 */
import { convVjpLhsPadding } from "../core/conv-dims";
import { TransformError } from "../core/errors";
import type { PrimParams } from "../core/primitives";
import { type ReduceWindowPrim, type SelectPrim, WINDOW_PRIMS, type WindowParams, type WindowPrim } from "../core/prims/window";
import { rowsFor } from "../core/prims/family";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { lit, toFront } from "./ad-ops";
import type { BatchRule } from "./batching-rules";
import type { JvpRule } from "./jvp-rules";
import type { VjpRule } from "./vjp-rules";

const ones = (n: number) => Array.from({ length: n }, () => 1);

/** The transpose of a window sum: the cotangent padded (dilated by the strides) and summed over windows again. */
function sumTranspose(ct: Tensor, inShape: readonly number[], p: WindowParams): Tensor {
  const pads = convVjpLhsPadding(
    { inShape, window: p.window_dimensions, outShape: ct.shape },
    { window_strides: p.window_strides, padding: p.padding, lhs_dilation: p.base_dilation, rhs_dilation: p.window_dilation },
  );
  const padded = bind1("pad", [ct, lit(ct, 0)], { padding_config: pads.map(([lo, hi], i) => [lo, hi, p.window_strides[i] - 1] as const) });
  return bind1("reduce_window_sum", [padded], {
    window_dimensions: p.window_dimensions,
    window_strides: p.base_dilation,
    padding: inShape.map(() => [0, 0] as const),
    base_dilation: ones(inShape.length),
    window_dilation: p.window_dilation,
  });
}

/** Reverse mode through a max/min window: XLA's SelectAndScatter has no window dilation, nor has JAX's rule. */
function refuseWindowDilation(p: WindowParams, what: string): void {
  if (p.window_dilation.some((d) => d !== 1)) {
    throw new TransformError(`${what}: reverse mode through a max/min window with window dilation is not defined (as in JAX); use window dilation 1.`);
  }
}

/**
 * The cotangent of the tangents of a selection: each window's cotangent added where it
 * selected. Base dilation is undone by selecting over x with identity holes and slicing.
 */
function scatterToSelection(ct: Tensor, x: Tensor, selectPrim: SelectPrim, p: WindowParams, what: string): Tensor {
  refuseWindowDilation(p, what);
  const dilated = p.base_dilation.some((d) => d !== 1);
  const operand = dilated
    ? bind1("pad", [x, lit(x, selectPrim === "ge" ? -Infinity : Infinity)], { padding_config: p.base_dilation.map((d) => [0, 0, d - 1] as const) })
    : x;
  const scattered = bind1("select_and_scatter_add", [ct, operand], {
    select_prim: selectPrim,
    window_dimensions: p.window_dimensions,
    window_strides: p.window_strides,
    padding: p.padding,
  });
  if (!dilated) return scattered;
  return bind1("slice", [scattered], { start_indices: x.shape.map(() => 0), limit_indices: [...scattered.shape], strides: [...p.base_dilation] });
}

const SELECT: { readonly [P in "reduce_window_max" | "reduce_window_min"]: SelectPrim } = { reduce_window_max: "ge", reduce_window_min: "le" };

const gatherAt = (t: Tensor, x: Tensor, selectPrim: SelectPrim, p: WindowParams) => bind1("select_and_gather_add", [t, x], { ...p, select_prim: selectPrim });

const reduceJvp =
  (prim: ReduceWindowPrim): JvpRule<ReduceWindowPrim> =>
  ([x], [t], p) => {
    const out = bind1(prim, [x], p);
    if (t === null) return [[out], [null]];
    return [[out], [prim === "reduce_window_sum" ? bind1(prim, [t], p) : gatherAt(t, x, SELECT[prim], p)]];
  };

const reduceVjp =
  (prim: ReduceWindowPrim): VjpRule<ReduceWindowPrim> =>
  ([x], p) => {
    if (prim !== "reduce_window_sum") refuseWindowDilation(p, prim);
    const out = bind1(prim, [x], p);
    return {
      outs: [out],
      backward: ([ct]) => [ct === null ? null : prim === "reduce_window_sum" ? sumTranspose(ct, x.shape, p) : scatterToSelection(ct, x, SELECT[prim], p, prim)],
    };
  };

export const windowJvp: { readonly [P in WindowPrim]: JvpRule<P> } = {
  reduce_window_sum: reduceJvp("reduce_window_sum"),
  reduce_window_max: reduceJvp("reduce_window_max"),
  reduce_window_min: reduceJvp("reduce_window_min"),
  // Linear in the first operand; the selection is piecewise constant in x.
  select_and_gather_add: ([t, x], [dt], p) => [[bind1("select_and_gather_add", [t, x], p)], [dt === null ? null : bind1("select_and_gather_add", [dt, x], p)]],
  select_and_scatter_add: ([s, x], [ds], p) => [[bind1("select_and_scatter_add", [s, x], p)], [ds === null ? null : bind1("select_and_scatter_add", [ds, x], p)]],
};

export const windowVjp: { readonly [P in WindowPrim]: VjpRule<P> } = {
  reduce_window_sum: reduceVjp("reduce_window_sum"),
  reduce_window_max: reduceVjp("reduce_window_max"),
  reduce_window_min: reduceVjp("reduce_window_min"),
  select_and_gather_add: ([t, x], p) => ({
    outs: [bind1("select_and_gather_add", [t, x], p)],
    backward: ([ct]) => [ct === null ? null : scatterToSelection(ct, x, p.select_prim, p, "select_and_gather_add"), null],
  }),
  select_and_scatter_add: ([s, x], p) => ({
    outs: [bind1("select_and_scatter_add", [s, x], p)],
    backward: ([ct]) => [
      ct === null ? null : gatherAt(ct, x, p.select_prim, { ...p, base_dilation: ones(x.ndim), window_dilation: ones(x.ndim) }),
      null,
    ],
  }),
};

/** The batch axis in front, swept by a window of 1 (no stride, padding or dilation). */
function withBatchAxis<P extends WindowPrim>(p: PrimParams[P]): PrimParams[P] {
  const q = p as Record<string, unknown> & WindowParams;
  const out: Record<string, unknown> = {
    ...q,
    window_dimensions: [1, ...q.window_dimensions],
    window_strides: [1, ...q.window_strides],
    padding: [[0, 0], ...q.padding],
  };
  if ("base_dilation" in q) {
    out.base_dilation = [1, ...q.base_dilation];
    out.window_dilation = [1, ...q.window_dilation];
  }
  return out as PrimParams[P];
}

const batchRule =
  <P extends WindowPrim>(prim: P): BatchRule<P> =>
  (args, dims, p, size) => {
    const outs = bind(prim, args.map((a, i) => toFront(a, dims[i], size)), withBatchAxis<P>(p));
    return [outs, [0]];
  };

export const windowBatch: { readonly [P in WindowPrim]: BatchRule<P> } = rowsFor(WINDOW_PRIMS, batchRule);
