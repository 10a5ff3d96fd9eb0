/**
 * A batch kernel at run time: compiled once per structure (the module's bytes are the key),
 * and called from compiled code with the examples' buffers. Inputs are copied into the
 * shared memory in the kernel's layout (`KernelInput.rows`: example after example, or
 * transposed, element j of every example contiguous), padded to whole groups by repeating
 * the last example; outputs are copied back row-major. A large batch runs in passes of at
 * most `CHUNK_BYTES`.
 */
import type { TypedArray } from "../../core/dtype";
import type { BatchKernel } from "../../kernel/ir";
import { GROUP, IMPORTS, batchModule } from "./batch-render";
import { compileKernelModule, instantiateAsync, reserve, reserveAsync } from "./runtime";
import { CallingShare, CostModel, type PoolKernel, type SplitJob, forgetKernel, ranges, runParallel, runParallelAsync, runRange } from "../threads/pool";
import { driveAsync, driveSync } from "./drive";

/** What the compiled code calls: `run(n, buf0, start0, …, out0, …)` for n examples. */
export type BatchRunner = (n: number, ...buffersAndStarts: unknown[]) => void;

/** A `BatchRunner` for asynchronous calls (`jit(f).async`): awaited, on the asynchronous memory. */
export type AsyncBatchRunner = (n: number, ...buffersAndStarts: unknown[]) => Promise<void>;

/**
 * One kernel call of a batch driver: groups of lanes, the bytes between an input's
 * elements, where inputs and outputs are, and what the call must do around the kernel for
 * groups [g0, g1): `copyIn` their examples' inputs before, `copyOut` their outputs after.
 */
export type BatchStep = readonly [groups: number, stride: number, bases: readonly number[], outBases: readonly number[], copyIn: GroupRange, copyOut: GroupRange];

/** An action on groups [g0, g1) of a batch kernel call. */
export type GroupRange = (g0: number, g1: number) => void;

/** Where a kernel input's elements are: per example `start + e·exampleStride + offsets[j]`, or shared `start + offsets[j]`. */
export interface InputLayout {
  readonly exampleStride: number;
  readonly offsets: readonly number[];
}

/** Memory the copies of one pass over a batch may take (16 MiB: 10⁶ examples of two values in and out). */
export const CHUNK_BYTES = 16 * 2 ** 20;

/** A compiled kernel, what a call of it costs per group of lanes, and the calling thread's share of a split call. */
interface Compiled extends PoolKernel {
  readonly cost: CostModel;
  readonly share: CallingShare;
}

/** Compiled kernels by their bytes: structurally equal kernels compile once (oldest out past 256). */
const compiled = new Map<string, Compiled>();
let nextId = 1;

/** The imports as source a worker or a module can evaluate: Math's functions by name, the helpers by their own (self-contained) text. */
export function importSources(): Record<string, string> {
  const math = Math as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(IMPORTS).map(([name, fn]) => {
      const native = Object.getOwnPropertyNames(Math).find((k) => math[k] === fn);
      return [name, native ? `Math.${native}` : String(fn)];
    }),
  );
}
let sources: Record<string, string> | null = null;

/**
 * A compiled kernel and the copies around it: inputs in (in the kernel's layout, padded
 * to whole groups), the kernel over the groups, outputs out (row-major [n, ...]); the asynchronous
 * form when `async`; over threads where that pays unless `split` is false. Null where
 * there is no lane form or WebAssembly is refused.
 */
