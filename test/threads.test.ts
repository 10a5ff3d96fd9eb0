/**
 * jit's worker pool: a loop over examples split over threads gives the bits of one
 * thread (the random-program property `jit(vmap(f)) split over 1, 2 and 3 threads` checks
 * more), small calls stay on the calling thread, a worker that dies fails its call with a
 * ThreadError and is replaced, and config() refuses what it cannot mean.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, ThreadError, config, grad, jit, lax, np, vmap } from "../src";
import { CostModel, type PoolKernel, killWorkerOnNextJob, poolStats, runParallel, runParallelAsync, setParallelMinimum, setPieceMs, startWorkers } from "../src/backend/threads/pool";
import { ModuleBuilder } from "../src/backend/wasm/encoder";
import { compileKernelModule, memoryImport } from "../src/backend/wasm/runtime";
import { calcTime } from "../examples/terrain/terrain";
import { expectIdentical } from "./helpers/assert";
import { describeProgram, makeInputs, programArb, runProgram } from "./helpers/programs";

afterEach(() => {
  setParallelMinimum(null);
  setPieceMs(null);
  config({ threads: null });
});

const descend = (x0: Tensor) => lax.foriLoop(0, 20, (_i: Tensor, x: Tensor) => x.sub(grad(calcTime)(x).mul(1.5)), x0);
const starts = (n: number) => np.add(np.multiply(np.reshape(np.arange(2 * n), [n, 2]), 0.013), np.array([2, 17]));

/** A call that keeps this thread busy for `ms`, as a kernel of that cost would. */
const busy = (ms: number) => () => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/**
 * f's result on 1, 2 and 3 threads, every call split; then on 2 and 3 threads with each
 * worker's part in as many pieces as it can take, which must give the same bits too.
 */
function onThreads(f: (...a: Tensor[]) => Tensor, ...args: Tensor[]): Tensor[] {
  setParallelMinimum(0);
  const results = [1, 2, 3].map((threads) => {
    config({ threads });
    startWorkers(threads);
    return f(...args);
  });
  setPieceMs(0);
  for (const threads of [2, 3]) {
    config({ threads });
    startWorkers(threads);
    expectIdentical(f(...args), results[0]);
  }
  setPieceMs(null);
  return results;
}

