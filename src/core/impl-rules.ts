/**
 * Impl rules: the eager kernel of every primitive, on concrete arrays. The output avals
 * come from abstract eval (already checked), so kernels only compute.
 */
import { ConcreteArray } from "./array";
import type { Aval } from "./aval";
import { type DType, type TypedArray, allocate, castScalar } from "./dtype";
import { condImpl, scanImpl, whileImpl } from "./control-flow-impl";
import { evalJaxpr } from "./interpreter";
import { dotGeneralKernel } from "./kernels/dot";
import { argsortKernel } from "./kernels/sort";
import { randomBitsKernel } from "./kernels/threefry";
import {
  alongAxis,
  broadcastStrides,
  clampStarts,
  concatKernel,
  padKernel,
  stridedGather,
  transposeStrides,
  updateSliceKernel,
} from "./kernels/layout";
import { type Accumulate, argReduceKernel, cumsumKernel, reduceKernel } from "./kernels/reductions";
import {
  type BinaryFn,
  type UnaryFn,
  binaryScalar,
  compareScalar,
  forDType,
  integerPow,
  roundHalfAway,
  roundHalfEven,
  unaryScalar,
} from "./kernels/scalar-ops";
import type { BinaryPrim, ComparePrim, Prim, PrimParams, ReducePrim, UnaryPrim } from "./primitives";
import { sizeOf, stridesOf } from "./shape";

export type ImplRule<P extends Prim> = (
  args: readonly ConcreteArray[],
  params: PrimParams[P],
  outAvals: readonly Aval[],
) => ConcreteArray[];

function mapUnary(x: ConcreteArray, out: Aval, f: UnaryFn): ConcreteArray[] {
  const a = x.data;
  const o = allocate(out.dtype, a.length);
  for (let i = 0; i < a.length; i++) o[i] = f(a[i]);
  return [new ConcreteArray(out, o)];
}

/** Elementwise over equal shapes, or with one 0-d operand repeated. */
function mapBinary(x: ConcreteArray, y: ConcreteArray, out: Aval, f: BinaryFn): ConcreteArray[] {
  const n = sizeOf(out.shape);
  const a = x.data;
  const b = y.data;
  const o = allocate(out.dtype, n);
  if (a.length === n && b.length === n) for (let i = 0; i < n; i++) o[i] = f(a[i], b[i]);
  else if (a.length === 1) {
    const av = a[0];
    for (let i = 0; i < n; i++) o[i] = f(av, b[i]);
  } else {
    const bv = b[0];
    for (let i = 0; i < n; i++) o[i] = f(a[i], bv);
  }
  return [new ConcreteArray(out, o)];
}

const unary =
  (prim: UnaryPrim): ImplRule<UnaryPrim> =>
  ([x], _p, [out]) =>
    mapUnary(x, out, forDType(prim, unaryScalar[prim], x.dtype));

const binary =
  (prim: BinaryPrim): ImplRule<BinaryPrim> =>
  ([x, y], _p, [out]) =>
    mapBinary(x, y, out, forDType(prim, binaryScalar[prim], x.dtype));

const compare =
  (prim: ComparePrim): ImplRule<ComparePrim> =>
  ([x, y], _p, [out]) =>
    mapBinary(x, y, out, forDType(prim, compareScalar[prim], x.dtype));

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Identity and step of each reduction, per dtype. */
function reducer(kind: "sum" | "max" | "min" | "prod" | "and" | "or", dtype: DType): [number, Accumulate] {
  const isInt = dtype === "int32";
  switch (kind) {
    case "sum":
      return [0, (a, x) => a + x];
    case "prod":
      return [1, isInt ? Math.imul : (a, x) => a * x];
    case "max":
      return [dtype === "bool" ? 0 : isInt ? INT_MIN : -Infinity, Math.max];
    case "min":
      return [dtype === "bool" ? 1 : isInt ? INT_MAX : Infinity, Math.min];
    case "and":
      return [dtype === "bool" ? 1 : -1, (a, x) => a & x];
    case "or":
      return [0, (a, x) => a | x];
  }
}

const reduce =
  (kind: "sum" | "max" | "min" | "prod" | "and" | "or"): ImplRule<ReducePrim> =>
  ([x], { axes }, [out]) => {
    const [init, step] = reducer(kind, x.dtype);
    return [new ConcreteArray(out, reduceKernel(x.data, x.shape, axes, x.dtype, init, step))];
  };

const gather = (x: ConcreteArray, out: Aval, offset: number, strides: readonly number[]): ConcreteArray[] => [
  new ConcreteArray(out, stridedGather(x.data, offset, out.shape, strides, out.dtype)),
];

/** Reads 0-d int32 operands as JS numbers. */
const indices = (args: readonly ConcreteArray[]): number[] => args.map((a) => a.data[0]);

function floatMul(dtype: DType): BinaryFn {
  return dtype === "float32" ? (a, b) => Math.fround(a * b) : dtype === "int32" ? Math.imul : (a, b) => a * b;
}

