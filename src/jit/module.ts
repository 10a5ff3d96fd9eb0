/**
 * Ahead-of-time modules: one compiled signature of `jit(f)` as the source of a standalone
 * ES module that imports nothing (`jit(f).lower(...args).toModule()`), with its `.d.ts`.
 *
 * The entry is generated for the `"module"` target (entry.ts): typed arrays in and out,
 * static arguments built in. With the JavaScript backend's kernels (the default), large
 * float64 products run on the packed 4×4 JS kernel and the rest as JavaScript loops; with
 * `backend: "wasm"`, products and loops over examples are the WebAssembly kernels, their
 * bytes embedded (same sums either way). Every parameter the generated factory takes
 * becomes a constant of the module: numbers as exact literals, strings as JSON, constants'
 * bytes as base64, the typed-array classes by name, and the functions code calls (exact
 * integer division, rounding, IEEE pow, the packed product, the Wasm drivers) by their own
 * source, which is self-contained (test/module.test.ts runs each alone). Nothing else can
 * cross: a program that calls one of jitgrad's kernels (sort, linalg, FFT, random bits, …)
 * or a host callback is refused, naming them.
 */
import type { ClosedJaxpr } from "../core/closed-jaxpr";
import type { Jaxpr } from "../core/ir";
import { ArgumentError } from "../core/errors";
import { isBindingName } from "../core/identifier";
import { type DType, componentsOf, toInt32, typedArrayFor } from "../core/dtype";
import type { TreeDef } from "../core/pytree";
import type { Shape } from "../core/shape";
import { subJaxprsOf } from "../core/subjaxpr";
import { ieeePow, intDiv, intRem, roundHalfAway, roundHalfEven } from "../core/scalar/numeric";
import { type Kernels, WASM_BATCH_MIN, WASM_ELEMENTWISE_MIN, kernelsFor } from "./backend";
import type { DotKernel } from "../kernel/ir";
import { type BatchRunner, type BatchSpec, batchSpec, importSources, makeBatchSteps } from "../backend/wasm/batch";
import { batchModule } from "../backend/wasm/batch-render";
import { dotLayout, dotModule, makeDotSteps } from "../backend/wasm/dot";
import { driveSync } from "../backend/wasm/drive";
import { jsDotKernel, makeJsDotF64 } from "../backend/js/dot";
import { packPanels } from "../kernel/pack";
import { numberLiteral } from "./code";
import { unitKinds } from "./unit-kinds";
import { MODULE_MISS, generateEntry } from "./entry";
import type { LeafSig, Signature } from "./signature";

/** What `toModule()` returns: the module's JavaScript and its TypeScript declarations. */
export interface StandaloneModule {
  /** An ES module exporting the compiled function under its name and as the default export. */
  readonly js: string;
  /** The `.d.ts` beside it: the exact parameter and result types of this signature. */
  readonly dts: string;
}

/** Options of `toModule`. */
export interface ToModuleOptions {
  /** The exported function's name (an identifier); by default the jitted function's name, else `compiled`. */
  readonly name?: string;
  /**
   * `"js"` (the default): JavaScript only, so it runs under any Content-Security-Policy.
   * `"wasm"`: products and loops over examples as WebAssembly SIMD kernels, their bytes in
   * the module (as `jit(f, { backend: "wasm" })` runs them; a CSP must allow
   * `'wasm-unsafe-eval'`, else the module's first call throws saying so).
   */
  readonly backend?: "js" | "wasm";
}

/** A kernel a module embeds as WebAssembly, recorded where the entry would take a runtime kernel. */
class EmbeddedKernel {
  constructor(
    readonly kind: "dot" | "batch",
    readonly bytes: Uint8Array,
    readonly dtype: DType | null,
    readonly spec: BatchSpec | null,
  ) {}
}

/** The WebAssembly backend's choices, as kernels to embed (memory not shared: a module has its own). */
function embeddingKernels(): Kernels {
  const wasm = new Map<string, () => string>();
  const dot = (dtype: DType) => {
    const layout = dotLayout(dtype);
    return layout ? (new EmbeddedKernel("dot", dotModule(layout.family, null).encode(), dtype, null) as unknown as DotKernel) : null;
  };
  return {
    async: false,
    dot,
    dotCall: dot,
    wantsBatch: () => true,
    wantsElementwise: (n: number) => n >= WASM_ELEMENTWISE_MIN,
    wantsRowReduction: (rows: number, n: number) => rows >= WASM_BATCH_MIN && n >= WASM_ELEMENTWISE_MIN,
    batch: (kernel, layouts) => {
      const made = batchModule(kernel, null);
      if (typeof made === "string") return null;
      return new EmbeddedKernel("batch", made.module.encode(), null, batchSpec(kernel, layouts)) as unknown as BatchRunner;
    },
    wasm,
  };
}

