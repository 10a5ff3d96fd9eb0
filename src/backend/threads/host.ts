/**
 * Where worker threads come from. In Node, `worker_threads`, reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) behind a feature check, so this file loads in
 * browsers unchanged (there it finds no host, and the pool stays on the calling thread;
 * Web Workers need the asynchronous entry the main thread of a page requires, not built yet).
 */
import { CONTROL, workerMain } from "./worker-main";

/** A worker as the pool uses it. */
export interface ThreadWorker {
  post(message: unknown): void;
  terminate(): void;
}

/** What starts workers, and what the machine offers. */
export interface ThreadHost {
  /** Logical cores (the default number of threads, the calling thread included). */
  readonly cores: number;
  /** `JITGRAD_THREADS` where there is an environment, else undefined. */
  readonly setting: string | undefined;
  /**
   * A worker running the pool's worker code (`workerMain`) with its control block; unref'd,
   * so it never keeps a process alive. Its exit, for whatever reason, sets the block's DEAD.
   */
  spawn(control: SharedArrayBuffer): ThreadWorker;
}

interface NodeProcess {
  readonly env: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
  on(event: "error", listener: (e: unknown) => void): void;
}

/**
 * The worker's script for Node: DEAD set at any exit (even one while loading), the message
 * port and exit, around workerMain's own source. `__name` is what esbuild's keepNames (tsx)
 * wraps functions with; here it is the identity.
 */
const nodeScript = () => `"use strict";
const { parentPort, workerData } = process.getBuiltinModule("node:worker_threads");
const control = new Int32Array(workerData.control);
process.on("exit", () => { Atomics.store(control, ${CONTROL.DEAD}, 1); Atomics.notify(control, ${CONTROL.DONE}); Atomics.notify(control, ${CONTROL.ACK}); });
var __name = (f) => f;
(${workerMain.toString()})((handler) => parentPort.on("message", handler), (code) => process.exit(code));`;

let found: ThreadHost | null | undefined;

/** This environment's host, or null where there are no worker threads to use. */
export function threadHost(): ThreadHost | null {
  if (found !== undefined) return found;
  const proc = (globalThis as { process?: NodeProcess }).process;
  const builtin = typeof proc?.getBuiltinModule === "function" ? proc.getBuiltinModule.bind(proc) : null;
  const threads = builtin?.("node:worker_threads") as { Worker: new (script: string, opts: { eval: true; workerData: unknown }) => NodeWorker } | undefined;
  const os = builtin?.("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!proc || !threads || !os) return (found = null);
  const script = nodeScript();
  found = {
    cores: os.availableParallelism?.() ?? os.cpus().length,
    setting: proc.env.JITGRAD_THREADS,
    spawn: (control) => {
      const w = new threads.Worker(script, { eval: true, workerData: { control } });
      w.unref();
      // A worker's failure reaches the waiting caller through the control block (DEAD, STATUS).
      w.on("error", () => undefined);
      return { post: (m) => w.postMessage(m), terminate: () => void w.terminate() };
    },
  };
  return found;
}
