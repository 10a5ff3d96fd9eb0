/**
 * A thin layer over benchmark.js: every suite has a hand-written reference row; each
 * contender is first checked to compute the same answer, then timed; results are reported
 * as the median time per call and as a ratio to the reference measured in the same run.
 */
import Benchmark from "benchmark";

export interface Contender {
  readonly name: string;
  /** One call; its result is consumed so V8 cannot drop the work. */
  readonly run: () => unknown;
  /** Numbers the call produces, compared with the reference before timing. */
  readonly answer?: () => readonly number[];
  /** What `answer` must equal when it is not the reference's (a float32-only peer, say). */
  readonly expected?: () => readonly number[];
}

export interface SuiteSpec {
  readonly name: string;
  /** What one call computes, for the table's caption. */
  readonly description: string;
  readonly reference: Contender;
  readonly contenders: readonly Contender[];
  /** Relative tolerance of the answer check (float32 contenders need a loose one). */
  readonly tolerance?: number;
  /** Per-contender tolerance overrides. */
  readonly tolerances?: Readonly<Record<string, number>>;
  /** Rows timed elsewhere (the C loops), reported next to the others. */
  readonly measured?: readonly { readonly name: string; readonly medianNs: number }[];
}

export interface Row {
  readonly suite: string;
  readonly name: string;
  readonly medianNs: number;
  readonly opsPerSec: number;
  readonly rmePercent: number;
  readonly samples: number;
  /** Median time relative to the reference row (1 = as fast as hand-written JS). */
  readonly ratio: number;
}

/** Something the timed code writes to, so results are observably used. */
export const sink = { value: 0 };


/**
 * The timed function for one contender, compiled on its own. One closure shared by all
 * contenders shares V8's type feedback too: its call site turns megamorphic, and whoever
 * runs later pays for it (seen: the same hand-written gradient at 25 ns first, 47 ns last).
 */
function isolated(run: () => unknown): () => void {
  const make = new Function(
    "run",
    "sink",
    `return function timed() {
      const x = run();
      if (typeof x === "number") sink.value += x;
      else if (Array.isArray(x)) sink.value += x.length;
      else if (x !== null && x !== undefined) sink.value += 1;
    };`,
  ) as (r: () => unknown, s: { value: number }) => () => void;
  return make(run, sink);
}

function checkAnswers(spec: SuiteSpec): void {
  const reference = spec.reference.answer?.();
  if (!reference) return;
  for (const c of spec.contenders) {
    if (!c.answer) continue;
    const got = c.answer();
    const want = c.expected?.() ?? reference;
    const tol = spec.tolerances?.[c.name] ?? spec.tolerance ?? 1e-12;
    if (got.length !== want.length) throw new Error(`${spec.name}/${c.name}: ${got.length} numbers, reference has ${want.length}`);
    got.forEach((g, i) => {
      const w = want[i];
      if (!(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)))) {
        throw new Error(`${spec.name}/${c.name}: answer ${i} is ${g}, reference ${w} (tolerance ${tol})`);
      }
    });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs one suite; `maxTime` is benchmark.js's time budget per contender, in seconds.
 * The reference runs first and again last, and ratios use the faster of its two medians:
 * on a shared machine one pass of it can land in a noisy stretch, and erring towards the
 * faster reference never flatters jitgrad.
 */
export function runSuite(spec: SuiteSpec, maxTime: number): Row[] {
  checkAnswers(spec);
  const again = { ...spec.reference, name: `${spec.reference.name} (again, last)` };
  const all = [spec.reference, ...spec.contenders, again];
  const suite = new Benchmark.Suite(spec.name);
  // A full collection before each contender, so none inherits the previous one's garbage
  // (or a major GC it left half done); run.mjs starts node with --expose-gc.
  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  for (const c of all) suite.add(c.name, isolated(c.run), { maxTime, minSamples: 5, onStart: collect });
  const results: { name: string; medianNs: number; hz: number; rme: number; samples: number }[] = [];
  suite.on("cycle", (event: Benchmark.Event) => {
    const b = event.target as unknown as Benchmark & { name: string };
    if (b.error) throw b.error;
    results.push({
      name: b.name,
      medianNs: median(b.stats.sample) * 1e9,
      hz: b.hz,
      rme: b.stats.rme,
      samples: b.stats.sample.length,
    });
  });
  suite.run({ async: false });
  const ref = Math.min(results[0].medianNs, results[results.length - 1].medianNs);
  for (const m of spec.measured ?? []) results.push({ name: m.name, medianNs: m.medianNs, hz: 1e9 / m.medianNs, rme: NaN, samples: 9 });
  return results.map((r) => ({
    suite: spec.name,
    name: r.name,
    medianNs: r.medianNs,
    opsPerSec: r.hz,
    rmePercent: r.rme,
    samples: r.samples,
    ratio: r.medianNs / ref,
  }));
}

/**
 * Times `c` for a few seconds and discards the result: the first suite of a run otherwise
 * measures while the process is still settling (V8 tiering, the peers' start-up work),
 * which showed as the same hand-written gradient at 44 ns first and 23 ns last.
 */
export function warmUp(c: Contender, seconds: number): void {
  const suite = new Benchmark.Suite("warm-up");
  suite.add("warm-up", isolated(c.run), { maxTime: seconds, minSamples: 5 });
  suite.run({ async: false });
}

/** Human units for a byte count. */
export function formatBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

/** Human units for a time in nanoseconds. */
export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(ns < 10 ? 2 : 1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

function formatOps(hz: number): string {
  return hz >= 1e6 ? `${(hz / 1e6).toFixed(2)}M` : hz >= 1e3 ? `${(hz / 1e3).toFixed(1)}k` : hz.toFixed(1);
}

/** A markdown table of one suite's rows. */
export function markdownTable(spec: SuiteSpec, rows: readonly Row[]): string {
  const lines = [
    `**${spec.name}** — ${spec.description}`,
    "",
    "| contender | median / call | ops/s | ± | vs hand-written JS |",
    "|---|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${formatTime(r.medianNs)} | ${formatOps(r.opsPerSec)} | ${Number.isNaN(r.rmePercent) ? "—" : `${r.rmePercent.toFixed(1)}%`} | ${r.ratio < 10 ? r.ratio.toFixed(2) : r.ratio.toFixed(0)}× |`,
    ),
  ];
  return lines.join("\n");
}
