/**
 * jitgrad's worker pool: WebAssembly kernels split over threads that share the kernels'
 * memory. A job is one kernel call cut into contiguous ranges, the calling thread taking
 * the first; each range writes its own part of the output, so results do not depend on the
 * thread count (the kernels are the same code on every thread).
 *
 * Workers sleep in `Atomics.waitAsync` between jobs and never spin; they are unref'd. A
 * synchronous call blocks in `Atomics.wait` for them, which a browser's main thread may not
 * do, so there a synchronous call runs on the calling thread and an asynchronous one
 * (`runParallelAsync`, on a memory of its own) awaits them; wherever there is no host or no
 * shared memory everything runs on the calling thread. A worker that throws, exits or stops
 * answering fails the call with a `ThreadError` carrying its message, and is replaced.
 */
import { InternalError, ThreadError } from "../../core/errors";
import { asyncWasmMemory, sharedWasmMemory } from "../wasm/runtime";
import { type ThreadHost, type ThreadWorker, threadHost } from "./host";
import { CONTROL, CONTROL_SLOTS, MESSAGE_BYTES } from "./worker-main";

/** A kernel the pool can run: its compiled module (sent to workers once) and the calling thread's instance. */
export interface PoolKernel {
  readonly id: number;
  readonly module: object;
  /** The module's export that runs it (workers call the same one). */
  readonly entry: string;
  /** The module's `math` imports as source a worker can evaluate (Math's functions by name, helpers by their text). */
  readonly imports: Readonly<Record<string, string>>;
  readonly run: (...args: number[]) => void;
  /** The calling thread's instance on the asynchronous calls' memory (made on first use). */
  readonly runAsync: () => (...args: number[]) => void;
}

interface Slot {
  readonly worker: ThreadWorker;
  readonly ctl: Int32Array;
  readonly text: Uint8Array;
  /** Kernels sent to this worker. */
  readonly kernels: Set<number>;
  /** Whether the asynchronous calls' memory was sent. */
  hasAsyncMemory: boolean;
  /** Taken by an asynchronous call until its part is done (synchronous calls use the others). */
  busy: boolean;
}

let requested: number | null = null;
const slots: Slot[] = [];

/** Sets how many threads run kernels (the calling thread included); null for the default (the host's cores, or JITGRAD_THREADS). */
export function setThreads(n: number | null): void {
  requested = n;
  trim();
}

/** Retires workers beyond the count, except those an awaited call is using (they go when it is done). */
function trim(): void {
  const keep = Math.max(0, threadCount() - 1);
  for (let i = slots.length - 1; i >= 0 && slots.length > keep; i--) {
    if (slots[i].busy) continue;
    retire(slots[i]);
    slots.splice(i, 1);
  }
}

/** Threads kernels run on now: 1 where there is no host or no shared memory (synchronous calls: see `blockingThreads`). */
export function threadCount(): number {
  const host = threadHost();
  if (!host || !sharedWasmMemory()) return 1;
  const fromEnv = host.setting === undefined ? NaN : Number(host.setting);
  const n = requested ?? (Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : host.cores);
  return Math.max(1, Math.min(n, MAX_THREADS));
}

let blocks: boolean | undefined;

/** Whether this thread may block in `Atomics.wait` (a browser page's main thread may not). */
function canBlock(): boolean {
  if (blocks === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocks = true;
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      blocks = false;
    }
  }
  return blocks;
}

/** Threads a synchronous call may use: 1 where this thread may not block. */
function blockingThreads(): number {
  const n = threadCount();
  return n > 1 && canBlock() ? n : 1;
}

/** More threads than this are not started, whatever is asked (each worker is a V8 isolate of ~10 MB). */
export const MAX_THREADS = 64;

/** Lets the workers drop a kernel the caller's cache has let go (so their instances stay bounded too). */
export function forgetKernel(id: number): void {
  for (const s of slots) {
    if (!s.kernels.delete(id)) continue;
    s.worker.post({ type: "drop", id });
  }
}

