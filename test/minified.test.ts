/**
 * The library minified, as a browser bundle ships it: error names must survive the
 * renaming of classes, and jit must still compile and agree with the unminified build.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as source from "../src";

let lib: typeof source;
let dir: string;

beforeAll(async () => {
  const out = await build({ entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });
  dir = mkdtempSync(join(tmpdir(), "jitgrad-min-"));
  const file = join(dir, "index.min.mjs");
  writeFileSync(file, out.outputFiles[0].text);
  lib = (await import(pathToFileURL(file).href)) as typeof source;
}, 60_000);

afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe("the minified bundle", () => {
  it("keeps every error's name", () => {
    const names = ["JitgradError", "ShapeError", "DTypeError", "ArgumentError", "ConcretizationError", "TracerLeakError", "PytreeError", "TransformError", "IRError", "AllocationError"] as const;
    for (const name of names) expect(new lib[name]("m").name).toBe(name);
    try {
      lib.np.add(lib.np.ones([2]), lib.np.ones([3]));
      expect.fail("no error");
    } catch (e) {
      expect((e as Error).name).toBe("ShapeError");
      expect(e).toBeInstanceOf(lib.ShapeError);
    }
  });

  it("a Tensor from one copy of jitgrad passed to another is named as such (the dual-package mix)", () => {
    const foreign = lib.np.ones([2]);
    expect(() => source.np.add(foreign, 1)).toThrow(/a Tensor from another copy of jitgrad .* import jitgrad one way everywhere/);
    expect(() => source.jit((x: source.Tensor) => x.mul(2))(foreign as never)).toThrow(/another copy of jitgrad/);
    expect(() => source.grad((x: source.Tensor) => x.sum())(foreign as never)).toThrow(/another copy of jitgrad/);
  });

  it("compiles with jit and gives the unminified build's bits", () => {
    const f = (x: source.Tensor) => lib.np.sum(lib.np.sin(x).mul(x));
    const g = lib.jit(lib.grad(f));
    const x = lib.np.array([0.5, -1.25, 2]);
    expect(g.lower(x).interpreted).toBe(false);
    const want = source.jit(source.grad((t: source.Tensor) => source.np.sum(source.np.sin(t).mul(t))))(source.np.array([0.5, -1.25, 2]));
    expect(Array.from(g(x).toTypedArray())).toEqual(Array.from(want.toTypedArray()));
  });
});
