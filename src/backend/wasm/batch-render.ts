/**
 * The WebAssembly renderer of a `BatchKernel`: lanes are examples. Two examples share an
 * f64x2 vector, and `UNROLL` vectors are in flight (their statements interleaved), so a
 * chain of dependent divisions and square roots of one example overlaps with the others'.
 *
 * Inputs are copied into linear memory transposed — element j of every example contiguous
 * — so one `v128.load` reads element j of two examples; the example count is padded to
 * whole groups by repeating the last example (padding lanes compute and are never copied
 * out).
 *
 * Values that do not depend on the example (loop counters, constants, shared inputs) stay
 * scalars (`f64`, or `i32` for ints and bools); per-example floats are f64x2 (float32 as
 * doubles rounded after every operation, as the scalar definitions say), per-example bools
 * 64-bit lane masks, per-example ints i32x4 with the two examples in lanes 0 and 1.
 *
 * Bits: + − × ÷ sqrt min max abs neg floor ceil nearest, compares and selects are IEEE
 * operations with the same result in JS and Wasm. exp and log run on the lanes by the
 * engine's own algorithms, where a probe shows Math.exp and Math.log are those (`exp.ts`,
 * `log.ts`). Everything else (sin, pow, fmod, round-half-away …, and exp or log where the
 * probe disagrees) calls the
 * very function the interpreter calls (`Math.*` or its helper), one lane at a time, so
 * those results are the interpreter's too — but each call is a round trip to JavaScript,
 * so such kernels are slower than the JS loop (counted in `laneCalls`; `auto` does not
 * use them).
 */
import { InternalError } from "../../core/errors";
import { ieeePow, intDiv, intRem, roundHalfAway } from "../../core/scalar/numeric";
import type { ScalarClass } from "../../core/scalar/ops";
import type { BatchKernel, KExpr, KOp, KStmt } from "../../kernel/ir";
import { type FunctionBuilder, type Local, ModuleBuilder, type ValType, WasmLimitError } from "./encoder";
import { memoryImport } from "./runtime";
import { engineExp } from "./exp";
import { engineLog, laneByLane } from "./log";
import type { LaneFunction } from "./lane-probe";
import type { OpName } from "./opcodes";

/**
 * Vectors in flight per iteration: 3 (six examples per group). On this AMD EPYC the
 * vmapped 20-step descent over 10⁶ points took 124 ms with 2 and 115 with 3 (4: 117), a
 * vmapped while loop over 10⁵ 108 → 79 ms; elementwise and row kernels unchanged (scratch
 * runs, one thread, medians of 9–21).
 */
const UNROLL = 3;
const LANES = 2;
/** Examples per iteration. */
export const GROUP = UNROLL * LANES;

class NoLaneForm extends Error {}

/** Scalar functions the kernel imports, by name: what the interpreter computes them with. */
export const IMPORTS = {
  cbrt: Math.cbrt, exp: Math.exp, log: Math.log, log1p: Math.log1p, expm1: Math.expm1, sin: Math.sin, cos: Math.cos, tan: Math.tan,
  asin: Math.asin, acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh,
  acosh: Math.acosh, atanh: Math.atanh, roundAway: roundHalfAway, pow: ieeePow, atan2: Math.atan2, rem: (a: number, b: number) => a % b,
  intDiv, intRem,
} as const;
type ImportName = keyof typeof IMPORTS;
const BINARY_IMPORTS = new Set<ImportName>(["pow", "atan2", "rem", "intDiv", "intRem"]);

/**
 * How a value is held: a scalar (`f64`, `i32`), or a vector with one lane per example:
 * `vec` f64x2, `mask` all-ones/zero 64-bit lanes, `ivec` i32x4 whose lanes 0 and 1 are the
 * two examples (lanes 2 and 3 are don't-care), so converting to and from f64x2 is one
 * instruction.
 */
type Rep = "f64" | "i32" | "vec" | "mask" | "ivec";

/** i32x4 lanes 0 and 2 of a 64-bit mask, into lanes 0 and 1 (the ivec layout). */
const NARROW = [0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11];

