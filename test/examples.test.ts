/**
 * Each example's core at the reduced sizes of `--quick`, held to its target: accuracy,
 * error bound, matched cells, the bridge found. Plus the runner's command line and one
 * full run that writes its picture.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { np } from "../src";
import { QUICK as LIFE } from "../examples/life/main";
import { JG, lifeStep, pattern, reverse, softLifeStep } from "../examples/life/reverse";
import { QUICK as MLP } from "../examples/mlp/main";
import { train as trainMlp, twoMoons } from "../examples/mlp/train";
import { QUICK as PINN } from "../examples/pinn/main";
import { train as trainPinn } from "../examples/pinn/train";
import { parseRunOptions } from "../examples/run-options";
import { Progress } from "../examples/shared/progress";
import { BRIDGE, descendBoth, hardTime } from "../examples/terrain-bridge/bridge";
import { QUICK as WARP } from "../examples/warp/main";
import { QUICK as RECOLOR } from "../examples/recolor/main";
import { recolor } from "../examples/recolor/recolor";
import { loadPhoto } from "../examples/shared/photo";
import { QUICK as SPLAT } from "../examples/splat/main";
import { fitSplats, psnr } from "../examples/splat/splat";
import { TRUE_OFFSETS, cornerErrorPx, estimate, homography, loadGray, warped } from "../examples/warp/warp";
import { QUICK as BRIDGE_QUICK, terrainBridge } from "../examples/terrain-bridge/main";
import { QUICK as SYNTH } from "../examples/synth/main";
import { TRUTH as SYNTH_TRUTH, fitSynth, render, noiseSpectrum, stftMagnitude, toParams } from "../examples/synth/synth";
import { writeWav } from "../examples/synth/wav";
import { flat } from "./helpers/assert";
import { random } from "../src";

describe("mlp: two moons", () => {
  it("makes balanced, noisy moons", () => {
    const { x, y } = twoMoons(random.key(0), 100);
    expect(x.shape).toEqual([100, 2]);
    expect(flat(y).reduce((s, v) => s + v, 0)).toBe(50);
  });

  it("reaches ≥ 95% held-out accuracy at the reduced size (the moons overlap a little at noise 0.2)", () => {
    const r = trainMlp(MLP);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0] / 5);
  }, 60_000);
});

describe("pinn: u'' + u = 0", () => {
  it("learns sin to within 0.02 at the reduced size", () => {
    const r = trainPinn(PINN);
    expect(r.maxError).toBeLessThan(0.02);
  }, 60_000);
});

describe("life: reversing one generation", () => {
  it("the relaxed rule becomes the true rule on 0/1 boards as the temperature falls", () => {
    const board = np.less(random.uniform(random.key(1), [12, 12]), 0.4).astype("float64");
    const soft = flat(softLifeStep(board, 0.01));
    const hard = flat(lifeStep(board));
    soft.forEach((v, i) => expect(Math.abs(v - hard[i])).toBeLessThan(1e-6));
    // a blinker turns
    const blinker = pattern(["###"], 5);
    expect(flat(lifeStep(blinker))).toEqual(flat(pattern(["#", "#", "#"], 5)));
  });

  it("finds a board whose true next generation matches every target cell", () => {
    const target = pattern(JG, LIFE.size);
    const r = reverse(target, LIFE.opts);
    expect(r.matched).toBe(r.cells);
    expect(flat(lifeStep(r.board))).toEqual(flat(target));
  }, 60_000);
});

describe("terrain-bridge: optimising through a condition", () => {
  it("soft.cond walks onto the bridge; lax.cond's gradient stays at the bridgeless optimum", () => {
    const r = descendBoth(BRIDGE_QUICK);
    const hard = r.hard[r.hard.length - 1];
    const soft = r.soft[r.soft.length - 1];
    // The post's optimum without a bridge (reference/terrain-jax.json's long descent).
    expect(Math.abs(hard.x1 - 11.1730740748672)).toBeLessThan(1e-3);
    expect(Math.abs(hard.x2 - 3.3699144801078846)).toBeLessThan(1e-3);
    expect(soft.x1).toBeGreaterThanOrEqual(BRIDGE.a);
    expect(soft.x1).toBeLessThanOrEqual(BRIDGE.b);
    expect(soft.t).toBeLessThan(hard.t - 25);
    // the reported times are the hard program's
    expect(soft.t).toBe(Number(hardTime(np.array([soft.x1, soft.x2]))));
  });

  it("runs from the command line's entry and writes a well-formed picture", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jitgrad-example-"));
    const lines: string[] = [];
    try {
      await terrainBridge.run({ out: dir, png: false, quick: true, progress: new Progress(), log: (l) => lines.push(l) });
      const svg = readFileSync(join(dir, "terrain_bridge.svg"), "utf8");
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (level, msg) => void (level !== "warning" && errors.push(msg)) }).parseFromString(svg, "image/svg+xml");
      expect(errors).toEqual([]);
      expect(doc.documentElement?.nodeName).toBe("svg");
      expect(svg).toContain("bridge entrance");
      expect(lines.some((l) => l.startsWith("soft.cond"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("warp: homography estimation", () => {
  it("recovers the corners to within 0.05 px at the reduced size; the warp of the true offsets is the target", () => {
    const source = loadGray(WARP.factor, WARP.height, WARP.width);
    const target = warped(source, TRUE_OFFSETS);
    const levels: number[] = [];
    const found = estimate(source, target, WARP, (r) => levels.push(r.lossAfter));
    expect(levels.length).toBe(WARP.levels);
    expect(levels[levels.length - 1]).toBeLessThan(1e-7);
    expect(cornerErrorPx(Array.from(found.toTypedArray()), TRUE_OFFSETS, WARP.height, WARP.width)).toBeLessThan(0.05);
    // The identity's offsets give the identity homography, so an unmoved photo is its own target.
    Array.from(homography(np.zeros([8])).toTypedArray()).forEach((v, i) => expect(Math.abs(v - [1, 0, 0, 0, 1, 0, 0, 0, 1][i])).toBeLessThan(1e-12));
    const same = warped(source, new Array(8).fill(0));
    expect(Math.max(...same.data.map((v, i) => Math.abs(v - source.data[i])))).toBeLessThan(1e-12);
  });
});

describe("recolor: colour replacement by optimisation", () => {
  it("moves the source-coloured pixels most of the way to the target colour and leaves the rest nearly alone", () => {
    const photo = loadPhoto({ factor: RECOLOR.factor });
    const r = recolor(photo, RECOLOR);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(0.4 * r.losses[0]);
    // Adam is not monotone, but it has settled: the last loss is within 1% of the lowest.
    expect(r.losses[r.losses.length - 1]).toBeLessThan(1.01 * Math.min(...r.losses));
    const inside = [0, 0, 0];
    const before = [0, 0, 0];
    let n = 0;
    let outside = 0;
    let m = 0;
    for (let p = 0; p < photo.width * photo.height; p++) {
      const w = r.mask.data[p];
      for (let c = 0; c < 3; c++) {
        if (w > 0.5) (inside[c] += r.image.data[3 * p + c]), (before[c] += photo.data[3 * p + c]);
        if (w < 0.01) outside += Math.abs(r.image.data[3 * p + c] - photo.data[3 * p + c]);
      }
      if (w > 0.5) n++;
      if (w < 0.01) m++;
    }
    // Along the colour shift t − s, the region's mean goes more than 60% of the way.
    const shift = RECOLOR.target.map((t, c) => t - RECOLOR.source[c]);
    const moved = inside.reduce((acc, v, c) => acc + ((v - before[c]) / n) * shift[c], 0) / shift.reduce((a, v) => a + v * v, 0);
    expect(moved).toBeGreaterThan(0.6);
    expect(outside / (3 * m)).toBeLessThan(0.06);
  });
});

describe("splat: 2-D Gaussian splatting", () => {
  it("fits the photo above 26 dB PSNR at the reduced size, and densification raises it", () => {
    const photo = loadPhoto({ factor: SPLAT.factor });
    const phases: number[] = [];
    const { splats, image } = fitSplats(photo, SPLAT, undefined, (r) => phases.push(r.psnr));
    expect(phases.length).toBe(SPLAT.phases.length);
    expect(phases[1]).toBeGreaterThan(phases[0] + 0.5);
    expect(phases[phases.length - 1]).toBeGreaterThan(26);
    expect(splats.opacity.shape[0]).toBe(SPLAT.count + Math.round(SPLAT.count * SPLAT.grow));
    expect(Math.abs(psnr(image, np.array(photo.data).reshape([photo.height, photo.width, 3])) - phases[phases.length - 1])).toBeLessThan(0.1);
  }, 60_000);
});

describe("npm run example's command line", () => {
  const names = ["mlp", "pinn", "life", "terrain-bridge"];
  it("parses a name and options, and says what is wrong otherwise", () => {
    expect(parseRunOptions(["mlp", "--quick", "--out=x", "--no-png"], names)).toEqual(E.right({ help: false, name: "mlp", out: "x", png: false, quick: true }));
    expect(parseRunOptions(["--help"], names)).toEqual(E.right({ help: true, name: null, out: null, png: true, quick: false }));
    expect(parseRunOptions([], names)).toEqual(E.left("name an example: mlp, pinn, life, terrain-bridge"));
    expect(parseRunOptions(["mnist"], names)).toEqual(E.left('no example called "mnist"; choose one of mlp, pinn, life, terrain-bridge'));
    expect(parseRunOptions(["mlp", "--fast"], names)).toEqual(E.left('unknown option "--fast"'));
    expect(parseRunOptions(["mlp", "--out"], names)).toEqual(E.left("--out needs a directory"));
    expect(parseRunOptions(["mlp", "life"], names)).toEqual(E.left('one example at a time (got "mlp" and "life")'));
  });
});

describe("synth: DDSP-style sound matching by a multi-scale spectral loss", () => {
  it("recovers the fundamental, the harmonics, the envelope and the noise band", () => {
    const r = fitSynth(SYNTH);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    // The scan lands within one grid step (1%) of the truth, Adam within a few thousandths of a hertz.
    expect(rel(r.scanned, SYNTH_TRUTH.f0)).toBeLessThan(0.011);
    expect(Math.abs(r.fit.f0 - SYNTH_TRUTH.f0)).toBeLessThan(0.01);
    r.fit.amplitudes.forEach((a, k) => expect(rel(a, SYNTH_TRUTH.amplitudes[k]), `harmonic ${k + 1}`).toBeLessThan(0.01));
    for (const key of ["attack", "decay", "noiseGain", "noiseCentre", "noiseWidth"] as const) expect(rel(r.fit[key], SYNTH_TRUTH[key]), key).toBeLessThan(0.01);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(0.01 * r.losses[0]);
  });

  it("renders a sound whose spectrum peaks at the harmonics, and writes it as 16-bit WAV", () => {
    const opts = { sampleRate: 8000, length: 2048 };
    const y = render(toParams(SYNTH_TRUTH), opts, noiseSpectrum(opts.length));
    const m = flat(stftMagnitude(y, 2048));
    const bin = (hz: number) => Math.round((hz * 2048) / 8000);
    // The fundamental's bin outweighs a bin between harmonics by far.
    expect(m[bin(220)]).toBeGreaterThan(20 * m[bin(330)]);
    const dir = mkdtempSync(join(tmpdir(), "synth-"));
    const bytes = readFileSync(writeWav(dir, "t", Float64Array.from(y.toTypedArray()), 8000));
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.readUInt32LE(24)).toBe(8000);
    expect(bytes.length).toBe(44 + 2 * 2048);
    rmSync(dir, { recursive: true, force: true });
  });
});
