/**
 * The interpreter ("interpreted tape"): walks a jaxpr's equations in order and binds each
 * primitive. At the top level that runs the eager kernels; under a transform, the
 * transform sees every primitive, so evaluating a jaxpr under `grad` differentiates it.
 * It is the reference the JIT must agree with.
 *
 * Variables are numbered into slots once per jaxpr (cached), so a run is array reads and
 * writes rather than map lookups.
 */
import { type ConcreteArray, scalarArray } from "./array";
import { JitgradError } from "./errors";
import type { ClosedJaxpr } from "./closed-jaxpr";
import { type AnyEqn, type Atom, type Jaxpr, Lit, type Var } from "./ir";
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

/** A jaxpr with every variable given a slot; literal inputs are pre-materialised. */
interface SlotProgram {
  readonly size: number;
  readonly constSlots: readonly number[];
  readonly inSlots: readonly number[];
  /** Per equation: input slots (or constant values for literals) and output slots. */
  readonly steps: readonly { readonly eqn: AnyEqn; readonly ins: readonly (number | Tensor)[]; readonly outs: readonly number[] }[];
  readonly outs: readonly (number | Tensor)[];
}

const programs = new WeakMap<Jaxpr, SlotProgram>();

function slotProgram(jaxpr: Jaxpr): SlotProgram {
  let p = programs.get(jaxpr);
  if (p) return p;
  const slots = new Map<Var, number>();
  const slotOf = (v: Var) => {
    let s = slots.get(v);
    if (s === undefined) slots.set(v, (s = slots.size));
    return s;
  };
  const atom = (a: Atom): number | Tensor => (a instanceof Lit ? literalValue(a) : slotOf(a));
  const constSlots = jaxpr.constvars.map(slotOf);
  const inSlots = jaxpr.invars.map(slotOf);
  const steps = jaxpr.eqns.map((eqn) => ({ eqn, ins: eqn.inputs.map(atom), outs: eqn.outs.map(slotOf) }));
  p = { size: slots.size, constSlots, inSlots, steps, outs: jaxpr.outs.map(atom) };
  programs.set(jaxpr, p);
  return p;
}

/** Evaluates `jaxpr` with `consts` for its constvars and `args` for its invars. */
export function evalJaxpr(jaxpr: Jaxpr, consts: readonly Tensor[], args: readonly Tensor[]): Tensor[] {
  if (args.length !== jaxpr.invars.length || consts.length !== jaxpr.constvars.length) {
    throw new JitgradError(
      `evalJaxpr: the jaxpr takes ${jaxpr.constvars.length} constant(s) and ${jaxpr.invars.length} input(s), ` +
        `got ${consts.length} and ${args.length}.`,
    );
  }
  const p = slotProgram(jaxpr);
  const env = new Array<Tensor>(p.size);
  for (let i = 0; i < consts.length; i++) env[p.constSlots[i]] = consts[i];
  for (let i = 0; i < args.length; i++) env[p.inSlots[i]] = args[i];
  const read = (a: number | Tensor): Tensor => (typeof a === "number" ? env[a] : a);
  for (const step of p.steps) {
    const ins = new Array<Tensor>(step.ins.length);
    for (let i = 0; i < ins.length; i++) ins[i] = read(step.ins[i]);
    const outs = bind(step.eqn.prim, ins, step.eqn.params);
    for (let i = 0; i < step.outs.length; i++) env[step.outs[i]] = outs[i];
  }
  return p.outs.map(read);
}

/** Evaluates a closed jaxpr on `args`. */
export function evalClosedJaxpr(closed: ClosedJaxpr, args: readonly Tensor[]): Tensor[] {
  return evalJaxpr(closed.jaxpr, closed.consts, args);
}
