/**
 * dot_general as a WebAssembly SIMD kernel: operands packed into panels, multiplied by a
 * register-blocked micro-kernel that holds a 4-row block of C in eight vector accumulators.
 *
 * Bits: every element of C is still the sum of its products in increasing k from +0,
 * rounded as the interpreter's kernel rounds (`core/kernels/dot.ts`): the blocking only
 * changes which elements are computed together, never the order within one. float64 is
 * f64x2 `add(acc, mul(a, b))` (no fused multiply-add); float32 is computed in f64x2 and
 * rounded to float32 after every step, as the JavaScript kernel's `Math.fround(o + a * b)`
 * is (the product of two floats is exact in a double); int32 is i32x4 with wrap-around,
 * `(o + Math.imul(a, b)) | 0`.
 */
import type { DType } from "../../core/dtype";
import { type FunctionBuilder, type Local, ModuleBuilder } from "./encoder";
import type { DotKernel } from "../../kernel/ir";
import { packPanels } from "../../kernel/pack";
import { compileKernelModule, instantiateAsync, memoryImport, reserve, reserveAsync } from "./runtime";
import { CallingShare, CostModel, type SplitJob, ranges, runParallel, runParallelAsync, runRange } from "../threads/pool";
import { type Steps, driveAsync, driveSync } from "./drive";

/** Rows of A per panel. */
const MR = 4;

/**
 * Bytes of packed B in one column block: the kernel sweeps every row panel of A over one
 * block before the next, so the block stays in L2 (256 KB fits every current core's) and
 * A, a 4-row panel at a time, streams. Without blocks a 512² product re-read all 2 MB of B
 * per panel of A: 17.6 → 15.9 ms on one thread, 10.1 → 8.8 ms on two (scratch, medians).
 */
const B_BLOCK_BYTES = 256 * 1024;

export type Family = "f64" | "f32" | "i32";

interface Layout {
  /** Bytes per packed element. */
  readonly bytes: number;
  /** Columns of B per panel (two vectors). */
  readonly nr: number;
}

const LAYOUT: Record<Family, Layout> = { f64: { bytes: 8, nr: 4 }, f32: { bytes: 8, nr: 4 }, i32: { bytes: 4, nr: 8 } };

