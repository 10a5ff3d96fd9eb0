/**
 * First-call latency of jit(grad(calcTime)): trace + transform + optimize + compile + run.
 * "warm" is the median over fresh functions once the library's own code is warmed up by
 * V8 (what every jit after the first few in a program costs); "cold" is the very first
 * jit call in a new Node process, measured in a child process.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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

/** Called in the child process: prints the cold first-call time in ns. */
export function coldFirstCall(): void {
  console.log(JSON.stringify({ coldNs: oneFirstCall() }));
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
  const cold: number[] = [];
  for (let r = 0; r < 5; r++) {
    const child = spawnSync(process.execPath, [bundle, "--cold-first-call"], { encoding: "utf8" });
    const line = child.stdout.trim().split("\n").pop() ?? "";
    try {
      cold.push((JSON.parse(line) as { coldNs: number }).coldNs);
    } catch {
      // a child that failed to report is left out
    }
  }
  if (cold.length > 0) {
    cold.sort((a, b) => a - b);
    rows.push({ name: `jit(grad(calcTime)) first call, cold process (median of ${cold.length})`, medianNs: cold[cold.length >> 1] });
  }
  rows.push(...importRows(bundle));
  return rows;
}

/**
 * `await import("jitgrad")` of the built package (dist/, from `npm run build`) in fresh
 * processes, timed inside the child, beside a child that imports nothing.
 */
function importRows(bundle: string): { name: string; medianNs: number }[] {
  const dist = join(dirname(bundle), "..", "..", "dist", "index.js");
  if (!existsSync(dist)) return [];
  const timed = (what: string) => {
    const ms: number[] = [];
    for (let r = 0; r < 5; r++) {
      const script = `const t = performance.now(); ${what}; console.log(performance.now() - t);`;
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      const v = Number(child.stdout.trim());
      if (Number.isFinite(v)) ms.push(v);
    }
    return ms.length ? median(ms) * 1e6 : NaN;
  };
  const rows = [
    { name: "import of the built package, fresh process (median of 5)", medianNs: timed(`await import(${JSON.stringify(pathToFileURL(dist).href)})`) },
    { name: "the same child importing nothing (median of 5)", medianNs: timed("void 0") },
  ];
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
