/**
 * Emission: turns a planned jaxpr into JavaScript statements. Every value is one of
 *
 * - `scalar`: a 0-d value held in a local (or a literal);
 * - `splat`: a scalar broadcast to a shape (no storage);
 * - `view`: an affine view — shape, strides, offset — of a typed-array buffer.
 *
 * Loops fuse elementwise chains and reductions; views make transpose, slice, rev,
 * broadcast, reshape and squeeze free; intermediate buffers are allocated once per
 * compiled function and shared by values whose lifetimes do not overlap, so a call
 * allocates only what it returns.
 */
import { ConcreteArray } from "../core/array";
import { type Aval, makeAval } from "../core/aval";
import type { DType } from "../core/dtype";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var } from "../core/ir";
import { type Shape, sizeOf, stridesOf } from "../core/shape";
import type { TypedArray } from "../core/dtype";
import { evalPrimitive } from "../core/trace";
import { Block, type Code, type Ident, type Names, code, join, numberLiteral, offsetTerm } from "./code";
import { type Helpers, emitRules, reduceStep } from "./emit-rules";
import { type LoopUnit, type Plan, plan as makePlan } from "./plan";

export type Value =
  | { readonly k: "scalar"; readonly e: Code }
  | { readonly k: "splat"; readonly e: Code; readonly shape: Shape }
  | {
      readonly k: "view";
      readonly buf: Ident;
      readonly shape: Shape;
      readonly strides: readonly number[];
      readonly offset: number;
      /** Length of the underlying buffer. */
      readonly bufSize: number;
      /** Allocated by this call (safe to return); false for scratch, inputs and constants. */
      readonly fresh: boolean;
    };

/** What code generation needs from its surroundings. */
export interface EmitContext {
  readonly names: Names;
  /** Values passed to the generated factory as parameters. */
  readonly param: (prefix: string, value: unknown) => Ident;
  /** Declarations that run once per compiled function (scratch buffers). */
  readonly prelude: Block;
  readonly helpers: Helpers;
}

const ARRAY_CLASS: { readonly [D in DType]: Code } = {
  float64: code`Float64Array`,
  float32: code`Float32Array`,
  int32: code`Int32Array`,
  bool: code`Uint8Array`,
};

const isContiguous = (v: { shape: Shape; strides: readonly number[] }) => {
  const c = stridesOf(v.shape);
  return v.shape.every((d, i) => d <= 1 || c[i] === v.strides[i]);
};

/** A view exactly covering its buffer in row-major order, usable as a plain array. */
const isExact = (v: Value): boolean => v.k === "view" && v.offset === 0 && isContiguous(v) && v.bufSize === sizeOf(v.shape);

export function viewOf(buf: Ident, shape: Shape, fresh: boolean): Value {
  return { k: "view", buf, shape, strides: stridesOf(shape), offset: 0, bufSize: sizeOf(shape), fresh };
}

interface Lowered {
  readonly body: Block;
  readonly outputs: readonly Value[];
}

