/**
 * The one loop shape of the optimizer passes: walk the equations in order with a
 * substitution (variable → atom); each equation is kept (inputs substituted), replaced by
 * atoms for its outputs, or replaced by new equations. Returns a new jaxpr; the input is
 * never modified.
 */
import { InternalError } from "../../core/errors";
import { avalsEqual } from "../../core/aval";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var, makeEqn, makeJaxprIR } from "../../core/ir";

/** What a pass does with one equation (inputs already substituted). */
export type Rewrite =
  | { readonly kind: "keep"; readonly eqn: AnyEqn }
  | { readonly kind: "replace"; readonly outs: readonly Atom[] };

export const keep = (eqn: AnyEqn): Rewrite => ({ kind: "keep", eqn });
export const replace = (...outs: Atom[]): Rewrite => ({ kind: "replace", outs });

/** What one pass does with each equation of one walk (it may keep state across the walk). */
export type Visit = (eqn: AnyEqn) => Rewrite;

/** How often one equation may be rewritten within one visit of a chain (a bound; rewrites so far settle after one or two). */
const MAX_REWRITES_PER_EQUATION = 8;

/**
 * Passes applied to each equation in turn within one walk: the first to replace an
 * equation ends its visit; one that rewrites it hands the new equation to every pass again,
 * from the first (x - (-y) becomes x + y, which may simplify again: -a + a is a - a); a kept
 * one goes on to the next. Each pass looks only at earlier equations, so one walk does what
 * running them over the whole jaxpr until nothing changes would.
 */
export function chain(...visits: readonly Visit[]): Visit {
  return (eqn) => {
    let current = eqn;
    let rewrites = 0;
    for (let i = 0; i < visits.length; i++) {
      const r = visits[i](current);
      if (r.kind === "replace") return r;
      if (r.eqn !== current && rewrites < MAX_REWRITES_PER_EQUATION) {
        rewrites++;
        i = -1;
      }
      current = r.eqn;
    }
    return keep(current);
  };
}

export function rewrite(jaxpr: Jaxpr, visit: Visit): Jaxpr {
  const subst = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? (subst.get(a) ?? a) : a);
  const substituted = (a: Atom) => a instanceof Var && subst.has(a);
  const eqns: AnyEqn[] = [];
  let changed = false;
  for (const original of jaxpr.eqns) {
    // Most equations have no substituted input: they go to the pass as they are.
    const eqn = subst.size > 0 && original.inputs.some(substituted) ? makeEqn(original.prim, original.params, original.inputs.map(sub), original.outs) : original;
    const r = visit(eqn);
    if (r.kind === "keep") {
      eqns.push(r.eqn);
      if (r.eqn !== original) changed = true;
    } else {
      original.outs.forEach((v, i) => {
        const a = r.outs[i];
        if (!avalsEqual(v.aval, a.aval)) throw new InternalError(`internal: a pass replaced a ${v.aval.dtype} value by one of another type`);
        subst.set(v, a);
      });
      changed = true;
    }
  }
  if (!changed) return jaxpr;
  return makeJaxprIR(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outs.map(sub));
}

/** A literal's identity for comparisons: its bits as text, and its dtype. */
export function literalKey(l: Lit): string {
  return `${Object.is(l.value, -0) ? "-0" : String(l.value)}:${l.aval.dtype}`;
}

/** True if `a` is a literal equal to `v` (bit for bit: -0 and +0 differ). */
export function isLiteral(a: Atom, v: number): a is Lit {
  return a instanceof Lit && Object.is(a.value, v);
}
