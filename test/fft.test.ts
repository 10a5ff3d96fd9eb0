/**
 * np.fft against NumPy's pocketfft (`reference/numpy/fft.json`, from
 * `reference/scripts/fft.py`) for lengths with and without small prime factors, then
 * reconstruction (ifft ∘ fft, irfft ∘ rfft at random shapes), derivatives (finite
 * differences, vjp as the transpose of jvp), vmap, jit bit for bit, and errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, type Tensor, grad, jit, jvp, lax, np, vjp, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { rng, uniform } from "./helpers/random";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;

const lengths = [1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 31, 64, 100, 127];
const CALLS: Record<string, (i: In) => Tensor | Tensor[]> = {
  ...Object.fromEntries(
    lengths.flatMap((n) => [
      [`fft ${n}`, ({ x }: In) => np.fft.fft(x)],
      [`ifft ${n}`, ({ x }: In) => np.fft.ifft(x)],
      [`rfft ${n}`, ({ x }: In) => np.fft.rfft(x)],
      [`irfft ${n}`, ({ x }: In) => np.fft.irfft(x, n)],
    ]),
  ),
  "fft n crop and pad": ({ x }) => [np.fft.fft(x, 6), np.fft.fft(x, 13)],
  "fft axis 0": ({ x }) => np.fft.fft(x, null, 0),
  "fft norms": ({ x }) => [np.fft.fft(x, null, -1, "ortho"), np.fft.fft(x, null, -1, "forward"), np.fft.ifft(x, null, -1, "ortho"), np.fft.ifft(x, null, -1, "forward")],
  "irfft default n": ({ x }) => np.fft.irfft(x),
  "irfft odd n, imaginary DC dropped": ({ x }) => np.fft.irfft(x, 9),
  "rfft norms": ({ x }) => [np.fft.rfft(x, null, -1, "ortho"), np.fft.rfft(x, null, -1, "forward")],
  fft2: ({ x }) => [np.fft.fft2(x), np.fft.ifft2(x)],
  "fft2 s": ({ x }) => np.fft.fft2(x, [4, 8]),
  "rfft2 irfft2": ({ x }) => [np.fft.rfft2(x), np.fft.irfft2(np.fft.rfft2(x), x.shape)],
  fftn: ({ x }) => [np.fft.fftn(x), np.fft.ifftn(x), np.fft.fftn(x, null, [0, 2])],
  "rfftn irfftn": ({ x }) => [np.fft.rfftn(x), np.fft.irfftn(np.fft.rfftn(x), x.shape), np.fft.rfftn(x, null, [1, 0])],
  "fftn 4 axes": ({ x }) => [np.fft.fftn(x), np.fft.ifftn(x)],
  "rfftn 4 axes": ({ x }) => [np.fft.rfftn(x), np.fft.irfftn(np.fft.rfftn(x), x.shape)],
  "hfft ihfft": ({ x, r }) => [np.fft.hfft(x), np.fft.hfft(x, 7), np.fft.ihfft(r)],
  "fftfreq rfftfreq": () => [np.fft.fftfreq(8), np.fft.fftfreq(7, 0.1), np.fft.rfftfreq(8), np.fft.rfftfreq(9, 2.5)],
  "fftshift ifftshift": ({ x }) => [np.fft.fftshift(x), np.fft.ifftshift(x), np.fft.fftshift(x, 1), np.fft.ifftshift(np.fft.fftshift(x))],
};

/** Within 1e-12 of the largest magnitude in the result (a transform's error is norm-wise). */
function close(got: Tensor, want: Arr, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  expect(got.dtype, what).toBe(want.dtype);
  const w = want.data.map(num);
  const scale = Math.max(1, ...w.map(Math.abs));
  flat(got).forEach((v, i) => {
    if (!(Math.abs(v - w[i]) <= 1e-12 * scale)) expect.fail(`${what} [${i}]: ${v} vs ${w[i]}`);
  });
}

referenceSuite("np.fft against NumPy", loadCases("fft.json"), CALLS, (got, want, what) => close(got, want, what));

const randn = (shape: number[], seed: number) => uniform(rng(seed), shape, -1, 1);
const maxAbsDiff = (a: Tensor, b: Tensor) => {
  const fb = flat(b);
  return flat(a).reduce((m, v, i) => Math.max(m, Math.abs(v - fb[i])), 0);
};

