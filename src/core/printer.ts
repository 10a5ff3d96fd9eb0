/**
 * Prints jaxprs in JAX's modern format, through a small Wadler-style document printer:
 * a group is printed on one line when it fits in 80 columns, otherwise its breaks become
 * newlines. The document shapes mirror JAX's, so line breaking matches too.
 */
import { showAval } from "./aval";
import type { ClosedJaxpr } from "./closed-jaxpr";
import { type Jaxpr, Lit, Var, paramsOf } from "./ir";

type Doc =
  | { readonly k: "text"; readonly s: string }
  | { readonly k: "concat"; readonly parts: readonly Doc[] }
  | { readonly k: "nest"; readonly n: number; readonly doc: Doc }
  | { readonly k: "brk"; readonly flat: string }
  | { readonly k: "group"; readonly doc: Doc };

const text = (s: string): Doc => ({ k: "text", s });
const concat = (...parts: Doc[]): Doc => ({ k: "concat", parts });
const nest = (n: number, doc: Doc): Doc => ({ k: "nest", n, doc });
const brk = (flat = " "): Doc => ({ k: "brk", flat });
const group = (doc: Doc): Doc => ({ k: "group", doc });
const join = (sep: Doc, docs: readonly Doc[]): Doc => concat(...docs.flatMap((d, i) => (i === 0 ? [d] : [sep, d])));

/** Whether `doc` printed flat fits in `room` columns. */
function fits(doc: Doc, room: number): boolean {
  const stack: Doc[] = [doc];
  while (stack.length > 0) {
    if (room < 0) return false;
    const d = stack.pop()!;
    switch (d.k) {
      case "text":
        room -= d.s.length;
        break;
      case "brk":
        room -= d.flat.length;
        break;
      case "concat":
        for (let i = d.parts.length - 1; i >= 0; i--) stack.push(d.parts[i]);
        break;
      case "nest":
      case "group":
        stack.push(d.doc);
        break;
    }
  }
  return room >= 0;
}

function render(doc: Doc, width = 80): string {
  const out: string[] = [];
  let col = 0;
  const stack: { indent: number; flat: boolean; doc: Doc }[] = [{ indent: 0, flat: false, doc }];
  while (stack.length > 0) {
    const { indent, flat, doc: d } = stack.pop()!;
    switch (d.k) {
      case "text":
        out.push(d.s);
        col += d.s.length;
        break;
      case "brk":
        if (flat) {
          out.push(d.flat);
          col += d.flat.length;
        } else {
          out.push("\n" + " ".repeat(indent));
          col = indent;
        }
        break;
      case "concat":
        for (let i = d.parts.length - 1; i >= 0; i--) stack.push({ indent, flat, doc: d.parts[i] });
        break;
      case "nest":
        stack.push({ indent: indent + d.n, flat, doc: d.doc });
        break;
      case "group":
        stack.push({ indent, flat: flat || fits(d.doc, width - col), doc: d.doc });
        break;
    }
  }
  return out.join("");
}

/** JAX names variables a, b, …, z, ba, bb, … in order of first appearance. */
function nameFor(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Names variables in order of first request, as the printer does (a, b, …, z, ba, …). */
export class VarNames {
  private readonly names = new Map<Var, string>();
  private count = 0;
  get(v: Var): string {
    let s = this.names.get(v);
    if (s === undefined) {
      s = nameFor(this.count++);
      this.names.set(v, s);
    }
    return s;
  }
}

/** Python's `repr` of a float, which is how jaxpr literals print (`100.0`, `1e-05`, `inf`). */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e");
  const exp = Number(expText);
  const digits = mant.replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
}

/** A literal as JAX prints it: `2.0:f64[]`, `3:i32[]`, `True:bool[]`. */
export function showLiteral(lit: Lit): string {
  const { dtype } = lit.aval;
  const v = lit.value;
  const s = dtype === "bool" ? (v ? "True" : "False") : dtype === "int32" ? String(v) : pythonFloatRepr(v);
  return `${s}:${showAval(lit.aval)}`;
}