/** Whether `e` is the same for every example, given which locals are. */
function exprUniform(e: KExpr, k: BatchKernel, uniform: readonly boolean[]): boolean {
  switch (e.k) {
    case "lit":
      return true;
    case "in":
      return !k.inputs[e.slot].mapped;
    case "local":
      return uniform[e.id];
    case "op":
      return e.args.every((a) => exprUniform(a, k, uniform));
    case "convert":
      return exprUniform(e.arg, k, uniform);
    case "select":
      return exprUniform(e.which, k, uniform) && e.cases.every((c) => exprUniform(c, k, uniform));
  }
}

/** Which locals are the same for every example (a loop carry is not if any update is not). */
function uniformity(k: BatchKernel): boolean[] {
  const uniform = k.locals.map(() => true);
  const of = (e: KExpr) => exprUniform(e, k, uniform);
  let changed = true;
  const visit = (stmts: readonly KStmt[]) => {
    for (const s of stmts) {
      if (s.k === "let") {
        if (uniform[s.id] && !of(s.e)) (uniform[s.id] = false), (changed = true);
      } else if (s.k !== "store") {
        if (s.k === "while") visit(s.test);
        visit(s.body);
        // Under a per-example predicate, lanes stop at different iterations: every carry differs.
        const diverges = s.k === "while" && !of(s.pred);
        s.carries.forEach((c, i) => {
          if (uniform[c] && (diverges || !of(s.next[i]))) (uniform[c] = false), (changed = true);
        });
      }
    }
  };
  while (changed) {
    changed = false;
    visit(k.body);
  }
  return uniform;
}

const scalarRep = (cls: ScalarClass): Rep => (cls === "float" ? "f64" : "i32");
const laneRep = (cls: ScalarClass): Rep => (cls === "float" ? "vec" : cls === "int" ? "ivec" : "mask");

const F64_BINARY: Partial<Record<string, OpName>> = { add: "f64.add", sub: "f64.sub", mul: "f64.mul", div: "f64.div", max: "f64.max", min: "f64.min" };
const VEC_BINARY: Partial<Record<string, OpName>> = { add: "f64x2.add", sub: "f64x2.sub", mul: "f64x2.mul", div: "f64x2.div", max: "f64x2.max", min: "f64x2.min" };
const F64_UNARY: Partial<Record<string, OpName>> = { neg: "f64.neg", abs: "f64.abs", sqrt: "f64.sqrt", floor: "f64.floor", ceil: "f64.ceil", roundEven: "f64.nearest" };
const VEC_UNARY: Partial<Record<string, OpName>> = { neg: "f64x2.neg", abs: "f64x2.abs", sqrt: "f64x2.sqrt", floor: "f64x2.floor", ceil: "f64x2.ceil", roundEven: "f64x2.nearest" };
const F64_COMPARE: Partial<Record<string, OpName>> = { eq: "f64.eq", ne: "f64.ne", lt: "f64.lt", le: "f64.le", gt: "f64.gt", ge: "f64.ge" };
const VEC_COMPARE: Partial<Record<string, OpName>> = { eq: "f64x2.eq", ne: "f64x2.ne", lt: "f64x2.lt", le: "f64x2.le", gt: "f64x2.gt", ge: "f64x2.ge" };
const I32_BINARY: Partial<Record<string, OpName>> = { add: "i32.add", sub: "i32.sub", mul: "i32.mul", and: "i32.and", or: "i32.or", xor: "i32.xor" };
const I32_COMPARE: Partial<Record<string, OpName>> = { eq: "i32.eq", ne: "i32.ne", lt: "i32.lt_s", le: "i32.le_s", gt: "i32.gt_s", ge: "i32.ge_s" };
const MASK_BINARY: Partial<Record<string, OpName>> = { and: "v128.and", or: "v128.or", xor: "v128.xor", max: "v128.or", min: "v128.and", ne: "v128.xor" };
const IVEC_BINARY: Partial<Record<string, OpName>> = { add: "i32x4.add", sub: "i32x4.sub", mul: "i32x4.mul", and: "v128.and", or: "v128.or", xor: "v128.xor", max: "i32x4.max_s", min: "i32x4.min_s" };
const IVEC_UNARY: Partial<Record<string, OpName>> = { neg: "i32x4.neg", abs: "i32x4.abs", not: "v128.not" };
/** Compares giving 32-bit lane masks (widened to the 64-bit `mask` layout after). */
const IVEC_COMPARE: Partial<Record<string, OpName>> = { eq: "i32x4.eq", ne: "i32x4.ne", lt: "i32x4.lt_s", le: "i32x4.le_s", gt: "i32x4.gt_s", ge: "i32x4.ge_s" };

