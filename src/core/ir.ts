/**
 * The IR: a jaxpr. Input binders, constant binders, equations `outs = prim[params] inputs`
 * and outputs. Variables have identity (only the printer names them). Everything is frozen:
 * passes build new jaxprs and never mutate one.
 */
import type { Aval } from "./aval";
import type { AnyParams, Prim, PrimParams } from "./primitives";

let nextVarId = 0;

/** A variable: an SSA value of the IR. Compared by identity. */
export class Var {
  /** Creation order; stable within a process, used for hashing and deterministic order. */
  readonly id: number = nextVarId++;
  constructor(readonly aval: Aval) {
    Object.freeze(this);
  }
}

/** A 0-d constant written inline (`2.0:f64[]`). Booleans are stored as 0/1. */
export class Lit {
  constructor(
    readonly value: number,
    readonly aval: Aval,
  ) {
    Object.freeze(this);
  }
}

/** An equation input: a variable or an inline literal. */
export type Atom = Var | Lit;

/** One equation of primitive `P`. */
export interface Eqn<P extends Prim = Prim> {
  readonly prim: P;
  readonly params: PrimParams[P];
  readonly inputs: readonly Atom[];
  readonly outs: readonly Var[];
}

/** An equation of any primitive, narrowed by a check on `prim`. */
export type AnyEqn = { [P in Prim]: Eqn<P> }[Prim];

/** An open jaxpr: the values of `constvars` are supplied by a {@link ClosedJaxpr}. */
export interface Jaxpr {
  readonly constvars: readonly Var[];
  readonly invars: readonly Var[];
  readonly eqns: readonly AnyEqn[];
  readonly outs: readonly Atom[];
}

export function makeEqn<P extends Prim>(
  prim: P,
  params: PrimParams[P],
  inputs: readonly Atom[],
  outs: readonly Var[],
): AnyEqn {
  return Object.freeze({
    prim,
    params: Object.freeze(params),
    inputs: Object.freeze([...inputs]),
    outs: Object.freeze([...outs]),
  }) as unknown as AnyEqn;
}

export function makeJaxprIR(
  constvars: readonly Var[],
  invars: readonly Var[],
  eqns: readonly AnyEqn[],
  outs: readonly Atom[],
): Jaxpr {
  return Object.freeze({
    constvars: Object.freeze([...constvars]),
    invars: Object.freeze([...invars]),
    eqns: Object.freeze([...eqns]),
    outs: Object.freeze([...outs]),
  });
}

/** Untyped view of an equation's params, for generic passes (printing, hashing). */
export function paramsOf(eqn: AnyEqn): Readonly<Record<string, unknown>> {
  return eqn.params as AnyParams as Readonly<Record<string, unknown>>;
}
