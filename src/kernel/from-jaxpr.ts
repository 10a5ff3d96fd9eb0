/**
 * Builds a `BatchKernel` from the body of a loop over examples: the per-example jaxpr
 * (after jit's passes and scalarization), with each invar either mapped (a row per
 * example) or shared. Arrays become lists of element expressions; shape ops are resolved
 * by running the interpreter's own kernel on element numbers (so the layout rules have one
 * home); elementwise primitives are their scalar definitions (`core/prims/`) built as
 * expressions; a `scan` with carries only (a `foriLoop`) becomes a counted loop, a `while`
 * a while loop, a `cond` a select between its computed branches.
 *
 * Returns the reason as a string when the body uses something a kernel does not express
 * (the caller then emits JavaScript): effects, gathers, other primitives.
 */
import { InternalError } from "../core/errors";
import type { DType } from "../core/dtype";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var } from "../core/ir";
import { isElementwisePrim, scalarFn } from "../core/prims/elementwise";
import { REDUCE_PRIMS, type ReducePrim, accumulatorDType, reduceFinish, reducePrims, reduceStep } from "../core/prims/reduce";
import type { Prim, PrimParams } from "../core/primitives";
import { type MovePrim, isMovePrim, movedElements } from "../core/moves";
import type { BoolOps, FloatOps, IntOps, ScalarClass, ScalarRenderer } from "../core/scalar/ops";
import { classOf } from "../core/scalar/ops";
import { sizeOf } from "../core/shape";
import { subJaxprsOf } from "../core/subjaxpr";
import type { BatchKernel, KExpr, KStmt, KernelInput } from "./ir";


const COMPARISONS = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);

/** Every operation name of each class (a missing one fails the type check). */
const COMMON = { lit: 1, max: 1, min: 1, eq: 1, ne: 1, lt: 1, le: 1, gt: 1, ge: 1 } as const;
const ARITH = { ...COMMON, neg: 1, abs: 1, sign: 1, add: 1, sub: 1, mul: 1, div: 1, rem: 1 } as const;
const BITS = { and: 1, or: 1, xor: 1, not: 1 } as const;
const FLOAT_NAMES = {
  ...ARITH, floor: 1, ceil: 1, roundEven: 1, roundAway: 1, sqrt: 1, cbrt: 1, exp: 1, log: 1, log1p: 1, expm1: 1, sin: 1, cos: 1, tan: 1,
  asin: 1, acos: 1, atan: 1, sinh: 1, cosh: 1, tanh: 1, asinh: 1, acosh: 1, atanh: 1, pow: 1, atan2: 1, isFinite: 1, round32: 1,
} as const satisfies Record<keyof FloatOps<unknown>, 1>;
const INT_NAMES = { ...ARITH, ...BITS } as const satisfies Record<keyof IntOps<unknown>, 1>;
const BOOL_NAMES = { ...COMMON, ...BITS } as const satisfies Record<keyof BoolOps<unknown>, 1>;

function classOps<O>(cls: ScalarClass, names: Record<string, 1>): O {
  const ops: Record<string, unknown> = {};
  for (const name of Object.keys(names)) {
    const resultCls: ScalarClass = COMPARISONS.has(name) || name === "isFinite" ? "bool" : cls;
    ops[name] =
      name === "lit"
        ? (value: number): KExpr => ({ k: "lit", value, cls })
        : (...args: KExpr[]): KExpr => ({ k: "op", op: { cls, name } as never, args, cls: resultCls });
  }
  return ops as O;
}

/** The scalar operations building kernel expressions. */
const builder: ScalarRenderer<KExpr> = {
  float: classOps<FloatOps<KExpr>>("float", FLOAT_NAMES),
  int: classOps<IntOps<KExpr>>("int", INT_NAMES),
  bool: classOps<BoolOps<KExpr>>("bool", BOOL_NAMES),
  convert: (arg, from, to) => ({ k: "convert", from, to, arg, cls: classOf(to) }),
  selectN: (which, cases, whichDtype) => ({ k: "select", which, whichDtype, cases, cls: cases[0].cls }),
};

class Unsupported {
  constructor(readonly reason: string) {}
}

class Builder {
  readonly locals: ScalarClass[] = [];
  private readonly env = new Map<Var, KExpr[]>();

  local(cls: ScalarClass): KExpr & { k: "local" } {
    this.locals.push(cls);
    return { k: "local", id: this.locals.length - 1, cls };
  }

