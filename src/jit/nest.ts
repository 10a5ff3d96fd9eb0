/**
 * Loop nests for the emitter: nested `for` loops over a shape with strided accesses,
 * their offsets kept in locals per level (no multiplication in the innermost loop), a
 * running flat index, and hooks around the innermost loop or at a given level.
 */
import type { Shape } from "../core/shape";
import { type Block, type Code, code, offsetTerm } from "./code";

/** A strided access for a nested loop: strides per loop axis and the starting offset. */
export interface Access {
  readonly strides: readonly number[];
  readonly start: Code;
}

/** The loop variable of axis `d` in {@link emitNest} (an axis of size 1 has none: its index is 0). */
export const loopIndex = (d: number): Code => code`i${d}`;

/** Options of {@link emitNest}. */
export interface NestOptions {
  /** Keep a running flat index `k` (row-major over `shape`). Default true. */
  readonly counted?: boolean;
  /** Statements around the innermost loop (when the last axis loops), given the offsets outside it. */
  readonly around?: { readonly before: (b: Block, offsets: readonly Code[]) => void; readonly after: (b: Block, offsets: readonly Code[]) => void };
  /** Statements at the start of axis `level`'s body (level -1: before all loops), given the offsets there. */
  readonly enter?: { readonly level: number; readonly emit: (b: Block, offsets: readonly Code[]) => void };
}

/**
 * A nested loop over `shape` with, per access, its offset at the innermost level (passed
 * to `inner`), and optionally a running flat index `k`.
 */
export function emitNest(
  body: Block,
  shape: Shape,
  accesses: readonly Access[],
  inner: (b: Block, offsets: readonly Code[]) => void,
  { counted = true, around, enter }: NestOptions = {},
): void {
  // An empty array has nothing to visit (and its other axes may be huge: [2^40, 0]).
  if (shape.some((d) => d === 0)) return;
  const r = shape.length;
  // Accesses with the same strides and start share their offsets (many operands of one layout).
  const keys = accesses.map((a) => `${a.strides.join(",")}|${a.start.text}`);
  const first = keys.map((key) => keys.indexOf(key));
  const level = (b: Block, d: number, prev: readonly Code[]) => {
    if (around && d === r - 1 && shape[d] > 1) {
      around.before(b, prev);
      loopAt(b, d, prev);
      around.after(b, prev);
      return;
    }
    loopAt(b, d, prev);
  };
  const descend = (b: Block, d: number, cur: readonly Code[]) => {
    if (enter && enter.level === d) enter.emit(b, cur);
    if (d === r - 1) {
      inner(b, cur);
      if (counted) b.line(code`k++;`);
    } else level(b, d + 1, cur);
  };
  const loopAt = (b: Block, d: number, prev: readonly Code[]) => {
    // A size-1 axis needs no loop: its index is 0 and the offsets do not move.
    if (shape[d] === 1) return descend(b, d, prev);
    const i = loopIndex(d);
    b.nest(code`for (let ${i} = 0; ${i} < ${shape[d]}; ${i}++)`, (bb) => {
      const cur: Code[] = [];
      accesses.forEach((a, j) => {
        const s = a.strides[d];
        if (s === 0 || first[j] !== j) return cur.push(s === 0 ? prev[j] : cur[first[j]]);
        const name = code`q${j}_${d}`;
        bb.line(code`const ${name} = ${offsetTerm(prev[j], i, s)};`);
        return cur.push(name);
      });
      descend(bb, d, cur);
    });
  };
  // A block of its own, so that several loops can each have their `k`.
  body.nest(code``, (b) => {
    if (counted) b.line(code`let k = 0;`);
    const starts = accesses.map((a) => a.start);
    if (enter && enter.level === -1) enter.emit(b, starts);
    if (r === 0) inner(b, starts);
    else level(b, 0, starts);
  });
}
