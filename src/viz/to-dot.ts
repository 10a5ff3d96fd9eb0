/**
 * Graphviz DOT for a jaxpr: the expression graph of the post's `t_graph` figure, drawn
 * from the IR. Inputs, constants, literals and outputs are boxes; each equation is one
 * node labelled with its primitive, its key params and its output types; sub-jaxprs of
 * control flow are clusters. Every label is escaped, so DOT built here is well-formed
 * whatever names a caller passes.
 */
import { ClosedJaxpr } from "../core/closed-jaxpr";
import { type Jaxpr, Lit, type Var } from "../core/ir";
import { showAval } from "../core/aval";
import { ArgumentError } from "../core/errors";
import { VarNames, pythonFloatRepr, showLiteral } from "../core/printer";
import { subJaxprsOf } from "../core/subjaxpr";

/** Options of {@link toDot}. */
export interface ToDotOptions {
  /** A title drawn above the graph. */
  readonly title?: string;
  /** Layout direction, as Graphviz's `rankdir`. Default "TB" (top to bottom). */
  readonly rankdir?: "TB" | "LR" | "BT" | "RL";
  /** Show each value's type (`f64[2]`) on its node. Default true. */
  readonly types?: boolean;
  /** Display names for the top-level inputs, in order (default: the printer's a, b, …). */
  readonly inputNames?: readonly string[];
}

const RANKDIRS = ["TB", "LR", "BT", "RL"];

/** A DOT double-quoted string: nothing in `s` can end the string or start markup. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

/** Short text of a param value for a node label; sub-jaxprs are drawn, not printed. */
function showParam(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pythonFloatRepr(v);
  if (typeof v === "boolean" || typeof v === "string") return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(showParam);
    return parts.some((p) => p === undefined) ? undefined : `(${parts.join(",")})`;
  }
  return undefined;
}

class DotWriter {
  readonly lines: string[] = [];
  private nodes = 0;
  private eqnCount = 0;
  private clusters = 0;
  constructor(
    private readonly names: VarNames,
    private readonly types: boolean,
  ) {}

  private typed(label: string, v: Var): string {
    return this.types ? `${label}: ${showAval(v.aval)}` : label;
  }

  node(idPrefix: string, label: string, attrs: string, indent: string): string {
    const id = `${idPrefix}${this.nodes++}`;
    this.lines.push(`${indent}${id} [id=${quote(id)}, label=${quote(label)}${attrs}];`);
    return id;
  }

