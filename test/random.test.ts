import { beforeAll, describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, type Tensor, grad, jit, lax, np, random, vmap } from "../src";
import { threefry2x32 } from "../src/core/kernels/threefry";
import { expectClose, expectIdentical, flat } from "./helpers/assert";

const u32 = (t: Tensor) => flat(t).map((v) => v >>> 0);

describe("Threefry-2x32", () => {
  it("gives Random123's known answers (threefry2x32_20)", () => {
    const out = new Int32Array(2);
    const hex = () => [...out].map((v) => (v >>> 0).toString(16).padStart(8, "0"));
    threefry2x32(0, 0, 0, 0, out);
    expect(hex()).toEqual(["6b200159", "99ba4efe"]);
    threefry2x32(-1, -1, -1, -1, out);
    expect(hex()).toEqual(["1cb996fc", "bb002be7"]);
    threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3 | 0, out);
    expect(hex()).toEqual(["c4923a9c", "483df7a0"]);
  });
});

describe("keys", () => {
  it("key(seed) is [hi, lo] of the seed as a 64-bit integer", () => {
    expect(u32(random.key(0))).toEqual([0, 0]);
    expect(u32(random.key(42))).toEqual([0, 42]);
    expect(u32(random.key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(u32(random.key(-1))).toEqual([0xffffffff, 0xffffffff]);
    expect(u32(random.key(np.array(-1, "int32")))).toEqual([0, 0xffffffff]);
  });

  it("split(key(0)) is JAX's (partitionable Threefry, the default since JAX 0.5)", () => {
    expect(u32(random.split(random.key(0)))).toEqual([1797259609, 2579123966, 928981903, 3453687069]);
  });

  it("foldIn(key, i) equals split(key, n)[i], and different data give different keys", () => {
    const k = random.key(123);
    const keys = random.split(k, 6);
    for (let i = 0; i < 6; i++) expectIdentical(random.foldIn(k, i), keys.slice(i));
    expect(u32(random.foldIn(k, 2 ** 32 + 1))).toEqual(u32(random.foldIn(k, 1)));
    expectIdentical(jit((kk: Tensor, d: Tensor) => random.foldIn(kk, d))(k, np.array(4, "int32")), keys.slice(4));
  });

  it("split keys start independent streams", () => {
    const [a, b] = random.split(random.key(7));
    const ua = flat(random.uniform(a, [1000]));
    const ub = flat(random.uniform(b, [1000]));
    expect(ua.filter((v, i) => v === ub[i])).toEqual([]);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const ma = mean(ua);
    const mb = mean(ub);
    const corr = ua.reduce((s, v, i) => s + (v - ma) * (ub[i] - mb), 0) / Math.sqrt(ua.reduce((s, v) => s + (v - ma) ** 2, 0) * ub.reduce((s, v) => s + (v - mb) ** 2, 0));
    expect(Math.abs(corr)).toBeLessThan(0.1); // 3σ for n = 1000 is ~0.095
  });
});

describe("agreement with jax-js (an independent implementation of JAX's partitionable PRNG)", () => {
  type JaxJs = typeof import("@jax-js/jax");
  let jax: JaxJs;
  beforeAll(async () => {
    const g = globalThis as { Float16Array?: unknown };
    g.Float16Array ??= class Float16Array extends Float32Array {};
    jax = await import("@jax-js/jax");
    await jax.init("wasm");
  });

  it("split, bits and float32 uniform match for several seeds and shapes", async () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) {
      for (const shape of [[1], [5], [3, 4]]) {
        expect(u32(random.split(random.key(seed), shape[0]))).toEqual([...(await jax.random.split(jax.random.key(seed), shape[0]).data())]);
        expect(u32(random.bits(random.key(seed), shape))).toEqual([...(await jax.random.bits(jax.random.key(seed), shape).data())]);
        expect(flat(random.uniform(random.key(seed), shape, { dtype: "float32" }))).toEqual([
          ...(await jax.random.uniform(jax.random.key(seed), shape).data()),
        ]);
      }
    }
  });
});