  /**
   * `e` as a local (so later uses share it), unless it is already a leaf — or a bool made
   * an int, kept inline so a `cond` on it can select by the bool itself.
   */
  bind(e: KExpr, out: KStmt[]): KExpr {
    if (e.k === "lit" || e.k === "in" || e.k === "local") return e;
    if (e.k === "convert" && e.from === "bool" && e.arg.k !== "op") return e;
    const l = this.local(e.cls);
    out.push({ k: "let", id: l.id, e });
    return l;
  }

  read(a: Atom): KExpr[] {
    if (a instanceof Lit) return [{ k: "lit", value: a.value, cls: classOf(a.aval.dtype) }];
    const v = this.env.get(a);
    if (!v) throw new InternalError("internal: a kernel value was read before it was computed");
    return v;
  }

  set(v: Var, elements: KExpr[]): void {
    this.env.set(v, elements);
  }

  /** Translates `jaxpr`'s equations into `out`, given its invars' elements; returns its outputs' elements. */
  lower(jaxpr: Jaxpr, args: readonly KExpr[][], out: KStmt[]): KExpr[][] {
    if (jaxpr.constvars.length) throw new Unsupported("a sub-jaxpr with constants");
    jaxpr.invars.forEach((v, i) => this.set(v, args[i]));
    for (const eqn of jaxpr.eqns) this.eqn(eqn, out);
    return jaxpr.outs.map((a) => this.read(a));
  }

  private eqn(eqn: AnyEqn, out: KStmt[]): void {
    const prim = eqn.prim;
    if (isElementwisePrim(prim)) {
      const outAval = eqn.outs[0].aval;
      const n = sizeOf(outAval.shape);
      const args = eqn.inputs.map((a) => this.read(a));
      const fn = scalarFn(builder, prim, eqn.params, eqn.inputs.map((a) => a.aval.dtype), outAval.dtype);
      const elements = Array.from({ length: n }, (_, i) => this.bind(fn(...args.map((xs) => (xs.length === 1 ? xs[0] : xs[i]))), out));
      this.set(eqn.outs[0], elements);
      return;
    }
    // Moves are resolved at build time into which element is read.
    if (isMovePrim(prim)) {
      this.set(eqn.outs[0], movedElements(prim, eqn.params as PrimParams[MovePrim], eqn.inputs.map((a) => ({ shape: a.aval.shape, elements: this.read(a) })), eqn.outs[0].aval.shape));
      return;
    }
    if (eqn.prim === "scan") {
      this.scan(eqn, out);
      return;
    }
    if (eqn.prim === "cond") {
      this.cond(eqn, out);
      return;
    }
    if (eqn.prim === "while") {
      this.whileLoop(eqn, out);
      return;
    }
    if ((REDUCE_PRIMS as readonly Prim[]).includes(prim)) {
      this.set(eqn.outs[0], this.reduce(eqn as Extract<AnyEqn, { prim: ReducePrim }>, out));
      return;
    }
    if (prim === "argmax" || prim === "argmin") {
      this.set(eqn.outs[0], this.argReduce(eqn as Extract<AnyEqn, { prim: "argmax" | "argmin" }>, out));
      return;
    }
    throw new Unsupported(`the primitive ${prim}`);
  }

  /**
   * A shape op: the interpreter's kernel run on element numbers (operand k's element j is
   * numbered from the sizes before it) says which element lands where.
   */
  /** Input element positions grouped by the output element they reduce into, each group in row-major order. */
  private groups(inShape: readonly number[], axes: readonly number[]): number[][] {
    const kept = inShape.map((_, d) => d).filter((d) => !axes.includes(d));
    const outSize = sizeOf(kept.map((d) => inShape[d]));
    const groups: number[][] = Array.from({ length: outSize }, () => []);
    const idx = inShape.map(() => 0);
    for (let k = 0; k < sizeOf(inShape); k++) {
      let o = 0;
      for (const d of kept) o = o * inShape[d] + idx[d];
      groups[o].push(k);
      for (let d = inShape.length - 1; d >= 0 && ++idx[d] === inShape[d]; d--) idx[d] = 0;
    }
    return groups;
  }

  /** A reduction as the interpreter's kernel runs it: from the identity, in row-major order, in the accumulator dtype. */
  private reduce(eqn: Extract<AnyEqn, { prim: ReducePrim }>, out: KStmt[]): KExpr[] {
    const x = this.read(eqn.inputs[0]);
    const dtype = eqn.outs[0].aval.dtype;
    const acc = accumulatorDType(eqn.prim, dtype);
    const step = reduceStep(builder, eqn.prim, dtype);
    const finish = reduceFinish(builder, eqn.prim, dtype);
    const start: KExpr = { k: "lit", value: reducePrims[eqn.prim].identity(dtype), cls: classOf(acc) };
    return this.groups(eqn.inputs[0].aval.shape, eqn.params.axes).map((group) => {
      let a: KExpr = start;
      for (const k of group) a = this.bind(step(a, acc === dtype ? x[k] : builder.convert(x[k], dtype, acc)), out);
      return this.bind(finish(a), out);
    });
  }

