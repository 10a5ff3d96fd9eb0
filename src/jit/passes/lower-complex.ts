/**
 * Complex lowering, the first pass before code generation: every equation on complex
 * values is replaced by its expansion into real arithmetic on the components
 * (`core/complex-expansion.ts`, the very expansions the interpreter evaluates), so the
 * optimizer, scalarization, fusion and every backend see only real values. Control flow
 * carries a complex value as its two parts (its sub-jaxprs are split the same way).
 * Complex arrays remain only where they cross into or out of the program and around the
 * FFT, which takes them whole: there `complex`/`real`/`imag` join and split them, as
 * kernel calls.
 */
import { scalarArray } from "../../core/array";
import type { Aval } from "../../core/aval";
import { makeAval } from "../../core/aval";
import { Parts, type RealBuilder, type Value, complexRules } from "../../core/complex-expansion";
import { isComplex, realDType } from "../../core/dtype";
import { InternalError } from "../../core/errors";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var, makeJaxprIR } from "../../core/ir";
import type { PrimParams } from "../../core/primitives";
import { traceToJaxpr } from "../../core/staging";
import { subJaxprsOf } from "../../core/subjaxpr";
import type { Tensor } from "../../core/tensor";
import { bind } from "../../core/trace";
import { inlineCheckpoints } from "./inline";

const NONE = {} as const;

const complexAtom = (a: Atom) => isComplex(a.aval.dtype);

/** Whether any value of `jaxpr` (or of its sub-jaxprs) is complex. */
function hasComplex(jaxpr: Jaxpr): boolean {
  return (
    jaxpr.invars.some(complexAtom) ||
    jaxpr.constvars.some(complexAtom) ||
    jaxpr.eqns.some((e) => e.outs.some(complexAtom) || e.inputs.some(complexAtom) || subJaxprsOf(e).some((s) => hasComplex(s.jaxpr)))
  );
}

const staged: RealBuilder = { apply: (prim, args, params) => bind(prim, args, params) };

/** Each complex aval as the two real avals of its parts. */
const splitAvals = (avals: readonly Aval[]): Aval[] =>
  avals.flatMap((a) => (isComplex(a.dtype) ? [makeAval(a.shape, realDType(a.dtype)), makeAval(a.shape, realDType(a.dtype))] : [a]));

/** How many flat operands the first `n` of `avals` become. */
const splitCount = (avals: readonly Aval[], n: number): number => splitAvals(avals.slice(0, n)).length;

/** The equations of a lowering, as the trace sees them. */
class Lowering {
  private readonly env = new Map<Var, Value>();
  private readonly whole = new Map<Parts, Tensor>();

  set(v: Var, x: Value): void {
    this.env.set(v, x);
  }

  read(a: Atom): Value {
    return a instanceof Lit ? scalarArray(a.value, a.aval.dtype) : this.env.get(a)!;
  }

  /** A complex value as one array (its parts joined once). */
  asWhole(v: Value): Tensor {
    if (!(v instanceof Parts)) return v;
    let t = this.whole.get(v);
    if (t === undefined) {
      t = bind("complex", [v.re, v.im], NONE)[0];
      this.whole.set(v, t);
    }
    return t;
  }

  /** A value as an expansion takes it: parts for complex arrays (split once). */
  asParts(a: Atom): Value {
    const v = this.read(a);
    if (v instanceof Parts || !isComplex(a.aval.dtype)) return v;
    const p = new Parts(bind("real", [v], NONE)[0], bind("imag", [v], NONE)[0]);
    if (a instanceof Var) this.env.set(a, p);
    this.whole.set(p, v);
    return p;
  }

  /** Operands flattened: a complex one as its two parts. */
  flat(atoms: readonly Atom[]): Tensor[] {
    return atoms.flatMap((a) => {
      const v = this.asParts(a);
      return v instanceof Parts ? [v.re, v.im] : [v];
    });
  }

