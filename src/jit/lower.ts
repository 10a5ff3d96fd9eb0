/**
 * Emission: turns a planned jaxpr into JavaScript statements over the values of
 * `values.ts` (scalars in locals, splats, affine views of buffers). Loops fuse
 * elementwise chains and reductions; views make transpose, slice, rev, broadcast, reshape
 * and squeeze free; intermediate buffers are allocated once per compiled function and
 * shared by values whose lifetimes do not overlap, so a call allocates only what it
 * returns. Control flow is emitted by `lower-control.ts`, data movement by
 * `lower-layout.ts` and `lower-gather.ts`.
 */
import { InternalError } from "../core/errors";
import { ConcreteArray, checkedSize } from "../core/array";
import { type Aval, makeAval } from "../core/aval";
import { type DType, type TypedArray, allocate, componentsOf, isComplex, typedArrayFor } from "../core/dtype";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var } from "../core/ir";
import { type Shape, sizeOf, stridesOf } from "../core/shape";
import type { HostCallback } from "../core/host-callback";
import { evalPrimitive } from "../core/trace";
import { convGeometry, convKernel } from "../core/kernels/conv";
import { Block, type Code, type Ident, code, join, numberLiteral, offsetTerm } from "./code";
import { isElementwisePrim, scalarFn } from "../core/prims/elementwise";
import { type ReducePrim, accumulatorDType, reduceFinish, reducePrims, reduceStep } from "../core/prims/reduce";
import type { EmitContext, Emitter, LowerOptions, Lowered } from "./emitter";
import { unitKinds } from "./unit-kinds";
import { emitControl } from "./lower-control";
import { emitLayout } from "./lower-layout";
import { type Access, emitNest, loopIndex } from "./nest";
import { gatherFill } from "../core/gather-dims";
import { operandView, windowStart } from "./lower-gather";
import { emitElementwiseKernel, emitRowReductionKernel } from "./lower-batch";
import { type LoopUnit, type Plan, isLoopGather, plan as makePlan } from "./plan";
import { ARRAY_CLASS, type LazyValue, type Reader, type Value, type ViewValue, applyView, isExact, startOf, viewOf } from "./values";
import { isContiguous, mergeAxes } from "../core/strided";

/** A gather read inside a loop: its operand, and its index vector (a value of the loop, or a reader per entry). */
interface GatherRead {
  readonly eqn: Extract<AnyEqn, { prim: "gather" }>;
  readonly operand: ViewValue;
  readonly value: Var | undefined;
  readonly entries: readonly Reader[];
}

/** Emits `jaxpr` as statements, given values for its constvars and invars. */
export function lower(
  jaxpr: Jaxpr,
  consts: readonly Value[],
  inputs: readonly Value[],
  ctx: EmitContext,
  opts: LowerOptions = { freshOutputs: true, depth: 1 },
): Lowered {
  return new FunctionEmitter(jaxpr, consts, inputs, ctx, opts).run();
}

/** The state of one lowering: values of variables, the statements, and buffer planning. */
export class FunctionEmitter implements Emitter {
  readonly body: Block;
  private readonly plan: Plan;
  private readonly env = new Map<Var, Value>();
  private readonly outputVars: Set<Var>;
  private readonly pool = new Map<string, Ident[]>();
  private readonly owned = new Map<Var, { key: string; id: Ident }[]>();
  /** Scratch used only within the current unit (kernel inputs, copies), freed after it. */
  private temps: { key: string; id: Ident }[] = [];
  private readonly declared = new Set<Ident>();
  /**
   * The outputs' own storage, allocated before any of the body: V8 compiled a loop
   * followed by the allocation of its result measurably slower than the same loop after it
   * (the jitted 20-step descent with a Tensor in and out 480 → 428 ns in a scratch run).
   */
  private readonly outputAllocations: Block;
  /** Values of fused loops, computed where their consumer reads them. */
  private readonly lazy = new Map<Var, LazyValue>();

  constructor(
    readonly jaxpr: Jaxpr,
    consts: readonly Value[],
    inputs: readonly Value[],
    readonly ctx: EmitContext,
    readonly opts: LowerOptions,
  ) {
    this.body = new Block(opts.depth);
    this.outputAllocations = new Block(opts.depth);
    this.plan = makePlan(jaxpr);
    jaxpr.constvars.forEach((v, i) => this.env.set(v, consts[i]));
    jaxpr.invars.forEach((v, i) => this.env.set(v, inputs[i]));
    this.outputVars = opts.freshOutputs ? outputStorage(jaxpr) : new Set();
  }

  run(): Lowered {
    this.plan.units.forEach((u, ui) => {
      if (u.kind === "loop") {
        if (this.plan.fused.has(u)) this.deferLoop(u);
        else this.emitLoop(u);
      }
      else if (u.kind === "scalar") this.emitScalar(u.eqn);
      else if (u.kind === "view") this.emitView(u.eqn);
      else if (u.kind === "dot") this.emitDot(u.eqn);
      else if (u.kind === "control") emitControl(this, u.eqn);
      else if (u.kind === "effect") this.emitEffect(u.eqn);
      else if (u.kind === "layout") {
        if (!emitLayout(this, u.eqn)) this.emitKernel(u.eqn);
      }
      else this.emitKernel(u.eqn);
      this.release(ui);
    });
    const outputs = this.jaxpr.outs.map((a) => this.read(a));
    return { body: new Block(this.opts.depth).append(this.outputAllocations).append(this.body), outputs };
  }

