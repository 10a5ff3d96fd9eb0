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

// Entries are constant literals (0xfd is the SIMD prefix), so V8 builds the table from its
// boilerplate in one step at start-up instead of running a helper per entry.
export const OPS = {
  unreachable: { code: 0x00, imm: "none" },
  block: { code: 0x02, imm: "block" },
  loop: { code: 0x03, imm: "block" },
  if: { code: 0x04, imm: "block" },
  else: { code: 0x05, imm: "none" },
  end: { code: 0x0b, imm: "none" },
  br: { code: 0x0c, imm: "label" },
  br_if: { code: 0x0d, imm: "label" },
  return: { code: 0x0f, imm: "none" },
  call: { code: 0x10, imm: "func" },
  drop: { code: 0x1a, imm: "none" },
  select: { code: 0x1b, imm: "none" },
  "local.get": { code: 0x20, imm: "local" },
  "local.set": { code: 0x21, imm: "local" },
  "local.tee": { code: 0x22, imm: "local" },

  "i32.load": { code: 0x28, imm: "memarg", align: 2 },
  "f32.load": { code: 0x2a, imm: "memarg", align: 2 },
  "f64.load": { code: 0x2b, imm: "memarg", align: 3 },
  "i32.store": { code: 0x36, imm: "memarg", align: 2 },
  "f32.store": { code: 0x38, imm: "memarg", align: 2 },
  "f64.store": { code: 0x39, imm: "memarg", align: 3 },

  "i32.const": { code: 0x41, imm: "i32" },
  "f64.const": { code: 0x44, imm: "f64" },

  "i32.eqz": { code: 0x45, imm: "none" },
  "i32.eq": { code: 0x46, imm: "none" },
  "i32.ne": { code: 0x47, imm: "none" },
  "i32.lt_s": { code: 0x48, imm: "none" },
  "i32.lt_u": { code: 0x49, imm: "none" },
  "i32.gt_s": { code: 0x4a, imm: "none" },
  "i32.le_s": { code: 0x4c, imm: "none" },
  "i32.ge_s": { code: 0x4e, imm: "none" },
  "i32.ge_u": { code: 0x4f, imm: "none" },
  "f64.eq": { code: 0x61, imm: "none" },
  "f64.ne": { code: 0x62, imm: "none" },
  "f64.lt": { code: 0x63, imm: "none" },
  "f64.gt": { code: 0x64, imm: "none" },
  "f64.le": { code: 0x65, imm: "none" },
  "f64.ge": { code: 0x66, imm: "none" },

  "i32.add": { code: 0x6a, imm: "none" },
  "i32.sub": { code: 0x6b, imm: "none" },
  "i32.mul": { code: 0x6c, imm: "none" },
  "i32.div_u": { code: 0x6e, imm: "none" },
  "i32.and": { code: 0x71, imm: "none" },
  "i32.or": { code: 0x72, imm: "none" },
  "i32.xor": { code: 0x73, imm: "none" },
  "i32.shl": { code: 0x74, imm: "none" },
  "i32.shr_s": { code: 0x75, imm: "none" },

  "f64.abs": { code: 0x99, imm: "none" },
  "f64.neg": { code: 0x9a, imm: "none" },
  "f64.ceil": { code: 0x9b, imm: "none" },
  "f64.floor": { code: 0x9c, imm: "none" },
  "f64.trunc": { code: 0x9d, imm: "none" },
  "f64.nearest": { code: 0x9e, imm: "none" },
  "f64.sqrt": { code: 0x9f, imm: "none" },
  "f64.add": { code: 0xa0, imm: "none" },
  "f64.sub": { code: 0xa1, imm: "none" },
  "f64.mul": { code: 0xa2, imm: "none" },
  "f64.div": { code: 0xa3, imm: "none" },
  "f64.min": { code: 0xa4, imm: "none" },
  "f64.max": { code: 0xa5, imm: "none" },
  "f64.copysign": { code: 0xa6, imm: "none" },
  "i32.trunc_sat_f64_s": { prefix: 0xfc, code: 0x02, imm: "none" },
  "f32.demote_f64": { code: 0xb6, imm: "none" },
  "f64.convert_i32_s": { code: 0xb7, imm: "none" },
  "f64.promote_f32": { code: 0xbb, imm: "none" },

  "v128.load": { prefix: 0xfd, code: 0x00, imm: "memarg", align: 4 },
  "v128.load32_splat": { prefix: 0xfd, code: 0x09, imm: "memarg", align: 2 },
  "v128.load64_splat": { prefix: 0xfd, code: 0x0a, imm: "memarg", align: 3 },
  "v128.store": { prefix: 0xfd, code: 0x0b, imm: "memarg", align: 4 },
  "i8x16.shuffle": { prefix: 0xfd, code: 0x0d, imm: "shuffle" },
  "i32x4.splat": { prefix: 0xfd, code: 0x11, imm: "none" },
  "f64x2.splat": { prefix: 0xfd, code: 0x14, imm: "none" },
  "i32x4.extract_lane": { prefix: 0xfd, code: 0x1b, imm: "lane" },
  "i32x4.replace_lane": { prefix: 0xfd, code: 0x1c, imm: "lane" },
  "f64x2.extract_lane": { prefix: 0xfd, code: 0x21, imm: "lane" },
  "f64x2.replace_lane": { prefix: 0xfd, code: 0x22, imm: "lane" },
  "i32x4.eq": { prefix: 0xfd, code: 0x37, imm: "none" },
  "i32x4.ne": { prefix: 0xfd, code: 0x38, imm: "none" },
  "i32x4.lt_s": { prefix: 0xfd, code: 0x39, imm: "none" },
  "i32x4.gt_s": { prefix: 0xfd, code: 0x3b, imm: "none" },
  "i32x4.le_s": { prefix: 0xfd, code: 0x3d, imm: "none" },
  "i32x4.ge_s": { prefix: 0xfd, code: 0x3f, imm: "none" },
  "f64x2.eq": { prefix: 0xfd, code: 0x47, imm: "none" },
  "f64x2.ne": { prefix: 0xfd, code: 0x48, imm: "none" },
  "f64x2.lt": { prefix: 0xfd, code: 0x49, imm: "none" },
  "f64x2.gt": { prefix: 0xfd, code: 0x4a, imm: "none" },
  "f64x2.le": { prefix: 0xfd, code: 0x4b, imm: "none" },
  "f64x2.ge": { prefix: 0xfd, code: 0x4c, imm: "none" },
  "v128.not": { prefix: 0xfd, code: 0x4d, imm: "none" },
  "v128.and": { prefix: 0xfd, code: 0x4e, imm: "none" },
  "v128.andnot": { prefix: 0xfd, code: 0x4f, imm: "none" },
  "v128.or": { prefix: 0xfd, code: 0x50, imm: "none" },
  "v128.xor": { prefix: 0xfd, code: 0x51, imm: "none" },
  "v128.bitselect": { prefix: 0xfd, code: 0x52, imm: "none" },
  "v128.any_true": { prefix: 0xfd, code: 0x53, imm: "none" },
  "f32x4.demote_f64x2_zero": { prefix: 0xfd, code: 0x5e, imm: "none" },
  "f64x2.promote_low_f32x4": { prefix: 0xfd, code: 0x5f, imm: "none" },
  "f64x2.ceil": { prefix: 0xfd, code: 0x74, imm: "none" },
  "f64x2.floor": { prefix: 0xfd, code: 0x75, imm: "none" },
  "f64x2.trunc": { prefix: 0xfd, code: 0x7a, imm: "none" },
  "f64x2.nearest": { prefix: 0xfd, code: 0x94, imm: "none" },
  "i64x2.extend_low_i32x4_s": { prefix: 0xfd, code: 0xc7, imm: "none" },
  "i64x2.all_true": { prefix: 0xfd, code: 0xc3, imm: "none" },
  "i64x2.shl": { prefix: 0xfd, code: 0xcb, imm: "none" },
  "i64x2.shr_s": { prefix: 0xfd, code: 0xcc, imm: "none" },
  "i64x2.shr_u": { prefix: 0xfd, code: 0xcd, imm: "none" },
  "i64x2.add": { prefix: 0xfd, code: 0xce, imm: "none" },
  "i64x2.sub": { prefix: 0xfd, code: 0xd1, imm: "none" },
  "i64x2.lt_s": { prefix: 0xfd, code: 0xd8, imm: "none" },
  "i64x2.gt_s": { prefix: 0xfd, code: 0xd9, imm: "none" },
  "i32x4.abs": { prefix: 0xfd, code: 0xa0, imm: "none" },
  "i32x4.neg": { prefix: 0xfd, code: 0xa1, imm: "none" },
  "i32x4.add": { prefix: 0xfd, code: 0xae, imm: "none" },
  "i32x4.sub": { prefix: 0xfd, code: 0xb1, imm: "none" },
  "i32x4.mul": { prefix: 0xfd, code: 0xb5, imm: "none" },
  "i32x4.min_s": { prefix: 0xfd, code: 0xb6, imm: "none" },
  "i32x4.max_s": { prefix: 0xfd, code: 0xb8, imm: "none" },
  "f64x2.abs": { prefix: 0xfd, code: 0xec, imm: "none" },
  "f64x2.neg": { prefix: 0xfd, code: 0xed, imm: "none" },
  "f64x2.sqrt": { prefix: 0xfd, code: 0xef, imm: "none" },
  "f64x2.add": { prefix: 0xfd, code: 0xf0, imm: "none" },
  "f64x2.sub": { prefix: 0xfd, code: 0xf1, imm: "none" },
  "f64x2.mul": { prefix: 0xfd, code: 0xf2, imm: "none" },
  "f64x2.div": { prefix: 0xfd, code: 0xf3, imm: "none" },
  "f64x2.min": { prefix: 0xfd, code: 0xf4, imm: "none" },
  "f64x2.max": { prefix: 0xfd, code: 0xf5, imm: "none" },
  "i32x4.trunc_sat_f64x2_s_zero": { prefix: 0xfd, code: 0xfc, imm: "none" },
  "f64x2.convert_low_i32x4_s": { prefix: 0xfd, code: 0xfe, imm: "none" },
} as const satisfies Record<string, OpInfo>;

export type OpName = keyof typeof OPS;

export function opInfo(name: OpName): OpInfo {
  return OPS[name];
}
