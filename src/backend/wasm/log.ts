/**
 * `log` on f64x2 lanes, bit-identical to the engine's `Math.log` where that is fdlibm's
 * `e_log.c` as V8 has it (`ieee754::log`; the probe below tells), so a kernel that takes
 * logarithms need not call out to JavaScript once per lane.
 *
 * The algorithm is fdlibm's, on the bits of x in 64-bit integer lanes: the exponent k and
 * the mantissa scaled into [√2/2, √2) from the high word, f = x − 1, and one of four
 * forms of the result chosen per lane — f = 0; |f| < 2⁻²⁰ (a cubic); and the rational
 * approximation in s = f/(2 + f) in two arrangements. fdlibm writes each form twice, for
 * k = 0 and k ≠ 0; the k ≠ 0 form with k = 0 rounds to the same double (its extra terms
 * are +0 and a negation, exact under round-to-nearest), so one form serves both. Every
 * step is one IEEE operation in fdlibm's order and nothing is fused.
 *
 * Lanes outside the normal positive range (0, subnormals, negatives, ∞, NaN) are fdlibm's
 * special cases: a vector with one takes `fallback`, which calls `Math.log` per lane.
 */
import type { FunctionBuilder, Local, ModuleBuilder } from "./encoder";
import { fixedRandom, fromHighWord, inPlaceModule, lanesAgree, nudged } from "./lane-probe";
import { memoryImport } from "./runtime";

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1] as const;
const MIN_NORMAL = 2.2250738585072014e-308;
/** 1.5·2⁵²: an integer k added to its bits is the double 1.5·2⁵² + k (|k| < 2⁵¹). */
const MAGIC = 1.5 * 2 ** 52;

/** Integer constants of the algorithm, in 64-bit lanes (the high word's arithmetic fits in them exactly). */
const INTS = { bias: 1023, mantissa: 0xfffff, round: 0x95f64, carry: 0x100000, one: 0x3ff00000, two: 2, three: 3, lo: 0x6147a, hi: 0x6b851, zero: 0 } as const;

/**
 * log of f64x2 lanes inside one function: constants live in locals set where this is made
 * (before the loop that uses it), and `push(x)` leaves log(x) on the stack; a vector with
 * a lane outside the normal positive range gets `fallback(x)`'s result instead.
 */
export class SimdLog {
  private readonly c: Record<"ln2Hi" | "ln2Lo" | "one" | "two" | "half" | "third" | "magic" | "minNormal" | "inf" | "low", Local>;
  private readonly ints: Record<keyof typeof INTS, Local>;
  private readonly lg: Local[];
  private readonly t: Record<"m" | "k" | "f" | "dk" | "s" | "z" | "w" | "r" | "hfsq" | "a", Local>;
  private readonly masks: Record<"small" | "ipos", Local>;

  constructor(
    private readonly f: FunctionBuilder,
    private readonly fallback: (x: Local) => void,
  ) {
    const constant = (value: number, name: string) => {
      const l = f.local("v128", name);
      f.f64(value).op("f64x2.splat").set(l);
      return l;
    };
    const low = f.local("v128", "lowWord");
    // All ones in each 64-bit lane, shifted right by 32: the low word's mask.
    f.i32(-1).op("i32x4.splat").i32(32).op("i64x2.shr_u").set(low);
    this.c = {
      ln2Hi: constant(LN2_HI, "ln2Hi"), ln2Lo: constant(LN2_LO, "ln2Lo"), one: constant(1, "one"), two: constant(2, "two"), half: constant(0.5, "half"),
      third: constant(0.33333333333333333, "third"), magic: constant(MAGIC, "magic"), minNormal: constant(MIN_NORMAL, "minNormal"), inf: constant(Infinity, "inf"), low,
    };
    this.ints = Object.fromEntries(
      Object.entries(INTS).map(([name, value]) => {
        const l = f.local("v128", `i_${name}`);
        f.i32(value).op("i32x4.splat").op("i64x2.extend_low_i32x4_s").set(l);
        return [name, l];
      }),
    ) as Record<keyof typeof INTS, Local>;
    this.lg = LG.map((v, i) => constant(v, `lg${i + 1}`));
    const v = (name: string) => f.local("v128", name);
    this.t = { m: v("lm"), k: v("lk"), f: v("lf"), dk: v("ldk"), s: v("ls"), z: v("lz"), w: v("lw"), r: v("lr"), hfsq: v("lhfsq"), a: v("la") };
    this.masks = { small: v("lsmall"), ipos: v("lipos") };
  }