  // ── values and buffers ──

  read(a: Atom): Value {
    if (a instanceof Lit) return { k: "scalar", e: numberLiteral(a.value) };
    const v = this.env.get(a);
    if (v) return v;
    const lazy = this.lazy.get(a);
    if (!lazy) throw new InternalError("internal: a value was read before it was computed");
    return this.materializeLazy(a, lazy);
  }

  /** A value the plan fused into its consumer, as the computation of one element; undefined if computed. */
  readLazy(a: Atom): LazyValue | undefined {
    return a instanceof Var && !this.env.has(a) ? this.lazy.get(a) : undefined;
  }

  /**
   * How to read `a` element by element (see `Reader`): computed, or fused into this reader;
   * `move` places each view it reads (a pad starts its operand's views before their first element).
   */
  elementReader(a: Atom, move: (v: ViewValue) => ViewValue = (v) => v): Reader {
    const access = (v: ViewValue) => {
      const moved = move(v);
      return { strides: moved.strides, start: startOf(moved) };
    };
    const lazy = this.readLazy(a);
    if (lazy) return { accesses: lazy.views.map(access), at: lazy.value, emits: true };
    const v = this.read(a);
    if (v.k === "view") return { accesses: [access(v)], at: (_b, [o]) => code`${v.buf}[${o}]`, emits: false };
    return { accesses: [], at: () => v.e, emits: false };
  }

  set(v: Var, value: Value): void {
    this.env.set(v, value);
  }

  /** A 0-d value as an expression. */
  scalar(v: Value): Code {
    if (v.k === "view") return code`${v.buf}[${startOf(v)}]`;
    return v.e;
  }

  /** Storage for a value: per call for the jaxpr's outputs, pooled scratch otherwise. */
  buffer(dtype: DType, size: number, owner: Var | null): { id: Ident; fresh: boolean } {
    if (owner !== null && this.outputVars.has(owner)) {
      checkedSize([size], dtype, "jit"); // refuse at compile time, not with a RangeError per call
      const id = this.ctx.names.fresh("o");
      this.outputAllocations.line(code`const ${id} = ${this.ctx.resultStorage(dtype, size * componentsOf(dtype))};`);
      return { id, fresh: true };
    }
    return { id: this.scratch(dtype, size, owner), fresh: false };
  }

  /**
   * A scratch buffer declared once per compiled function, reused when its value is dead;
   * with no owner it lives until the end of the current unit.
   */
  scratch(dtype: DType, size: number, owner: Var | null): Ident {
    checkedSize([size], dtype, "jit");
    const key = `${dtype}:${size}`;
    const id = this.pool.get(key)?.pop() ?? this.ctx.names.fresh("s");
    if (owner) this.owned.set(owner, [...(this.owned.get(owner) ?? []), { key, id }]);
    else this.temps.push({ key, id });
    if (!this.declared.has(id)) {
      this.declared.add(id);
      this.ctx.prelude.line(code`const ${id} = new ${ARRAY_CLASS[dtype]}(${size * componentsOf(dtype)});`);
      this.ctx.scratchBytes.n += size * componentsOf(dtype) * typedArrayFor(dtype).BYTES_PER_ELEMENT;
    }
    return id;
  }

  private release(unitIndex: number): void {
    const free = ({ key, id }: { key: string; id: Ident }) => {
      const list = this.pool.get(key) ?? [];
      list.push(id);
      this.pool.set(key, list);
    };
    for (const [v, entries] of this.owned) {
      if ((this.plan.lastUse.get(v) ?? -1) <= unitIndex) {
        this.owned.delete(v);
        entries.forEach(free);
      }
    }
    this.temps.forEach(free);
    this.temps = [];
  }

  /** Copies a value into a strided region of a buffer (a window of a larger array). */
  copyToView(v: Value, shape: Shape, target: Code, strides: readonly number[], start: Code, block: Block = this.body): void {
    if (sizeOf(shape) === 0) return;
    const src: Access[] = v.k === "view" ? [{ strides: v.strides, start: startOf(v) }] : [];
    emitNest(
      block,
      shape,
      [{ strides, start }, ...src],
      (b, [dst, from]) => b.line(code`${target}[${dst}] = ${v.k === "view" ? code`${v.buf}[${from}]` : v.e};`),
      { counted: false },
    );
  }

  /** Copies a value of `shape` into `target` starting at `targetStart`, row-major, emitting into `block`. */
  copyInto(v: Value, shape: Shape, target: Code, targetStart: Code = code`0`, block: Block = this.body): void {
    const n = sizeOf(shape);
    if (v.k !== "view") {
      if (n === 1) block.line(code`${target}[${targetStart}] = ${v.e};`);
      else block.line(code`for (let k = 0; k < ${n}; k++) ${target}[${offsetTerm(targetStart, code`k`, 1)}] = ${v.e};`);
      return;
    }
    if (isContiguous(v)) {
      if (n === 1) block.line(code`${target}[${targetStart}] = ${v.buf}[${startOf(v)}];`);
      // A long run is a memcpy (same dtype on both sides: every caller copies a value into its own kind of buffer).
      else if (n >= 64) block.line(code`${target}.set(${v.buf}.subarray(${startOf(v)}, ${offsetTerm(startOf(v), code`${n}`, 1)}), ${targetStart});`);
      else block.line(code`for (let k = 0; k < ${n}; k++) ${target}[${offsetTerm(targetStart, code`k`, 1)}] = ${v.buf}[${offsetTerm(startOf(v), code`k`, 1)}];`);
      return;
    }
    emitNest(block, shape, [{ strides: v.strides, start: startOf(v) }], (b, [q]) =>
      b.line(code`${target}[${offsetTerm(targetStart, code`k`, 1)}] = ${v.buf}[${q}];`),
    );
  }

