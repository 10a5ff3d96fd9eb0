/**
 * The interpreter ("interpreted tape"): walks a jaxpr's equations in order and binds each
 * primitive. At the top level that runs the eager kernels; under a transform, the
 * transform sees every primitive, so evaluating a jaxpr under `grad` differentiates it.
 * It is the reference the JIT must agree with.
 */
import { ConcreteArray, scalarArray } from "./array";
import { JitgradError } from "./errors";
import { type Atom, type ClosedJaxpr, type Jaxpr, Lit, type Var } from "./ir";
import type { Tensor } from "./tensor";
import { bind } from "./trace";

const literalValues = new WeakMap<Lit, ConcreteArray>();

/** The concrete 0-d array of a literal (cached: literals are immutable). */
export function literalValue(lit: Lit): ConcreteArray {
  let v = literalValues.get(lit);
  if (!v) {
    v = scalarArray(lit.value, lit.aval.dtype);
    literalValues.set(lit, v);
  }
  return v;
}

/** Evaluates `jaxpr` with `consts` for its constvars and `args` for its invars. */
export function evalJaxpr(jaxpr: Jaxpr, consts: readonly Tensor[], args: readonly Tensor[]): Tensor[] {
  if (args.length !== jaxpr.invars.length || consts.length !== jaxpr.constvars.length) {
    throw new JitgradError(
      `evalJaxpr: the jaxpr takes ${jaxpr.constvars.length} constant(s) and ${jaxpr.invars.length} input(s), ` +
        `got ${consts.length} and ${args.length}.`,
    );
  }
  const env = new Map<Var, Tensor>();
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]));
  const read = (a: Atom): Tensor => (a instanceof Lit ? literalValue(a) : env.get(a)!);
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.prim, eqn.inputs.map(read), eqn.params);
    for (let i = 0; i < eqn.outs.length; i++) env.set(eqn.outs[i], outs[i]);
  }
  return jaxpr.outs.map(read);
}

/** Evaluates a closed jaxpr on `args`. */
export function evalClosedJaxpr(closed: ClosedJaxpr, args: readonly Tensor[]): Tensor[] {
  return evalJaxpr(closed.jaxpr, closed.consts, args);
}