describe("np.fft", () => {
  it("ifft(fft(x)) and irfft(rfft(x)) reconstruct x at 1000 random shapes", () => {
    const r = rng(5);
    for (let k = 0; k < 1000; k++) {
      const nd = 1 + Math.floor(r() * 3);
      const shape = Array.from({ length: nd }, () => 1 + Math.floor(r() * (nd === 3 ? 12 : 40)));
      const x = randn(shape, 100 + k);
      const z = lax.complex(x, randn(shape, 1000 + k));
      const scale = Math.sqrt(shape.reduce((a, b) => a * b, 1));
      expect(maxAbsDiff(np.fft.ifftn(np.fft.fftn(z)), z), `fftn ${shape}`).toBeLessThan(1e-14 * scale * 10);
      expect(maxAbsDiff(np.fft.irfftn(np.fft.rfftn(x), x.shape), x), `rfftn ${shape}`).toBeLessThan(1e-14 * scale * 10);
    }
  });

  it("Parseval: the energy of a signal is its spectrum's over n", () => {
    const x = randn([1000], 3);
    const energy = np.sum(np.square(x)).item() as number;
    const spectrum = np.sum(np.square(np.abs(np.fft.fft(x)))).item() as number;
    expect(spectrum / 1000).toBeCloseTo(energy, 10);
  });

  it("derivatives: finite differences and vjp as the transpose of jvp, for each kind", () => {
    const kinds: [string, (x: Tensor) => Tensor, number[]][] = [
      ["fft", (x) => np.fft.fft(lax.complex(x, np.flip(x))), [6]],
      ["ifft", (x) => np.fft.ifft(lax.complex(np.sin(x), x)), [5]],
      ["rfft", (x) => np.fft.rfft(x), [7]],
      ["rfft even", (x) => np.fft.rfft(x), [8]],
      ["irfft odd", (x) => np.fft.irfft(lax.complex(x, np.cos(x)), 7), [4]],
      ["irfft even", (x) => np.fft.irfft(lax.complex(x, np.cos(x)), 6), [4]],
      ["rfft2", (x) => np.fft.rfft2(x), [3, 4]],
      ["irfft2", (x) => np.fft.irfft2(lax.complex(x, np.square(x)), [3, 4]), [3, 3]],
    ];
    for (const [name, f, shape] of kinds) {
      const x = randn(shape, 9);
      // A real scalar loss of the complex or real output.
      const loss = (v: Tensor) => {
        const y = f(v);
        return np.sum(np.multiply(np.abs(np.add(y, 0.5)), np.arange(y.size).reshape(y.shape).add(1)));
      };
      const g = flat(grad(loss)(x));
      const h = 1e-6;
      flat(x).forEach((_, i) => {
        const e = np.zeros([x.size]).at(i).set(h).reshape(shape);
        const fd = ((loss(np.add(x, e)).item() as number) - (loss(np.subtract(x, e)).item() as number)) / (2 * h);
        expect(g[i], `${name} [${i}]`).toBeCloseTo(fd, 5);
      });
      // ⟨ct, J t⟩ = ⟨Jᵀ ct, t⟩ with the pairing Re(a · b).
      const t = randn(shape, 10);
      const [y, jt] = jvp(f, [x], [t]) as [Tensor, Tensor];
      const ct = np.add(np.multiply(np.ones(y.shape, y.dtype), 0.3), np.arange(y.size).reshape(y.shape));
      const [vct] = vjp(f, x)[1](ct) as Tensor[];
      const pair = (a: Tensor, b: Tensor) => np.sum(np.real(np.multiply(a, b))).item() as number;
      expect(pair(ct, jt), name).toBeCloseTo(pair(vct, t), 10);
    }
  });

  it("jit and vmap agree with the interpreter bit for bit", () => {
    const x = randn([4, 12], 21);
    const f = (v: Tensor) => np.abs(np.fft.rfft(np.multiply(v, np.hanning(12))));
    expectIdentical(jit(f)(x), f(x));
    expectIdentical(vmap(f)(x), f(x));
    expectIdentical(jit(vmap(f))(x), f(x));
    const g = grad((v: Tensor) => np.sum(np.square(f(v))));
    expectIdentical(jit(g)(x), g(x));
    const spectrum = (v: Tensor) => np.fft.fftshift(np.fft.fft2(lax.complex(v, np.flip(v, 0))));
    expectIdentical(jit(spectrum)(x), spectrum(x));
  });

  it("float32 input gives complex64, computed in float64 and rounded once", () => {
    const x = np.array([0.1, 0.2, 0.3, 0.7], "float32");
    const y = np.fft.rfft(x);
    expect(y.dtype).toBe("complex64");
    const wide = flat(np.fft.rfft(x.astype("float64")));
    expect(flat(y)).toEqual(wide.map(Math.fround));
  });

  it("errors name the transform and what to do", () => {
    expect(() => np.fft.rfft(np.array([{ re: 1, im: 1 }]))).toThrow(DTypeError);
    expect(() => np.fft.fft([1, 2], 0)).toThrow(/invalid number of data points 0/);
    expect(() => np.fft.fft([1, 2], null, 3)).toThrow(ArgumentError);
    expect(() => np.fft.fft2(np.ones([2, 2]), null, [0, 0])).toThrow(/axes must be distinct/);
    expect(() => np.fft.fft([1, 2], null, -1, "sideways" as never)).toThrow(/norm must be/);
    expect(() => lax.fft(np.ones([4]), "FFT", [4])).toThrow(/FFT expects a complex operand/);
    expect(() => lax.fft(np.ones([4], "complex128"), "IRFFT", [4])).toThrow(ShapeError);
    expect(() => np.fft.fftfreq(0)).toThrow(/n must be a positive integer/);
  });
});
