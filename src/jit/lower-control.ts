/**
 * Emission of the higher-order primitives as real JavaScript control flow: `cond` as an
 * if-chain, `while` as a loop with a break, `scan` as a counted `for` loop, `checkpoint`
 * inline. Sub-jaxprs are lowered in place. Scalar carries live in `let` locals; array
 * carries in two scratch buffers that swap after each step, so a step can read the old
 * carry while writing the new one.
 */
import { InternalError } from "../core/errors";
import type { AnyEqn, Var } from "../core/ir";
import { type Shape, sizeOf } from "../core/shape";
import { type Block, type Code, type Ident, code } from "./code";
import type { Emitter } from "./emitter";
import { emitBatchKernel } from "./lower-batch";
import { type Value, type ViewValue, startOf, viewOf } from "./values";

interface Carry {
  readonly shape: Shape;
  /** The `let` holding a scalar carry, or the `let`s holding the current and next buffers. */
  readonly scalar: Ident | null;
  readonly cur: Ident | null;
  readonly nxt: Ident | null;
}

/** Carries of a loop whose results are `outs`; both buffers of an array carry belong to its result. */
function declareCarries(e: Emitter, outs: readonly Var[], init: readonly Value[]): Carry[] {
  return outs.map((v, i) => {
    const a = v.aval;
    if (a.shape.length === 0) {
      const id = e.ctx.names.fresh("c");
      e.body.line(code`let ${id} = ${e.scalar(init[i])};`);
      return { shape: a.shape, scalar: id, cur: null, nxt: null };
    }
    const n = sizeOf(a.shape);
    const cur = e.ctx.names.fresh("cur");
    const nxt = e.ctx.names.fresh("nxt");
    e.body.line(code`let ${cur} = ${e.scratch(a.dtype, n, v)};`);
    e.body.line(code`let ${nxt} = ${e.scratch(a.dtype, n, v)};`);
    e.copyInto(init[i], a.shape, cur.code);
    return { shape: a.shape, scalar: null, cur, nxt };
  });
}

const carryValue = (c: Carry): Value => (c.scalar ? { k: "scalar", e: c.scalar.code } : viewOf(c.cur!, c.shape, false));

/** Sets the carries to `next`, all at once (scalars through temporaries, arrays by swapping buffers). */
function updateCarries(e: Emitter, b: Block, carries: readonly Carry[], next: readonly Value[]): void {
  const temps = carries.map((c, i) => {
    if (!c.scalar) {
      e.copyInto(next[i], c.shape, c.nxt!.code, code`0`, b);
      return null;
    }
    const t = e.ctx.names.fresh("n");
    b.line(code`const ${t} = ${e.scalar(next[i])};`);
    return t;
  });
  carries.forEach((c, i) => {
    if (c.scalar) b.line(code`${c.scalar} = ${temps[i]!};`);
    else b.line(code`{ const sw = ${c.cur!}; ${c.cur!} = ${c.nxt!}; ${c.nxt!} = sw; }`);
  });
}

function emitCond(e: Emitter, eqn: Extract<AnyEqn, { prim: "cond" }>): void {
  const [index, ...ops] = eqn.inputs.map((a) => e.read(a));
  const idx = e.scalar(index);
  const holders = eqn.outs.map((v) => {
    if (v.aval.shape.length === 0) {
      const id = e.ctx.names.fresh("c");
      e.body.line(code`let ${id} = 0;`);
      return { scalar: id, buf: null as { id: Ident; fresh: boolean } | null };
    }
    return { scalar: null, buf: e.buffer(v.aval.dtype, sizeOf(v.aval.shape), v) };
  });
  const branches = eqn.params.branches;
  branches.forEach((branch, i) => {
    const head: Code = branches.length === 1 ? code`` : i === 0 ? code`if (${idx} < 1)` : i === branches.length - 1 ? code`else` : code`else if (${idx} < ${i + 1})`;
    e.body.nest(head, (b) => {
      const results = e.lowerSub(branch, ops, b, b.depth);
      results.forEach((r, k) => {
        const h = holders[k];
        if (h.scalar) b.line(code`${h.scalar} = ${e.scalar(r)};`);
        else e.copyInto(r, eqn.outs[k].aval.shape, h.buf!.id.code, code`0`, b);
      });
    });
  });
  eqn.outs.forEach((v, k) => {
    const h = holders[k];
    e.set(v, h.scalar ? { k: "scalar", e: h.scalar.code } : viewOf(h.buf!.id, v.aval.shape, h.buf!.fresh));
  });
}