/** Renders the kernel as `run(groups, stride, in0, …, out0, …)`. */
class Renderer {
  readonly mb = new ModuleBuilder();
  readonly f: FunctionBuilder;
  private readonly uniform: boolean[];
  /** Per kernel local: one Wasm local if uniform, else one per vector in flight. */
  private readonly wlocals: Local[][];
  private readonly inBase: Local[];
  private readonly outBase: Local[];
  private readonly stride: Local;
  /** Byte offset of vector u's examples in every mapped region. */
  private readonly lane: Local[];
  private readonly imported = new Set<ImportName>();
  /** Imported functions called one lane at a time (each a round trip to JavaScript). */
  laneCalls = 0;
  /**
   * Functions computed on lanes where they are this engine's own (exp: `exp.ts`; log:
   * `log.ts`, whose special lanes call Math.log one at a time); their constants are set at
   * the function's start.
   */
  private readonly onLanes = new Map<string, { fn: LaneFunction; arg: Local }>();

  constructor(
    private readonly k: BatchKernel,
    memory: { maxPages: number } | null,
  ) {
    this.uniform = uniformity(k);
    this.mb.importMemory("env", "memory", 1, memory);
    const used = new Set<ImportName>();
    const scan = (e: KExpr): void => {
      if (e.k === "op") {
        const name = importOf(e.op);
        if (name) used.add(name);
        e.args.forEach(scan);
      } else if (e.k === "convert") scan(e.arg);
      else if (e.k === "select") {
        scan(e.which);
        e.cases.forEach(scan);
      }
    };
    const visit = (stmts: readonly KStmt[]): void =>
      stmts.forEach((st) => {
        if (st.k === "let" || st.k === "store") scan(st.e);
        else {
          if (st.k === "while") {
            visit(st.test);
            scan(st.pred);
          }
          visit(st.body);
          st.next.forEach(scan);
        }
      });
    visit(k.body);
    k.outputs.forEach((o) => o.elements.forEach(scan));
    for (const name of used) {
      const int = name === "intDiv" || name === "intRem";
      const t: ValType = int ? "i32" : "f64";
      this.mb.importFunction("math", name, name, { params: BINARY_IMPORTS.has(name) ? [t, t] : [t], results: [t] });
      this.imported.add(name);
    }
    const params: [string, ValType][] = [["groups", "i32"], ["stride", "i32"]];
    k.inputs.forEach((_, i) => params.push([`in${i}`, "i32"]));
    k.outputs.forEach((_, i) => params.push([`out${i}`, "i32"]));
    this.f = this.mb.function("run", params, [], "run");
    const p = this.f.params;
    this.stride = p[1];
    this.inBase = k.inputs.map((_, i) => p[2 + i]);
    this.outBase = k.outputs.map((_, i) => p[2 + k.inputs.length + i]);
    this.lane = Array.from({ length: UNROLL }, (_, u) => this.f.local("i32", `lane${u}`));
    this.wlocals = k.locals.map((cls, id) =>
      this.uniform[id] ? [this.f.local(scalarRep(cls) as ValType, `u${id}`)] : Array.from({ length: UNROLL }, (_, u) => this.f.local("v128", `v${id}_${u}`)),
    );
    const expLanes = used.has("exp") ? engineExp(this.f) : null;
    if (expLanes) this.onLanes.set("exp", { fn: expLanes, arg: this.f.local("v128", "expArg") });
    const logLanes = used.has("log") ? engineLog(this.f, laneByLane(this.f, "log")) : null;
    if (logLanes) this.onLanes.set("log", { fn: logLanes, arg: this.f.local("v128", "logArg") });
  }