/** An embedded kernel as a module expression over the module's Wasm runtime (`WASM_RUNTIME`). */
function embeddedExpression(k: EmbeddedKernel): string {
  const bytes = `"${base64(k.bytes)}"`;
  if (k.kind === "dot") {
    const l = dotLayout(k.dtype!)!;
    const steps = `(${String(makeDotSteps)})((${String(packPanels)}), reserve, ${l.bytes}, ${l.nr}, ${l.mr}, ${l.isInt}, ${l.passBytes})`;
    return `driveSync(${steps}, ((dot) => ([aBytes, bBytes, mPanels, nPanels, k, pack, unpack]) => { pack(0, mPanels); dot(0, aBytes, aBytes + bBytes, mPanels, nPanels, k); unpack(0, mPanels); })(instantiate(${bytes}, {}).dot))`;
  }
  const math = `{ ${Object.entries(importSources()).map(([name, source]) => `${name}: (${source})`).join(", ")} }`;
  const steps = `(${String(makeBatchSteps)})(reserve, ${JSON.stringify(k.spec)})`;
  return `driveSync(${steps}, ((run) => ([groups, stride, bases, outBases, copyIn, copyOut]) => { copyIn(0, groups); run(groups, stride, ...bases, ...outBases); copyOut(0, groups); })(instantiate(${bytes}, { math: ${math} }).run))`;
}

/** The module's own memory and instantiation, written when it embeds WebAssembly. */
const WASM_RUNTIME = [
  "// WebAssembly kernels: one memory of the module's own, grown as needed; modules compiled at first use.",
  "const memory = typeof WebAssembly === \"object\" ? new WebAssembly.Memory({ initial: 1 }) : null;",
  "const reserve = (bytes) => { const have = memory.buffer.byteLength; if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536)); return memory.buffer; };",
  "/** WebAssembly refused here: the module's kernels cannot run. */",
  "export class WasmRefusedError extends Error {",
  "  constructor(message) {",
  "    super(message);",
  '    this.name = "WasmRefusedError";',
  "  }",
  "}",
  "const instantiate = (b64, imports) => {",
  "  try {",
  "    return new WebAssembly.Instance(new WebAssembly.Module(decode(b64, Uint8Array)), { ...imports, env: { memory } }).exports;",
  "  } catch (e) {",
  "    throw new WasmRefusedError(\"this module was compiled with WebAssembly kernels, which this environment refuses (a Content-Security-Policy without 'wasm-unsafe-eval'?); compile it with toModule({ backend: 'js' }). (\" + (e && e.message) + \")\");",
  "  }",
  "};",
  "const lazy = (make) => { let kernel = null; return (...args) => (kernel ??= make())(...args); };",
  `const driveSync = (${String(driveSync)});`,
];

/** The scalar helpers generated code calls, with names the module gives them. */
const PORTABLE_HELPERS = new Map<unknown, string>([
  [toInt32, "toInt32"],
  [intDiv, "intDiv"],
  [intRem, "intRem"],
  [roundHalfEven, "roundHalfEven"],
  [roundHalfAway, "roundHalfAway"],
  [ieeePow, "ieeePow"],
]);

/** The helpers' sources as module constants (exported for the test that they stand alone). */
export function helperSource(fn: unknown): string | undefined {
  return PORTABLE_HELPERS.has(fn) ? `(${String(fn)})` : undefined;
}

const TYPED_CLASSES = new Set<unknown>([Float64Array, Float32Array, Int32Array, Uint8Array]);

function moduleName(requested: string | undefined, fallback: string): string {
  const name = requested ?? (isBindingName(fallback) ? fallback : "compiled");
  if (typeof name !== "string" || !isBindingName(name)) {
    throw new ArgumentError(`toModule: name must be a JavaScript identifier that is not a reserved word; got ${JSON.stringify(name)}.`);
  }
  return name;
}

function hasCustom(tree: TreeDef): boolean {
  const node = tree.node;
  return node.kind === "custom" || ("children" in node && node.children.some(hasCustom));
}

/** The primitives of a jaxpr (and its sub-jaxprs) that run outside generated code. */
function runtimePrims(jaxpr: Jaxpr, into = new Set<string>()): Set<string> {
  for (const eqn of jaxpr.eqns) {
    const kind = unitKinds[eqn.prim].kind;
    if (kind === "kernel" || kind === "effect") into.add(eqn.prim);
    for (const sub of subJaxprsOf(eqn)) runtimePrims(sub.jaxpr, into);
  }
  return into;
}

