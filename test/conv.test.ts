/**
 * Convolution: lax.convGeneralDilated and its forms against a NumPy reference written from
 * XLA's definition (`reference/numpy/conv.json`, from `reference/scripts/conv.py`), then
 * its derivatives (finite differences, vjp = jvp), batching under every combination of
 * batched operands and groups, jit bit for bit, dtypes and errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, type Tensor, grad, jit, jvp, lax, np, vjp, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { rng, uniform } from "./helpers/random";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;
const NHWC = ["NHWC", "HWIO", "NHWC"] as const;

const CALLS: Record<string, (i: In) => Tensor> = {
  "1d valid": ({ x, w }) => lax.conv(x, w, [1], "VALID"),
  "2d strided padded (SAME, strides 2, 1)": ({ x, w }) => lax.conv(x, w, [2, 1], "SAME"),
  "2d full padding": ({ x, w }) => lax.conv(x, w, [1, 1], [[2, 2], [1, 1]]),
  "NHWC negative padding": ({ x, w }) => lax.convGeneralDilated(x, w, [1, 2], [[-1, 2], [1, 0]], { dimensionNumbers: NHWC }),
  dilations: ({ x, w }) => lax.convWithGeneralPadding(x, w, [1, 2], [[2, 1], [1, 2]], [2, 1], [1, 2]),
  "depthwise (feature groups 4)": ({ x, w }) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { featureGroupCount: 4 }),
  "feature groups 2": ({ x, w }) => lax.convGeneralDilated(x, w, [1, 1], "VALID", { featureGroupCount: 2 }),
  "batch groups 2": ({ x, w }) => lax.convGeneralDilated(x, w, [2, 1], [[0, 1], [1, 1]], { batchGroupCount: 2 }),
  "3d": ({ x, w }) => lax.convGeneralDilated(x, w, [1, 2, 1], [[1, 0], [1, 1], [0, 1]], { rhsDilation: [1, 1, 2] }),
  "conv_transpose SAME": ({ x, w }) => lax.convTranspose(x, w, [2, 2], "SAME"),
  "conv_transpose VALID": ({ x, w }) => lax.convTranspose(x, w, [2, 2], "VALID"),
};

function close(got: Tensor, want: Arr, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  const w = want.data.map(num);
  flat(got).forEach((v, i) => {
    if (Math.abs(v - w[i]) > 1e-12 * Math.max(1, Math.abs(w[i]))) expect.fail(`${what} [${i}]: ${v} vs ${w[i]}`);
  });
}

referenceSuite("convolutions against the NumPy reference", loadCases("conv.json"), CALLS, (got, want, what) => close(got, want, what));

const randn = (shape: number[], seed: number) => uniform(rng(seed), shape, -1, 1);

/** Convolution configurations: operand shapes and a call. */
const CONFIGS: [string, number[], number[], (x: Tensor, w: Tensor) => Tensor][] = [
  ["plain 2-D", [2, 3, 5, 4], [2, 3, 3, 2], (x, w) => lax.conv(x, w, [1, 1], "SAME")],
  ["strides, padding, both dilations", [1, 2, 6, 5], [3, 2, 2, 3], (x, w) => lax.convGeneralDilated(x, w, [2, 1], [[1, 2], [-1, 1]], { lhsDilation: [1, 2], rhsDilation: [2, 1] })],
  ["NHWC", [2, 5, 4, 3], [3, 2, 3, 2], (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: NHWC })],
  ["feature groups", [2, 4, 5, 3], [6, 2, 2, 2], (x, w) => lax.convGeneralDilated(x, w, [1, 1], "VALID", { featureGroupCount: 2 })],
  ["batch groups", [4, 2, 4, 4], [6, 2, 2, 2], (x, w) => lax.convGeneralDilated(x, w, [1, 2], "VALID", { batchGroupCount: 2 })],
  ["1-D", [3, 2, 7], [4, 2, 3], (x, w) => lax.conv(x, w, [2], "SAME")],
  ["transposed", [1, 3, 3, 2], [3, 3, 2, 2], (x, w) => lax.convTranspose(x, w, [2, 2], "SAME")],
];

