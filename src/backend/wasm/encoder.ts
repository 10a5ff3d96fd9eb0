/**
 * A small WebAssembly encoder: functions are built instruction by instruction, and each
 * instruction is written twice from the one opcode table — as bytes for the engine and as
 * a line of text format (WAT) for `jit(f).lower()` and for tests, which assemble the text
 * with wabt and compare. Only what the renderers need: one imported memory, imported
 * functions, defined functions with locals and exports. No toolchain at run time.
 *
 * Nothing here takes user data into the module except numbers (sizes, constants), which
 * are encoded as immediates; the module's behaviour is fixed by the renderer.
 */
import { InternalError } from "../../core/errors";
import { type OpName, opInfo } from "./opcodes";

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(n: number, out: number[] = []): number[] {
  if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) throw new InternalError(`internal: uleb of ${n}`);
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of an int32. */
export function sleb(n: number, out: number[] = []): number[] {
  if (!(Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff)) throw new InternalError(`internal: sleb of ${n}`);
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const f64Scratch = new DataView(new ArrayBuffer(8));

function f64Bytes(v: number, out: number[]): void {
  f64Scratch.setFloat64(0, v, true);
  for (let i = 0; i < 8; i++) out.push(f64Scratch.getUint8(i));
}

/** A double as WAT reads it back exactly (shortest round-trip decimal; wabt parses it correctly rounded). */
function f64Text(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return Object.is(v, -0) ? "-0" : String(v);
}

/** Appends without spreading (a large body would overflow the argument stack). */
function append(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

function name(bytes: number[], s: string): void {
  const encoded = new TextEncoder().encode(s);
  uleb(encoded.length, bytes);
  append(bytes, encoded);
}

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

const sigKey = (s: Signature) => `${s.params.join(",")}->${s.results.join(",")}`;
const sigText = (s: Signature) =>
  `${s.params.length ? ` (param ${s.params.join(" ")})` : ""}${s.results.length ? ` (result ${s.results.join(" ")})` : ""}`;

/** A local (or parameter) of a function being built. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
  readonly name: string;
}

/** The most locals (parameters included) a function may declare: the JS API's limit, which V8 and SpiderMonkey enforce. */
export const MAX_LOCALS = 50000;

/** A function beyond an engine limit: the caller renders that kernel as JavaScript instead. */
export class WasmLimitError extends InternalError {}

/** Builds one function's body; every instruction goes to both the bytes and the text. */
export class FunctionBuilder {
  readonly params: readonly Local[];
  private readonly locals: Local[] = [];
  private readonly code: number[] = [];
  private readonly lines: string[] = [];
  private depth = 1;
  private names = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  constructor(
    readonly name: string,
    params: readonly (readonly [string, ValType])[],
    readonly results: readonly ValType[],
    private readonly funcIndex: (name: string) => number,
  ) {
    this.params = params.map(([n, type], index) => this.named({ index, type, name: n }));
  }

  get signature(): Signature {
    return { params: this.params.map((p) => p.type), results: this.results };
  }

  private named(l: Local): Local {
    // Each base name's next suffix, so that the n-th local named "t" costs O(1), not O(n).
    let n = l.name;
    let k = this.nextSuffix.get(l.name) ?? 1;
    while (this.names.has(n)) n = `${l.name}${k++}`;
    this.nextSuffix.set(l.name, k);
    this.names.add(n);
    return { ...l, name: n };
  }

  /** A new local of `type` (names are made unique); past the engines' limit, a {@link WasmLimitError}. */
  local(type: ValType, localName = "t"): Local {
    if (this.params.length + this.locals.length >= MAX_LOCALS) {
      throw new WasmLimitError(`${this.name} needs more than ${MAX_LOCALS} locals, WebAssembly engines' limit`);
    }
    const l = this.named({ index: this.params.length + this.locals.length, type, name: localName });
    this.locals.push(l);
    return l;
  }

  private line(text: string): void {
    this.lines.push(`${"  ".repeat(this.depth + 1)}${text}`);
  }

  /** An instruction without immediates, or with a lane index (sixteen for a shuffle). */
  op(opName: OpName, lane?: number | readonly number[]): this {
    const info = opInfo(opName);
    this.opcode(opName);
    if (info.imm === "shuffle") {
      if (!Array.isArray(lane) || lane.length !== 16) throw new InternalError(`internal: ${opName} needs 16 lanes`);
      for (const l of lane) this.code.push(l);
      this.line(`${opName} ${lane.join(" ")}`);
    } else if (info.imm === "lane") {
      if (typeof lane !== "number") throw new InternalError(`internal: ${opName} needs a lane`);
      this.code.push(lane);
      this.line(`${opName} ${lane}`);
    } else {
      if (info.imm !== "none") throw new InternalError(`internal: ${opName} takes an immediate`);
      this.line(opName);
    }
    return this;
  }

  private opcode(opName: OpName): void {
    const info = opInfo(opName);
    if (info.prefix !== undefined) {
      this.code.push(info.prefix);
      uleb(info.code, this.code);
    } else this.code.push(info.code);
  }

  get(l: Local): this {
    return this.withIndex("local.get", l);
  }
  set(l: Local): this {
    return this.withIndex("local.set", l);
  }
  tee(l: Local): this {
    return this.withIndex("local.tee", l);
  }
  private withIndex(opName: "local.get" | "local.set" | "local.tee", l: Local): this {
    this.opcode(opName);
    uleb(l.index, this.code);
    this.line(`${opName} $${l.name}`);
    return this;
  }

  i32(v: number): this {
    this.opcode("i32.const");
    sleb(v | 0, this.code);
    this.line(`i32.const ${v | 0}`);
    return this;
  }

  f64(v: number): this {
    this.opcode("f64.const");
    f64Bytes(v, this.code);
    this.line(`f64.const ${f64Text(v)}`);
    return this;
  }

  /** A load or store at natural alignment with a constant byte offset. */
  mem(opName: OpName, offset = 0): this {
    const info = opInfo(opName);
    if (info.imm !== "memarg" || info.align === undefined) throw new InternalError(`internal: ${opName} is not a memory access`);
    this.opcode(opName);
    uleb(info.align, this.code);
    uleb(offset, this.code);
    this.line(offset ? `${opName} offset=${offset}` : opName);
    return this;
  }

  call(fn: string): this {
    this.opcode("call");
    uleb(this.funcIndex(fn), this.code);
    this.line(`call $${fn}`);
    return this;
  }

  br(depth: number): this {
    return this.branch("br", depth);
  }
  brIf(depth: number): this {
    return this.branch("br_if", depth);
  }
  private branch(opName: "br" | "br_if", depth: number): this {
    this.opcode(opName);
    uleb(depth, this.code);
    this.line(`${opName} ${depth}`);
    return this;
  }

  private structured(opName: "block" | "loop" | "if", body: () => void, result?: ValType): void {
    this.opcode(opName);
    this.code.push(result ? VALTYPE[result] : 0x40);
    this.line(result ? `${opName} (result ${result})` : opName);
    this.depth++;
    body();
    this.depth--;
  }

  private end(): void {
    this.opcode("end");
    this.line("end");
  }

  block(body: () => void): this {
    this.structured("block", body);
    this.end();
    return this;
  }

  loop(body: () => void): this {
    this.structured("loop", body);
    this.end();
    return this;
  }

  /** `if … else … end` consuming an i32 condition from the stack. */
  ifElse(then: () => void, otherwise?: () => void, result?: ValType): this {
    this.structured("if", then, result);
    if (otherwise) {
      this.depth--;
      this.opcode("else");
      this.line("else");
      this.depth++;
      otherwise();
    }
    this.end();
    return this;
  }

  /**
   * A counted loop `for (i = from; i < to; i += step)` over an i32 local; `to` is pushed by
   * `bound`. The body sees the loop at branch depth 1 (0 is its own block).
   */
  forRange(i: Local, from: number | Local, bound: () => void, step: number, body: () => void): this {
    if (typeof from === "number") this.i32(from);
    else this.get(from);
    this.set(i);
    return this.block(() => {
      this.get(i);
      bound();
      this.op("i32.ge_s").brIf(0);
      this.loop(() => {
        body();
        this.get(i).i32(step).op("i32.add").tee(i);
        bound();
        this.op("i32.lt_s").brIf(0);
      });
    });
  }

  /** The function's code entry (locals and body) for the code section. */
  encodeBody(): number[] {
    const runs: [number, ValType][] = [];
    for (const l of this.locals) {
      const last = runs.at(-1);
      if (last && last[1] === l.type) last[0]++;
      else runs.push([1, l.type]);
    }
    const body: number[] = [];
    uleb(runs.length, body);
    for (const [count, type] of runs) {
      uleb(count, body);
      body.push(VALTYPE[type]);
    }
    append(body, this.code);
    body.push(opInfo("end").code);
    const entry = uleb(body.length);
    append(entry, body);
    return entry;
  }

  text(exportName: string | undefined): string {
    const params = this.params.map((p) => ` (param $${p.name} ${p.type})`).join("");
    const results = this.results.length ? ` (result ${this.results.join(" ")})` : "";
    const exported = exportName ? ` (export "${exportName}")` : "";
    const head = `  (func $${this.name}${exported}${params}${results}`;
    const locals = this.locals.map((l) => `    (local $${l.name} ${l.type})`);
    return [head, ...locals, ...this.lines, "  )"].join("\n");
  }
}

interface FuncImport {
  readonly module: string;
  readonly field: string;
  readonly name: string;
  readonly signature: Signature;
}

/** A module: an imported memory, imported functions, defined functions and their exports. */
export class ModuleBuilder {
  private readonly funcImports: FuncImport[] = [];
  private readonly functions: { fn: FunctionBuilder; exportName?: string }[] = [];
  private memory: { module: string; field: string; minPages: number; shared: { maxPages: number } | null } | null = null;

  /** The memory import; `shared` (with its maximum) for a memory worker threads share. */
  importMemory(module: string, field: string, minPages: number, shared: { maxPages: number } | null = null): void {
    this.memory = { module, field, minPages, shared };
  }

  importFunction(module: string, field: string, fnName: string, signature: Signature): void {
    if (this.functions.length) throw new InternalError("internal: imports come before functions");
    this.funcImports.push({ module, field, name: fnName, signature });
  }

  /** Starts a function; it is part of the module (and exported under `exportName`) once built. */
  function(fnName: string, params: readonly (readonly [string, ValType])[], results: readonly ValType[], exportName?: string): FunctionBuilder {
    const fn = new FunctionBuilder(fnName, params, results, (n) => this.funcIndex(n));
    this.functions.push({ fn, exportName });
    return fn;
  }

  private funcIndex(fnName: string): number {
    const imported = this.funcImports.findIndex((f) => f.name === fnName);
    if (imported >= 0) return imported;
    const defined = this.functions.findIndex((f) => f.fn.name === fnName);
    if (defined < 0) throw new InternalError(`internal: no function ${fnName}`);
    return this.funcImports.length + defined;
  }

  encode(): Uint8Array {
    const types: Signature[] = [];
    const typeIndex = (s: Signature) => {
      const i = types.findIndex((t) => sigKey(t) === sigKey(s));
      if (i >= 0) return i;
      types.push(s);
      return types.length - 1;
    };
    const importIdx = this.funcImports.map((f) => typeIndex(f.signature));
    const funcIdx = this.functions.map((f) => typeIndex(f.fn.signature));

    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]) => {
      out.push(id);
      uleb(content.length, out);
      append(out, content);
    };
    const vec = <T>(items: readonly T[], each: (item: T, b: number[]) => void): number[] => {
      const b = uleb(items.length);
      items.forEach((item) => each(item, b));
      return b;
    };
    section(
      1,
      vec(types, (t, b) => {
        b.push(0x60);
        uleb(t.params.length, b);
        t.params.forEach((p) => b.push(VALTYPE[p]));
        uleb(t.results.length, b);
        t.results.forEach((r) => b.push(VALTYPE[r]));
      }),
    );
    const imports: ((b: number[]) => void)[] = [];
    if (this.memory) {
      const m = this.memory;
      imports.push((b) => {
        name(b, m.module);
        name(b, m.field);
        // Limits: 0x00 min, or 0x03 min max shared (the threads proposal).
        b.push(0x02, m.shared ? 0x03 : 0x00);
        uleb(m.minPages, b);
        if (m.shared) uleb(m.shared.maxPages, b);
      });
    }
    this.funcImports.forEach((f, i) =>
      imports.push((b) => {
        name(b, f.module);
        name(b, f.field);
        b.push(0x00);
        uleb(importIdx[i], b);
      }),
    );
    if (imports.length) section(2, vec(imports, (write, b) => write(b)));
    section(3, vec(funcIdx, (t, b) => uleb(t, b)));
    const exported = this.functions.map((f, i) => ({ ...f, index: this.funcImports.length + i })).filter((f) => f.exportName);
    section(
      7,
      vec(exported, (f, b) => {
        name(b, f.exportName!);
        b.push(0x00);
        uleb(f.index, b);
      }),
    );
    section(10, vec(this.functions, (f, b) => append(b, f.fn.encodeBody())));
    return new Uint8Array(out);
  }

  /** The module in text format. */
  text(): string {
    const lines = ["(module"];
    const m = this.memory;
    if (m) lines.push(`  (import "${m.module}" "${m.field}" (memory ${m.minPages}${m.shared ? ` ${m.shared.maxPages} shared` : ""}))`);
    for (const f of this.funcImports) lines.push(`  (import "${f.module}" "${f.field}" (func $${f.name}${sigText(f.signature)}))`);
    for (const f of this.functions) lines.push(f.fn.text(f.exportName));
    lines.push(")");
    return lines.join("\n");
  }
}