/**
 * A string as a JS string literal. JSON.stringify leaves U+2028 and U+2029 raw, which
 * end a line in JS source; they are escaped too, so a key can never break out.
 */
function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Text for inside a comment: no line ends and no end of a block comment. */
function commentSafe(s: string): string {
  return s.replace(/[\n\r\u2028\u2029]/g, " ").replace(/\*\//g, "*\\/");
}

/** Bytes as base64, without Node's Buffer (src/ runs in browsers too). */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** No code generation into a module but through these: every value becomes an expression of its own. */
function valueExpression(value: unknown, unportable: string[], prefix: string): string {
  if (value === MODULE_MISS) return "mismatch";
  if (typeof value === "number") return numberLiteral(value).text;
  if (typeof value === "string") return jsString(value);
  if (value === Object.prototype) return "Object.prototype";
  if (TYPED_CLASSES.has(value)) return (value as { name: string }).name;
  if (value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array || value instanceof Uint8Array) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return `decode("${base64(bytes)}", ${value.constructor.name})`;
  }
  const helper = helperSource(value);
  if (helper !== undefined) return helper;
  // The packed float64 product, by its self-contained maker and the packing function's source.
  if (value === jsDotKernel("float64")) return `(${String(makeJsDotF64)})((${String(packPanels)}))`;
  // Compiled at its first call, so importing the module never compiles WebAssembly.
  if (value instanceof EmbeddedKernel) return `lazy(() => ${embeddedExpression(value)})`;
  unportable.push(prefix);
  return "undefined";
}

const storageName = (dtype: DType) => typedArrayFor(dtype).name;

function describeArray(dtype: DType, shape: Shape): string {
  return `${dtype}[${shape.join(", ")}]`;
}

/** A pytree of this signature's leaves as a TypeScript type, and as text for messages. */
function treeType(tree: TreeDef, leaf: (i: number) => string, k = { n: 0 }, readonly = "readonly "): string {
  const node = tree.node;
  switch (node.kind) {
    case "leaf":
      return leaf(k.n++);
    case "null":
      return "null";
    case "undefined":
      return "undefined";
    case "array":
      return `${readonly}[${node.children.map((c) => treeType(c, leaf, k, readonly)).join(", ")}]`;
    case "object":
      return `{ ${node.keys.map((key, i) => `${readonly}${jsString(key)}: ${treeType(node.children[i], leaf, k, readonly)}`).join("; ")} }`;
    case "custom":
      throw new ArgumentError("toModule: registered pytree classes cannot cross into a standalone module.");
  }
}

function leafType(s: LeafSig): { type: string; shown: string } {
  switch (s.kind) {
    case "number":
      return { type: "number", shown: "number" };
    case "boolean":
      return { type: "boolean", shown: "boolean" };
    case "typed":
      return { type: storageName(s.dtype), shown: `${storageName(s.dtype)} (${describeArray(s.dtype, [s.length])})` };
    case "tensor":
      if (s.aval.shape.length === 0 && s.aval.dtype === "bool") return { type: "boolean", shown: "boolean" };
      return s.aval.shape.length === 0 && componentsOf(s.aval.dtype) === 1
        ? { type: "number", shown: `number (${s.aval.dtype})` }
        : { type: storageName(s.aval.dtype), shown: `${storageName(s.aval.dtype)} (${describeArray(s.aval.dtype, s.aval.shape)})` };
  }
}

