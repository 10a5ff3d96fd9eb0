import { describe, expect, it } from "vitest";
import ref from "../reference/terrain-jax.json";
import { ArgumentError, type Tensor, TransformError, evalJaxpr, grad, makeJaxpr, np, stopGradient, valueAndGrad, vjp } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectClose } from "./helpers/assert";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("grad on the seed problem (numbers in, numbers out, no jit)", () => {
  it("matches JAX's gradient at the start point to 1e-12", () => {
    const g = grad(calcTime)([2, 17]);
    expect(typeof g[0]).toBe("number");
    expect(rel(g[0], ref.grad_at_start_float64[0])).toBeLessThan(1e-12);
    expect(rel(g[1], ref.grad_at_start_float64[1])).toBeLessThan(1e-12);
  });

  it("the 20-step descent reproduces JAX's float64 path to 1e-12", () => {
    const dTime = grad(calcTime);
    let [x1, x2] = [2, 17];
    for (let i = 0; i < 20; i++) {
      const [dx1, dx2] = dTime([x1, x2]);
      x1 -= 1.5 * dx1;
      x2 -= 1.5 * dx2;
      const want = ref.path_float64[i + 1];
      expect(rel(x1, want.x1)).toBeLessThan(1e-12);
      expect(rel(x2, want.x2)).toBeLessThan(1e-12);
      expect(rel(calcTime(np.array([x1, x2])).item() as number, want.t)).toBeLessThan(1e-12);
    }
  });

  it("a Tensor argument gives a Tensor gradient of its shape", () => {
    const g = grad(calcTime)(np.array([2, 17]));
    expect(g.shape).toEqual([2]);
    expectClose(g, ref.grad_at_start_float64, 1e-12);
  });
});

describe("grad options and structure", () => {
  const f = (x: Tensor, y: Tensor) => x.mul(y).add(np.sin(x));

  it("argnums picks arguments; a list gives a tuple", () => {
    expect(grad(f)(2, 3)).toBeCloseTo(3 + Math.cos(2), 14);
    expect(grad(f, { argnums: 1 })(2, 3)).toBe(2);
    const [gx, gy] = grad(f, { argnums: [0, 1] })(2, 3);
    expect(gx).toBeCloseTo(3 + Math.cos(2), 14);
    expect(gy).toBe(2);
    expect(grad(f, { argnums: -1 })(2, 3)).toBe(2);
    expect(() => grad(f, { argnums: 2 })(2, 3)).toThrow(/argnums 2 refers to argument 2, but the function was called with 2 argument\(s\)/);
  });

  it("gradients keep the argument's pytree structure", () => {
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => np.sum(np.square(p.w.mul(x).add(p.b)));
    const g = grad(loss)({ w: np.array([1, 2]), b: 0.5 }, np.array([3, 4]));
    expect(Object.keys(g).sort()).toEqual(["b", "w"]);
    expectClose(g.w, [2 * 3.5 * 3, 2 * 8.5 * 4]);
    expect(typeof g.b).toBe("number");
    expect(g.b).toBeCloseTo(2 * 3.5 + 2 * 8.5, 12);
  });

  it("hasAux returns the auxiliary value without differentiating it", () => {
    const [g, aux] = grad((x: Tensor) => [x.mul(x), { twice: x.mul(2) }] as const, { hasAux: true })(3);
    expect(g).toBe(6);
    expect(aux.twice).toBe(6);
    const [, auxT] = grad((x: Tensor) => [x.sum(), { twice: x.mul(2) }] as const, { hasAux: true })(np.array([1, 2]));
    expect(auxT.twice.tolist()).toEqual([2, 4]);
    expect(() => grad((x: Tensor) => x, { hasAux: true })(1)).toThrow(/return a pair \[value, aux\]/);
  });

  it("valueAndGrad", () => {
    const [v, g] = valueAndGrad(calcTime)([2, 17]);
    expect(v).toBe(ref.path_float64[0].t);
    expect(g[1]).toBeCloseTo(ref.grad_at_start_float64[1], 12);
    const [[v2, aux], g2] = valueAndGrad((x: Tensor) => [x.mul(x), x] as const, { hasAux: true })(3);
    expect(v2).toBe(9);
    expect(g2).toBe(6);
    expect(aux).toBeDefined();
  });

  it("stopGradient cuts the derivative", () => {
    expect(grad((x: Tensor) => x.mul(stopGradient(x)))(3)).toBe(3);
  });

  it("JS control flow on values works under grad (primals are concrete)", () => {
    const piecewise = (x: Tensor) => (x > np.array(0) ? x.mul(x) : x.neg());
    expect(grad(piecewise)(3)).toBe(6);
    expect(grad(piecewise)(-3)).toBe(-1);
    let loops = 0;
    const iterated = (x: Tensor) => {
      let y = x;
      while ((y as unknown as number) < 100) {
        y = y.mul(2);
        loops++;
      }
      return y;
    };
    expect(grad(iterated)(3)).toBe(64);
    expect(loops).toBe(6);
  });

  it("makeJaxpr(grad(f)) is a gradient program the interpreter runs", () => {
    const closed = makeJaxpr(grad(calcTime))(np.array([2, 17]));
    expect(closed.toString()).toContain("add_any");
    const [g] = evalJaxpr(closed, np.array([2, 17]));
    expectClose(g, ref.grad_at_start_float64, 1e-12);
  });
});

