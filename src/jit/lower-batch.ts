/**
 * A loop over independent examples — a `scan` without carries, as `jit(vmap(f))`'s loop
 * form and `lax.map` trace — as one call of a batch kernel (`kernel/`), when the backend
 * wants one and the body has a kernel form; otherwise `emitScan` writes the JavaScript loop.
 */
import { makeAval } from "../core/aval";
import { isFloat } from "../core/dtype";
import { type AnyEqn, type Atom, Lit, Var, makeEqn, makeJaxprIR } from "../core/ir";
import { type Shape, sizeOf } from "../core/shape";
import { mergeAxes } from "../core/strided";
import type { InputLayout } from "../backend/wasm/batch";
import { batchKernelOf, rowReductionKernelOf } from "../kernel/from-jaxpr";
import type { KernelInput } from "../kernel/ir";
import { inputByRows, outputsByRows } from "../kernel/row-layout";
import { type Code, code, join } from "./code";
import { LANES_PAY } from "./backend";
import type { Emitter } from "./emitter";
import { type Value, startOf, viewOf } from "./values";
import { unitKinds } from "./unit-kinds";
import type { ReducePrim } from "../core/prims/reduce";

/** Offsets of a row-major walk over `shape` with `strides`. */
function offsets(shape: Shape, strides: readonly number[]): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number) => {
    if (d === shape.length) out.push(at);
    else for (let i = 0; i < shape[d]; i++) walk(d + 1, at + i * strides[d]);
  };
  walk(0, 0);
  return out;
}

/** Where a value's elements are, for the kernel's copy-in: null when it cannot say. */
function placed(v: Value, shape: Shape, mapped: boolean): { layout: InputLayout; buf: Code; start: Code } | null {
  if (v.k === "view") {
    const rowShape = mapped ? shape.slice(1) : shape;
    const rowStrides = mapped ? v.strides.slice(1) : v.strides;
    return { layout: { exampleStride: mapped ? v.strides[0] : 0, offsets: offsets(rowShape, rowStrides) }, buf: v.buf, start: startOf(v) };
  }
  if (mapped) return null;
  // A scalar or a splat: the one value, for every element.
  return { layout: { exampleStride: 0, offsets: offsets(shape, shape.map(() => 0)) }, buf: code`null`, start: v.e };
}

export function emitBatchKernel(e: Emitter, eqn: Extract<AnyEqn, { prim: "scan" }>): boolean {
  const p = eqn.params;
  if (p.num_carry !== 0 || !e.ctx.kernels.wantsBatch(p.length)) return false;
  const inputs: KernelInput[] = [];
  const layouts: InputLayout[] = [];
  const args: Code[] = [];
  for (const [i, a] of eqn.inputs.entries()) {
    const mapped = i >= p.num_consts;
    const where = placed(e.read(a), a.aval.shape, mapped);
    if (!where) return false;
    const size = sizeOf(mapped ? a.aval.shape.slice(1) : a.aval.shape);
    const rows = mapped && inputByRows(size, where.layout.exampleStride, where.layout.offsets);
    inputs.push(rows ? { dtype: a.aval.dtype, size, mapped, rows } : { dtype: a.aval.dtype, size, mapped });
    layouts.push(where.layout);
    args.push(where.buf, where.start);
  }
  const kernel = batchKernelOf(p.jaxpr, inputs);
  if (typeof kernel === "string") return false;
  const run = e.ctx.kernels.batch(outputsByRows(kernel), layouts);
  if (!run) return false;
  emitBatchCall(e, run, p.length, args, eqn.outs);
  return true;
}

/** The call of a compiled batch kernel over `n` examples: operands (buffer, start) in, `outs` stored in buffers of their own. */
function emitBatchCall(e: Emitter, run: unknown, n: number, args: readonly Code[], outs: readonly Var[]): void {
  const stored = outs.map((v) => ({ v, ...e.buffer(v.aval.dtype, sizeOf(v.aval.shape), v) }));
  const K = e.ctx.param("BATCH", run);
  e.body.line(code`${e.awaitKernel()}${K}(${join([code`${n}`, ...args, ...stored.map((o) => o.id.code)])});`);
  stored.forEach((o) => e.set(o.v, viewOf(o.id, o.v.aval.shape, o.fresh)));
}

