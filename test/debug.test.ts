import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ref from "../reference/numpy/format.json";
import { ArgumentError, type Tensor, debug, grad, jit, jvp, lax, makeJaxpr, np, vmap } from "../src";
import { scalarArray } from "../src/core/array";
import { type Field, formatArray, parseFormat } from "../src/debug/format";
import fc from "fast-check";
import { callbackLog, makeInputs, programArb, runProgram } from "./helpers/programs";
import { expectIdentical } from "./helpers/assert";

let lines: string[] = [];
let previous: (line: string) => void;
beforeEach(() => {
  lines = [];
  previous = debug.setPrinter((l) => lines.push(l));
});
afterEach(() => {
  debug.setPrinter(previous);
});

describe("debug.print runs where the program runs", () => {
  it("eagerly: prints at once", () => {
    debug.print("x = {}, y = {}", np.array([1, 2]), 3);
    expect(lines).toEqual(["x = [1, 2], y = 3"]);
  });

  it("under jit: on every call, with that call's values, not at trace time only", () => {
    const f = jit((x: Tensor) => {
      debug.print("x = {}", x);
      return x.mul(2);
    });
    f(np.array([1, 2]));
    f(np.array([5, 6]));
    f(np.array([7, 8]));
    expect(lines).toEqual(["x = [1, 2]", "x = [5, 6]", "x = [7, 8]"]);
    expect(f.lower(np.array([1, 2])).source).toMatch(/CB\d*\(/);
  });

  it("is kept although nothing uses it, and two equal prints both print", () => {
    const f = jit((x: Tensor) => {
      debug.print("{}", x.add(1));
      debug.print("{}", x.add(1));
      debug.print("constant {}", 4);
      return x;
    });
    f(1);
    expect(lines).toEqual(["2", "2", "constant 4"]);
    expect(makeJaxpr((x: Tensor) => (debug.print("{}", x), x))(1).toString()).toMatch(/debug_callback\[callback=debug\.print "\{\}"\]/);
  });

  it("under vmap: once per batch member, with that member's values (also under jit)", () => {
    const f = (x: Tensor, y: Tensor) => {
      debug.print("x={} y={}", x, y);
      return x.mul(y);
    };
    vmap(f, { inAxes: [0, null] })(np.array([1, 2, 3]), np.array(10));
    expect(lines).toEqual(["x=1 y=10", "x=2 y=10", "x=3 y=10"]);
    lines.length = 0;
    jit(vmap(f, { inAxes: [1, null] }))(np.array([[1, 2], [3, 4]]), np.array(0));
    expect(lines).toEqual(["x=[1, 3] y=0", "x=[2, 4] y=0"]);
    lines.length = 0;
    vmap(vmap(f))(np.array([[1, 2], [3, 4]]), np.array([[5, 6], [7, 8]]));
    expect(lines).toEqual(["x=1 y=5", "x=2 y=6", "x=3 y=7", "x=4 y=8"]);
  });

  it("under grad and jvp: the primal values, once", () => {
    const f = (x: Tensor) => {
      debug.print("x = {:.2f}", x);
      return np.sin(x);
    };
    expect(grad(f)(0.5)).toBeCloseTo(Math.cos(0.5), 15);
    expect(jvp(f, [1.5], [1])[1]).toBeCloseTo(Math.cos(1.5), 15);
    jit(grad(f))(2.25);
    expect(lines).toEqual(["x = 0.50", "x = 1.50", "x = 2.25"]);
  });

  it("inside loops: every iteration, under jit and under grad", () => {
    const body = (i: Tensor, x: Tensor) => {
      debug.print("step {} x={}", i, x);
      return x.mul(2);
    };
    jit((x: Tensor) => lax.foriLoop(0, 3, body, x))(1);
    expect(lines).toEqual(["step 0 x=1", "step 1 x=2", "step 2 x=4"]);
    lines.length = 0;
    const scanned = (x: Tensor) =>
      lax.scan(
        (c: Tensor, k: Tensor) => {
          debug.print("c={}", c);
          return [c.mul(k), null] as const;
        },
        x,
        np.array([2, 3]),
      )[0];
    expect(grad(scanned)(1)).toBe(6);
    expect(jit(grad(scanned))(1)).toBe(6);
    expect(lines).toEqual(["c=1", "c=2", "c=1", "c=2"]);
  });

  it("named fields come from the last argument; {{ }} are literal braces", () => {
    debug.print("{{loss}} = {loss:.3e} at {step}", { loss: np.array(0.000123456), step: 7 });
    debug.print("{1} before {0}", "a", "b");
    debug.print("tree {}", { w: np.array([1, 2]), b: [3, np.array(true)] });
    expect(lines).toEqual(["{loss} = 1.235e-04 at 7", "b before a", "tree { b: [3, true], w: [1, 2] }"]);
  });

  it("a spec formats each element of an array; large arrays are elided as NumPy does", () => {
    debug.print("{:.1f}", np.array([[1, 2.25], [3, 4]]));
    debug.print("{:>5d}", np.array([1, 22], "int32"));
    debug.print("{}", np.arange(2000));
    expect(lines[0]).toBe("[[1.0, 2.2], [3.0, 4.0]]");
    expect(lines[1]).toBe("[    1,    22]");
    expect(lines[2]).toBe("[0, 1, 2, …, 1997, 1998, 1999]");
  });

  it("debug.callback gets concrete values it may keep", () => {
    const seen: number[][] = [];
    const f = jit((x: Tensor) => {
      const y = x.mul(2);
      debug.callback((v: Tensor) => seen.push(v.tolist() as number[]), y);
      return y.add(1);
    });
    f(np.array([1, 2]));
    f(np.array([3, 4]));
    expect(seen).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it("bad formats and arguments are ArgumentErrors naming the fix", () => {
    const cases: [() => void, RegExp][] = [
      [() => debug.print("{} {}", 1), /refers to argument 1, but 1 were given/],
      [() => debug.print("{x}", 1), /names \{x\}; pass its value as a field of the last argument/],
      [() => debug.print("{:d}", np.array(1.5)), /type "d" for a float64 value/],
      [() => debug.print("{:.2f}", { a: 1 }), /applies to a pytree/],
      [() => debug.print("{} {0}", 1, 2), /mixes automatic/],
      [() => debug.print("{", 1), /is not closed/],
      [() => debug.print("}", 1), /single "\}"/],
      [() => debug.print("{:q}", 1), /is not one of Python's/],
      [() => debug.print("{0.shape}", 1), /attribute and index access are not/],
      [() => debug.print(3 as never), /first argument is the format string/],
      [() => debug.callback(3 as never), /expects a function/],
    ];
    for (const [f, msg] of cases) {
      expect(f).toThrow(ArgumentError);
      expect(f).toThrow(msg);
    }
    expect(lines).toEqual([]);
  });
});

describe("random programs: jit calls back with the interpreter's values, in its order", () => {
  it("over 300 programs", () => {
    let calls = 0;
    fc.assert(
      fc.property(programArb(["float64", "int32", "float32"], 10), fc.nat(1000), (program, seed) => {
        const inputs = makeInputs(program, seed);
        callbackLog.length = 0;
        runProgram(program, inputs);
        const eager = [...callbackLog];
        calls += eager.length;
        callbackLog.length = 0;
        jit((...xs: Tensor[]) => runProgram(program, xs))(...inputs);
        expect(callbackLog.length).toBe(eager.length);
        callbackLog.forEach((v, i) => expectIdentical(v, eager[i]));
      }),
      { numRuns: 300, seed: 16 },
    );
    expect(calls).toBeGreaterThan(10);
  });
});

describe("format specs match Python's str.format", () => {
  // reference/scripts/format.py; specs without a type or precision show the library's
  // own number text (as `{}` does), so they are not compared with Python's repr.
  const cases = ref.cases.filter((c) => /[a-zA-Z%]$|\.\d+$/.test(c.spec));
  it(`${cases.length} cases, exact`, () => {
    expect(cases.length).toBeGreaterThan(400);
    for (const c of cases) {
      const v = typeof c.value === "string" ? Number(c.value.replace("inf", "Infinity")) : c.value;
      const field = parseFormat(`{:${c.spec}}`)[0] as Field;
      expect(formatArray(scalarArray(v, c.int ? "int32" : "float64"), field.spec), `${c.value} with "${c.spec}"`).toBe(c.out);
    }
  });
});
