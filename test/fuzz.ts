/**
 * `npm run fuzz -- [--runs N] [--seed S] [--steps K] [--only TEXT]`: the differential properties of
 * test/helpers/properties.ts over N random programs per property and dtype group (npm
 * test runs the same checks on a quick budget). A failure is shrunk to a minimal program
 * and printed with its jaxpr and a vitest test to paste into test/fuzz-regressions.test.ts.
 */
import fc from "fast-check";
import { PROPERTIES, checkProgram } from "./helpers/properties";
import { programArb } from "./helpers/programs";

const USAGE = "usage: npm run fuzz -- [--runs N] [--seed S] [--steps K] [--only TEXT]";
// An unknown argument (a --help, a typo) would otherwise start the whole run.
for (let i = 2; i < process.argv.length; i += 2) {
  if (!["--runs", "--seed", "--steps", "--only"].includes(process.argv[i]) || i + 1 >= process.argv.length) {
    console.error(`fuzz: unexpected argument "${process.argv[i]}"${i + 1 >= process.argv.length ? " (or its value is missing)" : ""}.\n${USAGE}`);
    process.exit(2);
  }
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`fuzz: ${name} takes a non-negative whole number, got "${process.argv[i + 1]}".`);
    process.exit(2);
  }
  return v;
}

const runs = option("--runs", 1000);
const seed = option("--seed", Date.now() % 2 ** 31);
const steps = option("--steps", 10);
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? undefined : process.argv[onlyAt + 1];

console.log(`fuzz: ${runs} programs of up to ${steps} steps per property and dtype group, seed ${seed} (rerun with --seed ${seed} --steps ${steps})`);
let failures = 0;
let total = 0;
const started = performance.now();
for (const property of PROPERTIES) {
  if (only && !property.name.includes(only)) continue;
  for (const dtypes of property.dtypes) {
    let checked = 0;
    const skipped = new Map<string, number>();
    const began = performance.now();
    const result = fc.check(
      fc.property(programArb(dtypes, steps, property.family), fc.nat(), (program, s) => {
        const outcome = checkProgram(property, program, s);
        if (outcome === "checked") checked++;
        else skipped.set(outcome.skipped, (skipped.get(outcome.skipped) ?? 0) + 1);
      }),
      { numRuns: runs, seed },
    );
    total += checked;
    const skips = [...skipped].map(([why, n]) => `${n} skipped: ${why}`).join("; ");
    const secs = (performance.now() - began) / 1000;
    const rate = Math.round(result.numRuns / secs);
    console.log(`${result.failed ? "FAIL" : "ok  "} ${property.name} [${dtypes.join(" + ")}]: ${checked} checked${skips ? `, ${skips}` : ""} (${secs.toFixed(1)} s, ${rate} programs/s)`);
    if (result.failed) {
      failures++;
      console.log(`\n${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\n`);
    }
  }
}
const wall = (performance.now() - started) / 1000;
console.log(`fuzz: ${total} programs checked in ${wall.toFixed(0)} s (${Math.round(total / wall)} programs/s), ${failures} failing propert${failures === 1 ? "y" : "ies"}.`);
process.exitCode = failures > 0 ? 1 : 0;