/** Emits `jaxpr` as statements, given values for its constvars and invars. */
export function lower(jaxpr: Jaxpr, consts: readonly Value[], inputs: readonly Value[], ctx: EmitContext): Lowered {
  const p: Plan = makePlan(jaxpr);
  const body = new Block(1);
  const env = new Map<Var, Value>();
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]));
  jaxpr.invars.forEach((v, i) => env.set(v, inputs[i]));
  const outputVars = new Set<Var>(jaxpr.outs.filter((a): a is Var => a instanceof Var));

  // Scratch buffers, pooled by dtype and size, owned by the value they hold.
  const pool = new Map<string, Ident[]>();
  const owned = new Map<Var, { key: string; id: Ident }>();
  const scratch = (dtype: DType, size: number, owner: Var): Ident => {
    const key = `${dtype}:${size}`;
    const id = pool.get(key)?.pop() ?? ctx.names.fresh("s");
    owned.set(owner, { key, id });
    return id;
  };
  const declared = new Set<Ident>();
  const buffer = (dtype: DType, size: number, owner: Var | null): { id: Ident; fresh: boolean } => {
    if (owner === null || outputVars.has(owner)) {
      const id = ctx.names.fresh("o");
      body.line(code`const ${id} = new ${ARRAY_CLASS[dtype]}(${size});`);
      return { id, fresh: true };
    }
    const id = scratch(dtype, size, owner);
    if (!declared.has(id)) {
      declared.add(id);
      ctx.prelude.line(code`const ${id} = new ${ARRAY_CLASS[dtype]}(${size});`);
    }
    return { id, fresh: false };
  };
  const release = (unitIndex: number) => {
    for (const [v, { key, id }] of owned) {
      if ((p.lastUse.get(v) ?? -1) <= unitIndex) {
        owned.delete(v);
        const list = pool.get(key) ?? [];
        list.push(id);
        pool.set(key, list);
      }
    }
  };

  const read = (a: Atom): Value => (a instanceof Lit ? { k: "scalar", e: numberLiteral(a.value) } : env.get(a)!);
  const scalarOf = (v: Value): Code => {
    if (v.k !== "scalar") throw new Error("internal: expected a scalar value");
    return v.e;
  };

  /** Copies any value into a new contiguous buffer of its shape (for kernels and outputs). */
  const materialize = (v: Value, shape: Shape, dtype: DType, owner: Var | null): Value => {
    const n = sizeOf(shape);
    const { id, fresh } = buffer(dtype, n, owner);
    if (v.k === "scalar" || v.k === "splat") {
      body.line(code`${id}.fill(${v.e});`);
    } else if (isContiguous(v)) {
      body.line(code`for (let k = 0; k < ${n}; k++) ${id}[k] = ${v.buf}[${v.offset} + k];`);
    } else {
      emitNest(body, shape, [v], (b, [q]) => b.line(code`${id}[k] = ${v.buf}[${q}];`));
    }
    return viewOf(id, shape, fresh);
  };

  p.units.forEach((u, ui) => {
    if (u.kind === "loop") emitLoop(u, ui);
    else {
      const eqn = u.eqn;
      if (u.kind === "scalar") emitScalar(eqn);
      else if (u.kind === "view") emitView(eqn);
      else if (u.kind === "dot") emitDot(eqn);
      else emitKernel(eqn);
    }
    release(ui);
  });

  function emitScalar(eqn: AnyEqn): void {
    const rule = emitRules[eqn.prim];
    const out = eqn.outs[0];
    if (rule.kind === "reduce") {
      env.set(out, read(eqn.inputs[0]));
      return;
    }
    if (rule.kind !== "elementwise") throw new Error(`internal: ${eqn.prim} is not elementwise`);
    const args = eqn.inputs.map((a) => scalarOf(read(a)));
    const id = ctx.names.fresh("v");
    const expr = (rule.expr as (x: readonly Code[], p: unknown, d: DType, i: readonly DType[], h: Helpers) => Code)(
      args,
      eqn.params,
      out.aval.dtype,
      eqn.inputs.map((a) => a.aval.dtype),
      ctx.helpers,
    );
    body.line(code`const ${id} = ${expr};`);
    env.set(out, { k: "scalar", e: id.code });
  }

  function emitView(eqn: AnyEqn): void {
    const input = read(eqn.inputs[0]);
    const out = eqn.outs[0];
    const shape = out.aval.shape;
    if (input.k === "scalar" || input.k === "splat") {
      env.set(out, shape.length === 0 ? { k: "scalar", e: input.e } : { k: "splat", e: input.e, shape });
      return;
    }
    let v: Value | undefined;
    switch (eqn.prim) {
      case "broadcast_in_dim": {
        const dims = eqn.params.broadcast_dimensions;
        const strides = shape.map((_, d) => {
          const i = dims.indexOf(d);
          return i < 0 || input.shape[i] === 1 ? 0 : input.strides[i];
        });
        v = { ...input, shape, strides };
        break;
      }
      case "transpose": {
        const perm = eqn.params.permutation;
        v = { ...input, shape, strides: perm.map((q) => input.strides[q]) };
        break;
      }
      case "slice": {
        const { start_indices: start, strides: st } = eqn.params;
        const offset = input.offset + start.reduce((s, x, d) => s + x * input.strides[d], 0);
        v = { ...input, shape, offset, strides: input.strides.map((s, d) => s * (st ? st[d] : 1)) };
        break;
      }
      case "rev": {
        let offset = input.offset;
        const strides = input.strides.map((s, d) => {
          if (!eqn.params.dimensions.includes(d) || input.shape[d] === 0) return s;
          offset += (input.shape[d] - 1) * s;
          return -s;
        });
        v = { ...input, shape, offset, strides };
        break;
      }
      case "squeeze":
      case "reshape": {
        // A view that cannot be reshaped by index arithmetic is copied to contiguous storage first.
        v = reshapeView(input, shape) ?? reshapeView(materialize(input, input.shape, out.aval.dtype, null) as typeof input, shape)!;
        break;
      }
      default:
        throw new Error(`internal: ${eqn.prim} is not a view`);
    }
    if (shape.length === 0 && v.k === "view") {
      const id = ctx.names.fresh("v");
      body.line(code`const ${id} = ${v.buf}[${v.offset}];`);
      env.set(out, { k: "scalar", e: id.code });
    } else env.set(out, v);
  }

  function emitKernel(eqn: AnyEqn): void {
    const args = eqn.inputs.map((a) => {
      const v = read(a);
      if (a.aval.shape.length === 0) return v.k === "view" ? code`${v.buf}[${v.offset}]` : (v as { e: Code }).e;
      const m = isExact(v) ? v : materialize(v, a.aval.shape, a.aval.dtype, null);
      return (m as { buf: Ident }).buf.code;
    });
    const kernel = ctx.param("K", kernelCall(eqn));
    const out = eqn.outs[0];
    const id = ctx.names.fresh(out.aval.shape.length === 0 ? "v" : "o");
    if (out.aval.shape.length === 0) {
      body.line(code`const ${id} = ${kernel}(${join(args)})[0];`);
      env.set(out, { k: "scalar", e: id.code });
    } else {
      body.line(code`const ${id} = ${kernel}(${join(args)});`);
      env.set(out, viewOf(id, out.aval.shape, true));
    }
  }

  function emitDot(eqn: AnyEqn): void {
    if (eqn.prim !== "dot_general") throw new Error("internal: not a dot");
    const [[lc, rc], [lb, rb]] = eqn.params.dimension_numbers;
    const [lhs, rhs] = eqn.inputs;
    const out = eqn.outs[0];
    const dtype = out.aval.dtype;
    const lfree = lhs.aval.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
    const rfree = rhs.aval.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
    const A = dotOperand(read(lhs), lhs.aval, [lb, lfree, lc], dtype);
    const B = dotOperand(read(rhs), rhs.aval, [rb, rc, rfree], dtype);
    const [nb, m, k] = A.sizes;
    const n = B.sizes[2];
    const [aB, aM, aK] = A.strides;
    const [bB, bK, bN] = B.strides;
    const isInt = dtype === "int32";
    /** o + a·b as the interpreter's dot kernel accumulates it. */
    const fma = (o: Code, a: Code, b: Code): Code =>
      isInt ? code`(${o} + Math.imul(${a}, ${b})) | 0` : dtype === "float32" ? code`Math.fround(${o} + ${a} * ${b})` : code`${o} + ${a} * ${b}`;
    if (out.aval.shape.length === 0) {
      const r = ctx.names.fresh("v");
      body.line(code`let ${r} = 0;`);
      body.nest(code`for (let kk = 0; kk < ${k}; kk++)`, (b) =>
        b.line(code`${r} = ${fma(r.code, code`${A.buf}[${A.offset} + kk * ${aK}]`, code`${B.buf}[${B.offset} + kk * ${bK}]`)};`),
      );
      env.set(out, { k: "scalar", e: r.code });
      return;
    }
    const { id, fresh } = buffer(dtype, nb * m * n, out);
    if (!fresh) body.line(code`${id}.fill(0);`);
    body.nest(code`for (let bi = 0; bi < ${nb}; bi++)`, (b1) =>
      b1.nest(code`for (let i = 0; i < ${m}; i++)`, (b2) => {
        b2.line(code`const orow = (bi * ${m} + i) * ${n};`);
        b2.line(code`const arow = ${A.offset} + bi * ${aB} + i * ${aM};`);
        b2.line(code`const bbase = ${B.offset} + bi * ${bB};`);
        b2.nest(code`for (let kk = 0; kk < ${k}; kk++)`, (b3) => {
          b3.line(code`const av = ${A.buf}[arow + kk * ${aK}];`);
          b3.line(code`const brow = bbase + kk * ${bK};`);
          const bj = bN === 1 ? code`${B.buf}[brow + j]` : code`${B.buf}[brow + j * ${bN}]`;
          b3.line(
            isInt
              ? code`for (let j = 0; j < ${n}; j++) ${id}[orow + j] = (${id}[orow + j] + Math.imul(av, ${bj})) | 0;`
              : code`for (let j = 0; j < ${n}; j++) ${id}[orow + j] += av * ${bj};`,
          );
        });
      }),
    );
    env.set(out, viewOf(id, out.aval.shape, fresh));
  }

  /** An operand as a 3-D strided array (batch, rows, cols), copying when axes cannot merge. */
  function dotOperand(
    v: Value,
    aval: Aval,
    groups: readonly (readonly number[])[],
    dtype: DType,
  ): { buf: Ident; offset: number; sizes: number[]; strides: number[] } {
    let view = v;
    if (view.k !== "view") view = materialize(view, aval.shape, dtype, null);
    const merged = groups.map((g) => mergeAxes(view as Extract<Value, { k: "view" }>, g));
    if (merged.some((m) => m === null)) {
      const perm = groups.flat();
      const permuted: Value = {
        ...(view as Extract<Value, { k: "view" }>),
        shape: perm.map((a) => aval.shape[a]),
        strides: perm.map((a) => (view as Extract<Value, { k: "view" }>).strides[a]),
      };
      const copy = materialize(permuted, permuted.shape, dtype, null) as Extract<Value, { k: "view" }>;
      const sizes = groups.map((g) => g.reduce((s, a) => s * aval.shape[a], 1));
      const strides = sizes.map((_, gi) => sizes.slice(gi + 1).reduce((s, x) => s * x, 1));
      return { buf: copy.buf, offset: 0, sizes, strides };
    }
    const vv = view as Extract<Value, { k: "view" }>;
    return { buf: vv.buf, offset: vv.offset, sizes: merged.map((m) => m!.size), strides: merged.map((m) => m!.stride) };
  }

  function emitLoop(u: LoopUnit, _ui: number): void {
    const shape = u.shape;
    const n = sizeOf(shape);
    const members = new Set<Var>(u.members.flatMap((e) => e.outs));
    const reductions = u.members.filter((e) => emitRules[e.prim].kind === "reduce");
    // External operands read per element.
    const external: Var[] = [];
    for (const e of u.members) {
      for (const a of e.inputs) {
        if (a instanceof Var && !members.has(a) && a.aval.shape.length > 0 && !external.includes(a)) external.push(a);
      }
    }
    const views = external.map((v) => env.get(v)!).filter((v): v is Extract<Value, { k: "view" }> => v.k === "view");
    const partial = reductions.some((r) => (r.params as { axes: readonly number[] }).axes.length < shape.length);
    const nested = partial || views.some((v) => !isContiguous(v));

    // Buffers for values that leave the loop, and reduction accumulators.
    const stores: { v: Var; id: Ident }[] = [];
    for (const e of u.members) {
      if (emitRules[e.prim].kind === "reduce") continue;
      for (const v of e.outs) {
        if (!p.escaping.has(v)) continue;
        const { id, fresh } = buffer(v.aval.dtype, n, v);
        stores.push({ v, id });
        env.set(v, viewOf(id, shape, fresh));
      }
    }
    const accs = new Map<AnyEqn, { scalar: Ident | null; buf: Ident | null; strides: number[] }>();
    for (const r of reductions) {
      const out = r.outs[0];
      const op = (emitRules[r.prim] as { op: "sum" }).op;
      const { init } = reduceStep(op, out.aval.dtype, code`0`, code`0`);
      const axes = (r.params as { axes: readonly number[] }).axes;
      if (out.aval.shape.length === 0) {
        const id = ctx.names.fresh("r");
        body.line(code`let ${id} = ${init};`);
        accs.set(r, { scalar: id, buf: null, strides: shape.map(() => 0) });
      } else {
        const { id, fresh } = buffer(out.aval.dtype, sizeOf(out.aval.shape), out);
        body.line(code`${id}.fill(${init});`);
        const outStrides = stridesOf(out.aval.shape);
        let j = 0;
        const strides = shape.map((_, d) => (axes.includes(d) ? 0 : outStrides[j++]));
        accs.set(r, { scalar: null, buf: id, strides });
        env.set(out, viewOf(id, out.aval.shape, fresh));
      }
    }

    const emitBody = (b: Block, offsets: readonly Code[]) => {
      const local = new Map<Var, Code>();
      // One load per external operand per element.
      external.forEach((v) => {
        const val = env.get(v)!;
        if (val.k === "splat" || val.k === "scalar") local.set(v, val.e);
        else {
          const id = ctx.names.fresh("x");
          const idx = offsets[views.indexOf(val)];
          b.line(code`const ${id} = ${val.buf}[${idx}];`);
          local.set(v, id.code);
        }
      });
      const arg = (a: Atom): Code => {
        if (a instanceof Lit) return numberLiteral(a.value);
        const l = local.get(a);
        if (l) return l;
        const val = env.get(a)!;
        return scalarOf(val);
      };
      for (const e of u.members) {
        const rule = emitRules[e.prim];
        if (rule.kind === "reduce") {
          const acc = accs.get(e)!;
          const x = arg(e.inputs[0]);
          const out = e.outs[0];
          if (acc.scalar) {
            b.line(code`${acc.scalar} = ${reduceStep(rule.op, out.aval.dtype, acc.scalar.code, x).step};`);
          } else {
            const at = offsets[views.length + reductions.indexOf(e)];
            const target = code`${acc.buf!}[${at}]`;
            b.line(code`${target} = ${reduceStep(rule.op, out.aval.dtype, target, x).step};`);
          }
          continue;
        }
        if (rule.kind !== "elementwise") throw new Error("internal: loop member is not elementwise");
        const id = ctx.names.fresh("t");
        const expr = (rule.expr as (x: readonly Code[], p: unknown, d: DType, i: readonly DType[], h: Helpers) => Code)(
          e.inputs.map(arg),
          e.params,
          e.outs[0].aval.dtype,
          e.inputs.map((a) => a.aval.dtype),
          ctx.helpers,
        );
        b.line(code`const ${id} = ${expr};`);
        local.set(e.outs[0], id.code);
      }
      for (const s of stores) b.line(code`${s.id}[k] = ${local.get(s.v)!};`);
    };

    if (!nested) {
      body.nest(code`for (let k = 0; k < ${n}; k++)`, (b) =>
        emitBody(
          b,
          views.map((v) => offsetTerm(numberLiteral(v.offset), code`k`, 1)),
        ),
      );
    } else {
      const reductionViews = reductions.map((r) => ({ strides: accs.get(r)!.strides, offset: 0 }));
      emitNest(body, shape, [...views, ...reductionViews], emitBody, stores.length > 0);
    }
    for (const r of reductions) {
      const acc = accs.get(r)!;
      if (acc.scalar) env.set(r.outs[0], { k: "scalar", e: acc.scalar.code });
    }
  }

  const outputs = jaxpr.outs.map((a) => read(a));
  return { body, outputs };
}

