/**
 * Suite 6: memory per contender — bytes allocated per call and peak memory above the
 * post-GC baseline. Memory is V8's heap plus ArrayBuffer backing stores (typed arrays
 * over 64 bytes live outside the heap), from process.memoryUsage(); run.mjs starts node
 * with --expose-gc so every baseline is taken after a full collection.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { type Contender, type SuiteSpec, formatBytes } from "./harness";

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

export interface MemoryRow {
  readonly suite: string;
  readonly name: string;
  /** Median over batches of (memory growth over the batch) / calls. */
  readonly bytesPerCall: number;
  /** The most memory one call holds at its end, above the baseline after a full GC. */
  readonly peakBytes: number;
}

/** Start times of garbage collections V8 reports (delivered asynchronously). */
const collections: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push(e.startTime);
}).observe({ entryTypes: ["gc"] });
const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * Growth of memory over `calls` calls, or undefined if V8 collected garbage meanwhile.
 * Each batch starts right after a full collection; GC reports arrive asynchronously, so
 * the check waits a tick.
 */
async function batch(c: Contender, calls: number): Promise<number | undefined> {
  gc();
  await settle();
  const t0 = performance.now();
  const before = used();
  for (let i = 0; i < calls; i++) c.run();
  const grown = used() - before;
  const t1 = performance.now();
  await settle();
  return collections.some((t) => t >= t0 && t <= t1) ? undefined : grown;
}

async function measure(suite: string, c: Contender, batches: number): Promise<MemoryRow> {
  for (let i = 0; i < 3; i++) c.run(); // compile and warm first
  let peak = 0;
  for (let t = 0; t < 5; t++) {
    const grown = await batch(c, 1);
    if (grown !== undefined) peak = Math.max(peak, grown);
  }
  // Enough calls to amortise the measurement's own allocations, about 1 MB in all.
  // (Slow calls allocate plenty: one call's peak is estimate enough.)
  const estimate = peak >= 64 * 1024 ? peak : ((await batch(c, 100)) ?? peak * 100) / 100;
  const calls = Math.min(10_000, Math.max(1, Math.floor((1024 * 1024) / Math.max(estimate, 1))));
  const perCall: number[] = [];
  for (let b = 0; b < batches * 2 && perCall.length < batches; b++) {
    const grown = await batch(c, calls);
    if (grown !== undefined) perCall.push(grown / calls);
  }
  perCall.sort((a, b) => a - b);
  return { suite, name: c.name, bytesPerCall: perCall.length ? perCall[perCall.length >> 1] : NaN, peakBytes: peak };
}

/** Memory rows for every contender of `spec` (reference first). */
export async function memorySuite(spec: SuiteSpec, batches = 7): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const c of [spec.reference, ...spec.contenders]) rows.push(await measure(spec.name, c, batches));
  return rows;
}

export function memoryTable(title: string, rows: readonly MemoryRow[]): string {
  return [
    `**memory: ${title}** — bytes allocated per call (heap + ArrayBuffers over batches of calls that started after a full GC and saw no collection; median of 7) and the most one call holds above that baseline`,
    "",
    "| contender | allocated / call | peak |",
    "|---|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${Number.isNaN(r.bytesPerCall) ? "n/a (every batch saw a GC)" : formatBytes(r.bytesPerCall)} | ${formatBytes(r.peakBytes)} |`),
  ].join("\n");
}
