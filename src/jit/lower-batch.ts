/**
 * A loop over independent examples — a `scan` without carries, as `jit(vmap(f))`'s loop
 * form and `lax.map` trace — as one call of a batch kernel (`kernel/`), when the backend
 * wants one and the body has a kernel form; otherwise `emitScan` writes the JavaScript loop.
 */
import type { AnyEqn } from "../core/ir";
import { type Shape, sizeOf } from "../core/shape";
import type { InputLayout } from "../backend/wasm/batch";
import { batchKernelOf } from "../kernel/from-jaxpr";
import type { KernelInput } from "../kernel/ir";
import { type Code, code, join } from "./code";
import type { Emitter } from "./emitter";
import { type Value, startOf, viewOf } from "./values";

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
    inputs.push({ dtype: a.aval.dtype, size: sizeOf(mapped ? a.aval.shape.slice(1) : a.aval.shape), mapped });
    layouts.push(where.layout);
    args.push(where.buf, where.start);
  }
  const kernel = batchKernelOf(p.jaxpr, inputs);
  if (typeof kernel === "string") return false;
  const run = e.ctx.kernels.batch(kernel, layouts);
  if (!run) return false;
  const outs = eqn.outs.map((v) => ({ v, ...e.buffer(v.aval.dtype, sizeOf(v.aval.shape), v) }));
  const K = e.ctx.param("BATCH", run);
  e.body.line(code`${e.awaitKernel()}${K}(${join([code`${p.length}`, ...args, ...outs.map((o) => o.id.code)])});`);
  outs.forEach((o) => e.set(o.v, viewOf(o.id, o.v.aval.shape, o.fresh)));
  return true;
}
