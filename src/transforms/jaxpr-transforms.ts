/**
 * Transforms of sub-jaxprs, as the rules of higher-order primitives need them: each runs
 * the jaxpr through the interpreter under a transform while staging, so the result is a
 * new jaxpr (IR → IR).
 */
import { type Aval } from "../core/aval";
import { isInexact } from "../core/dtype";
import { evalJaxpr } from "../core/interpreter";
import type { Jaxpr } from "../core/ir";
import { type SubJaxpr, traceSub } from "../core/subjaxpr";
import type { Tensor } from "../core/tensor";
import { zerosLike } from "./ad-ops";
import { type BDim } from "./batching-rules";
import { jvpFlat } from "./jvp-trace";
import { vjpFlat } from "./tape";
import { vmapFlat } from "./vmap";

const call = (jaxpr: Jaxpr) => (...xs: Tensor[]) => evalJaxpr(jaxpr, [], xs);

/** Which values carry tangents/cotangents: the floating ones. */
export const differentiable = (avals: readonly Aval[]): boolean[] => avals.map((a) => isInexact(a.dtype));

/**
 * The JVP of `jaxpr` as a jaxpr taking `[...inputs, ...tangents of float inputs]` and
 * returning `[...outputs, ...tangents of float outputs]` (zeros made explicit). With
 * `nonzero`, only those inputs have tangents (JAX's symbolic zeros: a zero tangent is not
 * an input, so it cannot become a -0 on the way); `nonzeroOuts` says which output
 * tangents came out non-zero.
 */
export function jvpJaxpr(jaxpr: Jaxpr, opts: JvpJaxprOptions = {}): SubJaxpr & { readonly nonzeroOuts: readonly boolean[] } {
  const inAvals = jaxpr.invars.map((v) => v.aval);
  const withT = differentiable(inAvals).map((d, i) => d && (opts.nonzero?.[i] ?? true));
  const tAvals = inAvals.filter((_, i) => withT[i]);
  let nonzeroOuts: boolean[] = [];
  const sub = traceSub(
    (...xs) => {
      const primals = xs.slice(0, inAvals.length);
      let k = inAvals.length;
      const tangents = primals.map((_, i) => (withT[i] ? xs[k++] : null));
      const [outs, touts] = jvpFlat(call(jaxpr), primals, tangents, "jvp (sub-jaxpr)");
      nonzeroOuts = touts.map((t) => t !== null);
      const wanted = (i: number) => isInexact(outs[i].dtype) && (opts.instantiate?.[i] ?? true);
      return [...outs, ...outs.flatMap((o, i) => (wanted(i) ? [touts[i] ?? zerosLike(o)] : []))];
    },
    [...inAvals, ...tAvals],
    "jvp",
  );
  return { ...sub, nonzeroOuts };
}

/** Options of {@link jvpJaxpr}. */
export interface JvpJaxprOptions {
  /** Per input: false when its tangent is a symbolic zero (no tangent input; default all true). */
  readonly nonzero?: readonly boolean[];
  /** Per output: whether to return its tangent (zeros where symbolic; default all float outputs). */
  readonly instantiate?: readonly boolean[];
}

/**
 * `jaxpr` batched: inputs batched along `dims` (null = unbatched) with batch `size`; every
 * output batched along axis 0.
 */
export function vmapJaxpr(jaxpr: Jaxpr, dims: readonly BDim[], size: number): SubJaxpr {
  const avals = jaxpr.invars.map((v, i) => {
    const d = dims[i];
    if (d === null) return v.aval;
    const shape = [...v.aval.shape];
    shape.splice(d, 0, size);
    return { shape, dtype: v.aval.dtype };
  });
  return traceSub(
    (...xs) => vmapFlat(call(jaxpr), xs, dims, size, () => 0, "vmap (sub-jaxpr)"),
    avals,
    "vmap",
  );
}

/**
 * Forward and backward of `jaxpr` in one jaxpr: `[...inputs, ...output cotangents]` →
 * `[...outputs, ...cotangents of float inputs]`. Partial evaluation splits it into the
 * forward part and the backward part with residuals between them.
 */
export function jointVjpJaxpr(jaxpr: Jaxpr): SubJaxpr {
  const inAvals = jaxpr.invars.map((v) => v.aval);
  const outAvals = jaxpr.outs.map((v) => v.aval);
  const wants = differentiable(inAvals);
  return traceSub(
    (...xs) => {
      const primals = xs.slice(0, inAvals.length);
      const cts = xs.slice(inAvals.length);
      const tape = vjpFlat(call(jaxpr), primals, "vjp (sub-jaxpr)");
      const grads = tape.pullback(cts);
      return [...tape.outs, ...primals.flatMap((p, i) => (wants[i] ? [grads[i] ?? zerosLike(p)] : []))];
    },
    [...inAvals, ...outAvals],
    "vjp",
  );
}