  /**
   * A buffer for `owner` holding a copy of `v`: for an output copied from one contiguous
   * run, `slice()` (one pass, where allocating and copying would zero-fill first).
   */
  bufferCopyOf(v: Value, shape: Shape, dtype: DType, owner: Var | null): { id: Ident; fresh: boolean } {
    const n = sizeOf(shape);
    if (owner !== null && this.outputVars.has(owner) && v.k === "view" && isContiguous(v) && n > 1) {
      checkedSize([n], dtype, "jit");
      const id = this.ctx.names.fresh("o");
      this.body.line(code`const ${id} = ${v.buf}.slice(${startOf(v)}, ${offsetTerm(startOf(v), code`${n}`, 1)});`);
      return { id, fresh: true };
    }
    const b = this.buffer(dtype, n, owner);
    this.copyInto(v, shape, b.id.code);
    return b;
  }

  /** Copies any value into a new contiguous buffer of its shape (for kernels and outputs). */
  materialize(v: Value, shape: Shape, dtype: DType, owner: Var | null): ViewValue {
    const { id, fresh } = this.bufferCopyOf(v, shape, dtype, owner);
    return viewOf(id, shape, fresh);
  }

  /** Lowers a sub-jaxpr (no constvars) on `inputs`, appending its statements here. */
  lowerSub(jaxpr: Jaxpr, inputs: readonly Value[], into: Block = this.body, depth = this.opts.depth): readonly Value[] {
    const sub = new FunctionEmitter(jaxpr, [], inputs, this.ctx, { freshOutputs: false, depth });
    const { body, outputs } = sub.run();
    into.append(body);
    return outputs;
  }

  private expr(eqn: AnyEqn, args: readonly Code[]): Code {
    if (!isElementwisePrim(eqn.prim)) throw new InternalError(`internal: ${eqn.prim} is not elementwise`);
    return scalarFn(this.ctx.scalar, eqn.prim, eqn.params, eqn.inputs.map((a) => a.aval.dtype), eqn.outs[0].aval.dtype)(...args);
  }

  /** One accumulation step of reduction `eqn`. */
  private reduceStep(eqn: AnyEqn, acc: Code, x: Code): Code {
    return reduceStep(this.ctx.scalar, eqn.prim as ReducePrim, eqn.outs[0].aval.dtype)(acc, x);
  }

  private reduceFinish(eqn: AnyEqn, acc: Code): Code {
    return reduceFinish(this.ctx.scalar, eqn.prim as ReducePrim, eqn.outs[0].aval.dtype)(acc);
  }

  // ── units ──

  private emitScalar(eqn: AnyEqn): void {
    const out = eqn.outs[0];
    if (unitKinds[eqn.prim].kind === "reduce") {
      this.env.set(out, this.read(eqn.inputs[0]));
      return;
    }
    const id = this.ctx.names.fresh("v");
    this.body.line(code`const ${id} = ${this.expr(eqn, eqn.inputs.map((a) => this.scalar(this.read(a))))};`);
    this.env.set(out, { k: "scalar", e: id.code });
  }

  private emitView(eqn: AnyEqn): void {
    const lazy = this.readLazy(eqn.inputs[0]);
    if (lazy && eqn.outs[0].aval.shape.length > 0) {
      const views = lazy.views.map((v) => applyView(v, eqn));
      if (views.every((v) => v !== null)) {
        this.lazy.set(eqn.outs[0], { shape: eqn.outs[0].aval.shape, views: views as ViewValue[], value: lazy.value });
        return;
      }
    }
    const input = this.read(eqn.inputs[0]);
    const out = eqn.outs[0];
    const shape = out.aval.shape;
    if (input.k === "scalar" || input.k === "splat") {
      this.env.set(out, shape.length === 0 ? { k: "scalar", e: input.e } : { k: "splat", e: input.e, shape });
      return;
    }
    // A view that cannot be reshaped by index arithmetic is copied to contiguous storage first.
    const v = applyView(input, eqn) ?? applyView(this.materialize(input, input.shape, out.aval.dtype, out), eqn)!;
    if (shape.length === 0) {
      const id = this.ctx.names.fresh("v");
      this.body.line(code`const ${id} = ${v.buf}[${startOf(v)}];`);
      this.env.set(out, { k: "scalar", e: id.code });
    } else this.env.set(out, v);
  }

  /** What precedes a call of a dot or batch kernel: `await` in an asynchronous entry. */
  awaitKernel(): Code {
    return this.ctx.kernels.async ? code`await ` : code``;
  }

  /** The operands as scalars and contiguous buffers, as kernels and host calls take them. */
  private kernelArgs(eqn: AnyEqn): Code[] {
    return eqn.inputs.map((a) => {
      const v = this.read(a);
      // Complex values are never scalars: one element is two numbers, so they stay buffers.
      if (a.aval.shape.length === 0 && !isComplex(a.aval.dtype)) return this.scalar(v);
      return (isExact(v) ? (v as ViewValue) : this.materialize(v, a.aval.shape, a.aval.dtype, null)).buf;
    });
  }

