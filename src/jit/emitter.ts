/**
 * What the lowering helpers (`lower-control.ts`, `lower-layout.ts`, `lower-gather.ts`,
 * `lower-batch.ts`) see of the function being emitted, and what emission needs from its
 * surroundings. `lower.ts` implements it; the helpers depend on this, not on `lower.ts`,
 * so no module cycle runs through them.
 */
import type { Atom, Jaxpr, Var } from "../core/ir";
import type { DType } from "../core/dtype";
import type { Shape } from "../core/shape";
import type { ScalarRenderer } from "../core/scalar/ops";
import type { Kernels } from "./backend";
import type { Block, Code, Ident, Names } from "./code";
import type { Reader, Value, ViewValue } from "./values";

/** What code generation needs from its surroundings. */
export interface EmitContext {
  readonly names: Names;
  /** Values passed to the generated factory as parameters. */
  readonly param: (prefix: string, value: unknown) => Ident;
  /** Declarations that run once per compiled function (scratch buffers). */
  readonly prelude: Block;
  /** Bytes of scratch the prelude allocates (what a cached compiled function keeps alive). */
  readonly scratchBytes: { n: number };
  /** The scalar operations as JavaScript (with this function's helpers). */
  readonly scalar: ScalarRenderer<Code>;
  /** Compiled kernels the code may call (WebAssembly), per the jit's backend. */
  readonly kernels: Kernels;
  /** An expression allocating zeroed storage of `length` numbers for a result of `dtype`, fresh per call. */
  readonly resultStorage: (dtype: DType, length: number) => Code;
}

export interface Lowered {
  readonly body: Block;
  readonly outputs: readonly Value[];
}

export interface LowerOptions {
  /** Outputs get storage of their own per call (top level); sub-jaxprs leave that to the caller. */
  readonly freshOutputs: boolean;
  /** Indentation depth of the emitted statements. */
  readonly depth: number;
}

/** One function being emitted: its values, statements and buffers. */
export interface Emitter {
  /** The statements emitted so far. */
  readonly body: Block;
  readonly ctx: EmitContext;
  /** The value of an atom. */
  read(a: Atom): Value;
  /** Whether `a` is a loop value the plan fused into its consumer (not computed yet). */
  readLazy(a: Atom): unknown;
  /** How to read `a` element by element; `move` places each view it reads. */
  elementReader(a: Atom, move?: (v: ViewValue) => ViewValue): Reader;
  set(v: Var, value: Value): void;
  /** A 0-d value as an expression. */
  scalar(v: Value): Code;
  /** Storage for a value: per call for the jaxpr's outputs, pooled scratch otherwise. */
  buffer(dtype: DType, size: number, owner: Var | null): { id: Ident; fresh: boolean };
  /** A scratch buffer declared once per compiled function (with no owner: until the end of the current unit). */
  scratch(dtype: DType, size: number, owner: Var | null): Ident;
  /** Copies a value into a strided region of a buffer. */
  copyToView(v: Value, shape: Shape, target: Code, strides: readonly number[], start: Code, block?: Block): void;
  /** Copies a value of `shape` into `target` from `targetStart`, row-major. */
  copyInto(v: Value, shape: Shape, target: Code, targetStart?: Code, block?: Block): void;
  /** A buffer for `owner` holding a copy of `v`. */
  bufferCopyOf(v: Value, shape: Shape, dtype: DType, owner: Var | null): { id: Ident; fresh: boolean };
  /** Any value copied into a new contiguous buffer of its shape. */
  materialize(v: Value, shape: Shape, dtype: DType, owner: Var | null): ViewValue;
  /** Lowers a sub-jaxpr (no constvars) on `inputs`, appending its statements to `into`. */
  lowerSub(jaxpr: Jaxpr, inputs: readonly Value[], into?: Block, depth?: number): readonly Value[];
  /** What precedes a call of a dot or batch kernel: `await` in an asynchronous entry. */
  awaitKernel(): Code;
}