function retire(slot: Slot): void {
  slot.worker.terminate();
}

function spawn(host: ThreadHost): Slot | null {
  const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const message = new SharedArrayBuffer(MESSAGE_BYTES);
  const worker = host.spawn(control);
  if (!worker) return null;
  worker.post({ type: "init", control, message, memories: [sharedWasmMemory()] });
  return { worker, ctl: new Int32Array(control), text: new Uint8Array(message), kernels: new Set(), hasAsyncMemory: false, busy: false };
}

/** How long a worker may take beyond what its range should (a worker that stops answering is declared lost). */
const PATIENCE_MS = 10_000;

/** Waits until `ctl[slot]` is no longer `old`, a worker's death or `limitMs` passing; false on the last two. */
function waitFor(s: Slot, slot: number, old: number, limitMs: number): boolean {
  const deadline = performance.now() + limitMs;
  while (Atomics.load(s.ctl, slot) === old) {
    if (Atomics.load(s.ctl, CONTROL.DEAD) === 1) return false;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(s.ctl, slot, old, Math.min(left, 100));
  }
  return true;
}

interface AsyncWait {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: boolean; value: Promise<string> | string };
}

/** `waitFor` without blocking: the calling thread's event loop runs while it waits. */
async function waitForAsync(s: Slot, slot: number, old: number, limitMs: number): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (Atomics.load(s.ctl, slot) === old) {
    if (Atomics.load(s.ctl, CONTROL.DEAD) === 1) return false;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    const waited = (Atomics as unknown as AsyncWait).waitAsync(s.ctl, slot, old, Math.min(left, 100));
    if (waited.async) await waited.value;
  }
  return true;
}

function messageOf(s: Slot): string {
  const n = new DataView(s.text.buffer).getInt32(0);
  return new TextDecoder().decode(s.text.slice(4, 4 + Math.max(0, Math.min(n, s.text.length - 4))));
}

/** Replaces failed workers and throws the first failure. */
function replaceAndThrow(failures: readonly (readonly [Slot, string])[]): never {
  for (const [slot] of failures) {
    const index = slots.indexOf(slot);
    if (index < 0) continue;
    retire(slot);
    slots.splice(index, 1);
  }
  throw new ThreadError(`jit: a worker thread ${failures[0][1]}; the call is abandoned and the worker replaced (the next call runs normally).`);
}

const isReady = (s: Slot) => !s.busy && Atomics.load(s.ctl, CONTROL.READY) === 1 && Atomics.load(s.ctl, CONTROL.DEAD) === 0;

/**
 * Threads a call can use now, up to `wanted`: the calling thread and the workers that have
 * started. Missing workers are started here but not waited for (a worker boots in tens of
 * milliseconds; until then calls run with the ones that are up).
 */
export function usableThreads(wanted: number): number {
  const host = threadHost();
  if (!host || wanted <= 1) return 1;
  while (slots.length < Math.min(wanted, threadCount()) - 1) {
    const slot = spawn(host);
    if (!slot) break;
    slots.push(slot);
  }
  return 1 + Math.min(wanted - 1, slots.filter(isReady).length);
}

/** For tests: starts workers for `threads` threads and waits until they run. */
export function startWorkers(threads: number): void {
  usableThreads(threads);
  for (const s of slots.slice(0, threads - 1)) {
    if (!waitFor(s, CONTROL.READY, 0, PATIENCE_MS)) throw new InternalError("internal: a worker did not start");
  }
}

/** A worker's message needing an answer: posted with the next sequence number, answered in ACK. */
function request(s: Slot, message: Record<string, unknown>): number {
  const acked = Atomics.load(s.ctl, CONTROL.ACK);
  s.worker.post({ ...message, seq: acked + 1 });
  return acked;
}

const kernelMessage = (kernel: PoolKernel, memory: number) => ({ type: "kernel", id: kernel.id, module: kernel.module, entry: kernel.entry, imports: kernel.imports, memory });