  private emitEffect(eqn: AnyEqn): void {
    if (eqn.prim !== "debug_callback") throw new InternalError(`internal: ${eqn.prim} is not an effect`);
    const args = this.kernelArgs(eqn);
    const call = this.ctx.param("CB", hostCall(eqn.params.callback, eqn.inputs.map((a) => a.aval)));
    this.body.line(code`${call}(${join(args)});`);
  }

  emitKernel(eqn: AnyEqn): void {
    const args = this.kernelArgs(eqn);
    const kernel = this.ctx.param("K", eqn.prim === "conv_general_dilated" ? this.convCall(eqn) : kernelCall(eqn));
    const results = this.ctx.names.fresh("r");
    this.body.line(code`const ${results} = ${kernel}(${join(args)});`);
    eqn.outs.forEach((out, i) => {
      const scalar = out.aval.shape.length === 0 && !isComplex(out.aval.dtype);
      const id = this.ctx.names.fresh(scalar ? "v" : "o");
      if (scalar) {
        this.body.line(code`const ${id} = ${results}[${numberLiteral(i)}][0];`);
        this.env.set(out, { k: "scalar", e: id.code });
      } else {
        this.body.line(code`const ${id} = ${results}[${numberLiteral(i)}];`);
        this.env.set(out, viewOf(id, out.aval.shape, true));
      }
    });
  }

  /** A convolution calls its kernel with the backend's dot for the per-example products, when one pays. */
  private convCall(eqn: Extract<AnyEqn, { prim: "conv_general_dilated" }>): (...args: (TypedArray | number)[]) => TypedArray[] {
    const [l, r] = eqn.inputs.map((a) => a.aval);
    const out = eqn.outs[0].aval;
    const { nb, m, k, n } = convGeometry(l.shape, r.shape, eqn.params, out.shape).dot;
    const dot = this.ctx.kernels.dot(out.dtype, nb, m, k, n) ?? undefined;
    return (a, b) => [convKernel(a as TypedArray, l.shape, b as TypedArray, r.shape, eqn.params, out.shape, out.dtype, dot)];
  }

  private emitDot(eqn: AnyEqn): void {
    if (eqn.prim !== "dot_general") throw new InternalError("internal: not a dot");
    const [[lc, rc], [lb, rb]] = eqn.params.dimension_numbers;
    const [lhs, rhs] = eqn.inputs;
    const out = eqn.outs[0];
    const dtype = out.aval.dtype;
    const lfree = lhs.aval.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
    const rfree = rhs.aval.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
    const A = this.dotOperand(this.read(lhs), lhs.aval, [lb, lfree, lc], dtype);
    const B = this.dotOperand(this.read(rhs), rhs.aval, [rb, rc, rfree], dtype);
    const [nb, m, k] = A.sizes;
    const n = B.sizes[2];
    const [aB, aM, aK] = A.strides;
    const [bB, bK, bN] = B.strides;
    const isInt = dtype === "int32";
    /** o + a·b as the interpreter's dot kernel accumulates it. */
    const fma = (o: Code, a: Code, b: Code): Code =>
      isInt ? code`(${o} + Math.imul(${a}, ${b})) | 0` : dtype === "float32" ? code`Math.fround(${o} + ${a} * ${b})` : code`${o} + ${a} * ${b}`;
    if (out.aval.shape.length === 0) {
      const r = this.ctx.names.fresh("v");
      this.body.line(code`let ${r} = 0;`);
      this.body.nest(code`for (let kk = 0; kk < ${k}; kk++)`, (b) =>
        b.line(code`${r} = ${fma(r.code, code`${A.buf}[${offsetTerm(A.start, code`kk`, aK)}]`, code`${B.buf}[${offsetTerm(B.start, code`kk`, bK)}]`)};`),
      );
      this.env.set(out, { k: "scalar", e: r.code });
      return;
    }
    const kernel = lhs.aval.dtype === dtype && rhs.aval.dtype === dtype ? this.ctx.kernels.dotCall(dtype, nb, m, k, n) : null;
    const { id, fresh } = this.buffer(dtype, nb * m * n, out);
    if (kernel) {
      const K = this.ctx.param("DOT", kernel);
      this.body.line(code`${this.awaitKernel()}${K}(${A.buf}, ${A.start}, ${aB}, ${aM}, ${aK}, ${B.buf}, ${B.start}, ${bB}, ${bK}, ${bN}, ${id}, ${nb}, ${m}, ${k}, ${n});`);
      this.env.set(out, viewOf(id, out.aval.shape, fresh));
      return;
    }
    if (!fresh) this.body.line(code`${id}.fill(0);`);
    // Without batch axes there is no batch loop: its one index is 0.
    const overBatch = (f: (b: Block, bi: Code | null) => void) =>
      nb === 1 ? f(this.body, null) : this.body.nest(code`for (let bi = 0; bi < ${nb}; bi++)`, (b) => f(b, code`bi`));
    overBatch((b1, bi) =>
      b1.nest(code`for (let i = 0; i < ${m}; i++)`, (b2) => {
        b2.line(bi ? code`const orow = (${bi} * ${m} + i) * ${n};` : code`const orow = ${offsetTerm(code`0`, code`i`, n)};`);
        b2.line(code`const arow = ${offsetTerm(bi ? offsetTerm(A.start, bi, aB) : A.start, code`i`, aM)};`);
        b2.line(code`const bbase = ${bi ? offsetTerm(B.start, bi, bB) : B.start};`);
        // A contraction of one (an outer product) has no loop over it: its index is 0.
        const overK = (f: (b: Block, kk: Code) => void) => (k === 1 ? f(b2, code`0`) : b2.nest(code`for (let kk = 0; kk < ${k}; kk++)`, (b3) => f(b3, code`kk`)));
        overK((b3, kk) => {
          b3.line(code`const av = ${A.buf}[${offsetTerm(code`arow`, kk, aK)}];`);
          b3.line(code`const brow = ${offsetTerm(code`bbase`, kk, bK)};`);
          const bj = code`${B.buf}[${offsetTerm(code`brow`, code`j`, bN)}]`;
          b3.line(
            isInt
              ? code`for (let j = 0; j < ${n}; j++) ${id}[orow + j] = (${id}[orow + j] + Math.imul(av, ${bj})) | 0;`
              : code`for (let j = 0; j < ${n}; j++) ${id}[orow + j] += av * ${bj};`,
          );
        });
      }),
    );
    this.env.set(out, viewOf(id, out.aval.shape, fresh));
  }

