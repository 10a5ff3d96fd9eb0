/**
 * The trace stack (Autodidax's design). Each active transform owns a main trace at a
 * level; `bind` sends a primitive to the highest-level trace among its operands (or the
 * dynamic trace, for omnistaging under `makeJaxpr`/`jit`), lifting lower-level operands.
 * Level 0 is evaluation: primitives run their eager kernels.
 */
import { abstractEval } from "./abstract-eval";
import { ConcreteArray, checkedSize } from "./array";
import { showAval } from "./aval";
import { ConcretizationError, InternalError, TracerLeakError } from "./errors";
import { type ImplRule, implRules } from "./impl-rules";
import { type RealBuilder, expandComplex, hasComplexRule } from "./complex-expansion";
import { isComplex } from "./dtype";
import type { Prim, PrimParams } from "./primitives";
import { Tensor } from "./tensor";

/** One active transform: its level in the stack and its trace. */
export class MainTrace {
  /** False once the transform has returned; its tracers must not be used any more. */
  active = true;
  readonly trace: Trace;
  constructor(
    readonly level: number,
    readonly name: string,
    makeTrace: (main: MainTrace) => Trace,
  ) {
    this.trace = makeTrace(this);
  }
}

/**
 * A function with its own differentiation rules (customJvp, customVjp, checkpoint), on
 * flat lists of tensors. Each trace decides how to apply it; by default it is inlined.
 */
export interface CustomCall {
  readonly name: string;
  /** The primal computation. */
  readonly fn: (...xs: Tensor[]) => Tensor[];
  /** Forward-mode rule: primal and tangent outputs from primals and (explicit) tangents. */
  readonly jvp?: (primals: readonly Tensor[], tangents: readonly Tensor[]) => [Tensor[], Tensor[]];
  /** Reverse-mode rule: outputs, and input cotangents from output cotangents (null = zero). */
  readonly vjp?: (primals: readonly Tensor[]) => {
    readonly outs: readonly Tensor[];
    readonly backward: (cts: readonly (Tensor | null)[]) => (Tensor | null)[];
  };
}

/** A transform's interpretation of primitives. */
export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wraps a value of a lower level (or a concrete array) as a tracer of this trace. */
  abstract lift(value: Tensor): Tracer;
  abstract processPrimitive<P extends Prim>(prim: P, tracers: readonly Tracer[], params: PrimParams[P]): Tensor[];
  /** Applies a function with custom rules; traces that do not differentiate just run it. */
  processCustom(call: CustomCall, tracers: readonly Tracer[]): Tensor[] {
    return call.fn(...tracers);
  }
}

/** Base of every traced value. */
export abstract class Tracer extends Tensor {
  abstract readonly trace: Trace;

  /** A lower-level value equivalent to this tracer, or the tracer itself. */
  fullLower(): Tensor {
    return this;
  }

  /** Staged and batched tracers have no concrete value; transforms that keep one override this. */
  concreteValue(what: string): ConcreteArray {
    throw new ConcretizationError(
      `A traced ${showAval(this.aval)} value was used for ${what}. Its value is not known while ` +
        `${this.trace.main.name} traces the function. Use np.where(cond, x, y) or ` +
        `lax.cond(pred, trueFn, falseFn, ...operands) to choose by value, or mark the argument static ` +
        `(jit's staticArgnums) if it really is a constant.`,
    );
  }

  override toString(): string {
    return `Traced<${showAval(this.aval)}>with<${this.trace.main.name}>`;
  }
}

class EvalTrace extends Trace {
  lift(value: Tensor): Tracer {
    throw new InternalError(`internal: the eval trace cannot lift ${String(value)}`);
  }
  processPrimitive(): Tensor[] {
    throw new InternalError("internal: the eval trace is handled by bind directly");
  }
}

const evalMain = new MainTrace(0, "eval", (m) => new EvalTrace(m));
const stack: MainTrace[] = [evalMain];
let dynamicMain: MainTrace = evalMain;

/**
 * Runs `fn` with a new main trace on the stack. With `dynamic`, every primitive bound
 * inside goes to this trace or above, even on constants (omnistaging).
 */
