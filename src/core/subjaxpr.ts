/**
 * Sub-jaxprs of higher-order primitives: tracing a function of flat tensors into a jaxpr
 * with no constvars (its constants become leading inputs, "closure conversion"), and
 * re-arranging a sub-jaxpr's inputs.
 */
import type { Aval } from "./aval";
import { type AnyEqn, type Jaxpr, Var, makeEqn, makeJaxprIR } from "./ir";
import { traceToJaxpr } from "./staging";
import type { Tensor } from "./tensor";

/** A traced sub-function: `jaxpr` takes `[...consts, ...inputs]`; `consts` are the values to pass. */
export interface SubJaxpr {
  readonly jaxpr: Jaxpr;
  readonly consts: readonly Tensor[];
}

/** Traces `fn` on inputs of `avals`; its closed-over values become leading inputs. */
export function traceSub(fn: (...xs: Tensor[]) => readonly Tensor[], avals: readonly Aval[], name: string): SubJaxpr {
  const closed = traceToJaxpr(fn, avals, name);
  const j = closed.jaxpr;
  return { jaxpr: makeJaxprIR([], [...j.constvars, ...j.invars], j.eqns, j.outs), consts: closed.consts };
}

/** The same jaxpr taking extra, unused inputs of `before` avals first and `after` avals last. */
export function padInputs(jaxpr: Jaxpr, before: readonly Aval[], after: readonly Aval[] = []): Jaxpr {
  if (before.length === 0 && after.length === 0) return jaxpr;
  return makeJaxprIR(
    jaxpr.constvars,
    [...before.map((a) => new Var(a)), ...jaxpr.invars, ...after.map((a) => new Var(a))],
    jaxpr.eqns,
    jaxpr.outs,
  );
}

/** The same jaxpr with its inputs reordered: input i of the result is input `order[i]` of `jaxpr`. */
export function permuteInputs(jaxpr: Jaxpr, order: readonly number[]): Jaxpr {
  return makeJaxprIR(
    jaxpr.constvars,
    order.map((i) => jaxpr.invars[i]),
    jaxpr.eqns,
    jaxpr.outs,
  );
}

/** Gives each sub-jaxpr the union of all their constants as leading inputs (unused ones ignored). */
export function shareConsts(subs: readonly SubJaxpr[]): { jaxprs: Jaxpr[]; consts: Tensor[] } {
  const consts = subs.flatMap((s) => [...s.consts]);
  const jaxprs = subs.map((s, i) => {
    const before = subs.slice(0, i).flatMap((o) => o.consts.map((c) => new Var(c.aval)));
    const after = subs.slice(i + 1).flatMap((o) => o.consts.map((c) => new Var(c.aval)));
    const own = s.jaxpr.invars.slice(0, s.consts.length);
    const rest = s.jaxpr.invars.slice(s.consts.length);
    return makeJaxprIR([], [...before, ...own, ...after, ...rest], s.jaxpr.eqns, s.jaxpr.outs);
  });
  return { jaxprs, consts };
}

/** The same jaxpr with its outputs reordered: output i of the result is output `order[i]`. */
export function permuteOutputs(jaxpr: Jaxpr, order: readonly number[]): Jaxpr {
  return makeJaxprIR(
    jaxpr.constvars,
    jaxpr.invars,
    jaxpr.eqns,
    order.map((i) => jaxpr.outs[i]),
  );
}

/** What most equations hold: one shared empty list (passes ask every equation). */
const NO_SUB_JAXPRS: readonly { readonly label: string; readonly jaxpr: Jaxpr }[] = Object.freeze([]);

/** The sub-jaxprs an equation holds (branches, loop bodies), labelled; none for ordinary primitives. */
export function subJaxprsOf(eqn: AnyEqn): readonly { readonly label: string; readonly jaxpr: Jaxpr }[] {
  switch (eqn.prim) {
    case "cond":
      return eqn.params.branches.map((jaxpr, i) => ({ label: `branch ${i}`, jaxpr }));
    case "while":
      return [
        { label: "cond", jaxpr: eqn.params.cond_jaxpr },
        { label: "body", jaxpr: eqn.params.body_jaxpr },
      ];
    case "scan":
      return [{ label: "body", jaxpr: eqn.params.jaxpr }];
    case "checkpoint":
      return [{ label: "body", jaxpr: eqn.params.jaxpr }];
    default:
      return NO_SUB_JAXPRS;
  }
}

/** The equation with `pass` applied to each of its sub-jaxprs; the same object when none changed. */
export function mapEqnSubJaxprs(eqn: AnyEqn, pass: (j: Jaxpr) => Jaxpr): AnyEqn {
  switch (eqn.prim) {
    case "cond": {
      const branches = eqn.params.branches.map(pass);
      return branches.every((b, i) => b === eqn.params.branches[i]) ? eqn : makeEqn("cond", { branches }, eqn.inputs, eqn.outs);
    }
    case "while": {
      const [c, b] = [pass(eqn.params.cond_jaxpr), pass(eqn.params.body_jaxpr)];
      return c === eqn.params.cond_jaxpr && b === eqn.params.body_jaxpr ? eqn : makeEqn("while", { ...eqn.params, cond_jaxpr: c, body_jaxpr: b }, eqn.inputs, eqn.outs);
    }
    case "scan": {
      const j = pass(eqn.params.jaxpr);
      return j === eqn.params.jaxpr ? eqn : makeEqn("scan", { ...eqn.params, jaxpr: j }, eqn.inputs, eqn.outs);
    }
    case "checkpoint": {
      const j = pass(eqn.params.jaxpr);
      return j === eqn.params.jaxpr ? eqn : makeEqn("checkpoint", { ...eqn.params, jaxpr: j }, eqn.inputs, eqn.outs);
    }
    default:
      return eqn;
  }
}