function emitWhile(e: Emitter, eqn: Extract<AnyEqn, { prim: "while" }>): void {
  const p = eqn.params;
  const args = eqn.inputs.map((a) => e.read(a));
  const cconsts = args.slice(0, p.cond_nconsts);
  const bconsts = args.slice(p.cond_nconsts, p.cond_nconsts + p.body_nconsts);
  const carries = declareCarries(e, eqn.outs, args.slice(p.cond_nconsts + p.body_nconsts));
  const values = carries.map(carryValue);
  e.body.nest(code`for (;;)`, (b) => {
    const [pred] = e.lowerSub(p.cond_jaxpr, [...cconsts, ...values], b, b.depth);
    b.line(code`if (!${e.scalar(pred)}) break;`);
    updateCarries(e, b, carries, e.lowerSub(p.body_jaxpr, [...bconsts, ...values], b, b.depth));
  });
  eqn.outs.forEach((v, i) => e.set(v, values[i]));
}

/** Row `ix` of a value along its first axis. */
function row(v: Value, ix: Code): Value {
  if (v.k === "scalar") throw new InternalError("internal: a scanned value has no rows");
  if (v.k === "splat") return v.shape.length === 1 ? { k: "scalar", e: v.e } : { k: "splat", e: v.e, shape: v.shape.slice(1) };
  const step = v.strides[0] === 1 ? ix : code`${ix} * ${v.strides[0]}`;
  const r: ViewValue = { ...v, shape: v.shape.slice(1), strides: v.strides.slice(1), base: v.base ? code`${v.base} + ${step}` : step };
  return r.shape.length === 0 ? { k: "scalar", e: code`${r.buf}[${startOf(r)}]` } : r;
}

function emitScan(e: Emitter, eqn: Extract<AnyEqn, { prim: "scan" }>): void {
  if (emitBatchKernel(e, eqn)) return;
  const p = eqn.params;
  const args = eqn.inputs.map((a) => e.read(a));
  const consts = args.slice(0, p.num_consts);
  const xs = args.slice(p.num_consts + p.num_carry);
  const carries = declareCarries(e, eqn.outs.slice(0, p.num_carry), args.slice(p.num_consts, p.num_consts + p.num_carry));
  const values = carries.map(carryValue);
  const ys = eqn.outs.slice(p.num_carry).map((v) => ({ v, inner: sizeOf(v.aval.shape.slice(1)), ...e.buffer(v.aval.dtype, sizeOf(v.aval.shape), v) }));
  const it = e.ctx.names.fresh("it");
  e.body.nest(code`for (let ${it} = 0; ${it} < ${p.length}; ${it}++)`, (b) => {
    // The row of xs and ys this iteration: the counter itself, or counted down for a reverse scan.
    let ix = it.code;
    if (p.reverse) {
      const down = e.ctx.names.fresh("ix");
      b.line(code`const ${down} = ${p.length - 1} - ${it};`);
      ix = down.code;
    }
    const outs = e.lowerSub(p.jaxpr, [...consts, ...values, ...xs.map((x) => row(x, ix))], b, b.depth);
    outs.slice(p.num_carry).forEach((y, k) => {
      const target = ys[k];
      const start = target.inner === 1 ? ix : code`${ix} * ${target.inner}`;
      e.copyInto(y, target.v.aval.shape.slice(1), target.id.code, start, b);
    });
    updateCarries(e, b, carries, outs.slice(0, p.num_carry));
  });
  eqn.outs.slice(0, p.num_carry).forEach((v, i) => e.set(v, values[i]));
  ys.forEach((y) => e.set(y.v, viewOf(y.id, y.v.aval.shape, y.fresh)));
}

function emitCheckpoint(e: Emitter, eqn: Extract<AnyEqn, { prim: "checkpoint" }>): void {
  const outs = e.lowerSub(
    eqn.params.jaxpr,
    eqn.inputs.map((a) => e.read(a)),
  );
  eqn.outs.forEach((v, i) => e.set(v, outs[i]));
}

export function emitControl(e: Emitter, eqn: AnyEqn): void {
  switch (eqn.prim) {
    case "cond":
      return emitCond(e, eqn);
    case "while":
      return emitWhile(e, eqn);
    case "scan":
      return emitScan(e, eqn);
    case "checkpoint":
      return emitCheckpoint(e, eqn);
    default:
      throw new InternalError(`internal: ${eqn.prim} is not control flow`);
  }
}
