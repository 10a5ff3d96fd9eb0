/**
 * Stable argsort along one axis, NumPy's order: ascending with NaN last, -0 and 0 equal
 * (ties keep their original order).
 */
import { allocate, type TypedArray } from "../dtype";
import { sizeOf } from "../shape";

const before = (a: number, b: number): number => {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = a !== a;
  const bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
};

export function argsortKernel(data: TypedArray, shape: readonly number[], axis: number): TypedArray {
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = allocate("int32", data.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      for (let i = 0; i < n; i++) order[i] = i;
      // Array.prototype.sort is stable (ES2019), so ties keep index order.
      order.sort((i, j) => before(data[base + i * inner], data[base + j * inner]));
      for (let i = 0; i < n; i++) out[base + i * inner] = order[i];
    }
  }
  return out;
}
