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
import { type Block, type Code, type Names, code, numberLiteral, offsetTerm } from "./code";
import type { Emitter } from "./lower";
import { type Access, emitNest, loopIndex } from "./nest";
import { type Value, type ViewValue, startOf, viewOf } from "./values";

/** A value read element by element: a view's buffer at an offset, or a splat's expression. */
interface Reader {
  readonly strides: readonly number[];
  readonly start: Code;
  readonly at: (offset: Code) => Code;
}

function reader(v: Value, rank: number): Reader {
  if (v.k === "view") return { strides: v.strides, start: startOf(v), at: (o) => code`${v.buf}[${o}]` };
  return { strides: new Array<number>(rank).fill(0), start: code`0`, at: () => v.e };
}

/** The operand as a view (scalars and splats are rare here: copied to a buffer). */
function operandView(e: Emitter, v: Value, shape: Shape, dtype: DType): ViewValue {
  return v.k === "view" ? v : e.materialize(v, shape, dtype, null);
}

interface WindowNest {
  /** Accesses of the indices (batch axes) and of the operand's window (window axes), per axis of the walked array. */
  readonly accesses: Access[];
  /** The walked array's last axis that is an indices batch axis (-1: none). */
  readonly lastBatch: number;
  /** Statements computing the window start `base` (an operand offset, or -1 when out of bounds), given the indices offset. */
  readonly start: (b: Block, idxOffset: Code, base: Code) => void;
}

/**
 * The loops over an array of `shape` whose windows `w` (sizes `sizes`) index an operand
 * read with `operandStrides`; `clip` clamps each start, otherwise an out-of-bounds window
 * gets base -1.
 */
function windowNest(
  names: Names,
  shape: Shape,
  operandShape: Shape,
  operandStrides: readonly number[],
  operandStart: Code,
  idx: Reader,
  idxShape: Shape,
  w: Windows,
  sizes: readonly number[],
  clip: boolean,
): WindowNest {
  const winOperand = windowOperandDims(operandShape.length, w);
  const batchAxisOf: number[] = [];
  const idxStrides: number[] = [];
  const opStrides: number[] = [];
  let [j, b] = [0, 0];
  shape.forEach((_, a) => {
    if (w.windowDims.includes(a)) {
      idxStrides.push(0);
      opStrides.push(operandStrides[winOperand[j++]]);
    } else {
      batchAxisOf[b] = a;
      idxStrides.push(idx.strides[b++]);
      opStrides.push(0);
    }
  });
  const lastBatch = batchAxisOf.length === 0 ? -1 : batchAxisOf[batchAxisOf.length - 1];
  const vecStride = idx.strides[idxShape.length - 1];
  const starts = w.startIndexMap.map(() => names.fresh("gs"));
  const start = (blk: Block, idxOffset: Code, base: Code) => {
    blk.line(code`let ${base} = 0;`);
    const checks: Code[] = [];
    w.startIndexMap.forEach((d, m) => {
      const s = starts[m];
      const lim = operandShape[d] - sizes[d];
      const at = m * vecStride === 0 ? idxOffset : idxOffset.text === "0" ? code`${m * vecStride}` : code`${idxOffset} + ${m * vecStride}`;
      blk.line(code`let ${s} = ${idx.at(at)};`);
      if (clip) blk.line(code`${s} = ${s} < 0 ? 0 : ${s} > ${lim} ? ${lim} : ${s};`);
      else checks.push(code`${s} < 0 || ${s} > ${lim}`);
      blk.line(code`${base} += ${offsetTerm(code`0`, s.code, operandStrides[d])};`);
    });
    w.operandBatchingDims.forEach((d, i) => {
      const axis = batchAxisOf[w.indicesBatchingDims[i]];
      // An axis of size 1 has no loop: its index is 0.
      if (shape[axis] > 1) blk.line(code`${base} += ${offsetTerm(code`0`, loopIndex(axis), operandStrides[d])};`);
    });
    for (const c of checks) blk.line(code`if (${c}) ${base} = -1;`);
  };
  return {
    accesses: [
      { strides: idxStrides, start: idx.start },
      { strides: opStrides, start: operandStart },
    ],
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
  const idx = reader(e.read(ia), ia.aval.shape.length);
  const nest = windowNest(e.ctx.names, shape, xa.aval.shape, x.strides, startOf(x), idx, ia.aval.shape, gatherWindows(p.dimension_numbers), p.slice_sizes, clip);
  const base = e.ctx.names.fresh("g");
  const fill = numberLiteral(gatherFill(xa.aval.dtype, p.fill_value));
  emitNest(e.body, shape, nest.accesses, (b, [, w]) => {
    const read = code`${x.buf}[${offsetTerm(w, base.code, 1)}]`;
    b.line(clip ? code`${id}[k] = ${read};` : code`${id}[k] = ${base} < 0 ? ${fill} : ${read};`);
  }, { enter: { level: nest.lastBatch, emit: (b, [io]) => nest.start(b, io, base.code) } });
}

export function emitScatter(e: Emitter, eqn: AnyEqn & { readonly prim: keyof typeof scatterPrims }): void {
  const [xa, ia, ua] = eqn.inputs;
  const p = eqn.params as Extract<AnyEqn, { prim: "scatter" }>["params"];
  const out = eqn.outs[0];
  const shape = out.aval.shape;
  const dtype = out.aval.dtype;
  const { id, fresh } = e.buffer(dtype, sizeOf(shape), out);
  e.copyInto(e.read(xa), shape, id.code);
  e.set(out, viewOf(id, shape, fresh));
  const uShape = ua.aval.shape;
  if (sizeOf(uShape) === 0 || sizeOf(shape) === 0) return;
  const w = scatterWindows(p.dimension_numbers);
  const clip = p.mode.scatterClips;
  const idx = reader(e.read(ia), ia.aval.shape.length);
  const nest = windowNest(e.ctx.names, uShape, shape, stridesOf(shape), code`0`, idx, ia.aval.shape, w, scatterWindowSizes(shape, uShape, w), clip);
  const u = reader(e.read(ua), uShape.length);
  const { combine } = scatterPrims[eqn.prim];
  const step = combine === "set" ? null : scalarFn(e.ctx.scalar, combine, {}, [dtype, dtype], dtype);
  const base = e.ctx.names.fresh("g");
  const at = e.ctx.names.fresh("p");
  emitNest(
    e.body,
    uShape,
    [...nest.accesses, { strides: u.strides, start: u.start }],
    (b, [, w, uq]) => {
      const write = (blk: Block) => {
        blk.line(code`const ${at} = ${offsetTerm(w, base.code, 1)};`);
        const value = u.at(uq);
        blk.line(code`${id}[${at}] = ${step ? step(code`${id}[${at}]`, value) : value};`);
      };
      if (clip) b.nest(code``, write);
      else b.nest(code`if (${base} >= 0)`, write);
    },
    { counted: false, enter: { level: nest.lastBatch, emit: (b, [io]) => nest.start(b, io, base.code) } },
  );
}
