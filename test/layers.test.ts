import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, type Tensor, grad, jit, nn, np, random, vmap } from "../src";
import { expectClose, expectIdentical, flat } from "./helpers/assert";

describe("activations", () => {
  it("gelu (tanh form), silu, tanh and oneHot", () => {
    const x = [-2, -0.5, 0, 1, 3];
    const gelu = x.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
    expectClose(nn.gelu(np.array(x)), gelu, 1e-15, 1e-300);
    expectClose(nn.silu(np.array(x)), x.map((v) => v / (1 + Math.exp(-v))), 1e-15, 1e-300);
    expectClose(nn.tanh(np.array(x)), x.map(Math.tanh), 0, 0);
    expectIdentical(nn.oneHot(np.array([0, 2, 5, -1], "int32"), 3), np.array([[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]));
    expect(() => nn.oneHot(np.array([0.5]), 3)).toThrow(DTypeError);
    // The exact form x·Φ(x), even where JAX's erf(x/√2) + 1 cancels to 0 (Φ(−10) = 7.6e-24).
    expectClose(nn.gelu(np.array([-10, -1, 0, 1]), { approximate: false }), [-7.619853024160527e-23, -0.15865525393145707, 0, 0.8413447460685429], 1e-15, 1e-300);
  });
});

describe("initializers", () => {
  const k = random.key(3);
  it("have the variance their name promises", () => {
    const shape = [200, 300];
    const variance = (t: Tensor) => {
      const v = flat(t);
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length;
    };
    const cases: [nn.Initializer, number][] = [
      [nn.initializers.glorotUniform(), 2 / 500],
      [nn.initializers.glorotNormal(), 2 / 500],
      [nn.initializers.heNormal(), 2 / 200],
      [nn.initializers.heUniform(), 2 / 200],
      [nn.initializers.lecunNormal(), 1 / 200],
      [nn.initializers.lecunUniform(), 1 / 200],
      [nn.initializers.normal(0.1), 0.01],
    ];
    for (const [init, want] of cases) expect(Math.abs(variance(init(k, shape)) / want - 1)).toBeLessThan(0.03);
    const limit = Math.sqrt(6 / 500);
    const g = flat(nn.initializers.glorotUniform()(k, shape));
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(limit);
    // truncated at two standard deviations of the underlying normal
    const h = flat(nn.initializers.heNormal()(k, shape));
    expect(Math.max(...h.map(Math.abs))).toBeLessThanOrEqual((2 * Math.sqrt(2 / 200)) / 0.87962566103423978);
    expectIdentical(nn.initializers.zeros(k, [2]), np.zeros([2]));
    expectIdentical(nn.initializers.ones(k, [2]), np.ones([2]));
    expectIdentical(nn.initializers.constant(0.25)(k, [2]), np.array([0.25, 0.25]));
    expectIdentical(nn.initializers.uniform(0.1)(k, [3]), np.multiply(random.uniform(k, [3]), 0.1));
    expectIdentical(nn.initializers.varianceScaling(3, "fanOut", "normal")(k, [4, 6]), np.multiply(random.normal(k, [4, 6]), Math.sqrt(3 / 6)));
    expect(nn.initializers.lecunNormal()(k, [2, 2], "float32").dtype).toBe("float32");
    expect(() => nn.initializers.heNormal()(k, [4])).toThrow(/at least 2 axes/);
    // JAX's uniform variant: U[-1, 1) times the limit, in that order
    expectIdentical(nn.initializers.heUniform()(k, [3, 5]), np.multiply(random.uniform(k, [3, 5], { minval: -1 }), Math.sqrt(3 * (2 / 3))));
    // leading axes multiply both fans (a convolution kernel's receptive field)
    expect(Math.abs(variance(nn.initializers.lecunNormal()(k, [5, 5, 40, 40])) * 1000 - 1)).toBeLessThan(0.05);
  });

  it("truncatedNormal stays inside its bounds with the right mean", () => {
    const z = flat(random.truncatedNormal(k, -1, 3, [20000]));
    expect(Math.min(...z)).toBeGreaterThan(-1);
    expect(Math.max(...z)).toBeLessThan(3);
    // mean of N(0,1) truncated to [-1, 3]: (φ(-1) − φ(3)) / (Φ(3) − Φ(-1))
    const phi = (v: number) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
    const want = (phi(-1) - phi(3)) / (0.9986501019683699 - 0.15865525393145707);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    expect(Math.abs(mean - want)).toBeLessThan(0.02);
    expect(() => random.truncatedNormal(k, 1, 1)).toThrow(ArgumentError);
  });
});

describe("layers", () => {
  it("dense: params are a pytree, apply is x·kernel + bias over leading batch axes", () => {
    const layer = nn.dense(3, 2);
    const p = layer.init(random.key(0));
    expect(p.kernel.shape).toEqual([3, 2]);
    expectIdentical(p.bias!, np.zeros([2]));
    const x = np.arange(12).reshape([2, 2, 3]).astype("float64");
    expectIdentical(layer.apply(p, x), np.add(np.matmul(x, p.kernel), p.bias!));
    expect(nn.dense(3, 2, { useBias: false }).init(random.key(0)).bias).toBeUndefined();
    expect(() => layer.apply(p, np.ones([4]))).toThrow(ShapeError);
    expect(() => layer.apply({ kernel: np.ones([2, 2]) }, np.ones([3]))).toThrow(/kernel of shape \[2, 2\]/);
    expect(() => nn.dense(0, 2)).toThrow(/positive integer/);
  });

  it("mlp: grad, vmap and jit treat params like any pytree", () => {
    const net = nn.mlp([2, 8, 8, 1], { activation: nn.tanh });
    const params = net.init(random.key(1));
    expect(params.map((l) => l.kernel.shape)).toEqual([[2, 8], [8, 8], [8, 1]]);
    const x = random.normal(random.key(2), [5, 2]);
    const y = net.apply(params, x);
    expect(y.shape).toEqual([5, 1]);
    expectClose(vmap((row: Tensor) => net.apply(params, row))(x), y, 1e-15, 1e-15);
    expectIdentical(jit((p: typeof params, v: Tensor) => net.apply(p, v))(params, x), y);
    const loss = (p: typeof params) => np.sum(np.square(net.apply(p, x)));
    const g = grad(loss)(params);
    expect(g.map((l) => l.kernel.shape)).toEqual([[2, 8], [8, 8], [8, 1]]);
    // directional derivative along the last bias against central differences
    const h = 1e-6;
    const bump = (s: number) => params.map((l, i) => (i === 2 ? { ...l, bias: np.add(l.bias!, s) } : l));
    const fd = (Number(loss(bump(h))) - Number(loss(bump(-h)))) / (2 * h);
    expectClose(g[2].bias!, [fd], 1e-7, 1e-9);
    expect(() => net.apply(params.slice(1), x)).toThrow(/3 layers/);
    // An ensemble: vmap over keys makes stacked params, vmap over params applies them all.
    const keys = random.split(random.key(9), 3);
    const ensemble = vmap((k: Tensor) => net.init(k))(keys);
    expect(ensemble[0].kernel.shape).toEqual([3, 2, 8]);
    const ys = vmap((p: typeof params) => net.apply(p, x))(ensemble);
    [...keys].forEach((k, i) => expectClose(ys.slice(i), net.apply(net.init(k), x), 1e-14, 1e-14));
    expect(() => nn.mlp([2])).toThrow(ArgumentError);
  });
});