/** Writes a job into a worker's control block and wakes it; returns the job's number. */
function post(s: Slot, kernel: PoolKernel, memory: number, a: readonly number[]): number {
  if (a.length > CONTROL_SLOTS - CONTROL.ARGS) throw new InternalError(`internal: a kernel call of ${a.length} arguments exceeds the control block`);
  s.ctl[CONTROL.KERNEL] = kernel.id;
  s.ctl[CONTROL.MEMORY] = memory;
  s.ctl[CONTROL.NARGS] = a.length;
  a.forEach((v, i) => (s.ctl[CONTROL.ARGS + i] = v));
  const job = Atomics.add(s.ctl, CONTROL.JOB, 1) + 1;
  Atomics.notify(s.ctl, CONTROL.JOB);
  return job;
}

/** Why a worker's job failed (null: it finished). */
function outcome(s: Slot, job: number, finished: boolean, limit: number): string | null {
  if (!finished || Atomics.load(s.ctl, CONTROL.DONE) !== job) {
    return Atomics.load(s.ctl, CONTROL.DEAD) === 1 ? "exited during a job" : `did not finish its part within ${Math.round(limit)} ms`;
  }
  return Atomics.load(s.ctl, CONTROL.STATUS) !== 0 ? `failed: ${messageOf(s)}` : null;
}

const notInstantiated = (s: Slot) => `could not instantiate a kernel (${messageOf(s)})`;

/**
 * Runs `kernel` once per range: `args[0]` on the calling thread, the others on started
 * workers (`usableThreads` said how many). `expectedMs` bounds how long a worker may be silent.
 */
export function runParallel(kernel: PoolKernel, args: readonly (readonly number[])[], expectedMs: number, around: RangeHooks = NO_HOOKS): SplitTiming | null {
  const workers = slots.filter(isReady).slice(0, args.length - 1);
  // Ranges no started worker can take run here, after the calling thread's own.
  const runHere = () => runOnCallingThread(hereRanges(args.length, workers.length), args, around, kernel.run);
  if (workers.length === 0) {
    runHere();
    return null;
  }
  splitCalls++;
  const limit = PATIENCE_MS + 100 * expectedMs;
  const setup = performance.now();
  for (const s of workers) {
    if (s.kernels.has(kernel.id)) continue;
    const acked = request(s, kernelMessage(kernel, 0));
    if (!waitFor(s, CONTROL.ACK, acked, limit)) replaceAndThrow([[s, "did not answer"]]);
    if (Atomics.load(s.ctl, CONTROL.STATUS) !== 0) replaceAndThrow([[s, notInstantiated(s)]]);
    s.kernels.add(kernel.id);
  }
  const setupMs = performance.now() - setup;
  const jobs = workers.map((s, w) => {
    around.before(1 + w);
    return post(s, kernel, 0, args[1 + w]);
  });
  const t0 = performance.now();
  runHere();
  const t1 = performance.now();
  // Every worker is waited for before any failure is reported: one still writing its part
  // of the memory must not overlap the next call.
  const failures: [Slot, string][] = [];
  jobs.forEach((job, w) => {
    const s = workers[w];
    const why = outcome(s, job, waitFor(s, CONTROL.DONE, job - 1, limit), limit);
    if (why) failures.push([s, why]);
  });
  if (failures.length > 0) replaceAndThrow(failures);
  const t2 = performance.now();
  workers.forEach((_, w) => around.after(1 + w));
  return { hereMs: t1 - t0 + (performance.now() - t2), waitMs: t2 - t1, setupMs, workerMs: slowest(workers) };
}

/** The longest any of `workers` took over its part of the last job, as it reported (ms). */
const slowest = (workers: readonly Slot[]): number => Math.max(...workers.map((s) => Atomics.load(s.ctl, CONTROL.TOOK))) / 1000;

/**
 * What a caller does around each range of a split call, on the calling thread: `before`
 * just before the range starts (a worker's before it is posted), `after` once it is done.
 * A product packs a range's rows of A in `before` and copies its rows of C out in `after`,
 * so the calling thread packs and copies its own share while the workers compute.
 */
