/**
 * Regression tests for the defects of the outside attack (issue 20), one block per
 * defect, numbered as there.
 */
import { describe, expect, it, vi } from "vitest";
import { Block, code } from "../src/jit/code";
import { jitCacheSizes } from "../src/jit/jit";
import { expectIdentical } from "./helpers/assert";
import { AllocationError, ArgumentError, ConcretizationError, DTypeError, PytreeError, ShapeError, checkpoint, hessian, jacrev, makeJaxpr, type Tensor, grad, jacfwd, jit, jvp, lax, nn, np, random, tree, valueAndGrad, vmap } from "../src";

describe("1. the jit cache compares registered aux data by value, not by JSON text", () => {
  class Scaled {
    constructor(
      readonly x: Tensor,
      readonly factor: number,
    ) {}
  }
  tree.register(Scaled, { flatten: (s) => [[s.x], s.factor], unflatten: (factor, [x]) => new Scaled(x as Tensor, factor) });
  class Activated {
    constructor(
      readonly x: Tensor,
      readonly act: (t: Tensor) => Tensor,
    ) {}
  }
  tree.register(Activated, { flatten: (a) => [[a.x], a.act], unflatten: (act, [x]) => new Activated(x as Tensor, act) });

  it("+Infinity, -Infinity, NaN and null aux values are distinct traces", () => {
    const f = jit((s: Scaled) => np.multiply(s.x, s.factor));
    expect(f(new Scaled(np.array([1]), Infinity)).tolist()).toEqual([Infinity]);
    expect(f(new Scaled(np.array([1]), -Infinity)).tolist()).toEqual([-Infinity]);
    expect(f(new Scaled(np.array([1]), NaN)).tolist()).toEqual([NaN]);
    expect(f(new Scaled(np.array([1]), -0)).tolist()).toEqual([-0]);
    expect(f(new Scaled(np.array([1]), 0)).tolist()).toEqual([0]);
  });

  it("a function held in aux is part of the key (by identity)", () => {
    const f = jit((a: Activated) => a.act(a.x));
    expect(f(new Activated(np.array([-1, 2]), np.abs)).tolist()).toEqual([1, 2]);
    expect(f(new Activated(np.array([-1, 2]), np.negative)).tolist()).toEqual([1, -2]);
  });

  it("a class may supply its own aux key", () => {
    class Tagged {
      constructor(
        readonly x: Tensor,
        readonly tag: { name: string; note: string },
      ) {}
    }
    let traces = 0;
    tree.register(Tagged, { flatten: (t) => [[t.x], t.tag], unflatten: (tag, [x]) => new Tagged(x as Tensor, tag), auxKey: (tag) => tag.name });
    const f = jit((t: Tagged) => (traces++, t.x.mul(2)));
    f(new Tagged(np.array([1]), { name: "a", note: "first" }));
    f(new Tagged(np.array([1]), { name: "a", note: "ignored by the key" }));
    f(new Tagged(np.array([1]), { name: "b", note: "" }));
    expect(traces).toBe(2);
  });
});

describe("2. static arguments: symbols by identity, arrays and plain objects by value", () => {
  it("two different Symbol('m') are two traces, not an internal error", () => {
    const a = Symbol("m");
    const b = Symbol("m");
    const f = jit((x: Tensor, s: symbol) => x.mul(s === a ? 2 : 3), { staticArgnums: 1 });
    expect(f(np.array([1]), a).tolist()).toEqual([2]);
    expect(f(np.array([1]), b).tolist()).toEqual([3]);
    expect(f(np.array([1]), a).tolist()).toEqual([2]);
  });

  it("a fresh array literal as a static argument does not retrace (20)", () => {
    let traces = 0;
    const f = jit((x: Tensor, axes: number[]) => (traces++, np.sum(x, axes)), { staticArgnums: 1 });
    for (let i = 0; i < 5; i++) f(np.ones([2, 3]), [0, 1]);
    f(np.ones([2, 3]), [1]);
    expect(traces).toBe(2);
  });
});

