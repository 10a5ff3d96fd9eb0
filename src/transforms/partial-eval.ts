/**
 * Partial evaluation of a jaxpr: given which inputs will be known first, split it into a
 * known part (computable from the known inputs; it also outputs the residuals) and an
 * unknown part (residuals and unknown inputs → the rest). The scan VJP uses it to store
 * the forward pass's residuals per step and run only the backward part in reverse.
 *
 * Equations run where their inputs are: an equation with any unknown input is unknown, so
 * a `checkpoint` in the backward part recomputes there instead of becoming residuals.
 */
import { InternalError } from "../core/errors";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var, makeJaxprIR } from "../core/ir";

export interface PartialEvalResult {
  /** known inputs → [known outputs (per `outKnown`), ...residuals] */
  readonly known: Jaxpr;
  /** [...residuals, ...unknown inputs] → unknown outputs */
  readonly unknown: Jaxpr;
  readonly numResiduals: number;
  /** For each residual, the index of the known input it is (it need not be stored), or -1. */
  readonly residualInputs: readonly number[];
}

/**
 * Splits `jaxpr` (no constvars). `inKnown[i]` says whether input i is known; `outKnown[j]`
 * whether output j must come from the known part (it must not depend on unknown inputs).
 */
export function partialEval(jaxpr: Jaxpr, inKnown: readonly boolean[], outKnown: readonly boolean[]): PartialEvalResult {
  const known = new Set<Var>();
  jaxpr.invars.forEach((v, i) => {
    if (inKnown[i]) known.add(v);
  });
  const isKnown = (a: Atom) => a instanceof Lit || known.has(a);
  const knownEqns: AnyEqn[] = [];
  const unknownEqns: AnyEqn[] = [];
  for (const eqn of jaxpr.eqns) {
    if (eqn.inputs.every(isKnown)) {
      knownEqns.push(eqn);
      for (const v of eqn.outs) known.add(v);
    } else unknownEqns.push(eqn);
  }
  jaxpr.outs.forEach((a, j) => {
    if (outKnown[j] && !isKnown(a)) throw new InternalError("internal: partial eval: a known output depends on unknown inputs");
  });
  // Residuals: known variables the unknown part reads.
  const residuals: Var[] = [];
  const seen = new Set<Var>();
  const need = (a: Atom) => {
    if (a instanceof Var && known.has(a) && !seen.has(a)) {
      seen.add(a);
      residuals.push(a);
    }
  };
  for (const eqn of unknownEqns) eqn.inputs.forEach(need);
  jaxpr.outs.forEach((a, j) => {
    if (!outKnown[j]) need(a);
  });
  const knownInvars = jaxpr.invars.filter((_, i) => inKnown[i]);
  const unknownInvars = jaxpr.invars.filter((_, i) => !inKnown[i]);
  return {
    known: makeJaxprIR([], knownInvars, knownEqns, [...jaxpr.outs.filter((_, j) => outKnown[j]), ...residuals]),
    unknown: makeJaxprIR(
      [],
      [...residuals, ...unknownInvars],
      unknownEqns,
      jaxpr.outs.filter((_, j) => !outKnown[j]),
    ),
    numResiduals: residuals.length,
    residualInputs: residuals.map((r) => knownInvars.indexOf(r)),
  };
}
