/**
 * IR validation: re-runs abstract evaluation over a jaxpr and checks that every variable
 * is defined once, before use, with the aval its defining equation gives it.
 */
import * as E from "./either";
import { checkEquation } from "./abstract-eval";
import { avalsEqual, showAval } from "./aval";
import { IRError } from "./errors";
import { type Jaxpr, Lit, Var } from "./ir";

/** The jaxpr itself when it is well formed, otherwise the first problem found. */
export function validateJaxpr(jaxpr: Jaxpr): E.Either<IRError, Jaxpr> {
  const defined = new Set<Var>();
  const define = (v: Var, where: string): IRError | undefined => {
    if (defined.has(v)) return new IRError(`validate: a variable is defined twice (${where}).`);
    defined.add(v);
    return undefined;
  };
  for (const v of [...jaxpr.constvars, ...jaxpr.invars]) {
    const err = define(v, "among the binders");
    if (err) return E.left(err);
  }
  for (let i = 0; i < jaxpr.eqns.length; i++) {
    const eqn = jaxpr.eqns[i];
    for (const a of eqn.inputs) {
      if (a instanceof Var && !defined.has(a)) {
        return E.left(new IRError(`validate: equation ${i} (${eqn.prim}) uses a variable before it is defined.`));
      }
      if (!(a instanceof Var) && !(a instanceof Lit)) return E.left(new IRError(`validate: equation ${i} has a malformed input.`));
    }
    const result = checkEquation(
      eqn.prim,
      eqn.inputs.map((a) => a.aval),
      eqn.params,
    );
    if (E.isLeft(result)) return E.left(new IRError(`validate: equation ${i} is ill-typed: ${result.left.message}`));
    const avals = result.right;
    if (avals.length !== eqn.outs.length) {
      return E.left(new IRError(`validate: equation ${i} (${eqn.prim}) has ${eqn.outs.length} outputs, abstract eval gives ${avals.length}.`));
    }
    for (let k = 0; k < avals.length; k++) {
      if (!avalsEqual(avals[k], eqn.outs[k].aval)) {
        return E.left(
          new IRError(
            `validate: output ${k} of equation ${i} (${eqn.prim}) is typed ${showAval(eqn.outs[k].aval)}, ` +
              `abstract eval gives ${showAval(avals[k])}.`,
          ),
        );
      }
      const err = define(eqn.outs[k], `equation ${i}`);
      if (err) return E.left(err);
    }
  }
  for (const a of jaxpr.outs) {
    if (a instanceof Var && !defined.has(a)) return E.left(new IRError("validate: an output is never defined."));
  }
  return E.right(jaxpr);
}