/** The kernel module for one family: `dot(ap, bp, cp, mPanels, nPanels, k)`, k ≥ 1. */
export function dotModule(family: Family, memory: { maxPages: number } | null = memoryImport()): ModuleBuilder {
  const { bytes, nr } = LAYOUT[family];
  const int = family === "i32";
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", 1, memory);
  const f = mb.function("dot", [["ap", "i32"], ["bp", "i32"], ["cp", "i32"], ["mPanels", "i32"], ["nPanels", "i32"], ["k", "i32"]], [], "dot");
  const [ap, bp, cp, mPanels, nPanels, k] = f.params;
  const [ip, jp, kk] = [f.local("i32", "ip"), f.local("i32", "jp"), f.local("i32", "kk")];
  const [aPtr, bPtr, cRow] = [f.local("i32", "aPtr"), f.local("i32", "bPtr"), f.local("i32", "cRow")];
  const [b0, b1, a] = [f.local("v128", "b0"), f.local("v128", "b1"), f.local("v128", "a")];
  const acc: Local[][] = Array.from({ length: MR }, (_, r) => [f.local("v128", `c${r}0`), f.local("v128", `c${r}1`)]);
  const panelA = MR * bytes;
  const panelB = nr * bytes;
  const rowBytes = (g: FunctionBuilder) => g.get(nPanels).i32(panelB).op("i32.mul");

  const add = int ? "i32x4.add" : "f64x2.add";
  const mul = int ? "i32x4.mul" : "f64x2.mul";
  // Column blocks of B small enough to stay in L2 while every row panel of A passes over them.
  const [blockPanels, jb, j0, jEnd] = [f.local("i32", "blockPanels"), f.local("i32", "jb"), f.local("i32", "j0"), f.local("i32", "jEnd")];
  // blockPanels = max(1, B_BLOCK_BYTES / (k·panelB)) (select: cond ? first : second)
  f.i32(B_BLOCK_BYTES).get(k).i32(panelB).op("i32.mul").op("i32.div_u").tee(blockPanels);
  f.i32(1).get(blockPanels).i32(1).op("i32.ge_u").op("select").set(blockPanels);
  const blocks = () => f.get(nPanels).get(blockPanels).op("i32.add").i32(1).op("i32.sub").get(blockPanels).op("i32.div_u");
  f.forRange(jb, 0, blocks, 1, () => {
    // j0 = jb·blockPanels; jEnd = min(j0 + blockPanels, nPanels)
    f.get(jb).get(blockPanels).op("i32.mul").tee(j0).get(blockPanels).op("i32.add").tee(jEnd);
    f.get(nPanels).get(jEnd).get(nPanels).op("i32.lt_s").op("select").set(jEnd);
    f.forRange(ip, 0, () => f.get(mPanels), 1, () => {
      f.forRange(jp, j0, () => f.get(jEnd), 1, () => {
        for (const pair of acc) for (const c of pair) (int ? f.i32(0).op("i32x4.splat") : f.f64(0).op("f64x2.splat")).set(c);
        // aPtr = ap + ip·k·panelA; bPtr = bp + jp·k·panelB
        f.get(ap).get(ip).get(k).op("i32.mul").i32(panelA).op("i32.mul").op("i32.add").set(aPtr);
        f.get(bp).get(jp).get(k).op("i32.mul").i32(panelB).op("i32.mul").op("i32.add").set(bPtr);
        f.i32(0).set(kk);
        f.loop(() => {
          f.get(bPtr).mem("v128.load").set(b0);
          f.get(bPtr).mem("v128.load", 16).set(b1);
          acc.forEach(([c0, c1], r) => {
            f.get(aPtr).mem(int ? "v128.load32_splat" : "v128.load64_splat", r * bytes).set(a);
            for (const [c, b] of [[c0, b0], [c1, b1]] as const) {
              f.get(c).get(a).get(b).op(mul).op(add);
              if (family === "f32") f.op("f32x4.demote_f64x2_zero").op("f64x2.promote_low_f32x4");
              f.set(c);
            }
          });
          f.get(aPtr).i32(panelA).op("i32.add").set(aPtr);
          f.get(bPtr).i32(panelB).op("i32.add").set(bPtr);
          f.get(kk).i32(1).op("i32.add").tee(kk).get(k).op("i32.lt_s").brIf(0);
        });
        // C rows ip·MR + r, columns jp·nr …: cRow = cp + (ip·MR)·rowBytes + jp·panelB
        f.get(cp).get(ip).i32(MR).op("i32.mul");
        rowBytes(f);
        f.op("i32.mul").op("i32.add").get(jp).i32(panelB).op("i32.mul").op("i32.add").set(cRow);
        acc.forEach(([c0, c1]) => {
          f.get(cRow).get(c0).mem("v128.store");
          f.get(cRow).get(c1).mem("v128.store", 16);
          f.get(cRow);
          rowBytes(f);
          f.op("i32.add").set(cRow);
        });
      });
    });
  });
  return mb;
}

const familyOf = (dtype: DType): Family | null => (dtype === "float64" ? "f64" : dtype === "float32" ? "f32" : dtype === "int32" ? "i32" : null);

const kernels = new Map<Family, { sync: DotKernel; async: AsyncDotKernel } | null>();
const texts = new Map<Family, string>();

/** The kernel module of a dtype in text format (what `jit(f).lower()` shows). */
export function wasmDotText(dtype: DType): string {
  const family = familyOf(dtype);
  if (!family) return "";
  if (!texts.has(family)) texts.set(family, dotModule(family).text());
  return texts.get(family)!;
}

/** A dot kernel for asynchronous calls (`jit(f).async`): awaited, on the asynchronous memory. */
export type AsyncDotKernel = (...args: Parameters<DotKernel>) => Promise<void>;

/** The Wasm dot kernel for a dtype (its asynchronous form when `async`), or null (no kernel for it, or WebAssembly unavailable). */
export function wasmDotKernel(dtype: DType, async: true): AsyncDotKernel | null;
export function wasmDotKernel(dtype: DType, async?: false): DotKernel | null;
export function wasmDotKernel(dtype: DType, async = false): DotKernel | AsyncDotKernel | null {
  const family = familyOf(dtype);
  if (!family) return null;
  if (!kernels.has(family)) kernels.set(family, makeKernel(family));
  const made = kernels.get(family)!;
  return made && (async ? made.async : made.sync);
}

