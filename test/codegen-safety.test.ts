/**
 * Generated code is built only from trusted fragments: identifiers from counters, exact
 * number literals, and parameters for everything a user supplies. Hostile names, keys and
 * strings must neither appear in the source nor change its meaning.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBindingName, isIdentifierName } from "../src/core/identifier";
import { type Tensor, jit, np } from "../src";
import { Code, Ident, code, numberLiteral } from "../src/jit/code";

const HOSTILE = [
  'a"b',
  "a'b",
  "`${globalThis.pwned = 1}`",
  "${process.exit(1)}",
  "*/ process.exit(1) /*",
  "\n}); process.exit(1); ({",
  "\u2028x\u2029",
  "__proto__",
  "constructor",
  "toString",
  "process.exit()",
  "</script>",
];

describe("number literals", () => {
  it("round-trip exactly, specials included", () => {
    const values = [0, -0, 1, -1, 0.1, 0.1 + 0.2, 1 / 3, -2.5e-300, 5e-324, 1e21, -1e21, 2 ** 53 + 2, Number.MAX_VALUE, NaN, Infinity, -Infinity];
    for (const v of values) {
      const text = numberLiteral(v).text;
      const back = new Function(`"use strict"; return ${text};`)() as number;
      expect(Object.is(back, v), `${v} → ${text}`).toBe(true);
      // A literal must stay one operand after a binary minus.
      const diff = new Function(`"use strict"; return 1 - ${text};`)() as number;
      expect(Object.is(diff, 1 - v) || (Number.isNaN(diff) && Number.isNaN(1 - v))).toBe(true);
    }
    expect(numberLiteral(-0).text).toBe("(-0)");
    expect(numberLiteral(-Infinity).text).toBe("(-Infinity)");
  });
});

describe("the code builder", () => {
  it("refuses strings and unsafe identifiers", () => {
    expect(() => code`${"x; process.exit()" as unknown as Code}`).toThrow(/refused to interpolate string/);
    expect(() => new Ident("a b", 0)).toThrow(/not a safe identifier/);
    expect(() => new Ident("x\u2028", 0)).toThrow();
    expect(new Ident("$v_", 1).name).toBe("$v_1");
    for (const bad of ["", "0a", "a-b", "\u00e9", "x.y"]) expect(() => new Ident(bad, 0), bad).toThrow(/not a safe identifier/);
    // A counter makes a reserved word safe ("return0"), and must be a whole number.
    expect(new Ident("return", 0).name).toBe("return0");
    for (const bad of [-1, 0.5, NaN, Infinity]) expect(() => new Ident("v", bad), String(bad)).toThrow(/not a whole number/);
  });

  it("reads the identifier grammar as the regular expression /^[A-Za-z_$][\\w$]*$/ does, on any string", () => {
    const grammar = /^[A-Za-z_$][\w$]*$/;
    const chars = fc.constantFrom(..."aZz_$09 -.\u00e9\u2028\n".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 6 }).map((cs) => cs.join("")), (s) => {
        expect(isIdentifierName(s), JSON.stringify(s)).toBe(grammar.test(s));
      }),
      { numRuns: 2000, seed: 5 },
    );
    expect(isBindingName("grad0")).toBe(true);
    expect(isBindingName("class")).toBe(false);
  });
});

describe("hostile user input never reaches the source", () => {
  it("pytree keys in and out", () => {
    const input: Record<string, number> = {};
    HOSTILE.forEach((k, i) => Object.defineProperty(input, k, { value: i + 1, enumerable: true, configurable: true, writable: true }));
    const f = jit((p: Record<string, Tensor>) => {
      const out: Record<string, Tensor> = {};
      for (const k of Object.keys(p)) Object.defineProperty(out, k, { value: p[k].mul(2), enumerable: true, configurable: true, writable: true });
      return out;
    });
    const r = f(input) as unknown as Record<string, number>;
    HOSTILE.forEach((k, i) => expect(Object.getOwnPropertyDescriptor(r, k)?.value).toBe(2 * (i + 1)));
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    const src = f.lower(input).source;
    for (const k of HOSTILE) if (k.length > 3) expect(src.includes(k)).toBe(false);
  });

  it("function names and static string arguments", () => {
    const g = (x: Tensor, tag: string) => (tag.length > 3 ? x.mul(2) : x);
    Object.defineProperty(g, "name", { value: '"); process.exit(1); ("' });
    const jg = jit(g, { staticArgnums: 1 });
    for (const tag of HOSTILE) {
      expect(jg(3, tag)).toBe(tag.length > 3 ? 6 : 3);
      const src = jg.lower(3, tag).source;
      expect(src.includes("process.exit")).toBe(false);
    }
  });

  it("constants with NaN, -0 and infinities keep their bits", () => {
    const c = np.array([NaN, -0, Infinity, -Infinity]);
    const f = jit((x: Tensor) => [x.add(c), np.multiply(x, -0), np.divide(x, 0)]);
    const [a, b, d] = f(np.zeros([4])) as Tensor[];
    const av = Array.from(a.toTypedArray());
    expect(av[0]).toBeNaN();
    expect(Object.is(av[1], 0)).toBe(true);
    expect(av.slice(2)).toEqual([Infinity, -Infinity]);
    expect(Array.from(b.toTypedArray()).every((v) => Object.is(v, -0))).toBe(true);
    expect(Array.from(d.toTypedArray()).every((v) => Number.isNaN(v))).toBe(true);
    const s = jit((x: Tensor) => x.mul(-0).add(-Infinity));
    expect(Object.is(s(np.array(1)).toTypedArray()[0], -Infinity)).toBe(true);
  });
});
