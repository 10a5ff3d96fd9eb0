/**
 * Convolution's dimension numbers and shape arithmetic, in one place for abstract eval,
 * the kernel, the rules and the public functions: which axes of each operand are batch,
 * feature and spatial (`ConvDimensionNumbers`, from JAX's string form such as
 * `["NHWC", "HWIO", "NHWC"]`), padding from "SAME"/"VALID", dilated sizes, the output
 * shape, and the paddings of the two transposed convolutions that form its VJP (JAX's).
 */
import * as E from "./either";
import { ArgumentError, type JitgradError, ShapeError } from "./errors";
import type { Shape } from "./shape";

/**
 * lax.ConvDimensionNumbers: for each of lhs, rhs and output, the axis of its batch (rhs:
 * output feature) dimension, of its feature (rhs: input feature) dimension, then of each
 * spatial dimension, in the rhs's spatial order.
 */
export class ConvDimensionNumbers {
  constructor(
    readonly lhs_spec: readonly number[],
    readonly rhs_spec: readonly number[],
    readonly out_spec: readonly number[],
  ) {
    Object.freeze(this);
  }
  /** As JAX prints it in a jaxpr. */
  toString(): string {
    const t = (xs: readonly number[]) => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;
    return `ConvDimensionNumbers(lhs_spec=${t(this.lhs_spec)}, rhs_spec=${t(this.rhs_spec)}, out_spec=${t(this.out_spec)})`;
  }
}

/** JAX's string layouts: lhs with N and C, rhs with O and I, output with N and C, the rest spatial letters. */
export type ConvLayouts = readonly [string, string, string];

/** What {@link convDimensionNumbers} accepts: null (N, C, spatial… / O, I, spatial…), strings, or the numbers. */
export type ConvDimensionSpec = ConvLayouts | ConvDimensionNumbers | null | undefined;