/** The module for one compiled signature (see the file's comment). */
export function standaloneModule(sig: Signature, closed: ClosedJaxpr, outTree: TreeDef, fnName: string, opts: ToModuleOptions = {}): StandaloneModule {
  const name = moduleName(opts.name, fnName);
  if (hasCustom(sig.tree) || hasCustom(outTree)) {
    throw new ArgumentError("toModule: an argument or the result holds a registered pytree class; a standalone module knows no jitgrad classes. Pass and return plain arrays and objects.");
  }
  if (opts.backend !== undefined && opts.backend !== "js" && opts.backend !== "wasm") {
    throw new ArgumentError(`toModule: backend must be "js" or "wasm"; got ${JSON.stringify(opts.backend)}.`);
  }
  const wasm = opts.backend === "wasm";
  // The JavaScript backend's choices (packed float64 products where they pay, loops elsewhere),
  // or the WebAssembly backend's, embedded.
  const gen = generateEntry(sig, closed, outTree, MODULE_MISS, wasm ? embeddingKernels() : kernelsFor("js"), "module");
  const unportable: string[] = [];
  // Only what the code names (the scalar helpers are offered to every program).
  const used = gen.params.filter(([id]) => new RegExp(`\\b${id.name}\\b`).test(gen.source));
  const values = used.map(([id, v]) => `${id.name} = ${valueExpression(v, unportable, id.name.replace(/\d+$/, ""))}`);
  if (unportable.length > 0) {
    const prims = [...runtimePrims(closed.jaxpr)];
    throw new ArgumentError(
      `toModule: this program calls jitgrad's runtime (${prims.length > 0 ? prims.join(", ") : [...new Set(unportable)].join(", ")}), ` +
        "which a standalone module cannot carry: it holds generated code only (elementwise math, reductions, shape ops, gathers and scatters, " +
        "dots, control flow). Keep those operations outside the compiled function, or use jit(f) at run time.",
    );
  }

  const inputs = sig.leaves.map(leafType);
  const outAvals = closed.jaxpr.outs.map((a) => a.aval);
  const outputs = outAvals.map((a) =>
    a.shape.length === 0 && componentsOf(a.dtype) === 1
      ? { type: a.dtype === "bool" ? "boolean" : "number", shown: a.dtype === "bool" ? "boolean" : `number (${a.dtype})` }
      : { type: storageName(a.dtype), shown: `${storageName(a.dtype)} (${describeArray(a.dtype, a.shape)})` },
  );
  const params = sig.tree.node.kind === "array" ? sig.tree.node.children : [];
  const typed = { n: 0 };
  const paramTypes = params.map((p) => treeType(p, (i) => inputs[i].type, typed));
  const shown = { n: 0 };
  const shownArgs = params.map((p) => treeType(p, (i) => inputs[i].shown, shown)).join(", ");
  // Results are fresh: the caller owns them, so they are not readonly.
  const resultType = treeType(outTree, (i) => outputs[i].type, { n: 0 }, "");
  const shownResult = treeType(outTree, (i) => outputs[i].shown, { n: 0 }, "");
  // Keys appear in it, so it goes into comments only through commentSafe and into code only as a string literal.
  const signatureText = `(${shownArgs}) => ${shownResult}`;
  const argNames = params.map((_, i) => `a${i}`);
  const statics =
    sig.statics.size > 0 ? ` The static arguments (positions ${[...sig.statics.keys()].join(", ")} of the jitted function) are built in; it takes the others in order.` : "";

  const js = [
    `// Generated by jitgrad's toModule(): ${name}${commentSafe(signatureText)}.${statics}`,
    "// A standalone ES module: it imports nothing and runs under a Content-Security-Policy without 'unsafe-eval'.",
    "// Arrays are the dtype's typed arrays, row-major (complex: interleaved re, im); 0-d values are numbers.",
    "",
    "/** A call with arguments of another structure, shape or type than the module was compiled for. */",
    "export class SignatureError extends Error {",
    "  constructor(message) {",
    "    super(message);",
    '    this.name = "SignatureError";',
    "  }",
    "}",
    `const mismatch = () => { throw new SignatureError(${jsString(`${name}: compiled ahead of time for ${signatureText}; call it with arguments of exactly those types and lengths (or compile another signature).`)}); };`,
    "// Functions carried by their source may hold esbuild's keepNames wrapper (jitgrad run through tsx).",
    "const __name = (target) => target;",
    "// Constants' bytes, as this engine stores them (little-endian on every platform JS runs on).",
    "const decode = (b64, Ctor) => { const s = atob(b64); const bytes = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i); return new Ctor(bytes.buffer); };",
    ...(used.some(([, v]) => v instanceof EmbeddedKernel) ? WASM_RUNTIME : []),
    `const { entry } = (function () {`,
    "  \"use strict\";",
    ...(values.length > 0 ? [`  const ${values.join(",\n    ")};`] : []),
    gen.source
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n"),
    "})();",
    "",
    // The entry itself (no wrapper on the hot path; it checks the argument count).
    `Object.defineProperty(entry, "name", { value: "${name}" });`,
    `export { entry as ${name}, entry as default };`,
    "",
  ].join("\n");

  const dts = [
    `/** Thrown by ${name} for arguments of another structure, shape or type than it was compiled for. */`,
    "export declare class SignatureError extends Error {}",
    "/**",
    ` * Compiled ahead of time by jitgrad for ${commentSafe(signatureText)}.${statics}`,
    " * Arrays are row-major typed arrays of their dtype; 0-d values are numbers.",
    " */",
    `export declare function ${name}(${paramTypes.map((t, i) => `${argNames[i]}: ${t}`).join(", ")}): ${resultType};`,
    `export default ${name};`,
    "",
  ].join("\n");
  return { js, dts };
}
