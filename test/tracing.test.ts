import { either as E } from "fp-ts";
import { describe, expect, it } from "vitest";
import { ConcretizationError, IRError, type Tensor, TracerLeakError, checkJaxpr, evalJaxpr, makeJaxpr, np } from "../src";
import { ClosedJaxpr } from "../src/core/closed-jaxpr";
import { Var, makeEqn, makeJaxprIR } from "../src/core/ir";
import { makeAval } from "../src/core/aval";

describe("tracing", () => {
  it("records one equation per primitive and stages ops on constants too", () => {
    const closed = makeJaxpr((x: Tensor) => np.add(x, np.multiply(np.ones([2]), 3)))(np.zeros([2]));
    const prims = closed.jaxpr.eqns.map((e) => e.prim);
    expect(prims).toEqual(["broadcast_in_dim", "mul", "add"]);
  });

  it("closed-over concrete arrays become constvars; 0-d ones become literals", () => {
    const big = np.array([1, 2]);
    const small = np.array(5);
    const closed = makeJaxpr((x: Tensor) => np.add(np.add(x, big), small))(np.zeros([2]));
    expect(closed.jaxpr.constvars.length).toBe(1);
    expect(closed.consts[0]).toBe(big);
    expect(closed.toString()).toContain("5.0:f64[]");
  });

  it("the IR is frozen", () => {
    const closed = makeJaxpr((x: Tensor) => np.sin(x))(1);
    expect(Object.isFrozen(closed)).toBe(true);
    expect(Object.isFrozen(closed.jaxpr)).toBe(true);
    expect(Object.isFrozen(closed.jaxpr.eqns)).toBe(true);
    expect(Object.isFrozen(closed.jaxpr.eqns[0])).toBe(true);
    expect(() => (closed.jaxpr.eqns as unknown as unknown[]).push(1)).toThrow();
  });

  it("pytrees in and out", () => {
    const closed = makeJaxpr((p: { w: Tensor; b: Tensor }, xs: Tensor[]) => ({ y: np.add(np.multiply(p.w, xs[0]), p.b), n: xs.length }))(
      { w: 2, b: 1 },
      [3, 4],
    );
    expect(closed.jaxpr.invars.length).toBe(4);
    expect(closed.jaxpr.outs.length).toBe(2);
    const [n, y] = evalJaxpr(closed, { w: 2, b: 1 }, [3, 4]);
    expect(n.item()).toBe(2);
    expect(y.item()).toBe(7);
  });

  it("static arguments are passed through unchanged", () => {
    const closed = makeJaxpr((x: Tensor, n: number) => np.power(x, n), { staticArgnums: 1 })(2, 3);
    expect(closed.toString()).toContain("integer_pow[y=3]");
    expect(() => makeJaxpr((x: Tensor) => x, { staticArgnums: 2 })(1)).toThrow(/staticArgnums entry 2 is out of range/);
  });

  it("a JS comparison, Number() or item() on a tracer points to lax.cond / np.where", () => {
    const branchy = (x: Tensor) => (x > np.array(0) ? x : np.negative(x));
    expect(() => makeJaxpr(branchy)(1)).toThrow(ConcretizationError);
    expect(() => makeJaxpr(branchy)(1)).toThrow(/np\.where\(cond, x, y\) or lax\.cond\(pred, trueFn, falseFn, \.\.\.operands\)/);
    expect(() => makeJaxpr((x: Tensor) => np.array(Number(x)))(1)).toThrow(ConcretizationError);
    expect(() => makeJaxpr((x: Tensor) => np.array(x.item() as number))(1)).toThrow(/item\(\)/);
    expect(() => makeJaxpr((x: Tensor) => np.array(x.tolist() as number))(1)).toThrow(ConcretizationError);
    expect(String(makeJaxpr((x: Tensor) => (String(x).startsWith("Traced<f64[]>") ? x : x))(1))).toContain("lambda");
  });

  it("plain JS control flow on concrete values still works (unrolled at trace time)", () => {
    const closed = makeJaxpr((x: Tensor) => {
      let y = x;
      for (let i = 0; i < 3; i++) if (i % 2 === 0) y = np.sin(y);
      return y;
    })(1);
    expect(closed.jaxpr.eqns.map((e) => e.prim)).toEqual(["sin", "sin"]);
  });

  it("a tracer leaked out of makeJaxpr is refused when used", () => {
    let leaked: Tensor | undefined;
    makeJaxpr((x: Tensor) => {
      leaked = np.sin(x);
      return leaked;
    })(1);
    expect(() => np.add(leaked!, 1)).toThrow(TracerLeakError);
    expect(() => np.add(leaked!, 1)).toThrow(/f64\[\] tracer created by makeJaxpr was used after makeJaxpr returned/);
  });

  it("nested makeJaxpr closes over the outer tracers as constants", () => {
    let inner: ClosedJaxpr | undefined;
    makeJaxpr((x: Tensor) => {
      inner = makeJaxpr((y: Tensor) => np.add(x, y))(2);
      return x;
    })(1);
    expect(inner!.jaxpr.constvars.length).toBe(1);
  });
});

describe("IR validation", () => {
  it("accepts traced jaxprs and rejects ill-typed ones", () => {
    const closed = makeJaxpr((x: Tensor) => np.sum(np.sin(x)))(np.zeros([3]));
    expect(E.isRight(checkJaxpr(closed))).toBe(true);
    const a = new Var(makeAval([3], "float64"));
    const bad = new Var(makeAval([4], "float64"));
    const ir = makeJaxprIR([], [a], [makeEqn("sin", {}, [a], [bad])], [bad]);
    const result = checkJaxpr(new ClosedJaxpr(ir, []));
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left).toBeInstanceOf(IRError);
      expect(result.left.message).toMatch(/output 0 of equation 0 \(sin\) is typed f64\[4\], abstract eval gives f64\[3\]/);
    }
    const undef = makeJaxprIR([], [], [makeEqn("sin", {}, [a], [bad])], [bad]);
    expect(E.isLeft(checkJaxpr(new ClosedJaxpr(undef, [])))).toBe(true);
  });
});
