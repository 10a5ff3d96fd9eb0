/**
 * `exp` on f64x2 lanes, bit-identical to the engine's `Math.exp` where that is fdlibm's
 * algorithm as V8 11 has it (`ieee754::exp`: Node 20; Chromium 156, Deno 2.9 and Bun have
 * another and keep the import — the probe below tells), so a kernel that exponentiates
 * need not call out to JavaScript once per lane (15 ns per Math.exp call here, against
 * 5 ns per element for these lanes).
 *
 * The algorithm is fdlibm's `e_exp.c` as V8 has it, with its branches turned into lane
 * selects: k = round(x / ln2) (±1 or 0 in the two small ranges), r = hi − lo with
 * hi = x − k·ln2hi and lo = k·ln2lo, a degree-5 polynomial in r², the same division, and
 * scaling by 2^k in the same one or two multiplications; the special inputs (tiny, 1, out
 * of range, NaN) are chosen at the end. Every step is one IEEE operation in the same order
 * and no multiply-add is fused, so each lane rounds exactly as the C code does.
 *
 * Whether the engine's `Math.exp` is that algorithm is not assumed: `simdExpAgrees()` runs
 * the lanes once per process on probes chosen to tell implementations apart (every
 * branch's boundaries and ulps around them, random inputs over the whole range) and
 * kernels use the lanes only if every probe agrees bit for bit — otherwise (another
 * engine's libm, a build that fuses multiply-adds) they call `Math.exp` as before.
 */
import type { FunctionBuilder, Local, ModuleBuilder } from "./encoder";
import { fixedRandom, fromHighWord, inPlaceModule, lanesAgree, nudged } from "./lane-probe";
import { memoryImport } from "./runtime";

const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8] as const;
const TWO_1023 = 8.988465674311579539e307;
const TWO_M1000 = 9.3326361850321887899e-302;
/** |x| ≥ this: reduce by k·ln2 (fdlibm: high word > 0x3fd62e42). */
const HALF_LN2 = fromHighWord(0x3fd62e43);
/** |x| < this (and ≥ HALF_LN2): k = ±1 (high word < 0x3ff0a2b2). */
const THREE_HALVES_LN2 = fromHighWord(0x3ff0a2b2);
/** |x| < 2⁻²⁸: 1 + x. */
const TINY = fromHighWord(0x3e300000);

/** Below this |x| no lane needs exp's special cases (tiny, out of range, or the scaling in two steps from k = −1022 on). */
const PLAIN_BOUND = 708;

/**
 * exp of f64x2 lanes inside one function: the constants live in locals set where this is
 * made (so make it before the loop that uses it: a vector constant costs three
 * instructions each time it is built), and `push(x)` leaves exp(x) on the stack. A vector
 * whose lanes all lie in 2⁻²⁸ ≤ |x| < 708 (and are not 1 where `exactOne`) takes the plain
 * path; any other takes the one with every special case.
 */
export class SimdExp {
  private readonly k: Record<"invLn2" | "half" | "one" | "two" | "ln2Hi" | "ln2Lo" | "sign" | "halfLn2" | "threeHalvesLn2" | "tiny" | "plain" | "magic" | "bias", Local>;
  private readonly poly: Local[];
  private readonly t: Record<"ax" | "sgn" | "t" | "hi" | "lo" | "r" | "rr" | "c" | "m", Local>;

  constructor(
    private readonly f: FunctionBuilder,
    private readonly exactOne: boolean,
  ) {
    const constant = (value: number, name: string) => {
      const l = f.local("v128", name);
      f.f64(value).op("f64x2.splat").set(l);
      return l;
    };
    this.k = {
      invLn2: constant(INV_LN2, "invLn2"), half: constant(0.5, "half"), one: constant(1, "one"), two: constant(2, "two"),
      ln2Hi: constant(LN2_HI, "ln2Hi"), ln2Lo: constant(LN2_LO, "ln2Lo"), sign: constant(-0, "sign"), halfLn2: constant(HALF_LN2, "halfLn2"),
      threeHalvesLn2: constant(THREE_HALVES_LN2, "threeHalvesLn2"), tiny: constant(TINY, "tiny"), plain: constant(PLAIN_BOUND, "plain"), magic: constant(1.5 * 2 ** 52, "magic"),
      bias: f.local("v128", "bias"),
    };
    // 1023 in each 64-bit lane, added to the bits of t + 1.5·2⁵²: the low bits are t's integer.
    f.i32(1023).op("i32x4.splat").op("i64x2.extend_low_i32x4_s").set(this.k.bias);
    this.poly = P.map((c, i) => constant(c, `p${i + 1}`));
    this.t = { ax: f.local("v128", "ax"), sgn: f.local("v128", "sgn"), t: f.local("v128", "kf"), hi: f.local("v128", "hi"), lo: f.local("v128", "lo"), r: f.local("v128", "r"), rr: f.local("v128", "rr"), c: f.local("v128", "c"), m: f.local("v128", "m") };
  }