  render(): ModuleBuilder {
    const f = this.f;
    const g = f.local("i32", "g");
    f.forRange(g, 0, () => f.get(f.params[0]), 1, () => {
      this.lane.forEach((l, u) => f.get(g).i32(GROUP * 8).op("i32.mul").i32(u * LANES * 8).op("i32.add").set(l));
      this.stmts(this.k.body);
      this.k.outputs.forEach((o, oi) =>
        o.elements.forEach((e, j) => {
          for (let u = 0; u < UNROLL; u++) {
            f.get(this.outBase[oi]).get(this.stride).i32(j).op("i32.mul").op("i32.add").get(this.lane[u]).op("i32.add");
            this.value(e, "vec", u);
            f.mem("v128.store");
          }
        }),
      );
    });
    return this.mb;
  }

  private repOf(e: KExpr): Rep {
    return this.isUniform(e) ? scalarRep(e.cls) : laneRep(e.cls);
  }

  private isUniform(e: KExpr): boolean {
    return exprUniform(e, this.k, this.uniform);
  }

  private stmts(stmts: readonly KStmt[]): void {
    for (const s of stmts) {
      if (s.k === "let") this.assign(s.id, s.e);
      else if (s.k === "loop") this.loop(s);
      else if (s.k === "while") this.whileLoop(s);
      else this.store(s);
    }
  }

  /** Element index (+ counter) of each example's row of a `rows` output: two scalar stores per vector. */
  private store(s: Extract<KStmt, { k: "store" }>): void {
    const f = this.f;
    const size = this.k.outputs[s.output].rows!;
    const at = f.local("i32", "at");
    const v = f.local("v128", "sv");
    for (let u = 0; u < UNROLL; u++) {
      this.value(s.e, "vec", u);
      f.set(v);
      // lane[u] is 8 × the first example's number, so × size is its row's byte offset.
      f.get(this.outBase[s.output]).get(this.lane[u]).i32(size).op("i32.mul").op("i32.add");
      if (s.counter !== undefined) f.get(this.wlocals[s.counter][0]).i32(8).op("i32.mul").op("i32.add");
      f.tee(at).get(v).op("f64x2.extract_lane", 0).mem("f64.store", s.index * 8);
      f.get(at).get(v).op("f64x2.extract_lane", 1).mem("f64.store", (s.index + size) * 8);
    }
  }

  /** Sets kernel local `id` to `e` in every copy it has. */
  private assign(id: number, e: KExpr): void {
    const targets = this.wlocals[id];
    const rep: Rep = this.uniform[id] ? scalarRep(this.k.locals[id]) : laneRep(this.k.locals[id]);
    targets.forEach((t, u) => {
      this.value(e, rep, u);
      this.f.set(t);
    });
  }

  private loop(s: Extract<KStmt, { k: "loop" }>): void {
    const f = this.f;
    // The counter is a uniform local, so a scalar i32: the loop's own variable.
    const i = s.counter === undefined ? f.local("i32", "i") : this.wlocals[s.counter][0];
    f.forRange(i, 0, () => f.i32(s.count), 1, () => {
      this.stmts(s.body);
      this.update(s.carries, s.next, null);
    });
  }

  /**
   * Gives the carries their next values at once (computed into temporaries first); with
   * `active` masks, only in the lanes still running.
   */
  private update(carries: readonly number[], next: readonly KExpr[], active: readonly Local[] | null): void {
    const f = this.f;
    const temps = carries.map((c, ci) => {
      const rep: Rep = this.uniform[c] ? scalarRep(this.k.locals[c]) : laneRep(this.k.locals[c]);
      return this.wlocals[c].map((_, u) => {
        this.value(next[ci], rep, u);
        const t = f.local(rep === "f64" ? "f64" : rep === "i32" ? "i32" : "v128", "n");
        f.set(t);
        return t;
      });
    });
    carries.forEach((c, ci) =>
      this.wlocals[c].forEach((w, u) => {
        if (active && !this.uniform[c]) {
          f.get(temps[ci][u]).get(w).get(active[u]);
          if (this.k.locals[c] === "int") this.narrowMask();
          f.op("v128.bitselect").set(w);
        } else f.get(temps[ci][u]).set(w);
      }),
    );
  }

