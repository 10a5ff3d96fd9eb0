/**
 * Choosing a batch kernel's layouts by what its copies cost. A mapped value of several
 * elements per example is row-major in the program ([n, m]); the lane layout (element
 * after element) needs a transposing copy on the calling thread in and out — at 10⁶
 * examples of two values 3.9 ms in and 3.2 ms out here, against 1.1 ms for a block copy of
 * the same bytes — while reading or writing rows costs the kernel two scalar loads or
 * stores per vector instead of one vector access, spread over every thread.
 */
import type { BatchKernel, KStmt, KernelOutput } from "./ir";

/** Whether a mapped input of `size` elements per example should be read by rows: when its rows lie in storage as one block. */
export function inputByRows(size: number, exampleStride: number, offsets: readonly number[]): boolean {
  return size > 1 && exampleStride === size && offsets.every((o, j) => o === offsets[0] + j);
}

/**
 * `k` with every output of several elements per example stored by rows: its elements'
 * values stored at the end of the body (`store` statements), so the copy out of its
 * row-major buffer is one block. Single-element outputs are the same in both layouts.
 */
export function outputsByRows(k: BatchKernel): BatchKernel {
  const stores: KStmt[] = [];
  const outputs = k.outputs.map((o, output): KernelOutput => {
    if (o.rows !== undefined || o.elements.length < 2) return o;
    o.elements.forEach((e, index) => stores.push({ k: "store", output, index, e }));
    return { dtype: o.dtype, elements: [], rows: o.elements.length };
  });
  return stores.length === 0 ? k : { ...k, body: [...k.body, ...stores], outputs };
}