describe("threads", () => {
  it("the vmapped descent gives the same bits on 1, 2 and 3 threads, and 3 threads used two workers", () => {
    const f = jit(vmap(descend), { backend: "wasm" });
    const xs = starts(1001);
    const before = poolStats().splitCalls;
    const [one, two, three] = onThreads(f, xs);
    expectIdentical(two, one);
    expectIdentical(three, one);
    expect(poolStats().workers).toBeGreaterThanOrEqual(2);
    expect(poolStats().splitCalls).toBeGreaterThanOrEqual(before + 2);
    expectIdentical(one, jit(vmap(descend), { backend: "js" })(xs));
  });

  it("per-lane while loops and int32 values: the same bits on every thread count", () => {
    // Newton's method for sqrt(a) with a per-example stop: lanes leave at different steps.
    const newton = (a: Tensor) =>
      lax.whileLoop(
        ([x, i]: Tensor[]) => np.logicalAnd(np.greater(np.abs(np.subtract(np.multiply(x, x), a)), 1e-12), np.less(i, 50)),
        ([x, i]: Tensor[]) => [np.multiply(0.5, np.add(x, np.divide(a, x))), np.add(i, 1)],
        [np.add(a, 1), np.array(0, "int32")],
      )[0];
    const a = np.add(np.multiply(np.arange(257), 3.7), 0.5);
    const [one, two, three] = onThreads(jit(vmap(newton), { backend: "wasm" }), a);
    expectIdentical(two, one);
    expectIdentical(three, one);
    const ints = jit(vmap((x: Tensor) => np.add(np.multiply(x, 7), np.floorDivide(x, 3))), { backend: "wasm" });
    const [i1, i2, i3] = onThreads(ints, np.arange(-500, 500, 1, "int32").reshape([250, 4]));
    expectIdentical(i2, i1);
    expectIdentical(i3, i1);
  });

  it("row kernels (rows in and out, a shared input, a batch not a whole number of groups): the same bits on every thread count", () => {
    // softmax over rows: a row reduction whose exp is stored by rows; the added vector is the same for every row.
    const x = np.sin(np.arange(53 * 97)).mul(3).reshape([53, 97]);
    const w = np.cos(np.arange(97));
    const f = jit((x: Tensor, w: Tensor) => np.exp(x.add(w)).div(np.sum(np.exp(x.add(w)), -1, { keepdims: true })), { backend: "wasm" });
    const [one, two, three] = onThreads(f, x, w);
    expectIdentical(two, one);
    expectIdentical(three, one);
    expectIdentical(one, jit((x: Tensor, w: Tensor) => np.exp(x.add(w)).div(np.sum(np.exp(x.add(w)), -1, { keepdims: true })), { backend: "js" })(x, w));
    const shifted = jit(vmap((x: Tensor, k: Tensor) => np.sin(x.mul(k)), { inAxes: [0, null] }), { backend: "wasm" });
    const [s1, s2, s3] = onThreads(shifted, np.arange(3 * 1001).reshape([1001, 3]), np.array(0.37));
    expectIdentical(s2, s1);
    expectIdentical(s3, s1);
  });

  it("products split by row panels: the same bits on 1, 2 and 3 threads, in each dtype, batched too", () => {
    for (const dtype of ["float64", "float32", "int32"] as const) {
      const a = np.sin(np.arange(3 * 61 * 37)).mul(50).astype(dtype).reshape([3, 61, 37]);
      const b = np.cos(np.arange(3 * 37 * 45)).mul(50).astype(dtype).reshape([3, 37, 45]);
      const f = jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "wasm" });
      const [one, two, three] = onThreads(f, a, b);
      expectIdentical(two, one);
      expectIdentical(three, one);
      expectIdentical(one, jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "js" })(a, b));
    }
  });

  it("a worker started for a product later runs a batch kernel that imports Math functions", () => {
    config({ threads: 1 }); // retires the workers: the next one starts for the product
    setParallelMinimum(0);
    config({ threads: 2 });
    const a = np.sin(np.arange(64 * 32)).reshape([64, 32]);
    startWorkers(2);
    const splits = poolStats().splitCalls;
    jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "wasm" })(a, a.T);
    expect(poolStats()).toEqual({ workers: 1, splitCalls: splits + 1 });
    const wavy = (x: Tensor) => np.add(np.exp(np.sin(x)), np.power(np.abs(x), 1.5));
    const xs = np.linspace(-4, 4, 203);
    expectIdentical(jit(vmap(wavy), { backend: "wasm" })(xs), jit(vmap(wavy), { backend: "js" })(xs));
  });

  it("a call does not wait for workers to boot: it runs without them, with the same bits", () => {
    config({ threads: 1 });
    setParallelMinimum(0);
    config({ threads: 3 });
    const f = jit(vmap(descend), { backend: "wasm" });
    const xs = starts(501);
    const want = jit(vmap(descend), { backend: "js" })(xs);
    const splits = poolStats().splitCalls;
    expectIdentical(f(xs), want); // starts two workers (they boot in tens of ms), splits over none
    expect(poolStats()).toEqual({ workers: 2, splitCalls: splits });
    startWorkers(3);
    expectIdentical(f(xs), want);
    expect(poolStats().splitCalls).toBe(splits + 1);
  });

  it("small calls stay on the calling thread", () => {
    config({ threads: 2 });
    const f = jit(vmap(descend), { backend: "wasm" });
    const xs = starts(64);
    f(xs);
    const before = poolStats().splitCalls;
    for (let i = 0; i < 20; i++) f(xs);
    expect(poolStats().splitCalls).toBe(before);
  });

  it("one slow call (a collection, a descheduled thread) does not make a small kernel split from then on; lasting slowness does", () => {
    config({ threads: 2 });
    startWorkers(2);
    const model = new CostModel();
    for (let i = 0; i < 3; i++) model.runHere(64, busy(0.005));
    expect(model.threadsFor(64)).toBe(1);
    model.runHere(64, busy(5)); // a 5 ms pause in a 5 µs call (the fourth call: timed)
    expect(model.expectedMs(64)).toBeLessThan(0.1);
    expect(model.threadsFor(64)).toBe(1);
    // Below the threshold every 32nd call is timed: three timed slow calls in a hundred.
    for (let i = 0; i < 100; i++) model.runHere(64, busy(1));
    expect(model.expectedMs(64)).toBeGreaterThan(0.9); // whether that splits depends on what splitting has cost
    expect(model.threadsFor(64 * 100)).toBe(2);
  });

  it("what a split costs is learned per kernel, not from a worker's first run of it, and not stopped by one slow split", () => {
    config({ threads: 2 });
    startWorkers(2);
    const model = new CostModel();
    const { overheads } = model;
    for (let i = 0; i < 3; i++) model.runHere(100, busy(2));
    expect(model.threadsFor(100)).toBe(2); // 2 ms of work, a 0.25 ms prior overhead
    const split = (firstRun: boolean) => model.runSplit(100, 2, () => (busy(10)(), { hereMs: 10, waitMs: 0, workerMs: 1, firstRun }));
    // Sending the kernel and the worker's cold first run: one-time costs, not learned.
    for (let i = 0; i < 3; i++) split(true);
    expect(overheads.blocking.ns).toBe(250_000);
    expect(model.threadsFor(100)).toBe(2);
    // One slow ordinary split (9 ms over the half) is outvoted by the prior; lasting cost is not.
    split(false);
    expect(model.threadsFor(100)).toBe(2);
    split(false);
    split(false);
    expect(overheads.blocking.ns).toBeGreaterThan(8e6);
    // Declined calls re-measure once they add up to 50 ms of work (2 ms each: the 25th), not only every 64th.
    let declined = 0;
    while (model.threadsFor(100) === 1) declined++;
    expect(declined).toBeGreaterThanOrEqual(15);
    expect(declined).toBeLessThan(25);
    // An exploration is two splits (the first wakes the idle core): the next call splits too.
    expect(model.threadsFor(100)).toBe(2);
    expect(model.threadsFor(100)).toBe(1);
    // A split that beat one thread is followed by another, whatever the window says; one slow split among them does not stop it.
    const fast = () => model.runSplit(100, 2, () => (busy(1.2)(), { hereMs: 1.2, waitMs: 0, workerMs: 1, firstRun: false }));
    fast();
    expect(overheads.blocking.ns).toBeGreaterThan(8e6);
    expect(model.threadsFor(100)).toBe(2);
    split(false);
    expect(model.threadsFor(100)).toBe(2);
    split(false);
    expect(model.threadsFor(100)).toBe(1);
    // Another kernel's serial work (copies, packing) is its own: a new kernel starts from the prior.
    const other = new CostModel();
    for (let i = 0; i < 3; i++) other.runHere(100, busy(2));
    expect(other.overheads.blocking.ns).toBe(250_000);
    expect(other.threadsFor(100)).toBe(2);
  });

  it("a split whose later parts are empty (a calling share near 1) runs no job on them and never copies an empty range", async () => {
    // The fuzz counterexample: a batched outer product split over 2 panels, the calling thread
    // taking both, copied C's rows out from past the end of the output.
    const mb = new ModuleBuilder();
    mb.importMemory("env", "memory", 1, memoryImport());
    mb.function("k", [["u0", "i32"], ["u1", "i32"]], [], "k");
    const made = compileKernelModule(mb.encode());
    if (!made) throw new Error("WebAssembly is unavailable");
    const k = made.exports.k as (...a: number[]) => void;
    const kernel: PoolKernel = { id: 90_001, module: made.module, entry: "k", imports: {}, run: k, runAsync: () => k };
    const seen: string[] = [];
    const job = { args: (u0: number, u1: number) => [u0, u1], before: (u0: number, u1: number) => seen.push(`in ${u0}-${u1}`), after: (u0: number, u1: number) => seen.push(`out ${u0}-${u1}`) };
    config({ threads: 3 });
    startWorkers(3);
    runParallel(kernel, [[0, 2], [2, 2], [2, 2]], job, 1);
    expect(seen).toEqual(["in 0-2", "out 0-2"]);
    seen.length = 0;
    runParallel(kernel, [[0, 0], [0, 1], [1, 2]], job, 1);
    expect([...seen].sort()).toEqual(["in 0-1", "in 1-2", "out 0-1", "out 1-2"]);
    seen.length = 0;
    await runParallelAsync(kernel, [[0, 3], [3, 3], [3, 3]], job, 1);
    expect(seen).toEqual(["in 0-3", "out 0-3"]);
  });

  it("a worker that dies mid-job fails that call with a ThreadError; it is replaced and the next call is right", () => {
    const f = jit(vmap(descend), { backend: "wasm" });
    const xs = starts(1001);
    config({ threads: 1 });
    const want = f(xs);
    setParallelMinimum(0);
    config({ threads: 2 });
    startWorkers(2);
    expectIdentical(f(xs), want);
    killWorkerOnNextJob(0);
    expect(() => f(xs)).toThrow(ThreadError);
    expect(poolStats().workers).toBe(0);
    // A new worker starts; until it runs, calls go on without it, with the same bits.
    expectIdentical(f(xs), want);
    expect(poolStats().workers).toBe(1);
    startWorkers(2);
    killWorkerOnNextJob(0);
    expect(() => f(xs)).toThrow(/jit: a worker thread exited during a job; the call is abandoned and the worker replaced/);
    expectIdentical(f(xs), want);
  }, 30_000);

  it("async: batch kernels and products split over 1, 2 and 3 threads without blocking, with the synchronous bits", async () => {
    const f = jit(vmap(descend), { backend: "wasm" });
    const mm = jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "wasm" });
    const xs = starts(1001);
    const a = np.sin(np.arange(3 * 61 * 37)).reshape([3, 61, 37]);
    const b = np.cos(np.arange(3 * 37 * 45)).reshape([3, 37, 45]);
    const [want, wantProduct] = [f(xs), mm(a, b)];
    setParallelMinimum(0);
    for (const threads of [1, 2, 3]) {
      config({ threads });
      startWorkers(threads);
      const splits = poolStats().splitCalls;
      const pending = f.async(xs);
      expect(pending).toBeInstanceOf(Promise);
      expectIdentical(await pending, want);
      expectIdentical(await mm.async(a, b), wantProduct);
      // One split per batch call, one per product pass (each of the 3 batches is one pass).
      expect(poolStats().splitCalls - splits).toBe(threads === 1 ? 0 : 4);
    }
  });

  it("async calls run in the order made; synchronous calls in between keep their own memory", async () => {
    const f = jit(vmap(descend), { backend: "wasm" });
    const mm = jit((x: Tensor, y: Tensor) => np.matmul(x, y), { backend: "wasm" });
    const inputs = [starts(40_000), starts(3001), np.add(starts(5000), 0.5)];
    const wants = inputs.map((x) => f(x));
    const a = np.sin(np.arange(96 * 96)).reshape([96, 96]);
    const wantProduct = mm(a, a);
    setParallelMinimum(0);
    config({ threads: 3 });
    startWorkers(3);
    const order: number[] = [];
    const pending = inputs.map((x, i) => f.async(x).then((r) => (order.push(i), r)));
    // While the first awaits its workers, synchronous calls run on the first memory (and on a free worker, if one is).
    const during: Tensor[] = [];
    await new Promise<void>((done) =>
      setImmediate(() => {
        for (let i = 0; i < 3; i++) during.push(f(inputs[1]), mm(a, a));
        done();
      }),
    );
    const got = await Promise.all(pending);
    got.forEach((g, i) => expectIdentical(g, wants[i]));
    expect(order).toEqual([0, 1, 2]);
    during.forEach((d, i) => expectIdentical(d, i % 2 === 0 ? wants[1] : wantProduct));
    // Fewer threads asked for while an awaited call runs: its workers finish their parts first.
    const late = f.async(inputs[0]);
    await new Promise<void>((done) => setImmediate(done));
    config({ threads: 1 });
    expectIdentical(await late, wants[0]);
    expect(poolStats().workers).toBe(0);
  });

  it("async: random programs give the synchronous bits on 2 and 3 threads", async () => {
    setParallelMinimum(0);
    await fc.assert(
      fc.asyncProperty(programArb(["float64", "int32"], 6), fc.nat(), async (program, seed) => {
        const examples = Array.from({ length: 13 }, (_, k) => makeInputs(program, seed + k));
        const batched = program.inputs.map((_, i) => np.stack(examples.map((e) => e[i])));
        const g = jit(vmap((...xs: Tensor[]) => runProgram(program, xs)), { backend: "wasm" });
        config({ threads: 1 });
        const want = g(...batched) as Tensor[];
        for (const threads of [2, 3]) {
          config({ threads });
          startWorkers(threads);
          const got = (await g.async(...batched)) as Tensor[];
          try {
            want.forEach((w, i) => expectIdentical(got[i], w));
          } catch (err) {
            throw new Error(`${String(err)}\n${describeProgram(program, examples[0])}`);
          }
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 60_000);

  it("async: a worker that dies mid-job rejects that call with a ThreadError; the next call is right", async () => {
    const f = jit(vmap(descend), { backend: "wasm" });
    const xs = starts(1001);
    const want = f(xs);
    setParallelMinimum(0);
    config({ threads: 2 });
    startWorkers(2);
    expectIdentical(await f.async(xs), want);
    killWorkerOnNextJob(0);
    await expect(f.async(xs)).rejects.toThrow(/jit: a worker thread exited during a job; the call is abandoned and the worker replaced/);
    expect(poolStats().workers).toBe(0);
    expectIdentical(await f.async(xs), want); // on the calling thread until a new worker runs
    startWorkers(2);
    expectIdentical(await f.async(xs), want);
  }, 30_000);

  it("async: mistakes reject with the synchronous call's errors; without threads it is the synchronous call", async () => {
    const f = jit((x: Tensor) => np.matmul(x, x), { backend: "wasm" });
    await expect(f.async(np.ones([3, 4]))).rejects.toThrow(ShapeError);
    let leaked: Promise<unknown> | null = null;
    vmap((x: Tensor) => {
      leaked = f.async(x);
      return x;
    })(np.ones([2, 3, 3]));
    await expect(leaked).rejects.toThrow(/jit\(f\)\.async: call it with concrete arguments/);
    config({ threads: 1 });
    const x = np.sin(np.arange(64 * 64)).reshape([64, 64]);
    expectIdentical(await f.async(x), f(x));
    // A program without kernels: its asynchronous entry is the synchronous one.
    const small = jit((t: Tensor) => t.mul(2));
    expectIdentical(await small.async(np.array([1, 2])), np.array([2, 4]));
    expect(await jit((t: Tensor) => t.mul(2)).async(21)).toBe(42);
    // Static arguments are keyed as in the synchronous call.
    const scaled = jit((x: Tensor, k: number) => np.matmul(x, x).mul(k), { backend: "wasm", staticArgnums: 1 });
    expectIdentical(await scaled.async(x, 3), scaled(x, 3));
    expectIdentical(await scaled.async(x, 4), scaled(x, 4));
  });

  it("config: threads a whole number ≥ 1 or null, nothing else", () => {
    expect(config({ threads: 1 })).toEqual({ threads: 1 });
    expect(config({ threads: 3 }).threads).toBe(3);
    for (const bad of [0, -1, 1.5, NaN, "2"]) expect(() => config({ threads: bad as number })).toThrow(ArgumentError);
    expect(() => config({ thread: 2 } as never)).toThrow(/unknown setting "thread"; the settings are: threads/);
    expect(() => config(null as never)).toThrow(ArgumentError);
    expect(config({ threads: null }).threads).toBeGreaterThanOrEqual(1);
    expect(config({ threads: 1000 }).threads).toBe(64); // capped: a worker is a whole V8 isolate
  });
});
