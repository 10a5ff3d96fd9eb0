/**
 * JVP rules: for each primitive, the primal outputs and the tangent outputs from primal
 * and tangent inputs (null = symbolic zero). Elementwise derivatives come from
 * `derivatives.ts` (shared with reverse mode); reduce_max/min share the tangent equally
 * among tied maxima, as JAX does.
 */
import { isComplex, isInexact } from "../core/dtype";
import type { Prim, PrimParams } from "../core/primitives";
import { BINARY_PRIMS, type BinaryPrim, COMPARE_PRIMS, type Partials, binaryPrims } from "../core/prims/binary";
import { rowsFor } from "../core/prims/family";
import { REDUCE_PRIMS, type ReducePrim, reducePrims } from "../core/prims/reduce";
import { UNARY_PRIMS, type UnaryPrim, unaryPrims } from "../core/prims/unary";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { add, convert, diffOps, fill, mul, neg, reduceSum, zerosLike } from "./ad-ops";
import { controlFlowJvp } from "./control-flow-rules";
import { gatherJvp, scatterJvp } from "./gather-rules";
import { scanJvp } from "./cumulative-rules";
import { SCATTER_PRIMS } from "../core/prims/scatter";
import { chooserWeights, integerPowDerivative, prodPartials } from "./derivatives";
import { linalgJvp } from "./linalg-rules";
import { complexAbsJvp, complexJvp } from "./complex-rules";
import { convJvp } from "./conv-rules";
import { windowJvp } from "./window-rules";

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

/** Smooth elementwise binary: the sum of tangents times the partials. */
const smoothBinary =
  (prim: BinaryPrim, partials: Partials): JvpRule<BinaryPrim> =>
  ([x, y], [tx, ty]) => {
    const z = bind1(prim, [x, y], {});
    const [dx, dy] = partials(diffOps, x, y, z);
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
  (prim: BinaryPrim, negateSecond: boolean): JvpRule<BinaryPrim> =>
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

function unary(prim: UnaryPrim): JvpRule<UnaryPrim> {
  const d = unaryPrims[prim].derivative;
  if (d === "zero") return zero(prim);
  if (d === "linear") return linear(prim);
  return ([x], [t], params) => {
    // |z| is not holomorphic: its own rule, not a derivative times the tangent.
    if (prim === "abs" && isComplex(x.dtype)) return complexAbsJvp([x], [t], params);
    const y = bind1(prim, [x], {});
    return [[y], [t === null ? null : mul(t, d(diffOps, x, y))]];
  };
}

function binary(prim: BinaryPrim): JvpRule<BinaryPrim> {
  const d = binaryPrims[prim].derivative;
  return d === "zero" ? zero(prim) : d === "sum" ? sumRule(prim, false) : d === "difference" ? sumRule(prim, true) : smoothBinary(prim, d);
}

/** Reductions; max/min give the tangent of the chosen element(s), averaged over ties. */
function reduction(prim: ReducePrim): JvpRule<ReducePrim> {
  switch (reducePrims[prim].derivative) {
    case "linear":
      return linear(prim);
    case "zero":
      return zero(prim);
    case "chooser":
      return ([x], [t], params) => {
        const out = bind1(prim, [x], params);
        return [[out], [t === null ? null : reduceSum(mul(t, chooserWeights(x, out, params.axes)), params.axes)]];
      };
    case "product":
      return ([x], [t], params) => {
        const out = bind1(prim, [x], params);
        return [[out], [t === null ? null : reduceSum(mul(t, prodPartials(x, params.axes)), params.axes)]];
      };
  }
}

export const jvpRules: { readonly [P in Prim]: JvpRule<P> } = {
  ...windowJvp,
  conv_general_dilated: convJvp,
  ...linalgJvp,
  ...complexJvp,
  ...rowsFor(UNARY_PRIMS, unary),
  ...rowsFor(BINARY_PRIMS, binary),
  ...rowsFor(COMPARE_PRIMS, zero),
  ...rowsFor(REDUCE_PRIMS, reduction),
  ...rowsFor(SCATTER_PRIMS, scatterJvp),
  gather: gatherJvp,
  round: zero("round"),
  is_finite: zero("is_finite"),
  integer_pow: ([x], [t], { y }) => {
    const out = bind1("integer_pow", [x], { y });
    if (t === null || y === 0) return [[out], [t === null ? null : zerosLike(out)]];
    return [[out], [mul(t, integerPowDerivative(x, y))]];
  },
  convert_element_type: ([x], [t], params) => {
    const out = bind1("convert_element_type", [x], params);
    const differentiable = isInexact(x.dtype) && isInexact(params.new_dtype);
    return [[out], [t === null || !differentiable ? null : convert(t, params.new_dtype)]];
  },
  select_n: ([which, ...cases], [, ...tcases], params) => {
    const out = bind1("select_n", [which, ...cases], params);
    if (tcases.every((t) => t === null)) return [[out], [null]];
    return [[out], [bind1("select_n", [which, ...tcases.map((t, i) => inst(t, cases[i]))], params)]];
  },
  argmax: zero("argmax"),
  argmin: zero("argmin"),
  cumsum: linear("cumsum"),
  cumprod: scanJvp("cumprod"),
  cummax: scanJvp("cummax"),
  cummin: scanJvp("cummin"),
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
  iota: zero("iota"),
  random_bits: zero("random_bits"),
  argsort: zero("argsort"),
  // Prints (or calls back with) the primal values only, as JAX does.
  debug_callback: zero("debug_callback"),
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
