/**
 * First-call latency of jit(grad(calcTime)): trace + transform + optimize + compile + run.
 * "warm" is the median over fresh functions once the library's own code is warmed up by
 * V8 (what every jit after the first few in a program costs); "cold" is the very first
 * jit call in a new Node process, measured in a child process.
 */
import { spawnSync } from "node:child_process";
import { grad, jit } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { formatTime } from "./harness";

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

export function firstCallLatency(bundle: string): { name: string; medianNs: number }[] {
  const times: number[] = [];
  for (let r = 0; r < 300; r++) times.push(oneFirstCall());
  const warm = times.slice(100).sort((a, b) => a - b);
  const rows = [{ name: "jit(grad(calcTime)) first call, warm (median of 200)", medianNs: warm[warm.length >> 1] }];
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
  return rows;
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