  /**
   * `block { loop { test; exit if no lane runs; body; carries = next where running; repeat } }`.
   * A lane whose predicate fails keeps its carries, so its predicate stays false.
   */
  private whileLoop(s: Extract<KStmt, { k: "while" }>): void {
    const f = this.f;
    const perLane = !this.isUniform(s.pred);
    f.block(() =>
      f.loop(() => {
        this.stmts(s.test);
        let active: Local[] | null = null;
        if (perLane) {
          active = this.lane.map((_, u) => {
            const m = f.local("v128", "run");
            this.value(s.pred, "mask", u);
            f.set(m);
            return m;
          });
          active.forEach((m, u) => {
            f.get(m);
            if (u > 0) f.op("v128.or");
          });
          f.op("v128.any_true");
        } else this.expr(s.pred, 0);
        f.op("i32.eqz").brIf(1);
        this.stmts(s.body);
        this.update(s.carries, s.next, active);
        f.br(0);
      }),
    );
  }

  /** Pushes `e` held as `want` (for copy `u`). */
  private value(e: KExpr, want: Rep, u: number): void {
    const have = this.repOf(e);
    this.expr(e, u);
    this.convertRep(have, want, e.cls);
  }

  private convertRep(have: Rep, want: Rep, cls: ScalarClass): void {
    const f = this.f;
    if (have === want) return;
    if (have === "f64" && want === "vec") f.op("f64x2.splat");
    else if (have === "i32" && want === "mask") this.splatMask();
    else if (have === "i32" && want === "vec") f.op("f64.convert_i32_s").op("f64x2.splat");
    else if (have === "mask" && want === "vec") this.maskToFloat();
    else if (have === "i32" && want === "f64") f.op("f64.convert_i32_s");
    else if (have === "i32" && want === "ivec") f.op("i32x4.splat");
    else if (have === "ivec" && want === "vec") f.op("f64x2.convert_low_i32x4_s");
    else if (have === "mask" && want === "ivec") this.maskToInt();
    else throw new NoLaneForm(`a ${cls} value as ${want}`);
  }

  /** An i32 0/1 on the stack → a mask of all lanes (0 - b is 0 or all ones). */
  private splatMask(): void {
    const t = this.f.local("i32", "b");
    this.f.set(t).i32(0).get(t).op("i32.sub").op("i32x4.splat");
  }

  /** A 64-bit mask on the stack → 1 / 0 in the ivec layout. */
  private maskToInt(): void {
    const m = this.f.local("v128", "mk");
    this.f.set(m).get(m).get(m).op("i8x16.shuffle", NARROW).i32(1).op("i32x4.splat").op("v128.and");
  }

  /** A 64-bit mask on the stack → its 32-bit form in the ivec layout (for selecting ints). */
  private narrowMask(): void {
    const m = this.f.local("v128", "mk");
    this.f.set(m).get(m).get(m).op("i8x16.shuffle", NARROW);
  }

  /** A mask on the stack → 1.0 / 0.0 per lane. */
  private maskToFloat(): void {
    const m = this.f.local("v128", "mk");
    this.f.set(m).f64(1).op("f64x2.splat").f64(0).op("f64x2.splat").get(m).op("v128.bitselect");
  }

  /** Pushes `e` in its own representation (`repOf`). */
  private expr(e: KExpr, u: number): void {
    const f = this.f;
    const rep = this.repOf(e);
    switch (e.k) {
      case "lit":
        if (rep === "f64") f.f64(e.value);
        else f.i32(e.value);
        return;
      case "in": {
        const input = this.k.inputs[e.slot];
        const counter = e.counter === undefined ? null : this.wlocals[e.counter][0];
        if (input.mapped) {
          if (input.rows) this.rowLoad(e.slot, input.size, e.index, counter, u);
          else {
            f.get(this.inBase[e.slot]).get(this.stride).i32(e.index);
            if (counter) f.get(counter).op("i32.add");
            f.op("i32.mul").op("i32.add").get(this.lane[u]).op("i32.add").mem("v128.load");
          }
          // Stored as doubles (ints exactly): floats load as they are, bools as x ≠ 0, ints truncate.
          if (rep === "mask") this.withZeroVec("f64x2.ne");
          else if (rep === "ivec") f.op("i32x4.trunc_sat_f64x2_s_zero");
          return;
        }
        // Shared inputs are stored as doubles: ints convert exactly, bools are x ≠ 0.
        f.get(this.inBase[e.slot]);
        if (counter) f.get(counter).i32(8).op("i32.mul").op("i32.add");
        f.mem("f64.load", e.index * 8);
        if (e.cls === "int") f.op("i32.trunc_sat_f64_s");
        else if (e.cls === "bool") f.f64(0).op("f64.ne");
        return;
      }
      case "local":
        f.get(this.wlocals[e.id][this.uniform[e.id] ? 0 : u]);
        return;
      case "convert":
        return this.convert(e, rep, u);
      case "select":
        return this.select(e, rep, u);
      case "op":
        return this.op(e, rep, u);
    }
  }

