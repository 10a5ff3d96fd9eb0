/**
 * The WebAssembly encoder against wabt: every opcode in the table, written by the encoder
 * as bytes and as text, must be what wabt assembles from that text; and modules built with
 * it validate and run.
 */
import { describe, expect, it } from "vitest";
import initWabt from "wabt";
import { ModuleBuilder, sleb, uleb } from "../src/backend/wasm/encoder";
import { OPS, type OpName, opInfo } from "../src/backend/wasm/opcodes";
import { compileKernel, memoryImport, reserve } from "../src/backend/wasm/runtime";

const wabt = await initWabt();
const assemble = (text: string): Uint8Array => {
  const m = wabt.parseWat("test.wat", text, { simd: true, threads: true });
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
};

/** A module of one function applying `emit`, in both forms. */
function oneFunction(emit: (f: ReturnType<ModuleBuilder["function"]>) => void): { bytes: Uint8Array; text: string } {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", 1, memoryImport());
  mb.importFunction("math", "exp", "exp", { params: ["f64"], results: ["f64"] });
  const f = mb.function("f", [["p", "i32"]], [], "f");
  emit(f);
  return { bytes: mb.encode(), text: mb.text() };
}

describe("wasm encoder", () => {
  it("LEB128 encodes the boundaries", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(() => uleb(-1)).toThrow(/internal/);
  });

  const structural = new Set<OpName>(["block", "loop", "if", "else", "end", "br", "br_if", "call", "local.get", "local.set", "local.tee", "i32.const", "f64.const"]);
  const plain = (Object.keys(OPS) as OpName[]).filter((n) => !structural.has(n));

  it.each(plain)("%s: bytes = wabt(text)", (opName) => {
    const info = opInfo(opName);
    const lanes = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 31];
    const { bytes, text } = oneFunction((f) =>
      info.imm === "memarg" ? f.mem(opName, 24) : info.imm === "lane" ? f.op(opName, 1) : info.imm === "shuffle" ? f.op(opName, lanes) : f.op(opName),
    );
    expect(text).toContain(opName);
    expect(Array.from(bytes)).toEqual(Array.from(assemble(text)));
  });

  it("structured instructions, locals, constants and calls: bytes = wabt(text)", () => {
    const { bytes, text } = oneFunction((f) => {
      const i = f.local("i32", "i");
      const x = f.local("f64", "x");
      const v = f.local("v128", "v");
      f.local("f64", "x"); // a clashing name is made unique
      f.f64(0.1).f64(-0).f64(Infinity).f64(-Infinity).f64(1e-310).f64(Number.MAX_VALUE).op("drop").op("drop").op("drop").op("drop").op("drop").set(x);
      f.i32(-123456).i32(2147483647).op("i32.add").tee(i).op("drop");
      f.forRange(i, 0, () => f.get(f.params[0]), 3, () => {
        f.get(x).call("exp").set(x);
        f.get(i).i32(7).op("i32.eq").ifElse(
          () => f.br(2),
          () => f.get(x).op("f64x2.splat").set(v),
        );
      });
      f.get(i).ifElse(() => f.f64(1), () => f.f64(2), "f64").op("drop");
      f.block(() => f.get(i).brIf(0));
    });
    expect(Array.from(bytes)).toEqual(Array.from(assemble(text)));
    expect(compileKernel(bytes, { math: { exp: Math.exp } })).not.toBeNull();
  });

  it("a shared memory's import: limits 0x03 with the maximum, and the text wabt reads as the same bytes", () => {
    const mb = new ModuleBuilder();
    mb.importMemory("env", "memory", 1, { maxPages: 16384 });
    mb.function("f", [], [], "f");
    expect(mb.text()).toContain("(memory 1 16384 shared)");
    expect(Array.from(mb.encode())).toEqual(Array.from(assemble(mb.text())));
  });

  it("a built module runs: a SIMD dot product over the shared memory", () => {
    const mb = new ModuleBuilder();
    mb.importMemory("env", "memory", 1, memoryImport());
    const f = mb.function("dot", [["a", "i32"], ["b", "i32"], ["n", "i32"]], ["f64"], "dot");
    const [a, b, n] = f.params;
    const i = f.local("i32", "i");
    const acc = f.local("v128", "acc");
    f.forRange(i, 0, () => f.get(n), 2, () => {
      f.get(acc);
      f.get(a).get(i).i32(3).op("i32.shl").op("i32.add").mem("v128.load");
      f.get(b).get(i).i32(3).op("i32.shl").op("i32.add").mem("v128.load");
      f.op("f64x2.mul").op("f64x2.add").set(acc);
    });
    f.get(acc).op("f64x2.extract_lane", 0).get(acc).op("f64x2.extract_lane", 1).op("f64.add");
    const exports = compileKernel(mb.encode())!;
    const heap = new Float64Array(reserve(64));
    heap.set([1, 2, 3, 4], 0);
    heap.set([5, 6, 7, 8], 4);
    expect((exports.dot as (a: number, b: number, n: number) => number)(0, 32, 4)).toBe(1 * 5 + 3 * 7 + (2 * 6 + 4 * 8));
  });
});