/** Python-style text of a param value: tuples for arrays, None, True/False. */
function showParam(v: unknown, ctx: Context): Doc {
  if (isClosedJaxpr(v)) return jaxprDoc(v.jaxpr, ctx);
  if (isJaxpr(v)) return jaxprDoc(v, ctx);
  if (Array.isArray(v) && v.length > 0 && v.every((j) => isClosedJaxpr(j) || isJaxpr(j))) {
    const docs = v.map((j: unknown) => (isClosedJaxpr(j) ? jaxprDoc(j.jaxpr, ctx) : jaxprDoc(j as Jaxpr, ctx)));
    return concat(group(concat(nest(2, concat(text("("), brk(""), join(brk(), docs))), brk(""), text(")"))));
  }
  return text(showScalarParam(v));
}

function showScalarParam(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pythonFloatRepr(v);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    const items = v.map(showScalarParam);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  return String(v);
}

function isJaxpr(v: unknown): v is Jaxpr {
  return typeof v === "object" && v !== null && "eqns" in v && "invars" in v && "outs" in v;
}

// By shape, not instanceof: closed-jaxpr.ts imports this module for its toString.
function isClosedJaxpr(v: unknown): v is ClosedJaxpr {
  return typeof v === "object" && v !== null && "jaxpr" in v && "consts" in v && isJaxpr(v.jaxpr);
}

interface Context {
  readonly names: VarNames;
}

function varsDoc(vars: readonly (Var | Lit)[], ctx: Context, withTypes: boolean, used?: ReadonlySet<Var>, sep = ""): Doc {
  const items = vars.map((v) => {
    if (v instanceof Lit) return text(showLiteral(v));
    const name = used && !used.has(v) ? "_" : ctx.names.get(v);
    return text(withTypes ? `${name}:${showAval(v.aval)}` : name);
  });
  return nest(2, group(join(concat(text(sep), group(brk())), items)));
}

function usedVars(jaxpr: Jaxpr): Set<Var> {
  const used = new Set<Var>();
  for (const e of jaxpr.eqns) for (const a of e.inputs) if (a instanceof Var) used.add(a);
  for (const a of jaxpr.outs) if (a instanceof Var) used.add(a);
  return used;
}

function jaxprDoc(jaxpr: Jaxpr, ctx: Context): Doc {
  const used = usedVars(jaxpr);
  const constvars = varsDoc(jaxpr.constvars, ctx, true);
  const invars = varsDoc(jaxpr.invars, ctx, true);
  const eqns = jaxpr.eqns.map((e) => {
    const lhs = varsDoc(e.outs, ctx, true, used);
    const params = paramsOf(e);
    const keys = Object.keys(params).sort();
    const kv =
      keys.length === 0
        ? text("")
        : group(
            concat(
              nest(2, concat(text("["), brk(""), join(brk(), keys.map((k) => concat(text(`${k}=`), showParam(params[k], ctx)))))),
              brk(""),
              text("]"),
            ),
          );
    const rhs = concat(text(e.prim), kv, e.inputs.length > 0 ? concat(text(" "), varsDoc(e.inputs, ctx, false)) : text(""));
    return e.outs.length > 0 ? concat(lhs, text(" = "), rhs) : rhs;
  });
  const outs = concat(text("("), varsDoc(jaxpr.outs, ctx, false, undefined, ","), text(jaxpr.outs.length === 1 ? ",)" : ")"));
  return concat(
    group(
      nest(
        2,
        concat(
          text("{ lambda "),
          constvars,
          text("; "),
          invars,
          text(". let"),
          nest(2, concat(brk(), join(brk("; "), eqns))),
          brk(),
          text("in "),
          outs,
        ),
      ),
    ),
    text(" }"),
  );
}

/** The jaxpr in JAX's text format. */
export function printJaxpr(jaxpr: Jaxpr): string {
  return render(jaxprDoc(jaxpr, { names: new VarNames() }));
}

export function printClosedJaxpr(closed: ClosedJaxpr): string {
  return printJaxpr(closed.jaxpr);
}
