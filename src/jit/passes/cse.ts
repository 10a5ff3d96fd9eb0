/**
 * Common-subexpression elimination: two equations with the same primitive, params and
 * inputs compute the same values (primitives are pure), so the second reuses the first;
 * the inputs of a real add or multiply count in either order.
 * Equations with effects (a print) are each kept.
 */
import { InternalError } from "../../core/errors";
import { hasEffects } from "../../core/effects";
import { isComplex } from "../../core/dtype";
import { type BinaryDef, binaryPrims } from "../../core/prims/binary";
import { type AnyEqn, type Atom, Lit, paramsOf } from "../../core/ir";
import { type Visit, keep, literalKey, replace } from "./rewrite";

const jaxprIds = new WeakMap<object, number>();
let nextJaxprId = 0;

/** A key equal for equal params: numbers (with -0), strings, booleans, null, arrays and objects of those; sub-jaxprs by identity. */
function valueKey(v: unknown): string {
  if (typeof v === "object" && v !== null && "eqns" in v) {
    let id = jaxprIds.get(v);
    if (id === undefined) jaxprIds.set(v, (id = nextJaxprId++));
    return `J${id}`;
  }
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || typeof v === "boolean" || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.map(valueKey).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${valueKey(o[k])}`)
      .join(",")}}`;
  }
  throw new InternalError(`internal: cse cannot key a ${typeof v} param`);
}

const keys = new WeakMap<object, string>();

function paramsKey(eqn: AnyEqn): string {
  const params = paramsOf(eqn);
  // Most primitives have no params, and each equation its own empty object: no key to cache.
  if (isEmpty(params)) return "{}";
  let k = keys.get(params);
  if (k === undefined) keys.set(params, (k = valueKey(params)));
  return k;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

const atomKey = (a: Atom): string => (a instanceof Lit ? literalKey(a) : "v" + a.id);

/** Whether the primitive declares that real operands commute (so `0 + x` and `x + 0` are one value); complex ones are left alone. */
const commutes = (eqn: AnyEqn): boolean => (binaryPrims as Partial<Record<string, BinaryDef>>)[eqn.prim]?.commutes === true && !isComplex(eqn.outs[0].aval.dtype);

/** The key of an equation: primitive, inputs, params (built by concatenation: it runs for every equation of every pass). */
function eqnKey(eqn: AnyEqn): string {
  let key = eqn.prim + "(";
  if (commutes(eqn)) {
    const x = atomKey(eqn.inputs[0]);
    const y = atomKey(eqn.inputs[1]);
    key += x < y ? `${x},${y}` : `${y},${x}`;
  } else {
    eqn.inputs.forEach((a, i) => {
      key += (i > 0 ? "," : "") + atomKey(a);
    });
  }
  return key + ")" + paramsKey(eqn);
}

/** CSE as one pass of a walk (see `chain`); it remembers the equations it kept. */
export function cseVisit(): Visit {
  const seen = new Map<string, AnyEqn>();
  return (eqn) => {
    if (hasEffects(eqn)) return keep(eqn);
    const key = eqnKey(eqn);
    const prev = seen.get(key);
    if (prev) return replace(...prev.outs);
    seen.set(key, eqn);
    return keep(eqn);
  };
}