  /**
   * argmax/argmin as the interpreter's kernel: the first extreme value wins, and the first
   * NaN wins over everything (once the best is NaN nothing replaces it).
   */
  private argReduce(eqn: Extract<AnyEqn, { prim: "argmax" | "argmin" }>, out: KStmt[]): KExpr[] {
    const x = this.read(eqn.inputs[0]);
    const dtype = eqn.inputs[0].aval.dtype;
    const ops = builder[classOf(dtype)] as FloatOps<KExpr>;
    const better = eqn.prim === "argmax" ? ops.gt : ops.lt;
    return this.groups(eqn.inputs[0].aval.shape, eqn.params.axes).map((group) => {
      let best = x[group[0]];
      let at: KExpr = { k: "lit", value: 0, cls: "int" };
      group.slice(1).forEach((k, j) => {
        const v = x[k];
        const take = this.bind(builder.bool.and(ops.eq(best, best), builder.bool.or(ops.ne(v, v), better(v, best))), out);
        best = this.bind(builder.selectN(take, [best, v], "bool"), out);
        at = this.bind(builder.selectN(take, [at, { k: "lit", value: j + 1, cls: "int" }], "bool"), out);
      });
      return at;
    });
  }

  /**
   * `cond` as a select: every branch is computed and each result element picks its
   * branch's value. Branches are pure (effects have no kernel form) and hold no `while`
   * (refused below: the branch not taken might not terminate), so computing the branch
   * not taken changes no result.
   */
  private cond(eqn: Extract<AnyEqn, { prim: "cond" }>, out: KStmt[]): void {
    const [index, ...operands] = eqn.inputs;
    let which = this.read(index)[0];
    let whichDtype: DType = index.aval.dtype;
    if (which.k === "convert" && which.from === "bool") {
      which = which.arg;
      whichDtype = "bool";
    }
    const args = operands.map((a) => this.read(a));
    if (eqn.params.branches.some(hasWhile)) throw new Unsupported("a while loop inside a cond");
    const results = eqn.params.branches.map((branch) => this.lower(branch, args, out));
    eqn.outs.forEach((v, i) => {
      const cls = classOf(v.aval.dtype);
      this.set(
        v,
        results[0][i].map((_, j) => this.bind({ k: "select", which, whichDtype, cases: results.map((r) => r[i][j]), cls }, out)),
      );
    });
  }

  /** Locals holding the carries of a loop, set to their initial values. */
  private carries(inits: readonly Atom[], outs: readonly Var[], out: KStmt[]): (KExpr & { k: "local" })[][] {
    return inits.map((a, i) =>
      this.read(a).map((init) => {
        const l = this.local(classOf(outs[i].aval.dtype));
        out.push({ k: "let", id: l.id, e: init });
        return l;
      }),
    );
  }

  private whileLoop(eqn: Extract<AnyEqn, { prim: "while" }>, out: KStmt[]): void {
    const p = eqn.params;
    const condConsts = eqn.inputs.slice(0, p.cond_nconsts).map((a) => this.read(a));
    const bodyConsts = eqn.inputs.slice(p.cond_nconsts, p.cond_nconsts + p.body_nconsts).map((a) => this.read(a));
    const carryLocals = this.carries(eqn.inputs.slice(p.cond_nconsts + p.body_nconsts), eqn.outs, out);
    const test: KStmt[] = [];
    const [[pred]] = this.lower(p.cond_jaxpr, [...condConsts, ...carryLocals], test);
    const body: KStmt[] = [];
    const next = this.lower(p.body_jaxpr, [...bodyConsts, ...carryLocals], body).flat();
    out.push({ k: "while", carries: carryLocals.flat().map((l) => l.id), test, pred, body, next });
    eqn.outs.forEach((v, i) => this.set(v, carryLocals[i]));
  }