export const implRules: { readonly [P in Prim]: ImplRule<P> } = {
  neg: unary("neg"),
  sign: unary("sign"),
  floor: unary("floor"),
  ceil: unary("ceil"),
  exp: unary("exp"),
  exp2: unary("exp2"),
  log: unary("log"),
  log1p: unary("log1p"),
  expm1: unary("expm1"),
  sin: unary("sin"),
  cos: unary("cos"),
  tan: unary("tan"),
  asin: unary("asin"),
  acos: unary("acos"),
  atan: unary("atan"),
  sinh: unary("sinh"),
  cosh: unary("cosh"),
  tanh: unary("tanh"),
  asinh: unary("asinh"),
  acosh: unary("acosh"),
  atanh: unary("atanh"),
  logistic: unary("logistic"),
  sqrt: unary("sqrt"),
  rsqrt: unary("rsqrt"),
  cbrt: unary("cbrt"),
  abs: unary("abs"),
  square: unary("square"),
  not: unary("not"),
  stop_gradient: unary("stop_gradient"),
  round: ([x], { rounding_method }, [out]) => mapUnary(x, out, rounding_method === 1 ? roundHalfEven : roundHalfAway),
  is_finite: ([x], _p, [out]) => mapUnary(x, out, (v) => (Number.isFinite(v) ? 1 : 0)),
  integer_pow: ([x], { y }, [out]) => {
    const mul = floatMul(x.dtype);
    const f32 = x.dtype === "float32";
    return mapUnary(x, out, (v) => {
      const r = integerPow(v, y, mul);
      return f32 ? Math.fround(r) : r;
    });
  },
  add: binary("add"),
  add_any: binary("add_any"),
  sub: binary("sub"),
  mul: binary("mul"),
  div: binary("div"),
  rem: binary("rem"),
  pow: binary("pow"),
  max: binary("max"),
  min: binary("min"),
  atan2: binary("atan2"),
  and: binary("and"),
  or: binary("or"),
  xor: binary("xor"),
  eq: compare("eq"),
  ne: compare("ne"),
  lt: compare("lt"),
  le: compare("le"),
  gt: compare("gt"),
  ge: compare("ge"),
  convert_element_type: ([x], { new_dtype }, [out]) => mapUnary(x, out, (v) => castScalar(v, new_dtype)),
  select_n: ([which, ...cases], _p, [out]) => {
    const n = sizeOf(out.shape);
    const o = allocate(out.dtype, n);
    const w = which.data;
    const last = cases.length - 1;
    const pick = (k: number) => (k < 0 ? 0 : k > last ? last : k);
    if (w.length === 1 && n !== 1) o.set(cases[pick(w[0])].data);
    else for (let i = 0; i < n; i++) o[i] = cases[pick(w[i])].data[i];
    return [new ConcreteArray(out, o)];
  },
  reduce_sum: reduce("sum"),
  reduce_max: reduce("max"),
  reduce_min: reduce("min"),
  reduce_prod: reduce("prod"),
  reduce_and: reduce("and"),
  reduce_or: reduce("or"),
  argmax: ([x], { axes }, [out]) => [new ConcreteArray(out, argReduceKernel(x.data, x.shape, axes[0], true))],
  argmin: ([x], { axes }, [out]) => [new ConcreteArray(out, argReduceKernel(x.data, x.shape, axes[0], false))],
  cumsum: ([x], { axis, reverse }, [out]) => [new ConcreteArray(out, cumsumKernel(x.data, x.shape, axis, reverse, x.dtype))],
  broadcast_in_dim: ([x], { broadcast_dimensions }, [out]) =>
    gather(x, out, 0, broadcastStrides(x.shape, out.shape, broadcast_dimensions)),
  // Arrays are immutable, so reshape and squeeze share storage.
  reshape: ([x], _p, [out]) => [new ConcreteArray(out, x.data)],
  squeeze: ([x], _p, [out]) => [new ConcreteArray(out, x.data)],
  transpose: ([x], { permutation }, [out]) => gather(x, out, 0, transposeStrides(x.shape, permutation)),
  slice: ([x], { start_indices, strides }, [out]) => {
    const s = stridesOf(x.shape);
    const offset = start_indices.reduce((acc, st, d) => acc + st * s[d], 0);
    return gather(x, out, offset, strides ? s.map((v, d) => v * strides[d]) : s);
  },
  rev: ([x], { dimensions }, [out]) => {
    const s = stridesOf(x.shape);
    let offset = 0;
    const strides = s.map((v, d) => {
      if (!dimensions.includes(d)) return v;
      offset += (x.shape[d] - 1) * v;
      return -v;
    });
    return gather(x, out, x.size === 0 ? 0 : offset, strides);
  },
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
  dynamic_slice: ([x, ...idx], { slice_sizes }, [out]) => {
    const starts = clampStarts(indices(idx), x.shape, slice_sizes);
    const s = stridesOf(x.shape);
    return gather(x, out, starts.reduce((acc, st, d) => acc + st * s[d], 0), s);
  },
  dynamic_update_slice: ([x, u, ...idx], _p, [out]) => [
    new ConcreteArray(out, updateSliceKernel(x.data, x.shape, u.data, u.shape, indices(idx))),
  ],
  take_along_axis: ([x, idx], { axis }, [out]) => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    const src = x.data;
    alongAxis(x.shape, idx.shape, idx.data, axis, (k, p) => {
      o[k] = src[p];
    });
    return [new ConcreteArray(out, o)];
  },
  scatter_add_along_axis: ([x, idx, upd], { axis }, [out]) => {
    const o: TypedArray = x.data.slice();
    const u = upd.data;
    alongAxis(x.shape, idx.shape, idx.data, axis, (k, p) => {
      o[p] += u[k];
    });
    return [new ConcreteArray(out, o)];
  },
  iota: (_args, { shape, dimension }, [out]) => {
    const o = allocate(out.dtype, sizeOf(shape));
    const inner = sizeOf(shape.slice(dimension + 1));
    const n = shape[dimension];
    for (let i = 0; i < o.length; i++) o[i] = Math.floor(i / inner) % n;
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
  cond: (args, params) => condImpl(args, params),
  while: (args, params) => whileImpl(args, params),
  scan: (args, params) => scanImpl(args, params),
  checkpoint: (args, { jaxpr }) => evalJaxpr(jaxpr, [], args) as ConcreteArray[],
};
