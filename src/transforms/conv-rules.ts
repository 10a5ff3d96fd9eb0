/**
 * Rules of `conv_general_dilated`, as JAX's: the JVP of a bilinear map; the VJP as two
 * more convolutions — the cotangent of lhs convolves the output cotangent with the
 * spatially reversed kernel (strides and input dilation trading places), that of rhs
 * convolves lhs with the cotangent (groups becoming batch groups and back); batching
 * folds the batch axis into the batch, feature or group axes.
 */
import { type ConvParams, type ConvVjpSizes, ConvDimensionNumbers, convShape, convVjpLhsPadding, convVjpRhsPadding, specTranspose, takeAxes } from "../core/conv-dims";
import { unwrap } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { add, reshape, toFront, transpose, zeros } from "./ad-ops";
import type { BatchRule } from "./batching-rules";
import type { JvpRule } from "./jvp-rules";
import type { VjpRule } from "./vjp-rules";

const conv = (lhs: Tensor, rhs: Tensor, p: ConvParams): Tensor => bind1("conv_general_dilated", [lhs, rhs], p);

/** Splits axis `src` (of size size1·rest) into (size1, rest), size1 major (JAX's `_reshape_axis_out_of`). */
function axisOutOf(src: number, size1: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, x.shape[src] / size1);
  return reshape(x, shape);
}

/**
 * Merges axis `src` into axis `dst` (numbered with `src` removed), `src` major (JAX's
 * `_reshape_axis_into`).
 */
function axisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] *= x.shape[src];
  return reshape(transpose(x, perm), shape);
}

const spatialOf = (spec: readonly number[]) => spec.slice(2);

/** The spatial sizes of lhs, kernel and output cotangent g, for the VJP paddings. */
const vjpSizes = (g: Tensor, lhs: Tensor, rhs: Tensor, p: ConvParams): ConvVjpSizes => {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  return { inShape: takeAxes(lhs.shape, spatialOf(lhs_spec)), window: takeAxes(rhs.shape, spatialOf(rhs_spec)), outShape: takeAxes(g.shape, spatialOf(out_spec)) };
};

export const convJvp: JvpRule<"conv_general_dilated"> = ([l, r], [tl, tr], p) => {
  const out = conv(l, r, p);
  const parts = [tl === null ? null : conv(tl, r, p), tr === null ? null : conv(l, tr, p)].filter((t): t is Tensor => t !== null);
  return [[out], [parts.length === 0 ? null : parts.reduce(add)]];
};

/** The cotangent of lhs: JAX's `_conv_general_dilated_transpose_lhs`. */
function transposeLhs(g: Tensor, lhs: Tensor, rhs: Tensor, p: ConvParams): Tensor {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  let kernel = rhs;
  let groups = p.feature_group_count;
  const B = p.batch_group_count;
  if (groups > 1 || B > 1) {
    // The groups move from the kernel's output features into its input features.
    const count = groups > 1 ? groups : B;
    kernel = axisInto(rhs_spec[0], rhs_spec[1], axisOutOf(rhs_spec[0], count, kernel));
    groups = count;
  }
  const padding = convVjpLhsPadding(vjpSizes(g, lhs, kernel, p), p);
  const reversed = bind1("rev", [kernel], { dimensions: spatialOf(rhs_spec) });
  let out = conv(g, reversed, {
    ...p,
    window_strides: p.lhs_dilation,
    padding,
    lhs_dilation: p.window_strides,
    dimension_numbers: new ConvDimensionNumbers(out_spec, specTranspose(rhs_spec), lhs_spec),
    feature_group_count: groups,
    batch_group_count: 1,
  });
  if (B > 1) out = axisInto(lhs_spec[1], lhs_spec[0], axisOutOf(lhs_spec[1], B, out));
  return out;
}

/** The cotangent of rhs: JAX's `_conv_general_dilated_transpose_rhs`. */
function transposeRhs(g: Tensor, lhs: Tensor, rhs: Tensor, p: ConvParams): Tensor {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  const G = p.feature_group_count;
  const B = p.batch_group_count;
  const padding = convVjpRhsPadding(vjpSizes(g, lhs, rhs, p), p);
  return conv(lhs, g, {
    ...p,
    window_strides: p.rhs_dilation,
    padding,
    rhs_dilation: p.window_strides,
    dimension_numbers: new ConvDimensionNumbers(specTranspose(lhs_spec), specTranspose(out_spec), specTranspose(rhs_spec)),
    feature_group_count: B > 1 ? B : 1,
    batch_group_count: G > 1 ? G : 1,
  });
}

export const convVjp: VjpRule<"conv_general_dilated"> = ([l, r], p) => {
  const out = conv(l, r, p);
  return {
    outs: [out],
    backward: ([ct], [wl, wr]) => {
      if (ct === null) return [null, null];
      // An empty output has no cotangent to spread (and would form a degenerate convolution).
      const empty = ct.size === 0;
      return [wl && !empty ? transposeLhs(ct, l, r, p) : null, wr && !empty ? transposeRhs(ct, l, r, p) : null];
    },
  };
};

/**
 * Batching (JAX's rule, with one simplification: when only one operand is batched and
 * groups are in play, the other is broadcast and the both-batched form is used). Both
 * batched: the batch becomes more groups — feature groups, or batch groups when those are
 * used — and the kernel's output features; lhs only: more examples; rhs only: more output
 * features.
 */
export const convBatch: BatchRule<"conv_general_dilated"> = ([l, r], [dl, dr], p, size) => {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  if (size === 0) {
    // No members: nothing to fold (a merged axis of size 0 could not be split again).
    const example = (x: Tensor, d: number | null) => (d === null ? x.shape : x.shape.filter((_, i) => i !== d));
    const shape = unwrap(convShape(example(l, dl), example(r, dr), p));
    return [[zeros([0, ...shape], l.dtype)], [0]];
  }
  const grouped = p.feature_group_count > 1 || p.batch_group_count > 1;
  if (dl !== null && dr === null && p.batch_group_count === 1) {
    const out = conv(axisInto(dl, lhs_spec[0], l), r, p);
    return [[axisOutOf(out_spec[0], size, out)], [out_spec[0]]];
  }
  if (dl === null && dr !== null && !grouped) {
    const out = conv(l, axisInto(dr, rhs_spec[0], r), p);
    return [[axisOutOf(out_spec[1], size, out)], [out_spec[1]]];
  }
  const lb = toFront(l, dl, size);
  const rb = toFront(r, dr, size);
  const byBatchGroups = p.batch_group_count > 1;
  const lhs = axisInto(0, byBatchGroups ? lhs_spec[0] : lhs_spec[1], lb);
  const rhs = axisInto(0, rhs_spec[0], rb);
  const out = conv(lhs, rhs, {
    ...p,
    feature_group_count: byBatchGroups ? 1 : p.feature_group_count * size,
    batch_group_count: byBatchGroups ? p.batch_group_count * size : 1,
  });
  return [[axisOutOf(out_spec[1], size, out)], [out_spec[1]]];
};
