/**
 * `debug`: run-time printing and host callbacks, as `jax.debug`. Under jit the print is
 * part of the compiled code and shows the values of each call; under vmap it runs once
 * per batch member; under grad and jvp it shows the primal values.
 */
import { type ConcreteArray, scalarArray } from "../core/array";
import { ArgumentError } from "../core/errors";
import { HostCallback } from "../core/host-callback";
import { treeFlatten, treeUnflatten } from "../core/pytree";
import { Tensor } from "../core/tensor";
import { bind } from "../core/trace";
import { type Field, checkSpec, formatArray, formatString, parseFormat } from "./format";

/** Where `debug.print` writes; `console.log` unless replaced with {@link setPrinter}. */
let printer: (line: string) => void = (line) => console.log(line);

/**
 * Sends `debug.print`'s lines somewhere else (a log, a test); returns the previous printer.
 * @example
 * const lines: string[] = [];
 * const previous = debug.setPrinter((l) => lines.push(l));
 * jit((x: Tensor) => { debug.print("x = {}", x); return x; })(2);
 * debug.setPrinter(previous); // lines: ["x = 2"]
 */
export function setPrinter(write: (line: string) => void): (line: string) => void {
  if (typeof write !== "function") throw new ArgumentError(`debug.setPrinter: expects a function (line: string) => void, got ${typeof write}.`);
  const previous = printer;
  printer = write;
  return previous;
}

/**
 * Calls `fn` with the arguments' values when the program runs: each call of a jitted
 * function, each batch member under vmap, the primal values under grad. Tensor leaves
 * (also inside pytrees) arrive as concrete arrays; other leaves as they were given.
 * Returns nothing, as `jax.debug.callback`.
 * @example
 * const seen: number[] = [];
 * const f = jit((x: Tensor) => { debug.callback((v: Tensor) => seen.push(v.item()), x); return x.mul(2); });
 * f(1); f(2); // seen: [1, 2]
 */
export function callback(fn: (...args: never[]) => unknown, ...args: unknown[]): void {
  if (typeof fn !== "function") throw new ArgumentError(`debug.callback: expects a function first, got ${typeof fn}.`);
  const call = fn as (...a: unknown[]) => unknown;
  emit(`debug.callback ${fn.name || "(anonymous)"}`, args, (values) => {
    call(...values);
  });
}

/**
 * Prints a line when the program runs, formatting values with Python's `str.format`
 * rules as `jax.debug.print` does: `{}` takes the next argument, `{0}` the first, `{name}`
 * a field of the last argument (pass `{ name: value }` there), and a spec after a colon
 * formats numbers (`{:.3f}`, `{:>10.2e}`, `{:,d}`, `{:.1%}`; on an array, each element).
 * @example
 * const f = jit((x: Tensor) => {
 *   debug.print("x = {}, sum = {s:.2f}", x, { s: x.sum() });
 *   return x.mul(2);
 * });
 * f(np.array([1, 2])); // prints "x = [1, 2], sum = 3.00" on every call
 * vmap((x: Tensor) => { debug.print("member {}", x); return x; })(np.array([1, 2])); // two lines
 */
export function print(fmt: string, ...args: unknown[]): void {
  if (typeof fmt !== "string") throw new ArgumentError(`debug.print: the first argument is the format string, got ${typeof fmt}; write debug.print("{}", x).`);
  const segments = parseFormat(fmt);
  const named = args.length > 0 && isPlainObject(args[args.length - 1]) ? (args[args.length - 1] as Record<string, unknown>) : null;
  const valueOf = (f: Field, values: readonly unknown[]): unknown => {
    if (typeof f.ref === "number") return values[f.ref];
    return (values[values.length - 1] as Record<string, unknown>)[f.ref];
  };
  // Check every field against the arguments now, when the print is traced.
  for (const s of segments) {
    if (typeof s === "string") continue;
    if (typeof s.ref === "number" && s.ref >= args.length) {
      throw new ArgumentError(`debug.print: ${JSON.stringify(fmt)} refers to argument ${s.ref}, but ${args.length} were given.`);
    }
    if (typeof s.ref === "string" && (named === null || !(s.ref in named))) {
      throw new ArgumentError(
        `debug.print: ${JSON.stringify(fmt)} names {${s.ref}}; pass its value as a field of the last argument: debug.print(${JSON.stringify(fmt)}, { ${s.ref}: value }).`,
      );
    }
    if (s.spec) {
      const v = valueOf(s, args);
      const kind = v instanceof Tensor ? v.dtype : typeof v === "number" ? (Number.isInteger(v) ? "int32" : "float64") : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "tree";
      checkSpec(fmt, s.spec, kind);
    }
  }
  emit(`debug.print ${JSON.stringify(fmt)}`, args, (values) => {
    printer(segments.map((s) => (typeof s === "string" ? s : show(valueOf(s, values), s))).join(""));
  });
}

/** Stages (or, outside any trace, runs) a host call with the Tensor leaves of `args`. */
function emit(name: string, args: readonly unknown[], run: (values: unknown[]) => void): void {
  const [leaves, tree] = treeFlatten(args);
  const tensorAt = leaves.flatMap((l, i) => (l instanceof Tensor ? [i] : []));
  const host = new HostCallback(name, (arrays: readonly ConcreteArray[]) => {
    const filled = [...leaves];
    tensorAt.forEach((at, k) => (filled[at] = arrays[k]));
    run(treeUnflatten(tree, filled) as unknown[]);
  });
  bind(
    "debug_callback",
    tensorAt.map((i) => leaves[i] as Tensor),
    { callback: host },
  );
}

function show(v: unknown, field: Field): string {
  if (v instanceof Tensor) return formatArray(v as ConcreteArray, field.spec);
  if (typeof v === "number") return formatArray(scalarArray(v, "float64"), field.spec);
  if (typeof v === "boolean") return field.spec ? formatString(String(v), field.spec) : String(v);
  if (typeof v === "string") return formatString(v, field.spec);
  return showTree(v);
}

/** A pytree's text: arrays as `[...]`, objects as `{ key: value }`, leaves as themselves. */
function showTree(v: unknown): string {
  if (v instanceof Tensor) return formatArray(v as ConcreteArray, null);
  if (Array.isArray(v)) return `[${v.map(showTree).join(", ")}]`;
  if (isPlainObject(v)) {
    const entries = Object.keys(v).map((k) => `${k}: ${showTree((v as Record<string, unknown>)[k])}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
