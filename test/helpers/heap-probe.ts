/**
 * Run by test/memory.test.ts in a child `node --expose-gc` process: measures the heap
 * (after full collections) around long runs of jitted calls, and prints JSON.
 */
import { type Tensor, grad, jit, np } from "../../src";
import { jitCacheSizes } from "../../src/jit/jit";
import { calcTime } from "../../examples/terrain/terrain";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("heap-probe needs node --expose-gc");
const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const calls = Number(process.argv[2] ?? 1e6);
const shapes = Number(process.argv[3] ?? 1e4);

// 1. The same signature, numbers in and out.
const dTime = jit(grad(calcTime));
let sink = 0;
for (let i = 0; i < 1e4; i++) sink += dTime([2 + i * 1e-9, 17])[0];
const before = heap();
for (let i = 0; i < calls; i++) sink += dTime([2 + i * 1e-9, 17])[0];
const afterNumbers = heap();

// 2. The same signature, a Tensor in and out (each call allocates its result).
const f = jit((x: Tensor) => np.sin(x).mul(2).add(x));
const x = np.ones([16]);
for (let i = 0; i < 1e4; i++) sink += f(x).size;
const beforeTensor = heap();
for (let i = 0; i < calls; i++) sink += f(x).size;
const afterTensor = heap();

// 3. Many signatures: every shape from [1] to [shapes].
const g = jit((y: Tensor) => y.mul(2).add(1));
const beforeShapes = heap();
let maxTraces = 0;
for (let n = 1; n <= shapes; n++) {
  sink += g(np.zeros([n])).size;
  maxTraces = Math.max(maxTraces, jitCacheSizes(g).traces);
}
const afterShapes = heap();

console.log(
  JSON.stringify({
    calls,
    shapes,
    sameSignatureNumbersGrowth: afterNumbers - before,
    sameSignatureTensorGrowth: afterTensor - beforeTensor,
    manyShapesGrowth: afterShapes - beforeShapes,
    heapAfter: afterShapes,
    maxTraces,
    caches: jitCacheSizes(g),
    sink: sink !== 0,
  }),
);
