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

export function rewrite(jaxpr: Jaxpr, visit: (eqn: AnyEqn) => Rewrite): Jaxpr {
  const subst = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? (subst.get(a) ?? a) : a);
  const eqns: AnyEqn[] = [];
  let changed = false;
  for (const original of jaxpr.eqns) {
    const inputs = original.inputs.map(sub);
    const eqn = inputs.some((a, i) => a !== original.inputs[i]) ? makeEqn(original.prim, original.params, inputs, original.outs) : original;
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
