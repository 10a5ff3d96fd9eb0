/**
 * jitgrad's worker pool: WebAssembly kernels split over threads that share the kernels'
 * memory. A job is one kernel call cut into contiguous ranges, the calling thread taking
 * the first; each range writes its own part of the output, so results do not depend on the
 * thread count (the kernels are the same code on every thread).
 *
 * Workers sleep in `Atomics.waitAsync` between jobs and never spin; they are unref'd. The
 * calling thread blocks in `Atomics.wait` for them, which a browser's main thread may not
 * do, so there (and wherever there is no host or no shared memory) everything runs on the
 * calling thread. A worker that throws, exits or stops answering fails the call with a
 * `ThreadError` carrying its message, and is replaced.
 */
import { InternalError, ThreadError } from "../../core/errors";
import { sharedWasmMemory } from "../wasm/runtime";
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
}

interface Slot {
  readonly worker: ThreadWorker;
  readonly ctl: Int32Array;
  readonly text: Uint8Array;
  readonly kernels: Set<number>;
}

let requested: number | null = null;
const slots: Slot[] = [];

/** Sets how many threads run kernels (the calling thread included); null for the default (the host's cores, or JITGRAD_THREADS). */
export function setThreads(n: number | null): void {
  requested = n;
  while (slots.length > Math.max(0, threadCount() - 1)) retire(slots.pop()!);
}

