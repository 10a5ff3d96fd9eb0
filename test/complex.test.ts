/**
 * Complex dtypes: arithmetic against NumPy (`reference/numpy/complex.json`, from
 * `reference/scripts/complex.py`), JAX's promotion, JAX's convention for derivatives (grad
 * of a real function of z is ∂f/∂x − i∂f/∂y; holomorphic functions give f′), jit and vmap
 * bit for bit with the interpreter, conversion to and from JS, and errors.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, type Tensor, TransformError, checkJaxpr, grad, jacfwd, jacrev, jit, jvp, lax, makeJaxpr, np, vjp, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;
const c = (re: number, im: number) => ({ re, im });

const CALLS: Record<string, (i: In) => Tensor | Tensor[]> = {
  mul: ({ z, w }) => np.multiply(z, w),
  div: ({ z, w }) => np.divide(z, w),
  "div extreme": ({ z, w }) => np.divide(z, w),
  "add sub neg": ({ z, w }) => [np.add(z, w), np.subtract(z, w), np.negative(z)],
  exp: ({ z }) => np.exp(z),
  log: ({ z }) => np.log(z),
  "log edge": ({ z }) => np.log(z),
  sqrt: ({ z }) => np.sqrt(z),
  "sqrt edge": ({ z }) => np.sqrt(z),
  "sin cos": ({ z }) => [np.sin(z), np.cos(z)],
  "abs angle": ({ z }) => [np.abs(z), np.angle(z)],
  "square and integer powers": ({ z }) => [np.square(z), lax.integerPow(z, 3), lax.integerPow(z, -2), lax.integerPow(z, 0)],
  "conj real imag": ({ z }) => [np.conj(z), np.real(z), np.imag(z)],
  matmul: ({ a, b }) => np.matmul(a, b),
  "sum and cumsum": ({ a }) => [np.sum(a, 0), np.cumsum(a, 1), np.sum(a)],
  "mixed promotion": ({ z, x }) => [np.add(z, x), np.multiply(z, x), np.divide(x, z)],
  equal: ({ z, w }) => [np.equal(z, w)],
  "mean var std": ({ z, a }) => [np.mean(z), np.var(z), np.std(z), np.mean(a, 1), np.var(a, 0), np.std(a, 1, { ddof: 1 })],
  average: ({ z, a }) => [np.average(z) as Tensor, np.average(a, 1, { weights: [1, 2, 0.5, 3] }) as Tensor],
  "vdot conjugates the first": ({ z, w }) => [np.vdot(z, w), np.vdot(z, z)],
  norm: ({ z, a }) => [
    np.linalg.norm(z),
    np.linalg.norm(a),
    np.linalg.norm(a, "fro"),
    np.linalg.norm(z, 2),
    np.linalg.norm(a, null, 1),
    np.linalg.norm(z, 1),
    np.linalg.norm(z, Infinity),
    np.linalg.norm(z, 3),
    np.linalg.norm(a, 1),
  ],
  "isfinite isinf isnan": ({ z }) => [np.isfinite(z), np.isinf(z), np.isnan(z)],
  isclose: ({ z, w }) => [np.isclose(z, w)],
  round: ({ z }) => [np.round(z), np.round(z, 2), np.round(z, -1)],
  "cov corrcoef": ({ a }) => [np.cov(a), np.corrcoef(a), np.cov(a, null, { rowvar: false, bias: true })],
  "correlate conjugates v": ({ z, w }) => [np.correlate(z, w, "full"), np.correlate(w, z, "full"), np.correlate(z, w)],
  "by a real constant": ({ z }) => [np.log10(z), np.log2(z), np.divide(z, 2.5), np.divide(2.5, z)],
  "tan tanh sinh cosh": ({ z, far }) => [np.tan(z), np.tanh(z), np.sinh(z), np.cosh(z), np.tanh(far), np.tan(np.multiply(far, c(0, 1)))],
  "exp2 expm1 log1p": ({ z, small }) => [np.exp2(z), np.expm1(z), np.log1p(z), np.expm1(small), np.log1p(small)],
  pow: ({ z, w, zb, e }) => [np.power(z, w), np.power(z, 2.5), np.power(z, c(0.5, -1)), np.power(zb, e)],
  "nan reductions": ({ z, a }) => [np.nansum(z), np.nanmean(z), np.nanvar(z), np.nanstd(z, undefined, { ddof: 1 }), np.nansum(a, 0)],
  nanToNum: ({ z }) => [np.nanToNum(z)],
  floatPower: ({ z }) => [np.floatPower(z, 2), np.floatPower(z, 0.5)],
  "interp of complex fp": ({ w }) => [
    np.interp([-1, 0.25, 0.5, 1.75, 3], [0, 1, 2], w),
    np.interp([-1, 3], [0, 1, 2], w, { left: c(0, 1), right: 2 }),
  ],
  "polyder polyint": ({ z }) => [np.polyder(z), np.polyder(z, 2), np.polyint(z), np.polyval(z, c(0.5, -0.25))],
  "norm ord 0": ({ z }) => [np.linalg.norm(z, 0)],
  "vector products conjugate as NumPy": ({ z, w, a }) => [
    np.vecdot(z, w),
    np.vecdot(a, a),
    np.vecmat(a.slice([], 0), a),
    np.matvec(a, z.slice([0, 4])),
    np.cross(z.slice([0, 3]), w.slice([0, 3])),
    np.linalg.vectorNorm(a, { axis: [0, 1] }),
    np.linalg.matrixNorm(a),
    np.linalg.multiDot([np.transpose(a), a, z.slice([0, 4])]),
  ],
  "creation in a complex dtype": () => [
    np.arange(4, 0, -1, "complex128"),
    np.linspace(0, 1, 3, { dtype: "complex128" }),
    np.eye(2, 3, 1, "complex128"),
    np.identity(2, "complex128"),
    np.tri(3, null, 0, "complex128"),
  ],
};

/** Within 1e-12 of each component, relative to the element's magnitude (NaN and ±∞ exact). */
function close(got: Tensor, want: Arr, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  expect(got.dtype, what).toBe(want.dtype);
  const w = want.data.map(num);
  const g = flat(got);
  const pair = want.dtype === "complex128";
  g.forEach((v, i) => {
    const j = pair ? i - (i % 2) : i;
    const scale = Math.max(1, Math.abs(w[j]), pair ? Math.abs(w[j + 1]) : 0);
    if (!Number.isFinite(w[i])) expect(v, `${what} [${i}]`).toBe(w[i]);
    else if (!(Math.abs(v - w[i]) <= 1e-12 * scale)) expect.fail(`${what} [${i}]: ${v} vs ${w[i]}`);
  });
}

