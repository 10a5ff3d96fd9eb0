/**
 * NumPy/SciPy reference cases vendored as JSON by `reference/scripts/*.py`: an id, named
 * input arrays and the result (an array or a list of them). A test suite pairs each id
 * with the jitgrad call that must give that result.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DType, type Tensor, np } from "../../src";

/** An array as the scripts write it: NaN as null, infinities as "inf"/"-inf". */
export interface Arr {
  readonly shape: number[];
  readonly data: (number | string | null)[];
  readonly dtype: DType;
}
export interface Case {
  readonly id: string;
  readonly inputs: Record<string, Arr>;
  readonly result: Arr | Arr[];
}

export const num = (v: number | string | null): number => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v));
export const toTensor = (a: Arr): Tensor => {
  if (a.dtype === "complex128" || a.dtype === "complex64") {
    const v = a.data.map(num);
    return np.array(Array.from({ length: v.length / 2 }, (_, i) => ({ re: v[2 * i], im: v[2 * i + 1] })), a.dtype).reshape(a.shape);
  }
  return np.array(a.data.map(num), a.dtype).reshape(a.shape);
};

/** The cases of `reference/numpy/<file>`. */
export function loadCases(file: string): Case[] {
  return (JSON.parse(readFileSync(new URL(`../../reference/numpy/${file}`, import.meta.url), "utf8")) as { cases: Case[] }).cases;
}

/**
 * One test per case: `calls[id]` on the case's inputs, each result compared with `close`
 * (given the output's index in a list result, or null); a first test checks that ids and calls match.
 */
export function referenceSuite(
  title: string,
  cases: readonly Case[],
  calls: Record<string, (inputs: Record<string, Tensor>) => Tensor | Tensor[]>,
  close: (got: Tensor, want: Arr, what: string, id: string, index: number | null) => void,
): void {
  describe(title, () => {
    it("has a jitgrad call for every case, and a case for every call", () => {
      expect(cases.map((c) => c.id).filter((id) => !(id in calls))).toEqual([]);
      const ids = new Set(cases.map((c) => c.id));
      expect(Object.keys(calls).filter((id) => !ids.has(id))).toEqual([]);
    });
    for (const c of cases) {
      it(c.id, () => {
        const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, a]) => [k, toTensor(a)]));
        const got = calls[c.id](inputs);
        if (Array.isArray(c.result)) {
          const gs = got as Tensor[];
          expect(gs.length, c.id).toBe(c.result.length);
          c.result.forEach((r, i) => close(gs[i], r, `${c.id} [${i}]`, c.id, i));
        } else close(got as Tensor, c.result, c.id, c.id, null);
      });
    }
  });
}
