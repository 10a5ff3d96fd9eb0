/**
 * Forward mode: a trace whose tracers carry a primal and a tangent. `null` is a symbolic
 * zero tangent, so untouched values cost nothing. Primals are concrete at the top level,
 * so JS control flow on values keeps working under jvp (and grad, built on the same idea).
 */
import type { ConcreteArray } from "../core/array";
import type { Aval } from "../core/aval";
import type { Prim, PrimParams } from "../core/primitives";
import type { Tensor } from "../core/tensor";
import { TransformError } from "../core/errors";
import { type CustomCall, type MainTrace, Trace, Tracer, bind, bindCustom, withMainTrace } from "../core/trace";
import { zerosLike } from "./ad-ops";
import { jvpRules } from "./jvp-rules";

/** A tangent, or null for a symbolic zero. */
export type Tangent = Tensor | null;

export class JVPTracer extends Tracer {
  constructor(
    readonly trace: JVPTrace,
    readonly primal: Tensor,
    readonly tangent: Tangent,
  ) {
    super();
  }
  get aval(): Aval {
    return this.primal.aval;
  }
  override fullLower(): Tensor {
    return this.tangent === null ? this.primal : this;
  }
  override concreteValue(what: string): ConcreteArray {
    return this.primal.concreteValue(what) as ConcreteArray;
  }
}

export class JVPTrace extends Trace {
  lift(value: Tensor): JVPTracer {
    return new JVPTracer(this, value, null);
  }

  processPrimitive<P extends Prim>(prim: P, tracers: readonly Tracer[], params: PrimParams[P]): Tensor[] {
    const ts = tracers as readonly JVPTracer[];
    const primals = ts.map((t) => t.primal);
    const tangents = ts.map((t) => t.tangent);
    if (tangents.every((t) => t === null)) return bind(prim, primals, params);
    const [outs, outTangents] = jvpRules[prim](primals, tangents, params);
    return outs.map((o, i) => new JVPTracer(this, o, outTangents[i]));
  }

  override processCustom(call: CustomCall, tracers: readonly Tracer[]): Tensor[] {
    const ts = tracers as readonly JVPTracer[];
    const primals = ts.map((t) => t.primal);
    if (ts.every((t) => t.tangent === null)) return bindCustom(call, primals);
    if (!call.jvp) {
      throw new TransformError(
        `${call.name}: forward-mode differentiation (jvp, jacfwd, hessian) of a customVjp function is not supported, ` +
          `as in JAX. Define the rule with customJvp instead, which gives both modes.`,
      );
    }
    const [outs, tangents] = call.jvp(
      primals,
      ts.map((t) => t.tangent ?? zerosLike(t.primal)),
    );
    return outs.map((o, i) => new JVPTracer(this, o, tangents[i]));
  }
}

/** Runs `fn` on primals with tangents; returns primal and tangent outputs (flat). */
export function jvpFlat(
  fn: (...xs: Tensor[]) => readonly Tensor[],
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  name = "jvp",
): [Tensor[], Tangent[]] {
  return withMainTrace(
    name,
    (main: MainTrace) => new JVPTrace(main),
    (main) => {
      const trace = main.trace as JVPTrace;
      const ins = primals.map((p, i) => new JVPTracer(trace, p, tangents[i]));
      const outs = fn(...ins);
      const primalsOut: Tensor[] = [];
      const tangentsOut: Tangent[] = [];
      for (const o of outs) {
        if (o instanceof JVPTracer && o.trace === trace) {
          primalsOut.push(o.primal);
          tangentsOut.push(o.tangent);
        } else {
          primalsOut.push(o);
          tangentsOut.push(null);
        }
      }
      return [primalsOut, tangentsOut];
    },
  );
}