describe("20. pytrees: no posing as a registered class, no silently dropped keys", () => {
  class Pair {
    constructor(
      readonly a: unknown,
      readonly b: unknown,
    ) {}
  }
  tree.register(Pair, { flatten: (p) => [[p.a, p.b], null], unflatten: (_, [a, b]) => new Pair(a, b) });

  it("a plain object with an own `constructor` key is a plain object", () => {
    const impostor = { constructor: Pair, a: 1, b: 2 };
    const [leaves, def] = tree.flatten(impostor);
    expect(leaves).toEqual([1, 2, Pair]);
    expect(def.show()).toBe("{a: *, b: *, constructor: *}");
    expect(tree.flatten(new Pair(1, 2))[1].show()).toBe("Pair(*, *)");
  });

  it("symbol keys are refused with a PytreeError", () => {
    const k = Symbol("w");
    expect(() => tree.flatten({ [k]: 1, b: 2 })).toThrow(PytreeError);
    expect(() => tree.flatten({ [k]: 1, b: 2 })).toThrow(/symbol key \(Symbol\(w\)\); pytree objects have string keys/);
  });
});

describe("19. a registered flatten that returns no pair is a PytreeError naming the class", () => {
  it("names the class and what flatten must return", () => {
    class Bad {
      constructor(readonly x: Tensor) {}
    }
    tree.register(Bad, { flatten: (b) => b.x as never, unflatten: (_a, [x]) => new Bad(x as Tensor) });
    expect(() => tree.flatten(new Bad(np.array(1)))).toThrow(/flatten of Bad \(at the root\) must return \[children \(an array\), aux\]/);
    expect(() => tree.register(Bad, {} as never)).toThrow(/needs \{ flatten\(node\) => \[children, aux\]/);
  });
});

describe("3. repeated argnums are refused, not a silent zero", () => {
  it("grad, jacfwd and valueAndGrad name the repeated argument", () => {
    const f = (x: Tensor, y: Tensor) => np.multiply(x, y);
    expect(() => grad(f, { argnums: [0, 0] })(2, 3)).toThrow(ArgumentError);
    expect(() => grad(f, { argnums: [0, 0] })(2, 3)).toThrow(/names argument 0 twice; list each argument once/);
    expect(() => grad(f, { argnums: [1, -1] })(2, 3)).toThrow(/names argument 1 twice/);
    expect(() => jacfwd(f, { argnums: [0, 0] })(2, 3)).toThrow(ArgumentError);
    expect(() => valueAndGrad(f, { argnums: [1, 1] })(2, 3)).toThrow(ArgumentError);
  });
});

describe("5. vmap's axisSize is validated", () => {
  it("fractions, negatives, NaN and non-numbers are ArgumentErrors", () => {
    const f = (x: Tensor) => np.add(x, 1);
    for (const bad of [1.5, -1, NaN, Infinity, "3"]) {
      expect(() => vmap(f, { inAxes: null, axisSize: bad as number })(np.array(1))).toThrow(ArgumentError);
      expect(() => vmap(f, { inAxes: null, axisSize: bad as number })(np.array(1))).toThrow(/axisSize must be a non-negative integer/);
    }
    expect(vmap(f, { inAxes: null, axisSize: 3 })(np.array(1)).shape).toEqual([3]);
    expect(vmap(f, { inAxes: null, axisSize: 0 })(np.array(1)).shape).toEqual([0]);
  });
});

describe("6. every typed-array kind has a stated dtype; Uint8Array bools are 0/1", () => {
  const kinds: [string, ArrayBufferView, string, unknown[]][] = [
    ["Float64Array", new Float64Array([1.5, -0]), "float64", [1.5, -0]],
    ["Float32Array", new Float32Array([0.1]), "float32", [Math.fround(0.1)]],
    ["Int32Array", new Int32Array([-5, 2 ** 31 - 1]), "int32", [-5, 2 ** 31 - 1]],
    ["Uint8Array", new Uint8Array([0, 200, 1]), "bool", [false, true, true]],
    ["Uint8ClampedArray", new Uint8ClampedArray([0, 255]), "int32", [0, 255]],
    ["Int8Array", new Int8Array([-128, 127]), "int32", [-128, 127]],
    ["Int16Array", new Int16Array([-32768, 7]), "int32", [-32768, 7]],
    ["Uint16Array", new Uint16Array([65535]), "int32", [65535]],
  ];
  for (const [name, data, dtype, values] of kinds) {
    it(`${name} → ${dtype}, eagerly and as a jit argument (compiling, then the fast path)`, () => {
      const t = np.array(data as never);
      expect(t.dtype).toBe(dtype);
      expect(t.tolist()).toEqual(values);
      const f = jit((x: Tensor) => x.astype("float64").mul(1));
      for (let call = 0; call < 2; call++) expect((f(data as never) as Tensor).tolist()).toEqual(values.map((v) => Number(v)));
    });
  }

  it("a Uint8Array with 200 inside converts to int32 as 1, as a bool does", () => {
    expect(np.array(new Uint8Array([0, 200, 1])).astype("int32").tolist()).toEqual([0, 1, 1]);
    expect(jit((x: Tensor) => x.astype("int32"))(new Uint8Array([0, 200, 1]) as never).tolist()).toEqual([0, 1, 1]);
  });

  it("Uint32Array and BigInt arrays are refused with a DTypeError naming the conversion", () => {
    expect(() => np.array(new Uint32Array([1]) as never)).toThrow(DTypeError);
    expect(() => np.array(new Uint32Array([1]) as never)).toThrow(/Float64Array\.from\(a\) for its values, or new Int32Array\(a\.buffer\) for its bits/);
    expect(() => np.array(new BigInt64Array([1n]) as never)).toThrow(/a BigInt64Array has no jitgrad dtype/);
    expect(() => jit((x: Tensor) => x)(new Uint32Array([1]) as never)).toThrow(DTypeError);
  });
});

describe("7. float32 sums and products accumulate in float64, rounded once, in every backend", () => {
  it("2^25 float32 ones sum to 2^25; 10^6 × 0.1f to 100000", () => {
    const ones = np.ones([2 ** 25], "float32");
    expect(np.sum(ones).item()).toBe(2 ** 25);
    expect(jit((x: Tensor) => np.sum(x))(ones).item()).toBe(2 ** 25);
    const tenths = np.full([1e6], 0.1, "float32");
    expect(np.sum(tenths).item()).toBe(100000);
    expect(jit((x: Tensor) => np.sum(x))(tenths).item()).toBe(100000);
    // A running float32 sum would stop at 2^24; the running float64 one, rounded per output, does not.
    const run = np.cumsum(np.ones([2 ** 24 + 3], "float32"));
    expect(run.slice(-1).item()).toBe(Math.fround(2 ** 24 + 3));
    expect(run.slice(-2).item()).toBe(2 ** 24 + 2);
  });

  it("jit = interpreter bit for bit: whole, partial and small (scalarized) float32 reductions, cumsum and cumprod", () => {
    const x = random.normal(random.key(7), [37, 300], { dtype: "float32" });
    const small = x.slice([0, 3], [0, 4]);
    const fns: ((t: Tensor) => Tensor)[] = [
      (t) => np.sum(t),
      (t) => np.sum(t, 0),
      (t) => np.sum(t, 1),
      (t) => np.prod(np.add(t.mul(0.01), 1), 1),
      (t) => np.mean(t, 0),
      (t) => np.var(t, 1),
      (t) => np.cumsum(t, 1),
      (t) => np.cumprod(np.add(t.mul(0.01), 1), 0),
    ];
    for (const f of fns) {
      for (const input of [x, small]) expectIdentical(jit(f)(input) as Tensor, f(input));
    }
  });
});

describe("8. a zero tangent through lax.cond stays a symbolic zero: +0 in every mode, as JAX", () => {
  const show = (t: Tensor) => {
    const v = t.tolist() as number | number[];
    return Object.is(Array.isArray(v) ? v[0] : v, -0) ? "-0" : String(Array.isArray(v) ? v[0] : v);
  };
  it("jvp, jit(jvp) and vmap(jvp) agree, and the untouched operand's tangent is +0", () => {
    const f = (x: Tensor, y: Tensor) =>
      lax.cond(np.greater(x, 0), (a: Tensor, b: Tensor) => [a, np.multiply(b, -1)], (a: Tensor, b: Tensor) => [a, np.multiply(b, 2)], x, y) as Tensor[];
    const tangentOfSecond = (x: Tensor, y: Tensor) => jvp((xx: Tensor) => f(xx, y)[1], [x], [np.array(1)])[1] as Tensor;
    const eager = tangentOfSecond(np.array(1), np.array(3));
    expect(show(eager)).toBe("0");
    expect(show(jit(tangentOfSecond)(np.array(1), np.array(3)) as Tensor)).toBe("0");
    expect(show(vmap(tangentOfSecond)(np.array([1]), np.array([3])) as Tensor)).toBe("0");
    const both = (x: Tensor, y: Tensor) => jvp((xx: Tensor) => f(xx, y)[0], [x], [np.array(1)])[1] as Tensor;
    expect(both(np.array(1), np.array(3)).item()).toBe(1);
  });
});

describe("9. empty arrays with huge axes finish at once; shapes beyond 2^53 elements are refused", () => {
  it("jit(y => y.sum(0)) of zeros([2^40, 0]) returns [] quickly; sum(1) is an AllocationError", () => {
    const t0 = performance.now();
    expect(jit((y: Tensor) => y.sum(0))(np.zeros([2 ** 40, 0])).shape).toEqual([0]);
    expect(np.zeros([2 ** 40, 0]).sum().item()).toBe(0);
    expect(jit((y: Tensor) => np.multiply(y, 2).sum())(np.zeros([2 ** 40, 0])).item()).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(() => jit((y: Tensor) => y.sum(1))(np.zeros([2 ** 40, 0]))).toThrow(AllocationError);
  });

  it("a traced shape with more than 2^53 elements is a ShapeError naming the primitive", () => {
    expect(() => makeJaxpr((x: Tensor) => np.broadcastTo(x, [2 ** 27, 2 ** 27]))(1)).toThrow(ShapeError);
    expect(() => makeJaxpr((x: Tensor) => np.broadcastTo(x, [2 ** 27, 2 ** 27]))(1)).toThrow(/broadcast_in_dim: the shape \[134217728, 134217728\] has more than 2\^53 elements/);
  });
});

describe("10. very large programs: no stack overflow in code generation; too large to compile falls back", () => {
  it("a Block appends 300k lines", () => {
    const inner = new Block(1);
    for (let i = 0; i < 300_000; i++) inner.line(code`x;`);
    const outer = new Block(0).append(inner);
    outer.nest(code`if (a)`, (b) => b.append(inner));
    expect(outer.toCode().text.split("\n").length).toBe(600_002);
  });

  it("an unrolled program of 51k scalar operations runs through the interpreter with one warning, same bits", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const f = (x: Tensor) => {
        let y = x;
        for (let i = 0; i < 17_000; i++) y = np.add(np.multiply(y, 0.999), np.sin(y));
        return y;
      };
      const g = jit(f);
      expect(g(np.array(0.5)).item()).toBe(f(np.array(0.5)).item());
      expect(g(np.array(0.25)).item()).toBe(f(np.array(0.25)).item());
      expect(g.lower(np.array(0.5)).interpreted).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/too large for this engine to compile as one function/);
    } finally {
      warn.mockRestore();
    }
  }, 60_000);
});