  /** An operand as a 3-D strided array (batch, rows, cols), copying when axes cannot merge. */
  private dotOperand(v: Value, aval: Aval, groups: readonly (readonly number[])[], dtype: DType): { buf: Code; start: Code; sizes: number[]; strides: number[] } {
    const view = v.k === "view" ? v : this.materialize(v, aval.shape, dtype, null);
    const sizes = groups.map((g) => g.reduce((s, a) => s * aval.shape[a], 1));
    const merged = groups.map((g) => mergeAxes(view, g));
    if (merged.some((m) => m === null)) {
      const perm = groups.flat();
      const permuted: ViewValue = { ...view, shape: perm.map((a) => aval.shape[a]), strides: perm.map((a) => view.strides[a]) };
      const copy = this.materialize(permuted, permuted.shape, dtype, null);
      const strides = sizes.map((_, gi) => sizes.slice(gi + 1).reduce((s, x) => s * x, 1));
      return { buf: copy.buf, start: code`0`, sizes, strides };
    }
    return { buf: view.buf, start: startOf(view), sizes, strides: merged.map((m) => m!.stride) };
  }

  /** Operands of a loop read per element, and the views among them (one access each). */
  private externals(u: LoopUnit): { external: Var[]; views: ViewValue[] } {
    const members = new Set<Var>(u.members.flatMap((e) => e.outs));
    const external: Var[] = [];
    for (const e of u.members) {
      // A pad's operand is read at its own offsets (padReads), a gather's operand and indices at theirs (gatherReads).
      for (const a of e.prim === "pad" ? e.inputs.slice(1) : e.prim === "gather" ? [] : e.inputs) {
        if (a instanceof Var && !members.has(a) && a.aval.shape.length > 0 && !external.includes(a)) external.push(a);
      }
    }
    return { external, views: external.map((v) => this.read(v)).filter((v): v is ViewValue => v.k === "view") };
  }

  /**
   * The pads of a loop (plan.ts `isLoopPad`): each reads its operand (stored, or a loop
   * fused into this one) with accesses over the loop's shape — the operand's strides, the
   * starts moved back by the low padding — where the element is inside the operand (the
   * test, per padded axis, on the loop indices; false when the operand is empty).
   */
  private padReads(u: LoopUnit): { eqn: AnyEqn; read: Reader; inside: Code | boolean }[] {
    return u.members.flatMap((e) => {
      if (e.prim !== "pad") return [];
      const cfg = e.params.padding_config;
      const inShape = e.inputs[0].aval.shape;
      const read = this.elementReader(e.inputs[0], (v) => ({ ...v, offset: v.offset - cfg.reduce((t, [lo], d) => t + lo * v.strides[d], 0) }));
      const tests: Code[] = [];
      let empty = false;
      cfg.forEach(([lo, hi], d) => {
        if (lo === 0 && hi === 0) return;
        if (u.shape[d] === 1) {
          // No loop over this axis: its index is 0.
          if (!(lo <= 0 && 0 < lo + inShape[d])) empty = true;
          return;
        }
        const i = loopIndex(d);
        if (inShape[d] === 0) empty = true;
        else if (lo > 0 && hi > 0) tests.push(code`${i} >= ${lo} && ${i} < ${lo + inShape[d]}`);
        else tests.push(lo > 0 ? code`${i} >= ${lo}` : code`${i} < ${inShape[d]}`);
      });
      const inside = empty ? false : tests.length === 0 ? true : join(tests, code` && `);
      return [{ eqn: e, read, inside }];
    });
  }

  /**
   * The gathers of a loop (plan.ts `isLoopGather`): each reads its operand (stored) at the
   * position its index vector gives. The vector is a value of this loop (plan `gatherIndex`)
   * or is read per entry with accesses over the loop's shape (the indices' strides without
   * the vector axis, the start moved to the entry).
   */
  private gatherReads(u: LoopUnit): GatherRead[] {
    return u.members.flatMap((e) => {
      if (!isLoopGather(e)) return [];
      const [xa, ia] = e.inputs;
      const operand = operandView(this, this.read(xa), xa.aval.shape, xa.aval.dtype);
      const value = this.plan.gatherIndex.get(e);
      const k = ia.aval.shape[ia.aval.shape.length - 1];
      const entries = value
        ? []
        : Array.from({ length: k }, (_, m) =>
            this.elementReader(ia, (v) => ({ ...v, shape: v.shape.slice(0, -1), strides: v.strides.slice(0, -1), offset: v.offset + m * v.strides[v.strides.length - 1] })),
          );
      return [{ eqn: e, operand, value, entries }];
    });
  }

