/**
 * Scheduling for code generation. Equations are grouped, in program order, into units:
 *
 * - `scalar`: a 0-d elementwise equation → one `const` statement;
 * - `loop`: a run of elementwise equations with one output shape, plus reductions of
 *   values of that shape → one fused loop with no temporaries; a `pad` (edge padding
 *   only) joins the loop of its output shape as a guarded read of its operand, so the
 *   transpose of a slice adds into its consumer instead of being filled and copied;
 * - `view`: a shape op done by index arithmetic (transpose, slice, rev, broadcast,
 *   reshape, squeeze) → no code;
 * - `dot`, `kernel`: their own loop nest, or the interpreter's kernel;
 * - `control`: an `if`, `for` or `while` statement around lowered sub-jaxprs;
 * - `effect`: a call of a host function (debug_callback), in program order among effects.
 *
 * A loop stays open while later equations can join it; equations that do not depend on
 * it are placed before it, views of its values after it. The plan then records which
 * loop values escape their loop (and so need a buffer) and when each value is last used.
 */
import { type AnyEqn, type Jaxpr, Var } from "../core/ir";
import { type Shape, shapesEqual } from "../core/shape";
import { emitRules } from "./emit-rules";

export type Unit =
  | { readonly kind: "scalar" | "view" | "dot" | "kernel" | "layout" | "control" | "effect"; readonly eqn: AnyEqn }
  | LoopUnit;

export interface LoopUnit {
  readonly kind: "loop";
  readonly shape: Shape;
  readonly members: AnyEqn[];
  readonly before: Unit[];
  readonly after: Unit[];
}

export interface Plan {
  readonly units: readonly Unit[];
  /**
   * Elementwise loops whose values only a gather or scatter reads (as its indices or
   * updates, directly or through views), or only pads of another loop read, with that
   * unit's index: their elements are computed inside the consumer's loops instead of stored.
   */
  readonly fused: ReadonlyMap<LoopUnit, number>;
  /** Loop values used outside their loop (they are stored to a buffer). */
  readonly escaping: ReadonlySet<Var>;
  /** Index (in `units`) of the last unit that reads each variable; outputs read at the end. */
  readonly lastUse: ReadonlyMap<Var, number>;
}

const isScalar = (v: Var) => v.aval.shape.length === 0;

/**
 * A pad a loop reads in place (`in range ? x[i − lo] : value`): edge padding only (no
 * interior, no cropping), of an array.
 */
export function isLoopPad(eqn: AnyEqn): eqn is Extract<AnyEqn, { prim: "pad" }> {
  return eqn.prim === "pad" && eqn.outs[0].aval.shape.length > 0 && eqn.params.padding_config.every(([lo, hi, interior]) => lo >= 0 && hi >= 0 && interior === 0);
}

