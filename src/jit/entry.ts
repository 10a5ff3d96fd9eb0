/**
 * The generated entry point of a compiled signature: a guard that the arguments have the
 * traced structure, shapes and dtypes (reading leaves straight into locals: `args[0][0]`
 * for `[number, number]`), the lowered body, and the results built as literals — no
 * flatten/unflatten and no boxing on the hot path. A call that fails the guard goes to
 * the slow path (`MISS`), which finds or compiles the right signature.
 */
import type { TypedArrayLike } from "../core/dtype";
import { typedArrayData } from "../core/leaves";
import { keyedByContents, valueKey } from "../core/value-key";
import { ConcreteArray, checkedSize, scalarArray } from "../core/array";
import type { Aval } from "../core/aval";
import { type DType, componentsOf, isComplex, storageFor, toInt32, typedArrayFor } from "../core/dtype";
import type { ClosedJaxpr } from "../core/closed-jaxpr";
import { type TreeDef, customBuilder, customChildren } from "../core/pytree";
import { type Shape, sizeOf } from "../core/shape";
import { ieeePow, intDiv, intRem, roundHalfAway, roundHalfEven } from "../core/scalar/numeric";
import { Block, type Code, type Ident, Names, code, join } from "./code";
import { type Helpers, jsScalarRenderer } from "./scalar-js";
import type { Kernels } from "./backend";
import type { EmitContext } from "./emitter";
import { lower } from "./lower";
import { emitNest } from "./nest";
import { ARRAY_CLASS, type Value, isExact, startOf, viewOf } from "./values";
import type { LeafSig, Signature } from "./signature";

/**
 * Who runs the entry: `"jit"` (called by the jitted function, with Tensors, and a miss
 * going back to it) or `"module"` (a standalone ES module, `jit/module.ts`: array leaves
 * and results are the dtype's typed arrays, 0-d ones numbers, static arguments are built
 * in, and a call of another signature throws).
 */
export type EntryTarget = "jit" | "module";

/** Stands for the miss handler of a standalone module (module.ts writes a function that throws). */
export const MODULE_MISS: unique symbol = Symbol("jitgrad.moduleMiss");

export interface GeneratedEntry {
  /** The factory body; `new Function(...paramNames, body)` returns `{ entry, guard }`. */
  readonly source: string;
  readonly params: readonly (readonly [Ident, unknown])[];
  /** Bytes of scratch buffers each instance allocates once and keeps. */
  readonly scratchBytes: number;
}