const sumSin = (f: (x: Tensor, w: Tensor) => Tensor) => (x: Tensor, w: Tensor) => np.sum(np.sin(f(x, w)));

describe("convolution derivatives", () => {
  for (const [name, xs, ws, f] of CONFIGS) {
    it(`${name}: grad against finite differences, jvp = vjp, jit(grad) the same bits`, () => {
      const x = randn(xs, 1);
      const w = randn(ws, 2);
      const dx = randn(xs, 3);
      const dw = randn(ws, 4);
      const g = sumSin(f);
      const [gx, gw] = grad(g, { argnums: [0, 1] })(x, w) as [Tensor, Tensor];
      const h = 1e-6;
      const fd = ((g(np.add(x, np.multiply(dx, h)), np.add(w, np.multiply(dw, h))).item() as number) - (g(np.subtract(x, np.multiply(dx, h)), np.subtract(w, np.multiply(dw, h))).item() as number)) / (2 * h);
      const viaGrad = (np.sum(np.multiply(gx, dx)).item() as number) + (np.sum(np.multiply(gw, dw)).item() as number);
      expect(Math.abs(fd - viaGrad)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      // ⟨ct, J·v⟩ = ⟨Jᵀ·ct, v⟩ for the convolution itself.
      const [y, t] = jvp(f, [x, w], [dx, dw]);
      const ct = randn([...y.shape], 5);
      const [, pull] = vjp(f, x, w);
      const [cx, cw] = pull(ct) as [Tensor, Tensor];
      const lhs = np.sum(np.multiply(ct, t)).item() as number;
      const rhs = (np.sum(np.multiply(cx, dx)).item() as number) + (np.sum(np.multiply(cw, dw)).item() as number);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      const [jx, jw] = jit(grad(g, { argnums: [0, 1] }))(x, w) as [Tensor, Tensor];
      expectIdentical(jx, gx);
      expectIdentical(jw, gw);
    });
  }
  it("the lhs cotangent is convTranspose with the kernel transposed, as in TensorFlow", () => {
    const x = randn([1, 6, 6, 2], 7);
    const w = randn([3, 3, 2, 4], 8);
    const f = (a: Tensor) => lax.convGeneralDilated(a, w, [2, 2], "SAME", { dimensionNumbers: NHWC });
    const [y, pull] = vjp(f, x);
    const ct = randn([...y.shape], 9);
    const [cx] = pull(ct) as [Tensor];
    const viaTranspose = lax.convTranspose(ct, w, [2, 2], "SAME", { dimensionNumbers: NHWC, transposeKernel: true });
    expect(viaTranspose.shape).toEqual(cx.shape);
    expect(np.max(np.abs(np.subtract(viaTranspose, cx))).item()).toBeLessThan(1e-12);
  });
});

describe("convolution under vmap and jit", () => {
  for (const [name, xs, ws, f] of CONFIGS) {
    it(`${name}: vmap over lhs, rhs or both is the loop, bit for bit; jit is the interpreter`, () => {
      const X = randn([3, ...xs], 11);
      const W = randn([3, ...ws], 12);
      const x = X.slice(0);
      const w = W.slice(0);
      const loop = (g: (i: number) => Tensor) => np.stack([0, 1, 2].map(g));
      expectIdentical(vmap(f)(X, W), loop((i) => f(X.slice(i), W.slice(i))));
      expectIdentical(vmap(f, { inAxes: [0, null] })(X, w), loop((i) => f(X.slice(i), w)));
      expectIdentical(vmap(f, { inAxes: [null, 0] })(x, W), loop((i) => f(x, W.slice(i))));
      // A batch axis that is not the first.
      expectIdentical(vmap(f, { inAxes: [xs.length, 1] })(np.moveaxis(X, 0, -1), np.moveaxis(W, 0, 1)), loop((i) => f(X.slice(i), W.slice(i))));
      expectIdentical(jit(f)(x, w), f(x, w));
      expectIdentical(jit(vmap(f))(X, W), vmap(f)(X, W));
    });
  }
  it("a convolution large enough for the compiled dot kernels gives the interpreter's bits on every backend", () => {
    for (const dtype of ["float64", "float32"] as const) {
      const x = randn([2, 6, 12, 11], 21).astype(dtype);
      const w = randn([16, 3, 3, 3], 22).astype(dtype);
      const f = (a: Tensor, b: Tensor) => lax.convGeneralDilated(a, b, [1, 1], "SAME", { featureGroupCount: 2, rhsDilation: [1, 2] });
      const want = f(x, w);
      for (const backend of ["js", "wasm", "auto"] as const) expectIdentical(jit(f, { backend })(x, w), want);
      const g = (a: Tensor, b: Tensor) => np.sum(np.sin(f(a, b)));
      const gw = grad(g, { argnums: 1 })(x, w);
      expectIdentical(jit(grad(g, { argnums: 1 }), { backend: "wasm" })(x, w), gw);
    }
  });
  it("float32 and int32", () => {
    const x = randn([1, 2, 4, 4], 3);
    const w = randn([2, 2, 2, 2], 4);
    const f32 = lax.conv(x.astype("float32"), w.astype("float32"), [1, 1], "VALID");
    expect(f32.dtype).toBe("float32");
    expect(np.max(np.abs(np.subtract(f32.astype("float64"), lax.conv(x, w, [1, 1], "VALID")))).item()).toBeLessThan(1e-5);
    const xi = np.arange(16, null, null, "int32").reshape([1, 1, 4, 4]);
    const wi = np.array([[[[1, -1], [2, 0]]]], "int32");
    // out[i][j] = x[i][j] − x[i][j+1] + 2·x[i+1][j] with x = 4i + j.
    expect(lax.conv(xi, wi, [1, 1], "VALID").tolist()).toEqual([[[[7, 9, 11], [15, 17, 19], [23, 25, 27]]]]);
  });
});

describe("convolution errors", () => {
  const x = np.ones([1, 2, 4, 4]);
  it("names the operation, the shapes and what to change", () => {
    expect(() => lax.conv(x, np.ones([3, 3, 2, 2]), [1, 1], "VALID")).toThrow(ShapeError);
    expect(() => lax.conv(x, np.ones([3, 3, 2, 2]), [1, 1], "VALID")).toThrow(/2 features.*input features \(3\)/);
    expect(() => lax.conv(x, np.ones([3, 2, 2]), [1, 1], "VALID")).toThrow(/same rank/);
    expect(() => lax.conv(x, np.ones([3, 2, 2, 2]), [1], "VALID")).toThrow(/windowStrides must be 2/);
    expect(() => lax.conv(x, np.ones([3, 2, 2, 2]), [1, 1], "FULL" as never)).toThrow(ArgumentError);
    expect(() => lax.convGeneralDilated(x, np.ones([3, 2, 2, 2]), [1, 1], "SAME", { lhsDilation: [2, 2] })).toThrow(/transposed convolution/);
    expect(() => lax.convGeneralDilated(x, np.ones([3, 1, 2, 2]), [1, 1], "VALID", { featureGroupCount: 2 })).toThrow(/multiple of feature_group_count/);
    expect(() => lax.convGeneralDilated(x, np.ones([3, 2, 2, 2]), [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OIHX", "NCHW"] })).toThrow(/same spatial letters/);
    expect(() => lax.conv(x, np.ones([2, 2, 2, 2], "float32"), [1, 1], "VALID")).toThrow(DTypeError);
  });
  it("a window larger than the input gives an empty output, and its gradient is zero", () => {
    const y = lax.conv(np.ones([1, 1, 2, 2]), np.ones([1, 1, 3, 3]), [1, 1], "VALID");
    expect(y.shape).toEqual([1, 1, 0, 0]);
    const g = grad((a: Tensor) => np.sum(lax.conv(a, np.ones([1, 1, 3, 3]), [1, 1], "VALID")))(np.ones([1, 1, 2, 2]));
    expect(flat(g)).toEqual([0, 0, 0, 0]);
  });
});