export function withMainTrace<T>(
  name: string,
  makeTrace: (main: MainTrace) => Trace,
  fn: (main: MainTrace) => T,
  dynamic = false,
): T {
  const main = new MainTrace(stack.length, name, makeTrace);
  stack.push(main);
  const prevDynamic = dynamicMain;
  if (dynamic) dynamicMain = main;
  try {
    return fn(main);
  } finally {
    dynamicMain = prevDynamic;
    stack.pop();
    main.active = false;
  }
}

/** The current innermost main trace (the eval trace when nothing is being traced). */
export function currentMain(): MainTrace {
  return stack[stack.length - 1];
}

/** True when no transform is tracing: primitives evaluate eagerly. */
export function isEvaluating(): boolean {
  return stack.length === 1;
}

function leakError(t: Tracer): TracerLeakError {
  return new TracerLeakError(
    `A ${showAval(t.aval)} tracer created by ${t.trace.main.name} was used after ${t.trace.main.name} returned ` +
      `(it leaked out, e.g. stored in an outer variable or closure). Return the value from the transformed ` +
      `function instead, or compute it outside the transform.`,
  );
}

function topMain(args: readonly Tensor[]): MainTrace {
  let top = dynamicMain;
  for (const a of args) {
    if (a instanceof Tracer) {
      const m = a.trace.main;
      if (!m.active) throw leakError(a);
      if (m.level > top.level) top = m;
    }
  }
  return top;
}

function raise(trace: Trace, value: Tensor): Tracer {
  if (value instanceof Tracer) {
    const m = value.trace.main;
    if (m === trace.main) return value;
    if (m.level < trace.main.level) return trace.lift(value);
    throw leakError(value);
  }
  return trace.lift(value);
}

/** Applies primitive `prim` to `args`: evaluates eagerly, or records/transforms under a trace. */
export function bind<P extends Prim>(prim: P, args: readonly Tensor[], params: PrimParams[P]): Tensor[] {
  const top = topMain(args);
  if (top === evalMain) return evalPrimitive(prim, args as readonly ConcreteArray[], params);
  const trace = top.trace;
  const outs = trace.processPrimitive(
    prim,
    args.map((a) => raise(trace, a)),
    params,
  );
  return outs.map((o) => (o instanceof Tracer ? o.fullLower() : o));
}

/** Applies a function with custom rules at the trace that owns `args`. */
export function bindCustom(call: CustomCall, args: readonly Tensor[]): Tensor[] {
  const top = topMain(args);
  if (top === evalMain) return call.fn(...args);
  const trace = top.trace;
  const outs = trace.processCustom(
    call,
    args.map((a) => raise(trace, a)),
  );
  return outs.map((o) => (o instanceof Tracer ? o.fullLower() : o));
}

/** `bind` for single-output primitives. */
export function bind1<P extends Prim>(prim: P, args: readonly Tensor[], params: PrimParams[P]): Tensor {
  return bind(prim, args, params)[0];
}

/**
 * Runs the eager kernel of `prim` after checking shapes and dtypes, and that its outputs
 * can be allocated at all (a clear AllocationError before any typed array is attempted).
 */
export function evalPrimitive<P extends Prim>(prim: P, args: readonly ConcreteArray[], params: PrimParams[P]): ConcreteArray[] {
  const outAvals = abstractEval(prim, args.map((a) => a.aval), params);
  for (const a of outAvals) checkedSize(a.shape, a.dtype, prim);
  if (hasComplexRule(prim) && (args.some((a) => isComplex(a.dtype)) || outAvals.some((a) => isComplex(a.dtype)))) {
    return expandComplex(eager, prim, args, params, outAvals) as ConcreteArray[];
  }
  return (implRules[prim] as ImplRule<P>)(args, params, outAvals);
}

/** Complex expansions evaluated eagerly: each real primitive through its kernel. */
const eager: RealBuilder = {
  apply: (prim, args, params) => evalPrimitive(prim, args as readonly ConcreteArray[], params),
};
