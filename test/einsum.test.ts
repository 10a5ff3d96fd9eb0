/**
 * np.einsum against NumPy's (`reference/numpy/einsum.json`, from
 * `reference/scripts/einsum.py`): products, traces, diagonals, implicit outputs, ellipses
 * with broadcasting, chains; derivatives, batching and compilation; the contraction order
 * and bad subscripts.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, makeJaxpr, np, vmap } from "../src";
import { expectClose, expectIdentical } from "./helpers/assert";

interface Case {
  spec: string;
  shapes: number[][];
  operands: number[][];
  shape: number[];
  result: number[];
}
const { cases } = JSON.parse(readFileSync(new URL("../reference/numpy/einsum.json", import.meta.url), "utf8")) as { cases: Case[] };

describe("np.einsum = NumPy", () => {
  it(`${cases.length} subscripts and shapes`, () => {
    for (const c of cases) {
      const ops = c.operands.map((o, i) => np.array(o).reshape(c.shapes[i]));
      const r = np.einsum(c.spec, ...ops);
      expect(r.shape, `${c.spec} ${JSON.stringify(c.shapes)}`).toEqual(c.shape);
      expectClose(r.reshape([-1]), c.result, 1e-12, 1e-12);
    }
  });

  it("compiled gives the interpreter's bits; grad and vmap go through", () => {
    for (const c of cases.slice(0, 30)) {
      const ops = c.operands.map((o, i) => np.array(o).reshape(c.shapes[i]));
      const f = (...xs: Tensor[]) => np.einsum(c.spec, ...xs);
      expectIdentical(jit(f)(...ops) as Tensor, f(...ops));
    }
    const a = np.array([[1, 2], [3, 4]]);
    const b = np.array([[5, 6], [7, 8]]);
    // d/da sum(a @ b) = ones @ bᵀ
    expect(grad((x: Tensor) => np.sum(np.einsum("ij,jk->ik", x, b)))(a).tolist()).toEqual([
      [11, 15],
      [11, 15],
    ]);
    expect(vmap((x: Tensor) => np.einsum("ii", x))(np.stack([a, b])).tolist()).toEqual([5, 13]);
  });

  it("contracts a chain in the cheap order (no large intermediate)", () => {
    // (1000×2)(2×1000)(1000×3): left to right builds 1000×1000; greedy builds 2×3 first.
    const [p, q, r] = [np.ones([1000, 2]), np.ones([2, 1000]), np.ones([1000, 3])];
    const greedy = makeJaxpr((x: Tensor, y: Tensor, z: Tensor) => np.einsum("ij,jk,kl->il", x, y, z))(p, q, r).toString();
    expect(greedy).not.toContain("f64[1000,1000]");
    const naive = makeJaxpr((x: Tensor, y: Tensor, z: Tensor) => np.einsum("ij,jk,kl->il", x, y, z, { optimize: false }))(p, q, r).toString();
    expect(naive).toContain("f64[1000,1000]");
    expect(np.einsum("ij,jk,kl->il", p, q, r).shape).toEqual([1000, 3]);
  });

  it("bad subscripts get typed errors naming the problem", () => {
    const m = np.ones([2, 3]);
    expect(() => np.einsum("ij,jk->ik", m)).toThrow(/describe 2 operand\(s\), but 1 were given/);
    expect(() => np.einsum("ijk->i", m)).toThrow(ShapeError);
    expect(() => np.einsum("ij,jk->ik", m, np.ones([4, 2]))).toThrow(/label "j" has size 3 in one operand but 4 in operand 1/);
    expect(() => np.einsum("i1->i", m)).toThrow(ArgumentError);
    expect(() => np.einsum("ij->iz", m)).toThrow(/output label "z" appears in no operand/);
    expect(() => np.einsum("ij->ii", m)).toThrow(/output label "i" is repeated/);
  });
});