/**
 * A loop's elementwise members as the per-element body of a kernel: each on 0-d values, in
 * their order; `body` maps the loop's values (its operands, set by the caller) to their
 * 0-d stand-ins and gains the members' outputs.
 */
function onElements(members: readonly AnyEqn[], body: Map<Var, Var>): AnyEqn[] {
  const scalar = (a: Atom): Atom => (a instanceof Lit ? a : body.get(a)!);
  return members.map((m) => {
    const outs = m.outs.map((v) => new Var(makeAval([], v.aval.dtype)));
    const eqn = makeEqn(m.prim, m.params as never, m.inputs.map(scalar), outs);
    m.outs.forEach((v, i) => body.set(v, outs[i]));
    return eqn;
  });
}

/**
 * A fused loop of elementwise operations only — no reductions, pads or gathers — as one
 * call of a batch kernel whose examples are the loop's elements: each element computed as
 * the JavaScript loop computes it, in SIMD lanes, on the calling thread. `escaping` are
 * the values stored for later units. False, with
 * nothing emitted, when the backend does not want a kernel for `n` elements, an operand is
 * not one run of storage (a transposed or partly broadcast view), or the body has no lane
 * form (for `auto`: one that would call Math.* lane by lane).
 */
export function emitElementwiseKernel(e: Emitter, members: readonly AnyEqn[], shape: Shape, escaping: ReadonlySet<Var>): boolean {
  const n = sizeOf(shape);
  const divides = members.some((m) => LANES_PAY.has(m.prim) && isFloat(m.outs[0].aval.dtype));
  if (!e.ctx.kernels.wantsElementwise(n, divides)) return false;
  const produced = new Set<Var>(members.flatMap((m) => m.outs));
  // Every operand from outside the loop: an array read at each element (mapped, as the one
  // run of storage it must be), or one value for all (a const: a scalar, a splat, a view of stride 0).
  const body = new Map<Var, Var>();
  type Operand = { v: Var; where: NonNullable<ReturnType<typeof placed>> };
  const consts: Operand[] = [];
  const mapped: Operand[] = [];
  for (const m of members) {
    for (const a of m.inputs) {
      if (!(a instanceof Var) || produced.has(a) || body.has(a)) continue;
      if (e.readLazy(a)) return false;
      const v = e.read(a);
      const run = v.k === "view" ? mergeAxes(v, v.shape.map((_, d) => d)) : { size: n, stride: 0 };
      if (!run) return false;
      const element = v.k === "view" ? { ...v, shape: run.stride === 0 ? [] : [n], strides: run.stride === 0 ? [] : [run.stride] } : v;
      (run.stride === 0 ? consts : mapped).push({ v: a, where: placed(element, run.stride === 0 ? [] : [n], run.stride !== 0)! });
      body.set(a, new Var(makeAval([], a.aval.dtype)));
    }
  }
  const eqns = onElements(members, body);
  const stored = members.flatMap((m) => m.outs.filter((v) => escaping.has(v)));
  if (stored.length === 0) return false;
  const ordered = [...consts, ...mapped];
  const jaxpr = makeJaxprIR(
    [],
    ordered.map((o) => body.get(o.v)!),
    eqns,
    stored.map((v) => body.get(v)!),
  );
  const inputs: KernelInput[] = ordered.map((o, i) => ({ dtype: o.v.aval.dtype, size: 1, mapped: i >= consts.length }));
  const kernel = batchKernelOf(jaxpr, inputs);
  if (typeof kernel === "string") return false;
  // On one thread: the copies dominate, and a split lost here (2²⁰ elements: 4.4 → 5.9–6.4 ms).
  const run = e.ctx.kernels.batch(kernel, ordered.map((o) => o.where.layout), false);
  if (!run) return false;
  emitBatchCall(e, run, n, ordered.flatMap((o) => [o.where.buf, o.where.start]), stored);
  return true;
}

/**
 * A fused loop whose reductions all run over the same trailing axes — logsumexp's
 * exp-and-sum over each row — as one call of a batch kernel with a row per example (the
 * kept axes): each row accumulates element after element, as the JavaScript loop does, and
 * rows run side by side in the lanes (several rows per vector), so exp and division go at
 * the lanes' speed with every sum in its own order. Rows that vary along the reduced axes
 * are copied in by rows (one block copy for a contiguous array), values constant along them
 * (a row's maximum) one per example, and values constant over the whole loop once; a value
 * of the loop read later (softmax's exp) is stored row by row. False, with nothing
 * emitted, when the backend does not want the kernel, the reductions differ in their axes,
 * an operand's kept axes are not one run of storage, or the body has no lane form.
 */
