/** Dead-code elimination: drop equations none of whose outputs are used, unless they have effects. */
import { hasEffects } from "../../core/effects";
import { type Jaxpr, Var, makeJaxprIR } from "../../core/ir";

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of jaxpr.outs) if (a instanceof Var) live.add(a);
  const kept = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i];
    if (!eqn.outs.some((v) => live.has(v)) && !hasEffects(eqn)) continue;
    kept.push(eqn);
    for (const a of eqn.inputs) if (a instanceof Var) live.add(a);
  }
  if (kept.length === jaxpr.eqns.length) return jaxpr;
  return makeJaxprIR(jaxpr.constvars, jaxpr.invars, kept.reverse(), jaxpr.outs);
}
