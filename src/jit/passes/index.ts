/** The optimizer: passes composed into a pipeline, run to a fixed point (bounded). */
import { function as F } from "fp-ts";
import type { Jaxpr } from "../../core/ir";
import { cse } from "./cse";
import { dce } from "./dce";
import { foldConstants } from "./fold";
import { inlineCheckpoints, mapSubJaxprs } from "./inline";
import { simplify } from "./simplify";

const onePass: (j: Jaxpr) => Jaxpr = F.flow(foldConstants, simplify, cse, dce);

/** Optimizes a jaxpr (and its sub-jaxprs); the result computes bit-identical values. */
export function optimize(jaxpr: Jaxpr): Jaxpr {
  let current = mapSubJaxprs(inlineCheckpoints(jaxpr), optimize);
  for (let round = 0; round < 4; round++) {
    const next = onePass(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

export { cse, dce, foldConstants, inlineCheckpoints, simplify };