  /**
   * The body of a loop at one element: a load per external operand, then the members in
   * order (`reduce` emits a reduction member, a pad reads its operand where inside it).
   * Returns each computed value's expression.
   */
  private loopBody(
    u: LoopUnit,
    external: readonly Var[],
    views: readonly ViewValue[],
    b: Block,
    offsets: readonly Code[],
    reduce?: (e: AnyEqn, x: Code) => void,
    hoisted?: ReadonlyMap<ViewValue, Code>,
    pads?: readonly { eqn: AnyEqn; read: Reader; inside: Code | boolean; offsets: readonly Code[] }[],
    gathers?: readonly (GatherRead & { offsets: readonly (readonly Code[])[] })[],
  ): Map<Var, Code> {
    const local = new Map<Var, Code>();
    external.forEach((v) => {
      const val = this.read(v);
      if (val.k !== "view") local.set(v, val.e);
      else if (hoisted?.has(val)) local.set(v, hoisted.get(val)!);
      else {
        const id = this.ctx.names.fresh("x");
        b.line(code`const ${id} = ${val.buf}[${offsets[views.indexOf(val)]}];`);
        local.set(v, id.code);
      }
    });
    const arg = (a: Atom): Code => (a instanceof Lit ? numberLiteral(a.value) : (local.get(a) ?? this.scalar(this.read(a))));
    for (const e of u.members) {
      if (unitKinds[e.prim].kind === "reduce") {
        reduce!(e, arg(e.inputs[0]));
        continue;
      }
      const pad = pads?.find((p) => p.eqn === e);
      if (pad) {
        const id = this.ctx.names.fresh("t");
        const value = arg(e.inputs[1]);
        if (pad.inside === false) b.line(code`const ${id} = ${value};`);
        else if (pad.inside === true) b.line(code`const ${id} = ${pad.read.at(b, pad.offsets)};`);
        else if (!pad.read.emits) b.line(code`const ${id} = (${pad.inside}) ? ${pad.read.at(b, pad.offsets)} : ${value};`);
        else {
          // A fused loop's body runs only inside the operand (outside it, its reads are out of range).
          b.line(code`let ${id} = ${value};`);
          b.nest(code`if (${pad.inside})`, (bb) => bb.line(code`${id} = ${pad.read.at(bb, pad.offsets)};`));
        }
        local.set(e.outs[0], id.code);
        continue;
      }
      const gather = gathers?.find((g) => g.eqn === e);
      if (gather) {
        local.set(e.outs[0], this.gatherElement(b, gather, (m) => (gather.value ? local.get(gather.value)! : gather.entries[m].at(b, gather.offsets[m]))));
        continue;
      }
      const id = this.ctx.names.fresh("t");
      b.line(code`const ${id} = ${this.expr(e, e.inputs.map(arg))};`);
      local.set(e.outs[0], id.code);
    }
    return local;
  }

  /** One element of a loop gather, given its index vector's entries (`core/kernels/gather.ts`'s clamping or fill). */
  private gatherElement(b: Block, g: GatherRead, entry: (m: number) => Code): Code {
    const p = g.eqn.params;
    const shape = g.eqn.inputs[0].aval.shape;
    const names = this.ctx.names;
    const map = p.dimension_numbers.start_index_map;
    const base = names.fresh("g");
    const clip = p.mode.gatherClips;
    const checks = windowStart(b, map.map(() => names.fresh("gs")), entry, shape, g.operand.strides, map, p.slice_sizes, clip, base.code);
    const id = names.fresh("t");
    const read = code`${g.operand.buf}[${offsetTerm(startOf(g.operand), base.code, 1)}]`;
    if (clip || checks.length === 0) b.line(code`const ${id} = ${read};`);
    else b.line(code`const ${id} = (${join(checks, code` || `)}) ? ${numberLiteral(gatherFill(g.eqn.inputs[0].aval.dtype, p.fill_value))} : ${read};`);
    return id.code;
  }

  /**
   * A loop fused into its consumer: each of its values becomes lazy, computed per element
   * where read, from the members it depends on only.
   */
  private deferLoop(u: LoopUnit): void {
    for (const e of u.members) {
      for (const v of e.outs) {
        const needed = new Set<Var>([v]);
        const cone: AnyEqn[] = [];
        for (let i = u.members.length - 1; i >= 0; i--) {
          const m = u.members[i];
          if (!m.outs.some((o) => needed.has(o))) continue;
          cone.unshift(m);
          for (const a of m.inputs) if (a instanceof Var) needed.add(a);
        }
        const part: LoopUnit = { ...u, members: cone };
        const { external, views } = this.externals(part);
        this.lazy.set(v, { shape: u.shape, views, value: (b, offsets) => this.loopBody(part, external, views, b, offsets).get(v)! });
      }
    }
  }

