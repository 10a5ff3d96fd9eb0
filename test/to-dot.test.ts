/** toDot: Graphviz DOT for any jaxpr, well-formed whatever names it is given. */
import { instance } from "@viz-js/viz";
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { ArgumentError, type Tensor, grad, lax, makeJaxpr, np, toDot } from "../src";
import { calcTime } from "../examples/terrain/terrain";

const svgTexts = async (dot: string) => {
  const svg = (await instance()).renderString(dot, { format: "svg" });
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  return {
    texts: Array.from(doc.getElementsByTagName("text")).map((t) => t.textContent ?? ""),
    classes: Array.from(doc.getElementsByTagName("g")).map((g) => g.getAttribute("class") ?? ""),
    ids: Array.from(doc.getElementsByTagName("g")).map((g) => g.getAttribute("id") ?? ""),
  };
};

describe("toDot", () => {
  it("draws one node per equation, with the printer's names and types", async () => {
    const jaxpr = makeJaxpr(calcTime)(np.array([2, 17]));
    const dot = toDot(jaxpr);
    expect(dot.startsWith("digraph jaxpr {")).toBe(true);
    const { texts, ids } = await svgTexts(dot);
    expect(ids.filter((id) => /^eqn\d+$/.test(id))).toHaveLength(jaxpr.jaxpr.eqns.length);
    expect(texts).toContain("a: f64[2]");
    expect(texts).toContain("sqrt");
    expect(texts).toContain("y=2"); // integer_pow's param
    expect(texts).toContain("0.45"); // a literal operand
    // The names are the printed jaxpr's: the last equation defines `u`.
    expect(jaxpr.toString()).toContain("u:f64[] = add");
    expect(texts).toContain("u: f64[]");
  });

  it("draws sub-jaxprs of control flow as clusters, nested", async () => {
    const f = (x: Tensor) =>
      lax.cond(
        np.greater(x, 0),
        (y: Tensor) => lax.foriLoop(0, 3, (_i: Tensor, z: Tensor) => z.mul(2), y),
        (y: Tensor) => y.neg(),
        x,
      );
    const { texts, classes } = await svgTexts(toDot(makeJaxpr(f)(1.5)));
    expect(classes.filter((c) => c === "cluster")).toHaveLength(3); // two branches, one loop body
    expect(texts).toEqual(expect.arrayContaining(["cond branch 0", "cond branch 1", "scan body"]));
  });

  it("keeps hostile titles and names as text: nothing ends a string or starts a statement", async () => {
    const hostile = ['x"]; evil -> pwned; q [label="', "back\\slash \\N \\l", "}{ ]; digraph", "<b>html</b>"];
    const jaxpr = makeJaxpr((a: Tensor, b: Tensor, c: Tensor, d: Tensor) => a.add(b).mul(c).sub(d))(1, 2, 3, 4);
    const dot = toDot(jaxpr, { title: 'title "quoted" \\ }', inputNames: hostile, rankdir: "LR" });
    const { texts, ids } = await svgTexts(dot);
    for (const name of hostile) expect(texts).toContain(`${name}: f64[]`);
    expect(texts).toContain('title "quoted" \\ }');
    expect(ids).not.toContain("pwned");
    // A newline in a name becomes a line break, not a new DOT statement.
    const { texts: broken } = await svgTexts(toDot(jaxpr, { inputNames: ["one\ntwo", "b", "c", "d"] }));
    expect(broken).toEqual(expect.arrayContaining(["one", "two: f64[]"]));
  });

  it("draws constants and the gradient's graph", async () => {
    const w = np.array([1, 2, 3]);
    const { ids } = await svgTexts(toDot(makeJaxpr((x: Tensor) => x.mul(w).sum())(np.ones([3]))));
    expect(ids.some((id) => id.startsWith("const"))).toBe(true);
    const g = makeJaxpr(grad(calcTime))(np.array([2, 17]));
    const { ids: gids } = await svgTexts(toDot(g, { types: false }));
    expect(gids.filter((id) => /^eqn\d+$/.test(id))).toHaveLength(g.jaxpr.eqns.length);
  });

  it("rejects bad options with a clear error", () => {
    const jaxpr = makeJaxpr((x: Tensor) => x.mul(2))(1);
    expect(() => toDot(jaxpr, { rankdir: "UP" as "TB" })).toThrow(ArgumentError);
    expect(() => toDot(jaxpr, { rankdir: "UP" as "TB" })).toThrow("toDot: rankdir must be one of TB, LR, BT, RL, got UP.");
    expect(() => toDot(jaxpr, { inputNames: ["a", "b"] })).toThrow("toDot: inputNames must be 1 string(s), one per input of the jaxpr.");
  });
});
