import { beforeAll, describe, expect, it } from "vitest";
import { DTypeError, ShapeError, ArgumentError, type Tensor, jit, np, random, vmap } from "../src";
import { erf } from "../src/random/erf";
import { expectClose, expectIdentical, flat } from "./helpers/assert";

const k = random.key(20261206);
const N = 20000;
const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** The Kolmogorov–Smirnov distance between the samples and a CDF. */
function ksDistance(samples: number[], cdf: (x: number) => number): number {
  const xs = [...samples].sort((a, b) => a - b);
  let d = 0;
  xs.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / xs.length), Math.abs(f - (i + 1) / xs.length));
  });
  return d;
}
// The 0.1% critical value of the KS distance for N samples: a draw from the right law fails 1 time in 1000.
const KS_CRITICAL = 1.95 / Math.sqrt(N);

const maxwellCdf = (x: number) => erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp((-x * x) / 2);

describe("closed-form samplers follow their laws (Kolmogorov–Smirnov, float64)", () => {
  const cases: [string, () => Tensor, (x: number) => number][] = [
    ["laplace", () => random.laplace(k, [N]), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ["logistic", () => random.logistic(k, [N]), (x) => 1 / (1 + Math.exp(-x))],
    ["cauchy", () => random.cauchy(k, [N]), (x) => 0.5 + Math.atan(x) / Math.PI],
    ["lognormal", () => random.lognormal(k, 0.7, [N]), (x) => Phi(Math.log(x) / 0.7)],
    ["pareto", () => random.pareto(k, 2.5, [N]), (x) => 1 - x ** -2.5],
    ["weibullMin", () => random.weibullMin(k, 2, 1.5, [N]), (x) => 1 - Math.exp(-((x / 2) ** 1.5))],
    ["rayleigh", () => random.rayleigh(k, 1.5, [N]), (x) => 1 - Math.exp(-(x * x) / (2 * 1.5 ** 2))],
    ["wald", () => random.wald(k, 2, [N]), (x) => Phi(Math.sqrt(1 / x) * (x / 2 - 1)) + Math.exp(1) * Phi(-Math.sqrt(1 / x) * (x / 2 + 1))],
    ["triangular", () => random.triangular(k, -1, 0.5, 2, [N]), (x) => (x < 0.5 ? (x + 1) ** 2 / (3 * 1.5) : 1 - (2 - x) ** 2 / (3 * 1.5))],
    ["maxwell", () => random.maxwell(k, [N]), maxwellCdf],
    ["doubleSidedMaxwell", () => random.doubleSidedMaxwell(k, 1, 2, [N]), (x) => 0.5 + 0.5 * Math.sign(x - 1) * maxwellCdf(Math.abs(x - 1) / 2)],
  ];
  for (const [name, draw, cdf] of cases) {
    it(name, () => {
      const t = draw();
      expect(t.dtype).toBe("float64");
      expect(t.shape).toEqual([N]);
      const xs = flat(t);
      expect(xs.every(Number.isFinite)).toBe(true);
      expect(ksDistance(xs, cdf)).toBeLessThan(KS_CRITICAL);
    });
  }
});

describe("closed-form samplers are JAX's transforms of its uniform and normal draws", () => {
  it("use the same bounds and operations", () => {
    const eps = 2 ** -52;
    const u = (lo: number, hi = 1) => random.uniform(k, [64], { minval: lo, maxval: hi });
    expectIdentical(random.cauchy(k, [64]), np.tan(np.multiply(Math.PI, np.subtract(u(eps), 0.5))));
    const ul = u(-1 + eps / 2);
    expectIdentical(random.laplace(k, [64]), np.multiply(np.sign(ul), np.log1p(np.negative(np.abs(ul)))));
    expectIdentical(random.lognormal(k, 0.5, [64]), np.exp(np.multiply(random.normal(k, [64]), 0.5)));
    expectIdentical(random.pareto(k, 3, [64]), np.exp(np.divide(random.exponential(k, [64]), 3)));
    expectIdentical(random.rayleigh(k, 2, [64]), np.multiply(2, np.sqrt(np.multiply(np.log(random.uniform(k, [64])), -2))));
    expectIdentical(random.rademacher(k, [64]), np.subtract(np.multiply(2, random.bernoulli(k, 0.5, [64]).astype("int32")), 1));
  });

  describe("agree with jax-js, an independent implementation of JAX's samplers, in float32", () => {
    type JaxJs = typeof import("@jax-js/jax");
    let jax: JaxJs;
    beforeAll(async () => {
      const g = globalThis as { Float16Array?: unknown };
      g.Float16Array ??= class Float16Array extends Float32Array {};
      jax = await import("@jax-js/jax");
      await jax.init("wasm");
    });
    // jax-js draws laplace, rayleigh, maxwell, lognormal and the discrete samplers differently
    // from JAX's source (which ours follows), so only these are compared.
    it("cauchy, logistic, pareto, weibullMin and triangular", async () => {
      const f32 = { dtype: "float32" } as const;
      for (const seed of [0, 7, 123]) {
        const ours = random.key(seed);
        const theirs = () => jax.random.key(seed);
        // Cauchy samples are compared as angles: tan near ±π/2 magnifies the last bit of its argument.
        const angle = async (t: { data(): Promise<ArrayLike<number>> }) => Array.from(await t.data(), Math.atan);
        expectClose(np.arctan(random.cauchy(ours, [200], f32).astype("float64")), await angle(jax.random.cauchy(theirs(), [200])), 0, 1e-6);
        const pairs: [Tensor, { data(): Promise<ArrayLike<number>> }][] = [
          [random.logistic(ours, [200], f32), jax.random.logistic(theirs(), [200])],
          [random.pareto(ours, 3, [200], f32), jax.random.pareto(theirs(), 3, [200])],
          [random.weibullMin(ours, 2, 1.5, [200], f32), jax.random.weibullMin(theirs(), 2, 1.5, [200])],
          [random.triangular(ours, 0, 1, 3, [200], f32), jax.random.triangular(theirs(), 0, 1, 3, [200])],
        ];
        for (const [a, b] of pairs) {
          expect(a.dtype).toBe("float32");
          // Both are float32 transforms of the same uniform bits; they differ by the last bits
          // of float32 log and tan (amplified where log u − log1p(−u) cancels near 0).
          expectClose(a, Array.from(await b.data()), 2e-5, 2e-5);
        }
      }
    });
  });
});

describe("discrete samplers", () => {
  it("rademacher: ±1 with equal frequency, int32 by default", () => {
    const r = random.rademacher(k, [N]);
    expect(r.dtype).toBe("int32");
    const xs = flat(r);
    expect(xs.every((v) => v === 1 || v === -1)).toBe(true);
    expect(Math.abs(xs.filter((v) => v === 1).length / N - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
    expect(random.rademacher(k, [3], { dtype: "float32" }).dtype).toBe("float32");
  });

  it("geometric: P(k) = p(1 − p)^(k − 1) on 1, 2, …", () => {
    const p = 0.3;
    const g = random.geometric(k, p, [N]);
    expect(g.dtype).toBe("int32");
    const xs = flat(g);
    expect(Math.min(...xs)).toBe(1);
    for (let n = 1; n <= 6; n++) {
      const expected = p * (1 - p) ** (n - 1);
      expect(Math.abs(xs.filter((v) => v === n).length / N - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / N));
    }
    expect(random.geometric(k, np.array([0.5, 1])).shape).toEqual([2]);
    expect(flat(random.geometric(k, 1, [5]))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("multivariateNormal", () => {
  const mean = np.array([1, -2, 0.5]);
  const cov = np.array([
    [2, 0.6, -0.4],
    [0.6, 1, 0.3],
    [-0.4, 0.3, 0.5],
  ]);

  it("is mean + L·z with L the Cholesky factor, as JAX", () => {
    const z = random.normal(k, [5, 3]);
    const expected = np.add(mean, np.einsum("...ij,...j->...i", np.linalg.cholesky(cov), z));
    expectIdentical(random.multivariateNormal(k, mean, cov, [5]), expected);
  });

  for (const method of ["cholesky", "svd", "eigh"] as const) {
    it(`has the given mean and covariance (${method})`, () => {
      const x = random.multivariateNormal(k, mean, cov, [N], { method });
      expect(x.shape).toEqual([N, 3]);
      expectClose(np.mean(x, 0), mean, 0, 0.05);
      expectClose(np.cov(x.T), cov, 0, 0.06);
    });
  }

  it("broadcasts batch shapes and refuses mismatched ones", () => {
    const means = np.zeros([4, 3]);
    expect(random.multivariateNormal(k, means, cov).shape).toEqual([4, 3]);
    expect(random.multivariateNormal(k, mean, np.stack([cov, cov])).shape).toEqual([2, 3]);
    expect(random.multivariateNormal(k, means, cov, [2, 4]).shape).toEqual([2, 4, 3]);
    expect(() => random.multivariateNormal(k, mean, np.eye(2))).toThrow(/cov must have shape \[\.\.\., 3, 3\]/);
    expect(() => random.multivariateNormal(k, means, cov, [3])).toThrow(ShapeError);
    expect(() => random.multivariateNormal(k, mean, cov, [2], { method: "lu" as never })).toThrow(ArgumentError);
    expect(() => random.multivariateNormal(k, 0, cov)).toThrow(/at least one axis/);
  });
});

describe("orthogonal", () => {
  it("gives orthogonal matrices: Q of a Gaussian matrix, columns signed by R's diagonal", () => {
    const q = random.orthogonal(k, 4, [3]);
    expect(q.shape).toEqual([3, 4, 4]);
    expectClose(np.matmul(q, np.swapaxes(q, -1, -2)), np.broadcastTo(np.eye(4), [3, 4, 4]), 0, 1e-14);
    const [qz, r] = np.linalg.qr(random.normal(k, [3, 4, 4]));
    expectIdentical(q, np.multiply(qz, np.expandDims(np.sign(np.diagonal(r, 0, -2, -1)), -2)));
  });

  it("is Haar: an entry has mean 0 and variance 1/n", () => {
    const q = random.orthogonal(k, 3, [4000]);
    const entry = flat(q.slice([], 0, 1));
    const mean = entry.reduce((s, v) => s + v, 0) / entry.length;
    const variance = entry.reduce((s, v) => s + (v - mean) ** 2, 0) / entry.length;
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(variance - 1 / 3)).toBeLessThan(0.03);
  });

  it("n × m: orthonormal columns (n > m) or rows (n < m)", () => {
    const tall = random.orthogonal(k, 5, [], { m: 2 });
    expect(tall.shape).toEqual([5, 2]);
    expectClose(np.matmul(tall.T, tall), np.eye(2), 0, 1e-14);
    const wide = random.orthogonal(k, 2, [], { m: 5 });
    expect(wide.shape).toEqual([2, 5]);
    expectClose(np.matmul(wide, wide.T), np.eye(2), 0, 1e-14);
    expect(() => random.orthogonal(k, 2.5)).toThrow(/non-negative integer/);
  });
});

describe("parameters, dtypes and transforms", () => {
  it("shape defaults to the parameters' broadcast shape; a given shape must hold them", () => {
    expect(random.pareto(k, np.array([1, 2, 3])).shape).toEqual([3]);
    expect(random.triangular(k, np.zeros([2, 1]), 0.5, np.ones([3])).shape).toEqual([2, 3]);
    expect(random.wald(k, np.array([1, 2]), [4, 2]).shape).toEqual([4, 2]);
    expect(() => random.wald(k, np.array([1, 2]), [3])).toThrow(/do not broadcast into the shape \[3\]/);
    expect(random.weibullMin(k, np.array([1, 2]), 1, [3, 1]).shape).toEqual([3, 2]);
    expect(random.doubleSidedMaxwell(k, np.array([0, 1]), 1).shape).toEqual([2, 2]); // JAX appends the parameters' shape
    expect(random.doubleSidedMaxwell(k, np.array([0, 1]), 1, [3]).shape).toEqual([3, 2]);
  });

  it("float32 draws: numbers take the dtype, a float64 array is refused", () => {
    const f32 = { dtype: "float32" } as const;
    expect(random.lognormal(k, 0.5, [3], f32).dtype).toBe("float32");
    expect(random.pareto(k, np.array([2, 3], "float32"), undefined, f32).dtype).toBe("float32");
    expect(() => random.pareto(k, np.array([2, 3]), undefined, f32)).toThrow(DTypeError);
    expect(() => random.laplace(k, [3], { dtype: "int32" as never })).toThrow(/float64 or float32/);
    expect(() => random.cauchy(k, [2], "float32" as never)).toThrow(/options object/);
    expect(() => random.logistic(np.array([1, 2]), [2])).toThrow(/random.logistic: a key is int32\[2\]/);
  });

  it("run under jit and vmap with the eager values", () => {
    const draw = (kk: Tensor) => np.add(random.laplace(kk, [3]), random.multivariateNormal(kk, np.zeros([3]), np.eye(3)));
    expectIdentical(jit(draw)(k), draw(k));
    const keys = random.split(k, 3);
    expectIdentical(vmap(draw)(keys), np.stack([...keys].map(draw)));
    expectIdentical(jit((kk: Tensor, b: Tensor) => random.pareto(kk, b))(k, np.array([1, 2])), random.pareto(k, np.array([1, 2])));
  });
});
