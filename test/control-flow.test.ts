import { describe, expect, it } from "vitest";
import ref from "../reference/terrain-jax.json";
import { ConcretizationError, DTypeError, ShapeError, type Tensor, TransformError, grad, jit, jvp, lax, makeJaxpr, np, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectClose, expectIdentical } from "./helpers/assert";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => np.subtract(x, np.multiply(1.5, grad(calcTime)(x))), x0);

describe("the seed's loop inside jit", () => {
  it("foriLoop over grad reproduces JAX's final point to 1e-12", () => {
    const [x1, x2] = jit(descend)(np.array([2, 17])).tolist() as number[];
    expect(rel(x1, ref.path_float64[20].x1)).toBeLessThan(1e-12);
    expect(rel(x2, ref.path_float64[20].x2)).toBeLessThan(1e-12);
  });

  it("its vmap over many start points equals the descent from each point", () => {
    const starts = np.array([[2, 17], [5, 5], [12, 1], [0, 0]]);
    const batched = jit(vmap(descend))(starts);
    expectClose(batched.slice(0), [ref.path_float64[20].x1, ref.path_float64[20].x2], 1e-12);
    for (let i = 1; i < 4; i++) expectIdentical(batched.slice(i), jit(descend)(starts.slice(i)));
  });

  it("jit emits real loops and branches, not unrolled code", () => {
    expect(jit(descend).lower(np.array([2, 17])).source).toContain("for (let it0 = 0; it0 < 20; it0++)");
    const w = jit((x: Tensor) => lax.whileLoop((y: Tensor) => np.less(y, 10), (y: Tensor) => y.mul(2), x));
    expect(w.lower(1).source).toContain("for (;;)");
    const c = jit((x: Tensor) => lax.cond(np.greater(x, 0), (y: Tensor) => y, (y: Tensor) => y.neg(), x));
    expect(c.lower(1).source).toMatch(/if \(v\d+ < 1\)/);
  });
});

