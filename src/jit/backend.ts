/**
 * Which code jit generates, and the compiled kernels a lowering may call instead of
 * emitting JavaScript loops.
 *
 * `"js"` is JavaScript only (large float64 dots call a packed, register-blocked JS
 * kernel). `"wasm"` uses a WebAssembly kernel wherever one exists.
 * `"auto"` (the default) uses one where it pays (`dotPays`; measured in ARCHITECTURE.md). Scalar programs — the terrain gradient — never
 * reach a kernel: scalarization turns their small dots into chains of locals first.
 * Where WebAssembly is unavailable or refused, every choice is JavaScript.
 */
import type { DType } from "../core/dtype";
import type { Prim } from "../core/primitives";
import { ArgumentError } from "../core/errors";
import { type AsyncBatchRunner, type BatchRunner, type InputLayout, batchRunner } from "../backend/wasm/batch";
import { jsDotKernel } from "../backend/js/dot";
import { type AsyncDotKernel, wasmDotKernel, wasmDotText } from "../backend/wasm/dot";
import type { BatchKernel, DotKernel } from "../kernel/ir";

/** Where `jit` runs dense kernels: WebAssembly SIMD, JavaScript, or chosen per program (`"auto"`). */
export type Backend = "auto" | "js" | "wasm";

const BACKENDS: readonly Backend[] = ["auto", "js", "wasm"];

/** Multiply-adds from which a dot calls a packed kernel: WebAssembly under `auto`, JavaScript otherwise. */
export const WASM_DOT_MIN = 4096;
export const JS_DOT_MIN = 512;

/**
 * The micro-kernels compute 4-row blocks of the result from packed copies of the operands.
 * Packing pays from about 8×8×8 multiply-adds against the plain loop nest, WebAssembly
 * against packed JavaScript from about 16×16×16 (measured in ARCHITECTURE.md), and neither
 * for matrix-vector products, where most of a block is padding and packing doubles the
 * memory traffic.
 */
function dotPays(min: number, nb: number, m: number, k: number, n: number): boolean {
  return nb * m * k * n >= min && Math.min(m, n) >= 4;
}

export function checkBackend(backend: unknown): Backend {
  if (backend === undefined) return "auto";
  if (!BACKENDS.includes(backend as Backend)) {
    throw new ArgumentError(`jit: backend must be one of "auto", "js", "wasm"; got ${typeof backend === "string" ? JSON.stringify(backend) : typeof backend}.`);
  }
  return backend as Backend;
}

/** What one compilation may call, and what it did call (for `lower()`). */
export interface Kernels {
  /**
   * Whether the code is an asynchronous entry (`jit(f).async`): it awaits the kernels of
   * `dotCall` and `batch`, which run on the asynchronous calls' memory.
   */
  readonly async: boolean;
  /** A synchronous dot kernel for this product (batch, rows, contraction, columns), or null for the JavaScript loop nest. */
  dot(dtype: DType, nb: number, m: number, k: number, n: number): DotKernel | null;
  /** The dot the generated code calls: `dot`'s choice, in its asynchronous form in an asynchronous entry. */
  dotCall(dtype: DType, nb: number, m: number, k: number, n: number): DotKernel | AsyncDotKernel | null;
  /** Whether a loop over `n` independent examples should try a batch kernel. */
  wantsBatch(n: number): boolean;
  /**
   * Whether a fused elementwise loop over `n` elements should try a batch kernel (its
   * elements as examples); `divides`: whether its body has an operation in `LANES_PAY`.
   */
  wantsElementwise(n: number, divides: boolean): boolean;
  /**
   * Whether a fused loop reducing `rows` rows (of `n` elements in all) should try a batch
   * kernel with a row per example; `divides` as for `wantsElementwise`.
   */
  wantsRowReduction(rows: number, n: number, divides: boolean): boolean;
  /**
   * A compiled batch kernel (asynchronous in an asynchronous entry), or null (no lane form,
   * or WebAssembly refused); split over threads where that pays unless `split` is false.
   */
  batch(kernel: BatchKernel, layouts: readonly InputLayout[], split?: boolean): BatchRunner | AsyncBatchRunner | null;
  /** The WebAssembly modules the compiled code calls: their text (WAT, made when asked), by module. */
  readonly wasm: ReadonlyMap<string, () => string>;
}

/** Examples from which `auto` runs a loop over examples as a WebAssembly kernel. */
export const WASM_BATCH_MIN = 8;

/**
 * Elements from which a fused elementwise loop runs as a WebAssembly batch kernel: the
 * copies in and out are paid back from about 4,000 elements, and for `auto` only when the
 * body divides, takes square roots or exponentiates (which two lanes halve; exp on lanes
 * is `backend/wasm/exp.ts`, 3× Math.exp here); a loop of adds and multiplies
 * is bound by memory, and the copies make it slower (ARCHITECTURE.md has the measurements).
 */
export const WASM_ELEMENTWISE_MIN = 4096;

/** The operations whose float lanes pay for the copies around an elementwise kernel under `auto` (see above). */
export const LANES_PAY: ReadonlySet<Prim> = new Set<Prim>(["div", "sqrt", "rsqrt", "exp", "logistic", "log"]);

/** The kernels a compilation for `backend` may call; `async` for an asynchronous entry. */
export function kernelsFor(backend: Backend, async = false): Kernels {
  const wasm = new Map<string, () => string>();
  const wantsWasmDot = (nb: number, m: number, k: number, n: number) => backend === "wasm" || (backend === "auto" && dotPays(WASM_DOT_MIN, nb, m, k, n));
  return {
    async,
    dot(dtype, nb, m, k, n) {
      const kernel = wantsWasmDot(nb, m, k, n) ? wasmDotKernel(dtype) : null;
      if (kernel) {
        wasm.set(`dot ${dtype}`, () => wasmDotText(dtype));
        return kernel;
      }
      return dotPays(JS_DOT_MIN, nb, m, k, n) ? jsDotKernel(dtype) : null;
    },
    dotCall(dtype, nb, m, k, n) {
      const kernel = async && wantsWasmDot(nb, m, k, n) ? wasmDotKernel(dtype, true) : null;
      if (!kernel) return this.dot(dtype, nb, m, k, n);
      wasm.set(`dot ${dtype}`, () => wasmDotText(dtype));
      return kernel;
    },
    wantsBatch: (n) => backend === "wasm" || (backend === "auto" && n >= WASM_BATCH_MIN),
    wantsElementwise: (n, divides) => n >= WASM_ELEMENTWISE_MIN && (backend === "wasm" || (backend === "auto" && divides)),
    // A row per example: from as many rows as a loop over examples, as many elements as an elementwise loop.
    wantsRowReduction: (rows, n, divides) => rows >= WASM_BATCH_MIN && n >= WASM_ELEMENTWISE_MIN && (backend === "wasm" || (backend === "auto" && divides)),
    batch(kernel, layouts, split = true) {
      if (backend === "js") return null;
      // Lane-wise calls of Math.* cost a JS round trip each: measured 1.6× slower than the
      // JS loop for sin + exp per example, so `auto` keeps those bodies in JavaScript.
      const made = async ? batchRunner(kernel, layouts, backend === "wasm", true, split) : batchRunner(kernel, layouts, backend === "wasm", false, split);
      if (made) wasm.set(made.key, made.text);
      return made?.run ?? null;
    },
    wasm,
  };
}
