/**
 * JVP rules: for each primitive, the primal outputs and the tangent outputs from primal
 * and tangent inputs (null = symbolic zero). Elementwise derivatives come from
 * `derivatives.ts` (shared with reverse mode); reduce_max/min share the tangent equally
 * among tied maxima, as JAX does.
 */
import type { Prim, PrimParams } from "../core/primitives";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { isFloat } from "../core/dtype";
import { add, convert, fill, mul, neg, reduceSum, zerosLike } from "./ad-ops";
import { controlFlowJvp } from "./control-flow-rules";
import {
  type SmoothBinary,
  type SmoothUnary,
  binaryPartials,
  chooserWeights,
  integerPowDerivative,
  prodPartials,
  unaryDerivative,
} from "./derivatives";

type Tangent = Tensor | null;

export type JvpRule<P extends Prim> = (
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  params: PrimParams[P],
) => [Tensor[], Tangent[]];

/** A tangent with symbolic zeros made explicit, for linear rules. */
const inst = (t: Tangent, like: Tensor): Tensor => t ?? zerosLike(like);

/** Sums tangent contributions (skipping zeros), broadcast to the output's shape. */
function sumContributions(out: Tensor, parts: readonly Tangent[]): Tangent {
  let acc: Tensor | null = null;
  for (const p of parts) if (p !== null) acc = acc === null ? p : add(acc, p);
  return acc === null ? null : fill(acc, out.shape);
}

/** Smooth elementwise unary: tangent times the shared derivative. */
const unary =
  (prim: SmoothUnary): JvpRule<SmoothUnary> =>
  ([x], [t]) => {
    const y = bind1(prim, [x], {});
    return [[y], [t === null ? null : mul(t, unaryDerivative[prim](x, y))]];
  };

/** Smooth elementwise binary: the sum of tangents times the shared partials. */
const binary =
  (prim: SmoothBinary): JvpRule<SmoothBinary> =>
  ([x, y], [tx, ty]) => {
    const z = bind1(prim, [x, y], {});
    const [dx, dy] = binaryPartials[prim](x, y, z);
    return [[z], [sumContributions(z, [tx === null ? null : mul(tx, dx()), ty === null ? null : mul(ty, dy())])]];
  };

/** Primitives whose outputs do not depend differentiably on their inputs. */
const zero =
  <P extends Prim>(prim: P): JvpRule<P> =>
  (primals, _t, params) => {
    const outs = bind(prim, primals, params);
    return [outs, outs.map(() => null)];
  };

/** add/sub: the tangents themselves, without instantiating zeros. */
const sumRule =
  (prim: "add" | "add_any" | "sub", negateSecond: boolean): JvpRule<"add" | "add_any" | "sub"> =>
  ([x, y], [tx, ty]) => {
    const z = bind1(prim, [x, y], {});
    return [[z], [sumContributions(z, [tx, ty !== null && negateSecond ? neg(ty) : ty])]];
  };

/** Primitives linear in all their inputs: apply the same primitive to the tangents. */
const linear =
  <P extends Prim>(prim: P): JvpRule<P> =>
  (primals, tangents, params) => [bind(prim, primals, params), bind(prim, tangents.map((t, i) => inst(t, primals[i])), params)];

/** Linear in the first `n` inputs; the rest (indices) pass their primals. */
const linearIn =
  <P extends Prim>(prim: P, n: number): JvpRule<P> =>
  (primals, tangents, params) => {
    const outs = bind(prim, primals, params);
    if (tangents.slice(0, n).every((t) => t === null)) return [outs, outs.map(() => null)];
    const ins = primals.map((p, i) => (i < n ? inst(tangents[i], p) : p));
    return [outs, bind(prim, ins, params)];
  };

/** Max/min reductions: the tangent of the chosen element(s), averaged over ties. */
function chooser(prim: "reduce_max" | "reduce_min"): JvpRule<"reduce_max" | "reduce_min"> {
  return ([x], [t], params) => {
    const out = bind1(prim, [x], params);
    return [[out], [t === null ? null : reduceSum(mul(t, chooserWeights(x, out, params.axes)), params.axes)]];
  };
}