export function generateEntry(
  sig: Signature,
  closed: ClosedJaxpr,
  outTree: TreeDef,
  miss: ((...args: unknown[]) => unknown) | typeof MODULE_MISS,
  kernels: Kernels,
  target: EntryTarget = "jit",
): GeneratedEntry {
  const standalone = target === "module";
  const names = new Names();
  const params: [Ident, unknown][] = [];
  const param = (prefix: string, value: unknown): Ident => {
    const id = names.fresh(prefix);
    params.push([id, value]);
    return id;
  };
  const helpers: Helpers = {
    toInt32: param("H", toInt32),
    intDiv: param("H", intDiv),
    intRem: param("H", intRem),
    roundEven: param("H", roundHalfEven),
    roundAway: param("H", roundHalfAway),
    pow: param("H", ieeePow),
  };
  const CA = standalone ? null : param("CA", ConcreteArray);
  const MISS = param("MISS", miss);
  const prelude = new Block(0);
  const scratchBytes = { n: 0 };
  // Under jit results come from jitgrad's allocator (small ones from slabs, core/storage.ts);
  // a standalone module's are typed arrays of their own, as its callers would allocate them.
  const resultStorage = (dtype: DType, length: number): Code => (standalone ? code`new ${ARRAY_CLASS[dtype]}(${length})` : code`${param("PA", storageFor(dtype))}(${length})`);
  const ctx: EmitContext = { names, param, prelude, scalar: jsScalarRenderer(helpers), scratchBytes, kernels, resultStorage };

  // A standalone module takes only the dynamic arguments (the static ones are built in).
  const nargs = standalone ? sig.nargs - sig.statics.size : sig.nargs;
  const argIds = Array.from({ length: nargs }, () => names.fresh("a"));
  const entryGuard = new Block(1);
  const guardOnly = new Block(1);
  const inputs: Value[] = [];
  const fails = { entry: code`return ${MISS}.apply(undefined, arguments);`, guard: code`return false;` };

  /** Emits checks (and, for the entry, the unpacking) of one subtree read from `x`. */
  const walk = (tree: TreeDef, x: Code, leafIndex: { n: number }) => {
    const both = (f: (b: Block, fail: Code) => void) => {
      f(entryGuard, fails.entry);
      f(guardOnly, fails.guard);
    };
    const bind = (prefix: string, e: Code): Code => {
      const id = names.fresh(prefix);
      both((b) => b.line(code`const ${id} = ${e};`));
      return id.code;
    };
    const node = tree.node;
    switch (node.kind) {
      case "null":
        both((b, fail) => b.line(code`if (${x} !== null) ${fail}`));
        return;
      case "undefined":
        both((b, fail) => b.line(code`if (${x} !== undefined) ${fail}`));
        return;
      case "array": {
        both((b, fail) => b.line(code`if (!Array.isArray(${x}) || ${x}.length !== ${node.children.length}) ${fail}`));
        node.children.forEach((c, i) => walk(c, c.isLeaf ? code`${x}[${i}]` : bind("n", code`${x}[${i}]`), leafIndex));
        return;
      }
      case "object": {
        const OP = param("OP", Object.prototype);
        both((b, fail) =>
          b.line(
            code`if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x}) || (Object.getPrototypeOf(${x}) !== ${OP} && Object.getPrototypeOf(${x}) !== null) || Object.keys(${x}).length !== ${node.keys.length}) ${fail}`,
          ),
        );
        node.keys.forEach((k, i) => {
          const K = param("K", k);
          both((b, fail) => b.line(code`if (!Object.prototype.hasOwnProperty.call(${x}, ${K})) ${fail}`));
          walk(node.children[i], bind("n", code`${x}[${K}]`), leafIndex);
        });
        return;
      }
      case "custom": {
        // A registered class: its flatten runs per call; class, aux and arity must match.
        const CN = param("CN", customChildren(tree));
        const kids = bind("n", code`${CN}(${x})`);
        both((b, fail) => b.line(code`if (${kids} === null) ${fail}`));
        node.children.forEach((c, i) => walk(c, bind("n", code`${kids}[${i}]`), leafIndex));
        return;
      }
      case "leaf": {
        const s = sig.leaves[leafIndex.n++];
        inputs.push(leafValue(s, bind("l", x), both));
        return;
      }
    }
  };

  const leafValue = (s: LeafSig, x: Code, both: (f: (b: Block, fail: Code) => void) => void): Value => {
    switch (s.kind) {
      case "number":
        both((b, fail) => b.line(code`if (typeof ${x} !== "number") ${fail}`));
        return { k: "scalar", e: x };
      case "boolean": {
        both((b, fail) => b.line(code`if (typeof ${x} !== "boolean") ${fail}`));
        const id = names.fresh("l");
        entryGuard.line(code`const ${id} = ${x} ? 1 : 0;`);
        return { k: "scalar", e: id.code };
      }
      case "typed": {
        if (standalone) return storageLeaf(s.dtype, [s.length], x, both);
        const cls = param("TA", s.ctor);
        both((b, fail) => b.line(code`if (!(${x} instanceof ${cls}) || ${x}.length !== ${s.length}) ${fail}`));
        const id = names.fresh("b");
        if (s.native) entryGuard.line(code`const ${id} = ${x};`);
        else {
          // Bytes become 0/1 bools, small integer kinds int32 (core/leaves.ts), per call.
          const dtype = s.dtype;
          const toStorage = param("CV", (a: TypedArrayLike) => typedArrayData(a, dtype));
          entryGuard.line(code`const ${id} = ${toStorage}(${x});`);
        }
        return viewOf(id, [s.length], false);
      }
      case "tensor": {
        if (standalone || !CA) return storageLeaf(s.aval.dtype, s.aval.shape, x, both);
        const DT = param("DT", s.aval.dtype);
        const shape = s.aval.shape;
        // Comparing dtype and shape costs as much as a small body (15 ns of a 20-step descent's
        // 400): the last aval that passed is remembered, and the common call — the same tensor
        // again, or this entry's own result fed back (its aval is a constant) — compares one
        // reference. Avals are frozen (core/aval.ts), so one that passed always will.
        const seen = names.fresh("SA");
        prelude.line(code`let ${seen} = null;`);
        const checks = [code`${x}.aval.dtype !== ${DT}`, code`${x}.aval.shape.length !== ${shape.length}`];
        shape.forEach((d, i) => checks.push(code`${x}.aval.shape[${i}] !== ${d}`));
        both((b, fail) => {
          b.line(code`if (!(${x} instanceof ${CA})) ${fail}`);
          b.nest(code`if (${x}.aval !== ${seen})`, (inner) => {
            inner.line(code`if (${join(checks, code` || `)}) ${fail}`);
            inner.line(code`if (Object.isFrozen(${x}.aval)) ${seen} = ${x}.aval;`);
          });
        });
        if (shape.length === 0 && !isComplex(s.aval.dtype)) {
          const id = names.fresh("l");
          entryGuard.line(code`const ${id} = ${x}.data[0];`);
          return { k: "scalar", e: id.code };
        }
        const id = names.fresh("b");
        entryGuard.line(code`const ${id} = ${x}.data;`);
        return viewOf(id, shape, false);
      }
    }
  };

  /** A standalone module's array leaf: the dtype's typed array, row-major; a 0-d one a number (a boolean for bool). */
  const storageLeaf = (dtype: DType, shape: Shape, x: Code, both: (f: (b: Block, fail: Code) => void) => void): Value => {
    if (shape.length === 0 && dtype === "bool") {
      both((b, fail) => b.line(code`if (typeof ${x} !== "boolean") ${fail}`));
      return { k: "scalar", e: bind("l", code`${x} ? 1 : 0`) };
    }
    if (shape.length === 0 && !isComplex(dtype)) {
      both((b, fail) => b.line(code`if (typeof ${x} !== "number") ${fail}`));
      return { k: "scalar", e: x };
    }
    const cls = param("TA", typedArrayFor(dtype));
    const length = sizeOf(shape) * componentsOf(dtype);
    both((b, fail) => b.line(code`if (!(${x} instanceof ${cls}) || ${x}.length !== ${length}) ${fail}`));
    return viewOf(bind("b", x), shape, false);
  };
  const bind = (prefix: string, e: Code): Code => {
    const id = names.fresh(prefix);
    entryGuard.line(code`const ${id} = ${e};`);
    return id.code;
  };

  // The argument count, the static arguments (as signature.ts keys them: by value, NaN and
  // -0 included, or by identity), then the pytrees.
  for (const [b, fail] of [
    [entryGuard, fails.entry],
    [guardOnly, fails.guard],
  ] as const) {
    b.line(code`if (arguments.length !== ${nargs}) ${fail}`);
  }
  for (const [i, v] of standalone ? [] : sig.statics) {
    if (keyedByContents(v)) {
      const key = valueKey(v);
      const same = param("SAME", (x: unknown) => valueKey(x) === key);
      entryGuard.line(code`if (!${same}(${argIds[i]})) ${fails.entry}`);
      guardOnly.line(code`if (!${same}(${argIds[i]})) ${fails.guard}`);
    } else {
      const S = param("S", v);
      entryGuard.line(code`if (!Object.is(${argIds[i]}, ${S})) ${fails.entry}`);
      guardOnly.line(code`if (!Object.is(${argIds[i]}, ${S})) ${fails.guard}`);
    }
  }
  const dynamicIds = standalone ? argIds : argIds.filter((_, i) => !sig.statics.has(i));
  const leafIndex = { n: 0 };
  sig.tree.children.forEach((c, i) => walk(c, dynamicIds[i].code, leafIndex));

  // Constants are fixed per instantiation: 0-d ones become locals, arrays read their storage.
  const consts: Value[] = closed.consts.map((t) => {
    const c = t as ConcreteArray;
    if (c.aval.shape.length === 0 && !isComplex(c.dtype)) {
      const id = names.fresh("c");
      const C = param("C", c.data[0]);
      prelude.line(code`const ${id} = ${C};`);
      return { k: "scalar", e: id.code };
    }
    return viewOf(param("C", c.data), c.aval.shape, false);
  });

  const { body, outputs } = lower(closed.jaxpr, consts, inputs, ctx);

  // Results: JS numbers for 0-d outputs when every input was a number; otherwise Tensors.
  const outAvals = closed.jaxpr.outs.map((a) => a.aval);
  const leafExprs = outputs.map((v, i) => packLeaf(v, outAvals[i], sig.allNumbers, body, ctx, CA));
  const result = buildTree(outTree, leafExprs, { n: 0 }, param);

  const entry = new Block(0);
  // Parenthesized, so that V8 compiles it when the factory runs (not lazily at the first
  // call): a program too large to compile fails there, where jit can fall back.
  // An asynchronous entry (`jit(f).async`) awaits its kernels (kernels.async).
  const fn = kernels.async ? code`async function` : code`function`;
  entry.nest(code`const entry = (${fn} (${join(argIds)})`, (b) => {
    b.append(entryGuard);
    b.append(body);
    b.line(code`return ${result};`);
  });
  entry.line(code`);`);
  entry.nest(code`const guard = function (${join(argIds)})`, (b) => {
    b.append(guardOnly);
    b.line(code`return true;`);
  });
  entry.line(code`;`);
  entry.line(code`return { entry, guard };`);
  const source = `${prelude.toCode().text}${prelude.isEmpty ? "" : "\n"}${entry.toCode().text}`;
  return { source, params, scratchBytes: scratchBytes.n };
}