describe("11. a registered pytree class as a jit argument or result compiles like a plain object", () => {
  class Params {
    constructor(
      readonly w: Tensor,
      readonly b: Tensor,
      readonly label = "p",
    ) {}
  }
  tree.register(Params, { flatten: (p) => [[p.w, p.b], p.label], unflatten: (label, [w, b]) => new Params(w as Tensor, b as Tensor, label) });

  it("compiled (not interpreted), results rebuilt as the class, aux data checked per call", () => {
    let traces = 0;
    const step = jit((p: Params, x: Tensor) => (traces++, new Params(np.add(p.w, x), np.multiply(p.b, 2), p.label)));
    const p = new Params(np.array([1, 2]), np.array(3));
    expect(step.lower(p, np.array(1)).interpreted).toBe(false);
    const out = step(p, np.array(1)) as Params;
    expect(out).toBeInstanceOf(Params);
    expect([out.w.tolist(), out.b.item(), out.label]).toEqual([[2, 3], 6, "p"]);
    step(new Params(np.array([5, 6]), np.array(1)), np.array(1));
    expect(traces).toBe(1);
    const relabelled = step(new Params(np.array([5, 6]), np.array(1), "q"), np.array(1)) as Params;
    expect(relabelled.label).toBe("q");
    expect(traces).toBe(2);
    // A plain object of the same shape is another signature, not a match for the class.
    expect(jit((q: { w: Tensor; b: Tensor }) => np.add(q.w, q.b))({ w: np.array([1]), b: np.array(2) }).tolist()).toEqual([3]);
  });
});

