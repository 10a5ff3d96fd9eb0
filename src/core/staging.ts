/**
 * Staging: a trace whose tracers record one equation per primitive into a jaxpr. Values
 * of lower levels that the traced function closes over become constants; concrete 0-d
 * constants are written inline as literals, as JAX does.
 */
import { abstractEval } from "./abstract-eval";
import { ConcreteArray } from "./array";
import type { Aval } from "./aval";
import { isComplex } from "./dtype";
import { ClosedJaxpr } from "./closed-jaxpr";
import { type AnyEqn, type Atom, Lit, Var, makeEqn, makeJaxprIR } from "./ir";
import type { Prim, PrimParams } from "./primitives";
import type { Tensor } from "./tensor";
import { type MainTrace, Trace, Tracer, withMainTrace } from "./trace";

/** A value being staged into a jaxpr. */
export class JaxprTracer extends Tracer {
  constructor(
    readonly trace: JaxprTrace,
    readonly aval: Aval,
    readonly v: Var,
  ) {
    super();
  }
}

export class JaxprTrace extends Trace {
  private readonly eqns: AnyEqn[] = [];
  private readonly invars: Var[] = [];
  /** Lower-level values lifted into this trace, in first-use order. */
  private readonly consts = new Map<Tensor, JaxprTracer>();

  private fresh(aval: Aval): JaxprTracer {
    return new JaxprTracer(this, aval, new Var(aval));
  }

  /** A new input of the jaxpr. */
  newArg(aval: Aval): JaxprTracer {
    const t = this.fresh(aval);
    this.invars.push(t.v);
    return t;
  }

  lift(value: Tensor): JaxprTracer {
    let t = this.consts.get(value);
    if (!t) {
      t = this.fresh(value.aval);
      this.consts.set(value, t);
    }
    return t;
  }

  processPrimitive<P extends Prim>(prim: P, tracers: readonly Tracer[], params: PrimParams[P]): Tensor[] {
    const ins = tracers as readonly JaxprTracer[];
    const outAvals = abstractEval(
      prim,
      ins.map((t) => t.aval),
      params,
    );
    const outs = outAvals.map((a) => this.fresh(a));
    this.eqns.push(
      makeEqn(
        prim,
        params,
        ins.map((t) => t.v),
        outs.map((t) => t.v),
      ),
    );
    return outs;
  }

  /** The closed jaxpr with `outs` (tracers of this trace) as outputs. */
  build(outs: readonly JaxprTracer[]): ClosedJaxpr {
    const literals = new Map<Var, Lit>();
    const constvars: Var[] = [];
    const constVals: Tensor[] = [];
    for (const [value, t] of this.consts) {
      // A literal is one number, so a complex constant stays a constant.
      if (value instanceof ConcreteArray && value.ndim === 0 && !isComplex(value.dtype)) literals.set(t.v, new Lit(value.data[0], value.aval));
      else {
        constvars.push(t.v);
        constVals.push(value);
      }
    }
    const sub = (a: Atom): Atom => (a instanceof Var ? (literals.get(a) ?? a) : a);
    const eqns =
      literals.size === 0
        ? this.eqns
        : this.eqns.map((e) =>
            e.inputs.some((a) => a instanceof Var && literals.has(a))
              ? makeEqn(e.prim, e.params, e.inputs.map(sub), e.outs)
              : e,
          );
    return new ClosedJaxpr(
      makeJaxprIR(
        constvars,
        this.invars,
        eqns,
        outs.map((t) => sub(t.v)),
      ),
      constVals,
    );
  }
}

/**
 * Traces `fn` on abstract inputs of `inAvals` into a closed jaxpr. With `dynamic` (the
 * default) every primitive inside is staged (omnistaging), including operations on
 * constants; without it, operations that do not touch the inputs run eagerly and become
 * constants — partial evaluation, which is how `linearize` keeps only the linear part.
 */
export function traceToJaxpr(
  fn: (...args: Tensor[]) => readonly Tensor[],
  inAvals: readonly Aval[],
  name = "makeJaxpr",
  dynamic = true,
): ClosedJaxpr {
  return withMainTrace(
    name,
    (main: MainTrace) => new JaxprTrace(main),
    (main) => {
      const trace = main.trace as JaxprTrace;
      const args = inAvals.map((a) => trace.newArg(a));
      const outs = fn(...args).map((o) => (o instanceof JaxprTracer && o.trace === trace ? o : trace.lift(o)));
      return trace.build(outs);
    },
    dynamic,
  );
}
