/**
 * Gather and the scatters as loops. One nest walks the other array (the gather's output,
 * the scatter's updates) in row-major order; where its last indices batch axis is
 * entered, the window start is computed from the index vector (clamped, or marked out
 * of bounds), and the innermost statement reads or combines one element. The operand,
 * indices and updates are read through their views, so no input is copied. The meaning
 * is `core/kernels/gather.ts`'s, statement for statement: the same clamping, the same
 * order of updates, the same combining primitive.
 */
import type { DType } from "../core/dtype";
import { gatherFill, gatherWindows, scatterWindowSizes, scatterWindows, type Windows, windowOperandDims } from "../core/gather-dims";
import type { AnyEqn } from "../core/ir";
import { scalarFn } from "../core/prims/elementwise";
import { scatterPrims } from "../core/prims/scatter";
import { type Shape, sizeOf, stridesOf } from "../core/shape";
import { type Block, type Code, type Ident, type Names, code, join, numberLiteral, offsetTerm } from "./code";
import type { Emitter } from "./emitter";
import { type Access, emitNest, loopIndex } from "./nest";
import { type Reader, type Value, type ViewValue, startOf, viewOf } from "./values";

/** The operand as a view (scalars and splats are rare here: copied to a buffer). */
export function operandView(e: Emitter, v: Value, shape: Shape, dtype: DType): ViewValue {
  return v.k === "view" ? v : e.materialize(v, shape, dtype, null);
}

interface WindowNest {
  /** Accesses of the indices (batch axes) and of the operand's window (window axes), per axis of the walked array. */
  readonly accesses: Access[];
  /** The walked array's last axis that is an indices batch axis (-1: none). */
  readonly lastBatch: number;
  /**
   * Statements computing the window start `base` (an offset from the operand's start;
   * negative strides can make it negative) and, when not clipping, `inside` (false when
   * the window does not fit), given the offsets there.
   */
  readonly start: (b: Block, offsets: readonly Code[], base: Code, inside: Code) => void;
}

/**
 * The start of one window as an offset `base` from the operand's start, from its index
 * vector (`entry(m)`, one expression per entry of `startIndexMap`, each put in `starts[m]`):
 * clamped so that the window fits when clipping, as `core/kernels/gather.ts` does; otherwise
 * the returned tests say where it does not fit.
 */
export function windowStart(
  blk: Block,
  starts: readonly Ident[],
  entry: (m: number) => Code,
  operandShape: Shape,
  operandStrides: readonly number[],
  startIndexMap: readonly number[],
  sizes: readonly number[],
  clip: boolean,
  base: Code,
): Code[] {
  blk.line(code`let ${base} = 0;`);
  const checks: Code[] = [];
  startIndexMap.forEach((d, m) => {
    const s = starts[m];
    const lim = operandShape[d] - sizes[d];
    blk.line(code`let ${s} = ${entry(m)};`);
    if (clip) blk.line(code`${s} = ${s} < 0 ? 0 : ${s} > ${lim} ? ${lim} : ${s};`);
    else checks.push(code`${s} < 0 || ${s} > ${lim}`);
    blk.line(code`${base} += ${offsetTerm(code`0`, s.code, operandStrides[d])};`);
  });
  return checks;
}

/**
 * The loops over an array of `shape` whose windows `w` (sizes `sizes`) index an operand
 * read with `operandStrides`; `clip` clamps each start, otherwise an out-of-bounds window
 * has `inside` false. The accesses are the indices' (one per access of `idx`), then the operand's.
 */
function windowNest(
  names: Names,
  shape: Shape,
  operandShape: Shape,
  operandStrides: readonly number[],
  operandStart: Code,
  idx: Reader,
  idxRank: number,
  w: Windows,
  sizes: readonly number[],
  clip: boolean,
): WindowNest {
  const winOperand = windowOperandDims(operandShape.length, w);
  const batchAxisOf: number[] = [];
  const idxStrides: number[][] = idx.accesses.map(() => []);
  const opStrides: number[] = [];
  let [j, b] = [0, 0];
  shape.forEach((_, a) => {
    if (w.windowDims.includes(a)) {
      idxStrides.forEach((s) => s.push(0));
      opStrides.push(operandStrides[winOperand[j++]]);
    } else {
      batchAxisOf[b] = a;
      idxStrides.forEach((s, k) => s.push(idx.accesses[k].strides[b]));
      b++;
      opStrides.push(0);
    }
  });
  const lastBatch = batchAxisOf.length === 0 ? -1 : batchAxisOf[batchAxisOf.length - 1];
  const vecStrides = idx.accesses.map((acc) => acc.strides[idxRank - 1]);
  const starts = w.startIndexMap.map(() => names.fresh("gs"));
  const start = (blk: Block, offsets: readonly Code[], base: Code, inside: Code) => {
    const entry = (m: number) => {
      const at = offsets.slice(0, vecStrides.length).map((o, k) => (m * vecStrides[k] === 0 ? o : o.text === "0" ? code`${m * vecStrides[k]}` : code`${o} + ${m * vecStrides[k]}`));
      return idx.at(blk, at);
    };
    const checks = windowStart(blk, starts, entry, operandShape, operandStrides, w.startIndexMap, sizes, clip, base);
    w.operandBatchingDims.forEach((d, i) => {
      const axis = batchAxisOf[w.indicesBatchingDims[i]];
      // An axis of size 1 has no loop: its index is 0.
      if (shape[axis] > 1) blk.line(code`${base} += ${offsetTerm(code`0`, loopIndex(axis), operandStrides[d])};`);
    });
    if (!clip) blk.line(code`const ${inside} = !(${join(checks, code` || `)});`);
  };
  return {
    accesses: [...idx.accesses.map((acc, k) => ({ strides: idxStrides[k], start: acc.start })), { strides: opStrides, start: operandStart }],
    lastBatch,
    start,
  };
}

