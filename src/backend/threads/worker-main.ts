/**
 * What a pool worker runs. Its source travels as text (`workerScript`), so this function
 * refers to nothing but its parameters and the engine's globals; the host supplies how to
 * receive messages and how to exit.
 *
 * The control block (an Int32Array over shared memory) is the protocol, one per worker:
 * the main thread writes a job's kernel id and arguments, bumps JOB and notifies; the
 * worker runs the kernel on the shared WebAssembly memory, writes STATUS (0 ok, 1 threw,
 * with the message in the message block), sets DONE to the job's number and notifies.
 * READY is set once the worker runs, so a caller never waits for a worker to boot.
 * Kernels arrive as compiled modules by message and are acknowledged in ACK. At exit the
 * host's script around this function sets DEAD, so a main thread waiting learns at once.
 */
export const CONTROL = { JOB: 0, DONE: 1, STATUS: 2, KERNEL: 3, NARGS: 4, DEAD: 5, KILL: 6, ACK: 7, READY: 8, ARGS: 9 } as const;

/** Int32 slots per worker's control block (the arguments take the rest). */
export const CONTROL_SLOTS = 64;

/** Bytes of a worker's message block (an error's text, length first). */
export const MESSAGE_BYTES = 1024;

type Receive = (handler: (message: { readonly type: string } & Record<string, unknown>) => void) => void;

export function workerMain(receive: Receive, exit: (code: number) => void): void {
  // Slots as in CONTROL (repeated: this function's source must stand alone).
  const JOB = 0, DONE = 1, STATUS = 2, KERNEL = 3, NARGS = 4, KILL = 6, ACK = 7, READY = 8, ARGS = 9;
  let ctl: Int32Array | null = null;
  let text: Uint8Array | null = null;
  let memory: unknown = null;
  const math: Record<string, unknown> = {};
  const kernels = new Map<number, (...args: number[]) => void>();
  type Engine = { Instance: new (m: unknown, i: unknown) => { exports: Record<string, (...args: number[]) => void> } };
  const engine = (globalThis as unknown as { WebAssembly: Engine }).WebAssembly;

  const fail = (e: unknown) => {
    const message = new TextEncoder().encode(e instanceof Error ? `${e.name}: ${e.message}` : String(e)).subarray(0, text!.length - 4);
    new DataView(text!.buffer, text!.byteOffset).setInt32(0, message.length);
    text!.set(message, 4);
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
      const run = kernels.get(c[KERNEL]);
      if (!run) {
        status = 1;
        fail(`no kernel ${c[KERNEL]} on this worker`);
      } else {
        try {
          const args: number[] = [];
          for (let i = 0; i < c[NARGS]; i++) args.push(c[ARGS + i]);
          run(...args);
        } catch (e) {
          status = 1;
          fail(e);
        }
      }
      Atomics.store(c, STATUS, status);
      Atomics.store(c, DONE, seen);
      Atomics.notify(c, DONE);
    }
  };

  receive((m) => {
    if (m.type === "init") {
      ctl = new Int32Array(m.control as SharedArrayBuffer);
      text = new Uint8Array(m.message as SharedArrayBuffer);
      memory = m.memory;
      void loop();
      // Started: the pool may give this worker jobs from now on.
      Atomics.store(ctl, READY, 1);
      Atomics.notify(ctl, READY);
    } else if (m.type === "drop") {
      kernels.delete(m.id as number);
    } else if (m.type === "kernel") {
      const c = ctl!;
      try {
        // Each import by its source: a Math function by name, a helper by its own text.
        for (const [name, source] of Object.entries(m.imports as Record<string, string>)) {
          if (!(name in math)) math[name] = new Function(`"use strict"; return (${source});`)();
        }
        const run = new engine.Instance(m.module, { env: { memory }, math }).exports[m.entry as string];
        if (typeof run === "function") {
          kernels.set(m.id as number, run);
          Atomics.store(c, STATUS, 0);
        } else {
          Atomics.store(c, STATUS, 1);
          fail(`no function named ${String(m.entry)} in the kernel module`);
        }
      } catch (e) {
        Atomics.store(c, STATUS, 1);
        fail(e);
      }
      Atomics.store(c, ACK, m.id as number);
      Atomics.notify(c, ACK);
    }
  });
}