export interface RangeHooks {
  before(range: number): void;
  after(range: number): void;
}

const NO_HOOKS: RangeHooks = { before: () => {}, after: () => {} };

/** The ranges the calling thread runs itself: the first, and those beyond the workers taken. */
const hereRanges = (ranges: number, workers: number): number[] => [0, ...Array.from({ length: Math.max(0, ranges - 1 - workers) }, (_, i) => 1 + workers + i)];

/** Runs ranges `here` of a call on the calling thread, each between its hooks. */
function runOnCallingThread(here: readonly number[], args: readonly (readonly number[])[], around: RangeHooks, run: (...a: number[]) => void): void {
  for (const r of here) {
    around.before(r);
    run(...args[r]);
    around.after(r);
  }
}

/**
 * `runParallel` for an asynchronous call: on the asynchronous calls' memory, awaiting the
 * workers instead of blocking (a browser page's main thread may not block). The workers
 * taken are marked busy until their parts are done, so synchronous calls in between run
 * on the others (or on the calling thread) and never overlap them.
 */
export async function runParallelAsync(kernel: PoolKernel, args: readonly (readonly number[])[], expectedMs: number, around: RangeHooks = NO_HOOKS): Promise<SplitTiming | null> {
  const workers = slots.filter(isReady).slice(0, args.length - 1);
  const run = kernel.runAsync();
  const runHere = () => runOnCallingThread(hereRanges(args.length, workers.length), args, around, run);
  if (workers.length === 0) {
    runHere();
    return null;
  }
  splitCalls++;
  const limit = PATIENCE_MS + 100 * expectedMs;
  const memory = asyncWasmMemory();
  for (const s of workers) {
    s.busy = true;
    s.worker.hold(true);
  }
  try {
    const setup = performance.now();
    for (const s of workers) {
      if (!s.hasAsyncMemory) {
        const acked = request(s, { type: "memory", index: 1, memory });
        if (!(await waitForAsync(s, CONTROL.ACK, acked, limit))) replaceAndThrow([[s, "did not answer"]]);
        s.hasAsyncMemory = true;
      }
      if (s.kernels.has(kernel.id)) continue;
      const acked = request(s, kernelMessage(kernel, 1));
      if (!(await waitForAsync(s, CONTROL.ACK, acked, limit))) replaceAndThrow([[s, "did not answer"]]);
      if (Atomics.load(s.ctl, CONTROL.STATUS) !== 0) replaceAndThrow([[s, notInstantiated(s)]]);
      s.kernels.add(kernel.id);
    }
    const setupMs = performance.now() - setup;
    const jobs = workers.map((s, w) => {
      around.before(1 + w);
      return post(s, kernel, 1, args[1 + w]);
    });
    const t0 = performance.now();
    runHere();
    const t1 = performance.now();
    const failures: [Slot, string][] = [];
    for (const [w, job] of jobs.entries()) {
      const s = workers[w];
      const why = outcome(s, job, await waitForAsync(s, CONTROL.DONE, job - 1, limit), limit);
      if (why) failures.push([s, why]);
    }
    if (failures.length > 0) replaceAndThrow(failures);
    const t2 = performance.now();
    workers.forEach((_, w) => around.after(1 + w));
    return { hereMs: t1 - t0 + (performance.now() - t2), waitMs: t2 - t1, setupMs, workerMs: slowest(workers) };
  } finally {
    for (const s of workers) {
      s.busy = false;
      s.worker.hold(false);
    }
    trim();
  }
}

/**
 * Work (estimated from earlier calls) below which a call is never split: waking an idle
 * core costs ~0.1 ms here and dispatching 10–70 µs, so below about half a millisecond one
 * thread is as fast (measured in ARCHITECTURE.md).
 */
let parallelMinimumNs = 500_000;