/**
 * A nested loop over `shape` with a running flat index `k` and, per strided access, its
 * offset at the innermost level (passed to `inner`).
 */
function emitNest(
  body: Block,
  shape: Shape,
  accesses: readonly { readonly strides: readonly number[]; readonly offset: number }[],
  inner: (b: Block, offsets: readonly Code[]) => void,
  counted = true,
): void {
  const r = shape.length;
  const level = (b: Block, d: number, prev: readonly Code[]) => {
    const i = code`i${d}`;
    b.nest(code`for (let ${i} = 0; ${i} < ${shape[d]}; ${i}++)`, (bb) => {
      const cur = accesses.map((a, j) => {
        const s = a.strides[d];
        if (s === 0) return prev[j];
        const name = code`q${j}_${d}`;
        bb.line(code`const ${name} = ${offsetTerm(prev[j], i, s)};`);
        return name;
      });
      if (d === r - 1) {
        inner(bb, cur);
        if (counted) bb.line(code`k++;`);
      } else level(bb, d + 1, cur);
    });
  };
  // A block of its own, so that several loops can each have their `k`.
  body.nest(code``, (b) => {
    if (counted) b.line(code`let k = 0;`);
    level(
      b,
      0,
      accesses.map((a) => numberLiteral(a.offset)),
    );
  });
}

