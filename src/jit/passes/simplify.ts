/**
 * Algebraic simplification, only where IEEE arithmetic makes the rewrite exact (so the
 * compiled program stays bit-identical to the interpreter): x·1, x/1, x + (-0), x - (+0),
 * -(-x), x/2^k → x·2^-k, x + (-y) → x - y and x - (-y) → x + y (IEEE defines x - y as
 * x + (-y); the negation often dies, and a gradient's accumulated terms lose an operation on
 * their dependency chain), integer_pow with y ∈ {0, 1}, and identity shape ops.
 * x + 0 only where x cannot be -0 (an integer, or itself a sum with +0): -0 + 0 = +0. (x·0 is
 * not simplified: NaN·0 = NaN. -(x - y) is not y - x:
 * for x = y one is -0, the other +0.)
 */
import { avalsEqual } from "../../core/aval";
import { isFloat } from "../../core/dtype";
import { type AnyEqn, type Atom, Lit, Var } from "../../core/ir";
import { isLiteral, keep, replace, type Rewrite, type Visit } from "./rewrite";
import { makeEqn } from "../../core/ir";

const sameType = (a: Atom, out: Var) => avalsEqual(a.aval, out.aval);
const realOrInt = (v: Var) => isFloat(v.aval.dtype) || v.aval.dtype === "int32";

/** x/c = x·(1/c) exactly when c is a power of two whose reciprocal is a normal number. */
function exactReciprocal(c: number): number | undefined {
  if (!Number.isFinite(c) || c === 0) return undefined;
  const r = 1 / c;
  const e = Math.log2(Math.abs(c));
  return Number.isInteger(e) && Math.abs(r) >= 2 ** -1022 && Number.isFinite(r) ? r : undefined;
}

type Producers = ReadonlyMap<Var, AnyEqn>;

/** Replaces the equation by `x` when `x` has its output's type. */
const pass = (x: Atom | undefined, out: Var): Rewrite | undefined => (x !== undefined && sameType(x, out) ? replace(x) : undefined);

/** What `x` negates, when an equation kept in this walk computed it as `neg`. */
function negated(x: Atom | undefined, producer: Producers): Atom | undefined {
  const p = x instanceof Var ? producer.get(x) : undefined;
  return p?.prim === "neg" ? p.inputs[0] : undefined;
}

/** Whether `x` is never -0, so that x + 0 is x: an int32, a literal but -0, or a sum with +0 (which makes -0 +0). */
function neverNegativeZero(x: Atom, producer: Producers): boolean {
  if (x.aval.dtype === "int32") return true;
  if (x instanceof Lit) return !Object.is(x.value, -0);
  const p = producer.get(x);
  return (p?.prim === "add" || p?.prim === "add_any") && (isLiteral(p.inputs[0], 0) || isLiteral(p.inputs[1], 0));
}

/** An add or sub of `x` and `y` in place of `eqn`. */
const arith = (eqn: AnyEqn, prim: "add" | "sub", x: Atom, y: Atom): Rewrite => keep(makeEqn(prim, {}, [x, y], eqn.outs));

// Written without a closure per equation: a first jit call runs this cold, where every
// closure and destructured array is an allocation (it was a quarter of the optimizer's).
function simplifyOne(eqn: AnyEqn, producer: Producers): Rewrite | undefined {
  const a = eqn.inputs[0];
  const b = eqn.inputs[1];
  const out = eqn.outs[0];
  switch (eqn.prim) {
    case "mul":
      return isLiteral(b, 1) ? pass(a, out) : isLiteral(a, 1) ? pass(b, out) : undefined;
    case "div":
      if (isLiteral(b, 1)) return pass(a, out);
      if (b instanceof Lit && out.aval.dtype !== "int32") {
        const inv = exactReciprocal(b.value);
        if (inv !== undefined) return keep(makeEqn("mul", {}, [a, new Lit(inv, b.aval)], eqn.outs));
      }
      return undefined;
    case "add":
    case "add_any": {
      if (isLiteral(b, -0)) return pass(a, out);
      if (isLiteral(a, -0)) return pass(b, out);
      // A gradient's cotangent of n unpacked elements adds n - 1 padding zeros to each; the first turns -0 into +0, the rest do nothing.
      if (isLiteral(b, 0) && realOrInt(out) && neverNegativeZero(a, producer)) return pass(a, out);
      if (isLiteral(a, 0) && realOrInt(out) && neverNegativeZero(b, producer)) return pass(b, out);
      // Addition commutes exactly, so -x + y is y - x.
      const nb = negated(b, producer);
      if (nb !== undefined) return arith(eqn, "sub", a, nb);
      const na = negated(a, producer);
      return na !== undefined ? arith(eqn, "sub", b, na) : undefined;
    }
    case "sub": {
      if (isLiteral(b, 0)) return pass(a, out);
      const nb = negated(b, producer);
      return nb !== undefined ? arith(eqn, "add", a, nb) : undefined;
    }
    case "neg":
      return pass(negated(a, producer), out);
    case "integer_pow":
      if (eqn.params.y === 1) return pass(a, out);
      return eqn.params.y === 0 && out.aval.shape.length === 0 ? replace(new Lit(1, out.aval)) : undefined;
    case "convert_element_type":
    case "reshape":
    case "squeeze":
    case "stop_gradient":
    case "broadcast_in_dim":
      return pass(a, out);
    // A shape-changing op only passes its input through when the types match exactly
    // (same shape), which `pass` checks; rev and slice also need no reordering.
    case "rev":
    case "slice":
      return identityLayout(eqn) ? pass(a, out) : undefined;
    case "transpose":
      return eqn.params.permutation.every((p, i) => p === i) ? pass(a, out) : undefined;
    case "reduce_sum":
    case "reduce_max":
    case "reduce_min":
    case "reduce_prod":
      return eqn.params.axes.length === 0 ? pass(a, out) : undefined;
    case "select_n":
      if (a instanceof Lit) {
        const k = Math.min(Math.max(a.value, 0), eqn.inputs.length - 2);
        return pass(eqn.inputs[1 + k], out);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Simplification as one pass of a walk (see `chain`); it remembers the equations it kept. */
export function simplifyVisit(): Visit {
  const producer = new Map<Var, AnyEqn>();
  return (eqn: AnyEqn): Rewrite => {
    const result = simplifyOne(eqn, producer) ?? keep(eqn);
    if (result.kind === "keep") for (let i = 0; i < result.eqn.outs.length; i++) producer.set(result.eqn.outs[i], result.eqn);
    return result;
  };
}

function identityLayout(eqn: AnyEqn): boolean {
  if (eqn.prim === "rev") return eqn.params.dimensions.every((d) => eqn.inputs[0].aval.shape[d] <= 1);
  if (eqn.prim === "slice") return !eqn.params.strides || eqn.params.strides.every((s, d) => s === 1 || eqn.outs[0].aval.shape[d] <= 1);
  return true;
}
