/**
 * Common-subexpression elimination: two equations with the same primitive, params and
 * inputs compute the same values (all primitives are pure), so the second reuses the first.
 */
import { type AnyEqn, type Jaxpr, Lit, paramsOf } from "../../core/ir";
import { keep, literalKey, replace, rewrite } from "./rewrite";

function paramsKey(eqn: AnyEqn): string {
  return JSON.stringify(paramsOf(eqn), (_k, v: unknown) => (typeof v === "number" && Object.is(v, -0) ? "-0" : v));
}

export function cse(jaxpr: Jaxpr): Jaxpr {
  const seen = new Map<string, AnyEqn>();
  return rewrite(jaxpr, (eqn) => {
    const key = `${eqn.prim}(${eqn.inputs.map((a) => (a instanceof Lit ? literalKey(a) : `v${a.id}`)).join(",")})${paramsKey(eqn)}`;
    const prev = seen.get(key);
    if (prev) return replace(...prev.outs);
    seen.set(key, eqn);
    return keep(eqn);
  });
}