/** The identity layout of rank n: [0, 1, …, n − 1]. */
const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Dimension numbers for operands of rank `ndim` (JAX's conv_dimension_numbers). */
export function convDimensionNumbers(op: string, ndim: number, spec: ConvDimensionSpec): ConvDimensionNumbers {
  if (spec === null || spec === undefined) return new ConvDimensionNumbers(iota(ndim), iota(ndim), iota(ndim));
  if (spec instanceof ConvDimensionNumbers) {
    for (const s of [spec.lhs_spec, spec.rhs_spec, spec.out_spec]) {
      if (s.length !== ndim || [...s].sort((a, b) => a - b).some((v, i) => v !== i)) {
        throw new ArgumentError(`${op}: dimension numbers ${spec.toString()} must each be a permutation of the ${ndim} axes.`);
      }
    }
    return spec;
  }
  if (!Array.isArray(spec) || spec.length !== 3 || spec.some((s) => typeof s !== "string")) {
    throw new ArgumentError(`${op}: dimension numbers must be three layout strings such as ["NHWC", "HWIO", "NHWC"], got ${JSON.stringify(spec)}.`);
  }
  const [lhs, rhs, out] = spec;
  const pairs: [string, string][] = [["N", "C"], ["O", "I"], ["N", "C"]];
  spec.forEach((s, i) => {
    const [a, b] = pairs[i];
    if (s.length !== ndim) throw new ArgumentError(`${op}: layout "${s}" has ${s.length} letters but the operands have ${ndim} axes.`);
    if (s.split(a).length !== 2 || s.split(b).length !== 2 || new Set(s).size !== s.length) {
      throw new ArgumentError(`${op}: layout "${s}" must hold "${a}" and "${b}" once each and no letter twice.`);
    }
  });
  const spatial = (s: string, [a, b]: [string, string]) => [...s].filter((c) => c !== a && c !== b).sort().join("");
  if (spatial(lhs, pairs[0]) !== spatial(rhs, pairs[1]) || spatial(out, pairs[2]) !== spatial(rhs, pairs[1])) {
    throw new ArgumentError(`${op}: layouts ${JSON.stringify(spec)} must name the same spatial letters.`);
  }
  const rhsSpatial = [...rhs].filter((c) => c !== "O" && c !== "I");
  const perm = (s: string, [a, b]: [string, string]) => [s.indexOf(a), s.indexOf(b), ...rhsSpatial.map((c) => s.indexOf(c))];
  return new ConvDimensionNumbers(perm(lhs, pairs[0]), perm(rhs, pairs[1]), perm(out, pairs[2]));
}

/** The size of an axis of `d` elements with `dilation − 1` holes between them. */
export const dilateDim = (d: number, dilation: number): number => (d === 0 ? 0 : 1 + dilation * (d - 1));

/** The explicit [lo, hi] paddings of JAX's "SAME" (more at the end), "SAME_LOWER" and "VALID". */
export function padtypeToPads(inShape: Shape, window: Shape, strides: readonly number[], padding: "SAME" | "SAME_LOWER" | "VALID"): [number, number][] {
  if (padding === "VALID") return inShape.map(() => [0, 0]);
  return inShape.map((d, i) => {
    const out = Math.ceil(d / strides[i]);
    const total = Math.max(0, (out - 1) * strides[i] + window[i] - d);
    const small = Math.floor(total / 2);
    return padding === "SAME" ? [small, total - small] : [total - small, small];
  });
}

/** The output sizes of a window swept over `inSpatial` with strides, padding and dilations (0 where it does not fit): a convolution's spatial axes, a reduce_window's axes. */
export function windowOutSizes(
  inSpatial: Shape,
  kernelSpatial: Shape,
  strides: readonly number[],
  padding: readonly (readonly [number, number])[],
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): number[] {
  return inSpatial.map((d, i) => {
    const inEff = dilateDim(d, lhsDilation[i]) + padding[i][0] + padding[i][1];
    const k = dilateDim(kernelSpatial[i], rhsDilation[i]);
    return inEff < k || inEff <= 0 ? 0 : Math.floor((inEff - k) / strides[i]) + 1;
  });
}

/** Params of `conv_general_dilated`, as JAX names them. */
export interface ConvParams {
  readonly window_strides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhs_dilation: readonly number[];
  readonly rhs_dilation: readonly number[];
  readonly dimension_numbers: ConvDimensionNumbers;
  readonly feature_group_count: number;
  readonly batch_group_count: number;
  readonly precision: null;
  readonly preferred_element_type: null;
}

/** The sizes of `shape`'s axes `idx`, in that order. */
export const takeAxes = (shape: Shape, idx: readonly number[]): number[] => idx.map((i) => shape[i]);

/**
 * The output shape of a convolution (JAX's shape rule), or the reason there is none:
 * ranks, group counts dividing the feature and batch sizes, and the parameter lengths.
 */
export function convShape(lhs: Shape, rhs: Shape, p: ConvParams): E.Either<JitgradError, number[]> {
  const bad = (msg: string) => E.left(new ShapeError(`conv_general_dilated: ${msg}`));
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  if (lhs.length !== rhs.length || lhs.length < 2) return bad(`lhs and rhs must have the same rank, at least 2, got [${lhs.join(", ")}] and [${rhs.join(", ")}].`);
  const ns = lhs.length - 2;
  for (const [name, v] of [["window_strides", p.window_strides], ["padding", p.padding], ["lhs_dilation", p.lhs_dilation], ["rhs_dilation", p.rhs_dilation]] as const) {
    if (v.length !== ns) return bad(`${name} needs one entry per spatial axis (${ns}), got ${v.length}.`);
  }
  if ([...p.window_strides, ...p.lhs_dilation, ...p.rhs_dilation].some((s) => !(Number.isInteger(s) && s >= 1))) {
    return bad(`strides and dilations must be positive integers.`);
  }
  if (p.padding.some((pr) => !(Number.isInteger(pr[0]) && Number.isInteger(pr[1])))) return bad(`paddings must be integers.`);
  const G = p.feature_group_count;
  const B = p.batch_group_count;
  if (!(Number.isInteger(G) && G >= 1 && Number.isInteger(B) && B >= 1)) return bad(`group counts must be positive integers, got ${G} and ${B}.`);
  if (G > 1 && B > 1) return bad(`at most one of feature_group_count (${G}) and batch_group_count (${B}) may exceed 1.`);
  const [N, C] = takeAxes(lhs, lhs_spec.slice(0, 2));
  const [O, I] = takeAxes(rhs, rhs_spec.slice(0, 2));
  if (C % G !== 0 || C / G !== I) {
    return bad(`lhs has ${C} features, which must be feature_group_count (${G}) × the rhs's input features (${I}).`);
  }
  if (O % G !== 0) return bad(`the rhs's ${O} output features must be a multiple of feature_group_count (${G}).`);
  if (N % B !== 0) return bad(`the lhs batch (${N}) must be a multiple of batch_group_count (${B}).`);
  if (O % B !== 0) return bad(`the rhs's ${O} output features must be a multiple of batch_group_count (${B}).`);
  const spatial = windowOutSizes(takeAxes(lhs, lhs_spec.slice(2)), takeAxes(rhs, rhs_spec.slice(2)), p.window_strides, p.padding, p.lhs_dilation, p.rhs_dilation);
  const canonical = [N / B, O, ...spatial];
  const out = new Array<number>(lhs.length);
  out_spec.forEach((axis, j) => (out[axis] = canonical[j]));
  return E.right(out);
}

/** (spec[1], spec[0], spatial…): the dimension numbers of a transposed operand. */
export const specTranspose = (spec: readonly number[]): number[] => [spec[1], spec[0], ...spec.slice(2)];

/** What the VJP paddings read of a sweep's params (a convolution's; a reduce_window's with base/window dilation as lhs/rhs). */
export type SweepParams = Pick<ConvParams, "window_strides" | "padding" | "lhs_dilation" | "rhs_dilation">;

/** The spatial sizes a convolution's VJP works with: the operands' and the output's. */
export interface ConvVjpSizes {
  readonly inShape: Shape;
  readonly window: Shape;
  readonly outShape: Shape;
}

/** Per spatial axis: the dilated input, kernel and output (output dilated by the strides). */
function dilatedSizes({ inShape, window, outShape }: ConvVjpSizes, p: SweepParams): { lhsD: number; rhsD: number; outD: number; lo: number }[] {
  return inShape.map((d, i) => ({
    lhsD: dilateDim(d, p.lhs_dilation[i]),
    rhsD: dilateDim(window[i], p.rhs_dilation[i]),
    outD: dilateDim(outShape[i], p.window_strides[i]),
    lo: p.padding[i][0],
  }));
}

/** The padding of the lhs-transposed convolution (the cotangent of lhs), JAX's `_conv_general_vjp_lhs_padding`. */
export function convVjpLhsPadding(sizes: ConvVjpSizes, p: SweepParams): [number, number][] {
  return dilatedSizes(sizes, p).map(({ lhsD, rhsD, outD, lo }) => {
    const before = rhsD - lo - 1;
    return [before, lhsD + rhsD - 1 - outD - before];
  });
}

/** The padding of the rhs-transposed convolution (the cotangent of rhs), JAX's `_conv_general_vjp_rhs_padding`. */
export function convVjpRhsPadding(sizes: ConvVjpSizes, p: SweepParams): [number, number][] {
  return dilatedSizes(sizes, p).map(({ lhsD, rhsD, outD, lo }) => [lo, outD - lhsD + (rhsD - lo - 1)]);
}