describe("12. cached signatures keep a bounded amount of scratch storage", () => {
  it("64 signatures of 2·10^5 elements stay within the 32 MiB budget (plus the newest)", () => {
    const g = jit((y: Tensor) => np.sort(np.sin(y).mul(2)));
    let maxBytes = 0;
    for (let k = 0; k < 64; k++) {
      const n = 200_000 + k;
      expect(g(np.zeros([n])).shape).toEqual([n]);
      maxBytes = Math.max(maxBytes, jitCacheSizes(g).scratchBytes);
    }
    const perEntry = 8 * 200_063;
    expect(maxBytes).toBeGreaterThan(0);
    expect(maxBytes).toBeLessThanOrEqual(32 * 2 ** 20 + perEntry);
    expect(jitCacheSizes(g).traces).toBeLessThan(64);
    // An evicted signature recompiles and gives the same answer.
    expectIdentical(g(np.linspace(0, 1, 200_000)) as Tensor, np.sort(np.sin(np.linspace(0, 1, 200_000)).mul(2)));
  });
});

describe("13. async and generator functions are refused before they run; a returned Promise cannot crash later", () => {
  it("every transform refuses an async function at once, without running it", async () => {
    let ran = false;
    const f = async (x: Tensor) => {
      ran = true;
      await null;
      return x;
    };
    for (const t of [jit, grad, vmap, jacfwd, jacrev, hessian, makeJaxpr, checkpoint] as ((g: never) => unknown)[]) {
      expect(() => t(f as never)).toThrow(/got an async function; transforms trace synchronous code only/);
    }
    expect(() => jvp(f as unknown as (x: Tensor) => Tensor, [1], [1])).toThrow(ArgumentError);
    expect(ran).toBe(false);
  });

  it("a generator function is refused; a generator object result is named", () => {
    expect(() => grad(function* (x: Tensor) {
      yield x;
    } as never)).toThrow(/got a generator function \(function\*\); return the arrays instead/);
    const iter = (x: Tensor) => [x].values();
    expect(() => jit(iter as unknown as (x: Tensor) => Tensor)(np.array(1))).toThrow(/is an Array Iterator, which is not an array/);
  });

  it("a plain function returning a Promise: a PytreeError now, and no unhandled rejection afterwards", async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on("unhandledRejection", onRejection);
    try {
      const f = (x: Tensor) =>
        (async () => {
          await null;
          return x.mul(2);
        })();
      expect(() => jit(f as unknown as (x: Tensor) => Tensor)(np.array(1))).toThrow(/is a Promise: transforms trace synchronous code only/);
      await new Promise((r) => setTimeout(r, 50));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });
});

