/**
 * What a pool worker runs. Its source travels as text (`workerScript`), so this function
 * refers to nothing but its parameters and the engine's globals; the host supplies how to
 * receive messages and how to exit.
 *
 * The control block (an Int32Array over shared memory) is the protocol, one per worker:
 * the main thread writes a job's kernel id, memory and the arguments of each of its PIECES,
 * bumps JOB and notifies, and raises INPUTS as each piece's inputs are in; the worker runs
 * the kernel piece by piece on that shared WebAssembly memory (0: synchronous calls', 1:
 * asynchronous calls'), raising FINISHED after each, so the caller copies a piece's results
 * out while the next runs; then it writes STATUS (0 ok, 1 threw, with the message in the
 * message block) and TOOK (its kernel time in µs, which a caller balancing its share learns
 * from), sets DONE to the job's number and notifies. READY is set once the worker runs, so
 * a caller never waits for a worker to boot. Kernels and memories arrive by message,
 * each acknowledged by writing its sequence number to ACK. At exit the host's script
 * around this function sets DEAD, so a main thread waiting learns at once.
 */
export const CONTROL = { JOB: 0, DONE: 1, STATUS: 2, KERNEL: 3, NARGS: 4, DEAD: 5, KILL: 6, ACK: 7, READY: 8, MEMORY: 9, TOOK: 10, PIECES: 11, INPUTS: 12, FINISHED: 13, ARGS: 14 } as const;

/** Int32 slots per worker's control block (the pieces' arguments take the rest). */
export const CONTROL_SLOTS = 256;

/** Bytes of a worker's message block (an error's text, length first). */
export const MESSAGE_BYTES = 1024;

type Receive = (handler: (message: { readonly type: string } & Record<string, unknown>) => void) => void;

export function workerMain(receive: Receive, exit: (code: number) => void): void {
  // Slots as in CONTROL (repeated: this function's source must stand alone).
  const JOB = 0, DONE = 1, STATUS = 2, KERNEL = 3, NARGS = 4, KILL = 6, ACK = 7, READY = 8, MEMORY = 9, TOOK = 10, PIECES = 11, INPUTS = 12, FINISHED = 13, ARGS = 14;
  let ctl: Int32Array | null = null;
  let text: Uint8Array | null = null;
  const memories: unknown[] = [];
  const math: Record<string, unknown> = {};
  const modules = new Map<number, { module: unknown; entry: string }>();
  // Instances per memory, made on first use (a kernel used only synchronously never gets a second).
  const instances = [new Map<number, (...args: number[]) => void>(), new Map<number, (...args: number[]) => void>()];
  type Engine = { Instance: new (m: unknown, i: unknown) => { exports: Record<string, unknown> } };
  const engine = (globalThis as unknown as { WebAssembly: Engine }).WebAssembly;

  const fail = (e: unknown) => {
    const message = new TextEncoder().encode(e instanceof Error ? `${e.name}: ${e.message}` : String(e)).subarray(0, text!.length - 4);
    new DataView(text!.buffer, text!.byteOffset).setInt32(0, message.length);
    text!.set(message, 4);
  };

  /**
   * The kernel `id` on memory `mem`, instantiated on first use, or why not (the caller
   * reports it; the pool turns it into a ThreadError). Instantiation itself may throw.
   */
  const instance = (mem: number, id: number): ((...args: number[]) => void) | string => {
    const made = instances[mem].get(id);
    if (made) return made;
    const k = modules.get(id);
    if (!k) return `no kernel ${id} on this worker`;
    if (!memories[mem]) return `memory ${mem} was never sent to this worker`;
    const run = new engine.Instance(k.module, { env: { memory: memories[mem] }, math }).exports[k.entry];
    if (typeof run !== "function") return `no function named ${k.entry} in the kernel module`;
    instances[mem].set(id, run as (...args: number[]) => void);
    return run as (...args: number[]) => void;
  };

  const loop = async () => {
    const c = ctl!;
    let seen = 0;
    for (;;) {
      // waitAsync (ES2024; Node 16+, Chromium 87+) keeps this thread's event loop free for kernel messages.
      const waited = (Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string } }).waitAsync(c, JOB, seen);
      if (waited.async) await waited.value;
      seen = Atomics.load(c, JOB);
      if (Atomics.load(c, KILL) === 1) exit(70); // fault injection, for the pool's tests
      let status = 0;
      try {
        const run = instance(c[MEMORY], c[KERNEL]);
        if (typeof run === "string") {
          status = 1;
          fail(run);
        } else {
          // Piece p runs once the caller has copied its inputs in (INPUTS > p); FINISHED
          // tells the caller which pieces it may copy out while the rest run.
          let took = 0;
          for (let p = 0, n = c[NARGS]; p < c[PIECES]; p++) {
            while (Atomics.load(c, INPUTS) <= p) Atomics.wait(c, INPUTS, p, 100);
            const args: number[] = [];
            for (let i = 0; i < n; i++) args.push(c[ARGS + p * n + i]);
            const t0 = performance.now();
            run(...args);
            took += performance.now() - t0;
            Atomics.store(c, FINISHED, p + 1);
            Atomics.notify(c, FINISHED);
          }
          c[TOOK] = Math.min(2 ** 31 - 1, Math.round(took * 1000));
        }
      } catch (e) {
        status = 1;
        fail(e);
      }
      if (status !== 0) {
        // A failed job finishes every piece, so a caller waiting for one learns of it at once.
        Atomics.store(c, FINISHED, c[PIECES]);
        Atomics.notify(c, FINISHED);
      }
      Atomics.store(c, STATUS, status);
      Atomics.store(c, DONE, seen);
      Atomics.notify(c, DONE);
    }
  };

  const acknowledge = (seq: number, status: number) => {
    Atomics.store(ctl!, STATUS, status);
    Atomics.store(ctl!, ACK, seq);
    Atomics.notify(ctl!, ACK);
  };

  receive((m) => {
    if (m.type === "init") {
      ctl = new Int32Array(m.control as SharedArrayBuffer);
      text = new Uint8Array(m.message as SharedArrayBuffer);
      memories.push(...(m.memories as unknown[]));
      void loop();
      // Started: the pool may give this worker jobs from now on.
      Atomics.store(ctl, READY, 1);
      Atomics.notify(ctl, READY);
    } else if (m.type === "memory") {
      memories[m.index as number] = m.memory;
      acknowledge(m.seq as number, 0);
    } else if (m.type === "drop") {
      modules.delete(m.id as number);
      for (const i of instances) i.delete(m.id as number);
    } else if (m.type === "kernel") {
      let status = 0;
      try {
        // Each import by its source: a Math function by name, a helper by its own text.
        for (const [name, source] of Object.entries(m.imports as Record<string, string>)) {
          if (!(name in math)) math[name] = new Function(`"use strict"; return (${source});`)();
        }
        modules.set(m.id as number, { module: m.module, entry: m.entry as string });
        // Instantiated now on the memory it was sent for, so a failure is reported here.
        const made = instance(m.memory as number, m.id as number);
        if (typeof made === "string") {
          status = 1;
          fail(made);
        }
      } catch (e) {
        status = 1;
        fail(e);
      }
      acknowledge(m.seq as number, status);
    }
  });
}
