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

/**
 * Passes applied to each equation in turn within one walk: the first to replace an
 * equation ends its visit, a kept (possibly rewritten) one goes on to the next. The same
 * as running them one after another over the whole jaxpr, since each looks only at
 * earlier equations, with one walk instead of several.
 */
export function chain(...visits: readonly Visit[]): Visit {
  return (eqn) => {
    let current = eqn;
    for (const visit of visits) {
      const r = visit(current);
      if (r.kind === "replace") return r;
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
