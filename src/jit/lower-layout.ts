/**
 * Emission of the data-movement primitives without calling kernels: `pad`, `concatenate`
 * and `dynamic_update_slice` copy into a planned buffer; `dynamic_slice` is a view whose
 * offset is computed at run time (start indices clamped into range, as in XLA).
 */
import type { AnyEqn } from "../core/ir";
import { sizeOf, stridesOf } from "../core/shape";
import { type Code, code, join, offsetTerm } from "./code";
import type { Emitter } from "./emitter";
import { startOf, viewOf } from "./values";
import { emitGather, emitScatter } from "./lower-gather";

/** Emits `eqn`; false when this rule does not cover the case (the kernel is used instead). */
export function emitLayout(e: Emitter, eqn: AnyEqn): boolean {
  switch (eqn.prim) {
    case "pad": {
      const cfg = eqn.params.padding_config;
      // Negative padding (cropping) is rare here: the kernel handles it.
      if (cfg.some(([lo, hi]) => lo < 0 || hi < 0)) return false;
      const [x, value] = eqn.inputs.map((a) => e.read(a));
      const out = eqn.outs[0];
      const shape = out.aval.shape;
      const { id, fresh } = e.buffer(out.aval.dtype, sizeOf(shape), out);
      e.body.line(code`${id}.fill(${e.scalar(value)});`);
      const ostrides = stridesOf(shape);
      const start = cfg.reduce((s, [lo], d) => s + lo * ostrides[d], 0);
      e.copyToView(
        x,
        eqn.inputs[0].aval.shape,
        id.code,
        ostrides.map((s, d) => s * (cfg[d][2] + 1)),
        code`${start}`,
      );
      e.set(out, viewOf(id, shape, fresh));
      return true;
    }
    case "concatenate": {
      const out = eqn.outs[0];
      const shape = out.aval.shape;
      const dim = eqn.params.dimension;
      const { id, fresh } = e.buffer(out.aval.dtype, sizeOf(shape), out);
      const ostrides = stridesOf(shape);
      let at = 0;
      eqn.inputs.forEach((a) => {
        e.copyToView(e.read(a), a.aval.shape, id.code, ostrides, code`${at * ostrides[dim]}`);
        at += a.aval.shape[dim];
      });
      e.set(out, viewOf(id, shape, fresh));
      return true;
    }
    case "dynamic_slice": {
      const [x, ...idx] = eqn.inputs.map((a) => e.read(a));
      const out = eqn.outs[0];
      if (x.k !== "view") {
        e.set(out, x.k === "scalar" ? x : { k: "splat", e: x.e, shape: out.aval.shape });
        return true;
      }
      const sizes = eqn.params.slice_sizes;
      const terms: Code[] = idx.map((iv, d) => {
        const limit = x.shape[d] - sizes[d];
        const clamped = e.ctx.names.fresh("st");
        e.body.line(code`const ${clamped} = Math.min(Math.max(${e.scalar(iv)}, 0), ${limit});`);
        return x.strides[d] === 1 ? clamped.code : code`${clamped} * ${x.strides[d]}`;
      });
      const dyn = terms.length === 0 ? null : join(terms, code` + `);
      const base = x.base === null ? dyn : dyn === null ? x.base : code`${x.base} + ${dyn}`;
      const view = { ...x, shape: out.aval.shape, base };
      if (out.aval.shape.length === 0) {
        const id = e.ctx.names.fresh("v");
        e.body.line(code`const ${id} = ${x.buf}[${startOf(view)}];`);
        e.set(out, { k: "scalar", e: id.code });
      } else e.set(out, view);
      return true;
    }
    case "dynamic_update_slice": {
      const [x, u, ...idx] = eqn.inputs.map((a) => e.read(a));
      const out = eqn.outs[0];
      const shape = out.aval.shape;
      const ushape = eqn.inputs[1].aval.shape;
      const { id, fresh } = e.bufferCopyOf(x, shape, out.aval.dtype, out);
      const ostrides = stridesOf(shape);
      let start: Code = code`0`;
      idx.forEach((iv, d) => {
        const clamped = e.ctx.names.fresh("st");
        e.body.line(code`const ${clamped} = Math.min(Math.max(${e.scalar(iv)}, 0), ${shape[d] - ushape[d]});`);
        start = offsetTerm(start, clamped.code, ostrides[d]);
      });
      e.copyToView(u, ushape, id.code, ostrides, start);
      e.set(out, viewOf(id, shape, fresh));
      return true;
    }
    case "gather":
      emitGather(e, eqn);
      return true;
    case "scatter":
    case "scatter-add":
    case "scatter-mul":
    case "scatter-min":
    case "scatter-max":
      emitScatter(e, eqn);
      return true;
    default:
      return false;
  }
}