describe("samplers", () => {
  const k = random.key(2024);

  it("keep their values (golden) across runs and platforms", () => {
    expect(flat(random.uniform(random.key(0), [3]))).toEqual([0.41845711171638644, 0.21629545460551136, 0.9653214611189975]);
    expect(flat(random.normal(random.key(0), [3]))).toEqual([-0.2058421394796434, -0.7847657764467411, 1.8160866726679836]);
    expect(flat(random.permutation(random.key(0), 10))).toEqual([0, 1, 8, 5, 6, 4, 3, 2, 7, 9]);
  });

  it("draw element i from counter i: a longer draw extends a shorter one", () => {
    expect(flat(random.uniform(k, [10])).slice(0, 4)).toEqual(flat(random.uniform(k, [4])));
    expect(flat(random.uniform(k, [2, 3]))).toEqual(flat(random.uniform(k, [6])));
  });

  it("uniform: float64 from 52 random bits in [minval, maxval)", () => {
    const u = flat(random.uniform(k, [20000]));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.every((v) => Number.isInteger(v * 2 ** 52))).toBe(true);
    expect(u.some((v) => !Number.isInteger(v * 2 ** 40))).toBe(true); // more than float32's bits
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / u.length));
    const r = flat(random.uniform(k, [1000], { minval: -3, maxval: 2 }));
    expect(Math.min(...r)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...r)).toBeLessThan(2);
    const f32 = random.uniform(k, [4], { dtype: "float32" });
    expect(f32.dtype).toBe("float32");
  });

  it("normal: moments and tails of a standard normal", () => {
    const z = flat(random.normal(k, [50000]));
    const n = z.length;
    const mean = z.reduce((s, v) => s + v, 0) / n;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    // P(|z| > 1.96) = 0.05
    const tail = z.filter((v) => Math.abs(v) > 1.959963984540054).length / n;
    expect(Math.abs(tail - 0.05)).toBeLessThan(4 * Math.sqrt(0.05 * 0.95 / n));
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it("bernoulli: frequency p, shape from p by default", () => {
    const b = random.bernoulli(k, 0.3, [20000]);
    expect(b.dtype).toBe("bool");
    const freq = flat(b).reduce((s, v) => s + v, 0) / 20000;
    expect(Math.abs(freq - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / 20000));
    expect(random.bernoulli(k, np.array([0, 1, 0.5])).shape).toEqual([3]);
    expect(flat(random.bernoulli(k, np.array([0, 1])))).toEqual([0, 1]);
  });

  it("permutation: a permutation of arange(n) or of an axis", () => {
    const p = flat(random.permutation(k, 100));
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    const x = np.arange(12).reshape([3, 4]);
    const shuffled = random.permutation(k, x, { axis: 1 });
    const cols = flat(random.permutation(k, 4));
    expectIdentical(shuffled, np.stack(cols.map((c) => x.slice([], c)), 1));
    expect(random.permutation(k, 0).shape).toEqual([0]);
  });

  it("randint is JAX's uint32 algorithm (checked against a BigInt transcription of it)", () => {
    const jaxRandint = (key: Tensor, n: number, lo: number, hi: number): number[] => {
      const [k1, k2] = random.split(key);
      const higher = u32(random.bits(k1, [n])).map(BigInt);
      const lower = u32(random.bits(k2, [n])).map(BigInt);
      const M = 2n ** 32n;
      let span = hi <= lo ? 1n : BigInt(Math.min(hi, 2 ** 31 - 1) - lo);
      if (hi > 2 ** 31 - 1 && hi > lo) span += 1n;
      const mult = (((2n ** 16n % span) * (2n ** 16n % span)) % M) % span;
      return higher.map((h, i) => Number(BigInt(lo) + ((((h % span) * mult) % M + (lower[i] % span)) % M) % span));
    };
    for (const [lo, hi] of [[0, 10], [-5, 7], [0, 2 ** 31], [-(2 ** 31), 2 ** 31 - 1], [3, 3], [5, 2], [0, 65537], [0, 123456789]]) {
      const key = random.foldIn(k, lo * 7 + hi);
      expect(flat(random.randint(key, [200], lo, hi))).toEqual(jaxRandint(key, 200, lo, hi));
    }
    const r = flat(random.randint(k, [5000], -3, 4));
    expect(Math.min(...r)).toBe(-3);
    expect(Math.max(...r)).toBe(3);
    expect(random.randint(k, [2], np.array(0, "int32"), np.array([5, 10], "int32")).shape).toEqual([2]);
    expect(() => random.randint(k, [2], 0.5, 3)).toThrow(/integer/);
    // JAX's positional dtype is an options object here; a bare one is refused, not silently float64.
    expect(() => random.normal(k, [3], "float32" as never)).toThrow(/random.normal: expected an options object like \{ dtype: "float32" \}, got "float32"/);
    for (const f of [random.uniform, random.exponential, random.gumbel] as ((k: unknown, s: unknown, o: unknown) => unknown)[]) expect(() => f(k, [2], "float32")).toThrow(ArgumentError);
    expect(() => random.categorical(k, np.ones([3]), -1 as never)).toThrow(/options object like \{ axis: -1, shape: \[3\] \}, got -1/);
    expectIdentical(jit((kk: Tensor) => random.randint(kk, [50], -100, 100))(k), random.randint(k, [50], -100, 100));
  });

  it("exponential has mean and variance 1", () => {
    const e = flat(random.exponential(k, [50000]));
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    const variance = e.reduce((s, v) => s + (v - mean) ** 2, 0) / e.length;
    expect(Math.min(...e)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expectIdentical(random.exponential(k, [4]), np.negative(np.log1p(np.negative(random.uniform(k, [4])))));
  });

  it("gumbel has mean γ and variance π²/6; categorical draws with the given probabilities", () => {
    const g = flat(random.gumbel(k, [50000]));
    const mean = g.reduce((s, v) => s + v, 0) / g.length;
    const variance = g.reduce((s, v) => s + (v - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean - 0.5772156649015329)).toBeLessThan(0.03);
    expect(Math.abs(variance - Math.PI ** 2 / 6)).toBeLessThan(0.06);
    const p = [0.1, 0.6, 0.3];
    const draws = flat(random.categorical(k, np.log(np.array(p)), { shape: [20000] }));
    p.forEach((pi, c) => expect(Math.abs(draws.filter((d) => d === c).length / 20000 - pi)).toBeLessThan(4 * Math.sqrt((pi * (1 - pi)) / 20000)));
    const batched = random.categorical(k, np.log(np.array([[0.5, 0.5, 0], [0, 0, 1]])), { shape: [7, 2] });
    expect(batched.shape).toEqual([7, 2]);
    expect(flat(batched.slice([], 1))).toEqual(Array(7).fill(2));
    expect(flat(batched.slice([], 0)).every((d) => d === 0 || d === 1)).toBe(true);
    expect(() => random.categorical(k, np.ones([2, 3]), { shape: [4] })).toThrow(/batch shape/);
  });

  it("choice: JAX's algorithms with and without replacement and weights", () => {
    expectIdentical(random.choice(k, 10, { shape: [6] }), random.randint(k, [6], 0, 10));
    expectIdentical(random.choice(k, 10, { shape: [2, 3], replace: false }), random.permutation(k, 10).slice([0, 6]).reshape([2, 3]));
    const unique = flat(random.choice(k, 50, { shape: [50], replace: false }));
    expect(new Set(unique).size).toBe(50);
    const rows = np.arange(12).reshape([4, 3]);
    const picked = random.choice(k, rows, { shape: [5] });
    expect(picked.shape).toEqual([5, 3]);
    flat(picked).forEach((v, i) => expect(v % 3).toBe(i % 3)); // whole rows
    expect(random.choice(k, rows, { shape: [2], axis: 1 }).shape).toEqual([4, 2]);
    const p = [0.2, 0, 0.5, 0.3];
    const draws = flat(random.choice(k, 4, { shape: [20000], p: np.array(p) }));
    p.forEach((pi, c) => expect(Math.abs(draws.filter((d) => d === c).length / 20000 - pi)).toBeLessThan(4 * Math.sqrt((pi * (1 - pi)) / 20000) + 1e-12));
    const weighted = flat(random.choice(k, 4, { shape: [3], p: np.array(p), replace: false }));
    expect(new Set(weighted).size).toBe(3);
    expect(weighted).not.toContain(1); // probability 0 comes last
    expect(() => random.choice(k, 3, { shape: [4], replace: false })).toThrow(/without replacement/);
    expect(() => random.choice(k, 3, { p: np.array([0.5, 0.5]) })).toThrow(/vector of 3 probabilities/);
    expect(u32(random.PRNGKey(7))).toEqual(u32(random.key(7)));
  });

  it("run under jit and vmap with the same values", () => {
    const draw = (kk: Tensor) => np.add(random.normal(kk, [3]), random.uniform(random.split(kk).slice(1), [3]));
    const keys = random.split(k, 4);
    const looped = np.stack([...keys].map(draw));
    expectIdentical(jit(draw)(k), draw(k));
    expectIdentical(vmap(draw)(keys), looped);
    expectIdentical(jit(vmap(draw))(keys), looped);
    expectIdentical(vmap((s: Tensor) => random.uniform(random.key(s), [2]))(np.array([1, 2], "int32")), np.stack([random.uniform(random.key(np.array(1, "int32")), [2]), random.uniform(random.key(np.array(2, "int32")), [2])]));
  });

  it("noise is a constant to grad: the gradient flows through the arithmetic around it", () => {
    const f = (w: Tensor) => np.sum(np.multiply(w, random.normal(k, [3])));
    expectIdentical(grad(f)(np.ones([3])), random.normal(k, [3]));
  });

  it("reject bad keys, shapes and options with clear errors", () => {
    expect(() => random.uniform(np.array([1, 2, 3], "int32"))).toThrow(ShapeError);
    expect(() => random.uniform(np.array([1, 2]))).toThrow(DTypeError);
    expect(() => random.uniform(random.split(k, 3))).toThrow(/vmap over them/);
    expect(() => random.uniform(k, [2.5])).toThrow(/non-negative integers/);
    expect(() => random.key(0.5)).toThrow(ArgumentError);
    expect(() => random.uniform(k, [2], { dtype: "int32" as never })).toThrow(/float64 or float32/);
    expect(() => random.bernoulli(k, np.array([0.1, 0.2]), [3])).toThrow(/broadcast/);
    expect(() => random.permutation(k, -1)).toThrow(/non-negative integer/);
  });
});

describe("lax.erfInv", () => {
  it("inverts erf at known points, ±∞ at ±1, NaN outside", () => {
    // erfinv(p) = Φ⁻¹((1 + p) / 2) / √2 for the quantiles Φ⁻¹(0.975) and Φ⁻¹(0.995)
    expectClose(lax.erfInv(np.array([0, 0.5, 0.9, 0.95, 0.99, -0.5])), [0, 0.4769362762044699, 1.1630871536766743, 1.959963984540054 / Math.SQRT2, 2.5758293035489004 / Math.SQRT2, -0.4769362762044699], 4e-16, 1e-300);
    expect(flat(lax.erfInv(np.array([1, -1, 1.5])))).toEqual([Infinity, -Infinity, NaN]);
  });

  it("is continuous where its three polynomials meet, with the exact derivative", () => {
    // w = -log(1 - x²) = 6.25 and 16 are the branch points.
    for (const w of [6.25, 16]) {
      const x = Math.sqrt(1 - Math.exp(-w));
      const xb = x * (1 - 1e-15);
      const [below, above] = flat(lax.erfInv(np.array([xb, x])));
      // The step across the branch point is the slope times the step in x, nothing more.
      const slope = (Math.sqrt(Math.PI) / 2) * Math.exp(above * above);
      expect(Math.abs(above - below - slope * (x - xb)) / above).toBeLessThan(1e-13);
    }
    const g = grad((x: Tensor) => lax.erfInv(x));
    for (const x of [0.3, -0.8, 0.999, 1 - 1e-12]) {
      const y = Number(lax.erfInv(x).item());
      expectClose(g(x), (Math.sqrt(Math.PI) / 2) * Math.exp(y * y), 1e-14);
    }
  });
});

describe("np.argsort / np.sort", () => {
  it("sorts stably along an axis, NaN last", () => {
    expect(flat(np.argsort(np.array([3, 1, 2, 1])))).toEqual([1, 3, 2, 0]);
    expect(flat(np.sort(np.array([2, NaN, -1, 0])))).toEqual([-1, 0, 2, NaN]);
    expectIdentical(np.sort(np.array([[3, 1], [0, 2]]), 0), np.array([[0, 1], [3, 2]]));
    expectIdentical(np.argsort(np.array([[3, 1], [0, 2]]), null), np.array([2, 1, 3, 0], "int32"));
    expect(() => np.argsort(np.array(true))).toThrow(/bool/);
  });

  it("np.sort is differentiable: each cotangent returns to its value's position", () => {
    const w = np.array([1, 10, 100]);
    expectIdentical(grad((x: Tensor) => np.sum(np.multiply(np.sort(x), w)))(np.array([5, -1, 2])), np.array([100, 1, 10]));
    expectIdentical(jit((x: Tensor) => np.sort(x))(np.array([5, -1, 2])), np.array([-1, 2, 5]));
    expectIdentical(vmap((x: Tensor) => np.argsort(x))(np.array([[2, 1], [1, 2]])), np.array([[1, 0], [0, 1]], "int32"));
  });
});
