/**
 * First-call latency of jit(grad(calcTime)): trace + transform + optimize + compile + run.
 * "warm" is the median over fresh functions once the library's own code is warmed up by
 * V8 (what every jit after the first few in a program costs); "fresh process" rows are the
 * import and the very first jit call of a new Node process, measured in child processes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Tensor, grad, jit, lax, np, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { formatTime, median } from "./harness";
import type { Peers } from "./peers";
import * as jaxjs from "./peers/jax-js";

function oneFirstCall(): number {
  // A fresh function each time, so no trace cache applies.
  const f = (x: Parameters<typeof calcTime>[0]) => calcTime(x);
  const t0 = performance.now();
  jit(grad(f))([2, 17]);
  return (performance.now() - t0) * 1e6;
}

/** A fresh descent function (so no cache applies), jitted and called once, in ns. */
function oneDescentFirstCall(batched: boolean): number {
  const f = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
  const arg = batched ? np.ones([1e4, 2]) : np.array([2, 17]);
  const t0 = performance.now();
  (batched ? jit(vmap(f)) : jit(f))(arg);
  return (performance.now() - t0) * 1e6;
}

/** The median of `n` runs of `once`, after `skip` runs to warm up. */
const medianOf = (n: number, skip: number, once: () => number) => median(Array.from({ length: n + skip }, once).slice(skip));

export function firstCallLatency(bundle: string, peers: Peers): { name: string; medianNs: number }[] {
  const rows = [
    { name: "jit(grad(calcTime)) first call, warm (median of 200)", medianNs: medianOf(200, 100, oneFirstCall) },
    { name: "jit(foriLoop 20-step descent) first call, warm (median of 50)", medianNs: medianOf(50, 10, () => oneDescentFirstCall(false)) },
    { name: "jit(vmap(descent)) first call at N = 10^4 (includes the run), warm (median of 20)", medianNs: medianOf(20, 5, () => oneDescentFirstCall(true)) },
  ];
  if (peers.jax) {
    const jax = peers.jax;
    rows.push({ name: `${jaxjs.NAME} jit(grad(calcTime)) first call, warm (median of 20)`, medianNs: medianOf(20, 5, () => jaxjs.firstCallMs(jax) * 1e6) });
  }
  rows.push(...coldStartRows(bundle));
  return rows;
}

/**
 * A user's fresh process: `await import()` of the built package's Node entry and the first
 * jit(grad(calcTime))([2, 17]) (bench/cold-start.ts against dist/, built by run.mjs), timed
 * inside children, without and with the code cache (in a scratch directory, so the first
 * child writes it); beside them a child importing nothing, and whole-process wall times.
 */
function coldStartRows(bundle: string): { name: string; medianNs: number }[] {
  const build = dirname(bundle);
  const coldStart = join(build, "cold-start.mjs");
  const dist = join(build, "..", "..", "dist", "node.js");
  if (!existsSync(coldStart) || !existsSync(dist)) return [];
  const cacheDir = mkdtempSync(join(tmpdir(), "jitgrad-bench-cache-"));
  const child = (script: string, compileCache: string) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, JITGRAD_COMPILE_CACHE: compileCache } });
  const measure = `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(coldStart).href)}); const t1 = performance.now();
    const firstNs = m.firstCall(); console.log(JSON.stringify({ importNs: (t1 - t0) * 1e6, firstNs }));`;
  const runs = (compileCache: string) => {
    const got: { importNs: number; firstNs: number }[] = [];
    for (let r = 0; r < 5; r++) {
      const line = child(measure, compileCache).stdout.trim().split("\n").pop() ?? "";
      if (line.startsWith("{")) got.push(JSON.parse(line) as { importNs: number; firstNs: number });
    }
    return { importNs: median(got.map((g) => g.importNs)), firstNs: median(got.map((g) => g.firstNs)) };
  };
  const plain = runs("0");
  child(measure, cacheDir); // writes the cache, as a user's first process does
  const cached = runs(cacheDir);
  const nothing: number[] = [];
  const wall = (script: string) => {
    const ms: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, JITGRAD_COMPILE_CACHE: cacheDir } });
      ms.push(performance.now() - t0);
    }
    return median(ms) * 1e6;
  };
  for (let r = 0; r < 5; r++) {
    const v = Number(child("const t = performance.now(); await import(\"data:text/javascript,\"); console.log((performance.now() - t) * 1e6);", cacheDir).stdout.trim());
    if (Number.isFinite(v)) nothing.push(v);
  }
  const rows = [
    { name: "fresh process: import jitgrad, no code cache (JITGRAD_COMPILE_CACHE=0; median of 5)", medianNs: plain.importNs },
    { name: "fresh process: first jit(grad(calcTime)) call, no code cache", medianNs: plain.firstNs },
    { name: "fresh process: import jitgrad, with the code cache (median of 5)", medianNs: cached.importNs },
    { name: "fresh process: first jit(grad(calcTime)) call, with the code cache", medianNs: cached.firstNs },
    { name: "fresh process: importing an empty module instead", medianNs: median(nothing) },
    { name: "whole process, node -e \"\" (wall, median of 5)", medianNs: wall("") },
    { name: "whole process, node -e 'await import(\"jitgrad\")' with the code cache (wall)", medianNs: wall(`await import(${JSON.stringify(pathToFileURL(dist).href)})`) },
  ];
  rmSync(cacheDir, { recursive: true, force: true });
  return rows.filter((r) => Number.isFinite(r.medianNs));
}

export function firstCallTable(rows: readonly { name: string; medianNs: number }[]): string {
  return [
    "**first call** — trace + transform + optimize + compile + run",
    "",
    "| | time |",
    "|---|---:|",
    ...rows.map((r) => `| ${r.name} | ${formatTime(r.medianNs)} |`),
  ].join("\n");
}
