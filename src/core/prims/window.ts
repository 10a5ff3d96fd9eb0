/**
 * The window primitives (JAX's): `reduce_window_sum`, `reduce_window_max`,
 * `reduce_window_min` — a reduction of each window of a strided, padded, dilated sweep,
 * with the identity, step and accumulator of `reduce_sum`/`reduce_max`/`reduce_min`
 * (`prims/reduce.ts`) — and the selections their derivatives use:
 * `select_and_gather_add(t, x)` (the tangent at each window's extreme of x) and
 * `select_and_scatter_add(s, x)` (its transpose). Params, abstract eval and kernels here;
 * rules in `transforms/window-rules.ts`.
 */
import { ConcreteArray } from "../array";
import { type Aval, makeAval, showAval } from "../aval";
import { windowOutSizes } from "../conv-dims";
import { allocate, isFloat } from "../dtype";
import * as E from "../either";
import { DTypeError, type JitgradError, ShapeError } from "../errors";
import { type WindowGeometry, reduceWindowKernel, selectAndGatherKernel, selectAndScatterKernel, windowTaps } from "../kernels/window";
import { numeric } from "../scalar/numeric";
import { sizeOf } from "../shape";
import { type ReducePrim, accumulatorDType, reduceFinish, reducePrims, reduceStep } from "./reduce";

export const WINDOW_PRIMS = ["reduce_window_sum", "reduce_window_max", "reduce_window_min", "select_and_gather_add", "select_and_scatter_add"] as const;
export type WindowPrim = (typeof WINDOW_PRIMS)[number];
/** The window reductions: sum, max and min over strided, padded, dilated windows. */
export type ReduceWindowPrim = "reduce_window_sum" | "reduce_window_max" | "reduce_window_min";
/** A window reduction's params: the window's geometry. */
export type WindowParams = WindowGeometry;

/** Which extreme a selection looks for: JAX's `select_prim`, ge (max) or le (min). */
export type SelectPrim = "ge" | "le";

/** Params of the window primitives. */
export type WindowPrimParams = { readonly [P in ReduceWindowPrim]: WindowParams } & {
  readonly select_and_gather_add: WindowParams & { readonly select_prim: SelectPrim };
  /** No dilations: XLA's SelectAndScatter has none. */
  readonly select_and_scatter_add: Omit<WindowParams, "base_dilation" | "window_dilation"> & { readonly select_prim: SelectPrim };
};

/** The reduction each reduce_window primitive runs per window. */
export const WINDOW_REDUCTION: { readonly [P in ReduceWindowPrim]: ReducePrim } = {
  reduce_window_sum: "reduce_sum",
  reduce_window_max: "reduce_max",
  reduce_window_min: "reduce_min",
};

const UNDILATED = (n: number) => Array.from({ length: n }, () => 1);

/** The full geometry of a selection's params (select_and_scatter_add has no dilations). */
export const geometryOf = (p: WindowParams | WindowPrimParams["select_and_scatter_add"]): WindowGeometry =>
  "base_dilation" in p ? p : { ...p, base_dilation: UNDILATED(p.window_dimensions.length), window_dilation: UNDILATED(p.window_dimensions.length) };

type Result = E.Either<JitgradError, readonly Aval[]>;

/** The output shape of a window sweep over `shape`, or why the params do not fit it. */
function sweepShape(prim: string, shape: readonly number[], g: WindowGeometry): E.Either<JitgradError, number[]> {
  const n = shape.length;
  const fields: [string, readonly unknown[]][] = [
    ["window_dimensions", g.window_dimensions],
    ["window_strides", g.window_strides],
    ["padding", g.padding],
    ["base_dilation", g.base_dilation],
    ["window_dilation", g.window_dilation],
  ];
  for (const [name, v] of fields) {
    if (v.length !== n) return E.left(new ShapeError(`${prim}: ${name} needs one entry per axis of the operand (${n}), got ${v.length}.`));
  }
  const positive = [...g.window_dimensions, ...g.window_strides, ...g.base_dilation, ...g.window_dilation];
  if (positive.some((v) => !(Number.isInteger(v) && v >= 1))) {
    return E.left(new ShapeError(`${prim}: window sizes, strides and dilations must be positive integers.`));
  }
  if (g.padding.some(([lo, hi]) => !(Number.isInteger(lo) && Number.isInteger(hi)))) return E.left(new ShapeError(`${prim}: paddings must be integers.`));
  return E.right(windowOutSizes(shape, g.window_dimensions, g.window_strides, g.padding, g.base_dilation, g.window_dilation));
}

const reduceEval =
  (prim: ReduceWindowPrim) =>
  (avals: readonly Aval[], p: WindowParams): Result => {
    if (avals.length !== 1) return E.left(new ShapeError(`${prim}: expected 1 operand, got ${avals.length}.`));
    const [x] = avals;
    if (x.dtype === "bool" && prim === "reduce_window_sum") return E.left(new DTypeError(`${prim}: expected a numeric operand, got ${showAval(x)}.`));
    const shape = sweepShape(prim, x.shape, p);
    return E.isLeft(shape) ? shape : E.right([makeAval(shape.right, x.dtype)]);
  };