  /** Computes a lazy value into a buffer after all (for a reader that needs storage). */
  private materializeLazy(v: Var, lazy: LazyValue): ViewValue {
    const id = this.scratch(v.aval.dtype, sizeOf(lazy.shape), v);
    const accesses = lazy.views.map((w) => ({ strides: w.strides, start: startOf(w) }));
    emitNest(this.body, lazy.shape, accesses, (b, offsets) => b.line(code`${id}[k] = ${lazy.value(b, offsets)};`));
    const view = viewOf(id, lazy.shape, false);
    this.env.set(v, view);
    return view;
  }

  private emitLoop(u: LoopUnit): void {
    if (u.members.every((m) => unitKinds[m.prim].kind === "elementwise") && emitElementwiseKernel(this, u.members, u.shape, this.plan.escaping)) return;
    const shape = u.shape;
    if (emitRowReductionKernel(this, u.members, shape, this.plan.escaping)) return;
    const n = sizeOf(shape);
    const reductions = u.members.filter((e) => unitKinds[e.prim].kind === "reduce");
    const { external, views } = this.externals(u);
    const partial = reductions.some((r) => (r.params as { axes: readonly number[] }).axes.length < shape.length);
    const padded = this.padReads(u);
    const gathered = this.gatherReads(u);
    const gatherAccesses = gathered.flatMap((g) => g.entries.flatMap((r) => r.accesses));
    // A pad's test needs the loop indices, so the loop is a nest.
    const nested =
      partial || padded.length > 0 || views.some((v) => !isContiguous(v)) || gatherAccesses.some((a) => !isContiguous({ shape, strides: a.strides }));

    // Buffers for values that leave the loop, and reduction accumulators.
    const stores: { v: Var; id: Ident }[] = [];
    for (const e of u.members) {
      if (unitKinds[e.prim].kind === "reduce") continue;
      for (const v of e.outs) {
        if (!this.plan.escaping.has(v)) continue;
        const { id, fresh } = this.buffer(v.aval.dtype, n, v);
        stores.push({ v, id });
        this.env.set(v, viewOf(id, shape, fresh));
      }
    }
    // Each reduction accumulates in its accumulator dtype (float64 for float32 sums and
    // products, prims/reduce.ts), converted once after the loop.
    const accs = new Map<AnyEqn, { scalar: Ident | null; buf: Ident | null; strides: number[] }>();
    const conversions: { from: Ident; to: Ident; size: number; r: AnyEqn }[] = [];
    for (const r of reductions) {
      const out = r.outs[0];
      const prim = r.prim as ReducePrim;
      const accDtype = accumulatorDType(prim, out.aval.dtype);
      const init = reducePrims[prim].identity(out.aval.dtype);
      const axes = (r.params as { axes: readonly number[] }).axes;
      if (out.aval.shape.length === 0) {
        const id = this.ctx.names.fresh("r");
        this.body.line(code`let ${id} = ${init};`);
        accs.set(r, { scalar: id, buf: null, strides: shape.map(() => 0) });
      } else {
        const size = sizeOf(out.aval.shape);
        const { id, fresh } = this.buffer(out.aval.dtype, size, out);
        const acc = accDtype === out.aval.dtype ? id : this.scratch(accDtype, size, null);
        if (acc !== id) conversions.push({ from: acc, to: id, size, r });
        this.body.line(code`${acc}.fill(${init});`);
        const outStrides = stridesOf(out.aval.shape);
        let j = 0;
        const strides = shape.map((_, d) => (axes.includes(d) ? 0 : outStrides[j++]));
        accs.set(r, { scalar: null, buf: acc, strides });
        this.env.set(out, viewOf(id, out.aval.shape, fresh));
      }
    }

    // A reduction whose accumulator stays put along the innermost axis (a reduction over the
    // last axis) accumulates in a local for that loop: same steps, no store and load per element.
    const last = shape.length - 1;
    const inRegister = new Map<AnyEqn, Ident>();
    if (nested && last >= 0 && shape[last] > 1) {
      for (const r of reductions) {
        const acc = accs.get(r)!;
        if (acc.buf && acc.strides[last] === 0) inRegister.set(r, this.ctx.names.fresh("a"));
      }
    }
    const accOffset = (r: AnyEqn, offsets: readonly Code[]) => offsets[views.length + reductions.indexOf(r)];
    // Operands that stay put along the innermost axis (a row's maximum in logsumexp) are
    // loaded once before that loop, not once per element.
    const invariant = nested && last >= 0 && shape[last] > 1 ? views.filter((v) => v.strides[last] === 0) : [];
    const hoisted = new Map<ViewValue, Code>();

    // Each pad's accesses follow the views' and the reductions'.
    const padAt = padded.reduce<number[]>((at, p, j) => [...at, j === 0 ? views.length + reductions.length : at[j - 1] + padded[j - 1].read.accesses.length], []);
    // Then each gather's, entry by entry.
    const gatherFrom = views.length + reductions.length + padded.reduce((n, p) => n + p.read.accesses.length, 0);
    const gatherOffsets = (offsets: readonly Code[]) => {
      let at = gatherFrom;
      return gathered.map((g) => ({
        ...g,
        offsets: g.entries.map((r) => {
          const o = offsets.slice(at, at + r.accesses.length);
          at += r.accesses.length;
          return o;
        }),
      }));
    };
    const emitBody = (b: Block, offsets: readonly Code[]) => {
      const local = this.loopBody(
        u,
        external,
        views,
        b,
        offsets,
        (e, x) => {
        const acc = accs.get(e)!;
        const reg = acc.scalar ?? inRegister.get(e);
        if (reg) b.line(code`${reg} = ${this.reduceStep(e, reg.code, x)};`);
        else {
          const target = code`${acc.buf!}[${offsets[views.length + reductions.indexOf(e)]}]`;
          b.line(code`${target} = ${this.reduceStep(e, target, x)};`);
        }
        },
        hoisted,
        padded.map((p, j) => ({ ...p, offsets: offsets.slice(padAt[j], padAt[j] + p.read.accesses.length) })),
        gatherOffsets(offsets),
      );
      for (const s of stores) b.line(code`${s.id}[k] = ${local.get(s.v)!};`);
    };

    if (!nested) {
      this.body.nest(code`for (let k = 0; k < ${n}; k++)`, (b) =>
        // Offsets in the nest's order (views, reductions, pads, gathers); a flat loop's
        // reductions are over every axis, into locals, so theirs are never read.
        emitBody(b, [...views.map((v) => offsetTerm(startOf(v), code`k`, 1)), ...reductions.map(() => code`0`), ...gatherAccesses.map((a) => offsetTerm(a.start, code`k`, 1))]),
      );
    } else {
      const accesses: Access[] = [
        ...views.map((v) => ({ strides: v.strides, start: startOf(v) })),
        ...reductions.map((r) => ({ strides: accs.get(r)!.strides, start: code`0` })),
        ...padded.flatMap((p) => p.read.accesses),
        ...gatherAccesses,
      ];
      const around =
        inRegister.size === 0 && invariant.length === 0
          ? undefined
          : {
              before: (b: Block, offsets: readonly Code[]) => {
                for (const [r, id] of inRegister) b.line(code`let ${id} = ${accs.get(r)!.buf!}[${accOffset(r, offsets)}];`);
                for (const v of invariant) {
                  const id = this.ctx.names.fresh("x");
                  b.line(code`const ${id} = ${v.buf}[${offsets[views.indexOf(v)]}];`);
                  hoisted.set(v, id.code);
                }
              },
              after: (b: Block, offsets: readonly Code[]) => {
                for (const [r, id] of inRegister) b.line(code`${accs.get(r)!.buf!}[${accOffset(r, offsets)}] = ${id};`);
              },
            };
      emitNest(this.body, shape, accesses, emitBody, { counted: stores.length > 0, around });
    }
    for (const r of reductions) {
      const acc = accs.get(r)!;
      if (acc.scalar) this.env.set(r.outs[0], { k: "scalar", e: this.reduceFinish(r, acc.scalar.code) });
    }
    for (const c of conversions) {
      this.body.line(code`for (let k = 0; k < ${c.size}; k++) ${c.to}[k] = ${this.reduceFinish(c.r, code`${c.from}[k]`)};`);
    }
  }
}


