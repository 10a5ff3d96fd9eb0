/**
 * The catalogue of user errors: one case per mistake, each a typed error whose message
 * names the operation, the shapes or structures, and what to do instead.
 */
import { describe, expect, it } from "vitest";
import {
  AllocationError,
  ArgumentError,
  ConcretizationError,
  DTypeError,
  PytreeError,
  ShapeError,
  type Tensor,
  TracerLeakError,
  TransformError,
  grad,
  jacfwd,
  jit,
  lax,
  makeJaxpr,
  np,
  vmap,
} from "../src";
import { expectClose } from "./helpers/assert";

/** Stores the tracer a transform passes in, then uses it after the transform returned. */
const leak = (transform: (f: (x: Tensor) => Tensor) => (x: Tensor) => unknown) => () => {
  let kept: Tensor | undefined;
  transform((x: Tensor) => {
    kept = x;
    return x.mul(2).sum();
  })(np.ones([2]));
  return np.sin(kept!);
};

class Point {
  constructor(readonly x: Tensor) {}
}

type Case = [name: string, run: () => unknown, type: new (...a: never[]) => Error, message: RegExp];

const cases: Case[] = [
  ["broadcast mismatch", () => np.add(np.ones([2, 3]), np.ones([4])), ShapeError, /np\.add: shapes \[2, 3\] and \[4\]/],
  ["reshape size mismatch", () => np.reshape(np.ones([6]), [4, 2]), ShapeError, /size 6 \(shape \[6\]\) into \[4, 2\]/],
  ["matmul misaligned", () => np.matmul(np.ones([2, 3]), np.ones([4, 2])), ShapeError, /not aligned/],
  ["concatenate mismatch", () => np.concatenate([np.ones([2, 2]), np.ones([3, 3])]), ShapeError, /differ outside axis 0/],
  ["ragged array", () => np.array([[1], [2, 3]]), ShapeError, /ragged nested array/],
  ["axis out of range", () => np.sum(np.ones([2]), 1), ArgumentError, /axis 1 is out of bounds for an array of rank 1/],
  ["index out of range", () => np.ones([2]).slice(5), ArgumentError, /index 5 is out of bounds for axis 0 with size 2/],
  ["bad lax.slice args", () => lax.slice(np.ones([2, 2]), [0], [1]), ArgumentError, /startIndices must be 2 integers/],
  ["wrong dtype for an op", () => lax.sin(np.array([1], "int32")), DTypeError, /sin: expected a floating dtype/],
  ["unknown dtype", () => np.ones([1], "float16" as never), DTypeError, /unknown dtype "float16"/],
  ["an op without complex support", () => np.maximum(np.array([{ re: 1, im: 1 }]), 0), DTypeError, /max: complex operands are not supported, got c128\[1\], c128\[\]/],
  ["complex data with a real dtype", () => np.array([{ re: 1, im: 1 }], "float64"), DTypeError, /holds complex numbers but the dtype asked for is float64/],
  ["item() of a complex scalar", () => np.array({ re: 1, im: 2 }).item(), DTypeError, /np\.real\(x\)\.item\(\)/],
  ["grad of a complex output", () => grad((z: Tensor) => np.sum(z))(np.array([{ re: 1, im: 2 }])), TransformError, /holomorphic: true/],
  ["lax operands of different dtypes", () => lax.add(np.array([1], "int32"), np.array([1])), DTypeError, /add: operands must have the same dtype, got i32\[1\], f64\[1\]/],
  ["huge shape", () => np.ones([65536, 65536, 2]), AllocationError, /needs .* bytes, more than a typed array can hold/],
  ["negative shape", () => np.zeros([-1]), ArgumentError, /a shape must be an array of non-negative integers/],
  ["tracer used as a JS number", () => makeJaxpr((x: Tensor) => np.array(+x))(1), ConcretizationError, /np\.where/],
  ["item() under a trace", () => makeJaxpr((x: Tensor) => np.array(x.item() as number))(1), ConcretizationError, /item\(\)/],
  [
    "leaked tracer",
    () => {
      let keep: Tensor | undefined;
      makeJaxpr((x: Tensor) => (keep = x))(1);
      return np.sin(keep!);
    },
    TracerLeakError,
    /used after makeJaxpr returned/,
  ],
  ["non-array argument leaf", () => makeJaxpr((m: unknown) => m)(new Map()), PytreeError, /argument at \[0\] is a Map, which is not an array/],
  ["string argument leaf", () => makeJaxpr((s: unknown) => s)("hi"), PytreeError, /pass non-array values as static arguments/],
  ["non-array result", () => makeJaxpr(() => "x")(), PytreeError, /the function's result is "x"/],
  [
    "cyclic pytree argument",
    () => {
      const a: unknown[] = [];
      a.push(a);
      return makeJaxpr((x: unknown) => x)(a);
    },
    PytreeError,
    /contains itself \(a cycle\)/,
  ],
  ["max of empty", () => np.max(np.zeros([0])), ShapeError, /zero-size reduction/],
  ["huge intermediate, eager", () => np.broadcastTo(np.ones([4]), [65536, 65536, 4]), AllocationError, /broadcast_in_dim: an array of shape \[65536, 65536, 4\] .* needs 1\.37e\+11 bytes/],
  [
    "huge intermediate under jit: refused when compiling, before any allocation",
    () => jit((x: Tensor) => np.broadcastTo(x, [65536, 65536, 4]).mul(2))(np.ones([4])),
    AllocationError,
    /jit: an array of shape \[17179869184\]/,
  ],
  ["grad of a non-scalar output", () => grad((x: Tensor) => x.mul(2))(np.ones([3])), TransformError, /must return a scalar \(0-d\) float, but it returned f64\[3\].*jacrev/],
  ["grad of an integer output", () => grad((x: Tensor) => np.argmax(x))(np.ones([3])), TransformError, /returned i32\[\]\. Only floating outputs/],
  ["grad with respect to int32", () => grad((x: Tensor) => x.sum())(np.array([1, 2], "int32")), TransformError, /argument 0 has dtype int32.*astype\("float64"\)/],
  ["grad with respect to bool", () => grad((x: Tensor) => x.sum())(np.array([true])), TransformError, /argument 0 has dtype bool/],
  ["jacfwd with respect to int32", () => jacfwd((x: Tensor) => x)(np.array([1], "int32")), TransformError, /jacfwd: argument 0 is i32\[1\]/],
  ["argnums out of range", () => grad((x: Tensor) => x.sum(), { argnums: 2 })(np.ones([2])), ArgumentError, /argnums 2 refers to argument 2, but the function was called with 1 argument/],
  ["a tracer used as a boolean (JS comparison under jit)", () => jit((x: Tensor) => ((x as unknown as number) < 0 ? x : x.neg()))(1), ConcretizationError, /JS comparison.*lax\.cond/],
  ["a tracer leaked out of grad", leak((f) => grad(f)), TracerLeakError, /created by grad was used after grad returned/],
  ["a tracer leaked out of jit", leak((f) => jit(f)), TracerLeakError, /created by jit was used after jit returned/],
  ["a tracer leaked out of vmap", leak((f) => vmap(f)), TracerLeakError, /created by vmap was used after vmap returned/],
  ["inAxes of the wrong length", () => vmap((x: Tensor, y: Tensor) => x.add(y), { inAxes: [0] })(np.ones([2]), np.ones([2])), ArgumentError, /inAxes has 1 entries but the function was called with 2/],
  ["inconsistent mapped sizes", () => vmap((x: Tensor, y: Tensor) => x.add(y))(np.ones([2]), np.ones([3])), ShapeError, /inconsistent sizes for the mapped axis: the argument at \[1\] has size 3/],
  ["vmap over a scalar", () => vmap((x: Tensor) => x)(np.array(1)), ArgumentError, /a scalar has no axis to map over/],
  ["cond branches of different structures", () => lax.cond(np.array(true), (x: Tensor) => x as unknown, (x: Tensor) => [x, x] as unknown, np.ones([2])), ShapeError, /false branch has structure \[\*, \*\], but the true branch has structure \*/],
  ["an unregistered class as a pytree", () => jit((p: Point) => p.x)(new Point(np.ones([2]))), PytreeError, /the argument at \[0\] is a Point.*tree\.register/],
  ["a Date as a pytree leaf", () => jit((d: unknown) => d)(new Date(0)), PytreeError, /is a Date, which is not an array/],
  ["a missing argument", () => (jit((x: Tensor, y: Tensor) => x.add(y)) as (...a: unknown[]) => unknown)(np.ones([2])), ArgumentError, /got undefined/],
  ["0-d iteration", () => [...np.array(1)], ArgumentError, /Cannot iterate over a 0-d tensor/],
];

describe("special values are values, not errors", () => {
  it("NaN, ±Infinity and -0 flow through jit and grad as IEEE says", () => {
    const g = jit(grad((x: Tensor) => np.sqrt(x).sum()))(np.array([NaN, -0, Infinity, 0, 4]));
    expectClose(g, [NaN, -Infinity, 0, Infinity, 0.25]);
    expect(Object.is((jit((x: Tensor) => x.mul(-1))(np.array([0])).tolist() as number[])[0], -0)).toBe(true);
  });

  it("empty arrays reduce to the identity and have empty gradients", () => {
    expect(jit((x: Tensor) => x.sum())(np.zeros([0, 3])).item()).toBe(0);
    expect(grad((x: Tensor) => x.sum())(np.zeros([0])).shape).toEqual([0]);
    expect(vmap((x: Tensor) => x.mul(2))(np.zeros([0, 2])).shape).toEqual([0, 2]);
  });
});

describe("error catalogue", () => {
  for (const [name, run, type, message] of cases) {
    it(name, () => {
      let thrown: unknown;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, "expected an error").toBeInstanceOf(type);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).name).toBe(type.name);
    });
  }
});