/** Threads kernels run on now: 1 where there is no host or no shared memory. */
export function threadCount(): number {
  const host = threadHost();
  if (!host || !sharedWasmMemory()) return 1;
  const fromEnv = host.setting === undefined ? NaN : Number(host.setting);
  const n = requested ?? (Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : host.cores);
  return Math.max(1, Math.min(n, MAX_THREADS));
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

function spawn(host: ThreadHost): Slot {
  const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const message = new SharedArrayBuffer(MESSAGE_BYTES);
  const worker = host.spawn(control);
  worker.post({ type: "init", control, message, memory: sharedWasmMemory() });
  return { worker, ctl: new Int32Array(control), text: new Uint8Array(message), kernels: new Set() };
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

function messageOf(s: Slot): string {
  const n = new DataView(s.text.buffer).getInt32(0);
  return new TextDecoder().decode(s.text.slice(4, 4 + Math.max(0, Math.min(n, s.text.length - 4))));
}

/** Replaces failed workers (by index) and throws the first failure. */
function replaceAndThrow(failures: readonly (readonly [number, string])[]): never {
  for (const [index] of [...failures].sort((a, b) => b[0] - a[0])) {
    retire(slots[index]);
    slots.splice(index, 1);
  }
  throw new ThreadError(`jit: a worker thread ${failures[0][1]}; the call is abandoned and the worker replaced (the next call runs normally).`);
}

const isReady = (s: Slot) => Atomics.load(s.ctl, CONTROL.READY) === 1 && Atomics.load(s.ctl, CONTROL.DEAD) === 0;

/**
 * Threads a call can use now, up to `wanted`: the calling thread and the workers that have
 * started. Missing workers are started here but not waited for (a worker boots in tens of
 * milliseconds; until then calls run with the ones that are up).
 */
export function usableThreads(wanted: number): number {
  const host = threadHost();
  if (!host || wanted <= 1) return 1;
  while (slots.length < Math.min(wanted, threadCount()) - 1) slots.push(spawn(host));
  return 1 + Math.min(wanted - 1, slots.filter(isReady).length);
}

/** For tests: starts workers for `threads` threads and waits until they run. */
export function startWorkers(threads: number): void {
  usableThreads(threads);
  for (const s of slots.slice(0, threads - 1)) {
    if (!waitFor(s, CONTROL.READY, 0, PATIENCE_MS)) throw new InternalError("internal: a worker did not start");
  }
}

/**
 * Runs `kernel` once per range: `args[0]` on the calling thread, the others on started
 * workers (`usableThreads` said how many). `expectedMs` bounds how long a worker may be silent.
 */
export function runParallel(kernel: PoolKernel, args: readonly (readonly number[])[], expectedMs: number): void {
  const workers = slots.filter(isReady).slice(0, args.length - 1);
  // Ranges no started worker can take run here, after the calling thread's own.
  const here = [args[0], ...args.slice(1 + workers.length)];
  if (workers.length === 0) {
    for (const a of here) kernel.run(...a);
    return;
  }
  splitCalls++;
  const index = (s: Slot) => slots.indexOf(s);
  const limit = PATIENCE_MS + 100 * expectedMs;
  for (const s of workers) {
    if (s.kernels.has(kernel.id)) continue;
    const acked = Atomics.load(s.ctl, CONTROL.ACK);
    s.worker.post({ type: "kernel", id: kernel.id, module: kernel.module, entry: kernel.entry, imports: kernel.imports });
    if (!waitFor(s, CONTROL.ACK, acked, limit)) replaceAndThrow([[index(s), "did not answer"]]);
    if (Atomics.load(s.ctl, CONTROL.STATUS) !== 0) replaceAndThrow([[index(s), `could not instantiate a kernel (${messageOf(s)})`]]);
    s.kernels.add(kernel.id);
  }
  const jobs = workers.map((s, w) => {
    const a = args[1 + w];
    if (a.length > CONTROL_SLOTS - CONTROL.ARGS) throw new InternalError(`internal: a kernel call of ${a.length} arguments exceeds the control block`);
    s.ctl[CONTROL.KERNEL] = kernel.id;
    s.ctl[CONTROL.NARGS] = a.length;
    a.forEach((v, i) => (s.ctl[CONTROL.ARGS + i] = v));
    const job = Atomics.add(s.ctl, CONTROL.JOB, 1) + 1;
    Atomics.notify(s.ctl, CONTROL.JOB);
    return job;
  });
  for (const a of here) kernel.run(...a);
  // Every worker is waited for before any failure is reported: one still writing its part
  // of the memory must not overlap the next call.
  const failures: [number, string][] = [];
  jobs.forEach((job, w) => {
    const s = workers[w];
    if (!waitFor(s, CONTROL.DONE, job - 1, limit) || Atomics.load(s.ctl, CONTROL.DONE) !== job) {
      failures.push([index(s), Atomics.load(s.ctl, CONTROL.DEAD) === 1 ? "exited during a job" : `did not finish its part within ${Math.round(limit)} ms`]);
    } else if (Atomics.load(s.ctl, CONTROL.STATUS) !== 0) failures.push([index(s), `failed: ${messageOf(s)}`]);
  });
  if (failures.length > 0) replaceAndThrow(failures);
}

/**
 * Work (estimated from earlier calls) from which a call is split over threads: waking an
 * idle core costs ~0.1 ms here and dispatching 10–70 µs, so below about half a millisecond
 * one thread is as fast (measured in ARCHITECTURE.md).
 */
let parallelMinimumNs = 500_000;

/** For tests: split every call that has a unit per thread (0), or restore the default (null). */
export function setParallelMinimum(ns: number | null): void {
  parallelMinimumNs = ns ?? 500_000;
}

/**
 * When one kernel's calls pay for threads: its time per unit of work (a group of lanes, a
 * panel of a product) measured on calls that could have been split, a running average.
 */
export class CostModel {
  private nsPerUnit = 0;
  private timed = 0;
  private skipped = 0;

  /** Threads for a call of `units` units (1: stay on the calling thread). */
  threadsFor(units: number): number {
    const threads = Math.min(threadCount(), units);
    if (threads <= 1) return 1;
    return parallelMinimumNs === 0 || (this.timed > 0 && this.nsPerUnit * units >= parallelMinimumNs) ? usableThreads(threads) : 1;
  }

  /**
   * Runs `call` on this thread, timing it when threads could have taken it; a kernel well
   * below the threshold is timed only every 32nd call (two clock reads are ~0.1 µs, a
   * tenth of the smallest kernels' calls).
   */
  runHere(units: number, call: () => void): void {
    if (threadCount() <= 1 || units <= 1) return call();
    if (this.timed >= 4 && this.nsPerUnit * units * 8 < parallelMinimumNs && (this.skipped = (this.skipped + 1) % 32) !== 0) return call();
    const t0 = performance.now();
    call();
    const ns = ((performance.now() - t0) * 1e6) / units;
    this.nsPerUnit = this.timed === 0 ? ns : 0.8 * this.nsPerUnit + 0.2 * ns;
    this.timed++;
  }

  /** What `units` units should take on one thread, in ms (bounds how long a worker may be silent). */
  expectedMs(units: number): number {
    return (this.nsPerUnit * units) / 1e6;
  }
}

/** Contiguous ranges [start, end) of `units` over `threads`, in order (the calling thread takes the first). */
export function ranges(units: number, threads: number): [number, number][] {
  return Array.from({ length: threads }, (_, t) => [Math.floor((t * units) / threads), Math.floor(((t + 1) * units) / threads)]);
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