  /** A `scan` with carries only (no scanned inputs or outputs): a counted loop. */
  private scan(eqn: Extract<AnyEqn, { prim: "scan" }>, out: KStmt[]): void {
    const p = eqn.params;
    const nx = eqn.inputs.length - p.num_consts - p.num_carry;
    if (nx !== 0 || eqn.outs.length !== p.num_carry) throw new Unsupported("a scan over arrays inside the example");
    const consts = eqn.inputs.slice(0, p.num_consts).map((a) => this.read(a));
    const carryLocals = this.carries(eqn.inputs.slice(p.num_consts), eqn.outs, out);
    const body: KStmt[] = [];
    const results = this.lower(p.jaxpr, [...consts, ...carryLocals], body);
    if (p.length > 0) out.push({ k: "loop", count: p.length, carries: carryLocals.flat().map((l) => l.id), body, next: results.flat() });
    eqn.outs.forEach((v, i) => this.set(v, carryLocals[i]));
  }
}

function hasWhile(jaxpr: Jaxpr): boolean {
  return jaxpr.eqns.some((e) => e.prim === "while" || subJaxprsOf(e).some((s) => hasWhile(s.jaxpr)));
}

/**
 * The kernel for `body` run once per example, with `inputs` describing its invars in order;
 * a string says why there is none.
 */
export function batchKernelOf(body: Jaxpr, inputs: readonly KernelInput[]): BatchKernel | string {
  const b = new Builder();
  const stmts: KStmt[] = [];
  try {
    const args = inputs.map((input, slot) =>
      Array.from({ length: input.size }, (_, index): KExpr => ({ k: "in", slot, index, cls: classOf(input.dtype) })),
    );
    const outs = b.lower(body, args, stmts);
    return {
      inputs,
      locals: b.locals,
      body: stmts,
      outputs: outs.map((elements, i) => ({ dtype: body.outs[i].aval.dtype as DType, elements })),
    };
  } catch (e) {
    if (e instanceof Unsupported) return e.reason;
    throw e;
  }
}

/** One reduction of a row-reduction kernel: output `of` of the element body, reduced by `prim` into `dtype`. */
export interface RowReduction {
  readonly prim: ReducePrim;
  readonly dtype: DType;
  readonly of: number;
}

/**
 * The kernel of a fused loop whose reductions all run over the `length` trailing elements
 * of each example (its row): `element` computes one element's values from its invars —
 * for a `rows` input the row's element at the loop's counter, otherwise the example's (or
 * every example's) one value, loaded once before the loop — and each reduction
 * accumulates one of its outputs along the row as the interpreter's kernel does: from the
 * identity, element after element, in the accumulator dtype, finished once. Each of
 * `stored` is an output of `element` kept for later: a `rows` output of the row's length,
 * stored element by element in the loop.
 */
export function rowReductionKernelOf(
  element: Jaxpr,
  inputs: readonly KernelInput[],
  length: number,
  reductions: readonly RowReduction[],
  stored: readonly { readonly of: number; readonly dtype: DType }[] = [],
): BatchKernel | string {
  const b = new Builder();
  const stmts: KStmt[] = [];
  try {
    const counter = b.local("int");
    const args = inputs.map((input, slot): KExpr[] => {
      const cls = classOf(input.dtype);
      if (input.size === length && (input.rows || !input.mapped)) return [{ k: "in", slot, index: 0, counter: counter.id, cls }];
      if (input.size !== 1) throw new InternalError("internal: a row-reduction input is neither a row nor one value");
      const l = b.local(cls);
      stmts.push({ k: "let", id: l.id, e: { k: "in", slot, index: 0, cls } });
      return [l];
    });
    const accumulators = reductions.map((r) => {
      const cls = classOf(accumulatorDType(r.prim, r.dtype));
      const l = b.local(cls);
      stmts.push({ k: "let", id: l.id, e: { k: "lit", value: reducePrims[r.prim].identity(r.dtype), cls } });
      return l;
    });
    const body: KStmt[] = [];
    const values = b.lower(element, args, body);
    stored.forEach((v, i) => body.push({ k: "store", output: reductions.length + i, index: 0, counter: counter.id, e: values[v.of][0] }));
    const next = reductions.map((r, i) => {
      const acc = accumulatorDType(r.prim, r.dtype);
      const x = values[r.of][0];
      return reduceStep(builder, r.prim, r.dtype)(accumulators[i], acc === r.dtype ? x : builder.convert(x, r.dtype, acc));
    });
    stmts.push({ k: "loop", count: length, counter: counter.id, carries: accumulators.map((a) => a.id), body, next });
    return {
      inputs,
      locals: b.locals,
      body: stmts,
      outputs: [
        ...reductions.map((r, i) => ({ dtype: r.dtype, elements: [b.bind(reduceFinish(builder, r.prim, r.dtype)(accumulators[i]), stmts)] })),
        ...stored.map((v) => ({ dtype: v.dtype, elements: [] as const, rows: length })),
      ],
    };
  } catch (e) {
    if (e instanceof Unsupported) return e.reason;
    throw e;
  }
}
