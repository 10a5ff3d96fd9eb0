/**
 * conv_general_dilated as a matrix product per example (im2col): both operands are brought
 * to the canonical layouts (N, C, spatial…) and (O, I, spatial…); for each example the
 * patches matrix [group, output position, (input feature, kernel tap)] — zeros where a
 * tap falls on padding or between dilated inputs, as XLA's padded input holds — is
 * multiplied with the kernel matrix [group, (input feature, kernel tap), output feature]
 * by a {@link DotKernel}, and the result is laid out as the output's dimension numbers say.
 * Each output element so sums over input features (outer) and taps in row-major order
 * (inner), from +0, as the dot kernels do: the interpreter passes the reference dot, jit
 * may pass a compiled one (WebAssembly), with the same bits.
 */
import type { ConvParams } from "../conv-dims";
import { type DType, type TypedArray, allocate } from "../dtype";
import { type Shape, sizeOf } from "../shape";
import { type DotKernel, stridedDot } from "./dot";
import { transposed } from "./layout";
import { windowTaps } from "./window";


/** The sizes of a convolution in canonical terms, and of the product each example becomes. */
export function convGeometry(lhsShape: Shape, rhsShape: Shape, p: ConvParams, outShape: Shape) {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  const [N, C, ...inS] = lhs_spec.map((a) => lhsShape[a]);
  const [O, I, ...kS] = rhs_spec.map((a) => rhsShape[a]);
  const outS = out_spec.slice(2).map((a) => outShape[a]);
  const groups = p.feature_group_count * p.batch_group_count;
  const taps = sizeOf(kS);
  return {
    N, C, inS, O, I, kS, outS, groups,
    nOut: N / p.batch_group_count,
    /** Per example: `groups` products of [positions × I·taps] by [I·taps × O/groups]. */
    dot: { nb: groups, m: sizeOf(outS), k: I * taps, n: groups === 0 ? 0 : O / groups },
  };
}

export function convKernel(
  lhs: TypedArray,
  lhsShape: Shape,
  rhs: TypedArray,
  rhsShape: Shape,
  p: ConvParams,
  outShape: Shape,
  dtype: DType,
  dot: DotKernel = stridedDot,
): TypedArray {
  const { lhs_spec, rhs_spec, out_spec } = p.dimension_numbers;
  const g = convGeometry(lhsShape, rhsShape, p, outShape);
  const { C, inS, O, I, kS, outS, groups, nOut } = g;
  const { m: ySize, k: ik, n: oq } = g.dot;
  const L = transposed(lhs, lhsShape, lhs_spec, dtype);
  const R = transposed(rhs, rhsShape, rhs_spec, dtype);
  const inSize = sizeOf(inS);
  const kSize = sizeOf(kS);
  // The input element each (output position, tap) reads, or −1 for a zero of padding or dilation.
  const tapOffset = windowTaps(inS, outS, {
    window_dimensions: kS,
    window_strides: p.window_strides,
    padding: p.padding,
    base_dilation: p.lhs_dilation,
    window_dilation: p.rhs_dilation,
  });
  // Kernel matrix [group, i·taps + tap, o'] from R[group·oq + o', i, tap].
  const weights = allocate(dtype, groups * ik * oq);
  for (let q = 0; q < groups; q++) {
    for (let o = 0; o < oq; o++) {
      for (let c = 0; c < ik; c++) weights[(q * ik + c) * oq + o] = R[(q * oq + o) * ik + c];
    }
  }
  const patches = allocate(dtype, groups * ySize * ik);
  const prod = allocate(dtype, groups * ySize * oq);
  const canon = allocate(dtype, nOut * O * ySize);
  const byBatch = p.batch_group_count > 1;
  for (let n = 0; n < nOut; n++) {
    for (let q = 0; q < groups; q++) {
      // Batch groups take their examples from the q-th block of the batch; feature groups their features.
      const base = ((byBatch ? q * nOut + n : n) * C + (byBatch ? 0 : q * I)) * inSize;
      for (let yi = 0; yi < ySize; yi++) {
        const row = (q * ySize + yi) * ik;
        for (let i = 0; i < I; i++) {
          const src = base + i * inSize;
          for (let ki = 0; ki < kSize; ki++) {
            const off = tapOffset[yi * kSize + ki];
            patches[row + i * kSize + ki] = off < 0 ? 0 : L[src + off];
          }
        }
      }
    }
    dot(patches, 0, ySize * ik, ik, 1, weights, 0, ik * oq, oq, 1, prod, groups, ySize, ik, oq);
    for (let q = 0; q < groups; q++) {
      for (let o = 0; o < oq; o++) {
        const dst = (n * O + q * oq + o) * ySize;
        for (let yi = 0; yi < ySize; yi++) canon[dst + yi] = prod[(q * ySize + yi) * oq + o];
      }
    }
  }
  // Canonical axis j is the output's axis out_spec[j]: read it back through the inverse permutation.
  const inverse = new Array<number>(out_spec.length);
  out_spec.forEach((axis, j) => (inverse[axis] = j));
  return transposed(canon, [nOut, O, ...outS], inverse, dtype);
}
