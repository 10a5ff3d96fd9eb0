import { InternalError } from "../../core/errors";
/**
 * The WebAssembly runtime jit's kernels share: the engine (if this environment has one and
 * lets us compile), one linear memory that grows as needed, and compiled modules.
 *
 * The engine is reached through `globalThis` with the few types used here, so nothing
 * depends on DOM or Node typings. Compilation is synchronous (`new WebAssembly.Module`):
 * kernels are small (a browser's main thread refuses synchronous compilation above 4 KB).
 * Where compilation is refused — a Content-Security-Policy without 'wasm-unsafe-eval' — or
 * there is no engine, `compileKernel` returns null once and for all, with one warning, and
 * jit uses its JavaScript kernels.
 */

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmEngine {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

const PAGE = 65536;

/**
 * The shared memory's maximum (1 GiB): a shared memory cannot move, so engines reserve
 * its maximum up front (address space, not memory). Kernels use at most 16 MiB of copies
 * per pass and 16 MiB of packed operands per product block, far below it.
 */
export const SHARED_MAX_PAGES = 16384;

let engine: WasmEngine | null | undefined;
let memory: WasmMemory | null = null;
let refused = false;
let warnedLimit = false;

/** The smallest module: its header. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Whether `bytes` compile here: a CompileError (or the refusal a CSP raises) says no. */
function compiles(e: WasmEngine, bytes: Uint8Array): boolean {
  try {
    new e.Module(bytes);
    return true;
  } catch (err) {
    if (err instanceof Error) return false;
    throw err;
  }
}

function theEngine(): WasmEngine | null {
  if (engine === undefined) engine = (globalThis as { WebAssembly?: WasmEngine }).WebAssembly ?? null;
  return engine;
}

/**
 * The memory every kernel imports as `env.memory` (created on first use): shared where
 * the engine can share it (Node; browsers when cross-origin isolated), so worker threads
 * can run kernels on it (`backend/threads/`); otherwise a plain memory.
 */
export function wasmMemory(): WasmMemory | null {
  const e = theEngine();
  if (!e) return null;
  if (!memory) {
    memory = canShare() ? new e.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true }) : new e.Memory({ initial: 1 });
    sharedMemory = canShare();
  }
  return memory;
}

let sharedMemory = false;

/** Whether a shared WebAssembly memory can be made here (it needs SharedArrayBuffer). */
function canShare(): boolean {
  const e = theEngine();
  if (!e || typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== "function") return false;
  if (shareProbe === undefined) {
    shareProbe = true;
    try {
      new e.Memory({ initial: 1, maximum: 1, shared: true });
    } catch (err) {
      // An engine without the threads proposal refuses the descriptor.
      if (!(err instanceof Error)) throw err;
      shareProbe = false;
    }
  }
  return shareProbe;
}
let shareProbe: boolean | undefined;

/** How kernels import the memory: shared (with the maximum) when it is, so their modules match it. */
export function memoryImport(): { maxPages: number } | null {
  wasmMemory();
  return sharedMemory ? { maxPages: SHARED_MAX_PAGES } : null;
}

/** The memory itself, for worker threads (null when it is not shared). */
export function sharedWasmMemory(): WasmMemory | null {
  return memoryImport() ? wasmMemory() : null;
}

/**
 * Makes the memory at least `bytes` long and returns its buffer (growing detaches the old
 * one, so callers take views after this).
 */
export function reserve(bytes: number): ArrayBuffer {
  const m = wasmMemory();
  if (!m) throw new InternalError("internal: no WebAssembly memory");
  return grown(m, bytes);
}

function grown(m: WasmMemory, bytes: number): ArrayBuffer {
  const have = m.buffer.byteLength;
  if (bytes > have) m.grow(Math.ceil((bytes - have) / PAGE));
  return m.buffer;
}

let asyncMemory: WasmMemory | null = null;

/**
 * A second shared memory, for asynchronous calls (`jit(f).async`): while one awaits its
 * workers, synchronous calls keep running on the first memory, so neither overwrites the
 * other's copies. Null where memory is not shared (then nothing runs asynchronously).
 */
export function asyncWasmMemory(): WasmMemory | null {
  const e = theEngine();
  if (!e || !sharedWasmMemory()) return null;
  asyncMemory ??= new e.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
  return asyncMemory;
}

/** `reserve` on the asynchronous calls' memory. */
export function reserveAsync(bytes: number): ArrayBufferLike {
  const m = asyncWasmMemory();
  if (!m) throw new InternalError("internal: no asynchronous WebAssembly memory");
  return grown(m, bytes);
}

/** A compiled kernel module instantiated on the asynchronous calls' memory. */
export function instantiateAsync(module: object, imports: Record<string, Record<string, unknown>> = {}): Record<string, unknown> {
  const e = theEngine();
  const m = asyncWasmMemory();
  if (!e || !m) throw new InternalError("internal: no asynchronous WebAssembly memory");
  return new e.Instance(module, { ...imports, env: { memory: m } }).exports;
}

/** Whether WebAssembly kernels can be used here (an engine that compiles). */
export function wasmAvailable(): boolean {
  return !refused && theEngine() !== null;
}

/**
 * Compiles and instantiates a kernel module against the shared memory; null where the
 * environment refuses (after one warning), so the caller falls back to JavaScript.
 */
export function compileKernel(bytes: Uint8Array, imports: Record<string, Record<string, unknown>> = {}): Record<string, unknown> | null {
  return compileKernelModule(bytes, imports)?.exports ?? null;
}

/** `compileKernel`, keeping the compiled module too (worker threads instantiate it on the same memory). */
export function compileKernelModule(bytes: Uint8Array, imports: Record<string, Record<string, unknown>> = {}): { exports: Record<string, unknown>; module: object } | null {
  const e = theEngine();
  if (!e || refused) return null;
  let module: object;
  try {
    module = new e.Module(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    // The environment refuses WebAssembly when even the empty module does not compile; then
    // every kernel is JavaScript from now on. Otherwise this module broke an engine limit
    // the encoder does not check (it checks the locals): only this kernel is JavaScript.
    if (!compiles(e, EMPTY_MODULE)) {
      refused = true;
      console.warn(
        "jitgrad: this environment refuses to compile WebAssembly (a Content-Security-Policy without 'wasm-unsafe-eval'?); " +
          `jit uses its JavaScript kernels instead. (${why})`,
      );
    } else if (!warnedLimit) {
      warnedLimit = true;
      console.warn(`jitgrad: a WebAssembly kernel did not compile here (${why}); it runs as JavaScript, the other kernels stay WebAssembly.`);
    }
    return null;
  }
  return { exports: new e.Instance(module, { ...imports, env: { memory: wasmMemory() } }).exports, module };
}
