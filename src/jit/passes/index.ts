/** The optimizer: passes composed into a pipeline, run to a fixed point (bounded). */
import type { Jaxpr } from "../../core/ir";
import { cseVisit } from "./cse";
import { dce } from "./dce";
import { foldVisit } from "./fold";
import { inlineCheckpoints, mapSubJaxprs } from "./inline";
import { lowerComplex } from "./lower-complex";
import { scalarize } from "./scalarize";
import { chain, rewrite } from "./rewrite";
import { simplifyVisit } from "./simplify";

/** Fold, simplify and CSE, in one walk (a first jit call runs the optimizer cold: each walk costs). */
export const rewrites = (j: Jaxpr): Jaxpr => rewrite(j, chain(foldVisit(), simplifyVisit(), cseVisit()));

/**
 * Optimizes a jaxpr (and its sub-jaxprs); the result computes bit-identical values. One
 * walk of fold, simplify and CSE, then DCE, reaches their fixed point: each rewrite looks
 * only at equations before the one it visits, all of them already rewritten (and a
 * rewritten equation goes round the three again, see `chain`), and dropping
 * dead equations makes no constant, pattern or duplicate. (A property of the fuzzer checks
 * that another walk changes nothing; a second walk used to be a fifth of a first jit call's
 * optimizer.)
 */
export function optimize(jaxpr: Jaxpr): Jaxpr {
  return dce(rewrites(mapSubJaxprs(inlineCheckpoints(jaxpr), optimize)));
}

/**
 * The pipeline in front of code generation: complex values become pairs of real ones,
 * optimize, replace small arrays by scalars (so loops over them become straight-line code
 * on locals), then clean up what that exposed.
 */
export function prepareForCodegen(jaxpr: Jaxpr): Jaxpr {
  const optimized = optimize(lowerComplex(jaxpr));
  const scalarized = scalarize(optimized);
  // Scalarizing nothing exposes nothing: the optimizer already ran to its fixed point.
  return scalarized === optimized ? optimized : optimize(scalarized);
}

export { scalarize };