/** Memory the packed operands and result of one pass may take; larger products run in blocks. */
const PASS_BYTES = 16 * 2 ** 20;

/**
 * One pass of the micro-kernel: where the packed operands are, panels of rows and columns,
 * k, and what the pass must do around the kernel for row panels [p0, p1): `pack` their rows
 * of A into the memory before, `unpack` their rows of C out of it after (so each thread's
 * share can be packed and copied while the others compute).
 */
export type DotStep = readonly [aBytes: number, bBytes: number, mPanels: number, nPanels: number, k: number, pack: PanelRange, unpack: PanelRange];

/** An action on row panels [p0, p1) of a pass. */
export type PanelRange = (p0: number, p1: number) => void;

/**
 * The driver (`drive.ts`) around a dot module's `dot(ap, bp, cp, mPanels, nPanels, k)`:
 * operands packed into the memory, the micro-kernel over every pass (the step yielded,
 * which may be split over threads), C copied out. Rows and columns of C per pass: everything at once when it fits
 * in `passBytes`, else square-ish blocks (whole panels) that do; every block still sums
 * over all of k, so blocking never changes a sum's order. Self-contained (it names only its
 * parameters and globals), so an ahead-of-time module carries it by its source.
 */
export function makeDotSteps(
  pack: typeof packPanels,
  reserve: (bytes: number) => ArrayBufferLike,
  bytes: number,
  nr: number,
  mr: number,
  isInt: boolean,
  passBytes: number,
): Steps<Parameters<DotKernel>, DotStep> {
  const align16 = (x: number) => Math.ceil(x / 16) * 16;
  const blockSizes = (m: number, k: number, n: number): [number, number] => {
    const fits = (mc: number, nc: number) => (mc * k + k * nc + mc * nc) * bytes <= passBytes;
    const [mp, np] = [Math.ceil(m / mr) * mr, Math.ceil(n / nr) * nr];
    if (fits(mp, np)) return [mp, np];
    let side = Math.max(mr, nr);
    while (fits(side * 2, side * 2) && (side * 2 < mp || side * 2 < np)) side *= 2;
    return [Math.min(mp, Math.max(mr, Math.floor(side / mr) * mr)), Math.min(np, Math.max(nr, Math.floor(side / nr) * nr))];
  };
  return function* (a, aStart, aB, aM, aK, b, bStart, bB, bK, bN, out, nb, m, k, n) {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      out.fill(0, 0, nb * m * n);
      return;
    }
    const [mc, nc] = blockSizes(m, k, n);
    const aBytes = align16(mc * k * bytes);
    const bBytes = align16(k * nc * bytes);
    const buffer = reserve(aBytes + bBytes + mc * nc * bytes);
    const heap = isInt ? new Int32Array(buffer) : new Float64Array(buffer);
    const bOff = aBytes / bytes;
    const cOff = (aBytes + bBytes) / bytes;
    for (let bi = 0; bi < nb; bi++) {
      const base = bi * m * n;
      for (let j0 = 0; j0 < n; j0 += nc) {
        const cols = Math.min(nc, n - j0);
        const nPanels = Math.ceil(cols / nr);
        pack(b, bStart + bi * bB + j0 * bN, bN, bK, cols, k, nr, heap, bOff);
        for (let i0 = 0; i0 < m; i0 += mc) {
          const rows = Math.min(mc, m - i0);
          const mPanels = Math.ceil(rows / mr);
          const ldc = nPanels * nr;
          // The view stays valid across the step: only this call grows its memory meanwhile.
          const packRows = (p0: number, p1: number) => {
            const r0 = p0 * mr;
            pack(a, aStart + bi * aB + (i0 + r0) * aM, aM, aK, Math.min(rows, p1 * mr) - r0, k, mr, heap, r0 * k);
          };
          const unpackRows = (p0: number, p1: number) => {
            const [r0, r1] = [p0 * mr, Math.min(rows, p1 * mr)];
            // Whole rows of C are one run of the output: one copy.
            if (ldc === n && cols === n) return out.set(heap.subarray(cOff + r0 * ldc, cOff + r1 * ldc), base + (i0 + r0) * n);
            for (let i = r0; i < r1; i++) {
              const from = cOff + i * ldc;
              out.set(heap.subarray(from, from + cols), base + (i0 + i) * n + j0);
            }
          };
          yield [aBytes, bBytes, mPanels, nPanels, k, packRows, unpackRows];
        }
      }
    }
  };
}