export function plan(jaxpr: Jaxpr): Plan {
  const units: Unit[] = [];
  let open: LoopUnit | null = null;
  const producedIn = new Map<Var, LoopUnit>();
  /**
   * For a view, the variable it is a view of. Views usually read their root's storage,
   * but the emitter may materialize one on the way (a reshape of a non-contiguous view),
   * giving an intermediate storage of its own: so a use keeps the whole chain alive.
   */
  const parent = new Map<Var, Var>();
  const chain = (v: Var): Var[] => {
    const vs = [v];
    for (let p = parent.get(v); p !== undefined; p = parent.get(p)) vs.push(p);
    return vs;
  };
  const root = (v: Var): Var => chain(v).at(-1)!;

  const close = () => {
    if (!open) return;
    units.push(...open.before, open, ...open.after);
    open = null;
  };
  const varInputs = (eqn: AnyEqn) => eqn.inputs.filter((a): a is Var => a instanceof Var);
  /** Reads a value of the open loop (directly or through a view). */
  const readsOpen = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => producedIn.get(root(v)) === open);
  /** Reads a view of a value of the open loop (which is complete only after the loop). */
  const readsOpenView = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => parent.has(v) && producedIn.get(root(v)) === open);
  /** Places a unit that does not join the open loop. */
  const place = (u: Unit, eqn: AnyEqn) => {
    if (!open) units.push(u);
    else if (!readsOpen(eqn)) open.before.push(u);
    else if (u.kind === "view") open.after.push(u);
    else {
      close();
      units.push(u);
    }
  };
  /** Reductions finish when their loop ends, so a reader of one cannot join that loop. */
  const reductionOuts = new Set<Var>();
  const readsOpenReduction = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => reductionOuts.has(root(v)) && producedIn.get(root(v)) === open);
  const join = (eqn: AnyEqn, shape: Shape) => {
    if (open && (!shapesEqual(open.shape, shape) || readsOpenView(eqn) || readsOpenReduction(eqn))) close();
    if (!open) open = { kind: "loop", shape, members: [], before: [], after: [] };
    open.members.push(eqn);
    for (const v of eqn.outs) producedIn.set(v, open);
  };

  for (const eqn of jaxpr.eqns) {
    const rule = emitRules[eqn.prim];
    const out = eqn.outs[0];
    if (isLoopPad(eqn)) {
      // Its operand is read at shifted offsets, so it must be stored: not a value of the open loop.
      if (readsOpen(eqn)) close();
      join(eqn, out.aval.shape);
      continue;
    }
    switch (rule.kind) {
      case "elementwise":
        if (isScalar(out)) place({ kind: "scalar", eqn }, eqn);
        else join(eqn, out.aval.shape);
        break;
      case "reduce": {
        const input = eqn.inputs[0];
        if (input.aval.shape.length === 0) place({ kind: "scalar", eqn }, eqn);
        else {
          join(eqn, input.aval.shape);
          reductionOuts.add(out);
        }
        break;
      }
      case "view": {
        const input = eqn.inputs[0];
        if (input instanceof Var) parent.set(out, input);
        place({ kind: "view", eqn }, eqn);
        break;
      }
      case "dot":
        place({ kind: "dot", eqn }, eqn);
        break;
      case "kernel":
        place({ kind: "kernel", eqn }, eqn);
        break;
      case "layout": {
        // A layout op emitted as a view (dynamic_slice) keeps its operand's storage alive.
        const input = eqn.inputs[0];
        if (rule.viewOfOperand && input instanceof Var) parent.set(out, input);
        place({ kind: rule.kind, eqn }, eqn);
        break;
      }
      case "control":
      case "effect":
        place({ kind: rule.kind, eqn }, eqn);
        break;
    }
  }
  close();

  const fused = findFusions(units, jaxpr, root);

  // Escaping values and last uses, over the final order.
  const escaping = new Set<Var>();
  const lastUse = new Map<Var, number>();
  const touch = (v: Var, at: number) => {
    for (const u of chain(v)) lastUse.set(u, Math.max(lastUse.get(u) ?? -1, at));
  };
  units.forEach((u, i) => {
    const eqns = u.kind === "loop" ? u.members : [u.eqn];
    // A fused loop runs inside its consumer: its inputs live until then.
    const at = u.kind === "loop" ? (fused.get(u) ?? i) : i;
    for (const eqn of eqns) {
      for (const a of eqn.inputs) {
        if (!(a instanceof Var)) continue;
        touch(a, at);
        const r = root(a);
        const home = producedIn.get(r);
        if (home && fused.has(home)) continue;
        if (home && home !== u) escaping.add(r);
        if (home && home === u && r !== a) escaping.add(r);
      }
    }
  });
  const end = units.length;
  for (const a of jaxpr.outs) {
    if (!(a instanceof Var)) continue;
    touch(a, end);
    if (producedIn.has(root(a))) escaping.add(root(a));
  }
  return { units, fused, escaping, lastUse };
}

const INDEXED = new Set(["gather", "scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"]);

/** The loops to fuse into the gather, scatter or padding loop that alone reads them (see `Plan.fused`). */
function findFusions(units: readonly Unit[], jaxpr: Jaxpr, root: (v: Var) => Var): Map<LoopUnit, number> {
  const readers = new Map<Var, { unit: number; position: number; prim: string }[]>();
  units.forEach((u, i) => {
    for (const eqn of u.kind === "loop" ? u.members : [u.eqn]) {
      eqn.inputs.forEach((a, position) => {
        if (!(a instanceof Var)) return;
        const r = root(a);
        const unit = u.kind === "view" ? (u.eqn.outs[0].aval.shape.length === 0 ? -1 : -2) : i;
        readers.set(r, [...(readers.get(r) ?? []), { unit, position, prim: eqn.prim }]);
      });
    }
  });
  const outputs = new Set(jaxpr.outs.filter((a): a is Var => a instanceof Var).map(root));
  const fused = new Map<LoopUnit, number>();
  units.forEach((u, i) => {
    if (u.kind !== "loop" || u.members.some((e) => emitRules[e.prim].kind === "reduce" || e.prim === "pad")) return;
    const produced = u.members.flatMap((e) => e.outs);
    if (produced.some((v) => outputs.has(v))) return;
    // Readers outside the loop: views (-2, free) and one gather or scatter reading operand 1 or 2.
    const outside = produced.flatMap((v) => (readers.get(v) ?? []).filter((r) => r.unit !== i));
    const consumers = new Set(outside.filter((r) => r.unit !== -2).map((r) => r.unit));
    if (consumers.size !== 1) return;
    const [c] = consumers;
    const consumer = units[c];
    if (c < 0) return;
    // A loop reading the values only as the operand of its pads reads them in place (lower.ts `padReads`).
    const byPads = consumer.kind === "loop" && outside.every((r) => r.unit === -2 || (r.prim === "pad" && r.position === 0));
    const byIndexed = consumer.kind === "layout" && INDEXED.has(consumer.eqn.prim) && !outside.some((r) => r.unit === c && r.position === 0);
    if (byPads || byIndexed) fused.set(u, c);
  });
  return fused;
}