export function batchRunner(k: BatchKernel, layouts: readonly InputLayout[], allowLaneCalls: boolean, async: true, split?: boolean): Made<AsyncBatchRunner> | null;
export function batchRunner(k: BatchKernel, layouts: readonly InputLayout[], allowLaneCalls: boolean, async?: false, split?: boolean): Made<BatchRunner> | null;
export function batchRunner(k: BatchKernel, layouts: readonly InputLayout[], allowLaneCalls: boolean, async = false, split = true): Made<BatchRunner | AsyncBatchRunner> | null {
  const made = batchModule(k);
  if (typeof made === "string" || (made.laneCalls > 0 && !allowLaneCalls)) return null;
  const mb = made.module;
  const bytes = mb.encode();
  const key = bytesKey(bytes);
  const text = () => mb.text();
  let kernel = compiled.get(key);
  if (!kernel) {
    const made = compileKernelModule(bytes, { math: { ...IMPORTS } });
    if (!made) return null;
    sources ??= importSources();
    const module = made.module;
    let onAsyncMemory: ((...args: number[]) => void) | null = null;
    const runAsync = () => (onAsyncMemory ??= instantiateAsync(module, { math: { ...IMPORTS } }).run as (...args: number[]) => void);
    kernel = { id: nextId++, module, entry: "run", imports: sources, run: made.exports.run as (...args: number[]) => void, runAsync, cost: new CostModel(), share: new CallingShare() };
    if (compiled.size >= 256) {
      const oldest = compiled.keys().next().value!;
      forgetKernel(compiled.get(oldest)!.id);
      compiled.delete(oldest);
    }
    compiled.set(key, kernel);
  }
  const theKernel = kernel;
  // Bytes a range moves each input's and output's base per example: 8 element after element, a row's 8·size stored by rows.
  const perExample: Shifts = {
    inputs: k.inputs.map((input) => (input.mapped ? 8 * (input.rows ? input.size : 1) : 0)),
    outputs: k.outputs.map((o) => 8 * (o.rows ?? 1)),
  };
  const spec = batchSpec(k, layouts);
  // Unsplit: on the calling thread, without the cost model.
  const here = (step: BatchStep) => runRange(splitJob(step, perExample), 0, step[0], theKernel.run);
  const hereAsync = async (step: BatchStep) => runRange(splitJob(step, perExample), 0, step[0], theKernel.runAsync());
  if (async) return { run: driveAsync(makeBatchSteps(reserveAsync, spec), split ? (step) => callKernelAsync(theKernel, step, perExample) : hereAsync), key, text };
  return { run: driveSync(makeBatchSteps(reserve, spec), split ? (step) => callKernel(theKernel, step, perExample) : here), key, text };
}

/** A batch kernel ready to call, the key of its module (its bytes), and its text (WAT, made when asked). */
export interface Made<R> {
  readonly run: R;
  readonly key: string;
  readonly text: () => string;
}

/** The bytes of a module as a string, one character per byte: the key kernels are compiled once by. */
function bytesKey(bytes: Uint8Array): string {
  let key = "";
  for (let i = 0; i < bytes.length; i += 4096) key += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return key;
}

/** The copies' plan for kernel `k` with its inputs where `layouts` say. */
export function batchSpec(k: BatchKernel, layouts: readonly InputLayout[]): BatchSpec {
  return {
    inputs: k.inputs.map((i) => ({ mapped: i.mapped, rows: i.rows === true, size: i.size })),
    outputs: k.outputs.map((o) => (o.rows === undefined ? { size: o.elements.length, rows: false } : { size: o.rows, rows: true })),
    layouts,
    group: GROUP,
    chunkBytes: CHUNK_BYTES,
  };
}

/** What the copies around a batch kernel need to know: plain data, so a module can carry it as a literal. */
export interface BatchSpec {
  /** `rows`: stored example after example (`KernelInput.rows`), else element after element. */
  readonly inputs: readonly { readonly mapped: boolean; readonly rows: boolean; readonly size: number }[];
  /** Elements per example of each output; `rows`: stored example after example (`KernelOutput.rows`). */
  readonly outputs: readonly { readonly size: number; readonly rows: boolean }[];
  readonly layouts: readonly InputLayout[];
  /** Examples per group of lanes. */
  readonly group: number;
  readonly chunkBytes: number;
}

