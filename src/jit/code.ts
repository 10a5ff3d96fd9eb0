/**
 * The safe code builder. Generated JavaScript is assembled only from `Code` fragments,
 * `Ident`s made by counters, and numbers written as exact literals; a plain string cannot
 * be interpolated (the tag throws, and the types forbid it). Anything the user supplies —
 * names, pytree keys, constants — reaches generated code as a `new Function` parameter.
 */
import { JitgradError } from "../core/errors";
import { isIdentifierName } from "../core/identifier";

/** A trusted fragment of source. Only this module constructs one from text. */
export class Code {
  private constructor(readonly text: string) {}
  /** @internal Builder use only. */
  static trusted(text: string): Code {
    return new Code(text);
  }
  toString(): string {
    return this.text;
  }
}

/** Prefixes already checked: a first jit call makes ~100 identifiers from ~10 of them. */
const checkedPrefixes = new Set<string>();

/**
 * An identifier: a prefix checked against the identifier grammar, and a counter. (A
 * decimal suffix keeps an identifier name one, and makes it no reserved word: none ends in
 * a digit.)
 */
export class Ident {
  readonly name: string;
  readonly code: Code;
  constructor(prefix: string, n: number) {
    if (!checkedPrefixes.has(prefix)) {
      if (!isIdentifierName(prefix)) throw new JitgradError(`codegen: ${JSON.stringify(prefix)} is not a safe identifier prefix.`);
      checkedPrefixes.add(prefix);
    }
    if (!Number.isSafeInteger(n) || n < 0) throw new JitgradError(`codegen: identifier counter ${n} is not a whole number.`);
    this.name = `${prefix}${n}`;
    this.code = Code.trusted(this.name);
  }
  toString(): string {
    return this.name;
  }
}

/** Makes fresh identifiers `prefix0`, `prefix1`, … */
export class Names {
  private readonly counts = new Map<string, number>();
  fresh(prefix: string): Ident {
    const n = this.counts.get(prefix) ?? 0;
    this.counts.set(prefix, n + 1);
    return new Ident(prefix, n);
  }
}

/**
 * A number as a JS literal that evaluates to exactly that number: `NaN`, `Infinity`,
 * `(-Infinity)`, `(-0)`, negatives parenthesised, shortest round-trip digits otherwise.
 */
export function numberLiteral(x: number): Code {
  if (Number.isNaN(x)) return Code.trusted("NaN");
  if (x === Infinity) return Code.trusted("Infinity");
  if (x === -Infinity) return Code.trusted("(-Infinity)");
  if (Object.is(x, -0)) return Code.trusted("(-0)");
  const s = String(Math.abs(x));
  if (Number(s) !== Math.abs(x)) throw new JitgradError(`codegen: ${s} does not round-trip`);
  return Code.trusted(x < 0 ? `(-${s})` : s);
}

/** What a template may interpolate: code, identifiers, numbers (as exact literals). */
export type Part = Code | Ident | number;

function partText(p: Part): string {
  if (p instanceof Code) return p.text;
  if (p instanceof Ident) return p.name;
  if (typeof p === "number") return numberLiteral(p).text;
  throw new JitgradError(`codegen: refused to interpolate ${typeof p} into generated code.`);
}

/** The tagged template: `code\`const ${v} = ${a} + ${b};\``. */
export function code(strings: TemplateStringsArray, ...parts: Part[]): Code {
  let s = strings[0];
  for (let i = 0; i < parts.length; i++) s += partText(parts[i]) + strings[i + 1];
  return Code.trusted(s);
}

/** `base + i * stride`, written without the `0 +` and `* 1` noise. */
export function offsetTerm(base: Code, index: Code, stride: number): Code {
  if (index.text === "0") return base;
  const term = stride === 1 ? index : code`${index} * ${stride}`;
  return base.text === "0" ? term : code`${base} + ${term}`;
}

/** Joins fragments with a separator fragment. */
export function join(parts: readonly Part[], sep: Code = code`, `): Code {
  return Code.trusted(parts.map(partText).join(sep.text));
}

/** Lines of statements, each indented by `depth` levels. */
export class Block {
  private readonly lines: string[] = [];
  constructor(readonly depth = 0) {}
  line(c: Code): this {
    this.lines.push("  ".repeat(this.depth) + c.text);
    return this;
  }
  /** Appends a nested block `head { … }`. */
  nest(head: Code, body: (inner: Block) => void): this {
    const inner = new Block(this.depth + 1);
    body(inner);
    this.line(head.text === "" ? code`{` : code`${head} {`);
    this.pushAll(inner.lines);
    this.line(code`}`);
    return this;
  }
  append(other: Block): this {
    this.pushAll(other.lines);
    return this;
  }
  /** A loop, not `push(...lines)`: spreading 10⁵ lines overflows the stack. */
  private pushAll(lines: readonly string[]): void {
    for (const l of lines) this.lines.push(l);
  }
  get isEmpty(): boolean {
    return this.lines.length === 0;
  }
  toCode(): Code {
    return Code.trusted(this.lines.join("\n"));
  }
}

/**
 * Compiles `body` into a function of the given parameters and applies it to their
 * values: the only place `new Function` is called. Returns what the body returns.
 */
export function instantiate(params: readonly (readonly [Ident, unknown])[], body: Code): unknown {
  const names = params.map(([id]) => id.name);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...names, `"use strict";\n${body.text}`) as (...values: unknown[]) => unknown;
  return factory(...params.map(([, v]) => v));
}
