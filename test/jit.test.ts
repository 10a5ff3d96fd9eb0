import { afterEach, describe, expect, it, vi } from "vitest";
import ref from "../reference/terrain-jax.json";
import { ArgumentError, type Tensor, grad, jit, jvp, lax, nn, np, vmap } from "../src";
import { calcTime } from "../examples/terrain/terrain";
import { expectClose, expectIdentical } from "./helpers/assert";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("jit on the seed problem", () => {
  it("jit(grad(calcTime)) reproduces JAX's float64 path to 1e-12 (numbers in, numbers out)", () => {
    const dTime = jit(grad(calcTime));
    let [x1, x2] = [2, 17];
    for (let i = 0; i < 20; i++) {
      const [dx1, dx2] = dTime([x1, x2]);
      expect(typeof dx1).toBe("number");
      x1 -= 1.5 * dx1;
      x2 -= 1.5 * dx2;
      expect(rel(x1, ref.path_float64[i + 1].x1)).toBeLessThan(1e-12);
      expect(rel(x2, ref.path_float64[i + 1].x2)).toBeLessThan(1e-12);
    }
  });

  it("agrees bit for bit with the uncompiled gradient", () => {
    const g = grad(calcTime);
    const jg = jit(g);
    for (const p of [[2, 17], [0, 0], [-3.5, 1e6], [NaN, 1]] as [number, number][]) {
      const a = g(p);
      const b = jg(p);
      expect(Object.is(a[0], b[0]) || (Number.isNaN(a[0]) && Number.isNaN(b[0]))).toBe(true);
      expect(Object.is(a[1], b[1]) || (Number.isNaN(a[1]) && Number.isNaN(b[1]))).toBe(true);
    }
  });

  it("works with a Tensor input too", () => {
    expectClose(jit(grad(calcTime))(np.array([2, 17])), ref.grad_at_start_float64, 1e-12);
    expect(jit(calcTime)(np.array([2, 17])).item()).toBe(ref.path_float64[0].t);
  });
});

