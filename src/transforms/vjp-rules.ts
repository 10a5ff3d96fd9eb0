/**
 * VJP rules for reverse mode: each rule computes the primitive's outputs and returns a
 * backward function from output cotangents to input cotangents (null = zero). The
 * backward functions bind ordinary primitives, so under `jit` the backward sweep is
 * staged into the same IR as the forward sweep, and under an outer transform (grad of
 * grad) it is differentiated in turn.
 */
import { isComplex, isInexact } from "../core/dtype";
import type { Prim, PrimParams } from "../core/primitives";
import { BINARY_PRIMS, type BinaryPrim, COMPARE_PRIMS, binaryPrims } from "../core/prims/binary";
import { rowsFor } from "../core/prims/family";
import { REDUCE_PRIMS, type ReducePrim, reducePrims } from "../core/prims/reduce";
import { UNARY_PRIMS, type UnaryPrim, unaryPrims } from "../core/prims/unary";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import {
  broadcastInDim,
  convert,
  diffOps,
  invertPermutation,
  lit,
  mul,
  neg,
  reduceSum,
  reshape,
  sub,
  transpose,
  unbroadcast,
  zeros,
} from "./ad-ops";
import { controlFlowVjp } from "./control-flow-rules";
import { gatherVjp, scatterVjp } from "./gather-rules";
import { scanVjp } from "./cumulative-rules";
import { SCATTER_PRIMS } from "../core/prims/scatter";
import { chooserWeights, integerPowDerivative, prodPartials } from "./derivatives";
import { linalgVjp } from "./linalg-rules";
import { complexAbsVjp, complexVjp } from "./complex-rules";
import { convVjp } from "./conv-rules";
import { windowVjp } from "./window-rules";

/** A cotangent, or null for a symbolic zero. */
export type Ct = Tensor | null;

export interface VjpResult {
  readonly outs: Tensor[];
  /**
   * Input cotangents from output cotangents (called only when some output cotangent is
   * non-zero). `wants[i]` is false for inputs that are constants: rules may skip them.
   */
  readonly backward: (cts: readonly Ct[], wants: readonly boolean[]) => Ct[];
}

export type VjpRule<P extends Prim> = (primals: readonly Tensor[], params: PrimParams[P]) => VjpResult;

/** A single-output primitive computed by `bind`, with its backward sweep. */
const single =
  <P extends Prim>(
    prim: P,
    bwd: (ct: Tensor, primals: readonly Tensor[], out: Tensor, params: PrimParams[P], wants: readonly boolean[]) => Ct[],
  ): VjpRule<P> =>
  (primals, params) => {
    const out = bind1(prim, primals, params);
    return { outs: [out], backward: ([ct], wants) => (ct === null ? primals.map(() => null) : bwd(ct, primals, out, params, wants)) };
  };

/** Primitives with no derivative (integer/bool results, piecewise constants). */
const none =
  <P extends Prim>(prim: P): VjpRule<P> =>
  (primals, params) => ({ outs: bind(prim, primals, params), backward: () => primals.map(() => null) });

/** Unary elementwise: cotangent times the derivative; a linear one is its own transpose (diagonal). */
function unary(prim: UnaryPrim): VjpRule<UnaryPrim> {
  const d = unaryPrims[prim].derivative;
  if (d === "zero") return none(prim);
  if (d === "linear") return single(prim, (ct) => [bind1(prim, [ct], {})]);
  const smooth = single(prim, (ct, [x], y) => [mul(ct, d(diffOps, x, y))]);
  // |z| is not holomorphic: its own rule, not a cotangent times a derivative.
  return prim === "abs" ? (primals, params) => (isComplex(primals[0].dtype) ? complexAbsVjp(primals, params) : smooth(primals, params)) : smooth;
}

function binary(prim: BinaryPrim): VjpRule<BinaryPrim> {
  const d = binaryPrims[prim].derivative;
  if (d === "zero") return none(prim);
  if (d === "sum" || d === "difference") {
    return single(prim, (ct, [x, y], _out, _p, [wx, wy]) => [
      wx ? unbroadcast(ct, x.shape) : null,
      wy ? unbroadcast(d === "difference" ? neg(ct) : ct, y.shape) : null,
    ]);
  }
  return single(prim, (ct, [x, y], z, _p, [wx, wy]) => {
    const [dx, dy] = d(diffOps, x, y, z);
    return [wx ? unbroadcast(mul(ct, dx()), x.shape) : null, wy ? unbroadcast(mul(ct, dy()), y.shape) : null];
  });
}