/** What a module for one family needs besides its bytes: element size, panel width, integer or not. */
export function dotLayout(dtype: DType): { family: Family; bytes: number; nr: number; mr: number; isInt: boolean; passBytes: number } | null {
  const family = familyOf(dtype);
  return family ? { family, ...LAYOUT[family], mr: MR, isInt: family === "i32", passBytes: PASS_BYTES } : null;
}

/** Pool ids of the dot modules (the batch kernels number from 1). */
const POOL_IDS: Record<Family, number> = { f64: -1, f32: -2, i32: -3 };

function makeKernel(family: Family): { sync: DotKernel; async: AsyncDotKernel } | null {
  const made = compileKernelModule(dotModule(family).encode());
  if (!made) return null;
  type Run = (ap: number, bp: number, cp: number, mPanels: number, nPanels: number, k: number) => void;
  const run = made.exports.dot as Run;
  const module = made.module;
  let onAsyncMemory: Run | null = null;
  const runAsync = () => (onAsyncMemory ??= instantiateAsync(module).dot as Run);
  const { bytes, nr } = LAYOUT[family];
  // Cost per panel pair and step of k; a pass splits its row panels over threads when that pays.
  const cost = new CostModel();
  const pooled = { id: POOL_IDS[family], module, entry: "dot", imports: {}, run: run as (...args: number[]) => void, runAsync: runAsync as () => (...args: number[]) => void };
  const panelA = MR * bytes;
  /**
   * C's rows in panels of MR: each thread takes a contiguous range of panels (its own rows
   * of A and C, all of B), so every element sums its products exactly as on one thread.
   * A range's rows of A are packed just before it starts and its rows of C copied out once
   * it is done; the times measured (and so the cost model) include both.
   */
  const splitJob = ([aBytes, bBytes, , nPanels, k, pack, unpack]: DotStep): SplitJob => {
    const ldcBytes = nPanels * nr * bytes;
    return { args: (p0, p1) => [p0 * panelA * k, aBytes, aBytes + bBytes + p0 * MR * ldcBytes, p1 - p0, nPanels, k], before: pack, after: unpack };
  };
  const units = ([, , mPanels, nPanels, k]: DotStep) => mPanels * nPanels * k;
  // The calling thread copies every range's rows of C out: its share is learned (`CallingShare`).
  const share = new CallingShare();
  const shapeOf = ([, , mPanels, nPanels, k]: DotStep) => `${mPanels}×${nPanels}×${k}`;
  const pass = (step: DotStep) => {
    const mPanels = step[2];
    const threads = Math.min(cost.threadsFor(units(step)), mPanels);
    if (threads <= 1) return cost.runHere(units(step), () => runRange(splitJob(step), 0, mPanels, run));
    const panels = ranges(mPanels, threads, share.of(shapeOf(step), threads));
    const timing = cost.runSplit(units(step), threads, () => runParallel(pooled, panels, splitJob(step), cost.expectedMs(units(step))));
    share.learn(shapeOf(step), threads, timing);
  };
  const passAsync = async (step: DotStep) => {
    const mPanels = step[2];
    const threads = Math.min(cost.threadsFor(units(step), true), mPanels);
    if (threads <= 1) return cost.runHere(units(step), () => runRange(splitJob(step), 0, mPanels, runAsync()), true);
    const panels = ranges(mPanels, threads, share.of(shapeOf(step), threads));
    const timing = await cost.runSplitAsync(units(step), threads, () => runParallelAsync(pooled, panels, splitJob(step), cost.expectedMs(units(step))));
    share.learn(shapeOf(step), threads, timing);
  };
  const steps = (into: (bytes: number) => ArrayBufferLike) => makeDotSteps(packPanels, into, bytes, nr, MR, family === "i32", PASS_BYTES);
  return { sync: driveSync(steps(reserve), pass), async: driveAsync(steps(reserveAsync), passAsync) };
}