describe("jit caching and signatures", () => {
  it("traces once per signature; a new shape or dtype retraces", () => {
    let traces = 0;
    const f = jit((x: Tensor) => {
      traces++;
      return x.mul(2);
    });
    f(np.ones([3]));
    f(np.zeros([3]));
    expect(traces).toBe(1);
    f(np.ones([4]));
    expect(traces).toBe(2);
    f(np.ones([3], "float32"));
    expect(traces).toBe(3);
    f(np.ones([3]));
    expect(traces).toBe(3);
    f(2);
    f(3);
    expect(traces).toBe(4);
  });

  it("an entry that remembers the last aval it accepted still checks every other one", () => {
    const f = jit((x: Tensor) => x.mul(2));
    let x = np.array([1, 2]);
    for (let i = 0; i < 3; i++) x = f(x); // its own result fed back: the remembered aval
    expect(x.tolist()).toEqual([8, 16]);
    // Same shape from elsewhere, then another shape, another dtype, a 2-D array of as many
    // elements, and back: each is checked in full against the entry compiled for it.
    const cases = [np.array([3, 4]), np.array([1, 2, 3]), np.array([1, 2], "float32"), np.ones([1, 2]), np.ones([2, 1]), x, np.array([5, 6])];
    for (const c of cases) {
      const y = f(c);
      expect([y.shape, y.dtype]).toEqual([c.shape, c.dtype]);
      expect(y.tolist()).toEqual(c.mul(2).tolist());
    }
  });

  it("the cache is keyed by the function: jit(f)(x) inline in a loop traces once, as in JAX", () => {
    let traces = 0;
    const f = (x: Tensor) => {
      traces++;
      return x.mul(2);
    };
    for (let i = 0; i < 5; i++) expect(jit(f)(np.array([i])).tolist()).toEqual([2 * i]);
    expect(traces).toBe(1);
    // Different static argnums are a different cache; a new function is a new cache.
    const g = (x: Tensor, k: number) => {
      traces++;
      return x.mul(k);
    };
    expect(jit(g, { staticArgnums: 1 })(np.array([1]), 3).tolist()).toEqual([3]);
    expect(jit(g, { staticArgnums: [1] })(np.array([1]), 3).tolist()).toEqual([3]);
    expect(traces).toBe(2);
    expect(jit(g)(np.array([1]), 3).tolist()).toEqual([3]);
    expect(traces).toBe(3);
    expect(jit((x: Tensor) => f(x))(np.array([1])).tolist()).toEqual([2]);
    expect(traces).toBe(4);
  });

  it("jit of a non-function is refused at once", () => {
    expect(() => jit(5 as never)).toThrow(ArgumentError);
    expect(() => jit(5 as never)).toThrow(/jit: expects a function, got 5; write jit\(\(x\) => \.\.\.\)/);
  });

  it("the trace cache is bounded (least recently used signatures are evicted)", () => {
    let traces = 0;
    const f = jit((x: Tensor) => {
      traces++;
      return x.sum();
    });
    for (let n = 1; n <= 100; n++) f(np.ones([n]));
    expect(traces).toBe(100);
    f(np.ones([100]));
    expect(traces).toBe(100);
    f(np.ones([1]));
    expect(traces).toBe(101);
  });

  it("static arguments are passed unchanged and keyed by value", () => {
    let traces = 0;
    const f = jit(
      (x: Tensor, n: number, mode: string) => {
        traces++;
        return mode === "pow" ? np.power(x, n) : x.mul(n);
      },
      { staticArgnums: [1, 2] },
    );
    expect(f(2, 3, "pow")).toBe(8);
    expect(f(2, 3, "mul")).toBe(6);
    expect(f(5, 3, "pow")).toBe(125);
    expect(traces).toBe(2);
  });

  it("pytrees in and out: objects, nested arrays, typed arrays, null", () => {
    const f = jit((p: { w: Tensor; b: Tensor }, xs: Tensor[]) => ({ y: p.w.mul(xs[0]).add(p.b), rest: [xs[1], null] as const }));
    const r = f({ w: np.array([1, 2]), b: 3 }, [np.array([4, 5]), np.array([6])]);
    expect(r.y.tolist()).toEqual([7, 13]);
    expect(r.rest[0].tolist()).toEqual([6]);
    expect(r.rest[1]).toBeNull();
    const g = jit((x: Tensor) => x.sum());
    expect(g(new Float64Array([1, 2, 3]))).toBeInstanceOf(Object);
    expect((g(new Float64Array([1, 2, 3])) as Tensor).item()).toBe(6);
  });

  it("results are fresh arrays, never scratch storage shared between calls", () => {
    const f = jit((x: Tensor) => np.transpose(np.exp(x)));
    const a = f(np.ones([2, 3]));
    const b = f(np.zeros([2, 3]));
    expect(a.toTypedArray()[0]).toBeCloseTo(Math.E, 15);
    expect(b.toTypedArray()[0]).toBe(1);
  });

  it("carries nothing reads are dropped from loops (a foriLoop counter the body never uses)", () => {
    const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => np.subtract(x, np.multiply(1.5, grad(calcTime)(x))), x0);
    const text = jit(descend).lower(np.array([2, 17])).jaxpr.toString();
    expect(text).not.toContain(":i32[]");
    // A carry that only a live carry's update reads stays; its result is still right.
    const f = (x: Tensor) =>
      lax.foriLoop(0, 5, (i: Tensor, [a, b, unused]: Tensor[]) => [np.add(a, b), np.add(b, i.astype("float64")), np.multiply(unused, 2)], [x, np.zeros([]), x])[0];
    const low = jit(f).lower(np.array(1.5));
    const scan = low.jaxpr.jaxpr.eqns.find((e) => e.prim === "scan");
    expect(scan && scan.prim === "scan" ? scan.params.num_carry : -1).toBe(3); // counter, a, b — not `unused`
    expectIdentical(jit(f)(np.array(1.5)) as Tensor, f(np.array(1.5)) as Tensor);
  });

  it("a negation feeding an add or a sub becomes a sub or an add, with the interpreter's bits at signed zeros, infinities and NaN", () => {
    // The gradient of calcTime negates the third term's derivative once and adds it to both others.
    const source = jit(grad(calcTime)).lower(np.array([2, 17])).source;
    expect(source).not.toMatch(/\(-v\d+\)/);
    expect(source.match(/ - v\d+\)/g)?.length).toBeGreaterThanOrEqual(2);
    const special = [0, -0, 1, -2.5, Infinity, -Infinity, NaN];
    const x = np.array(special.flatMap((a) => special.map(() => a)));
    const y = np.array(special.flatMap(() => special));
    const forms = (a: Tensor, b: Tensor) => [np.add(a, np.negative(b)), np.add(np.negative(a), b), np.subtract(a, np.negative(b))];
    const compiled = jit(forms)(x, y);
    expect(jit(forms).lower(x, y).source).not.toContain("(-");
    forms(x, y).forEach((want, i) => expectIdentical(compiled[i], want));
  });

  it("the gradient of unpacked elements adds each padding zero once (the one that turns -0 into +0), with the interpreter's bits", () => {
    const f = (x: Tensor) => {
      const [a, b, c, d, e, g] = x;
      return a.mul(b).add(np.sin(c)).add(d.mul(a)).sub(e.mul(e)).add(np.exp(g));
    };
    const source = jit(grad(f)).lower(np.ones([6])).source;
    const zeroAdds = source.match(/\(0 \+ v\d+\)|\(v\d+ \+ 0\)/g) ?? [];
    expect(zeroAdds.length).toBeGreaterThan(0);
    expect(zeroAdds.length).toBeLessThanOrEqual(6); // not 5 per element
    expect(new Set(zeroAdds.map((z) => z.match(/v\d+/)?.[0])).size).toBe(zeroAdds.length); // x + 0 and 0 + x are one value
    for (const x of [np.array([-0, -0, 0, -0, -0, -Infinity]), np.array([-0, 1, 0, 2, 0, 1]), np.array([NaN, -0, 3, -0, -0, 0]), np.arange(6).astype("float64")]) {
      expectIdentical(jit(grad(f))(x), grad(f)(x));
    }
    // Integers have no -0: x + 0 is x.
    expect(jit((i: Tensor) => np.add(i, 0)).lower(np.array([1, 2], "int32")).source).not.toMatch(/\+ 0/);
  });

  it("generated code carries no waste: hoisted invariant loads, no one-trip batch loop, no output copy, no counter alias", () => {
    // logsumexp over rows: the row's maximum is read once per row, before the inner loop.
    const lse = jit((x: Tensor) => nn.logsumexp(x, 1));
    const source = lse.lower(np.ones([64, 50])).source;
    const inner = [...source.matchAll(/for \(let i1 = 0; i1 < 50; i1\+\+\) \{\n([\s\S]*?)\n\s*\}/g)].map((m) => m[1]);
    expect(inner).toHaveLength(2); // the max pass and the sum of exponentials
    for (const body of inner) expect(body.match(/\bconst x\d+ = /g)).toHaveLength(1);
    const x = np.sin(np.arange(64 * 50)).mul(30).reshape([64, 50]);
    expectIdentical(lse(x), nn.logsumexp(x, 1));
    // A product without batch axes has no batch loop.
    expect(jit((a: Tensor, b: Tensor) => np.matmul(a, b)).lower(np.ones([20, 7]), np.ones([7, 3])).source).not.toContain("bi <");
    // An output that is a reshape of a loop's value is that loop's own fresh storage.
    const reshaped = jit((t: Tensor) => np.reshape(np.sin(t).add(1), [60, 2])).lower(np.ones([30, 4])).source;
    expect(reshaped.match(/new Float64Array\(|PA\d+\(/g)).toHaveLength(1); // one allocation: own or from a slab (core/storage.ts)
    expect(reshaped).not.toMatch(/const s\d+ =/);
    // An outer product (a contraction of one) has no loop over the contraction.
    const outer = jit((a: Tensor, b: Tensor) => np.matmul(a, b)).lower(np.ones([9, 1]), np.ones([1, 7])).source;
    expect(outer).not.toContain("kk");
    expectIdentical(jit((a: Tensor, b: Tensor) => np.matmul(a, b))(np.arange(9).reshape([9, 1]), np.arange(7).reshape([1, 7])), np.matmul(np.arange(9).reshape([9, 1]), np.arange(7).reshape([1, 7])));
    // A forward loop indexes rows by its counter.
    expect(jit((t: Tensor) => lax.scan((c: Tensor, r: Tensor) => [c.add(r), c] as const, np.zeros([4]), t)[1]).lower(np.ones([5, 4])).source).not.toContain("const ix");
  });

  it("an edge pad is read in place by the loop that consumes it: the gradient of slices adds, with the interpreter's bits", () => {
    // Forward differences: their gradient is a sum of padded (transposed) slices.
    const smooth = (y: Tensor) => np.sum(np.square(np.subtract(y.slice([1, null]), y.slice([0, -1])))).add(np.sum(np.square(np.subtract(y.slice([], [1, null]), y.slice([], [0, -1])))));
    const y = np.sin(np.arange(7 * 9 * 2)).reshape([7, 9, 2]);
    const g = jit(grad(smooth));
    const source = g.lower(y).source;
    expect(source).not.toContain(".fill(");
    // The scaled, negated cotangent feeding a pad is computed inside it, only where the pad reads its operand.
    expect(source).toMatch(/if \(i0 < 6\) \{[^}]*= \(-t\d+\);/);
    // A stored operand is a guarded load.
    expect(jit((a: Tensor) => np.sin(lax.pad(a, np.array(0), [[1, 0, 0]]))).lower(np.ones([40])).source).toMatch(/const t\d+ = \(i0 >= 1\) \? b0\[q0_0\] : 0;/);
    expectIdentical(g(y), grad(smooth)(y));
    // A padding value, a size-1 axis padded and not, an empty operand axis, int32 and bool.
    const cases: [Tensor, Tensor, [number, number, 0][]][] = [
      [np.arange(12).reshape([3, 4]).astype("float32"), np.array(-2.5, "float32"), [[1, 2, 0], [0, 3, 0]]],
      [np.arange(5).reshape([1, 5]).astype("int32"), np.array(7, "int32"), [[0, 0, 0], [2, 1, 0]]],
      [np.ones([1, 3]), np.array(NaN), [[1, 0, 0], [0, 0, 0]]],
      [np.ones([0, 3]), np.array(4), [[1, 1, 0], [1, 0, 0]]],
      [np.greater(np.arange(6).reshape([2, 3]), 2), np.array(true), [[0, 1, 0], [1, 1, 0]]],
    ];
    for (const [x, v, cfg] of cases) {
      const f = (a: Tensor, b: Tensor) => np.add(lax.pad(a, b, cfg), lax.pad(a, b, cfg));
      expectIdentical(jit(f)(x, v), f(x, v));
      expectIdentical(jit((a: Tensor, b: Tensor) => lax.pad(a, b, cfg))(x, v), lax.pad(x, v, cfg));
    }
  });

  it("a gather of single elements is read in the loop that computes its indices: a bilinear sample is one loop, with the interpreter's bits", () => {
    // The warp example's sample: four taken neighbours at indices computed from coordinates.
    const img = np.sin(np.arange(6 * 7)).reshape([6, 7]);
    const sample = (img: Tensor, u: Tensor, v: Tensor) => {
      const x0 = np.clip(np.floor(u), 0, 5);
      const y0 = np.clip(np.floor(v), 0, 4);
      const [fx, fy] = [np.subtract(u, x0), np.subtract(v, y0)];
      const at = (dx: number, dy: number) => np.take(img.reshape([42]), np.add(np.multiply(np.add(y0, dy), 7), np.add(x0, dx)).astype("int32"), 0, { mode: "clip" });
      const top = np.add(np.multiply(at(0, 0), np.subtract(1, fx)), np.multiply(at(1, 0), fx));
      const bottom = np.add(np.multiply(at(0, 1), np.subtract(1, fx)), np.multiply(at(1, 1), fx));
      return np.add(np.multiply(top, np.subtract(1, fy)), np.multiply(bottom, fy));
    };
    const u = np.add(np.multiply(np.sin(np.arange(30)), 3.9), 3).reshape([5, 6]);
    const v = np.add(np.multiply(np.cos(np.arange(30)), 3.2), 2.5).reshape([5, 6]);
    const f = (u: Tensor, v: Tensor) => np.sum(np.square(sample(img, u, v)));
    const source = jit(f).lower(u, v).source;
    // One loop over the 30 samples: the four reads are clamped loads in it, and no index array is stored.
    expect(source.match(/for \(/g)).toHaveLength(1);
    expect(source.match(/ = C\d+\[g\d+\];/g)).toHaveLength(4);
    expectIdentical(jit(f)(u, v), f(u, v));
    const [gu, gv] = jit(grad(f, { argnums: [0, 1] }))(u, v);
    const [wu, wv] = grad(f, { argnums: [0, 1] })(u, v);
    expectIdentical(gu, wu);
    expectIdentical(gv, wv);
    // Out of range: clipped or filled, for each dtype; a 2-D operand read at stored (i, j) pairs; NaN indices.
    const ix = np.array([-3, 0, 2, 5, 40, 7, 1, 6], "int32");
    for (const x of [np.arange(7).astype("float32"), np.arange(7).astype("int32"), np.greater(np.arange(7), 3), np.array([1, -0, NaN, Infinity, -2, 3, 0.5])]) {
      for (const mode of ["clip", "fill"] as const) {
        const g = (a: Tensor, i: Tensor) => np.take(a, np.add(i, 1), 0, { mode });
        expectIdentical(jit(g)(x, ix), g(x, ix));
      }
    }
    const m = np.arange(20).reshape([4, 5]);
    const pairs = (a: Tensor, i: Tensor) => a.slice(np.clip(i, 0, 3), np.clip(np.add(i, 2), 0, 4));
    // Each entry of the stored (i, j) pairs is read at its own stride in the gather's loop.
    expect(jit(pairs).lower(m, ix).source).toMatch(/let gs\d+ = s\d+\[q0_0\];[\s\S]*let gs\d+ = s\d+\[q1_0\];/);
    expectIdentical(jit(pairs)(m, ix), pairs(m, ix));
    // Its operand computed after the loop of its indices (a broadcast of a sum): the gather starts a loop of its own.
    const late = (t: Tensor) => np.take(np.broadcastTo(np.sum(t).add(1), [40]), np.floor(np.abs(t)).astype("int32"), 0, { mode: "clip" });
    const tt = np.sin(np.arange(40)).mul(30);
    expectIdentical(jit(late)(tt), late(tt));
    const fromFloat = (a: Tensor, t: Tensor) => np.take(a, np.floor(t).astype("int32"), 0, { mode: "fill" });
    const t = np.array([NaN, 2.5, -Infinity, 6.9, 3]);
    expectIdentical(jit(fromFloat)(np.arange(7).astype("float64"), t), fromFloat(np.arange(7).astype("float64"), t));
  });

  it("a 0-d value of a loop's reduction is computed after the loop, which stays open for members that do not read it", () => {
    const x = np.sin(np.arange(40)).reshape([8, 5]);
    // The sum's scaling does not end the loop: the cosine joins it.
    const independent = (t: Tensor) => [np.sum(np.square(t)).div(3).add(1), np.cos(t)];
    const one = jit(independent).lower(x).source;
    expect(one.match(/for \(/g)).toHaveLength(1);
    const [a, b] = jit(independent)(x);
    const [wa, wb] = independent(x);
    expectIdentical(a, wa);
    expectIdentical(b, wb);
    // A member reading it must wait for the whole reduction: a second loop.
    const centred = (t: Tensor) => np.subtract(t, np.mean(t)).mul(np.sum(t).add(1));
    expect(jit(centred).lower(x).source.match(/for \(/g)).toHaveLength(2);
    expectIdentical(jit(centred)(x), centred(x));
    // The gradient of a loss summed from several reductions is one backward loop, as the warp example's.
    const loss = (t: Tensor) => np.sum(np.square(t)).div(np.sum(np.abs(t)).add(1)).add(np.sum(np.sin(t)).mul(2));
    expectIdentical(jit(grad(loss))(x), grad(loss)(x));
  });

  it("two outputs viewing one value get storage of their own", () => {
    const f = jit((t: Tensor) => {
      const y = np.sin(t).add(1);
      return [np.reshape(y, [60, 2]), np.reshape(y, [120])];
    });
    const [a, b] = f(np.ones([30, 4])) as Tensor[];
    // Small results may share a slab (core/storage.ts), never a byte (toTypedArray() copies, so look at the storage).
    const storage = (t: Tensor) => (t as unknown as { data: Float64Array }).data;
    const [x, y] = [storage(a), storage(b)];
    const disjoint = x.buffer !== y.buffer || x.byteOffset + x.byteLength <= y.byteOffset || y.byteOffset + y.byteLength <= x.byteOffset;
    expect(disjoint).toBe(true);
    expectIdentical(b, np.reshape(np.sin(np.ones([30, 4])).add(1), [120]));
  });

  it("lower() shows the optimized IR and the generated source", () => {
    const low = jit(grad(calcTime)).lower([2, 17]);
    expect(low.interpreted).toBe(false);
    expect(low.jaxpr.toString()).not.toContain("mul 1.0:f64[]");
    expect(low.source).toContain("Math.sqrt");
    expect(low.source).toContain("return [");
    expect(String(low)).toContain("lambda");
  });
});

describe("jit composes with the transforms", () => {
  const f = (x: Tensor) => np.sum(np.sin(x).mul(x));
  const x = np.array([0.1, 0.7, 1.3]);

  it("grad(jit(f)), vmap(jit(f)), jvp(jit(f))", () => {
    expectIdentical(grad(jit(f))(x), grad(f)(x));
    expectIdentical(vmap(jit((v: Tensor) => v.mul(v)))(x), x.mul(x));
    const [, t] = jvp(jit(f), [x], [np.ones([3])]);
    expectClose(t as Tensor, jvp(f, [x], [np.ones([3])])[1] as Tensor, 1e-15);
  });

  it("jit(vmap(grad(f))) over many start points equals the per-point gradient", () => {
    const starts = np.array([[2, 17], [5, 5], [10, 3], [0, 0]]);
    const batched = jit(vmap(grad(calcTime)))(starts);
    for (let i = 0; i < 4; i++) expectIdentical(batched.slice(i), grad(calcTime)(starts.slice(i)));
  });

  it("jit nested in jit, and closures over constants", () => {
    const w = np.array([1, 2, 3]);
    const inner = jit((v: Tensor) => v.mul(w));
    const outer = jit((v: Tensor) => inner(inner(v)).sum());
    expect(outer(np.ones([3]))).toBeInstanceOf(Object);
    expect((outer(np.ones([3])) as Tensor).item()).toBe(14);
  });

  it("grad of grad through jit", () => {
    const h = jit(grad(grad((v: Tensor) => np.sin(v).mul(v))));
    expect(h(0.5)).toBeCloseTo(2 * Math.cos(0.5) - 0.5 * Math.sin(0.5), 14);
  });
});

describe("jit without new Function (strict Content-Security-Policy)", () => {
  const original = globalThis.Function;
  afterEach(() => {
    globalThis.Function = original;
  });

  it("falls back to the interpreter with one warning and the same results", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const Forbidden = function () {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not an allowed source");
    } as unknown as FunctionConstructor;
    globalThis.Function = Forbidden;
    const g = (v: Tensor) => np.sum(np.exp(v).mul(v));
    const jg = jit(grad(g));
    const x = np.array([0.25, -1, 3.5]);
    const got = jg(x);
    const again = jit((v: Tensor) => v.add(1))(np.ones([2]));
    globalThis.Function = original;
    expectIdentical(got, grad(g)(x));
    expect(again.tolist()).toEqual([2, 2]);
    expect(jg.lower(x).interpreted).toBe(true);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes("unsafe-eval")).length).toBeLessThanOrEqual(1);
    warn.mockRestore();
  });
});