/**
 * The copies around a batch kernel call, as a driver (`drive.ts`): inputs into the memory
 * by rows or transposed (element j of every example contiguous), padded to whole groups by repeating
 * the last example (so a padding lane stops wherever it stops: a while loop on zeros might
 * not terminate), the kernel (the step yielded), outputs back row-major; a large batch in
 * passes whose copies stay within `chunkBytes` (the memory never shrinks, so one huge batch
 * would otherwise keep its size for good). The step carries the copies of a range of groups
 * in and out rather than doing them around it, so a split call copies each thread's examples
 * while the others compute. Self-contained, so an ahead-of-time module carries it by its source.
 */
export function makeBatchSteps(reserve: (bytes: number) => ArrayBufferLike, spec: BatchSpec): (n: number, ...buffersAndStarts: unknown[]) => Generator<BatchStep, void, void> {
  const { inputs, outputs, layouts, group, chunkBytes } = spec;
  const nIn = inputs.length;
  const perExample = 8 * (inputs.reduce((t, input) => t + (input.mapped ? input.size : 0), 0) + outputs.reduce((t, o) => t + o.size, 0));
  const shared = inputs.reduce((t, input) => t + (input.mapped ? 0 : Math.ceil((input.size * 8) / 16) * 16), 0);
  const chunk = Math.max(group, Math.floor((chunkBytes - shared) / Math.max(perExample, 1) / group) * group);
  /** Examples first … first + count − 1: copy in, run, copy out. */
  function* runChunk(first: number, count: number, rest: readonly unknown[]): Generator<BatchStep, void, void> {
    const padded = Math.ceil(count / group) * group;
    const stride = padded * 8;
    let bytes = 0;
    const bases = inputs.map((input) => {
      const b = bytes;
      bytes += Math.ceil((input.mapped ? input.size * stride : input.size * 8) / 16) * 16;
      return b;
    });
    const outBases = outputs.map((o) => {
      const b = bytes;
      bytes += o.size * stride;
      return b;
    });
    // The view stays valid across the step: only this call grows its memory meanwhile (asynchronous calls run one at a time).
    const heap = new Float64Array(reserve(bytes));
    inputs.forEach((input, i) => {
      if (input.mapped) return;
      const buf = rest[2 * i] as TypedArray | null;
      const start = rest[2 * i + 1] as number;
      for (let j = 0; j < input.size; j++) heap[bases[i] / 8 + j] = buf === null ? start : buf[start + layouts[i].offsets[j]];
    });
    /** The mapped inputs of examples in groups [g0, g1); the range holding the last example pads. */
    const copyIn = (g0: number, g1: number) => {
      const e0 = g0 * group;
      const e1 = Math.min(count, g1 * group);
      if (e0 >= e1) return;
      const pads = e1 === count;
      inputs.forEach((input, i) => {
        if (!input.mapped) return;
        const buf = rest[2 * i] as TypedArray;
        const start = rest[2 * i + 1] as number;
        const { exampleStride, offsets } = layouts[i];
        const base = bases[i] / 8;
        if (input.rows) {
          const { size } = input;
          // Element j of example e at base + e·size + j; padding repeats the last example's row.
          const runs = offsets.every((o, j) => o === offsets[0] + j);
          if (runs && exampleStride === size) {
            const from = start + offsets[0] + (first + e0) * size;
            heap.set(buf.subarray(from, from + (e1 - e0) * size), base + e0 * size);
          } else {
            for (let e = e0; e < e1; e++) {
              const at = start + (first + e) * exampleStride;
              if (runs) heap.set(buf.subarray(at + offsets[0], at + offsets[0] + size), base + e * size);
              else for (let j = 0; j < size; j++) heap[base + e * size + j] = buf[at + offsets[j]];
            }
          }
          const last = base + (count - 1) * size;
          if (pads) for (let e = count; e < padded; e++) heap.copyWithin(base + e * size, last, last + size);
          return;
        }
        for (let j = 0; j < input.size; j++) {
          const row = base + j * padded;
          const off = start + offsets[j] + first * exampleStride;
          // A contiguous column is one typed-array copy (a memcpy for float64).
          if (exampleStride === 1) heap.set(buf.subarray(off + e0, off + e1), row + e0);
          else for (let e = e0; e < e1; e++) heap[row + e] = buf[off + e * exampleStride];
          if (pads) heap.fill(heap[row + count - 1], row + count, row + padded);
        }
      });
    };
    /** The outputs of examples in groups [g0, g1). */
    const copyOut = (g0: number, g1: number) => {
      const e0 = g0 * group;
      const e1 = Math.min(count, g1 * group);
      outputs.forEach(({ size: m, rows }, oi) => {
        const out = rest[2 * nIn + oi] as TypedArray;
        const base = outBases[oi] / 8;
        if (m === 1 || rows) out.set(heap.subarray(base + e0 * m, base + e1 * m), (first + e0) * m);
        else {
          for (let j = 0; j < m; j++) {
            const row = base + j * padded;
            for (let e = e0; e < e1; e++) out[(first + e) * m + j] = heap[row + e];
          }
        }
      });
    };
    yield [padded / group, stride, bases, outBases, copyIn, copyOut];
  }
  return function* (n, ...rest) {
    for (let first = 0; first < n; first += chunk) yield* runChunk(first, Math.min(chunk, n - first), rest);
  };
}