  /** Emits `jaxpr`'s nodes; `inputs` names the node already standing for each invar, if any. */
  jaxpr(jaxpr: Jaxpr, indent: string, inputNames: readonly string[] | undefined, consts: readonly Var[]): string[] {
    const producer = new Map<Var, string>();
    consts.forEach((v) => producer.set(v, this.node("const", this.typed(`const ${this.names.get(v)}`, v), ", shape=box, style=filled, fillcolor=\"#eeeeee\"", indent)));
    jaxpr.invars.forEach((v, i) => {
      const name = this.names.get(v); // requested even when renamed, so the rest match the printed jaxpr
      const label = inputNames?.[i] ?? name;
      producer.set(v, this.node("in", this.typed(label, v), ", shape=box, style=\"filled,rounded\", fillcolor=\"#cfe2f3\"", indent));
    });
    const source = (a: Var | Lit): string => {
      if (a instanceof Lit) return this.node("lit", showLiteral(a).split(":")[0], ", shape=plaintext, fontsize=11", indent);
      const p = producer.get(a);
      if (p !== undefined) return p;
      // A value from an enclosing jaxpr (sub-jaxprs are closed, so this means an unbound variable).
      return this.node("free", this.typed(this.names.get(a), a), ", shape=box, style=dashed", indent);
    };
    for (const eqn of jaxpr.eqns) {
      const params = Object.entries(eqn.params as Record<string, unknown>)
        .map(([k, v]) => [k, showParam(v)] as const)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v}`);
      const outTypes = eqn.outs.map((v) => (this.types ? `${this.names.get(v)}: ${showAval(v.aval)}` : this.names.get(v)));
      const label = [eqn.prim, ...(params.length ? [params.join(" ")] : []), ...outTypes].join("\n");
      const id = `eqn${this.eqnCount++}`;
      this.lines.push(`${indent}${id} [id=${quote(id)}, label=${quote(label)}, shape=ellipse];`);
      eqn.inputs.forEach((a) => this.lines.push(`${indent}${source(a)} -> ${id};`));
      eqn.outs.forEach((v) => producer.set(v, id));
      for (const sub of subJaxprsOf(eqn)) {
        const cluster = `cluster_${this.clusters++}`;
        this.lines.push(`${indent}subgraph ${cluster} {`, `${indent}  label=${quote(`${eqn.prim} ${sub.label}`)};`, `${indent}  style="rounded,dashed";`);
        const outs = this.jaxpr(sub.jaxpr, `${indent}  `, undefined, []);
        this.lines.push(`${indent}}`);
        // Control flow runs its sub-jaxpr: an edge from the equation to the sub-jaxpr's results.
        outs.forEach((o) => this.lines.push(`${indent}${o} -> ${id} [style=dashed, arrowhead=none, constraint=false];`));
      }
    }
    return jaxpr.outs.map((a, i) => {
      const out = this.node("out", a instanceof Lit ? `out ${i}` : this.typed(`out ${i}`, a), ", shape=box, style=\"filled,rounded\", fillcolor=\"#d9ead3\"", indent);
      this.lines.push(`${indent}${source(a)} -> ${out};`);
      return out;
    });
  }
}

/**
 * Renders a jaxpr as a Graphviz DOT graph: one node per equation (id `eqn0`, `eqn1`, …,
 * which Graphviz keeps as SVG element ids), boxes for inputs, constants, literals and
 * outputs, and sub-jaxprs of control flow as dashed clusters. Render it with any Graphviz,
 * e.g. `@viz-js/viz` in JS.
 * @example
 * const dot = toDot(makeJaxpr(calcTime)(np.array([2, 17])), { title: "t(x)", inputNames: ["x"] });
 * // digraph jaxpr { … eqn0 [id="eqn0", label="slice …"]; … }
 */
export function toDot(jaxpr: ClosedJaxpr | Jaxpr, options: ToDotOptions = {}): string {
  const { title, rankdir = "TB", types = true, inputNames } = options;
  if (!RANKDIRS.includes(rankdir)) throw new ArgumentError(`toDot: rankdir must be one of ${RANKDIRS.join(", ")}, got ${String(rankdir)}.`);
  if (title !== undefined && typeof title !== "string") throw new ArgumentError(`toDot: title must be a string, got ${typeof title}.`);
  const open = jaxpr instanceof ClosedJaxpr ? jaxpr.jaxpr : jaxpr;
  if (inputNames !== undefined && (!Array.isArray(inputNames) || inputNames.length !== open.invars.length || !inputNames.every((n) => typeof n === "string"))) {
    throw new ArgumentError(`toDot: inputNames must be ${open.invars.length} string(s), one per input of the jaxpr.`);
  }
  const w = new DotWriter(new VarNames(), types);
  w.jaxpr(open, "  ", inputNames, open.constvars);
  return [
    "digraph jaxpr {",
    `  rankdir=${rankdir};`,
    '  node [fontname="Helvetica,Arial,sans-serif", fontsize=12];',
    '  edge [color="#555555", arrowsize=0.7];',
    ...(title !== undefined ? [`  label=${quote(title)};`, "  labelloc=t;", "  fontsize=16;", '  fontname="Helvetica,Arial,sans-serif";'] : []),
    ...w.lines,
    "}",
  ].join("\n");
}
