/**
 * The WebAssembly instructions the renderers use: text name → binary opcode and the kind
 * of immediate that follows. One table serves the binary encoder and the text (WAT)
 * printer, so the two cannot disagree; `test/wasm-encoder.test.ts` assembles every entry
 * with wabt and compares bytes.
 */

/** What follows an opcode in the binary form. */
export type Immediate =
  | "none"
  /** A local index. */
  | "local"
  /** A function index. */
  | "func"
  /** A branch depth. */
  | "label"
  /** A block type (empty or one value type). */
  | "block"
  /** Alignment (log2) and offset. */
  | "memarg"
  /** A lane index byte. */
  | "lane"
  /** Sixteen lane index bytes (i8x16.shuffle). */
  | "shuffle"
  | "i32"
  | "f64";

interface OpInfo {
  /** Prefix byte (0xfd for SIMD, 0xfc for saturating truncation) or none. */
  readonly prefix?: number;
  readonly code: number;
  readonly imm: Immediate;
  /** Natural alignment (log2 bytes) of a memory access. */
  readonly align?: number;
}

const op = (code: number, imm: Immediate = "none", align?: number): OpInfo => ({ code, imm, align });
const simd = (code: number, imm: Immediate = "none", align?: number): OpInfo => ({ prefix: 0xfd, code, imm, align });

export const OPS = {
  unreachable: op(0x00),
  block: op(0x02, "block"),
  loop: op(0x03, "block"),
  if: op(0x04, "block"),
  else: op(0x05),
  end: op(0x0b),
  br: op(0x0c, "label"),
  br_if: op(0x0d, "label"),
  return: op(0x0f),
  call: op(0x10, "func"),
  drop: op(0x1a),
  select: op(0x1b),
  "local.get": op(0x20, "local"),
  "local.set": op(0x21, "local"),
  "local.tee": op(0x22, "local"),

  "i32.load": op(0x28, "memarg", 2),
  "f32.load": op(0x2a, "memarg", 2),
  "f64.load": op(0x2b, "memarg", 3),
  "i32.store": op(0x36, "memarg", 2),
  "f32.store": op(0x38, "memarg", 2),
  "f64.store": op(0x39, "memarg", 3),

  "i32.const": op(0x41, "i32"),
  "f64.const": op(0x44, "f64"),

  "i32.eqz": op(0x45),
  "i32.eq": op(0x46),
  "i32.ne": op(0x47),
  "i32.lt_s": op(0x48),
  "i32.lt_u": op(0x49),
  "i32.gt_s": op(0x4a),
  "i32.le_s": op(0x4c),
  "i32.ge_s": op(0x4e),
  "f64.eq": op(0x61),
  "f64.ne": op(0x62),
  "f64.lt": op(0x63),
  "f64.gt": op(0x64),
  "f64.le": op(0x65),
  "f64.ge": op(0x66),

  "i32.add": op(0x6a),
  "i32.sub": op(0x6b),
  "i32.mul": op(0x6c),
  "i32.and": op(0x71),
  "i32.or": op(0x72),
  "i32.xor": op(0x73),
  "i32.shl": op(0x74),
  "i32.shr_s": op(0x75),

  "f64.abs": op(0x99),
  "f64.neg": op(0x9a),
  "f64.ceil": op(0x9b),
  "f64.floor": op(0x9c),
  "f64.trunc": op(0x9d),
  "f64.nearest": op(0x9e),
  "f64.sqrt": op(0x9f),
  "f64.add": op(0xa0),
  "f64.sub": op(0xa1),
  "f64.mul": op(0xa2),
  "f64.div": op(0xa3),
  "f64.min": op(0xa4),
  "f64.max": op(0xa5),
  "f64.copysign": op(0xa6),
  "i32.trunc_sat_f64_s": { prefix: 0xfc, code: 0x02, imm: "none" },
  "f32.demote_f64": op(0xb6),
  "f64.convert_i32_s": op(0xb7),
  "f64.promote_f32": op(0xbb),

  "v128.load": simd(0x00, "memarg", 4),
  "v128.load32_splat": simd(0x09, "memarg", 2),
  "v128.load64_splat": simd(0x0a, "memarg", 3),
  "v128.store": simd(0x0b, "memarg", 4),
  "i8x16.shuffle": simd(0x0d, "shuffle"),
  "i32x4.splat": simd(0x11),
  "f64x2.splat": simd(0x14),
  "i32x4.extract_lane": simd(0x1b, "lane"),
  "i32x4.replace_lane": simd(0x1c, "lane"),
  "f64x2.extract_lane": simd(0x21, "lane"),
  "f64x2.replace_lane": simd(0x22, "lane"),
  "i32x4.eq": simd(0x37),
  "i32x4.ne": simd(0x38),
  "i32x4.lt_s": simd(0x39),
  "i32x4.gt_s": simd(0x3b),
  "i32x4.le_s": simd(0x3d),
  "i32x4.ge_s": simd(0x3f),
  "f64x2.eq": simd(0x47),
  "f64x2.ne": simd(0x48),
  "f64x2.lt": simd(0x49),
  "f64x2.gt": simd(0x4a),
  "f64x2.le": simd(0x4b),
  "f64x2.ge": simd(0x4c),
  "v128.not": simd(0x4d),
  "v128.and": simd(0x4e),
  "v128.andnot": simd(0x4f),
  "v128.or": simd(0x50),
  "v128.xor": simd(0x51),
  "v128.bitselect": simd(0x52),
  "v128.any_true": simd(0x53),
  "f32x4.demote_f64x2_zero": simd(0x5e),
  "f64x2.promote_low_f32x4": simd(0x5f),
  "f64x2.ceil": simd(0x74),
  "f64x2.floor": simd(0x75),
  "f64x2.trunc": simd(0x7a),
  "f64x2.nearest": simd(0x94),
  "i64x2.extend_low_i32x4_s": simd(0xc7),
  "i32x4.abs": simd(0xa0),
  "i32x4.neg": simd(0xa1),
  "i32x4.add": simd(0xae),
  "i32x4.sub": simd(0xb1),
  "i32x4.mul": simd(0xb5),
  "i32x4.min_s": simd(0xb6),
  "i32x4.max_s": simd(0xb8),
  "f64x2.abs": simd(0xec),
  "f64x2.neg": simd(0xed),
  "f64x2.sqrt": simd(0xef),
  "f64x2.add": simd(0xf0),
  "f64x2.sub": simd(0xf1),
  "f64x2.mul": simd(0xf2),
  "f64x2.div": simd(0xf3),
  "f64x2.min": simd(0xf4),
  "f64x2.max": simd(0xf5),
  "i32x4.trunc_sat_f64x2_s_zero": simd(0xfc),
  "f64x2.convert_low_i32x4_s": simd(0xfe),
} as const satisfies Record<string, OpInfo>;

export type OpName = keyof typeof OPS;

export function opInfo(name: OpName): OpInfo {
  return OPS[name];
}