referenceSuite("complex arithmetic against NumPy", loadCases("complex.json"), CALLS, (got, want, what) => close(got, want, what));

describe("complex dtypes", () => {
  it("come from { re, im } entries, casts and lax.complex, and go back with tolist", () => {
    const z = np.array([c(1, 2), c(-0.5, 0)]);
    expect(z.dtype).toBe("complex128");
    expect(z.tolist()).toEqual([c(1, 2), c(-0.5, 0)]);
    expect(String(z)).toBe("Tensor(c128[2], [1+2j, -0.5+0j])");
    expect(np.array([1, 2], "complex64").tolist()).toEqual([c(1, 0), c(2, 0)]);
    expect(lax.complex(np.array([1]), np.array([3])).tolist()).toEqual([c(1, 3)]);
    expect(np.array([c(1.5, -2)]).astype("float64").tolist()).toEqual([1.5]);
    expect(np.array([c(0, -2), c(0, 0)]).astype("bool").tolist()).toEqual([true, false]);
    expect(z.real.tolist()).toEqual([1, -0.5]);
    expect(z.imag.tolist()).toEqual([2, 0]);
    expect(z.conj().tolist()).toEqual([c(1, -2), c(-0.5, -0)]);
  });

  it("promote as JAX's lattice: float64 with complex64 is complex128, float32 with complex64 stays", () => {
    const z64 = np.array([c(1, 1)], "complex64");
    expect(np.add(z64, np.array([1], "float32")).dtype).toBe("complex64");
    expect(np.add(z64, np.array([1], "float64")).dtype).toBe("complex128");
    expect(np.add(z64, np.array([1], "int32")).dtype).toBe("complex64");
    expect(np.multiply(z64, 2.5).dtype).toBe("complex64");
    expect(np.promoteTypes("float64", "complex64")).toBe("complex128");
    expect(np.resultType("int32", "complex64")).toBe("complex64");
    expect(np.exp(z64).dtype).toBe("complex64");
    expect(np.abs(z64).dtype).toBe("float32");
  });

  it("complex64 computes each component rounded as float32", () => {
    const z = np.array([c(0.1, 0.7)], "complex64");
    const got = flat(np.multiply(z, z));
    const a = Math.fround(0.1);
    const b = Math.fround(0.7);
    expect(got).toEqual([Math.fround(Math.fround(a * a) - Math.fround(b * b)), Math.fround(Math.fround(a * b) + Math.fround(b * a))]);
  });

  it("grad of a real function of z is ∂f/∂x − i ∂f/∂y (JAX's convention)", () => {
    // |z|² = x² + y²: JAX gives 2x − 2iy.
    const g = grad((z: Tensor) => np.sum(np.square(np.abs(z))))(np.array([c(3, 4), c(1, -2)]));
    expect(g.tolist()).toEqual([c(6, -8), c(2, 4)]);
    expect(grad((z: Tensor) => np.abs(z))(np.array(c(3, 4))).tolist()).toEqual(c(0.6, -0.8));
    // Re(z²) = x² − y²: 2x + 2iy.
    expect(grad((z: Tensor) => np.real(np.square(z)))(np.array(c(1, 2))).tolist()).toEqual(c(2, 4));
    // Against finite differences in x and y for a non-holomorphic function.
    const f = (z: Tensor) => np.sum(np.multiply(np.abs(np.exp(z)), np.imag(np.log(z))));
    const z0 = np.array([c(0.7, 0.3), c(-1.2, 0.9)]);
    const gz = flat(grad(f)(z0));
    const h = 1e-6;
    const at = (k: number, dre: number, dim: number) => {
      const v = z0.tolist() as { re: number; im: number }[];
      v[k] = c(v[k].re + dre, v[k].im + dim);
      return f(np.array(v)).item() as number;
    };
    for (let k = 0; k < 2; k++) {
      const dx = (at(k, h, 0) - at(k, -h, 0)) / (2 * h);
      const dy = (at(k, 0, h) - at(k, 0, -h)) / (2 * h);
      expect(gz[2 * k]).toBeCloseTo(dx, 6);
      expect(gz[2 * k + 1]).toBeCloseTo(-dy, 6);
    }
  });

  it("holomorphic functions: grad, jacfwd and jacrev give f′(z)", () => {
    const f = (z: Tensor) => np.multiply(np.exp(z), z);
    const z0 = np.array(c(0.5, -1));
    const want = np.multiply(np.exp(z0), np.add(z0, 1));
    const g = grad(f, { holomorphic: true })(z0);
    for (const [name, got] of [
      ["grad", g],
      ["jacfwd", jacfwd(f, { holomorphic: true })(z0) as Tensor],
      ["jacrev", jacrev(f, { holomorphic: true })(z0) as Tensor],
    ] as const) {
      flat(got).forEach((v, i) => expect(v, name).toBeCloseTo(flat(want)[i], 13));
    }
  });

  it("jvp and vjp pair as Re(ct · t) (vjp is the transpose of jvp)", () => {
    const f = (z: Tensor) => np.divide(np.sin(z), np.add(np.conj(z), c(2, 1)));
    const z = np.array([c(0.3, 0.2), c(-0.4, 1.1)]);
    const t = np.array([c(1, -0.5), c(0.25, 2)]);
    const ct = np.array([c(-0.7, 0.4), c(1.5, 0.1)]);
    const [, jt] = jvp(f, [z], [t]) as [Tensor, Tensor];
    const [, pull] = vjp(f, z);
    const [vct] = pull(ct) as Tensor[];
    const pairing = (a: Tensor, b: Tensor) => np.sum(np.real(np.multiply(a, b))).item() as number;
    expect(pairing(ct, jt)).toBeCloseTo(pairing(vct, t), 13);
  });

  it("jit and vmap compute the interpreter's bits", () => {
    const f = (z: Tensor, x: Tensor) => {
      const w = np.add(np.multiply(np.sqrt(z), np.exp(np.conj(z))), x);
      const s = lax.foriLoop(0, 3, (_i: Tensor, acc: Tensor) => np.divide(np.multiply(acc, w), np.add(acc, 1)), w);
      return [np.abs(s), np.log(s)] as const;
    };
    const z = np.array([c(0.3, 0.2), c(-0.4, 1.1), c(2, -3)]);
    const x = np.array([0.5, -1, 2]);
    const [a, b] = f(z, x);
    const [ja, jb] = jit(f)(z, x);
    expectIdentical(ja, a);
    expectIdentical(jb, b);
    const g = grad((zz: Tensor) => np.sum(f(zz, x)[0]));
    expectIdentical(jit(g)(z), g(z));
    const rows = vmap((zz: Tensor) => np.abs(np.multiply(zz, zz)))(z);
    expectIdentical(jit(vmap((zz: Tensor) => np.abs(np.multiply(zz, zz))))(z), rows);
    expectIdentical(rows, np.abs(np.multiply(z, z)));
    // A complex 0-d argument and result.
    const s = np.array(c(3, 4));
    expectIdentical(jit((v: Tensor) => np.multiply(v, v))(s), np.multiply(s, s));
    expectIdentical(jit((v: Tensor) => np.abs(v))(s), np.abs(s));
  });

  it("the reductions, norms and tests that treat z as complex compile to the interpreter's bits", () => {
    const z = np.array([c(0.3, 0.2), c(-0.4, 1.1), c(2, -3), c(Infinity, 1)]);
    const finite = np.array([c(0.3, 0.2), c(-0.4, 1.1), c(2, -3)]);
    const calls: [string, (v: Tensor) => Tensor][] = [
      ["var", (v) => np.var(v)],
      ["norm", (v) => np.linalg.norm(v)],
      ["vdot", (v) => np.vdot(v, np.add(v, c(1, -1)))],
      ["isfinite", (v) => np.isfinite(v)],
      ["isinf", (v) => np.isinf(v)],
      ["isclose", (v) => np.isclose(v, np.add(v, c(1e-9, 0)))],
      ["round", (v) => np.round(np.multiply(v, 10), 1)],
      ["correlate", (v) => np.correlate(v, np.conj(v), "full")],
      ["log10", (v) => np.log10(v)],
      ["cov", (v) => np.cov(np.stack([v, np.multiply(v, v)]))],
      ["tan tanh sinh cosh", (v) => np.add(np.add(np.tan(v), np.tanh(v)), np.subtract(np.sinh(v), np.cosh(v)))],
      ["exp2 expm1 log1p", (v) => np.stack([np.exp2(v), np.expm1(v), np.log1p(v)])],
      ["pow", (v) => np.stack([np.power(v, np.conj(v)), np.power(v, 2.5), np.power(0, v)])],
      ["nan reductions", (v) => np.stack([np.nansum(v), np.nanmean(v), np.nanvar(v)])],
      ["nanToNum", (v) => np.nanToNum(np.divide(v, np.subtract(v, v)))],
      ["interp", (v) => np.interp(np.real(v), [0, 1, 2], np.array([c(1, 2), c(0, -1), c(3, 3)]))],
      ["iota", (v) => np.add(v, lax.iota("complex128", v.shape[0]))],
    ];
    for (const [name, f] of calls) for (const v of [z, finite]) expect(() => expectIdentical(jit(f)(v), f(v)), name).not.toThrow();
  });

  it("grad of the 2-norm and the variance of z is JAX's conj-weighted gradient", () => {
    // |z|₂ = sqrt(Σ x² + y²): ∂/∂x − i∂/∂y = (x − iy) / |z|₂.
    const z = np.array([c(3, 4), c(1, -2), c(0.5, 0)]);
    const n = np.linalg.norm(z).item() as number;
    const want = (z.tolist() as { re: number; im: number }[]).map(({ re, im }) => c(re / n, -im / n));
    (grad((v: Tensor) => np.linalg.norm(v))(z).tolist() as { re: number; im: number }[]).forEach((g, i) => {
      expect(g.re).toBeCloseTo(want[i].re, 14);
      expect(g.im).toBeCloseTo(want[i].im, 14);
    });
    // var = mean |z − z̄|²: 2 (x − x̄ − i(y − ȳ)) / n.
    const mean = np.mean(z).tolist() as { re: number; im: number };
    const gv = grad((v: Tensor) => np.var(v))(z).tolist() as { re: number; im: number }[];
    (z.tolist() as { re: number; im: number }[]).forEach(({ re, im }, i) => {
      expect(gv[i].re).toBeCloseTo((2 * (re - mean.re)) / 3, 14);
      expect(gv[i].im).toBeCloseTo((-2 * (im - mean.im)) / 3, 14);
    });
  });

  it("holomorphic grads of tan, tanh, sinh, cosh, exp2, expm1, log1p and pow are f′(z)", () => {
    const z0 = np.array([c(0.4, -0.3), c(1.2, 0.8)]);
    const w = c(0.5, 0.25);
    const pairs: [string, (v: Tensor) => Tensor, (v: Tensor) => Tensor][] = [
      ["tan", np.tan, (v) => np.add(1, np.square(np.tan(v)))],
      ["tanh", np.tanh, (v) => np.subtract(1, np.square(np.tanh(v)))],
      ["sinh", np.sinh, np.cosh],
      ["cosh", np.cosh, np.sinh],
      ["exp2", np.exp2, (v) => np.multiply(np.exp2(v), Math.LN2)],
      ["expm1", np.expm1, np.exp],
      ["log1p", np.log1p, (v) => np.divide(1, np.add(v, 1))],
      ["pow", (v) => np.power(v, w), (v) => np.multiply(w, np.power(v, np.subtract(w, 1)))],
    ];
    for (const [name, f, df] of pairs) {
      const g = flat(vmap(grad(f, { holomorphic: true }))(z0));
      const want = flat(df(z0));
      g.forEach((v, i) => expect(v, `${name} [${i}]`).toBeCloseTo(want[i], 13));
    }
  });

  it("log1p keeps its digits near 0 (Re log(1 + z) = x − x²/2 + y²/2 + …), where NumPy's loses them", () => {
    const [re, im] = flat(np.log1p(np.array(c(1e-10, 1e-10))));
    expect(Math.abs(re - 1e-10) / 1e-10).toBeLessThan(1e-15);
    expect(im).toBe(Math.atan2(1e-10, 1 + 1e-10));
    expect(flat(jit(np.log1p)(np.array(c(1e-10, 1e-10))))).toEqual([re, im]);
  });

  it("rounding, hypot, fabs, interp's x and bincount refuse complex input as NumPy does, with a typed error", () => {
    const z = np.array([c(1.5, 2)]);
    for (const f of [np.floor, np.ceil, np.trunc, np.fix, np.fabs, (v: Tensor) => np.hypot(v, v)]) {
      expect(() => f(z)).toThrow(DTypeError);
      expect(() => f(z)).toThrow(/complex input is not supported/);
    }
    // Complex values have no order to interpolate along, nor bins to count in.
    expect(() => np.interp(z, [0, 1], [1, 2])).toThrow(DTypeError);
    expect(() => np.interp(0.5, z, [1])).toThrow(/x and xp must be real/);
    expect(() => np.bincount(z)).toThrow(/non-negative integers, got complex128/);
    expect(np.finfo("complex64")).toEqual(np.finfo("float32"));
  });

  it("a complex program's IR validates (abstract eval through the expansions)", () => {
    const f = (x: Tensor) => np.real(np.divide(np.conj(lax.complex(x, x)), np.add(np.square(np.abs(lax.complex(x, x))), 1)));
    for (const x of [np.zeros([0]), np.array([1, -2], "float32")]) expect(checkJaxpr(makeJaxpr(f)(x))._tag).toBe("Right");
  });

  it("the compiled code works on real numbers only", () => {
    const lowered = jit((z: Tensor) => np.multiply(np.exp(z), z)).lower(np.array([c(1, 2), c(3, 4)]));
    const body = lowered.jaxpr.toString().split("\n").slice(1, -1);
    // Only the split of the input and the join of the output touch complex values.
    expect(body.filter((l) => /= (real|imag|complex) /.test(l)).map((l) => l.trim().split(" ")[2])).toEqual(["real", "imag", "complex"]);
    expect(body.filter((l) => /c128/.test(l))).toHaveLength(1);
  });

  it("refuses what has no complex meaning, naming the operation", () => {
    const z = np.array([c(1, 1)]);
    expect(() => np.maximum(z, z)).toThrow(DTypeError);
    expect(() => np.sort(z)).toThrow(/complex operands are not supported/);
    expect(() => np.less(z, z)).toThrow(/lt: complex operands are not supported/);
    expect(() => np.array(c(1, 2)).item()).toThrow(DTypeError);
    expect(() => Number(np.array(c(1, 2)))).toThrow(/complex value has none/);
    expect(() => grad((v: Tensor) => np.sum(v))(z)).toThrow(TransformError);
    expect(() => grad((v: Tensor) => np.sum(v), { holomorphic: true })(np.array([1.5]))).toThrow(/every input must be complex/);
    expect(() => jacfwd((v: Tensor) => np.abs(v))(z)).toThrow(/jacfwd needs real inputs/);
    expect(() => jacrev((v: Tensor) => np.exp(v))(z)).toThrow(/jacrev needs real outputs/);
    expect(() => lax.complex(np.array([1], "int32"), np.array([1], "int32"))).toThrow(/two real floating operands/);
    expect(() => np.array([c(1, 2)], "float32")).toThrow(/holds complex numbers/);
  });
});
