/**
 * Convolutions, as jax.lax: `convGeneralDilated` (every option of XLA's convolution),
 * `conv`, `convWithGeneralPadding` and `convTranspose`, all one primitive. Like every
 * deep-learning convolution this is a cross-correlation (the kernel is not flipped).
 */
import {
  ConvDimensionNumbers,
  type ConvDimensionSpec,
  type ConvParams,
  convDimensionNumbers as dimensionNumbersFor,
  dilateDim,
  padtypeToPads,
  takeAxes,
} from "../core/conv-dims";
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import { showShape, type Shape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { laxOperands } from "../numpy/convert";

export { ConvDimensionNumbers };

/** Padding: explicit [lo, hi] per spatial axis (negative crops), or JAX's "SAME", "SAME_LOWER", "VALID". */
export type ConvPadding = "SAME" | "SAME_LOWER" | "VALID" | readonly (readonly [number, number])[];

/** Options of {@link convGeneralDilated}. */
export interface ConvGeneralDilatedOptions {
  /** Holes between input elements (a transposed convolution), per spatial axis; default 1. */
  readonly lhsDilation?: readonly number[] | null;
  /** Holes between kernel elements (an atrous convolution), per spatial axis; default 1. */
  readonly rhsDilation?: readonly number[] | null;
  /** Layouts, as strings (`["NHWC", "HWIO", "NHWC"]`) or numbers; default N, C, spatial… / O, I, spatial…. */
  readonly dimensionNumbers?: ConvDimensionSpec;
  /** Split the features into this many groups, each convolved with its own kernels (depthwise: the feature count). */
  readonly featureGroupCount?: number;
  /** Split the batch into groups, each giving its own output features (what weight gradients of grouped convolutions use). */
  readonly batchGroupCount?: number;
}

const ones = (n: number) => Array.from({ length: n }, () => 1);

function perAxis(op: string, what: string, v: readonly number[] | null | undefined, n: number): readonly number[] {
  if (v === null || v === undefined) return ones(n);
  if (!Array.isArray(v) || v.length !== n || v.some((s) => !(Number.isInteger(s) && s >= 1))) {
    throw new ArgumentError(`${op}: ${what} must be ${n} positive integer(s), one per spatial axis, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/**
 * XLA's general convolution: output[n, o, y…] = Σ_{i, k…} lhs[n, g·I + i, y·stride + k·rhsDilation − padLo]
 * · rhs[o, i, k…] over an input with `lhsDilation − 1` zeros between elements, in the
 * layouts of `dimensionNumbers`.
 * @example
 * // a 3×3 box blur of one 5×5 single-channel image (NCHW / OIHW)
 * lax.convGeneralDilated(np.ones([1, 1, 5, 5]), np.ones([1, 1, 3, 3]).div(9), [1, 1], "SAME");
 */
export function convGeneralDilated(
  lhs: TensorLike,
  rhs: TensorLike,
  windowStrides: readonly number[],
  padding: ConvPadding,
  opts: ConvGeneralDilatedOptions = {},
): Tensor {
  const op = "lax.convGeneralDilated";
  const [l, r] = laxOperands(op, [lhs, rhs]);
  if (l.dtype === "bool") throw new DTypeError(`${op}: expected numeric operands, got bool.`);
  if (l.ndim !== r.ndim || l.ndim < 2) {
    throw new ShapeError(`${op}: lhs and rhs must have the same rank, at least 2 (batch, feature, spatial…), got shapes ${showShape(l.shape)} and ${showShape(r.shape)}.`);
  }
  const ns = l.ndim - 2;
  const dn = dimensionNumbersFor(op, l.ndim, opts.dimensionNumbers);
  const strides = perAxis(op, "windowStrides", windowStrides, ns);
  const lhsDilation = perAxis(op, "lhsDilation", opts.lhsDilation, ns);
  const rhsDilation = perAxis(op, "rhsDilation", opts.rhsDilation, ns);
  const pads = resolvePadding(op, padding, takeAxes(l.shape, dn.lhs_spec.slice(2)), takeAxes(r.shape, dn.rhs_spec.slice(2)), strides, lhsDilation, rhsDilation);
  const params: ConvParams = {
    window_strides: [...strides],
    padding: pads,
    lhs_dilation: [...lhsDilation],
    rhs_dilation: [...rhsDilation],
    dimension_numbers: dn,
    feature_group_count: opts.featureGroupCount ?? 1,
    batch_group_count: opts.batchGroupCount ?? 1,
    precision: null,
    preferred_element_type: null,
  };
  return bind1("conv_general_dilated", [l, r], params);
}

function resolvePadding(
  op: string,
  padding: ConvPadding,
  inSpatial: Shape,
  kernelSpatial: Shape,
  strides: readonly number[],
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): [number, number][] {
  if (typeof padding === "string") {
    if (padding !== "SAME" && padding !== "SAME_LOWER" && padding !== "VALID") {
      throw new ArgumentError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or [lo, hi] pairs, got ${JSON.stringify(padding)}.`);
    }
    if (lhsDilation.some((d) => d !== 1)) {
      throw new ArgumentError(`${op}: string padding is not defined for a transposed convolution (lhsDilation ≠ 1), as in JAX; give [lo, hi] pairs or use lax.convTranspose.`);
    }
    const window = kernelSpatial.map((k, i) => dilateDim(k, rhsDilation[i]));
    return padtypeToPads(inSpatial, window, strides, padding);
  }
  if (!Array.isArray(padding) || padding.length !== inSpatial.length || padding.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isInteger))) {
    throw new ArgumentError(`${op}: padding must be ${inSpatial.length} [lo, hi] integer pair(s), one per spatial axis, got ${JSON.stringify(padding)}.`);
  }
  return padding.map(([lo, hi]) => [lo, hi]);
}

