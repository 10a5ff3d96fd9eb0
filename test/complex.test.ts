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