/** For tests: split every call that has a unit per thread (0), or restore the default (null). */
export function setParallelMinimum(ns: number | null): void {
  parallelMinimumNs = ns ?? 500_000;
}

/**
 * What a split costs beyond its share of the work (waking workers, dispatch, waiting for
 * the last), in ns: the median of the last 15 split calls (a median, as one call that met
 * a descheduled core must not stop splitting for long), kept apart for blocking and
 * awaited calls, which differ by platform (Node wakes a worker in ~0.1 ms; Chromium's Web
 * Workers and `Atomics.waitAsync` were measured at 0.3–3 ms). Until there are samples it
 * is what the half-millisecond minimum assumes for two threads.
 */
class SplitOverhead {
  private readonly samples: number[] = [];
  private next = 0;
  private estimate = 250_000;

  get ns(): number {
    return this.estimate;
  }

  add(ns: number): void {
    if (this.samples.length < 15) this.samples.push(ns);
    else this.samples[this.next] = ns;
    this.next = (this.next + 1) % 15;
    const sorted = [...this.samples].sort((a, b) => a - b);
    this.estimate = sorted[sorted.length >> 1];
  }
}
const splitOverhead = { blocking: new SplitOverhead(), awaited: new SplitOverhead() };

/** Of the calls a kernel's estimate says not to split, every this many is split anyway, so the overhead is re-measured. */
const EXPLORE_EVERY = 64;

/**
 * When one kernel's calls pay for threads: its time per unit of work (a group of lanes, a
 * panel of a product) measured on calls that could have been split, a running average; a
 * call is split when that estimate is at least the minimum and what the other threads
 * would take off it exceeds what splitting has been costing.
 */
export class CostModel {
  private nsPerUnit = 0;
  private timed = 0;
  private skipped = 0;
  private declined = 0;

  /** Threads for a call of `units` units (1: stay on the calling thread); `async` for `runParallelAsync`. */
  threadsFor(units: number, async = false): number {
    const threads = Math.min(async ? threadCount() : blockingThreads(), units);
    if (threads <= 1) return 1;
    if (parallelMinimumNs === 0) return usableThreads(threads);
    const one = this.nsPerUnit * units;
    if (this.timed === 0 || one < parallelMinimumNs) return 1;
    const usable = usableThreads(threads);
    const saving = one - one / usable - splitOverhead[async ? "awaited" : "blocking"].ns;
    return saving > 0 || (this.declined = (this.declined + 1) % EXPLORE_EVERY) === 0 ? usable : 1;
  }

  /**
   * Runs `call` on this thread, timing it when threads could have taken it; a kernel well
   * below the threshold is timed only every 32nd call (two clock reads are ~0.1 µs, a
   * tenth of the smallest kernels' calls).
   */
  runHere(units: number, call: () => void, async = false): void {
    if ((async ? threadCount() : blockingThreads()) <= 1 || units <= 1) return call();
    if (this.timed >= 4 && this.nsPerUnit * units * 8 < parallelMinimumNs && (this.skipped = (this.skipped + 1) % 32) !== 0) return call();
    const t0 = performance.now();
    call();
    const ns = ((performance.now() - t0) * 1e6) / units;
    this.nsPerUnit = this.timed === 0 ? ns : 0.8 * this.nsPerUnit + 0.2 * ns;
    this.timed++;
  }

  /**
   * Runs a split call, and learns from its time what splitting costs — leaving out the
   * one-time sending of the kernel to workers that had not run it, so a first split does
   * not make splitting look dear for the next dozen calls.
   */
  runSplit(units: number, threads: number, call: () => SplitTiming | null): SplitTiming | null {
    const t0 = performance.now();
    const timing = call();
    this.learn(units, threads, performance.now() - t0 - (timing?.setupMs ?? 0), "blocking");
    return timing;
  }

  /** `runSplit` for an awaited call. */
  async runSplitAsync(units: number, threads: number, call: () => Promise<SplitTiming | null>): Promise<SplitTiming | null> {
    const t0 = performance.now();
    const timing = await call();
    this.learn(units, threads, performance.now() - t0 - (timing?.setupMs ?? 0), "awaited");
    return timing;
  }

