/**
 * The order in which the plan meets a jaxpr's equations. The plan fuses a run of
 * equations of one loop shape into one loop, and a program that treats several arrays
 * alike — an optimizer's `tree.map` over a model's leaves — interleaves their shapes, so
 * in trace order each leaf's update is cut into a loop per step. This is a list schedule
 * of the same equations: among those whose operands are computed, it takes one that joins
 * the loop of the last shape taken, else a cheap one that the plan places around loops (a
 * 0-d value, a view), else the earliest in trace order. Equations with effects keep their
 * order among themselves. Only the order changes: every equation computes what it did, so
 * results are the same bits; what changes is which equations share a loop (Adam's update
 * of a 784×128 leaf: five loops → one).
 */
import { type AnyEqn, Var } from "../core/ir";
import { hasEffects } from "../core/effects";
import type { Shape } from "../core/shape";
import { unitKinds } from "./unit-kinds";

/** The loop shape an equation would join, as a key, or null when it makes no loop. */
function loopKey(eqn: AnyEqn): string | null {
  const kind = unitKinds[eqn.prim].kind;
  let shape: Shape | null = null;
  if (kind === "elementwise" || eqn.prim === "pad" || eqn.prim === "gather") shape = eqn.outs[0].aval.shape;
  else if (kind === "reduce") shape = eqn.inputs[0].aval.shape;
  return shape && shape.length > 0 ? shape.join(",") : null;
}

/** Placed around loops without ending them: 0-d elementwise values and views (`key`: the equation's loop key). */
function isCheap(eqn: AnyEqn, key: string | null): boolean {
  const kind = unitKinds[eqn.prim].kind;
  return kind === "view" || ((kind === "elementwise" || kind === "reduce") && key === null);
}

/** Whether equations of two different loop shapes occur (stops at the second). */
function twoLoopShapes(eqns: readonly AnyEqn[]): boolean {
  let first: string | null = null;
  for (const e of eqns) {
    const key = loopKey(e);
    if (key === null) continue;
    if (first === null) first = key;
    else if (key !== first) return true;
  }
  return false;
}

/** A binary min-heap of equation indices (earliest in trace order first). */
class Earliest {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0];
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= x) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** `eqns` in the order described above (the same array when no loop shapes interleave). */
export function schedule(eqns: readonly AnyEqn[]): readonly AnyEqn[] {
  // With at most one loop shape there is nothing to gather (scalarized programs have none).
  if (!twoLoopShapes(eqns)) return eqns;
  const keys = eqns.map(loopKey);
  const n = eqns.length;
  const producer = new Map<Var, number>();
  eqns.forEach((e, i) => e.outs.forEach((v) => producer.set(v, i)));
  const waiting = new Array<number>(n).fill(0);
  const dependents: number[][] = eqns.map(() => []);
  const edge = (from: number, to: number) => {
    dependents[from].push(to);
    waiting[to]++;
  };
  let lastEffect = -1;
  eqns.forEach((e, i) => {
    const from = new Set<number>();
    for (const a of e.inputs) if (a instanceof Var && producer.has(a)) from.add(producer.get(a)!);
    from.forEach((j) => edge(j, i));
    // Effects are taken only as the earliest ready equation, which keeps their order
    // already; the edge states it rather than leaning on that.
    if (hasEffects(e)) {
      if (lastEffect >= 0 && !from.has(lastEffect)) edge(lastEffect, i);
      lastEffect = i;
    }
  });
  const all = new Earliest();
  const cheap = new Earliest();
  const byKey = new Map<string, Earliest>();
  const ready = (i: number) => {
    all.push(i);
    const key = keys[i];
    if (key !== null) {
      let heap = byKey.get(key);
      if (!heap) byKey.set(key, (heap = new Earliest()));
      heap.push(i);
    } else if (isCheap(eqns[i], key)) cheap.push(i);
  };
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready(i);
  const done = new Uint8Array(n);
  /** The earliest not yet taken (each heap holds indices lazily: taken ones are skipped). */
  const first = (heap: Earliest | undefined): number | null => {
    while (heap && heap.size > 0 && done[heap.peek()]) heap.pop();
    return heap && heap.size > 0 ? heap.pop() : null;
  };
  const order: AnyEqn[] = [];
  let current: string | null = null;
  while (order.length < n) {
    const i: number = (current !== null ? first(byKey.get(current)) : null) ?? first(cheap) ?? first(all)!;
    done[i] = 1;
    order.push(eqns[i]);
    if (keys[i] !== null) current = keys[i];
    for (const j of dependents[i]) if (--waiting[j] === 0) ready(j);
  }
  return order;
}
