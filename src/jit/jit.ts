/**
 * `jit`: trace once per input signature, optimize the IR, generate JavaScript, and run
 * that on later calls. The returned function keeps the last signature's compiled entry as
 * its fast path; other signatures go through a bounded cache.
 */
import { ConcreteArray } from "../core/array";
import { JitgradError } from "../core/errors";
import { evalJaxpr } from "../core/interpreter";
import { ClosedJaxpr } from "../core/closed-jaxpr";
import { checkTraceable, leafToTensor } from "../core/leaves";
import { staticPositions } from "../core/make-jaxpr";
import { type TreeDef, treeFlatten, treeFlattenWithPaths, treeUnflatten } from "../core/pytree";
import { liftArrayLeaves, unflattenResults } from "../transforms/args";
import type { AnyFn, AsyncOf, Lifted, Transformed } from "../transforms/types";
import { traceForJit } from "./batch-loop";
import { type Backend, checkBackend, kernelsFor } from "./backend";
import { type GeneratedEntry, generateEntry } from "./entry";
import { LRU } from "./lru";
import { prepareForCodegen } from "./passes";
import { type StandaloneModule, type ToModuleOptions, standaloneModule } from "./module";
import { type Signature, signatureOf } from "./signature";
import { threadCount } from "../backend/threads/pool";

/** Options of {@link jit}. */
export interface JitOptions {
  /** Arguments passed to the function as they are (not traced); part of the cache key. */
  readonly staticArgnums?: number | readonly number[];
  /**
   * Which code runs: `"js"` generated JavaScript only; `"wasm"` WebAssembly SIMD kernels
   * wherever jitgrad has one (today: `dot_general`); `"auto"` (the default) a kernel
   * where it pays. Without WebAssembly (or where a CSP refuses it) every choice is JavaScript.
   */
  readonly backend?: Backend;
}

/** What `jit(f).lower(...args)` returns: the optimized IR and the JavaScript that runs. */
export interface Lowered {
  /** The optimized jaxpr. */
  readonly jaxpr: ClosedJaxpr;
  /** The generated source (the body of a factory returning `{ entry, guard }`), or "" if interpreted. */
  readonly source: string;
  /** True when the environment forbids `new Function` and the interpreter runs instead. */
  readonly interpreted: boolean;
  /** The WebAssembly modules the generated code calls, in text format (WAT); empty if none. */
  readonly wasm: readonly string[];
  /** The jaxpr, the JavaScript and any WebAssembly (as text), one after the other. */
  toString(): string;
  /**
   * This signature compiled ahead of time: the source of a standalone ES module (it imports
   * nothing, so it runs under a CSP without `'unsafe-eval'`) and its `.d.ts`. Arrays go in
   * and come out as their dtype's typed arrays, 0-d values as numbers; the static arguments
   * are built in. By default JavaScript only; `{ backend: "wasm" }` embeds the WebAssembly
   * kernels (same bits either way). A program that calls one of jitgrad's kernels (sort,
   * linalg, FFT, random bits, a debug callback) is refused with an `ArgumentError` naming them.
   * @example
   * const { js, dts } = jit(grad(calcTime)).lower([2, 17]).toModule({ name: "dTime" });
   * writeFileSync("d-time.js", js); // import { dTime } from "./d-time.js"; dTime([2, 17])
   */
  toModule(options?: ToModuleOptions): StandaloneModule;
}

/** Methods of a jitted function `G`. */
export interface JitMethods<G extends AnyFn = AnyFn> {
  /** Traces and compiles for these arguments (without running) and shows the result. */
  lower(...args: Parameters<G>): Lowered;
  /**
   * The same call, asynchronously: its WebAssembly kernels are split over worker threads
   * without blocking the calling thread, so on a browser page's main thread (which may not
   * block, and where a synchronous call runs on one thread) large batches and products
   * still use every core. Same bits as the synchronous call. Asynchronous calls run one
   * at a time, in the order made; synchronous calls meanwhile are unaffected. Arguments are
   * read while the call runs: leave a typed array you passed unchanged until it settles.
   * Without worker threads (or a cross-origin-isolated page) it runs the synchronous code.
   * @example
   * const heights = jit(vmap(terrain));
   * const grid = await heights.async(points); // the page stays responsive meanwhile
   */
  readonly async: AsyncOf<G>;
}

type Entry = (...args: unknown[]) => unknown;