  /**
   * Element `index` (+ `counter`) of the two examples of vector `u` from an input stored by
   * rows (`size` elements per example): two scalar loads into one vector.
   */
  private rowLoad(slot: number, size: number, index: number, counter: Local | null, u: number): void {
    const f = this.f;
    const at = f.local("i32", "row");
    // lane[u] is 8 × the first example's number, so × size is its row's byte offset.
    f.get(this.inBase[slot]).get(this.lane[u]).i32(size).op("i32.mul").op("i32.add");
    if (counter) f.get(counter).i32(8).op("i32.mul").op("i32.add");
    f.tee(at).mem("f64.load", index * 8).op("f64x2.splat");
    f.get(at).mem("f64.load", (index + size) * 8).op("f64x2.replace_lane", 1);
  }

  private convert(e: Extract<KExpr, { k: "convert" }>, rep: Rep, u: number): void {
    const f = this.f;
    const { from, to, arg } = e;
    const argRep = this.repOf(arg);
    this.expr(arg, u);
    if (to === "bool") {
      if (from === "bool") return;
      if (argRep === "f64") f.f64(0).op("f64.ne");
      else if (argRep === "vec") this.withZeroVec("f64x2.ne");
      else if (argRep === "i32") f.i32(0).op("i32.ne");
      else f.i32(0).op("i32x4.splat").op("i32x4.ne").op("i64x2.extend_low_i32x4_s");
      return;
    }
    if (to === "int32") {
      if (from === "int32") return;
      if (argRep === "mask") this.maskToInt();
      else if (argRep === "f64") f.op("i32.trunc_sat_f64_s");
      else if (argRep === "vec") f.op("i32x4.trunc_sat_f64x2_s_zero");
      return;
    }
    // to float32 / float64
    if (argRep === "i32") f.op("f64.convert_i32_s");
    else if (argRep === "mask") this.maskToFloat();
    else if (argRep === "ivec") f.op("f64x2.convert_low_i32x4_s");
    if (to === "float32" && from !== "float32" && from !== "bool") this.round32(rep);
  }

  private withZeroVec(cmp: OpName): void {
    this.f.f64(0).op("f64x2.splat").op(cmp);
  }

  private round32(rep: Rep): void {
    if (rep === "vec") this.f.op("f32x4.demote_f64x2_zero").op("f64x2.promote_low_f32x4");
    else this.f.op("f32.demote_f64").op("f64.promote_f32");
  }

  private select(e: Extract<KExpr, { k: "select" }>, rep: Rep, u: number): void {
    const f = this.f;
    const whichRep = this.repOf(e.which);
    const lanes = rep === "vec" || rep === "mask" || rep === "ivec";
    if (whichRep === "vec") throw new NoLaneForm("a float selector");
    if (e.cases.length === 2 && (e.whichDtype === "bool" || whichRep === "mask")) {
      this.value(e.cases[1], rep, u);
      this.value(e.cases[0], rep, u);
      if (lanes) {
        this.value(e.which, "mask", u);
        if (rep === "ivec") this.narrowMask();
        f.op("v128.bitselect");
      } else {
        this.expr(e.which, u);
        f.op("select");
      }
      return;
    }
    // Clamped as the interpreter clamps: which < 1 → case 0, …, from the last index up → the last case.
    const which = f.local(whichRep === "i32" ? "i32" : "v128", "w");
    this.expr(e.which, u);
    f.set(which);
    this.value(e.cases[e.cases.length - 1], rep, u);
    for (let i = e.cases.length - 2; i >= 0; i--) {
      const rest = f.local(rep === "f64" ? "f64" : rep === "i32" ? "i32" : "v128", "r");
      f.set(rest);
      this.value(e.cases[i], rep, u);
      f.get(rest);
      if (whichRep === "i32") {
        f.get(which).i32(i + 1).op("i32.lt_s").op("select");
        continue;
      }
      // A per-example index: lane masks of which < i + 1 (32-bit; widened for 64-bit lanes).
      f.get(which).i32(i + 1).op("i32x4.splat").op("i32x4.lt_s");
      if (rep !== "ivec") f.op("i64x2.extend_low_i32x4_s");
      f.op("v128.bitselect");
    }
  }