  /** Pushes exp of the lanes of local `x`. */
  push(x: Local): void {
    const { f, k } = this;
    const { ax } = this.t;
    f.get(x).op("f64x2.abs").tee(ax).get(k.tiny).op("f64x2.ge").get(ax).get(k.plain).op("f64x2.lt").op("v128.and").op("v128.not");
    if (this.exactOne) f.get(x).get(k.one).op("f64x2.eq").op("v128.or");
    f.op("v128.any_true");
    f.ifElse(() => this.special(x), () => this.plain(x), "v128");
  }

  /** k, hi, lo, r and y (left in r) as fdlibm computes them. */
  private reduce(x: Local): void {
    const { f, k, poly } = this;
    const { ax, sgn, t, hi, lo, r, rr, c } = this.t;
    f.get(x).get(k.sign).op("v128.and").set(sgn);
    // k = (int)(x/ln2 ± 0.5); ±1 below 1.5·ln2; 0 below 0.5·ln2 (then hi = x and lo = +0 exactly).
    f.get(x).get(k.invLn2).op("f64x2.mul").get(k.half).get(sgn).op("v128.or").op("f64x2.add").op("f64x2.trunc").set(t);
    f.get(k.one).get(sgn).op("v128.or").get(t).get(ax).get(k.threeHalvesLn2).op("f64x2.lt").op("v128.bitselect");
    f.get(ax).get(k.halfLn2).op("f64x2.lt").op("v128.andnot").set(t);
    f.get(x).get(t).get(k.ln2Hi).op("f64x2.mul").op("f64x2.sub").set(hi);
    f.get(t).get(k.ln2Lo).op("f64x2.mul").set(lo);
    f.get(hi).get(lo).op("f64x2.sub").tee(r).get(r).op("f64x2.mul").set(rr);
    // c = r − r²·(P1 + r²·(P2 + r²·(P3 + r²·(P4 + r²·P5))))
    f.get(poly[4]);
    for (let i = 3; i >= 0; i--) f.get(rr).op("f64x2.mul").get(poly[i]).op("f64x2.add");
    f.get(rr).op("f64x2.mul").set(c);
    f.get(r).get(c).op("f64x2.sub").set(c);
    // y = 1 − ((lo − r·c/(2 − c)) − hi)
    f.get(k.one).get(lo).get(r).get(c).op("f64x2.mul").get(k.two).get(c).op("f64x2.sub").op("f64x2.div").op("f64x2.sub").get(hi).op("f64x2.sub").op("f64x2.sub").set(r);
  }

  /** 2^(t − shift) as lanes, from the integer exponent. */
  private powerOfTwo(shift: Local | null): void {
    const { f, k } = this;
    f.get(this.t.t);
    if (shift) f.get(shift).op("f64x2.sub");
    // t + 1.5·2⁵² is exact and holds t in its low bits; adding the bias there and shifting
    // by 52 leaves (t + 1023)·2⁵² — the exponent field of 2^t — and drops the rest.
    f.get(k.magic).op("f64x2.add").get(k.bias).op("i64x2.add").i32(52).op("i64x2.shl");
  }

  private plain(x: Local): void {
    this.reduce(x);
    this.f.get(this.t.r);
    this.powerOfTwo(null);
    this.f.op("f64x2.mul");
  }

