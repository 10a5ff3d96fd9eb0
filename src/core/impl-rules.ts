/**
 * Impl rules: the eager kernel of every primitive, on concrete arrays. The output avals
 * come from abstract eval (already checked), so kernels only compute.
 */
import { ConcreteArray } from "./array";
import type { Aval } from "./aval";
import { type DType, type TypedArray, allocate, componentsOf } from "./dtype";
import { InternalError } from "./errors";
import { condImpl, scanImpl, whileImpl } from "./control-flow-impl";
import { evalJaxpr } from "./interpreter";
import { dotGeneralKernel } from "./kernels/dot";
import { convKernel } from "./kernels/conv";
import { argsortKernel } from "./kernels/sort";
import { randomBitsKernel } from "./kernels/threefry";
import { clampStarts, concatKernel, padKernel, stridedGather, updateSliceKernel } from "./kernels/layout";
import { type LayoutPrim, rowMajor, viewThrough } from "./strided";
import { argReduceKernel, cumulativeKernel, reduceKernel } from "./kernels/reductions";
import { CUMULATIVE_PRIMS, type CumulativePrim, cumulativePrims } from "./prims/cumulative";
import { gatherKernel, scatterKernel } from "./kernels/gather";
import { gatherFill, gatherWindows, scatterWindowSizes, scatterWindows } from "./gather-dims";
import { SCATTER_PRIMS, type ScatterPrim, scatterPrims } from "./prims/scatter";
import type { Prim, PrimParams } from "./primitives";
import { BINARY_PRIMS, type BinaryPrim, COMPARE_PRIMS, type ComparePrim, binaryPrims, comparePrims } from "./prims/binary";
import { type ElementwisePrim, scalarFn } from "./prims/elementwise";
import { type PerClass, rowsFor } from "./prims/family";
import { UNARY_PRIMS, type UnaryPrim, unaryPrims } from "./prims/unary";
import { linalgPrims } from "./prims/linalg";
import { complexPrims } from "./prims/complex";
import { windowPrims } from "./prims/window";
import { REDUCE_PRIMS, type ReducePrim, accumulatorDType, reducePrims, reduceFinish, reduceStep } from "./prims/reduce";
import { clampSelector, numeric } from "./scalar/numeric";
import { classOf } from "./scalar/ops";
import { sizeOf } from "./shape";

export type ImplRule<P extends Prim> = (
  args: readonly ConcreteArray[],
  params: PrimParams[P],
  outAvals: readonly Aval[],
) => ConcreteArray[];

/**
 * A scalar definition called with its class's operations: `fn(ops, x)`. Kernels call the
 * family row's own function (one per primitive) rather than a shared wrapper, which keeps
 * the inner call monomorphic enough for V8 to inline. The typed-array store finishes
 * float32 rounding.
 */
type ScalarKernel = (ops: never, ...xs: number[]) => number;

function mapUnary(x: ConcreteArray, out: Aval, fn: ScalarKernel, ops: unknown): ConcreteArray[] {
  const f = fn as (ops: unknown, x: number) => number;
  const a = x.data;
  const o = allocate(out.dtype, a.length);
  for (let i = 0; i < a.length; i++) o[i] = f(ops, a[i]);
  return [new ConcreteArray(out, o)];
}

/** Elementwise over equal shapes, or with one 0-d operand repeated. */
function mapBinary(x: ConcreteArray, y: ConcreteArray, out: Aval, fn: ScalarKernel, ops: unknown): ConcreteArray[] {
  const f = fn as (ops: unknown, x: number, y: number) => number;
  const n = sizeOf(out.shape);
  const a = x.data;
  const b = y.data;
  const o = allocate(out.dtype, n);
  if (a.length === n && b.length === n) for (let i = 0; i < n; i++) o[i] = f(ops, a[i], b[i]);
  else if (a.length === 1) {
    const av = a[0];
    for (let i = 0; i < n; i++) o[i] = f(ops, av, b[i]);
  } else {
    const bv = b[0];
    for (let i = 0; i < n; i++) o[i] = f(ops, a[i], bv);
  }
  return [new ConcreteArray(out, o)];
}

/** A family row's definition for the operand's class, and that class's numeric operations. */
function classKernel(prim: string, def: PerClass<unknown, unknown, unknown>, dtype: DType): [ScalarKernel, unknown] {
  const cls = classOf(dtype);
  const fn = def[cls];
  if (!fn) throw new InternalError(`internal: ${prim} has no ${dtype} definition (abstract eval should have rejected it).`);
  return [fn as ScalarKernel, numeric[cls]];
}