interface Compiled {
  readonly entry: Entry;
  readonly guard: (...args: unknown[]) => boolean;
  readonly lowered: Lowered;
  /** Scratch storage this entry keeps alive. */
  readonly scratchBytes: number;
  /** The entry of `jit(f).async` (compiled on first use; the synchronous one when there is nothing to await). */
  readonly asyncEntry: () => Entry;
}

/**
 * What one jitted function's cached signatures may keep in scratch buffers beyond the
 * newest one; older signatures are evicted past it (and recompile if they come back).
 */
const SCRATCH_BUDGET = 32 * 2 ** 20;

type Factory = (...params: unknown[]) => { entry: Entry; guard: (...a: unknown[]) => boolean };

/** Compiled factories by source: structurally equal programs share one `new Function`. */
const factories = new LRU<string, Factory>(256);

/** Each jitted function's trace cache, for `jitCacheSizes`. */
const traceCaches = new WeakMap<object, LRU<string, Compiled>>();

/** How full the caches are (for tests and diagnostics): this function's traces, and compiled factories overall. */
export function jitCacheSizes(jitted: object): { traces: number; traceCapacity: number; scratchBytes: number; factories: number; factoryCapacity: number } {
  const traces = traceCaches.get(jitted);
  return { traces: traces?.size ?? 0, traceCapacity: traces?.capacity ?? 0, scratchBytes: traces?.weight ?? 0, factories: factories.size, factoryCapacity: factories.capacity };
}
let warnedNoEval = false;

function factoryFor(gen: GeneratedEntry): Factory {
  const names = gen.params.map(([id]) => id.name);
  const key = `${names.join(",")}\n${gen.source}`;
  const cached = factories.get(key);
  if (cached) return cached;
  // The one place generated source becomes a function (see code.ts for how it is built).
  const factory = new Function(...names, `"use strict";\n${gen.source}`) as Factory;
  factories.set(key, factory);
  return factory;
}

let warnedTooLarge = false;

/**
 * Generated functions with more locals than this are not compiled: every local is a slot
 * of the function's frame, and V8 overflows the stack calling a function of ~10⁵ of them
 * (measured here: 105k locals run, 180k overflow). Such programs are straight-line code
 * of 10⁵ scalar operations, unrolled JS loops; the interpreter runs them.
 */
const MAX_LOCALS = 50_000;

function countLocals(source: string): number {
  let n = 0;
  for (let i = source.indexOf("const "); i >= 0; i = source.indexOf("const ", i + 6)) n++;
  for (let i = source.indexOf("let "); i >= 0; i = source.indexOf("let ", i + 4)) n++;
  return n;
}

function tooLarge(closed: ClosedJaxpr, interpreted: () => Compiled): Compiled {
  if (!warnedTooLarge) {
    warnedTooLarge = true;
    console.warn(
      `jitgrad: a jitted program of ${closed.jaxpr.eqns.length} equations is too large for this engine to compile ` +
        "as one function; jit runs it through the interpreter instead. Results are the same, only slower. " +
        "Loops (lax.foriLoop, lax.scan) instead of unrolled JS loops keep programs small.",
    );
  }
  return interpreted();
}

/** The engine gave up compiling generated source (V8: a stack overflow while parsing a huge function). */
function isTooLarge(e: unknown): boolean {
  return e instanceof RangeError && /call stack|too large|too many/i.test(e.message);
}

function isEvalForbidden(e: unknown): boolean {
  return e instanceof EvalError || (e instanceof Error && /unsafe-eval|Content Security Policy|code generation/i.test(e.message));
}

/** Runs the optimized IR through the interpreter (used where `new Function` is forbidden). */
function interpretedEntry(closed: ClosedJaxpr, sig: Signature, outTree: TreeDef, miss: Entry): Compiled["entry"] {
  return (...args) => {
    const now = signatureOf("jit", args, new Set(sig.statics.keys()));
    if (now === "traced" || now.key !== sig.key) return miss(...args);
    const dynamic = args.filter((_, i) => !sig.statics.has(i));
    const [leaves, , paths] = treeFlattenWithPaths(dynamic);
    const outs = evalJaxpr(
      closed.jaxpr,
      closed.consts,
      leaves.map((l, i) => leafToTensor("jit", l, paths[i])),
    );
    return unflattenResults(outTree, outs, sig.allNumbers);
  };
}