const keptAxes = (shape: readonly number[], axes: readonly number[]) => shape.map((_, i) => i).filter((i) => !axes.includes(i));

/** A reduction's cotangent spread back over the input. */
const spread = (ct: Tensor, x: Tensor, axes: readonly number[]) => broadcastInDim(ct, x.shape, keptAxes(x.shape, axes));

function reduction(prim: ReducePrim): VjpRule<ReducePrim> {
  switch (reducePrims[prim].derivative) {
    case "linear":
      return single(prim, (ct, [x], _out, { axes }) => [spread(ct, x, axes)]);
    case "zero":
      return none(prim);
    case "chooser":
      return single(prim, (ct, [x], out, { axes }) => [mul(spread(ct, x, axes), chooserWeights(x, out, axes))]);
    case "product":
      return single(prim, (ct, [x], _out, { axes }) => [mul(spread(ct, x, axes), prodPartials(x, axes))]);
  }
}

/** Cotangent of lhs (or, with roles swapped, rhs) of dot_general: see ARCHITECTURE.md. */
function dotTranspose(ct: Tensor, other: Tensor, self: Tensor, params: PrimParams["dot_general"], isLhs: boolean): Tensor {
  const [[lc, rc], [lb, rb]] = params.dimension_numbers;
  const [sc, oc, sb, ob] = isLhs ? [lc, rc, lb, rb] : [rc, lc, rb, lb];
  const nb = lb.length;
  const selfFree = keptAxes(self.shape, [...sc, ...sb]);
  const otherFree = keptAxes(other.shape, [...oc, ...ob]);
  // ct is laid out [batch, lhs free, rhs free]; pick the block that pairs with `other`'s free axes.
  const nLhsFree = isLhs ? selfFree.length : otherFree.length;
  const ctOtherFree = otherFree.map((_, k) => nb + (isLhs ? nLhsFree + k : k));
  const ctBatch = [...Array(nb).keys()];
  const r = bind1("dot_general", [ct, other], {
    dimension_numbers: [
      [ctOtherFree, otherFree],
      [ctBatch, [...ob]],
    ],
    preferred_element_type: null,
  });
  // r is [batch, self free, other's contracting axes in increasing order] → self's axes.
  const sortedOc = [...oc].sort((a, b) => a - b);
  const selfAxisOf = [...sb, ...selfFree, ...sortedOc.map((a) => sc[oc.indexOf(a)])];
  return transpose(r, invertPermutation(selfAxisOf));
}

