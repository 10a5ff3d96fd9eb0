/**
 * Scheduling for code generation. Equations are grouped, in the order `schedule.ts` gives
 * (program order, with equations of one loop shape gathered), into units:
 *
 * - `scalar`: a 0-d elementwise equation → one `const` statement;
 * - `loop`: a run of elementwise equations with one output shape, plus reductions of
 *   values of that shape → one fused loop with no temporaries; a `pad` (edge padding
 *   only) joins the loop of its output shape as a guarded read of its operand, so the
 *   transpose of a slice adds into its consumer instead of being filled and copied; a
 *   gather of single elements joins the loop of its output shape as a read of its
 *   (stored) operand at the index its index vector gives, so a bilinear sample is one loop;
 * - `view`: a shape op done by index arithmetic (transpose, slice, rev, broadcast,
 *   reshape, squeeze) → no code;
 * - `dot`, `kernel`: their own loop nest, or the interpreter's kernel;
 * - `control`: an `if`, `for` or `while` statement around lowered sub-jaxprs;
 * - `effect`: a call of a host function (debug_callback), in program order among effects.
 *
 * A loop stays open while later equations can join it; equations that do not depend on
 * it are placed before it, views of its values and 0-d values computed from its
 * reductions after it. The plan then records which
 * loop values escape their loop (and so need a buffer) and when each value is last used.
 */
import { type AnyEqn, type Jaxpr, Var } from "../core/ir";
import { componentsOf } from "../core/dtype";
import { type Shape, shapesEqual, sizeOf } from "../core/shape";
import { unitKinds } from "./unit-kinds";
import { schedule } from "./schedule";

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
  /**
   * Loop gathers whose index vector (of length 1) is a value of their own loop, reshaped
   * with a trailing axis of 1: they read that value's element, and the reshape is not emitted.
   */
  readonly gatherIndex: ReadonlyMap<AnyEqn, Var>;
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

/**
 * A gather a loop reads in place (`x[clamp(index)]`): single elements of a real array (every
 * operand axis collapsed, slices of size 1, no window or batching axes), so each element of
 * the output depends on the index vector at the same position only.
 */