export function emitGather(e: Emitter, eqn: Extract<AnyEqn, { prim: "gather" }>): void {
  const [xa, ia] = eqn.inputs;
  const p = eqn.params;
  const out = eqn.outs[0];
  const shape = out.aval.shape;
  const { id, fresh } = e.buffer(out.aval.dtype, sizeOf(shape), out);
  e.set(out, viewOf(id, shape, fresh));
  if (sizeOf(shape) === 0) return;
  const x = operandView(e, e.read(xa), xa.aval.shape, xa.aval.dtype);
  const clip = p.mode.gatherClips;
  const idx = e.elementReader(ia);
  const nest = windowNest(e.ctx.names, shape, xa.aval.shape, x.strides, startOf(x), idx, ia.aval.shape.length, gatherWindows(p.dimension_numbers), p.slice_sizes, clip);
  const base = e.ctx.names.fresh("g");
  const inside = e.ctx.names.fresh("gin");
  const fill = numberLiteral(gatherFill(xa.aval.dtype, p.fill_value));
  const ni = idx.accesses.length;
  emitNest(
    e.body,
    shape,
    nest.accesses,
    (b, offsets) => {
      const read = code`${x.buf}[${offsetTerm(offsets[ni], base.code, 1)}]`;
      b.line(clip ? code`${id}[k] = ${read};` : code`${id}[k] = ${inside} ? ${read} : ${fill};`);
    },
    { enter: { level: nest.lastBatch, emit: (b, offsets) => nest.start(b, offsets, base.code, inside.code) } },
  );
}

export function emitScatter(e: Emitter, eqn: AnyEqn & { readonly prim: keyof typeof scatterPrims }): void {
  const [xa, ia, ua] = eqn.inputs;
  const p = eqn.params as Extract<AnyEqn, { prim: "scatter" }>["params"];
  const out = eqn.outs[0];
  const shape = out.aval.shape;
  const dtype = out.aval.dtype;
  const { id, fresh } = e.bufferCopyOf(e.read(xa), shape, dtype, out);
  e.set(out, viewOf(id, shape, fresh));
  const uShape = ua.aval.shape;
  if (sizeOf(uShape) === 0 || sizeOf(shape) === 0) return;
  const w = scatterWindows(p.dimension_numbers);
  const clip = p.mode.scatterClips;
  const idx = e.elementReader(ia);
  const nest = windowNest(e.ctx.names, uShape, shape, stridesOf(shape), code`0`, idx, ia.aval.shape.length, w, scatterWindowSizes(shape, uShape, w), clip);
  const u = e.elementReader(ua);
  const ni = idx.accesses.length;
  const { combine } = scatterPrims[eqn.prim];
  const step = combine === "set" ? null : scalarFn(e.ctx.scalar, combine, {}, [dtype, dtype], dtype);
  const base = e.ctx.names.fresh("g");
  const inside = e.ctx.names.fresh("gin");
  const at = e.ctx.names.fresh("p");
  emitNest(
    e.body,
    uShape,
    [...nest.accesses, ...u.accesses],
    (b, offsets) => {
      const write = (blk: Block) => {
        blk.line(code`const ${at} = ${offsetTerm(offsets[ni], base.code, 1)};`);
        const value = u.at(blk, offsets.slice(ni + 1));
        blk.line(code`${id}[${at}] = ${step ? step(code`${id}[${at}]`, value) : value};`);
      };
      if (clip) b.nest(code``, write);
      else b.nest(code`if (${inside})`, write);
    },
    { counted: false, enter: { level: nest.lastBatch, emit: (b, offsets) => nest.start(b, offsets, base.code, inside.code) } },
  );
}