function pairOperands(prim: string, avals: readonly Aval[]): E.Either<JitgradError, readonly [Aval, Aval]> {
  if (avals.length !== 2) return E.left(new ShapeError(`${prim}: expected 2 operands, got ${avals.length}.`));
  const [a, x] = avals;
  if (!isFloat(a.dtype) || a.dtype !== x.dtype) return E.left(new DTypeError(`${prim}: expected two float operands of one dtype, got ${showAval(a)} and ${showAval(x)}.`));
  return E.right([a, x]);
}

const abstractEval = {
  reduce_window_sum: reduceEval("reduce_window_sum"),
  reduce_window_max: reduceEval("reduce_window_max"),
  reduce_window_min: reduceEval("reduce_window_min"),
  select_and_gather_add: (avals: readonly Aval[], p: WindowPrimParams["select_and_gather_add"]): Result => {
    const ops = pairOperands("select_and_gather_add", avals);
    if (E.isLeft(ops)) return ops;
    const [t, x] = ops.right;
    if (t.shape.length !== x.shape.length || t.shape.some((d, i) => d !== x.shape[i])) {
      return E.left(new ShapeError(`select_and_gather_add: tangents and operand must have one shape, got ${showAval(t)} and ${showAval(x)}.`));
    }
    const shape = sweepShape("select_and_gather_add", x.shape, p);
    return E.isLeft(shape) ? shape : E.right([makeAval(shape.right, x.dtype)]);
  },
  select_and_scatter_add: (avals: readonly Aval[], p: WindowPrimParams["select_and_scatter_add"]): Result => {
    const ops = pairOperands("select_and_scatter_add", avals);
    if (E.isLeft(ops)) return ops;
    const [s, x] = ops.right;
    const shape = sweepShape("select_and_scatter_add", x.shape, geometryOf(p));
    if (E.isLeft(shape)) return shape;
    if (shape.right.length !== s.shape.length || shape.right.some((d, i) => d !== s.shape[i])) {
      return E.left(new ShapeError(`select_and_scatter_add: the source must have the windows' shape [${shape.right.join(", ")}], got ${showAval(s)}.`));
    }
    return E.right([x]);
  },
} satisfies { readonly [P in WindowPrim]: (avals: readonly Aval[], params: WindowPrimParams[P]) => Result };

/** "ge" keeps the current pick against an equal or smaller candidate: the first maximum wins. */
const KEEP: { readonly [S in SelectPrim]: (pick: number, candidate: number) => boolean } = {
  ge: (a, b) => a >= b,
  le: (a, b) => a <= b,
};
const SELECT_IDENTITY: { readonly [S in SelectPrim]: number } = { ge: -Infinity, le: Infinity };

const reduceImpl =
  (prim: ReduceWindowPrim) =>
  ([x]: readonly ConcreteArray[], p: WindowParams, [out]: readonly Aval[]): ConcreteArray[] => {
    const r = WINDOW_REDUCTION[prim];
    const accType = accumulatorDType(r, x.dtype);
    const acc = allocate(accType, sizeOf(out.shape));
    reduceWindowKernel(x.data, windowTaps(x.shape, out.shape, p), sizeOf(p.window_dimensions), reducePrims[r].identity(x.dtype), reduceStep(numeric, r, x.dtype), acc);
    if (accType === x.dtype) return [new ConcreteArray(out, acc)];
    const finish = reduceFinish(numeric, r, x.dtype);
    const data = allocate(out.dtype, acc.length);
    for (let i = 0; i < acc.length; i++) data[i] = finish(acc[i]);
    return [new ConcreteArray(out, data)];
  };

const impl = {
  reduce_window_sum: reduceImpl("reduce_window_sum"),
  reduce_window_max: reduceImpl("reduce_window_max"),
  reduce_window_min: reduceImpl("reduce_window_min"),
  select_and_gather_add: ([t, x]: readonly ConcreteArray[], p: WindowPrimParams["select_and_gather_add"], [out]: readonly Aval[]): ConcreteArray[] => {
    const data = allocate(out.dtype, sizeOf(out.shape));
    selectAndGatherKernel(t.data, x.data, windowTaps(x.shape, out.shape, p), sizeOf(p.window_dimensions), KEEP[p.select_prim], SELECT_IDENTITY[p.select_prim], data);
    return [new ConcreteArray(out, data)];
  },
  select_and_scatter_add: ([s, x]: readonly ConcreteArray[], p: WindowPrimParams["select_and_scatter_add"], [out]: readonly Aval[]): ConcreteArray[] => {
    const data = allocate(out.dtype, sizeOf(out.shape));
    selectAndScatterKernel(s.data, x.data, windowTaps(x.shape, s.shape, geometryOf(p)), sizeOf(p.window_dimensions), KEEP[p.select_prim], SELECT_IDENTITY[p.select_prim], data);
    return [new ConcreteArray(out, data)];
  },
} satisfies { readonly [P in WindowPrim]: (args: readonly ConcreteArray[], params: WindowPrimParams[P], outAvals: readonly Aval[]) => ConcreteArray[] };

/** Each window primitive's abstract eval and kernel, for the core rule tables. */
export const windowPrims = { abstractEval, impl };