describe("14–18. semantics as IEEE, NumPy and JAX define them", () => {
  const same = (f: () => Tensor, want: number[]) => {
    expect(f().tolist()).toEqual(want);
  };

  it("14. hypot neither overflows nor underflows, and is inf when either side is infinite", () => {
    const x = np.array([1e200, 1e-200, Infinity, NaN, 3, 0, NaN, -5]);
    const y = np.array([1e200, 1e-200, NaN, -Infinity, 4, 0, 1, 0]);
    const want = [1.414213562373095e200, 1.414213562373095e-200, Infinity, Infinity, 5, 0, NaN, 5];
    same(() => np.hypot(x, y), want);
    same(() => jit((a: Tensor, b: Tensor) => np.hypot(a, b))(x, y) as Tensor, want);
    expect(Math.abs((grad((a: Tensor) => np.hypot(a, 4))(3) as number) - 0.6)).toBeLessThan(1e-15);
  });

  it("15. int32 ** int32 stays int32 and wraps (JAX's binary exponentiation); a negative literal power of an int is refused", () => {
    const a = np.array([2, 3, -2, 0, 0, 7], "int32");
    const b = np.array([3, 2, 3, 0, 5, 40], "int32");
    // NumPy: np.power(a, b) with int32 arrays.
    const want = [8, 9, -8, 1, 0, -142118463];
    expect(np.power(a, b).dtype).toBe("int32");
    same(() => np.power(a, b), want);
    same(() => jit((p: Tensor, q: Tensor) => np.power(p, q))(a, b) as Tensor, want);
    same(() => vmap((p: Tensor, q: Tensor) => np.power(p, q))(a, b) as Tensor, want);
    expect(() => np.power(np.array([2], "int32"), -1)).toThrow(/an integer array to a negative integer power \(-1\)/);
    expect(np.power(np.array([2.0]), -1).tolist()).toEqual([0.5]);
  });

  it("16. pow(1, NaN), pow(1, ±inf) and pow(-1, ±inf) are 1, in every backend", () => {
    const x = np.array([1, 1, 1, -1, -1, 2, NaN]);
    const y = np.array([NaN, Infinity, -Infinity, Infinity, -Infinity, NaN, 0]);
    const want = [1, 1, 1, 1, 1, NaN, 1];
    same(() => np.power(x, y), want);
    same(() => jit((a: Tensor, b: Tensor) => np.power(a, b))(x, y) as Tensor, want);
    same(() => jit((a: Tensor, b: Tensor) => np.power(a, b))(x.slice([0, 2]), y.slice([0, 2])) as Tensor, [1, 1]);
  });

  it("17. the gradient of prod is the product of the others, without division", () => {
    const g = (v: number[]) => (grad((x: Tensor) => np.prod(x))(np.array(v)) as Tensor).tolist();
    expect(g([2, Infinity])).toEqual([Infinity, 2]);
    expect(g([1e300, 1e10])).toEqual([1e10, 1e300]);
    expect(g([2, 0, 3])).toEqual([0, 6, 0]);
    expect(g([0, 0, 3])).toEqual([0, 0, 0]);
    const m = np.array([
      [1, 2, 3],
      [4, 0, 6],
    ]);
    expect((grad((x: Tensor) => np.prod(x, 1).sum())(m) as Tensor).tolist()).toEqual([
      [6, 3, 2],
      [0, 24, 0],
    ]);
    expect((grad((x: Tensor) => np.prod(x, 0).sum())(m) as Tensor).tolist()).toEqual([
      [4, 0, 6],
      [1, 2, 3],
    ]);
    expectIdentical(jit(grad((x: Tensor) => np.prod(x)))(np.array([1.5, -2, 3, 0.25])) as Tensor, grad((x: Tensor) => np.prod(x))(np.array([1.5, -2, 3, 0.25])) as Tensor);
  });

  it("18. logsumexp of nothing is -inf and softmax of nothing is empty, as JAX", () => {
    expect(nn.logsumexp(np.zeros([0])).item()).toBe(-Infinity);
    expect(nn.logsumexp(np.zeros([2, 0]), 1).tolist()).toEqual([-Infinity, -Infinity]);
    expect(nn.softmax(np.zeros([0])).shape).toEqual([0]);
    expect(nn.logSoftmax(np.zeros([3, 0])).shape).toEqual([3, 0]);
    expect(jit((x: Tensor) => nn.logsumexp(x))(np.zeros([0])).item()).toBe(-Infinity);
  });
});

