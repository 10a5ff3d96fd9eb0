/**
 * Where worker threads come from. In Node, `worker_threads`, reached through
 * `process.getBuiltinModule` (Node ≥ 20.16) behind a feature check, so this file loads in
 * browsers unchanged; in a browser, Web Workers started from a Blob of the worker's source
 * (a page whose CSP refuses `blob:` workers gets none, and runs on one thread).
 */
import { CONTROL, workerMain } from "./worker-main";

/** A worker as the pool uses it. */
export interface ThreadWorker {
  post(message: unknown): void;
  terminate(): void;
  /**
   * Whether the worker keeps its process alive: while an asynchronous call awaits it (Node
   * would otherwise exit with the call pending; an awaited `Atomics.waitAsync` holds nothing).
   */
  hold(on: boolean): void;
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
   * Null when the environment refuses to start one.
   */
  spawn(control: SharedArrayBuffer): ThreadWorker | null;
}

interface NodeProcess {
  readonly env: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface NodeWorker {
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  unref(): void;
  ref(): void;
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
process.on("exit", () => { Atomics.store(control, ${CONTROL.DEAD}, 1); Atomics.notify(control, ${CONTROL.DONE}); Atomics.notify(control, ${CONTROL.FINISHED}); Atomics.notify(control, ${CONTROL.ACK}); });
var __name = (f) => f;
(${workerMain.toString()})((handler) => parentPort.on("message", handler), (code) => process.exit(code));`;

/** Marks a worker dead in its control block and wakes whoever waits on it. */
function markDead(control: Int32Array): void {
  Atomics.store(control, CONTROL.DEAD, 1);
  Atomics.notify(control, CONTROL.DONE);
  Atomics.notify(control, CONTROL.FINISHED);
  Atomics.notify(control, CONTROL.ACK);
}

/**
 * The worker's script for a browser: the control block comes with the first message;
 * leaving (the pool's fault injection) marks it dead first, as Node's exit handler does.
 */
const browserScript = () => `"use strict";
let control = null;
var __name = (f) => f;
(${workerMain.toString()})(
  (handler) => { self.onmessage = (e) => { if (e.data.type === "init") control = new Int32Array(e.data.control); handler(e.data); }; },
  () => { Atomics.store(control, ${CONTROL.DEAD}, 1); Atomics.notify(control, ${CONTROL.DONE}); Atomics.notify(control, ${CONTROL.FINISHED}); Atomics.notify(control, ${CONTROL.ACK}); self.close(); },
);`;

interface BrowserWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onerror: ((e: { preventDefault(): void }) => void) | null;
}

interface BrowserGlobals {
  Worker?: new (url: string) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  navigator?: { hardwareConcurrency?: number };
}

function browserHost(g: BrowserGlobals): ThreadHost | null {
  const { Worker, Blob, URL } = g;
  if (typeof Worker !== "function" || typeof Blob !== "function" || typeof URL?.createObjectURL !== "function") return null;
  let url: string | null = null;
  return {
    cores: g.navigator?.hardwareConcurrency ?? 1,
    setting: undefined,
    spawn: (control) => {
      let w: BrowserWorker;
      try {
        url ??= URL.createObjectURL(new Blob([browserScript()], { type: "text/javascript" }));
        w = new Worker(url);
      } catch (e) {
        // A CSP refusing blob: workers (a SecurityError): this page runs on one thread.
        if (e instanceof Error) return null;
        throw e;
      }
      // A script that fails to load or an error escaping the worker: the pool sees DEAD.
      w.onerror = (e) => {
        e.preventDefault();
        markDead(new Int32Array(control));
      };
      // A page lives on without its workers' help: nothing to hold.
      return { post: (m) => w.postMessage(m), terminate: () => w.terminate(), hold: () => undefined };
    },
  };
}

let found: ThreadHost | null | undefined;

/** This environment's host, or null where there are no worker threads to use. */
export function threadHost(): ThreadHost | null {
  if (found !== undefined) return found;
  const proc = (globalThis as { process?: NodeProcess }).process;
  const builtin = typeof proc?.getBuiltinModule === "function" ? proc.getBuiltinModule.bind(proc) : null;
  const threads = builtin?.("node:worker_threads") as { Worker: new (script: string, opts: { eval: true; workerData: unknown }) => NodeWorker } | undefined;
  const os = builtin?.("node:os") as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!proc || !threads || !os) return (found = browserHost(globalThis as BrowserGlobals));
  const script = nodeScript();
  found = {
    cores: os.availableParallelism?.() ?? os.cpus().length,
    setting: proc.env.JITGRAD_THREADS,
    spawn: (control) => {
      const w = new threads.Worker(script, { eval: true, workerData: { control } });
      w.unref();
      // A worker's failure reaches the waiting caller through the control block (DEAD, STATUS).
      w.on("error", () => undefined);
      return { post: (m) => w.postMessage(m), terminate: () => void w.terminate(), hold: (on) => (on ? w.ref() : w.unref()) };
    },
  };
  return found;
}
