/** The terrain demo: its numbers against JAX's, its options, its pictures and its command line. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { grad, makeJaxpr, np } from "../src";
import { graphSvg } from "../examples/terrain/graphs";
import { DEFAULTS, parseOptions } from "../examples/terrain/options";
import { crossingsSvg, landscapeSvg, objectiveSvg } from "../examples/terrain/plots";
import { descentPath, gridDescent, landscape, quasiNewtonPath } from "../examples/terrain/solve";
import { TERRAIN, calcTime } from "../examples/terrain/terrain";
import ref from "../reference/terrain-jax.json";

const POST = { start: [2, 17] as const, stepSize: 1.5, steps: 20 };

function parseSvg(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== "warning" && errors.push(msg)) }).parseFromString(svg, "image/svg+xml");
  expect(errors).toEqual([]);
  expect(doc.documentElement?.nodeName).toBe("svg");
  return doc;
}

const groups = (doc: Document, cls: string): Element[] => Array.from(doc.getElementsByTagName("g")).filter((g) => (g.getAttribute("class") ?? "").split(" ").includes(cls));
const pathPoints = (d: string) => d.split(/[ML]/).filter((s) => s.trim() !== "").length;

describe("the demo's numbers", () => {
  it("the descent reproduces JAX's float64 path, every point, x1, x2 and t", () => {
    const path = descentPath(TERRAIN, POST);
    expect(path).toHaveLength(21);
    path.forEach((p, i) => {
      const want = ref.path_float64[i];
      for (const k of ["x1", "x2", "t"] as const) expect(Math.abs(p[k] - want[k])).toBeLessThanOrEqual(1e-12 * Math.abs(want[k]));
    });
  });

  it("the grid descent in one call equals the descent from each start point, and finds the optimum", () => {
    const g = gridDescent(TERRAIN, POST, { lo: 0, hi: 20 }, 3);
    for (let k = 0; k < 9; k++) {
      const start = [g.starts[2 * k], g.starts[2 * k + 1]] as const;
      const last = descentPath(TERRAIN, { ...POST, start }).at(-1)!;
      expect([g.finals[2 * k], g.finals[2 * k + 1]]).toEqual([last.x1, last.x2]);
      expect(g.distances[k]).toBeCloseTo(Math.hypot(last.x1 - g.optimum[0], last.x2 - g.optimum[1]), 12);
    }
    const slope = grad(calcTime)([...g.optimum]);
    expect(Math.hypot(slope[0], slope[1])).toBeLessThan(1e-10);
  });

  it("the landscape raster is t at the cell centres, top row first", () => {
    const r = landscape(TERRAIN, { lo: 0, hi: 20 }, 4);
    // Row 0 is the largest x2 (17.5); column 0 the smallest x1 (2.5).
    expect(r.values[0]).toBe(calcTime(np.array([2.5, 17.5])).item());
    expect(r.values[15]).toBe(calcTime(np.array([17.5, 2.5])).item());
    expect(r.min).toBe(Math.min(...r.values));
  });
});

describe("the demo's quasi-Newton paths", () => {
  const optimum = [11.173074074867202, 3.3699144801078837]; // reference/numpy/optimize.json
  for (const method of ["bfgs", "lbfgs"] as const) {
    it(`${method} reaches the optimum to 1e-10 in fewer steps than gradient descent's 20, each step lowering t`, () => {
      const path = quasiNewtonPath(TERRAIN, [2, 17], method);
      const last = path[path.length - 1];
      expect(path.length - 1).toBeLessThan(20);
      expect(Math.abs(last.x1 - optimum[0])).toBeLessThan(1e-10);
      expect(Math.abs(last.x2 - optimum[1])).toBeLessThan(1e-10);
      for (let i = 1; i < path.length; i++) expect(path[i].t).toBeLessThanOrEqual(path[i - 1].t);
      const gd = descentPath(TERRAIN, { start: [2, 17], stepSize: 1.5, steps: 20 });
      expect(Math.hypot(gd[20].x1 - optimum[0], gd[20].x2 - optimum[1])).toBeGreaterThan(0.1);
    });
  }
});

describe("the demo's options", () => {
  const ok = (argv: string[]) => {
    const r = parseOptions(argv);
    if (E.isLeft(r)) throw new Error(r.left);
    return r.right;
  };
  const bad = (argv: string[]) => {
    const r = parseOptions(argv);
    if (E.isRight(r)) throw new Error(`accepted ${argv.join(" ")}`);
    return r.left;
  };

  it("parses every option, in both spellings", () => {
    expect(ok([])).toEqual(DEFAULTS);
    const o = ok(["--steps", "5", "--step-size=0.5", "--start", "-3,4", "--speeds", "1,2,3", "--grid=7", "--out", "pics", "--no-png"]);
    expect(o).toMatchObject({ steps: 5, stepSize: 0.5, start: [-3, 4], grid: 7, out: "pics", png: false });
    expect(o.params).toEqual({ ...TERRAIN, v1: 1, v2: 2, v3: 3 });
    expect(ok(["--help"]).help).toBe(true);
    expect(ok(["--method", "lbfgs"]).method).toBe("lbfgs");
    expect(ok(["--method=bfgs"]).method).toBe("bfgs");
  });

  it("says what is wrong with bad values", () => {
    expect(bad(["--steps", "2.5"])).toBe('--steps takes a whole number from 0 to 100000, got "2.5"');
    expect(bad(["--steps"])).toBe("--steps needs a value");
    expect(bad(["--step-size", "-1"])).toBe('--step-size takes a positive number, got "-1"');
    expect(bad(["--start", "1"])).toBe('--start takes 2 comma-separated numbers, got "1"');
    expect(bad(["--start", "1,abc"])).toBe('--start takes 2 comma-separated numbers, got "1,abc"');
    expect(bad(["--speeds", "1,0,2"])).toBe('--speeds must all be positive, got "1,0,2"');
    expect(bad(["--grid", "0"])).toBe('--grid takes a whole number from 1 to 300, got "0"');
    expect(bad(["--frobnicate"])).toBe("unknown option --frobnicate");
    expect(bad(["pictures"])).toBe('unexpected argument "pictures"');
    expect(bad(["--no-png=yes"])).toBe("--no-png takes no value");
    expect(bad(["--method", "newton"])).toBe('--method takes gd, bfgs or lbfgs, got "newton"');
  });
});

describe("the demo's pictures", () => {
  const path = descentPath(TERRAIN, POST);

  it("the landscape: filled contour bands, the 21-point path, the optimum", async () => {
    const window = { lo: -5, hi: 25 };
    const doc = parseSvg(await landscapeSvg(landscape(TERRAIN, window, 60), window, 60, path, [11.17, 3.37]));
    const [bands] = groups(doc, "contour-bands");
    expect(bands.getElementsByTagName("path").length).toBe(24);
    const [line] = groups(doc, "descent");
    const d = line.getElementsByTagName("path")[0].getAttribute("d")!;
    expect(pathPoints(d)).toBe(21);
  });

  it("the objective: one point per step", async () => {
    const doc = parseSvg(await objectiveSvg(path));
    const symbols = groups(doc, "mark-symbol").flatMap((g) => Array.from(g.getElementsByTagName("path")));
    expect(symbols).toHaveLength(21);
    const [line] = groups(doc, "mark-line");
    expect(pathPoints(line.getElementsByTagName("path")[0].getAttribute("d")!)).toBe(21);
  });

  it("the crossings: three bands, 20 faint paths and the bold final one, each A → two crossings → B", async () => {
    const doc = parseSvg(await crossingsSvg(TERRAIN, path));
    const rects = groups(doc, "mark-rect").flatMap((g) => Array.from(g.getElementsByTagName("path")));
    expect(rects).toHaveLength(3);
    const lines = groups(doc, "mark-line").flatMap((g) => Array.from(g.getElementsByTagName("path")));
    expect(lines).toHaveLength(21);
    lines.forEach((l) => expect(pathPoints(l.getAttribute("d")!)).toBe(4));
  });

  it("the expression graphs: one node per equation", async () => {
    for (const jaxpr of [makeJaxpr(calcTime)(np.array([2, 17])), makeJaxpr(grad(calcTime))(np.array([2, 17]))]) {
      const doc = parseSvg(await graphSvg(jaxpr, { title: "t", inputNames: ["x"] }));
      const nodes = groups(doc, "node");
      expect(nodes.filter((n) => /^eqn\d+$/.test(n.getAttribute("id") ?? ""))).toHaveLength(jaxpr.jaxpr.eqns.length);
      expect(nodes.filter((n) => /^in\d+$/.test(n.getAttribute("id") ?? ""))).toHaveLength(1);
    }
  });
});

describe("the demo's command line", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "examples/terrain/main.ts", ...args], { encoding: "utf8", timeout: 60_000 });

  it("bad values: a message, exit code 2, no stack trace", () => {
    const r = run(["--steps", "many"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('demo: --steps takes a whole number from 0 to 100000, got "many".');
    expect(r.stderr).toContain("--help");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a full run writes every picture and reports JAX agreement", () => {
    const out = join(mkdtempSync(join(tmpdir(), "jitgrad-demo-")), "pictures");
    const r = run(["--out", out, "--grid", "3"]);
    // Only progress lines (after the first second) may go to stderr.
    expect(r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("… "))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("identical to JAX's to the last bit");
    expect(r.stdout).toContain("x1=10.921592561054666, x2=3.490700872208439");
    for (const name of ["landscape", "objective", "optimization", "t_graph", "grad_t_graph"]) {
      expect(existsSync(join(out, `${name}.svg`))).toBe(true);
      expect(existsSync(join(out, `${name}.png`))).toBe(true);
    }
  });
});