describe("19–20. input mistakes get typed errors that name the fix; arguments are read once", () => {
  const x = np.ones([3, 4]);
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ["jit(5)", () => jit(5 as never), ArgumentError, /jit: expects a function, got 5/],
    ["x.slice('1')", () => x.slice("1" as never), ArgumentError, /Tensor\.slice: index "1" for axis 0 is not an integer/],
    ["JSON.stringify(tracer)", () => jit((t: Tensor) => (JSON.stringify(t), t))(x), ConcretizationError, /JSON\.stringify/],
    ["np.sum(x, '1')", () => np.sum(x, "1" as never), ArgumentError, /np\.sum: an axis must be an integer, got "1"; write np\.sum\(x, 1\)/],
    ["np.sum(x, 1.5)", () => np.sum(x, 1.5), ArgumentError, /an axis must be an integer, got 1\.5/],
    ["np.roll(x, 1.5)", () => np.roll(x, 1.5), ArgumentError, /np\.roll: a shift must be an integer, got 1\.5/],
    ["vmap inAxes '0'", () => vmap((t: Tensor) => t, { inAxes: "0" as never })(x), ArgumentError, /the axes spec at the top is "0".*write 0, not "0"/],
    ["dynamicSlice float Tensor", () => lax.dynamicSlice(x, [np.array(1.5), np.array(0, "int32")], [1, 2]), DTypeError, /start indices must be int32, got a float64 Tensor/],
    ["dynamicSlice 1.5", () => lax.dynamicSlice(x, [1.5, 0], [1, 2]), ArgumentError, /start indices must be integers, got 1\.5/],
  ];
  for (const [name, f, cls, msg] of cases) {
    it(name, () => {
      expect(f).toThrow(cls);
      expect(f).toThrow(msg);
    });
  }

  it("JSON.stringify of a concrete Tensor gives its values", () => {
    expect(JSON.stringify({ w: np.array([1, 2]), b: np.array(true) })).toBe('{"w":[1,2],"b":true}');
  });

  it("a getter in a jit argument is read once per call, the first call included", () => {
    let reads = 0;
    const arg = {
      get a() {
        reads++;
        return np.array(1);
      },
    };
    const f = jit((o: { a: Tensor }) => o.a.mul(2));
    expect(f(arg).item()).toBe(2);
    expect(reads).toBe(1);
    expect(f(arg).item()).toBe(2);
    expect(reads).toBe(2);
  });
});
