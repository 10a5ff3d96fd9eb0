/**
 * What kind of unit each primitive makes in a plan (a complete table): `plan.ts` groups
 * equations by it, and every renderer realises the kinds — the JavaScript emitter all of
 * them, the WebAssembly kernels the dots and the loops over examples:
 *
 * - `elementwise`: an expression of the operands' element values, rendered from the
 *   primitive's scalar definition (`core/prims/`) by `scalar-js.ts`;
 * - `view`: index arithmetic over the operand's buffer (no copy);
 * - `reduce`: an accumulation fused into the loop that produces its operand;
 * - `dot`: a generated i-k-j loop nest;
 * - `kernel`: calls the interpreter's own kernel (rare ops, the linalg factorizations, the
 *   FFT and the crossings between real and complex values; identical by construction);
 * - `layout`: copies into planned buffers (pad, concatenate, dynamic updates, gathers and
 *   scatters) or a view with a run-time offset (dynamic_slice);
 * - `control`: real `if` / `for` / `while` statements around the lowered sub-jaxprs;
 * - `effect`: a call of a host function with the operands' values (debug_callback).
 */
import type { Prim } from "../core/primitives";
import { LAYOUT_PRIMS, type LayoutPrim } from "../core/strided";
import { ELEMENTWISE_PRIMS, type ElementwisePrim } from "../core/prims/elementwise";
import { rowsFor } from "../core/prims/family";
import { REDUCE_PRIMS, type ReducePrim } from "../core/prims/reduce";
import { SCATTER_PRIMS, type ScatterPrim } from "../core/prims/scatter";
import { CUMULATIVE_PRIMS, type CumulativePrim } from "../core/prims/cumulative";
import { LINALG_PRIMS, type LinalgPrim } from "../core/prims/linalg";
import { WINDOW_PRIMS, type WindowPrim } from "../core/prims/window";
import { COMPLEX_PRIMS, type ComplexPrim } from "../core/prims/complex";

export type UnitKind =
  | { readonly kind: "elementwise" | "view" | "reduce" | "dot" | "kernel" | "control" | "effect" }
  /** `viewOfOperand`: the result is a view of the first operand's storage (which must outlive it). */
  | { readonly kind: "layout"; readonly viewOfOperand?: boolean };

const elementwise: UnitKind = { kind: "elementwise" };
const reduce: UnitKind = { kind: "reduce" };
const layout: UnitKind = { kind: "layout" };

export const unitKinds: { readonly [P in Prim]: UnitKind } = {
  ...rowsFor<ElementwisePrim, UnitKind>(ELEMENTWISE_PRIMS, () => elementwise),
  ...rowsFor<ReducePrim, UnitKind>(REDUCE_PRIMS, () => reduce),
  ...rowsFor<ScatterPrim, UnitKind>(SCATTER_PRIMS, () => layout),
  gather: { kind: "layout" },
  argmax: { kind: "kernel" },
  argmin: { kind: "kernel" },
  ...rowsFor<CumulativePrim, UnitKind>(CUMULATIVE_PRIMS, () => ({ kind: "kernel" })),
  ...rowsFor<LayoutPrim, UnitKind>(LAYOUT_PRIMS, () => ({ kind: "view" })),
  pad: { kind: "layout" },
  concatenate: { kind: "layout" },
  dynamic_slice: { kind: "layout", viewOfOperand: true },
  dynamic_update_slice: { kind: "layout" },
  iota: { kind: "kernel" },
  random_bits: { kind: "kernel" },
  argsort: { kind: "kernel" },
  ...rowsFor<LinalgPrim, UnitKind>(LINALG_PRIMS, () => ({ kind: "kernel" })),
  ...rowsFor<WindowPrim, UnitKind>(WINDOW_PRIMS, () => ({ kind: "kernel" })),
  // Complex values reach the emitter only through these (jit/lower-complex.ts expands the rest).
  ...rowsFor<ComplexPrim, UnitKind>(COMPLEX_PRIMS, () => ({ kind: "kernel" })),
  debug_callback: { kind: "effect" },
  dot_general: { kind: "dot" },
  conv_general_dilated: { kind: "kernel" },
  cond: { kind: "control" },
  while: { kind: "control" },
  scan: { kind: "control" },
  checkpoint: { kind: "control" },
};