  eqn(eqn: AnyEqn): void {
    const rule = complexRules[eqn.prim];
    const involved = eqn.inputs.some(complexAtom) || eqn.outs.some(complexAtom);
    let outs: Value[];
    if (eqn.prim === "cond" || eqn.prim === "while" || eqn.prim === "scan") outs = regroup(eqn.outs, controlFlow(eqn, this.flat(eqn.inputs)));
    else if (rule !== undefined && involved) {
      const expand = rule.expand as (b: RealBuilder, args: readonly Value[], params: unknown, outAvals: readonly Aval[]) => Value[];
      outs = expand(staged, eqn.inputs.map((a) => this.asParts(a)), eqn.params, eqn.outs.map((v) => v.aval));
    } else outs = bind(eqn.prim, eqn.inputs.map((a) => this.asWhole(this.read(a))), eqn.params);
    eqn.outs.forEach((v, i) => this.env.set(v, outs[i]));
  }
}

/** Flat results back into values: two for each complex output. */
function regroup(outs: readonly Var[], flat: readonly Tensor[]): Value[] {
  let k = 0;
  return outs.map((v) => (isComplex(v.aval.dtype) ? new Parts(flat[k++], flat[k++]) : flat[k++]));
}

/** A control-flow equation on flattened operands, with its sub-jaxprs split the same way. */
function controlFlow(eqn: AnyEqn, operands: Tensor[]): Tensor[] {
  const avals = eqn.inputs.map((a) => a.aval);
  switch (eqn.prim) {
    case "cond": {
      const p = eqn.params as PrimParams["cond"];
      return bind("cond", operands, { branches: p.branches.map(splitJaxpr) });
    }
    case "while": {
      const p = eqn.params as PrimParams["while"];
      const params: PrimParams["while"] = {
        cond_jaxpr: splitJaxpr(p.cond_jaxpr),
        body_jaxpr: splitJaxpr(p.body_jaxpr),
        cond_nconsts: splitCount(avals, p.cond_nconsts),
        body_nconsts: splitCount(avals.slice(p.cond_nconsts), p.body_nconsts),
      };
      return bind("while", operands, params);
    }
    case "scan": {
      const p = eqn.params as PrimParams["scan"];
      const params: PrimParams["scan"] = {
        ...p,
        jaxpr: splitJaxpr(p.jaxpr),
        num_consts: splitCount(avals, p.num_consts),
        num_carry: splitCount(avals.slice(p.num_consts), p.num_carry),
      };
      return bind("scan", operands, params);
    }
    default:
      throw new InternalError(`internal: ${eqn.prim} is not control flow`);
  }
}

/** Lowers `jaxpr` by tracing its lowering; `split` makes complex inputs and outputs pairs of real ones. */
function lowerTraced(jaxpr0: Jaxpr, split: boolean): Jaxpr {
  const jaxpr = inlineCheckpoints(jaxpr0);
  const nConst = jaxpr.constvars.length;
  const vars = [...jaxpr.constvars, ...jaxpr.invars];
  const avals = vars.map((v) => v.aval);
  const closed = traceToJaxpr(
    (...xs) => {
      const low = new Lowering();
      let k = 0;
      for (const v of vars) low.set(v, split && isComplex(v.aval.dtype) ? new Parts(xs[k++], xs[k++]) : xs[k++]);
      for (const eqn of jaxpr.eqns) low.eqn(eqn);
      return split ? low.flat(jaxpr.outs) : jaxpr.outs.map((a) => low.asWhole(low.read(a)));
    },
    split ? splitAvals(avals) : avals,
    "jit (complex lowering)",
  );
  if (closed.consts.length > 0) throw new InternalError("internal: complex lowering introduced constants");
  const j = closed.jaxpr;
  const nFlatConst = split ? splitCount(avals, nConst) : nConst;
  return makeJaxprIR(j.invars.slice(0, nFlatConst), j.invars.slice(nFlatConst), j.eqns, j.outs);
}

/** A sub-jaxpr of control flow with each complex input and output as two real ones. */
function splitJaxpr(jaxpr: Jaxpr): Jaxpr {
  return hasComplex(jaxpr) ? lowerTraced(jaxpr, true) : jaxpr;
}

/** The program with complex values lowered to real ones (complex inputs and outputs kept). */
export function lowerComplex(jaxpr: Jaxpr): Jaxpr {
  return hasComplex(jaxpr) ? lowerTraced(jaxpr, false) : jaxpr;
}