describe("each primitive agrees with the unrolled JS equivalent", () => {
  it("cond ↔ if, values and gradients", () => {
    const f = (x: Tensor) => lax.cond(np.greater(x, 1), (v: Tensor) => np.sin(v).mul(v), (v: Tensor) => v.mul(v).mul(3), x);
    const g = (x: Tensor) => (x > np.array(1) ? np.sin(x).mul(x) : x.mul(x).mul(3));
    for (const x of [0.5, 2]) {
      expect(f(np.array(x)).item()).toBe(g(np.array(x)).item());
      expect(grad(f)(x)).toBe(grad(g)(x));
      expect(jit(grad(f))(x)).toBe(grad(g)(x));
      expect(jvp(f, [x], [1])[1]).toBe(jvp(g, [x], [1])[1]);
    }
  });

  it("switch clamps its index", () => {
    const branches = [(v: Tensor) => v.add(1), (v: Tensor) => v.mul(10), (v: Tensor) => v.neg()];
    expect([-3, 0, 1, 2, 9].map((k) => lax.switch(np.array(k, "int32"), branches, np.array(2)).item())).toEqual([3, 3, 20, -2, -2]);
  });

  it("foriLoop ↔ for, including grad of grad", () => {
    const f = (x: Tensor) => lax.foriLoop(0, 4, (i: Tensor, y: Tensor) => np.sin(y).mul(i.astype("float64").add(x)), x);
    const g = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 4; i++) y = np.sin(y).mul(x.add(i));
      return y;
    };
    expectClose(f(np.array(0.7)), g(np.array(0.7)), 0, 0);
    expect(grad(f)(0.7)).toBeCloseTo(grad(g)(0.7), 14);
    expect(grad(grad(f))(0.7)).toBeCloseTo(grad(grad(g))(0.7), 12);
    expect(jit(grad(grad(f)))(0.7)).toBeCloseTo(grad(grad(g))(0.7), 12);
  });

  it("scan ↔ for over rows, forward and reverse, with pytree carry and outputs", () => {
    const xs = np.array([[1, 2], [3, 4], [5, 6]]);
    const [c, ys] = lax.scan(
      (carry: { s: Tensor; n: Tensor }, x: Tensor) => [{ s: carry.s.add(x), n: carry.n.add(1) }, { sq: x.mul(x), t: carry.s }] as const,
      { s: np.zeros([2]), n: 0 },
      xs,
    );
    expectClose(c.s, [9, 12]);
    expect(c.n.item()).toBe(3);
    expectClose(ys.sq, [[1, 4], [9, 16], [25, 36]]);
    expectClose(ys.t, [[0, 0], [1, 2], [4, 6]]);
    const [cr, yr] = lax.scan((carry: Tensor, x: Tensor) => [carry.add(x), carry] as const, np.zeros([2]), xs, { reverse: true });
    expectClose(cr, [9, 12]);
    expectClose(yr, [[8, 10], [5, 6], [0, 0]]);
  });

  it("scan's gradient equals the unrolled loop's; checkpoint recomputes but agrees", () => {
    const step = (c: Tensor, x: Tensor) => [np.tanh(c.mul(x).add(x)), c.mul(c)] as const;
    const viaScan = (c0: Tensor, xs: Tensor) => {
      const [c, ys] = lax.scan(step, c0, xs);
      return c.add(np.sum(ys));
    };
    const unrolled = (c0: Tensor, xs: Tensor) => {
      let c = c0;
      let total = np.array(0);
      for (const x of xs) {
        const [nc, y] = step(c, x);
        total = total.add(y);
        c = nc;
      }
      return c.add(total);
    };
    const xs = np.array([0.3, -0.2, 0.9, 0.5]);
    const a = grad(viaScan, { argnums: [0, 1] })(0.4, xs);
    const b = grad(unrolled, { argnums: [0, 1] })(0.4, xs);
    expect(a[0]).toBeCloseTo(b[0], 14);
    expectClose(a[1], b[1], 1e-13);
    const cp = (c0: Tensor, x: Tensor) => {
      const [c, ys] = lax.scan(
        // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
        (cc: Tensor, xx: Tensor) => step(cc, xx),
        c0,
        x,
      );
      return c.add(np.sum(ys));
    };
    expectClose(jit(grad(cp, { argnums: 1 }))(0.4, xs), b[1], 1e-13);
  });

  it("whileLoop ↔ while, with forward-mode derivatives", () => {
    const f = (x: Tensor) => lax.whileLoop((y: Tensor) => np.less(y, 50), (y: Tensor) => y.mul(y).add(1), x);
    const g = (x: Tensor) => {
      let y = x;
      while ((y as unknown as number) < 50) y = y.mul(y).add(1);
      return y;
    };
    expect(f(np.array(1.5)).item()).toBe(g(np.array(1.5)).item());
    expect(jvp(f, [1.5], [1])[1]).toBe(jvp(g, [1.5], [1])[1]);
    expect(jit(f)(1.5)).toBe(g(np.array(1.5)).item());
  });
});

describe("nesting, closures and batching", () => {
  it("scan inside cond inside foriLoop", () => {
    const f = (x: Tensor) =>
      lax.foriLoop(0, 3, (i: Tensor, acc: Tensor) =>
        lax.cond(
          np.equal(i, 1),
          (a: Tensor) => lax.scan((c: Tensor, r: Tensor) => [c.add(r.mul(a)), null] as const, np.zeros([]), np.array([1, 2, 3]))[0],
          (a: Tensor) => a.add(1),
          acc,
        ),
      x);
    // i=0: x+1; i=1: 6(x+1); i=2: 6(x+1)+1
    expect(f(np.array(2)).item()).toBe(19);
    expect(jit(f)(2)).toBe(19);
    expect(grad(f)(2)).toBe(6);
    expect(jit(grad(f))(2)).toBe(6);
  });

  it("bodies close over traced values of an outer transform", () => {
    const f = (w: Tensor) => lax.foriLoop(0, 3, (_i: Tensor, y: Tensor) => y.mul(w), np.array(1));
    expect(grad(f)(2)).toBe(12);
    expectClose(vmap(f)(np.array([1, 2, 3])), [1, 8, 27], 0, 0);
    expect(jit(grad(f))(2)).toBe(12);
  });

  it("a batched predicate: cond becomes a select, while runs until every member is done", () => {
    const f = (x: Tensor) => lax.cond(np.greater(x, 0), (v: Tensor) => v.mul(2), (v: Tensor) => v.neg(), x);
    expectClose(vmap(f)(np.array([-1, 3])), [1, 6], 0, 0);
    expect(makeJaxpr(vmap(f))(np.array([-1, 3])).toString()).toContain("select_n");
    const count = (n: Tensor) => lax.whileLoop(([i]: [Tensor, Tensor]) => np.less(i, n), ([i, a]: [Tensor, Tensor]) => [i.add(1), a.mul(2)] as [Tensor, Tensor], [0, 1])[1];
    expectClose(vmap(count)(np.array([1, 4, 2])), [2, 16, 4], 0, 0);
    expectClose(jit(vmap(count))(np.array([1, 4, 2])), [2, 16, 4], 0, 0);
  });
});