const unary =
  (prim: UnaryPrim): ImplRule<UnaryPrim> =>
  ([x], _p, [out]) =>
    mapUnary(x, out, ...classKernel(prim, unaryPrims[prim], x.dtype));

const binary =
  (prim: BinaryPrim): ImplRule<BinaryPrim> =>
  ([x, y], _p, [out]) =>
    mapBinary(x, y, out, ...classKernel(prim, binaryPrims[prim], x.dtype));

const compare =
  (prim: ComparePrim): ImplRule<ComparePrim> =>
  ([x, y], _p, [out]) =>
    mapBinary(x, y, out, comparePrims[prim] as ScalarKernel, numeric[classOf(x.dtype)]);

/** The other elementwise primitives: their scalar definition on numbers. */
const elementwise =
  <P extends ElementwisePrim>(prim: P): ImplRule<P> =>
  (args, params, [out]) => {
    const f = scalarFn(numeric, prim, params, args.map((a) => a.dtype), out.dtype);
    return mapUnary(args[0], out, ((_ops: unknown, x: number) => f(x)) as ScalarKernel, null);
  };

const reduce =
  (prim: ReducePrim): ImplRule<ReducePrim> =>
  ([x], { axes }, [out]) => [
    new ConcreteArray(out, finishReduction(prim, x.dtype, reduceKernel(x.data, x.shape, axes, accumulatorDType(prim, x.dtype), reducePrims[prim].identity(x.dtype), reduceStep(numeric, prim, x.dtype)))),
  ];

const scatter =
  (prim: ScatterPrim): ImplRule<ScatterPrim> =>
  ([x, idx, u], { dimension_numbers, mode }, [out]) => {
    const { combine } = scatterPrims[prim];
    const step = combine === "set" ? (_old: number, update: number) => update : scalarFn(numeric, combine, {}, [x.dtype, x.dtype], x.dtype);
    const w = scatterWindows(dimension_numbers);
    const sizes = scatterWindowSizes(x.shape, u.shape, w);
    return [new ConcreteArray(out, scatterKernel(x.data, x.shape, idx.data, idx.shape, u.data, u.shape, w, sizes, mode.scatterClips, step))];
  };

const cumulative =
  (prim: CumulativePrim): ImplRule<CumulativePrim> =>
  ([x], { axis, reverse }, [out]) => {
    const { reduction } = cumulativePrims[prim];
    const init = reducePrims[reduction].identity(x.dtype);
    return [new ConcreteArray(out, cumulativeKernel(x.data, x.shape, axis, reverse, x.dtype, init, reduceStep(numeric, reduction, x.dtype)))];
  };

/** A layout primitive's result: its operand gathered through the view the primitive is of it. */
function throughView<P extends LayoutPrim>(prim: P, [x]: readonly ConcreteArray[], params: PrimParams[P], [out]: readonly Aval[]): ConcreteArray[] {
  const v = viewThrough(rowMajor(x.shape), prim, params, out.shape);
  if (!v) throw new InternalError(`internal: ${prim} of a row-major array is not a view`);
  return [new ConcreteArray(out, stridedGather(x.data, v.offset, out.shape, v.strides, out.dtype))];
}

/** Reads 0-d int32 operands as JS numbers. */
const indices = (args: readonly ConcreteArray[]): number[] => args.map((a) => a.data[0]);

