/**
 * Constant folding: an equation whose inputs are all literals and whose outputs are 0-d
 * is evaluated now, with the same kernels as the interpreter, and becomes literals (not
 * complex ones: a literal holds one number).
 */
import { isComplex } from "../../core/dtype";
import { hasEffects } from "../../core/effects";
import { Lit } from "../../core/ir";
import { literalValue } from "../../core/interpreter";
import { evalPrimitive } from "../../core/trace";
import { type Visit, keep, replace } from "./rewrite";

/** Constant folding as one pass of a walk (see `chain`). */
export function foldVisit(): Visit {
  return (eqn) => {
    if (eqn.inputs.length === 0 || hasEffects(eqn) || !eqn.inputs.every((a) => a instanceof Lit) || !eqn.outs.every((v) => v.aval.shape.length === 0 && !isComplex(v.aval.dtype))) {
      return keep(eqn);
    }
    const outs = evalPrimitive(eqn.prim, eqn.inputs.map((a) => literalValue(a as Lit)), eqn.params as never);
    return replace(...outs.map((o) => new Lit(o.data[0], o.aval)));
  };
}
