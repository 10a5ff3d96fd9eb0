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

/**
 * Writes a job into a worker's control block and wakes it; returns the job's number. Its
 * pieces run as the caller releases them (`release`); `pieceArgs` are their arguments.
 */
function post(s: Slot, kernel: PoolKernel, memory: number, pieceArgs: readonly (readonly number[])[]): number {
  const n = pieceArgs[0].length;
  if (CONTROL.ARGS + n * pieceArgs.length > CONTROL_SLOTS) throw new InternalError(`internal: a kernel call of ${pieceArgs.length} × ${n} arguments exceeds the control block`);
  s.ctl[CONTROL.KERNEL] = kernel.id;
  s.ctl[CONTROL.MEMORY] = memory;
  s.ctl[CONTROL.NARGS] = n;
  s.ctl[CONTROL.PIECES] = pieceArgs.length;
  s.ctl[CONTROL.INPUTS] = 0;
  s.ctl[CONTROL.FINISHED] = 0;
  pieceArgs.forEach((a, p) => a.forEach((v, i) => (s.ctl[CONTROL.ARGS + p * n + i] = v)));
  const job = Atomics.add(s.ctl, CONTROL.JOB, 1) + 1;
  Atomics.notify(s.ctl, CONTROL.JOB);
  return job;
}