  /** Every lane as V8's C code treats it, special cases chosen last. */
  private special(x: Local): void {
    const { f } = this;
    const { ax, t, r, m } = this.t;
    this.reduce(x);
    const v = (value: number) => f.f64(value).op("f64x2.splat");
    const choose = (a: () => void, b: () => void, mask: () => void) => {
      a();
      b();
      mask();
      f.op("v128.bitselect");
    };
    // y·2^k as V8 scales it: k = 1024: (y·2)·2^1023; k < −1021: (y·2^(k+1000))·2^−1000; m moves to the second factor.
    const top = () => f.get(t).f64(1024).op("f64x2.splat").op("f64x2.eq");
    const bottom = () => f.get(t).f64(-1021).op("f64x2.splat").op("f64x2.lt");
    choose(() => v(1023), () => choose(() => v(-1000), () => v(0), bottom), top);
    f.set(m);
    f.get(r);
    this.powerOfTwo(m);
    f.op("f64x2.mul");
    choose(() => v(TWO_1023), () => choose(() => v(TWO_M1000), () => v(1), bottom), top);
    f.op("f64x2.mul").set(r);
    const override = (value: () => void, mask: () => void) => {
      choose(value, () => f.get(r), mask);
      f.set(r);
    };
    override(() => f.get(x).f64(1).op("f64x2.splat").op("f64x2.add"), () => f.get(ax).f64(TINY).op("f64x2.splat").op("f64x2.lt"));
    if (this.exactOne) override(() => v(Math.E), () => f.get(x).f64(1).op("f64x2.splat").op("f64x2.eq"));
    override(() => v(Infinity), () => f.get(x).f64(O_THRESHOLD).op("f64x2.splat").op("f64x2.gt"));
    override(() => v(0), () => f.get(x).f64(U_THRESHOLD).op("f64x2.splat").op("f64x2.lt"));
    override(() => f.get(x).get(x).op("f64x2.add"), () => f.get(x).get(x).op("f64x2.ne"));
    f.get(r);
  }
}

/** A module applying exp in place (`inPlaceModule`), for the probe check and the tests. */
export function expLanesModule(exactOne: boolean, memory: { maxPages: number } | null): ModuleBuilder {
  return inPlaceModule((f) => new SimdExp(f, exactOne), memory);
}

/** Inputs that tell exp implementations apart: every branch's boundaries with ulps around them, and random inputs over the range. */
export function expProbes(): Float64Array {
  const out: number[] = [0, -0, 1, -1, 2, 0.5, NaN, Infinity, -Infinity, 1e-300, -1e-300, 5e-324, 709.7, -708.4, -745, 709.78, -744.44];
  const edges = [TINY, HALF_LN2, THREE_HALVES_LN2, O_THRESHOLD, -U_THRESHOLD, 1023.5 * LN2_HI, 1021.5 * LN2_HI, 1022.5 * LN2_HI, 0.5 * LN2_HI, 1.5 * LN2_HI];
  for (const edge of edges) for (let u = -4; u <= 4; u++) out.push(nudged(edge, u), -nudged(edge, u));
  const next = fixedRandom();
  for (let i = 0; i < 2048; i++) out.push((next() * 2 - 1) * 750);
  for (let i = 0; i < 2048; i++) out.push((next() < 0.5 ? -1 : 1) * 2 ** (next() * 40 - 30));
  if (out.length % 2) out.push(3);
  return Float64Array.from(out);
}

let agrees: boolean | null = null;

/** Whether this engine's Math.exp has V8's exp(1) = Math.E case (the flavour the probe checks and kernels use). */
const V8_EXP_ONE = Math.exp(1) === Math.E;

/** exp on lanes for a kernel function (see `SimdExp`), or null where the probe disagrees: call Math.exp then. */
export function engineExp(f: FunctionBuilder): SimdExp | null {
  return simdExpAgrees() ? new SimdExp(f, V8_EXP_ONE) : null;
}

/**
 * Whether the lanes compute this engine's `Math.exp` (checked once per process on
 * `expProbes()`); false where WebAssembly is unavailable or refused.
 */
export function simdExpAgrees(): boolean {
  agrees ??= lanesAgree(expLanesModule(V8_EXP_ONE, memoryImport()), expProbes(), Math.exp);
  return agrees;
}