/** Reshape as index arithmetic when possible: size-1 axes change freely; contiguous views reshape freely. */
function reshapeView(v: Extract<Value, { k: "view" }>, shape: Shape): Value | null {
  if (isContiguous(v)) return { ...v, shape, strides: stridesOf(shape) };
  const a = v.shape.map((d, i) => [d, v.strides[i]] as const).filter(([d]) => d !== 1);
  const b = shape.filter((d) => d !== 1);
  if (a.length !== b.length || a.some(([d], i) => d !== b[i])) return null;
  let j = 0;
  return { ...v, shape, strides: shape.map((d) => (d === 1 ? 0 : a[j++][1])) };
}

/** The (size, stride) of axes `axes` taken together in row-major order, or null if they do not merge. */
function mergeAxes(v: Extract<Value, { k: "view" }>, axes: readonly number[]): { size: number; stride: number } | null {
  const real = axes.filter((a) => v.shape[a] !== 1);
  const size = axes.reduce((s, a) => s * v.shape[a], 1);
  if (real.length === 0) return { size, stride: 0 };
  for (let i = 0; i + 1 < real.length; i++) {
    if (v.strides[real[i]] !== v.strides[real[i + 1]] * v.shape[real[i + 1]]) return null;
  }
  return { size, stride: v.strides[real[real.length - 1]] };
}

/** A kernel primitive as a function of typed arrays and numbers, calling the interpreter's kernel. */
function kernelCall(eqn: AnyEqn): (...args: (TypedArray | number)[]) => TypedArray {
  const avals = eqn.inputs.map((a) => a.aval);
  return (...args) => {
    const arrays = args.map((x, i) => {
      if (typeof x === "number") {
        const data = new (ARRAY_CTOR[avals[i].dtype])(1);
        data[0] = x;
        return new ConcreteArray(makeAval([], avals[i].dtype), data);
      }
      return new ConcreteArray(avals[i], x);
    });
    return evalPrimitive(eqn.prim, arrays, eqn.params as never)[0].data;
  };
}

const ARRAY_CTOR = { float64: Float64Array, float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;