  /** Pushes log of the lanes of local `x`. */
  push(x: Local): void {
    const { f, c } = this;
    f.get(x).get(c.minNormal).op("f64x2.ge").get(x).get(c.inf).op("f64x2.lt").op("v128.and").op("i64x2.all_true");
    f.ifElse(() => this.plain(x), () => this.fallback(x), "v128");
  }

  /** Every lane a normal positive double. */
  private plain(x: Local): void {
    const { f, c } = this;
    const n = this.ints;
    const { m, k, f: fl, dk, s, z, w, r, hfsq, a } = this.t;
    // hx = high word; k = (hx >> 20) − 1023; m = hx & 0xfffff; i = (m + 0x95f64) & 0x100000.
    f.get(x).i32(32).op("i64x2.shr_s").tee(m).i32(20).op("i64x2.shr_s").get(n.bias).op("i64x2.sub").set(k);
    f.get(m).get(n.mantissa).op("v128.and").set(m);
    f.get(m).get(n.round).op("i64x2.add").get(n.carry).op("v128.and").set(a);
    // x with high word m | (i ^ 0x3ff00000): x or x/2 scaled into [√2/2, √2); f = that − 1.
    f.get(m).get(a).get(n.one).op("v128.xor").op("v128.or").i32(32).op("i64x2.shl").get(x).get(c.low).op("v128.and").op("v128.or");
    f.get(c.one).op("f64x2.sub").set(fl);
    // k += i >> 20; dk = (double) k, through the bits of 1.5·2⁵² + k.
    f.get(k).get(a).i32(20).op("i64x2.shr_s").op("i64x2.add").get(c.magic).op("i64x2.add").get(c.magic).op("f64x2.sub").set(dk);
    // The rational form: s = f/(2 + f), R = t2 + t1.
    f.get(fl).get(c.two).get(fl).op("f64x2.add").op("f64x2.div").tee(s).get(s).op("f64x2.mul").tee(z).get(z).op("f64x2.mul").set(w);
    const poly = (first: number, rest: readonly number[]) => {
      // lg[first] + w·(lg[rest0] + w·(… lg[last]))
      f.get(this.lg[rest[rest.length - 1]]);
      for (let i = rest.length - 2; i >= 0; i--) f.get(w).op("f64x2.mul").get(this.lg[rest[i]]).op("f64x2.add");
      f.get(w).op("f64x2.mul").get(this.lg[first]).op("f64x2.add");
    };
    // t1 = w·(Lg2 + w·(Lg4 + w·Lg6)); t2 = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))); R = t2 + t1.
    f.get(w);
    poly(1, [3, 5]);
    f.op("f64x2.mul").set(hfsq);
    f.get(z);
    poly(0, [2, 4, 6]);
    f.op("f64x2.mul").get(hfsq).op("f64x2.add").set(r);
    // Which form each lane takes: most take the last (B below); the others are rare.
    const { small, ipos } = this.masks;
    f.get(m).get(n.lo).op("i64x2.sub").get(n.hi).get(m).op("i64x2.sub").op("v128.or").get(n.zero).op("i64x2.gt_s").set(ipos);
    f.get(m).get(n.two).op("i64x2.add").get(n.mantissa).op("v128.and").get(n.three).op("i64x2.lt_s").set(small);
    f.get(small).get(ipos).op("v128.or").op("v128.any_true");
    f.ifElse(() => this.anyForm(), () => this.formB(), "v128");
  }

  /** dk·ln2hi − ((s·(f − R) − dk·ln2lo) − f): fdlibm's form for i ≤ 0 (with R and |f| ≥ 2⁻²⁰). */
  private formB(): void {
    const { f, c } = this;
    const { f: fl, dk, s, r } = this.t;
    f.get(dk).get(c.ln2Hi).op("f64x2.mul");
    f.get(s).get(fl).get(r).op("f64x2.sub").op("f64x2.mul").get(dk).get(c.ln2Lo).op("f64x2.mul").op("f64x2.sub").get(fl).op("f64x2.sub");
    f.op("f64x2.sub");
  }

