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
  lax,
  makeJaxpr,
  np,
} from "../src";

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
  ["unknown dtype", () => np.ones([1], "complex64" as never), DTypeError, /unknown dtype "complex64"/],
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
  ["0-d iteration", () => [...np.array(1)], ArgumentError, /Cannot iterate over a 0-d tensor/],
];

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
