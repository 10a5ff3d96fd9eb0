/**
 * The special functions (lax.erf/erfc/lgamma/digamma, scipy.special, scipy.stats.norm, the exact gelu)
 * against 50-digit mpmath values (`reference/numpy/special.json`, from
 * `reference/scripts/special.py`), their derivatives against the closed forms and finite
 * differences, jit bit for bit with the interpreter, float32, and errors.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, type Tensor, grad, jit, lax, nn, np, scipy, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;
const { special, stats } = scipy;

const CALLS: Record<string, (i: In) => Tensor | Tensor[]> = {
  erf: ({ x }) => lax.erf(x),
  erfc: ({ x }) => lax.erfc(x),
  "erf erfc at the edges": ({ x }) => [special.erf(x), special.erfc(x)],
  ndtr: ({ x }) => special.ndtr(x),
  log_ndtr: ({ x }) => special.logNdtr(x),
  ndtri: ({ p }) => special.ndtri(p),
  "ndtri at the edges": ({ p }) => special.ndtri(p),
  "xlogy xlog1py": ({ x, y }) => [special.xlogy(x, y), special.xlog1py(x, np.subtract(y, 0.5))],
  entr: ({ x }) => special.entr(x),
  logit: ({ x }) => special.logit(x),
  norm: ({ x, q }) => [
    stats.norm.pdf(x),
    stats.norm.logpdf(x),
    stats.norm.cdf(x),
    stats.norm.pdf(x, 0.75, 2.5),
    stats.norm.logpdf(x, 0.75, 2.5),
    stats.norm.cdf(x, 0.75, 2.5),
    stats.norm.ppf(q, 0.75, 2.5),
  ],
  "gelu exact": ({ x }) => nn.gelu(x, { approximate: false }),
  lgamma: ({ x }) => lax.lgamma(x),
  digamma: ({ x }) => special.digamma(x),
  // ψ′, which jitgrad has as digamma's derivative.
  trigamma: ({ x }) => vmap(grad((t: Tensor) => lax.digamma(t)))(x),
  "lgamma digamma at the edges": ({ x }) => [special.gammaln(x), lax.digamma(x)],
  betaln: ({ a, b }) => special.betaln(a, b),
  gamma: ({ x, a }) => [stats.gamma.logpdf(x, a), stats.gamma.pdf(x, a), stats.gamma.logpdf(x, a, 0.02, 1.5)],
  beta: ({ x, a, b }) => [stats.beta.logpdf(x, a, b), stats.beta.pdf(x, a, b), stats.beta.logpdf(np.add(np.multiply(x, 2), 1), a, b, 1, 2)],
  poisson: ({ k, mu }) => [stats.poisson.logpmf(k, mu), stats.poisson.pmf(k, mu), stats.poisson.logpmf(np.add(k, 2), mu, 2)],
  t: ({ x, df }) => [stats.t.logpdf(x, df), stats.t.pdf(x, df), stats.t.logpdf(x, df, -0.5, 3)],
  expon: ({ x }) => [stats.expon.logpdf(x), stats.expon.pdf(x), stats.expon.cdf(x), stats.expon.logpdf(x, 0.25, 2), stats.expon.cdf(x, 0.25, 2)],
};

/**
 * The distributions' formulas (JAX's) subtract log Γ of large, close arguments (log B(a, b),
 * t's normalizer at large ν), losing up to ~1e-13 there; they are held to 1e-12.
 */
const DISTRIBUTIONS = new Set(["gamma", "beta", "poisson", "t", "expon"]);

/**
 * Within 1e-14 relative (some 45 ulp; the implementations measure a few), or 1e-305
 * absolute where the value is subnormal; NaN and ±∞ exactly.
 */
function close(got: Tensor, want: Arr, what: string, id: string): void {
  expect(got.shape, what).toEqual(want.shape);
  const w = want.data.map(num);
  const rtol = DISTRIBUTIONS.has(id) ? 1e-12 : 1e-14;
  flat(got).forEach((g, i) => {
    if (!Number.isFinite(w[i])) expect(g, `${what} [${i}]`).toBe(w[i]);
    else if (!(Math.abs(g - w[i]) <= rtol * Math.abs(w[i]) + 1e-305)) expect.fail(`${what} [${i}]: ${g} vs ${w[i]} (${(Math.abs(g - w[i]) / Math.abs(w[i])).toExponential(2)} relative)`);
  });
}

referenceSuite("special functions = mpmath", loadCases("special.json"), CALLS, close);