function packLeaf(
  v: Value,
  aval: Aval,
  numbers: boolean,
  body: Block,
  { names, param, resultStorage }: EmitContext,
  CA: Ident | null,
): Code {
  // Without the Tensor class (a standalone module) results are numbers, booleans and typed arrays.
  const wrap = (storage: Code) => (CA ? code`new ${CA}(${param("AV", aval)}, ${storage})` : storage);
  if (v.k === "scalar") {
    if (!CA) return aval.dtype === "bool" ? code`(${v.e} !== 0)` : v.e;
    if (numbers && aval.dtype !== "bool") return v.e;
    const W = param("W", (x: number) => scalarArray(x, aval.dtype));
    return code`${W}(${v.e})`;
  }
  const n = sizeOf(aval.shape);
  // A buffer allocated by this call and covering the value exactly is returned as it is.
  if (v.k === "view" && v.fresh && isExact(v)) return wrap(v.buf);
  // Complex values are only ever whole buffers (kernel results or inputs; see lower-complex.ts).
  if (isComplex(aval.dtype) && v.k === "view") return wrap(code`${v.buf}.slice()`);
  // Copy into storage of its own: views of scratch, inputs or constants must not escape.
  checkedSize(aval.shape, aval.dtype, "jit");
  const id = names.fresh("o");
  body.line(code`const ${id} = ${resultStorage(aval.dtype, n)};`);
  if (v.k === "splat") body.line(code`${id}.fill(${v.e});`);
  else emitNest(body, aval.shape, [{ strides: v.strides, start: startOf(v) }], (b, [q]) => b.line(code`${id}[k] = ${v.buf}[${q}];`));
  return wrap(id.code);
}

/** The output pytree as a literal: arrays, objects (keys as parameters), null, undefined. */
function buildTree(tree: TreeDef, leaves: readonly Code[], k: { n: number }, param: (prefix: string, value: unknown) => Ident): Code {
  const node = tree.node;
  switch (node.kind) {
    case "leaf":
      return leaves[k.n++];
    case "null":
      return code`null`;
    case "undefined":
      return code`undefined`;
    case "array":
      return code`[${join(node.children.map((c) => buildTree(c, leaves, k, param)))}]`;
    case "object": {
      const entries = node.keys.map((key, i) => {
        const K = param("K", key);
        return code`[${K}]: ${buildTree(node.children[i], leaves, k, param)}`;
      });
      return code`{ ${join(entries)} }`;
    }
    case "custom": {
      const UF = param("UF", customBuilder(tree));
      return code`${UF}([${join(node.children.map((c) => buildTree(c, leaves, k, param)))}])`;
    }
  }
}