export function emitRowReductionKernel(e: Emitter, members: readonly AnyEqn[], shape: Shape, escaping: ReadonlySet<Var>): boolean {
  const reductions = members.filter((m) => unitKinds[m.prim].kind === "reduce");
  const elementwise = members.filter((m) => unitKinds[m.prim].kind === "elementwise");
  if (reductions.length === 0 || reductions.length + elementwise.length !== members.length) return false;
  const kept = shape.length - (reductions[0].params as { axes: readonly number[] }).axes.length;
  const trailing = (m: AnyEqn) => {
    const axes = (m.params as { axes: readonly number[] }).axes;
    return axes.length === shape.length - kept && axes.every((a, i) => a === kept + i);
  };
  if (kept < 1 || !reductions.every(trailing)) return false;
  const rows = sizeOf(shape.slice(0, kept));
  const length = sizeOf(shape.slice(kept));
  const divides = members.some((m) => LANES_PAY.has(m.prim) && isFloat(m.outs[0].aval.dtype));
  if (length < 2 || !e.ctx.kernels.wantsRowReduction(rows, rows * length, divides)) return false;
  const keptAxes = shape.slice(0, kept).map((_, d) => d);
  const rowShape = shape.slice(kept);
  const produced = new Set<Var>(members.flatMap((m) => m.outs));
  const body = new Map<Var, Var>();
  type Operand = { v: Var; input: KernelInput; layout: InputLayout; buf: Code; start: Code };
  const operands: Operand[] = [];
  for (const m of members) {
    for (const a of m.inputs) {
      if (!(a instanceof Var) || produced.has(a) || body.has(a)) continue;
      if (e.readLazy(a)) return false;
      const v = e.read(a);
      const dtype = a.aval.dtype;
      body.set(a, new Var(makeAval([], dtype)));
      if (v.k !== "view") {
        operands.push({ v: a, input: { dtype, size: 1, mapped: false }, layout: { exampleStride: 0, offsets: [0] }, buf: code`null`, start: v.e });
        continue;
      }
      if (v.shape.length !== shape.length) return false;
      const run = mergeAxes(v, keptAxes);
      if (!run) return false;
      const rowStrides = v.strides.slice(kept);
      const alongRow = rowStrides.some((s, i) => s !== 0 && rowShape[i] > 1);
      const at = { buf: v.buf, start: startOf(v) };
      if (!alongRow) {
        // One value per row (or one for all): read once per example, before the row's loop.
        operands.push({ v: a, input: { dtype, size: 1, mapped: run.stride !== 0 }, layout: { exampleStride: run.stride, offsets: [0] }, ...at });
      } else {
        // A row per example, or one row every example reads (a broadcast row, copied once).
        const input: KernelInput = run.stride === 0 ? { dtype, size: length, mapped: false } : { dtype, size: length, mapped: true, rows: true };
        operands.push({ v: a, input, layout: { exampleStride: run.stride, offsets: offsets(rowShape, rowStrides) }, ...at });
      }
    }
  }
  // One element's values; its outputs are what each reduction accumulates.
  const eqns = onElements(elementwise, body);
  const scalar = (a: Atom): Atom => (a instanceof Lit ? a : body.get(a)!);
  // Values of the loop read later are stored row by row beside the reductions' results.
  const stored = elementwise.flatMap((m) => m.outs.filter((v) => escaping.has(v)));
  const element = makeJaxprIR([], operands.map((o) => body.get(o.v)!), eqns, [...reductions.map((r) => scalar(r.inputs[0])), ...stored.map((v) => body.get(v)!)]);
  const kernel = rowReductionKernelOf(
    element,
    operands.map((o) => o.input),
    length,
    reductions.map((r, of) => ({ prim: r.prim as ReducePrim, dtype: r.outs[0].aval.dtype, of })),
    stored.map((v, i) => ({ of: reductions.length + i, dtype: v.aval.dtype })),
  );
  if (typeof kernel === "string") return false;
  const run = e.ctx.kernels.batch(kernel, operands.map((o) => o.layout));
  if (!run) return false;
  emitBatchCall(e, run, rows, operands.flatMap((o) => [o.buf, o.start]), [...reductions.map((r) => r.outs[0]), ...stored]);
  return true;
}