/**
 * A convolution in N, C, spatial… / O, I, spatial… layout with strides and padding.
 * @example lax.conv(np.ones([1, 1, 4]), np.ones([1, 1, 2]), [1], "VALID") // [[[2, 2, 2]]]
 */
export function conv(lhs: TensorLike, rhs: TensorLike, windowStrides: readonly number[], padding: ConvPadding): Tensor {
  return convGeneralDilated(lhs, rhs, windowStrides, padding);
}

/**
 * A convolution with explicit padding and input/kernel dilation (N, C, spatial… layout).
 * @example lax.convWithGeneralPadding(x, w, [1, 1], [[1, 1], [1, 1]], [1, 1], [2, 2])
 */
export function convWithGeneralPadding(
  lhs: TensorLike,
  rhs: TensorLike,
  windowStrides: readonly number[],
  padding: ConvPadding,
  lhsDilation: readonly number[] | null,
  rhsDilation: readonly number[] | null,
): Tensor {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { lhsDilation, rhsDilation });
}

/**
 * The dimension numbers of operands with these shapes under a layout spec.
 * @example lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"]).lhs_spec // [0, 3, 1, 2]
 */
export function convDimensionNumbers(lhsShape: Shape, rhsShape: Shape, dimensionNumbers: ConvDimensionSpec): ConvDimensionNumbers {
  const op = "lax.convDimensionNumbers";
  if (lhsShape.length !== rhsShape.length) throw new ShapeError(`${op}: lhs and rhs must have the same rank, got ${showShape(lhsShape)} and ${showShape(rhsShape)}.`);
  return dimensionNumbersFor(op, lhsShape.length, dimensionNumbers);
}

/** Options of {@link convTranspose}. */
export interface ConvTransposeOptions {
  /** Holes between kernel elements; default 1. */
  readonly rhsDilation?: readonly number[] | null;
  /** Layouts; default ["NC", "IO", "NC"] / ["NHC", "HIO", "NHC"] / ["NHWC", "HWIO", "NHWC"] / ["NHWDC", "HWDIO", "NHWDC"], as JAX's. */
  readonly dimensionNumbers?: ConvDimensionSpec;
  /** Flip the kernel spatially and swap its feature axes (the gradient of a forward convolution, as in TensorFlow). */
  readonly transposeKernel?: boolean;
}

const DEFAULT_TRANSPOSE_LAYOUTS: Record<number, readonly [string, string, string]> = {
  2: ["NC", "IO", "NC"],
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/** JAX's `_conv_transpose_padding` for one axis. */
function transposePadding(k: number, s: number, padding: "SAME" | "VALID"): [number, number] {
  const len = padding === "SAME" ? k + s - 2 : k + s - 2 + Math.max(k - s, 0);
  const a = padding === "SAME" ? (s > k - 1 ? k - 1 : Math.ceil(len / 2)) : k - 1;
  return [a, len - a];
}

/**
 * A transposed ("fractionally strided") convolution: the input is dilated by `strides`,
 * so the output grows by them — the decoder half of an autoencoder.
 * @example lax.convTranspose(np.ones([1, 4, 4, 1]), np.ones([3, 3, 1, 1]), [2, 2], "SAME").shape // [1, 8, 8, 1]
 */
export function convTranspose(lhs: TensorLike, rhs: TensorLike, strides: readonly number[], padding: ConvPadding, opts: ConvTransposeOptions = {}): Tensor {
  const op = "lax.convTranspose";
  let [l, r] = laxOperands(op, [lhs, rhs]);
  if (l.ndim !== r.ndim || l.ndim < 2) throw new ShapeError(`${op}: lhs and rhs must have the same rank, at least 2, got shapes ${showShape(l.shape)} and ${showShape(r.shape)}.`);
  const spec = opts.dimensionNumbers ?? DEFAULT_TRANSPOSE_LAYOUTS[l.ndim] ?? null;
  const dn = dimensionNumbersFor(op, l.ndim, spec);
  const ns = l.ndim - 2;
  const rhsDilation = perAxis(op, "rhsDilation", opts.rhsDilation, ns);
  const s = perAxis(op, "strides", strides, ns);
  const kSpatial = takeAxes(r.shape, dn.rhs_spec.slice(2));
  let pads: ConvPadding = padding;
  if (padding === "SAME" || padding === "VALID") pads = kSpatial.map((k, i) => transposePadding(dilateDim(k, rhsDilation[i]), s[i], padding));
  else if (typeof padding === "string") throw new ArgumentError(`${op}: padding must be "SAME", "VALID" or [lo, hi] pairs, got ${JSON.stringify(padding)}.`);
  if (opts.transposeKernel) {
    r = bind1("rev", [r], { dimensions: dn.rhs_spec.slice(2) });
    const perm = [...Array(r.ndim).keys()];
    [perm[dn.rhs_spec[0]], perm[dn.rhs_spec[1]]] = [perm[dn.rhs_spec[1]], perm[dn.rhs_spec[0]]];
    r = bind1("transpose", [r], { permutation: perm });
  }
  return convGeneralDilated(l, r, ones(ns), pads, { lhsDilation: s, rhsDilation, dimensionNumbers: dn });
}
