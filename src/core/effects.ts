/**
 * Which equations have effects beyond their outputs. Such an equation is never folded,
 * merged or dropped by the optimizer, and neither is a loop or branch that holds one.
 */
import type { AnyEqn, Jaxpr } from "./ir";
import type { Prim } from "./primitives";
import { subJaxprsOf } from "./subjaxpr";

const EFFECT_PRIMS: ReadonlySet<Prim> = new Set<Prim>(["debug_callback"]);

const jaxprEffects = new WeakMap<Jaxpr, boolean>();

/** True if the jaxpr has an equation with effects (at any depth). */
export function jaxprHasEffects(jaxpr: Jaxpr): boolean {
  let known = jaxprEffects.get(jaxpr);
  if (known === undefined) {
    known = jaxpr.eqns.some(hasEffects);
    jaxprEffects.set(jaxpr, known);
  }
  return known;
}

/** True if running the equation does more than compute its outputs. */
export function hasEffects(eqn: AnyEqn): boolean {
  if (EFFECT_PRIMS.has(eqn.prim)) return true;
  // A loop, not .some(closure): every pass asks this of every equation, mostly cold.
  const subs = subJaxprsOf(eqn);
  for (let i = 0; i < subs.length; i++) if (jaxprHasEffects(subs[i].jaxpr)) return true;
  return false;
}