export function isLoopGather(eqn: AnyEqn): eqn is Extract<AnyEqn, { prim: "gather" }> {
  if (eqn.prim !== "gather") return false;
  const x = eqn.inputs[0].aval;
  const dn = eqn.params.dimension_numbers;
  return (
    eqn.outs[0].aval.shape.length > 0 &&
    x.shape.length > 0 &&
    sizeOf(x.shape) > 0 &&
    componentsOf(x.dtype) === 1 &&
    dn.offset_dims.length === 0 &&
    dn.operand_batching_dims.length === 0 &&
    dn.collapsed_slice_dims.length === x.shape.length &&
    eqn.params.slice_sizes.every((s) => s === 1)
  );
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

  /** Values of the units placed after the open loop (they read its results): their readers come after it too. */
  let after = new Set<Var>();
  const close = () => {
    if (!open) return;
    units.push(...open.before, open, ...open.after);
    open = null;
    after = new Set();
  };
  const varInputs = (eqn: AnyEqn) => eqn.inputs.filter((a): a is Var => a instanceof Var);
  /** Reads a value of the open loop (directly or through a view). */
  const readsOpen = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => producedIn.get(root(v)) === open);
  /** Reads a view of a value of the open loop (which is complete only after the loop). */
  const readsOpenView = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => parent.has(v) && producedIn.get(root(v)) === open);
  const readsAfter = (eqn: AnyEqn, except?: Var) => varInputs(eqn).some((v) => v !== except && after.has(v));
  /**
   * Places a unit that does not join the open loop: before it if independent of it; after
   * it if a view or a 0-d value of its results (a reduction's scaling, say), so the loop
   * stays open for later members; otherwise the loop ends here.
   */
  const place = (u: Unit, eqn: AnyEqn) => {
    if (!open) units.push(u);
    else if (!readsOpen(eqn) && !readsAfter(eqn)) open.before.push(u);
    else if (u.kind === "view" || u.kind === "scalar") {
      open.after.push(u);
      for (const v of eqn.outs) after.add(v);
    } else {
      close();
      units.push(u);
    }
  };
  /** Reductions finish when their loop ends, so a reader of one cannot join that loop. */
  const reductionOuts = new Set<Var>();
  const readsOpenReduction = (eqn: AnyEqn) => open !== null && varInputs(eqn).some((v) => reductionOuts.has(root(v)) && producedIn.get(root(v)) === open);
  /** The open loop's value (of the loop's shape `shape`) that `indices` reshapes with a trailing axis of 1, if any. */
  const loopValueIndexing = (indices: Var, shape: Shape): Var | undefined => {
    const value = parent.get(indices);
    if (!open || !value || producedIn.get(value) !== open || parent.has(value) || reductionOuts.has(value)) return undefined;
    return shapesEqual(open.shape, shape) && isTrailingUnit(indices, value) ? value : undefined;
  };
  /** Gathers whose indices are a trailing-1 reshape of a value of their loop, and that value. */
  const gatherIndex = new Map<AnyEqn, Var>();
  const join = (eqn: AnyEqn, shape: Shape) => {
    const index = gatherIndex.has(eqn) ? (eqn.inputs[1] as Var) : undefined;
    if (open && (!shapesEqual(open.shape, shape) || (readsOpenView(eqn) && !index) || readsOpenReduction(eqn) || readsAfter(eqn, index))) {
      close();
      // A gather that starts a new loop reads its indices from storage after all.
      gatherIndex.delete(eqn);
    }
    if (!open) open = { kind: "loop", shape, members: [], before: [], after: [] };
    open.members.push(eqn);
    for (const v of eqn.outs) producedIn.set(v, open);
  };

  for (const eqn of schedule(jaxpr.eqns)) {
    const rule = unitKinds[eqn.prim];
    const out = eqn.outs[0];
    if (isLoopPad(eqn)) {
      // Its operand is read at shifted offsets, so it must be stored: not a value of the open loop.
      if (readsOpen(eqn)) close();
      join(eqn, out.aval.shape);
      continue;
    }
    if (isLoopGather(eqn)) {
      const [x, indices] = eqn.inputs;
      // Its operand is read at computed offsets, so it must be stored.
      if (open && x instanceof Var && producedIn.get(root(x)) === open) close();
      const value = indices instanceof Var ? loopValueIndexing(indices, out.aval.shape) : undefined;
      if (value) gatherIndex.set(eqn, value);
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

  // A reshape read only by loop gathers that read its value in their loop is not emitted.
  const readBy = new Map<Var, AnyEqn[]>();
  for (const eqn of jaxpr.eqns) for (const a of eqn.inputs) if (a instanceof Var) addTo(readBy, a, eqn);
  const outVars = new Set(jaxpr.outs.filter((a): a is Var => a instanceof Var));
  const unused = (u: Unit) =>
    u.kind === "view" && !outVars.has(u.eqn.outs[0]) && (readBy.get(u.eqn.outs[0]) ?? []).every((r) => gatherIndex.has(r) && r.inputs[1] === u.eqn.outs[0] && r.inputs[0] !== u.eqn.outs[0]);
  const kept = units.filter((u) => !unused(u));
  units.length = 0;
  units.push(...kept);

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
        if (gatherIndex.get(eqn) === r && a === eqn.inputs[1] && home === u) continue;
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
  return { units, fused, gatherIndex, escaping, lastUse };
}

/** `indices` is `value` with a trailing axis of size 1 (the index vector of a point gather). */
const isTrailingUnit = (indices: Var, value: Var) => {
  const s = indices.aval.shape;
  return s.length === value.aval.shape.length + 1 && s[s.length - 1] === 1 && shapesEqual(s.slice(0, -1), value.aval.shape);
};

const INDEXED = new Set(["gather", "scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"]);

/** Appends `value` to `key`'s list (in place: these lists are built once per plan). */
function addTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** The loops to fuse into the gather, scatter or padding loop that alone reads them (see `Plan.fused`). */
function findFusions(units: readonly Unit[], jaxpr: Jaxpr, root: (v: Var) => Var): Map<LoopUnit, number> {
  const fused = new Map<LoopUnit, number>();
  // Only loops fuse (a program of scalars, such as a scalarized gradient, has none).
  if (!units.some((u) => u.kind === "loop")) return fused;
  const readers = new Map<Var, { unit: number; position: number; prim: string }[]>();
  units.forEach((u, i) => {
    for (const eqn of u.kind === "loop" ? u.members : [u.eqn]) {
      eqn.inputs.forEach((a, position) => {
        if (!(a instanceof Var)) return;
        const r = root(a);
        const unit = u.kind === "view" ? (u.eqn.outs[0].aval.shape.length === 0 ? -1 : -2) : i;
        addTo(readers, r, { unit, position, prim: eqn.prim });
      });
    }
  });
  const outputs = new Set(jaxpr.outs.filter((a): a is Var => a instanceof Var).map(root));
  units.forEach((u, i) => {
    if (u.kind !== "loop" || u.members.some((e) => unitKinds[e.prim].kind === "reduce" || e.prim === "pad" || e.prim === "gather")) return;
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