/**
 * One kernel call over `groups` groups: on this thread, or cut into contiguous ranges of
 * groups over the pool when the estimate says it pays. A range only moves the mapped
 * inputs' and the outputs' bases (shared inputs stay), so each thread computes exactly
 * the examples it would alone: the bits do not depend on the thread count. The calling
 * thread copies each range's examples in just before it starts and out once it is done
 * (workers cannot reach the caller's arrays), its own while the workers compute; so it
 * takes a learned, smaller share (`CallingShare`). The times measured include the copies.
 */
function callKernel(kernel: Compiled, step: BatchStep, perExample: Shifts): void {
  const groups = step[0];
  const threads = kernel.cost.threadsFor(groups);
  if (threads === 1) return kernel.cost.runHere(groups, () => runRange(splitJob(step, perExample), 0, groups, kernel.run));
  const parts = ranges(groups, threads, kernel.share.of(String(groups), threads));
  const timing = kernel.cost.runSplit(groups, threads, () => runParallel(kernel, parts, splitJob(step, perExample), kernel.cost.expectedMs(groups)));
  kernel.share.learn(String(groups), threads, timing);
}

/** `callKernel` for an asynchronous call: on the asynchronous memory, awaiting the workers. */
async function callKernelAsync(kernel: Compiled, step: BatchStep, perExample: Shifts): Promise<void> {
  const groups = step[0];
  const threads = kernel.cost.threadsFor(groups, true);
  if (threads === 1) return kernel.cost.runHere(groups, () => runRange(splitJob(step, perExample), 0, groups, kernel.runAsync()), true);
  const parts = ranges(groups, threads, kernel.share.of(String(groups), threads));
  const timing = await kernel.cost.runSplitAsync(groups, threads, () => runParallelAsync(kernel, parts, splitJob(step, perExample), kernel.cost.expectedMs(groups)));
  kernel.share.learn(String(groups), threads, timing);
}

/** A step as a split job over its groups: a range's arguments move each mapped input's and output's base by its bytes per example. */
function splitJob([, stride, bases, outBases, copyIn, copyOut]: BatchStep, perExample: Shifts): SplitJob {
  return {
    args: (g0, g1) => {
      const examples = g0 * GROUP;
      return [g1 - g0, stride, ...bases.map((b, i) => b + examples * perExample.inputs[i]), ...outBases.map((b, i) => b + examples * perExample.outputs[i])];
    },
    before: copyIn,
    after: copyOut,
  };
}

/** Bytes per example by which a range moves each input's and output's base. */
interface Shifts {
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}