function compile(f: AnyFn, args: readonly unknown[], sig: Signature, statics: ReadonlySet<number>, miss: Entry, backend: Backend): Compiled {
  const traced = traceForJit(f, args, statics);
  const closed = new ClosedJaxpr(prepareForCodegen(traced.jaxpr.jaxpr), traced.jaxpr.consts);
  const kernels = kernelsFor(backend);
  const show = (source: string, interpreted: boolean): Lowered => {
    // Printed when asked for: printing the jaxpr was a sixth of a first jit call, and writing
    // the kernels' text a third of building them.
    let texts: readonly string[] | null = null;
    const wasm = () => (texts ??= interpreted ? [] : [...kernels.wasm.values()].map((text) => text()));
    const toString = () =>
      [closed.toString(), interpreted ? "// interpreted: new Function is unavailable here" : source, ...wasm().map((w) => `;; WebAssembly called by the code above\n${w}`)].join("\n\n");
    const toModule = (options?: ToModuleOptions) => standaloneModule(sig, closed, traced.outTree, f.name, options);
    return {
      jaxpr: closed,
      source,
      interpreted,
      get wasm() {
        return wasm();
      },
      toString,
      toModule,
    };
  };
  const interpreted = (): Compiled => {
    const entry = interpretedEntry(closed, sig, traced.outTree, miss);
    const guard = (...a: unknown[]) => {
      const s = signatureOf("jit", a, statics);
      return s !== "traced" && s.key === sig.key;
    };
    return { entry, guard, lowered: show("", true), scratchBytes: 0, asyncEntry: () => entry };
  };
  if (closed.consts.some((c) => !(c instanceof ConcreteArray))) return interpreted();
  // Where new Function is forbidden nothing compiled can run: no code is generated and no
  // WebAssembly is compiled (which a CSP would refuse too, with a second warning).
  if (!evalAllowed()) return noEval(interpreted);
  const gen = generateEntry(sig, closed, traced.outTree, miss, kernels);
  if (countLocals(gen.source) > MAX_LOCALS) return tooLarge(closed, interpreted);
  try {
    const { entry, guard } = factoryFor(gen)(...gen.params.map(([, v]) => v));
    let asynchronous: Entry | undefined;
    // The same program awaiting its kernels; without WebAssembly kernels there is nothing to await.
    const asyncEntry = () => {
      if (asynchronous) return asynchronous;
      if (kernels.wasm.size === 0) return (asynchronous = entry);
      const made = generateEntry(sig, closed, traced.outTree, miss, kernelsFor(backend, true));
      return (asynchronous = factoryFor(made)(...made.params.map(([, v]) => v)).entry);
    };
    return { entry, guard, lowered: show(gen.source, false), scratchBytes: gen.scratchBytes, asyncEntry };
  } catch (e) {
    if (isTooLarge(e)) return tooLarge(closed, interpreted);
    if (!isEvalForbidden(e)) throw e;
    return noEval(interpreted);
  }
}

let evalProbe: boolean | undefined;

/** Whether this environment lets `new Function` run (probed once). */
function evalAllowed(): boolean {
  if (evalProbe === undefined) {
    try {
      evalProbe = new Function("return true")() === true;
    } catch (e) {
      if (!isEvalForbidden(e)) throw e;
      evalProbe = false;
    }
  }
  return evalProbe;
}

function noEval(interpreted: () => Compiled): Compiled {
  if (!warnedNoEval) {
    warnedNoEval = true;
    console.warn(
      "jitgrad: this environment forbids new Function (a Content-Security-Policy without 'unsafe-eval'); " +
        "jit runs the optimized IR through the interpreter instead. Results are the same, only slower.",
    );
  }
  return interpreted();
}

/**
 * Compiles `f` to JavaScript. The first call with a new input signature (pytree
 * structure, shapes, dtypes, static arguments) traces `f` and compiles it; later calls
 * with that signature run the generated code directly. Called with tracers (inside grad,
 * vmap, …), `f` runs under the transform, so `grad(jit(f))` and `vmap(jit(f))` work.
 * @example
 * const dTime = jit(grad(calcTime));
 * let [x1, x2] = [2, 17];
 * for (let i = 0; i < 20; i++) {
 *   const [dx1, dx2] = dTime([x1, x2]);
 *   x1 -= 1.5 * dx1;
 *   x2 -= 1.5 * dx2;
 * }
 * console.log(jit(calcTime).lower(np.array([2, 17])).source); // the generated code
 */
