/** nn.conv, nn.layerNorm, nn.batchNorm and nn.dropout: values against their definitions, transforms, errors. */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, lax, nn, np, random, vmap } from "../src";
import { expectClose, expectIdentical, flat } from "./helpers/assert";

const data = (shape: number[], seed = 1) => np.sin(np.arange(shape.reduce((a, b) => a * b, 1)).astype("float64").mul(0.37 + seed)).mul(2).reshape(shape);

describe("nn.conv", () => {
  const layer = nn.conv(3, 4, [3, 2]);
  const params = layer.init(random.key(0));
  it("is convGeneralDilated in NHWC / HWIO plus the bias, with flax's kernel shape", () => {
    expect(params.kernel.shape).toEqual([3, 2, 3, 4]);
    expect(params.bias!.shape).toEqual([4]);
    const x = data([2, 5, 6, 3]);
    const p = { kernel: params.kernel, bias: np.arange(4).astype("float64") };
    const want = np.add(lax.convGeneralDilated(x, p.kernel, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), p.bias);
    expectIdentical(layer.apply(p, x), want);
  });
  it("takes an unbatched input and several batch axes", () => {
    const x = data([2, 3, 5, 6, 3]);
    const y = layer.apply(params, x);
    expect(y.shape).toEqual([2, 3, 5, 6, 4]);
    expectIdentical(layer.apply(params, x.slice(1, 2)), y.slice(1, 2));
  });
  it("strides, padding, dilation and depthwise groups", () => {
    const dw = nn.conv(4, 8, [3], { featureGroupCount: 4, strides: [2], padding: "VALID", kernelDilation: [2], useBias: false });
    const p = dw.init(random.key(1));
    expect(p.kernel.shape).toEqual([3, 1, 8]);
    const x = data([2, 11, 4]);
    expectIdentical(dw.apply(p, x), lax.convGeneralDilated(x, p.kernel, [2], "VALID", { rhsDilation: [2], dimensionNumbers: ["NaC", "aIO", "NaC"], featureGroupCount: 4 }));
  });
  it("LeCun-normal kernels: variance 1 / fan-in", () => {
    const big = nn.conv(16, 64, [3, 3]).init(random.key(2)).kernel;
    const v = np.var(big).item() as number;
    expect(Math.abs(v - 1 / (16 * 9))).toBeLessThan(0.15 / (16 * 9));
  });
  it("trains: a gradient step lowers the loss; jit(grad) equals grad", () => {
    const x = data([4, 6, 6, 3]);
    const target = data([4, 6, 6, 4], 2);
    const loss = (p: typeof params) => np.mean(np.square(np.subtract(layer.apply(p, x), target)));
    const g = grad(loss)(params);
    const stepped = { kernel: np.subtract(params.kernel, np.multiply(g.kernel, 0.1)), bias: np.subtract(params.bias!, np.multiply(g.bias!, 0.1)) };
    expect(loss(stepped).item()).toBeLessThan(loss(params).item() as number);
    const gj = jit(grad(loss))(params);
    expectIdentical(gj.kernel, g.kernel);
  });
  it("names the mistake", () => {
    expect(() => nn.conv(3, 4, [3, 3], { featureGroupCount: 2 })).toThrow(/multiples of featureGroupCount/);
    expect(() => layer.apply(params, np.ones([2, 5, 5, 2]))).toThrow(ShapeError);
    expect(() => layer.apply({ kernel: np.ones([3, 3, 3, 4]) }, np.ones([2, 5, 5, 3]))).toThrow(/were the params made by this layer's init/);
    expect(() => nn.conv(3, 4, [])).toThrow(ArgumentError);
  });
});

describe("nn.layerNorm", () => {
  const ln = nn.layerNorm(5);
  it("normalizes each example's features, then scales and shifts", () => {
    const x = data([3, 5]);
    const p = { scale: np.arange(1, 6).astype("float64"), bias: np.full([5], 0.5) };
    const y = ln.apply(p, x);
    const mean = np.mean(x, -1, { keepdims: true });
    const variance = np.mean(np.square(np.subtract(x, mean)), -1, { keepdims: true });
    const want = np.add(np.multiply(np.divide(np.subtract(x, mean), np.sqrt(np.add(variance, 1e-6))), p.scale), p.bias);
    expectClose(y, want, 1e-14, 1e-14);
    const plain = ln.apply(ln.init(random.key(0)), x);
    expectClose(np.mean(plain, -1), np.zeros([3]), 1e-14, 1e-14);
    expectClose(np.var(plain, -1), np.full([3], 1), 1e-5, 1e-5);
  });
  it("gradients through the statistics; vmap over examples is the same", () => {
    const x = data([4, 5]);
    const p = ln.init(random.key(0));
    const f = (t: Tensor) => np.sum(np.multiply(ln.apply(p, t), data([4, 5], 3)));
    const g = grad(f)(x);
    const h = 1e-6;
    const dir = data([4, 5], 4);
    const fd = ((f(np.add(x, np.multiply(dir, h))).item() as number) - (f(np.subtract(x, np.multiply(dir, h))).item() as number)) / (2 * h);
    expect(Math.abs(fd - (np.sum(np.multiply(g, dir)).item() as number))).toBeLessThan(1e-6);
    expectIdentical(vmap((row: Tensor) => ln.apply(p, row))(x), ln.apply(p, x));
  });
});

describe("nn.batchNorm", () => {
  const bn = nn.batchNorm(3, { momentum: 0.9 });
  it("training: the batch's statistics, and the running ones moved by momentum", () => {
    const { params, state } = bn.init(random.key(0));
    const x = data([6, 4, 3]);
    const [y, next] = bn.apply(params, state, x, { training: true });
    expectClose(np.mean(y, [0, 1]), np.zeros([3]), 1e-14, 1e-14);
    const mean = np.mean(x, [0, 1]);
    const variance = np.var(x, [0, 1]);
    expectClose(next.mean, np.multiply(mean, 0.1), 1e-15, 1e-15);
    expectClose(next.var, np.add(0.9, np.multiply(variance, 0.1)), 1e-15, 1e-15);
  });
  it("inference: the running statistics, state unchanged; jit over params and state", () => {
    const { params } = bn.init(random.key(0));
    const state = { mean: np.array([1, 2, 3]), var: np.array([4, 1, 0.25]) };
    const x = data([2, 3]);
    const [y, same] = bn.apply(params, state, x);
    expect(same).toBe(state);
    expectClose(y, np.divide(np.subtract(x, state.mean), np.sqrt(np.add(state.var, 1e-5))), 1e-15, 1e-15);
    const step = jit((p: typeof params, s: typeof state, t: Tensor) => bn.apply(p, s, t, { training: true }));
    const [yj, sj] = step(params, state, x);
    const [ye, se] = bn.apply(params, state, x, { training: true });
    expectIdentical(yj, ye);
    expectIdentical(sj.var, se.var);
  });
});

describe("nn.dropout", () => {
  const x = np.ones([200, 50]);
  it("keeps 1 − rate of the elements, scaled by 1 / (1 − rate); the same key the same mask", () => {
    const y = nn.dropout(random.key(3), x, 0.25);
    const kept = flat(y).filter((v) => v !== 0);
    expect(kept.every((v) => v === 1 / 0.75)).toBe(true);
    expect(Math.abs(kept.length / 10000 - 0.75)).toBeLessThan(0.02);
    expectIdentical(nn.dropout(random.key(3), x, 0.25), y);
    expectIdentical(jit((k: Tensor, t: Tensor) => nn.dropout(k, t, 0.25))(random.key(3), x), y);
  });
  it("deterministic, rate 0 and rate 1; a mask shared along broadcastDims; the gradient is the mask", () => {
    expect(nn.dropout(random.key(0), x, 0.5, { deterministic: true })).toBe(x);
    expect(flat(nn.dropout(random.key(0), x, 1)).every((v) => v === 0)).toBe(true);
    const y = nn.dropout(random.key(1), np.ones([4, 6]), 0.5, { broadcastDims: [1] });
    for (const row of y.tolist() as number[][]) expect(new Set(row).size).toBe(1);
    const g = grad((t: Tensor) => np.sum(nn.dropout(random.key(1), t, 0.5)))(np.ones([4, 6]));
    expectIdentical(g, nn.dropout(random.key(1), np.ones([4, 6]), 0.5));
    expect(() => nn.dropout(random.key(0), x, 1.5)).toThrow(/rate must be in \[0, 1\]/);
  });
});
