/**
 * Process-wide settings (as `jax.config`): today, how many threads jit's WebAssembly
 * kernels may use.
 */
import { ArgumentError } from "./core/errors";
import { poolStats, setThreads, threadCount } from "./backend/threads/pool";

/** Settings {@link config} takes and reports. */
export interface Config {
  /**
   * Threads a kernel call may be split over, the calling thread included (at most 64);
   * `null` restores the default (the machine's logical cores, or the `JITGRAD_THREADS`
   * environment variable).
   * Where there are no worker threads or no shared memory (a browser page that is not
   * cross-origin isolated) it is 1 whatever is asked.
   */
  readonly threads?: number | null;
}

/** The settings as they are now, which {@link config} returns. */
export interface ConfigState {
  /** Threads kernel calls may be split over now, the calling thread included. */
  readonly threads: number;
}

/**
 * Changes settings and returns them as they now are. Calls stay on the calling thread
 * until a kernel's work is worth splitting (about half a millisecond), so small programs
 * never pay for threads; results are the same bits for any thread count.
 * @example
 * config({ threads: 1 });    // everything on the calling thread
 * config({ threads: null }); // back to one per core
 * config().threads;          // what kernels use now
 */
export function config(options: Config = {}): ConfigState {
  if (typeof options !== "object" || options === null) throw new ArgumentError(`config: pass an object such as { threads: 2 }; got ${options === null ? "null" : typeof options}.`);
  const unknown = Object.keys(options).filter((k) => k !== "threads");
  if (unknown.length > 0) throw new ArgumentError(`config: unknown setting ${unknown.map((k) => JSON.stringify(k)).join(", ")}; the settings are: threads.`);
  if ("threads" in options) {
    const t = options.threads;
    if (t !== null && !(typeof t === "number" && Number.isInteger(t) && t >= 1)) {
      throw new ArgumentError(`config: threads must be a whole number ≥ 1 (or null for the default); got ${typeof t === "number" ? t : typeof t}.`);
    }
    setThreads(t ?? null);
  }
  return { threads: threadCount() };
}

/** What {@link threadStats} reports. */
export interface ThreadStats {
  /** Worker threads alive now (the calling thread is not counted). */
  readonly workers: number;
  /** Kernel calls split over workers since the program started. */
  readonly splitCalls: number;
}

/**
 * Whether large calls use the worker pool: workers alive and calls split so far. A page
 * that is not cross-origin isolated, or a program whose kernels are all small, shows none.
 * @example
 * await jit(vmap(f)).async(bigBatch);
 * threadStats(); // { workers: 1, splitCalls: 1 } on two cores
 */
export function threadStats(): ThreadStats {
  return poolStats();
}
