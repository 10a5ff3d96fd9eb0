import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jit, np } from "../src";
import type { ConcreteArray } from "../src/core/array";
import { allocate } from "../src/core/dtype";
import { float32Storage, float64Storage, int32Storage, isPooled, uint8Storage } from "../src/core/storage";

type Storage = Float64Array | Float32Array | Int32Array | Uint8Array;
const allocators: [string, (n: number) => Storage, number][] = [
  ["float64", float64Storage, 8],
  ["float32", float32Storage, 4],
  ["int32", int32Storage, 4],
  ["uint8", uint8Storage, 1],
];
const ownsBuffer = (a: Storage) => a.byteOffset === 0 && a.buffer.byteLength === a.byteLength;

describe("result storage (small arrays carved from slabs)", () => {
  it("gives zeroed, aligned arrays of the asked length; 65 bytes to 1 KB share slabs, the rest own their buffers", () => {
    for (const [name, make, bytes] of allocators) {
      for (const n of [0, 1, 2, 64 / bytes, 64 / bytes + 1, 100, 1024 / bytes, 1024 / bytes + 1, 5000]) {
        const a = make(n);
        expect(a.length, `${name}(${n})`).toBe(n);
        expect(a.every((v) => v === 0)).toBe(true);
        expect(a.byteOffset % 8).toBe(0);
        expect(ownsBuffer(a), `${name}(${n})`).toBe(!isPooled(n * bytes));
      }
      // Two pooled arrays in a row come from one slab (the point of the pool).
      const [x, y] = [make(128 / bytes), make(128 / bytes)];
      expect(x.buffer === y.buffer || y.byteOffset === 0).toBe(true);
    }
  });

  it("never hands out a byte twice: every array keeps what was written to it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 300 }), (asks) => {
        const made = asks.map(([k, n], i) => {
          const a = allocators[k][1](n);
          expect(a.every((v) => v === 0)).toBe(true); // fresh memory, not a reused region
          a.fill((i % 200) + 1);
          return a;
        });
        made.forEach((a, i) => expect(a.every((v) => v === (i % 200) + 1)).toBe(true));
      }),
      { numRuns: 50 },
    );
  });

  it("backs eager and jitted results alike, with the same values as storage of their own", () => {
    const x = np.sin(np.arange(9)); // 72 bytes: pooled
    const data = (t: unknown) => (t as ConcreteArray).data;
    expect(ownsBuffer(data(x))).toBe(false);
    const f = jit((t: typeof x) => np.cos(t).mul(t));
    const y = f(x);
    expect(ownsBuffer(data(y))).toBe(false);
    const want = Float64Array.from(data(x), (v) => Math.cos(v) * v);
    expect(Array.from(y.toTypedArray())).toEqual(Array.from(want));
    // toTypedArray() copies into a buffer of its own, so a user may transfer or reinterpret it.
    expect(ownsBuffer(y.toTypedArray())).toBe(true);
    expect(allocate("complex128", 5).length).toBe(10);
  });
});