  private op(e: Extract<KExpr, { k: "op" }>, rep: Rep, u: number): void {
    const f = this.f;
    const { cls, name } = e.op;
    const argRep: Rep = e.args.every((a) => this.isUniform(a)) ? scalarRep(cls) : laneRep(cls);
    const args = () => e.args.forEach((a) => this.value(a, argRep, u));
    const direct = (table: Partial<Record<string, OpName>>) => {
      const o = table[name];
      if (!o) return false;
      args();
      f.op(o);
      return true;
    };
    if (cls === "float") {
      if (argRep === "f64" ? direct(F64_BINARY) || direct(F64_UNARY) || direct(F64_COMPARE) : direct(VEC_BINARY) || direct(VEC_UNARY) || direct(VEC_COMPARE)) return;
      switch (name) {
        case "round32":
          args();
          return this.round32(argRep);
        case "isFinite": {
          // x - x is 0 exactly for finite x, NaN for ±∞ and NaN.
          const t = f.local(argRep === "f64" ? "f64" : "v128", "x");
          args();
          f.tee(t).get(t);
          if (argRep === "f64") f.op("f64.sub").f64(0).op("f64.eq");
          else f.op("f64x2.sub").f64(0).op("f64x2.splat").op("f64x2.eq");
          return;
        }
        case "sign":
          return this.sign(e, argRep, u);
        default: {
          const lanes = argRep === "vec" ? this.onLanes.get(name) : undefined;
          if (!lanes) return this.importCall(importOrRefuse(e.op), e, argRep, u);
          args();
          f.set(lanes.arg);
          return lanes.fn.push(lanes.arg);
        }
      }
    }
    if (cls === "int" && argRep === "ivec") {
      if (direct(IVEC_BINARY) || direct(IVEC_UNARY)) return;
      if (direct(IVEC_COMPARE)) {
        f.op("i64x2.extend_low_i32x4_s");
        return;
      }
      if (name === "sign") {
        // (a < 0) − (a > 0) on lane masks: −1 − 0 below zero, 0 − (−1) above.
        const a = f.local("v128", "a");
        args();
        f.set(a).get(a).i32(0).op("i32x4.splat").op("i32x4.lt_s").get(a).i32(0).op("i32x4.splat").op("i32x4.gt_s").op("i32x4.sub");
        return;
      }
      return this.importCall(importOrRefuse(e.op), e, "ivec", u);
    }
    if (cls === "int") {
      if (direct(I32_BINARY) || direct(I32_COMPARE)) return;
      const [a, b] = [f.local("i32", "a"), f.local("i32", "b")];
      const two = () => {
        this.expr(e.args[0], u);
        f.set(a);
        this.expr(e.args[1], u);
        f.set(b);
      };
      switch (name) {
        case "max":
        case "min":
          two();
          f.get(a).get(b).get(a).get(b).op(name === "max" ? "i32.gt_s" : "i32.lt_s").op("select");
          return;
        case "neg":
          f.i32(0);
          args();
          f.op("i32.sub");
          return;
        case "abs":
          // a < 0 ? 0 - a : a (wrapping: |INT_MIN| is INT_MIN, as `Math.abs(a) | 0`)
          args();
          f.set(a).i32(0).get(a).op("i32.sub").get(a).get(a).i32(0).op("i32.lt_s").op("select");
          return;
        case "sign":
          args();
          f.tee(a).i32(0).op("i32.gt_s").get(a).i32(0).op("i32.lt_s").op("i32.sub");
          return;
        case "not":
          args();
          f.i32(-1).op("i32.xor");
          return;
        default:
          return this.importCall(importOrRefuse(e.op), e, "i32", u);
      }
    }
    // bool
    if (argRep === "i32") {
      if (direct(I32_BINARY) || direct(I32_COMPARE)) return;
      if (name === "not") {
        args();
        f.op("i32.eqz");
        return;
      }
      if (name === "max" || name === "min") {
        args();
        f.op(name === "max" ? "i32.or" : "i32.and");
        return;
      }
      throw new NoLaneForm(`bool ${name}`);
    }
    if (direct(MASK_BINARY)) return;
    if (name === "not") {
      args();
      f.op("v128.not");
      return;
    }
    if (name === "eq") {
      args();
      f.op("v128.xor").op("v128.not");
      return;
    }
    throw new NoLaneForm(`per-example bool ${name}`);
  }

