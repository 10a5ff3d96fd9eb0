/**
 * How a split call's units are divided (`pool.ts` `ranges`) and how a product learns the
 * calling thread's share (`CallingShare`): the ranges tile the units in order, and the
 * share settles where the calling thread and the workers finish together, for a model of
 * a split call whose calling thread also copies every thread's data in or out.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CallingShare, ranges } from "../src/backend/threads/pool";

describe("ranges", () => {
  it("tile [0, units) in order, the calling thread's range of about its share, the others even", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), (units, threads, share) => {
        const rs = ranges(units, threads, share);
        expect(rs).toHaveLength(threads);
        expect(rs[0][0]).toBe(0);
        expect(rs[threads - 1][1]).toBe(units);
        rs.forEach(([a, b], i) => {
          expect(b).toBeGreaterThanOrEqual(a);
          if (i > 0) expect(a).toBe(rs[i - 1][1]);
        });
        if (threads > 1) {
          expect(Math.abs(rs[0][1] - units * share)).toBeLessThanOrEqual(0.5);
          const others = rs.slice(1).map(([a, b]) => b - a);
          expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(1);
        }
      }),
    );
    expect(ranges(10, 2)).toEqual([[0, 5], [5, 10]]);
    expect(ranges(7, 1, 0.2)).toEqual([[0, 7]]);
  });
});

describe("CallingShare", () => {
  /**
   * A product over `threads`: the calling thread computes its share at `here` ms per unit
   * share and then copies everything out (`copy` ms); each worker computes its part at
   * `worker` ms per unit share after waking (`wake` ms, which it does not report). Returns
   * the timing the pool would report.
   */
  const model = (share: number, threads: number, here: number, worker: number, copy: number, wake = 0.05) => {
    const mine = share * here + copy;
    const theirs = ((1 - share) / (threads - 1)) * worker;
    return { hereMs: mine, waitMs: Math.max(0, wake + theirs - mine), workerMs: theirs, firstRun: false };
  };
  const balancedShare = (threads: number, here: number, worker: number, copy: number) => (worker / (threads - 1) - copy) / (here + worker / (threads - 1));

  it("settles where both sides finish together, from the even share", () => {
    for (const [threads, here, worker, copy] of [
      [2, 12, 13, 1],
      [2, 12, 12, 0.5],
      [3, 10, 11, 1.5],
      [2, 8, 16, 0],
    ] as const) {
      const share = new CallingShare();
      for (let call = 0; call < 200; call++) share.learn("k", threads, model(share.of("k", threads), threads, here, worker, copy));
      // Balance: s·here + copy = (1 − s)/(T − 1)·worker.
      expect(Math.abs(share.of("k", threads) - balancedShare(threads, here, worker, copy)), `${threads} threads`).toBeLessThan(0.02);
      // Near there, the calling thread waits little: under 3% of the call.
      const t = model(share.of("k", threads), threads, here, worker, copy);
      expect(t.waitMs).toBeLessThan(0.03 * (t.hereMs + t.waitMs));
    }
  });

  it("gets there in a few calls, whether the calling thread starts with too much or too little", () => {
    // A batch call whose calling thread copies everything in and out: 0.25 + 0.3 ms beside 1 ms of kernel.
    for (const [copy, worker] of [
      [0.55, 1],
      [0, 2],
    ] as const) {
      const share = new CallingShare();
      for (let call = 0; call < 8; call++) share.learn("k", 2, model(share.of("k", 2), 2, 1, worker, copy));
      expect(Math.abs(share.of("k", 2) - balancedShare(2, 1, worker, copy))).toBeLessThan(0.04);
    }
  });

  it("starts even, keeps calls of other shapes and thread counts apart, and stays within bounds", () => {
    const share = new CallingShare();
    expect(share.of("a", 2)).toBe(0.5);
    expect(share.of("a", 4)).toBe(0.25);
    share.learn("a", 2, { hereMs: 1, waitMs: 0, workerMs: 0.6, firstRun: false });
    expect(share.of("a", 2)).toBeLessThan(0.5);
    expect(share.of("b", 2)).toBe(0.5);
    expect(share.of("a", 3)).toBeCloseTo(1 / 3);
    share.learn("a", 2, null); // an unsplit call teaches nothing
    for (let i = 0; i < 1000; i++) share.learn("c", 2, { hereMs: 1, waitMs: 0, workerMs: 0, firstRun: false });
    expect(share.of("c", 2)).toBe(0.05);
    for (let i = 0; i < 1000; i++) share.learn("d", 2, { hereMs: 1, waitMs: 50, workerMs: 51, firstRun: false });
    expect(share.of("d", 2)).toBe(0.75);
  });
});
