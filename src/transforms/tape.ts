/**
 * Reverse mode as a tape trace. Each primitive applied to a tape tracer runs its VJP
 * rule on the primal values (one level down, so the forward pass stays concrete at the
 * top level and JS control flow on values works) and records a node holding the rule's
 * backward function. The backward sweep walks the nodes in reverse and binds ordinary
 * primitives, so whatever trace lies below — eval, jit's staging, an outer grad — sees
 * the backward computation like any other.
 */
import type { ConcreteArray } from "../core/array";
import type { Aval } from "../core/aval";
import type { Prim, PrimParams } from "../core/primitives";
import type { Tensor } from "../core/tensor";
import { type CustomCall, type MainTrace, Trace, Tracer, bindCustom, withMainTrace } from "../core/trace";
import { addAny, zerosLike } from "./ad-ops";
import { type Ct, vjpRules } from "./vjp-rules";

/** How a tape tracer came to be: an input to differentiate, a lifted constant, or a node output. */
type Origin = { readonly kind: "input"; readonly index: number } | { readonly kind: "const" } | { readonly kind: "node"; readonly node: TapeNode };

interface TapeNode {
  readonly inputs: readonly TapeTracer[];
  readonly outs: TapeTracer[];
  readonly backward: (cts: readonly Ct[], wants: readonly boolean[]) => Ct[];
}

export class TapeTracer extends Tracer {
  constructor(
    readonly trace: TapeTrace,
    readonly primal: Tensor,
    readonly origin: Origin,
  ) {
    super();
  }
  get aval(): Aval {
    return this.primal.aval;
  }
  override fullLower(): Tensor {
    return this.origin.kind === "const" ? this.primal : this;
  }
  override concreteValue(what: string): ConcreteArray {
    return this.primal.concreteValue(what) as ConcreteArray;
  }
}

export class TapeTrace extends Trace {
  readonly nodes: TapeNode[] = [];

  lift(value: Tensor): TapeTracer {
    return new TapeTracer(this, value, { kind: "const" });
  }

  processPrimitive<P extends Prim>(prim: P, tracers: readonly Tracer[], params: PrimParams[P]): Tensor[] {
    const ins = tracers as readonly TapeTracer[];
    const { outs, backward } = vjpRules[prim](
      ins.map((t) => t.primal),
      params,
    );
    return this.record(ins, outs, backward);
  }

  /**
   * Functions with custom rules: a VJP rule is used directly; a JVP rule is transposed
   * by running reverse mode over its (linear) tangent computation.
   */
  override processCustom(call: CustomCall, tracers: readonly Tracer[]): Tensor[] {
    const ins = tracers as readonly TapeTracer[];
    const primals = ins.map((t) => t.primal);
    if (call.vjp) {
      const { outs, backward } = call.vjp(primals);
      return this.record(ins, outs, backward);
    }
    const jvpRule = call.jvp;
    if (!jvpRule) return call.fn(...tracers);
    const outs = bindCustom(call, primals);
    const backward = (cts: readonly Ct[]) =>
      vjpFlat((...ts) => jvpRule(primals, ts)[1], primals.map(zerosLike), `${call.name} (transposed)`).pullback(cts);
    return this.record(ins, outs, backward);
  }

  /** Records an operation whose forward outputs and backward function are given. */
  record(ins: readonly TapeTracer[], outs: readonly Tensor[], backward: (cts: readonly Ct[], wants: readonly boolean[]) => Ct[]): Tensor[] {
    if (ins.every((t) => t.origin.kind === "const")) return [...outs];
    const node: TapeNode = { inputs: ins, outs: [], backward };
    for (const o of outs) node.outs.push(new TapeTracer(this, o, { kind: "node", node }));
    this.nodes.push(node);
    return node.outs;
  }

  /**
   * The backward sweep: cotangents of `inputs` given cotangents of `outputs`. Cotangents
   * meeting at one value are summed with `add_any`.
   */
  backward(inputs: readonly TapeTracer[], outputs: readonly Tensor[], cts: readonly Ct[]): Ct[] {
    const acc = new Map<TapeTracer, Tensor>();
    const accumulate = (t: TapeTracer, ct: Ct) => {
      if (ct === null || t.origin.kind === "const") return;
      const prev = acc.get(t);
      acc.set(t, prev === undefined ? ct : addAny(prev, ct));
    };
    outputs.forEach((o, i) => {
      if (o instanceof TapeTracer && o.trace === this) accumulate(o, cts[i]);
    });
    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n];
      const outCts = node.outs.map((o) => acc.get(o) ?? null);
      if (outCts.every((c) => c === null)) continue;
      const inCts = node.backward(
        outCts,
        node.inputs.map((t) => t.origin.kind !== "const"),
      );
      node.inputs.forEach((t, i) => accumulate(t, inCts[i]));
    }
    return inputs.map((t) => acc.get(t) ?? null);
  }
}

/** The result of running a function forward on the tape. */
export interface TapeResult {
  readonly outs: readonly Tensor[];
  /** Cotangents of the inputs (null = zero) from cotangents of the outputs. */
  readonly pullback: (cts: readonly Ct[]) => Ct[];
}

/**
 * Runs `fn` forward on `primals`, recording a tape; the pullback runs the backward sweep
 * (any number of times) after the forward trace has ended.
 */
export function vjpFlat(fn: (...xs: Tensor[]) => readonly Tensor[], primals: readonly Tensor[], name = "vjp"): TapeResult {
  return withMainTrace(
    name,
    (main: MainTrace) => new TapeTrace(main),
    (main) => {
      const trace = main.trace as TapeTrace;
      const ins = primals.map((p, i) => new TapeTracer(trace, p, { kind: "input", index: i }));
      const outTracers = fn(...ins);
      const outs = outTracers.map((o) => (o instanceof TapeTracer && o.trace === trace ? o.primal : o));
      return { outs, pullback: (cts: readonly Ct[]) => trace.backward(ins, outTracers, cts) };
    },
  );
}
