/**
 * Inlining: a `checkpoint` equation only matters to differentiation; for code generation
 * its sub-jaxpr is spliced into the caller (with fresh variables, so inlining the same
 * sub-jaxpr twice keeps the IR in SSA form), where the other passes can see through it.
 */
import { type AnyEqn, type Atom, type Jaxpr, Var, makeEqn, makeJaxprIR } from "../../core/ir";
import { mapEqnSubJaxprs, subJaxprsOf } from "../../core/subjaxpr";
import { keep, rewrite } from "./rewrite";

/** The equations of `sub` applied to `inputs`, renamed; returns them and the output atoms. */
function splice(sub: Jaxpr, inputs: readonly Atom[]): { eqns: AnyEqn[]; outs: Atom[] } {
  const rename = new Map<Var, Atom>();
  sub.invars.forEach((v, i) => rename.set(v, inputs[i]));
  const atom = (a: Atom): Atom => (a instanceof Var ? (rename.get(a) ?? a) : a);
  const eqns = sub.eqns.map((e) => {
    const outs = e.outs.map((v) => {
      const fresh = new Var(v.aval);
      rename.set(v, fresh);
      return fresh;
    });
    return makeEqn(e.prim, e.params, e.inputs.map(atom), outs);
  });
  return { eqns, outs: sub.outs.map(atom) };
}

export function inlineCheckpoints(jaxpr: Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some((e) => e.prim === "checkpoint")) return jaxpr;
  const eqns: AnyEqn[] = [];
  const subst = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? (subst.get(a) ?? a) : a);
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(sub);
    if (e.prim !== "checkpoint") {
      eqns.push(makeEqn(e.prim, e.params, inputs, e.outs));
      continue;
    }
    const spliced = splice(inlineCheckpoints(e.params.jaxpr), inputs);
    eqns.push(...spliced.eqns);
    e.outs.forEach((v, i) => subst.set(v, spliced.outs[i]));
  }
  return makeJaxprIR(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outs.map(sub));
}

/** Applies `pass` inside every sub-jaxpr (cond branches, loop bodies). */
export function mapSubJaxprs(jaxpr: Jaxpr, pass: (j: Jaxpr) => Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some((e) => subJaxprsOf(e).length > 0)) return jaxpr;
  return rewrite(jaxpr, (e) => keep(mapEqnSubJaxprs(e, pass)));
}