describe("control-flow errors", () => {
  it("branches returning different structures, shapes or dtypes", () => {
    const x = np.ones([2]);
    expect(() => lax.cond(true, (v: Tensor) => [v, v], (v: Tensor) => [v], x)).toThrow(ShapeError);
    expect(() => lax.cond(true, (v: Tensor) => [v, v], (v: Tensor) => [v], x)).toThrow(
      /lax\.cond: the false branch has structure \[\*\], but the true branch has structure \[\*, \*\]/,
    );
    expect(() => lax.cond(true, (v: Tensor) => v.sum(), (v: Tensor) => v, x)).toThrow(/differ at leaf 0: f64\[2\] vs f64\[\]/);
    expect(() => lax.cond(true, (v: Tensor) => v.astype("float32"), (v: Tensor) => v, x)).toThrow(/f64\[2\] vs f32\[2\]/);
  });

  it("a carry whose shape or dtype changes in the body", () => {
    expect(() => lax.whileLoop((c: Tensor) => np.less(np.sum(c), 5), (c: Tensor) => np.concatenate([c, c]), np.ones([1]))).toThrow(
      /lax\.whileLoop: the initial carry and the body's result differ at \[0\]: f64\[1\] vs f64\[2\]/,
    );
    expect(() => lax.scan((c: { a: Tensor }, x: Tensor) => [{ a: c.a.astype("float32") }, x] as const, { a: np.ones([2]) }, np.ones([3]))).toThrow(
      /lax\.scan: the initial carry and the carry returned by the function differ at \.a: f64\[2\] vs f32\[2\]/,
    );
    expect(() => lax.foriLoop(0, 2, ((_i: Tensor, c: Tensor) => [c]) as never, np.ones([2]))).toThrow(/structure/);
  });

  it("non-scalar and non-boolean predicates", () => {
    expect(() => lax.cond(np.array([true, false]), (v: Tensor) => v, (v: Tensor) => v, 1)).toThrow(/lax\.cond: the predicate must be a scalar \(0-d\), got bool\[2\]\. For elementwise choices use np\.where/);
    expect(() => lax.whileLoop((c: Tensor) => c.sum(), (c: Tensor) => c, np.ones([2]))).toThrow(DTypeError);
    expect(() => lax.whileLoop((c: Tensor) => c, (c: Tensor) => c, np.array([true]))).toThrow(/one boolean scalar/);
  });

  it("scan length and shape errors", () => {
    expect(() => lax.scan((c: Tensor, x: Tensor) => [c, x] as const, 0, [np.ones([3]), np.ones([4])] as never)).toThrow(/different lengths/);
    expect(() => lax.scan((c: Tensor, x: Tensor) => [c, x] as const, 0, null)).toThrow(/pass \{ length \}/);
    expect(lax.scan((c: Tensor) => [c.add(1), null] as const, 0, null, { length: 4 })[0].item()).toBe(4);
  });

  it("reverse mode through whileLoop is refused with advice, as in JAX", () => {
    const f = (x: Tensor) => lax.whileLoop((y: Tensor) => np.less(y, 10), (y: Tensor) => y.mul(2), x);
    expect(() => grad(f)(1)).toThrow(TransformError);
    expect(() => grad(f)(1)).toThrow(/Use lax\.scan, or lax\.foriLoop with static \(number\) bounds/);
  });

  it("a JS if on a traced value inside a body points here", () => {
    expect(() => jit((x: Tensor) => (x > np.array(0) ? x : x.neg()))(1)).toThrow(ConcretizationError);
    expect(() => lax.foriLoop(0, 2, (_i: Tensor, y: Tensor) => (y > np.array(0) ? y : y.neg()), np.array(1))).toThrow(/lax\.cond/);
  });
});
