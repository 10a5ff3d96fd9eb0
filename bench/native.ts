/**
 * The native limit: bench/native/loops.c compiled with `cc -O3`, `cc -O3
 * -fno-math-errno` (which lets the compiler vectorise sqrt) and `-march=native` (this CPU's
 * vector units), run once per benchmark run.
 * Where no C compiler exists the rows are skipped, with a note.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

export type NativeTimes = Readonly<Record<string, number>>;

export interface Native {
  readonly variants: readonly { readonly name: string; readonly times: NativeTimes }[];
}

const VARIANTS = [
  { name: "C, cc -O3 (native limit)", flags: ["-O3"] },
  { name: "C, cc -O3 -fno-math-errno", flags: ["-O3", "-fno-math-errno"] },
  { name: "C, cc -O3 -march=native (vectorized for this CPU)", flags: ["-O3", "-march=native", "-fno-math-errno"] },
];

/** Compiles and runs the C loops; null (with a note on stderr) if that is not possible here. */
export function runNative(benchDir: string): Native | null {
  if (spawnSync("cc", ["--version"]).status !== 0) {
    console.warn("bench: no C compiler (cc) here; the native-limit rows are skipped.");
    return null;
  }
  const source = join(benchDir, "native", "loops.c");
  const variants = [];
  for (const v of VARIANTS) {
    const exe = join(benchDir, ".build", `loops${v.flags.join("")}`);
    mkdirSync(dirname(exe), { recursive: true });
    const built = spawnSync("cc", [...v.flags, "-o", exe, source, "-lm"], { encoding: "utf8" });
    if (built.status !== 0) {
      console.warn(`bench: cc ${v.flags.join(" ")} failed; its rows are skipped.\n${built.stderr}`);
      continue;
    }
    const ran = spawnSync(exe, [], { encoding: "utf8", timeout: 600_000 });
    try {
      variants.push({ name: v.name, times: JSON.parse(ran.stdout) as NativeTimes });
    } catch {
      console.warn(`bench: the C loops (${v.flags.join(" ")}) printed no results; their rows are skipped.`);
    }
  }
  return { variants };
}

/** The native rows for a suite's key (`grad`, `descent`, `vmap_descent_<n>`, `matmul_<n>`). */
export function nativeRows(native: Native | null, key: string): { name: string; medianNs: number }[] {
  return (native?.variants ?? []).flatMap((v) => (v.times[key] === undefined ? [] : [{ name: v.name, medianNs: v.times[key] }]));
}