/** Lets a worker run its job's pieces before `pieces` (their inputs are in). */
function release(s: Slot, pieces: number): void {
  Atomics.store(s.ctl, CONTROL.INPUTS, pieces);
  Atomics.notify(s.ctl, CONTROL.INPUTS);
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
 * A split call: the kernel's arguments for units [u0, u1) of its work, and what the
 * calling thread does around them — `before` copies their inputs in (workers cannot reach
 * the caller's arrays), `after` copies their results out. A product packs rows of A and
 * unpacks rows of C; a batch kernel copies examples.
 */
export interface SplitJob {
  args(u0: number, u1: number): readonly number[];
  before(u0: number, u1: number): void;
  after(u0: number, u1: number): void;
}

/**
 * A worker's part is cut into pieces of about this much work (ms), at most `MAX_PIECES`, so
 * its copies overlap its kernel; each piece costs a wake of the waiting side, a few µs.
 */
let pieceMs = 1;
const MAX_PIECES = 4;

/** For tests: cut every worker's part into as many pieces as it can take (0), or restore the default (null). */
export function setPieceMs(ms: number | null): void {
  pieceMs = ms ?? 1;
}

/** A worker's range [u0, u1) in up to `most` contiguous, non-empty pieces of about `pieceMs` each. */
function piecesOf([u0, u1]: readonly [number, number], partMs: number, most: number): [number, number][] {
  const k = Math.max(1, Math.min(most, u1 - u0, pieceMs > 0 ? Math.floor(partMs / pieceMs) : most));
  return Array.from({ length: k }, (_, p) => [u0 + Math.floor((p * (u1 - u0)) / k), u0 + Math.floor(((p + 1) * (u1 - u0)) / k)]);
}

/**
 * Runs `job` over `parts` (contiguous ranges of its units): the first on the calling
 * thread, the others on started workers (`usableThreads` said how many), each worker's in
 * pieces. The calling thread copies every worker's pieces in first (a worker starts on its
 * first while the rest are copied), then runs its own range, then copies each worker piece
 * out as it finishes, so only the last piece's copy follows the slowest worker.
 * `expectedMs` (the whole call on one thread) bounds how long a worker may be silent.
 */
export function runParallel(kernel: PoolKernel, given: readonly (readonly [number, number])[], job: SplitJob, expectedMs: number): SplitTiming | null {
  const parts = withoutEmptyParts(given);
  const workers = slots.filter(isReady).slice(0, parts.length - 1);
  // Ranges no started worker can take run here, after the calling thread's own.
  const runHere = () => runOnCallingThread(hereRanges(parts, workers.length), job, kernel.run);
  if (workers.length === 0) {
    runHere();
    return null;
  }
  splitCalls++;
  const limit = PATIENCE_MS + 100 * expectedMs;
  const firstRun = workers.some((s) => !s.kernels.has(kernel.id));
  for (const s of workers) {
    if (s.kernels.has(kernel.id)) continue;
    const acked = request(s, kernelMessage(kernel, 0));
    if (!waitFor(s, CONTROL.ACK, acked, limit)) replaceAndThrow([[s, "did not answer"]]);
    if (Atomics.load(s.ctl, CONTROL.STATUS) !== 0) replaceAndThrow([[s, notInstantiated(s)]]);
    s.kernels.add(kernel.id);
  }
  const t0 = performance.now();
  const slotsPerPiece = Math.max(1, Math.floor((CONTROL_SLOTS - CONTROL.ARGS) / job.args(...parts[0]).length));
  const pieces = workers.map((_, w) => piecesOf(parts[1 + w], expectedMs / parts.length, Math.min(MAX_PIECES, slotsPerPiece)));
  const jobs = workers.map((s, w) => post(s, kernel, 0, pieces[w].map((piece) => job.args(...piece))));
  const most = Math.max(...pieces.map((p) => p.length));
  try {
    for (let p = 0; p < most; p++) {
      workers.forEach((s, w) => {
        if (p >= pieces[w].length) return;
        job.before(...pieces[w][p]);
        release(s, p + 1);
      });
    }
    runHere();
  } catch (e) {
    // Abandoned: every piece released and every worker waited for, so none is still
    // writing the memory when this throws.
    workers.forEach((s, w) => {
      release(s, pieces[w].length);
      waitFor(s, CONTROL.DONE, jobs[w] - 1, limit);
    });
    throw e;
  }
  let waitMs = 0;
  const waited = (wait: () => boolean) => {
    const t = performance.now();
    const ok = wait();
    waitMs += performance.now() - t;
    return ok;
  };
  // Every worker is waited for before any failure is reported: one still writing its part
  // of the memory must not overlap the next call. A failed job finishes all its pieces at
  // once; what they copy out is discarded with the call.
  const lost = new Set<number>();
  for (let p = 0; p < most; p++) {
    workers.forEach((s, w) => {
      if (p >= pieces[w].length || lost.has(w)) return;
      if (waited(() => waitFor(s, CONTROL.FINISHED, p, limit))) job.after(...pieces[w][p]);
      else lost.add(w);
    });
  }
  const failures: [Slot, string][] = [];
  jobs.forEach((j, w) => {
    const s = workers[w];
    const why = outcome(s, j, waited(() => waitFor(s, CONTROL.DONE, j - 1, limit)), limit);
    if (why) failures.push([s, why]);
  });
  if (failures.length > 0) replaceAndThrow(failures);
  return { hereMs: performance.now() - t0 - waitMs, waitMs, firstRun, workerMs: slowest(workers) };
}

/** The longest any of `workers` took over its part of the last job, as it reported (ms). */
const slowest = (workers: readonly Slot[]): number => Math.max(...workers.map((s) => Atomics.load(s.ctl, CONTROL.TOOK))) / 1000;

/** The ranges the calling thread runs itself: the first, and those beyond the workers taken. */
const hereRanges = (parts: readonly (readonly [number, number])[], workers: number) => [parts[0], ...parts.slice(1 + workers)];

/**
 * The calling thread's part and the others that hold units: a learned calling share near 1
 * leaves the last parts empty, and no worker is woken for nothing (nor a job's copies
 * asked to start past the end of its data: a product's rows of C did).
 */
const withoutEmptyParts = (parts: readonly (readonly [number, number])[]) => [parts[0], ...parts.slice(1).filter(([u0, u1]) => u1 > u0)];

/** Runs units [u0, u1) of a job on the calling thread, between its copies (an unsplit call is the range of all its units); an empty range does nothing. */
export function runRange(job: SplitJob, u0: number, u1: number, run: (...a: number[]) => void): void {
  if (u1 <= u0) return;
  job.before(u0, u1);
  run(...job.args(u0, u1));
  job.after(u0, u1);
}

/** Runs ranges of a call on the calling thread, each between its copies. */
function runOnCallingThread(here: readonly (readonly [number, number])[], job: SplitJob, run: (...a: number[]) => void): void {
  for (const [u0, u1] of here) runRange(job, u0, u1, run);
}

/**
 * `runParallel` for an asynchronous call: on the asynchronous calls' memory, awaiting the
 * workers instead of blocking (a browser page's main thread may not block); each worker's
 * part is one piece. The workers taken are marked busy until their parts are done, so
 * synchronous calls in between run on the others (or on the calling thread) and never
 * overlap them.
 */
export async function runParallelAsync(kernel: PoolKernel, given: readonly (readonly [number, number])[], job: SplitJob, expectedMs: number): Promise<SplitTiming | null> {
  const parts = withoutEmptyParts(given);
  const workers = slots.filter(isReady).slice(0, parts.length - 1);
  const run = kernel.runAsync();
  const runHere = () => runOnCallingThread(hereRanges(parts, workers.length), job, run);
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
    const firstRun = workers.some((s) => !s.kernels.has(kernel.id));
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
    const jobs = workers.map((s, w) => {
      job.before(...parts[1 + w]);
      const posted = post(s, kernel, 1, [job.args(...parts[1 + w])]);
      release(s, 1);
      return posted;
    });
    const t1 = performance.now();
    try {
      runHere();
    } catch (e) {
      for (const [w, j] of jobs.entries()) await waitForAsync(workers[w], CONTROL.DONE, j - 1, limit);
      throw e;
    }
    const t2 = performance.now();
    const failures: [Slot, string][] = [];
    for (const [w, j] of jobs.entries()) {
      const s = workers[w];
      const why = outcome(s, j, await waitForAsync(s, CONTROL.DONE, j - 1, limit), limit);
      if (why) failures.push([s, why]);
    }
    if (failures.length > 0) replaceAndThrow(failures);
    const t3 = performance.now();
    workers.forEach((_, w) => job.after(...parts[1 + w]));
    return { hereMs: t2 - t1 + (performance.now() - t3), waitMs: t3 - t2, firstRun, workerMs: slowest(workers) };
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

/** What a split is assumed to cost until measured: what the half-millisecond minimum assumes for two threads. */
const PRIOR_OVERHEAD_NS = 250_000;

/**
 * What one kernel's splits cost beyond their share of the work (waking workers, dispatch,
 * waiting for the last, and the kernel's own serial work: copies, a product's B packing),
 * in ns: the median of the last 15 split calls (a median, as one call that met a
 * descheduled core must not stop splitting for long). Per kernel, because the serial part
 * is the kernel's: shared, a 512² product's 1.5 ms made the vmapped descent at 10⁴ points
 * (0.62 ms split, 1.0 ms not) stop splitting a third of its calls. Blocking and awaited
 * calls keep apart, as they differ by platform (Node wakes a worker in ~0.1 ms; Chromium's
 * Web Workers and `Atomics.waitAsync` were measured at 0.3–3 ms). It starts from two
 * samples of the prior, so one slow split cannot stop splitting on its own; they leave the
 * window first.
 */
export class SplitOverhead {
  private readonly samples: number[] = [PRIOR_OVERHEAD_NS, PRIOR_OVERHEAD_NS];
  private next = 2;
  private estimate = PRIOR_OVERHEAD_NS;

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

/** What blocking and awaited splits cost, by kind. */
export type SplitOverheads = Record<"blocking" | "awaited", SplitOverhead>;

/**
 * Of the calls a kernel's estimate says not to split, every this many is split anyway, so
 * the overhead is re-measured — or sooner, once the declined calls add up to
 * `EXPLORE_AFTER_NS` of work: two splits that met a busy core made the 100 ms descent at
 * 10⁶ points decline 64 calls, six seconds on one thread.
 */
const EXPLORE_EVERY = 64;
const EXPLORE_AFTER_NS = 50e6;

/**
 * When one kernel's calls pay for threads: its time per unit of work (a group of lanes, a
 * panel of a product) measured on calls that could have been split, the least of the last three; a
 * call is split when that estimate is at least the minimum and what the other threads
 * would take off it exceeds what splitting has been costing.
 */
export class CostModel {
  private nsPerUnit = 0;
  private readonly recent = [Infinity, Infinity, Infinity];
  private timed = 0;
  private skipped = 0;
  private declined = 0;
  private declinedNs = 0;
  /**
   * Whether either of the last two measured splits beat this kernel's one-thread estimate,
   * and whether the call after an exploring split splits too. Declining lets the idle core
   * sleep, so an exploring split pays a wake-up and looks dear, and a kernel could stay
   * declined though back-to-back splits pay (the descent at 10⁴ points in benchmark.js:
   * 0.65 ms split, 1.0 ms not, declined about a third of its calls). So an exploration is
   * two splits, the second on an awake core, and a split that paid is followed by another
   * (one slow one among them does not stop it), which refills the window of costs.
   */
  private readonly paid = [false, false];
  private followUp = false;

  /** What this kernel's splits have cost (a test may pass ones to look at). */
  constructor(readonly overheads: SplitOverheads = { blocking: new SplitOverhead(), awaited: new SplitOverhead() }) {}

  /** Threads for a call of `units` units (1: stay on the calling thread); `async` for `runParallelAsync`. */
  threadsFor(units: number, async = false): number {
    const threads = Math.min(async ? threadCount() : blockingThreads(), units);
    if (threads <= 1) return 1;
    if (parallelMinimumNs === 0) return usableThreads(threads);
    const one = this.nsPerUnit * units;
    if (this.timed === 0 || one < parallelMinimumNs) return 1;
    const usable = usableThreads(threads);
    const saving = one - one / usable - this.overheads[async ? "awaited" : "blocking"].ns;
    if (saving > 0 || this.paid[0] || this.paid[1] || this.followUp) {
      this.followUp = false;
      return usable;
    }
    this.declined++;
    this.declinedNs += one;
    if (this.declined < EXPLORE_EVERY && this.declinedNs < EXPLORE_AFTER_NS) return 1;
    this.declined = 0;
    this.declinedNs = 0;
    this.followUp = true;
    return usable;
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
    // Noise only ever lengthens a call (a collection, a descheduled thread), and split calls
    // are not timed here, so one pause must not carry a small kernel over the threshold for
    // good: the estimate is the least of the last few calls (a lasting change shows in as many).
    this.recent[this.timed % this.recent.length] = ((performance.now() - t0) * 1e6) / units;
    this.nsPerUnit = Math.min(...this.recent);
    this.timed++;
  }

  /**
   * Runs a split call, and learns from its time what splitting costs — except from a call
   * where a worker ran the kernel for the first time: sending it, instantiating it and the
   * worker's first, cold run are one-time costs (a first split of the descent at 2·10⁴
   * points took 3.4 ms against 2.0 on one thread, and taken as the overhead it stopped all
   * splitting until the next exploration).
   */
  runSplit(units: number, threads: number, call: () => SplitTiming | null): SplitTiming | null {
    const t0 = performance.now();
    const timing = call();
    if (!timing?.firstRun) this.learn(units, threads, performance.now() - t0, "blocking");
    return timing;
  }

  /** `runSplit` for an awaited call. */
  async runSplitAsync(units: number, threads: number, call: () => Promise<SplitTiming | null>): Promise<SplitTiming | null> {
    const t0 = performance.now();
    const timing = await call();
    if (!timing?.firstRun) this.learn(units, threads, performance.now() - t0, "awaited");
    return timing;
  }

  private learn(units: number, threads: number, ms: number, kind: keyof SplitOverheads): void {
    this.paid[1] = this.paid[0];
    this.paid[0] = this.timed > 0 && ms * 1e6 < this.nsPerUnit * units;
    if (this.timed > 0) this.overheads[kind].add(Math.max(0, ms * 1e6 - (this.nsPerUnit * units) / threads));
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
 * How a split call went: on the calling thread, its own ranges with their copies, then the
 * wait for the workers; the slowest worker's own time over its part (the kernel alone,
 * without its wake-up); and whether some worker ran the kernel for the first time (it was
 * sent in this call), which makes the call no measure of a split's usual cost.
 */
export interface SplitTiming {
  readonly hereMs: number;
  readonly waitMs: number;
  readonly workerMs: number;
  readonly firstRun: boolean;
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

  learn(key: string, threads: number, timing: SplitTiming | null): void {
    if (!timing || timing.firstRun) return;
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
