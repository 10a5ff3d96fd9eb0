/**
 * Cache keys for values that are part of a program's identity (static arguments, the aux
 * data of registered pytree nodes, equation params): equal keys mean equal values. Numbers
 * keep -0, NaN and ±Infinity apart; arrays and plain objects compare by contents; anything
 * else (functions, symbols, class instances) is left to the caller's `other`, by identity
 * unless told otherwise.
 */

const ids = new WeakMap<object, number>();
const symbolIds = new Map<symbol, number>();
let nextId = 0;

/** A number for each distinct object or symbol (its identity, as a key). */
export function identityKey(v: object | symbol): string {
  if (typeof v === "symbol") {
    let id = symbolIds.get(v);
    if (id === undefined) symbolIds.set(v, (id = nextId++));
    return `@${id}`;
  }
  let id = ids.get(v);
  if (id === undefined) ids.set(v, (id = nextId++));
  return `@${id}`;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True for the values whose key depends on their contents (arrays, plain objects). */
export function keyedByContents(v: unknown): boolean {
  return typeof v === "object" && v !== null && (Array.isArray(v) || isPlain(v));
}

/**
 * The key of `v`. `other` keys what is neither a primitive, an array nor a plain object
 * (default: identity). A value that contains itself is keyed by identity at the repeat.
 */
export function valueKey(v: unknown, other: (v: object | symbol) => string = identityKey): string {
  const seen = new Set<object>();
  const key = (x: unknown): string => {
    switch (typeof x) {
      case "number":
        return Object.is(x, -0) ? "-0" : String(x);
      case "string":
        return JSON.stringify(x);
      case "boolean":
        return x ? "T" : "F";
      case "undefined":
        return "U";
      case "bigint":
        return `${x}n`;
      case "symbol":
      case "function":
        return other(x);
      case "object": {
        if (x === null) return "N";
        if (seen.has(x)) return identityKey(x);
        if (Array.isArray(x)) {
          seen.add(x);
          const k = `[${x.map(key).join(",")}]`;
          seen.delete(x);
          return k;
        }
        if (!isPlain(x)) return other(x);
        seen.add(x);
        const o = x as Record<string, unknown>;
        const k = `{${Object.keys(o)
          .sort()
          .map((p) => `${JSON.stringify(p)}:${key(o[p])}`)
          .join(",")}}`;
        seen.delete(x);
        return k;
      }
    }
  };
  return key(v);
}