export function jit<F extends AnyFn>(f: F, opts: JitOptions = {}): Jitted<F> {
  checkTraceable("jit", f);
  const state = stateFor(f, opts);
  const jitted = function (this: unknown, ...args: unknown[]) {
    return state.current(...args);
  } as AnyFn & { lower: JitMethods["lower"]; async: AnyFn };
  traceCaches.set(jitted, state.traces);
  jitted.lower = (...args: unknown[]) => {
    const c = state.compiled(args);
    if (c === "traced") throw new JitgradError("jit(f).lower: call it with concrete arguments (numbers, arrays, Tensors), not tracers.");
    return c.lowered;
  };
  jitted.async = (...args: unknown[]) => {
    const run = asyncQueue.then(() => state.callAsync(args));
    asyncQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return jitted as Jitted<F>;
}

/**
 * Asynchronous calls run one after another: they share one memory for their kernels, and
 * each awaits its workers in between (its next call starts when the last has settled).
 */
let asyncQueue: Promise<unknown> = Promise.resolve();

/**
 * What every `jit(f, opts)` of one function and one set of options shares, as JAX keys
 * its cache by the function: `jit(f)(x)` written inline in a loop traces once.
 */
class JitState {
  readonly traces = new LRU<string, Compiled>(64, { maxWeight: SCRATCH_BUDGET, weight: (c) => c.scratchBytes });
  /** The fast path: the entry compiled for the last signature seen. */
  current: Entry;

  constructor(
    private readonly f: AnyFn,
    private readonly opts: JitOptions,
    private readonly backend: Backend,
  ) {
    this.current = this.miss;
  }

  compiled(args: readonly unknown[]): Compiled | "traced" {
    const statics = staticPositions("jit", this.opts.staticArgnums, args.length);
    const sig = signatureOf("jit", args, statics);
    if (sig === "traced") return "traced";
    let c = this.traces.get(sig.key);
    if (!c) {
      c = compile(this.f, args, sig, statics, this.miss, this.backend);
      this.traces.set(sig.key, c);
    }
    return c;
  }

  /** `jit(f).async`: the compiled signature's asynchronous entry where kernels can run on workers. */
  async callAsync(given: readonly unknown[]): Promise<unknown> {
    const statics = staticPositions("jit", this.opts.staticArgnums, given.length);
    const args = given.map((a, i) => (statics.has(i) ? a : snapshot(a)));
    const c = this.compiled(args);
    if (c === "traced") throw new JitgradError("jit(f).async: call it with concrete arguments (numbers, arrays, Tensors); under a transform call jit(f) itself.");
    if (!c.guard(...args)) throw new JitgradError("jit: internal error: a compiled entry rejected the arguments it was compiled for.");
    return (threadCount() > 1 ? c.asyncEntry() : c.entry)(...args);
  }

  readonly miss: Entry = (...given) => {
    const statics = staticPositions("jit", this.opts.staticArgnums, given.length);
    // The arguments are read once (a getter runs once per call, as on the compiled path):
    // signature, trace, guard and entry all see this copy.
    const args = given.map((a, i) => (statics.has(i) ? a : snapshot(a)));
    const c = this.compiled(args);
    if (c === "traced") return this.f(...args.map((a, i) => (statics.has(i) ? a : liftArrayLeaves(a))));
    if (!c.guard(...args)) throw new JitgradError("jit: internal error: a compiled entry rejected the arguments it was compiled for.");
    this.current = c.entry;
    return c.entry(...args);
  };
}

/** A pytree rebuilt from its leaves: the same structure and leaves, read once. */
function snapshot(x: unknown): unknown {
  const [leaves, tree] = treeFlatten(x);
  return treeUnflatten(tree, leaves);
}

/** Shared jit states by function, then by options (a weak map: a dropped function drops its code). */
const states = new WeakMap<AnyFn, Map<string, JitState>>();

function stateFor(f: AnyFn, opts: JitOptions): JitState {
  const byOpts = states.get(f) ?? new Map<string, JitState>();
  states.set(f, byOpts);
  const backend = checkBackend(opts.backend);
  const key = `${[opts.staticArgnums ?? []].flat().join(",")};${backend}`;
  let state = byOpts.get(key);
  if (!state) {
    state = new JitState(f, opts, backend);
    byOpts.set(key, state);
  }
  return state;
}

/**
 * The type of `jit(f)`: a function already produced by a transform keeps its (lifted)
 * type; a plain function is lifted to accept numbers and return numbers for numbers.
 */
export type Jitted<F extends AnyFn> = JittedCall<F> & JitMethods<Extract<JittedCall<F>, AnyFn>>;

/**
 * The call signature of `jit(f)`: a transformed function's own, a plain function's lifted.
 * @example
 * type C = JittedCall<(x: Tensor) => Tensor>; // accepts numbers and arrays too, returns numbers for numbers
 */
export type JittedCall<F extends AnyFn> = F extends Transformed ? F : F extends (...args: infer P) => infer R ? Lifted<P, R> : never;