export const jvpRules: { readonly [P in Prim]: JvpRule<P> } = {
  neg: linear("neg"),
  sign: zero("sign"),
  floor: zero("floor"),
  ceil: zero("ceil"),
  round: zero("round"),
  is_finite: zero("is_finite"),
  not: zero("not"),
  stop_gradient: zero("stop_gradient"),
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
  integer_pow: ([x], [t], { y }) => {
    const out = bind1("integer_pow", [x], { y });
    if (t === null || y === 0) return [[out], [t === null ? null : zerosLike(out)]];
    return [[out], [mul(t, integerPowDerivative(x, y))]];
  },
  add: sumRule("add", false),
  add_any: sumRule("add_any", false),
  sub: sumRule("sub", true),
  mul: binary("mul"),
  div: binary("div"),
  rem: binary("rem"),
  pow: binary("pow"),
  max: binary("max"),
  min: binary("min"),
  atan2: binary("atan2"),
  and: zero("and"),
  or: zero("or"),
  xor: zero("xor"),
  eq: zero("eq"),
  ne: zero("ne"),
  lt: zero("lt"),
  le: zero("le"),
  gt: zero("gt"),
  ge: zero("ge"),
  convert_element_type: ([x], [t], params) => {
    const out = bind1("convert_element_type", [x], params);
    const differentiable = isFloat(x.dtype) && isFloat(params.new_dtype);
    return [[out], [t === null || !differentiable ? null : convert(t, params.new_dtype)]];
  },
  select_n: ([which, ...cases], [, ...tcases], params) => {
    const out = bind1("select_n", [which, ...cases], params);
    if (tcases.every((t) => t === null)) return [[out], [null]];
    return [[out], [bind1("select_n", [which, ...tcases.map((t, i) => inst(t, cases[i]))], params)]];
  },
  reduce_sum: linear("reduce_sum"),
  reduce_max: chooser("reduce_max"),
  reduce_min: chooser("reduce_min"),
  reduce_prod: ([x], [t], params) => {
    const out = bind1("reduce_prod", [x], params);
    return [[out], [t === null ? null : reduceSum(mul(t, prodPartials(x, params.axes)), params.axes)]];
  },
  reduce_and: zero("reduce_and"),
  reduce_or: zero("reduce_or"),
  argmax: zero("argmax"),
  argmin: zero("argmin"),
  cumsum: linear("cumsum"),
  broadcast_in_dim: linear("broadcast_in_dim"),
  reshape: linear("reshape"),
  transpose: linear("transpose"),
  squeeze: linear("squeeze"),
  slice: linear("slice"),
  pad: linear("pad"),
  concatenate: linear("concatenate"),
  rev: linear("rev"),
  dynamic_slice: linearIn("dynamic_slice", 1),
  dynamic_update_slice: linearIn("dynamic_update_slice", 2),
  take_along_axis: linearIn("take_along_axis", 1),
  scatter_add_along_axis: ([x, idx, u], [tx, , tu], params) => {
    const out = bind1("scatter_add_along_axis", [x, idx, u], params);
    if (tx === null && tu === null) return [[out], [null]];
    return [[out], [bind1("scatter_add_along_axis", [inst(tx, x), idx, inst(tu, u)], params)]];
  },
  iota: zero("iota"),
  random_bits: zero("random_bits"),
  argsort: zero("argsort"),
  // Higher-order primitives (the rules module imports this one, so call through lazily).
  cond: (p, t, params) => controlFlowJvp.cond(p, t, params),
  while: (p, t, params) => controlFlowJvp.while(p, t, params),
  scan: (p, t, params) => controlFlowJvp.scan(p, t, params),
  checkpoint: (p, t, params) => controlFlowJvp.checkpoint(p, t, params),
  dot_general: ([a, b], [ta, tb], params) => {
    const out = bind1("dot_general", [a, b], params);
    const parts = [ta === null ? null : bind1("dot_general", [ta, b], params), tb === null ? null : bind1("dot_general", [a, tb], params)];
    return [[out], [sumContributions(out, parts)]];
  },
};