/**
 * The values computed straight into fresh output buffers: the outputs, and the value an
 * output is a reshape (or squeeze) of, so the output is a view of storage it owns rather
 * than a copy of scratch. A value two outputs would share keeps scratch (each output gets
 * its own copy), as do inputs and constants.
 */
function outputStorage(jaxpr: Jaxpr): Set<Var> {
  const outs = jaxpr.outs.filter((a): a is Var => a instanceof Var);
  const producer = new Map<Var, AnyEqn>();
  for (const e of jaxpr.eqns) for (const o of e.outs) producer.set(o, e);
  const claims = new Map<Var, number>();
  const chains = outs.map((o) => {
    const chain: Var[] = [];
    for (let e = producer.get(o); e && (e.prim === "reshape" || e.prim === "squeeze") && e.inputs[0] instanceof Var && producer.has(e.inputs[0]); e = producer.get(e.inputs[0] as Var)) {
      chain.push(e.inputs[0] as Var);
    }
    for (const v of [o, ...chain]) claims.set(v, (claims.get(v) ?? 0) + 1);
    return chain;
  });
  const fresh = new Set<Var>(outs);
  for (const chain of chains) for (const v of chain) if (claims.get(v) === 1) fresh.add(v);
  return fresh;
}

/** Run-time operands (numbers, typed arrays) as arrays of their avals; `copy` detaches them from scratch storage. */
function asArrays(args: readonly (TypedArray | number)[], avals: readonly Aval[], copy: boolean): ConcreteArray[] {
  return args.map((x, i) => {
    if (typeof x === "number") {
      const data = allocate(avals[i].dtype, 1);
      data[0] = x;
      return new ConcreteArray(makeAval([], avals[i].dtype), data);
    }
    return new ConcreteArray(avals[i], copy ? x.slice() : x);
  });
}

/** A kernel primitive as a function of typed arrays and numbers, calling the interpreter's kernel: one array per output. */
function kernelCall(eqn: AnyEqn): (...args: (TypedArray | number)[]) => TypedArray[] {
  const avals = eqn.inputs.map((a) => a.aval);
  return (...args) => {
    // Pushed one by one, the results' array has one map however this is compiled (an
    // inlined `map` makes another, and generated code reading it would deoptimize per call).
    const results: TypedArray[] = [];
    for (const r of evalPrimitive(eqn.prim, asArrays(args, avals, false), eqn.params as never)) results.push(r.data);
    return results;
  };
}

/** A host callback as a function of typed arrays and numbers; it gets copies it may keep. */
function hostCall(callback: HostCallback, avals: readonly Aval[]): (...args: (TypedArray | number)[]) => void {
  return (...args) => callback.fn(asArrays(args, avals, true));
}