/** A reduction's accumulator array as its result dtype (float32 sums accumulate in float64). */
function finishReduction(prim: ReducePrim, dtype: DType, acc: TypedArray): TypedArray {
  if (accumulatorDType(prim, dtype) === dtype) return acc;
  const finish = reduceFinish(numeric, prim, dtype);
  const out = allocate(dtype, acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = finish(acc[i]);
  return out;
}

export const implRules: { readonly [P in Prim]: ImplRule<P> } = {
  ...rowsFor(UNARY_PRIMS, unary),
  ...rowsFor(BINARY_PRIMS, binary),
  ...rowsFor(COMPARE_PRIMS, compare),
  ...rowsFor(REDUCE_PRIMS, reduce),
  ...rowsFor(SCATTER_PRIMS, scatter),
  ...linalgPrims.impl,
  ...windowPrims.impl,
  ...complexPrims.impl,
  conv_general_dilated: ([l, r], params, [out]) => [new ConcreteArray(out, convKernel(l.data, l.shape, r.data, r.shape, params, out.shape, out.dtype))],
  gather: ([x, idx], { dimension_numbers, slice_sizes, mode, fill_value }, [out]) => [
    new ConcreteArray(
      out,
      gatherKernel(x.data, x.shape, idx.data, idx.shape, gatherWindows(dimension_numbers), slice_sizes, mode.gatherClips, gatherFill(x.dtype, fill_value), out.shape, out.dtype),
    ),
  ],
  round: elementwise("round"),
  is_finite: elementwise("is_finite"),
  integer_pow: elementwise("integer_pow"),
  convert_element_type: elementwise("convert_element_type"),
  select_n: ([which, ...cases], _p, [out]) => {
    const n = sizeOf(out.shape);
    const o = allocate(out.dtype, n);
    const w = which.data;
    const pick = (k: number) => clampSelector(k, cases.length);
    if (w.length === 1 && n !== 1) o.set(cases[pick(w[0])].data);
    else for (let i = 0; i < n; i++) o[i] = cases[pick(w[i])].data[i];
    return [new ConcreteArray(out, o)];
  },
  argmax: ([x], { axes }, [out]) => [new ConcreteArray(out, argReduceKernel(x.data, x.shape, axes[0], true))],
  argmin: ([x], { axes }, [out]) => [new ConcreteArray(out, argReduceKernel(x.data, x.shape, axes[0], false))],
  ...rowsFor(CUMULATIVE_PRIMS, cumulative),
  broadcast_in_dim: (args, params, outs) => throughView("broadcast_in_dim", args, params, outs),
  // Arrays are immutable, so reshape and squeeze share storage.
  reshape: ([x], _p, [out]) => [new ConcreteArray(out, x.data)],
  squeeze: ([x], _p, [out]) => [new ConcreteArray(out, x.data)],
  transpose: (args, params, outs) => throughView("transpose", args, params, outs),
  slice: (args, params, outs) => throughView("slice", args, params, outs),
  rev: (args, params, outs) => throughView("rev", args, params, outs),
  pad: ([x, v], { padding_config }, [out]) => [
    new ConcreteArray(out, padKernel(x.data, x.shape, v.data[0], padding_config, out.shape, out.dtype)),
  ],
  concatenate: (args, { dimension }, [out]) => [
    new ConcreteArray(
      out,
      concatKernel(
        args.map((a) => ({ data: a.data, shape: a.shape })),
        dimension,
        out.shape,
        out.dtype,
      ),
    ),
  ],
  dynamic_slice: ([x, ...idx], { slice_sizes }, outs) => {
    const starts = clampStarts(indices(idx), x.shape, slice_sizes);
    return throughView("slice", [x], { start_indices: starts, limit_indices: starts.map((st, d) => st + slice_sizes[d]), strides: null }, outs);
  },
  dynamic_update_slice: ([x, u, ...idx], _p, [out]) => [
    new ConcreteArray(out, updateSliceKernel(x.data, x.shape, u.data, u.shape, indices(idx))),
  ],
  iota: (_args, { shape, dimension }, [out]) => {
    const o = allocate(out.dtype, sizeOf(shape));
    const inner = sizeOf(shape.slice(dimension + 1));
    const n = shape[dimension];
    // A complex iota's values are its real parts (the storage interleaves (re, im)).
    const stride = componentsOf(out.dtype);
    for (let i = 0; i < sizeOf(shape); i++) o[i * stride] = Math.floor(i / inner) % n;
    return [new ConcreteArray(out, o)];
  },
  random_bits: ([k0, k1, start], { shape, output }, [out]) => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    randomBitsKernel(k0.data, k1.data, start.data, sizeOf(shape), output, o);
    return [new ConcreteArray(out, o)];
  },
  argsort: ([x], { axis }, [out]) => [new ConcreteArray(out, argsortKernel(x.data, x.shape, axis))],
  dot_general: ([a, b], { dimension_numbers }, [out]) => [
    new ConcreteArray(out, dotGeneralKernel(a.data, a.shape, b.data, b.shape, dimension_numbers, a.dtype, out.dtype)),
  ],
  debug_callback: (args, { callback }) => {
    callback.fn(args);
    return [];
  },
  cond: (args, params) => condImpl(args, params),
  while: (args, params) => whileImpl(args, params),
  scan: (args, params) => scanImpl(args, params),
  checkpoint: (args, { jaxpr }) => evalJaxpr(jaxpr, [], args) as ConcreteArray[],
};