export const vjpRules: { readonly [P in Prim]: VjpRule<P> } = {
  ...windowVjp,
  conv_general_dilated: convVjp,
  ...linalgVjp,
  ...complexVjp,
  ...rowsFor(UNARY_PRIMS, unary),
  ...rowsFor(BINARY_PRIMS, binary),
  ...rowsFor(COMPARE_PRIMS, none),
  ...rowsFor(REDUCE_PRIMS, reduction),
  ...rowsFor(SCATTER_PRIMS, scatterVjp),
  gather: gatherVjp,
  round: none("round"),
  is_finite: none("is_finite"),
  integer_pow: single("integer_pow", (ct, [x], _out, { y }) => [y === 0 ? null : mul(ct, integerPowDerivative(x, y))]),
  convert_element_type: single("convert_element_type", (ct, [x], _out, { new_dtype }) => [
    isInexact(x.dtype) && isInexact(new_dtype) ? convert(ct, x.dtype) : null,
  ]),
  select_n: single("select_n", (ct, [which, ...cases], _out, _p, [, ...wants]) => {
    const z = zeros(ct.shape, ct.dtype);
    return [null, ...cases.map((_, i) => (wants[i] ? bind1("select_n", [which, ...cases.map((_c, j) => (j === i ? ct : z))], {}) : null))];
  }),
  argmax: none("argmax"),
  argmin: none("argmin"),
  cumsum: single("cumsum", (ct, _x, _out, { axis, reverse }) => [bind1("cumsum", [ct], { axis, reverse: !reverse })]),
  cumprod: scanVjp("cumprod"),
  cummax: scanVjp("cummax"),
  cummin: scanVjp("cummin"),
  broadcast_in_dim: single("broadcast_in_dim", (ct, [x], _out, { shape, broadcast_dimensions: dims }) => {
    const summed = shape.map((_, d) => d).filter((d) => {
      const i = dims.indexOf(d);
      return i < 0 || (x.shape[i] === 1 && shape[d] !== 1);
    });
    return [reshape(reduceSum(ct, summed), x.shape)];
  }),
  reshape: single("reshape", (ct, [x]) => [reshape(ct, x.shape)]),
  squeeze: single("squeeze", (ct, [x]) => [reshape(ct, x.shape)]),
  transpose: single("transpose", (ct, _x, _out, { permutation }) => [transpose(ct, invertPermutation(permutation))]),
  slice: single("slice", (ct, [x], out, { start_indices: start, strides }) => {
    const config = x.shape.map((n, d) => {
      const st = strides ? strides[d] : 1;
      const len = out.shape[d];
      const hi = len > 0 ? n - (start[d] + (len - 1) * st + 1) : n - start[d];
      return [start[d], hi, len > 0 ? st - 1 : 0] as const;
    });
    return [bind1("pad", [ct, lit(ct, 0)], { padding_config: config })];
  }),
  pad: single("pad", (ct, [x], _out, { padding_config: cfg }, [, wantValue]) => {
    const unpadded = bind1("pad", [ct, lit(ct, 0)], { padding_config: cfg.map(([lo, hi]) => [-lo, -hi, 0] as const) });
    const ctX = bind1("slice", [unpadded], {
      start_indices: x.shape.map(() => 0),
      limit_indices: unpadded.shape,
      strides: cfg.some((c) => c[2] !== 0) ? cfg.map((c) => c[2] + 1) : null,
    });
    const all = [...Array(ct.ndim).keys()];
    return [ctX, wantValue ? sub(reduceSum(ct, all), reduceSum(ctX, all)) : null];
  }),
  concatenate: single("concatenate", (ct, parts, _out, { dimension }) => {
    let offset = 0;
    return parts.map((p) => {
      const start = ct.shape.map((_, d) => (d === dimension ? offset : 0));
      const limit = ct.shape.map((n, d) => (d === dimension ? offset + p.shape[d] : n));
      offset += p.shape[dimension];
      return bind1("slice", [ct], { start_indices: start, limit_indices: limit, strides: null });
    });
  }),
  rev: single("rev", (ct, _x, _out, params) => [bind1("rev", [ct], params)]),
  dynamic_slice: single("dynamic_slice", (ct, [x, ...idx]) => [
    bind1("dynamic_update_slice", [zeros(x.shape, x.dtype), ct, ...idx], {}),
    ...idx.map(() => null),
  ]),
  dynamic_update_slice: single("dynamic_update_slice", (ct, [_x, u, ...idx]) => [
    bind1("dynamic_update_slice", [ct, zeros(u.shape, u.dtype), ...idx], {}),
    bind1("dynamic_slice", [ct, ...idx], { slice_sizes: u.shape }),
    ...idx.map(() => null),
  ]),
  iota: none("iota"),
  random_bits: none("random_bits"),
  argsort: none("argsort"),
  debug_callback: none("debug_callback"),
  // Higher-order primitives (the rules module imports this one, so call through lazily).
  cond: (primals, params) => controlFlowVjp.cond(primals, params),
  while: () => controlFlowVjp.while(),
  scan: (primals, params) => controlFlowVjp.scan(primals, params),
  checkpoint: (primals, params) => controlFlowVjp.checkpoint(primals, params),
  dot_general: single("dot_general", (ct, [a, b], _out, params, [wa, wb]) => [
    wa ? dotTranspose(ct, b, a, params, true) : null,
    wb ? dotTranspose(ct, a, b, params, false) : null,
  ]),
};