describe("non-differentiable points follow JAX", () => {
  it("abs at 0 has derivative 1; sqrt at 0 is inf", () => {
    expect(grad((x: Tensor) => np.abs(x))(0)).toBe(1);
    expect(grad((x: Tensor) => np.abs(x))(-0)).toBe(1);
    expect(grad((x: Tensor) => np.sqrt(x))(0)).toBe(Infinity);
  });

  it("maximum/minimum split ties evenly, reduce_max shares among tied maxima", () => {
    expect(grad((x: Tensor) => np.maximum(x, 1))(1)).toBe(0.5);
    expect(grad((x: Tensor) => np.minimum(x, x))(2)).toBe(1);
    expectClose(grad((x: Tensor) => np.max(x))(np.array([3, 1, 3])), [0.5, 0, 0.5]);
  });

  it("relu's kink: maximum(x, 0) at 0 gives 0.5 (use np.where for a one-sided choice)", () => {
    expect(grad((x: Tensor) => np.maximum(x, 0))(0)).toBe(0.5);
    expect(grad((x: Tensor) => np.where(np.greater(x, 0), x, 0))(0)).toBe(0);
  });
});

describe("grad errors", () => {
  it("non-scalar output names the shape and suggests jacrev/vjp", () => {
    expect(() => grad((x: Tensor) => x.mul(2))(np.ones([3]))).toThrow(TransformError);
    expect(() => grad((x: Tensor) => x.mul(2))(np.ones([3]))).toThrow(/returned f64\[3\].*jacrev.*vjp/);
    expect(() => grad((x: Tensor) => [x, x])(1)).toThrow(/must return a single scalar/);
  });

  it("integer and boolean inputs are refused, as JAX does", () => {
    expect(() => grad((x: Tensor) => x.sum().astype("float64"))(np.array([1, 2], "int32"))).toThrow(TransformError);
    expect(() => grad((x: Tensor) => x.sum().astype("float64"))(np.array([1, 2], "int32"))).toThrow(/argument 0 has dtype int32 \(i32\[2\]\)/);
    expect(() => grad((x: Tensor) => x.astype("float64"))(true)).toThrow(/dtype bool/);
    expect(() => grad((x: Tensor) => x.astype("int32"))(1.5)).toThrow(/Only floating outputs/);
  });

  it("vjp checks the cotangent's structure and shape", () => {
    const [, pullback] = vjp((x: Tensor) => [x, x.mul(2)], np.ones([2]));
    expect(() => pullback(np.ones([2]))).toThrow(ArgumentError);
    expect(() => pullback([np.ones([2]), np.ones([3])])).toThrow(/cotangent at \[1\] has shape f64\[3\], the output f64\[2\]/);
    const [g] = pullback([np.ones([2]), np.ones([2])]) as [Tensor];
    expectClose(g, [3, 3]);
  });
});
