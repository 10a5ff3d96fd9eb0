/**
 * The backend-neutral kernel IR: what a renderer (WebAssembly today) needs to know about a
 * piece of a program, with shapes and layouts already resolved.
 *
 * A `BatchKernel` is one example's computation of a loop over independent examples (a
 * `scan` without carries: `jit(vmap(f))`'s loop form, `lax.map`). Every value is a scalar:
 * arrays of the jaxpr are lists of element expressions, shape ops are resolved into which
 * element is read, so a renderer deals only with scalar locals, the closed scalar operation
 * set (`core/scalar/ops.ts`), counted loops and while loops. A renderer chooses the lanes: examples side
 * by side in SIMD vectors, several vectors in flight. The examples of a large elementwise
 * loop are its elements; those of a row reduction its rows, each a counted loop whose
 * counter indexes the row.
 */
import type { DType } from "../core/dtype";
import type { BoolOps, FloatOps, IntOps, ScalarClass } from "../core/scalar/ops";

/** An operation of the closed scalar set, by class. */
export type KOp =
  | { readonly cls: "float"; readonly name: keyof FloatOps<unknown> }
  | { readonly cls: "int"; readonly name: keyof IntOps<unknown> }
  | { readonly cls: "bool"; readonly name: keyof BoolOps<unknown> };

export type KExpr =
  /** A literal of a class (bools 0/1). */
  | { readonly k: "lit"; readonly value: number; readonly cls: ScalarClass }
  /**
   * Element `index` of input `slot` (this example's row when the input is mapped), plus the
   * value of local `counter` when given (a loop's counter: the same for every example).
   */
  | { readonly k: "in"; readonly slot: number; readonly index: number; readonly counter?: number; readonly cls: ScalarClass }
  | { readonly k: "local"; readonly id: number; readonly cls: ScalarClass }
  /** Comparisons give a bool of any class's operands; `resultCls` says what the result is. */
  | { readonly k: "op"; readonly op: KOp; readonly args: readonly KExpr[]; readonly cls: ScalarClass }
  | { readonly k: "convert"; readonly from: DType; readonly to: DType; readonly arg: KExpr; readonly cls: ScalarClass }
  | { readonly k: "select"; readonly which: KExpr; readonly whichDtype: DType; readonly cases: readonly KExpr[]; readonly cls: ScalarClass };

export type KStmt =
  /** Defines local `id` (once). */
  | { readonly k: "let"; readonly id: number; readonly e: KExpr }
  /**
   * `count` iterations of `body` over carried locals (defined before the loop); after each
   * iteration every carry takes its `next` value at once. `counter`, when given, is an int
   * local the loop sets to the iteration's number (0, 1, …) before each run of `body`.
   */
  | {
      readonly k: "loop";
      readonly count: number;
      readonly counter?: number;
      readonly carries: readonly number[];
      readonly body: readonly KStmt[];
      readonly next: readonly KExpr[];
    }
  /**
   * While `pred` (computed by `test` from the carries) holds, run `body` and give every
   * carry its `next` value at once. A renderer with lanes freezes each lane's carries once
   * its own predicate fails and stops when no lane is left.
   */
  | {
      readonly k: "while";
      readonly carries: readonly number[];
      readonly test: readonly KStmt[];
      readonly pred: KExpr;
      readonly body: readonly KStmt[];
      readonly next: readonly KExpr[];
    }
  /**
   * Stores `e` as element `index` (plus local `counter`'s value, as for inputs) of this
   * example's row of output `output` (one whose `rows` says how many elements it has).
   */
  | { readonly k: "store"; readonly output: number; readonly index: number; readonly counter?: number; readonly e: KExpr };

export interface KernelInput {
  readonly dtype: DType;
  /** Elements per example (mapped) or in all (shared). */
  readonly size: number;
  /** Whether each example reads its own row (else every example reads the same values). */
  readonly mapped: boolean;
  /**
   * For a mapped input: stored example after example, each example's elements together,
   * rather than element after element (the default, so one vector load reads an element of
   * several examples). A row reduction reads its long rows this way: the copy in is one
   * block copy where a transposing one would cost as much as the kernel saves.
   */
  readonly rows?: boolean;
}

export interface BatchKernel {
  readonly inputs: readonly KernelInput[];
  /** Local id → class. */
  readonly locals: readonly ScalarClass[];
  readonly body: readonly KStmt[];
  readonly outputs: readonly KernelOutput[];
}

/**
 * An output: its dtype and one expression per element of an example's row, computed after
 * the body — or, with `rows`, that many elements per example stored by `store` statements
 * (example after example, each row together, so the copy out is one block).
 */
export type KernelOutput =
  | { readonly dtype: DType; readonly elements: readonly KExpr[]; readonly rows?: undefined }
  | { readonly dtype: DType; readonly elements: readonly []; readonly rows: number };

/** A compiled `dot_general`: the contract is the reference kernel's (`core/kernels/dot.ts`). */
export type { DotKernel } from "../core/kernels/dot";