describe("special functions under transforms", () => {
  const x = np.array([-7, -2.5, -1.2, -0.4, 0, 0.7, 1, 3.5, 9]);
  const p = np.array([1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]);

  it("derivatives are the closed forms: erf′ = 2/√π e^(−x²), log Φ′ = φ/Φ, (Φ⁻¹)′ = 1/φ(Φ⁻¹)", () => {
    const pdf = (v: number) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
    const want: [string, (t: Tensor) => Tensor, Tensor, (v: number) => number][] = [
      ["erf", lax.erf, x, (v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)],
      ["erfc", lax.erfc, x, (v) => (-2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)],
      ["ndtr", special.ndtr, x, pdf],
      ["logNdtr", special.logNdtr, x, (v) => pdf(v) / (special.ndtr(v).item() as number)],
      ["ndtri", special.ndtri, p, (v) => 1 / pdf(special.ndtri(v).item() as number)],
      ["logit", special.logit, p, (v) => 1 / (v * (1 - v))],
      ["lgamma", lax.lgamma, np.array([-6.5, -2.5, -1.2, -0.4, 0.7, 1, 3.5, 9, 15]), (v) => lax.digamma(v).item() as number],
      ["entr", special.entr, p, (v) => -Math.log(v) - 1],
    ];
    for (const [name, f, at, d] of want) {
      const g = flat(vmap(grad((t: Tensor) => f(t)))(at));
      flat(at).forEach((v, i) => expect(Math.abs(g[i] - d(v)), `${name}′(${v})`).toBeLessThanOrEqual(1e-13 * Math.abs(d(v)) + 1e-300));
    }
  });

  it("xlogy and xlog1py differentiate as JAX's rule (log y, x/y), and gelu by the product rule", () => {
    const [gx, gy] = grad((a: Tensor, b: Tensor) => special.xlogy(a, b), { argnums: [0, 1] })(np.array(2), np.array(3)) as Tensor[];
    expect(gx.item()).toBeCloseTo(Math.log(3), 15);
    expect(gy.item()).toBeCloseTo(2 / 3, 15);
    const [hx, hy] = grad((a: Tensor, b: Tensor) => special.xlog1py(a, b), { argnums: [0, 1] })(np.array(2), np.array(3)) as Tensor[];
    expect(hx.item()).toBeCloseTo(Math.log(4), 15);
    expect(hy.item()).toBeCloseTo(0.5, 15);
    const gelu = (t: Tensor) => nn.gelu(t, { approximate: false });
    const g = flat(vmap(grad(gelu))(x));
    flat(x).forEach((v, i) => {
      const want = (special.ndtr(v).item() as number) + (v * Math.exp(-v * v / 2)) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(g[i] - want)).toBeLessThan(1e-14);
    });
  });

  it("the distributions' log densities differentiate to their closed-form scores", () => {
    // d/dμ log Poisson(k; μ) = k/μ − 1; d/dx log Gamma(x; a) = (a − 1)/x − 1; d/dx log t(x; ν) = −(ν + 1)x/(ν + x²).
    expect(grad((mu: Tensor) => stats.poisson.logpmf(4, mu))(np.array(2.5)).item()).toBeCloseTo(4 / 2.5 - 1, 14);
    expect(grad((v: Tensor) => stats.gamma.logpdf(v, 3.5))(np.array(1.7)).item()).toBeCloseTo(2.5 / 1.7 - 1, 14);
    expect(grad((v: Tensor) => stats.t.logpdf(v, 5))(np.array(0.8)).item()).toBeCloseTo((-6 * 0.8) / (5 + 0.64), 14);
    // ∂/∂a log B(a, b) = ψ(a) − ψ(a + b): for (2, 3), 1 − γ − (25/12 − γ) = −13/12.
    expect(grad((v: Tensor) => special.betaln(v, 3))(np.array(2)).item()).toBeCloseTo(-13 / 12, 14);
  });

  it("jit computes the interpreter's bits", () => {
    const fs: [string, (t: Tensor) => Tensor, Tensor][] = [
      ["erf", lax.erf, x],
      ["erfc", lax.erfc, x],
      ["ndtr", special.ndtr, x],
      ["logNdtr", special.logNdtr, x],
      ["ndtri", special.ndtri, p],
      ["entr", special.entr, p],
      ["logit", special.logit, p],
      ["norm", (t) => np.add(stats.norm.logpdf(t, 1, 2), stats.norm.cdf(t, -1, 0.5)), x],
      ["ppf", (t) => stats.norm.ppf(t, 1, 2), p],
      ["gelu", (t) => nn.gelu(t, { approximate: false }), x],
      ["lgamma", lax.lgamma, x],
      ["betaln", (t) => special.betaln(np.exp(t), np.add(np.square(t), 20)), x],
      ["digamma", lax.digamma, x],
      ["digamma′", grad((t: Tensor) => np.sum(lax.digamma(t))), x],
      ["distributions", (t) => np.stack([stats.gamma.logpdf(np.abs(t), 2.5), stats.beta.logpdf(nn.sigmoid(t), 2, 3), stats.poisson.logpmf(3, np.exp(t)), stats.t.logpdf(t, 4), stats.expon.cdf(t)]), x],
      ["erf′", grad((t: Tensor) => np.sum(lax.erfc(t))), x],
      ["ndtri′", grad((t: Tensor) => np.sum(special.ndtri(t))), p],
    ];
    for (const [name, f, at] of fs) expect(() => expectIdentical(jit(f)(at), f(at)), name).not.toThrow();
  });

  it("float32 rounds the float64 value once, and complex input is refused", () => {
    const v = np.array([-3, -0.5, 0.25, 2], "float32");
    expect(lax.erf(v).dtype).toBe("float32");
    expect(flat(lax.erfc(v))).toEqual(flat(lax.erfc(v.astype("float64"))).map(Math.fround));
    expect(flat(special.ndtri(np.array([0.1, 0.7], "float32")))).toEqual(flat(special.ndtri(np.array([Math.fround(0.1), Math.fround(0.7)]))).map(Math.fround));
    const z = np.array([{ re: 1, im: 1 }]);
    for (const f of [lax.erf, lax.erfc, lax.lgamma, lax.digamma, special.ndtr, special.logNdtr, special.ndtri, special.entr, special.logit]) expect(() => f(z)).toThrow(DTypeError);
  });
});