  /** Math.sign: 1 above 0, −1 below, x itself for ±0 and NaN. */
  private sign(e: Extract<KExpr, { k: "op" }>, argRep: Rep, u: number): void {
    const f = this.f;
    const vec = argRep === "vec";
    const x = f.local(vec ? "v128" : "f64", "x");
    this.value(e.args[0], argRep, u);
    f.set(x);
    const c = (v: number) => (vec ? f.f64(v).op("f64x2.splat") : f.f64(v));
    // select(1, select(-1, x, x < 0), x > 0)
    c(1);
    c(-1);
    f.get(x);
    f.get(x);
    c(0);
    if (vec) f.op("f64x2.lt").op("v128.bitselect");
    else f.op("f64.lt").op("select");
    f.get(x);
    c(0);
    if (vec) f.op("f64x2.gt").op("v128.bitselect");
    else f.op("f64.gt").op("select");
  }

  /** A call of the interpreter's own function, once per lane. */
  private importCall(name: ImportName, e: Extract<KExpr, { k: "op" }>, argRep: Rep, u: number): void {
    const f = this.f;
    if (!this.imported.has(name)) throw new InternalError(`internal: ${name} was not imported`);
    if (argRep !== "vec" && argRep !== "ivec") {
      e.args.forEach((a) => this.value(a, argRep, u));
      f.call(name);
      return;
    }
    const int = argRep === "ivec";
    const [extract, splat, replace] = int
      ? (["i32x4.extract_lane", "i32x4.splat", "i32x4.replace_lane"] as const)
      : (["f64x2.extract_lane", "f64x2.splat", "f64x2.replace_lane"] as const);
    const vs = e.args.map((a) => {
      const t = f.local("v128", "a");
      this.value(a, argRep, u);
      f.set(t);
      return t;
    });
    const r = f.local("v128", "r");
    this.laneCalls++;
    for (let lane = 0; lane < LANES; lane++) {
      vs.forEach((v) => f.get(v).op(extract, lane));
      f.call(name);
      if (lane === 0) f.op(splat).set(r);
      else {
        const s = f.local(int ? "i32" : "f64", "s");
        f.set(s).get(r).get(s).op(replace, lane).set(r);
      }
    }
    f.get(r);
  }
}

/** Float operations with an instruction (or a short sequence) of their own; the rest are imports. */
const FLOAT_NATIVE = new Set(["lit", "max", "min", "eq", "ne", "lt", "le", "gt", "ge", "neg", "abs", "sign", "add", "sub", "mul", "div", "floor", "ceil", "roundEven", "sqrt", "isFinite", "round32"]);

/** The imported function an operation calls, if it is one. */
function importOf(op: KOp): ImportName | null {
  if (op.cls === "float") return FLOAT_NATIVE.has(op.name) ? null : (op.name as ImportName);
  if (op.cls === "int") return op.name === "div" ? "intDiv" : op.name === "rem" ? "intRem" : null;
  return null;
}

function importOrRefuse(op: KOp): ImportName {
  const name = importOf(op);
  if (!name || !(name in IMPORTS)) throw new NoLaneForm(`${op.cls} ${op.name}`);
  return name;
}

/** The module of a kernel and how many lane-wise calls it makes, or the reason it has no WebAssembly form. */
export function batchModule(k: BatchKernel, memory: { maxPages: number } | null = memoryImport()): { module: ModuleBuilder; laneCalls: number } | string {
  try {
    const r = new Renderer(k, memory);
    return { module: r.render(), laneCalls: r.laneCalls };
  } catch (e) {
    if (e instanceof NoLaneForm || e instanceof WasmLimitError) return e.message;
    throw e;
  }
}