  /** Every form, each lane choosing its own. */
  private anyForm(): void {
    const { f, c } = this;
    const { f: fl, dk, s, r, hfsq, a } = this.t;
    const { small, ipos } = this.masks;
    // i > 0 (i = (m − 0x6147a) | (0x6b851 − m)): dk·ln2hi − ((hfsq − (s·(hfsq + R) + dk·ln2lo)) − f), hfsq = 0.5·f·f.
    f.get(c.half).get(fl).op("f64x2.mul").get(fl).op("f64x2.mul").set(hfsq);
    f.get(dk).get(c.ln2Hi).op("f64x2.mul");
    f.get(hfsq).get(s).get(hfsq).get(r).op("f64x2.add").op("f64x2.mul").get(dk).get(c.ln2Lo).op("f64x2.mul").op("f64x2.add").op("f64x2.sub").get(fl).op("f64x2.sub");
    f.op("f64x2.sub");
    this.formB();
    f.get(ipos).op("v128.bitselect").set(a);
    // |f| < 2⁻²⁰ ((m + 2) & 0xfffff < 3): f = 0: dk·ln2hi + dk·ln2lo; else dk·ln2hi − ((R' − dk·ln2lo) − f), R' = f·f·(0.5 − f/3).
    f.get(dk).get(c.ln2Hi).op("f64x2.mul").get(dk).get(c.ln2Lo).op("f64x2.mul").op("f64x2.add");
    f.get(dk).get(c.ln2Hi).op("f64x2.mul");
    f.get(fl).get(fl).op("f64x2.mul").get(c.half).get(c.third).get(fl).op("f64x2.mul").op("f64x2.sub").op("f64x2.mul");
    f.get(dk).get(c.ln2Lo).op("f64x2.mul").op("f64x2.sub").get(fl).op("f64x2.sub").op("f64x2.sub");
    f.get(fl).get(c.one).get(c.one).op("f64x2.sub").op("f64x2.eq");
    f.op("v128.bitselect");
    f.get(a).get(small).op("v128.bitselect");
  }
}

/** Math.log one lane at a time (imported as `math.log`), the special lanes' path. */
export function laneByLane(f: FunctionBuilder, name: string): (x: Local) => void {
  return (x) => {
    const r = f.local("v128", "logLanes");
    f.get(x).op("f64x2.extract_lane", 0).call(name).op("f64x2.splat").set(r);
    f.get(r).get(x).op("f64x2.extract_lane", 1).call(name).op("f64x2.replace_lane", 1);
  };
}

/** A module applying log in place (`inPlaceModule`, importing `math.log`), for the probe check and the tests. */
export function logLanesModule(memory: { maxPages: number } | null): ModuleBuilder {
  return inPlaceModule((f) => new SimdLog(f, laneByLane(f, "log")), memory, ["log"]);
}

/**
 * Inputs that tell log implementations apart: ulps around each form's boundaries (powers
 * of two, where f = 0; the edges of |f| < 2⁻²⁰; the scaling threshold near √2; fdlibm's
 * 0x6147a and 0x6b851), around 1, the range's ends, powers of two over every exponent, the
 * special values, and random inputs over every exponent and near 1.
 */
export function logProbes(): Float64Array {
  const out: number[] = [0, -0, -1, NaN, Infinity, -Infinity, 5e-324, 1e-310, MIN_NORMAL, Number.MAX_VALUE, 1, 2, 0.5, Math.E, 10];
  const withMantissa = (exponentHigh: number, m: number) => fromHighWord(exponentHigh | m);
  const edges = [1, 2, 0.5, 2 ** 100, 2 ** -100, MIN_NORMAL, Number.MAX_VALUE, Math.SQRT2, Math.SQRT1_2];
  for (const high of [0x3ff00000, 0x3fe00000, 0x40900000, 0x00100000]) for (const m of [0x6147a, 0x6b851, 0x6a09e, 0x6a09f, 0xffffe, 0xfffff, 1, 2]) edges.push(withMantissa(high, m));
  for (const edge of edges) for (let u = -6; u <= 6; u++) out.push(nudged(edge, u));
  // Powers of two (f = 0: k·ln2 in two parts) across the exponents: a fifth of them round
  // otherwise as k·ln2 in one product.
  for (let k = -1022; k <= 1023; k += 7) out.push(2 ** k);
  const next = fixedRandom(0x7f4a7c15);
  for (let i = 0; i < 2048; i++) out.push(2 ** (next() * 2040 - 1020) * (1 + next()));
  for (let i = 0; i < 1024; i++) out.push(1 + (next() - 0.5) * 2 ** (-next() * 40));
  for (let i = 0; i < 512; i++) out.push(next() * 8);
  if (out.length % 2) out.push(3);
  return Float64Array.from(out);
}

let agrees: boolean | null = null;

/**
 * log on lanes for a kernel function (see `SimdLog`; `fallback` pushes the special lanes'
 * result), or null where the probe disagrees: call Math.log then.
 */
export function engineLog(f: FunctionBuilder, fallback: (x: Local) => void): SimdLog | null {
  return simdLogAgrees() ? new SimdLog(f, fallback) : null;
}

/** Whether the lanes compute this engine's `Math.log` (checked once per process on `logProbes()`). */
export function simdLogAgrees(): boolean {
  agrees ??= lanesAgree(logLanesModule(memoryImport()), logProbes(), Math.log, { log: Math.log });
  return agrees;
}
