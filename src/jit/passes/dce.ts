/**
 * Dead-code elimination: drop equations none of whose outputs are used, unless they have
 * effects; and drop a `scan`'s carries that nothing reads — a `foriLoop` counter the body
 * never uses is carried, incremented and thrown away otherwise.
 */
import { hasEffects } from "../../core/effects";
import { type AnyEqn, type Jaxpr, Var, makeEqn, makeJaxprIR } from "../../core/ir";

export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of jaxpr.outs) if (a instanceof Var) live.add(a);
  const kept: AnyEqn[] = [];
  let changed = false;
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    let eqn = jaxpr.eqns[i];
    if (!eqn.outs.some((v) => live.has(v)) && !hasEffects(eqn)) {
      changed = true;
      continue;
    }
    if (eqn.prim === "scan") {
      const pruned = pruneCarries(eqn, live);
      if (pruned !== eqn) changed = true;
      eqn = pruned;
    }
    kept.push(eqn);
    for (const a of eqn.inputs) if (a instanceof Var) live.add(a);
  }
  if (!changed) return jaxpr;
  return makeJaxprIR(jaxpr.constvars, jaxpr.invars, kept.reverse(), jaxpr.outs);
}

/** The invars of `body` that computing `outs` (and every effect) reads. */
function inputsRead(body: Jaxpr, outs: readonly number[]): Set<Var> {
  const live = new Set<Var>();
  for (const i of outs) {
    const a = body.outs[i];
    if (a instanceof Var) live.add(a);
  }
  for (let i = body.eqns.length - 1; i >= 0; i--) {
    const eqn = body.eqns[i];
    if (!eqn.outs.some((v) => live.has(v)) && !hasEffects(eqn)) continue;
    for (const a of eqn.inputs) if (a instanceof Var) live.add(a);
  }
  return live;
}

/**
 * A scan without the carries that are dead after it and read by no live part of its body
 * (found to a fixed point: a carry read by a live carry's update is live).
 */
function pruneCarries(eqn: Extract<AnyEqn, { prim: "scan" }>, live: ReadonlySet<Var>): AnyEqn {
  const p = eqn.params;
  const body = p.jaxpr;
  const carries = Array.from({ length: p.num_carry }, (_, i) => i);
  const ys = Array.from({ length: eqn.outs.length - p.num_carry }, (_, i) => p.num_carry + i);
  const keep = new Set(carries.filter((i) => live.has(eqn.outs[i])));
  for (;;) {
    const read = inputsRead(body, [...keep, ...ys]);
    const more = carries.filter((i) => !keep.has(i) && read.has(body.invars[p.num_consts + i]));
    if (more.length === 0) break;
    more.forEach((i) => keep.add(i));
  }
  if (keep.size === p.num_carry) return eqn;
  const kept = carries.filter((i) => keep.has(i));
  const consts = body.invars.slice(0, p.num_consts);
  const xs = body.invars.slice(p.num_consts + p.num_carry);
  const newBody = dce(
    makeJaxprIR(
      body.constvars,
      [...consts, ...kept.map((i) => body.invars[p.num_consts + i]), ...xs],
      body.eqns,
      [...kept.map((i) => body.outs[i]), ...ys.map((i) => body.outs[i])],
    ),
  );
  const inputs = [...eqn.inputs.slice(0, p.num_consts), ...kept.map((i) => eqn.inputs[p.num_consts + i]), ...eqn.inputs.slice(p.num_consts + p.num_carry)];
  const outs = [...kept.map((i) => eqn.outs[i]), ...eqn.outs.slice(p.num_carry)];
  return makeEqn("scan", { ...p, jaxpr: newBody, num_carry: kept.length }, inputs, outs);
}