  private learn(units: number, threads: number, ms: number, kind: keyof typeof splitOverhead): void {
    if (this.timed > 0) splitOverhead[kind].add(Math.max(0, ms * 1e6 - (this.nsPerUnit * units) / threads));
  }

  /** What `units` units should take on one thread, in ms (bounds how long a worker may be silent). */
  expectedMs(units: number): number {
    return (this.nsPerUnit * units) / 1e6;
  }
}

/**
 * Contiguous ranges [start, end) of `units` over `threads`, in order: the calling thread
 * takes the first, `hereShare` of the units (an even share unless it has more to do in the
 * call than its range: `CallingShare`), the others split the rest evenly.
 */
export function ranges(units: number, threads: number, hereShare = 1 / threads): [number, number][] {
  if (threads === 1) return [[0, units]];
  const here = Math.min(units, Math.max(0, Math.round(units * hereShare)));
  const rest = threads - 1;
  return Array.from({ length: threads }, (_, t) =>
    t === 0 ? [0, here] : [here + Math.floor(((t - 1) * (units - here)) / rest), here + Math.floor((t * (units - here)) / rest)],
  );
}

/**
 * How a split call went: on the calling thread, its own ranges with their hooks, then the
 * wait for the workers, and first, sending the kernel to workers that had not run it; and
 * the slowest worker's own time over its part (the kernel alone, without its wake-up).
 */
export interface SplitTiming {
  readonly hereMs: number;
  readonly waitMs: number;
  readonly setupMs: number;
  readonly workerMs: number;
}

/**
 * The calling thread's share of a split call whose calling thread has work besides its
 * range (it copies every thread's inputs in and outputs out, since workers cannot reach the
 * caller's arrays), learned per kind of call. After each split it compares the two sides'
 * times, assuming each is proportional to its share, and takes the share that evens them
 * out: the workers' time is the calling thread's plus its wait when it waited, else what
 * the slowest worker reported. Moves down go halfway (a worker's report leaves out its
 * wake-up, so it is the optimistic side); a balanced share settles in a few calls. Which
 * rows a thread computes never changes a row's result, so this moves time only.
 */
export class CallingShare {
  private readonly shares = new Map<string, number>();

  /** The share for calls like `key` over `threads`: the even share until one has been learned. */
  of(key: string, threads: number): number {
    return this.shares.get(`${threads}:${key}`) ?? 1 / threads;
  }

  learn(key: string, threads: number, timing: Pick<SplitTiming, "hereMs" | "waitMs" | "workerMs"> | null): void {
    if (!timing) return;
    const id = `${threads}:${key}`;
    const s = this.shares.get(id) ?? 1 / threads;
    const { hereMs: h, waitMs: w, workerMs } = timing;
    // A wait under 1% of the call is noise (the wake of a blocked thread).
    const waited = w > 0.01 * (h + w);
    const perHere = h / s;
    const perWorker = (waited ? h + w : workerMs) / (1 - s);
    const even = perHere + perWorker > 0 ? perWorker / (perHere + perWorker) : s;
    const next = waited ? even : Math.min(s, (s + even) / 2);
    if (this.shares.size >= 64 && !this.shares.has(id)) this.shares.clear();
    this.shares.set(id, Math.min(1 / threads + 0.25, Math.max(0.05, next)));
  }
}

/** For the pool's tests: the next job makes worker `index` exit, as a crash would. */
export function killWorkerOnNextJob(index: number): void {
  const s = slots[index];
  if (!s) throw new InternalError(`internal: no worker ${index}`);
  Atomics.store(s.ctl, CONTROL.KILL, 1);
}

/** Workers alive now, and calls split over them so far (for tests). */
export function poolStats(): { workers: number; splitCalls: number } {
  return { workers: slots.length, splitCalls };
}
let splitCalls = 0;
