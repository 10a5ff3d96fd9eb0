/** The playground page: state, controls, and redrawing on every change. */
import {
  type AheadOfTimeDescent,
  DEFAULT_SETTINGS,
  type DescentResult,
  type Mode,
  type Settings,
  gradProgram,
  jitCompiles,
  landscape,
  landscapeAsyncIdentical,
  landscapeCalls,
  landscapeBackends,
  prepareDescent,
  prepareModuleDescent,
} from "./model";
import { drawCrossings, drawLandscape, drawObjective, svgElement } from "./render";
import { config, threadStats } from "jitgrad";

/** The window of the (x1, x2) plane the landscape shows. */
const LO = -5;
const HI = 25;
const SIZE = 480;
/**
 * Landscape cells per side: 320² points, about 2 ms on one core, so the pool splits them;
 * 160² where the interpreter runs (a CSP without 'unsafe-eval': ~0.4 s instead of ~1.7 s).
 */
let RASTER = 320;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

let settings: Settings = DEFAULT_SETTINGS;
let mode: Mode = "jit";
let result: DescentResult | null = null;
let redraws = 0;
// Content-Security-Policy violations the page saw (new Function refused, under /csp/).
const violations: string[] = [];
document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
const timings: Record<Mode, number | null> = { jit: null, interpreter: null };

const toPixel = ([x1, x2]: readonly [number, number]) => [((x1 - LO) / (HI - LO)) * SIZE, ((HI - x2) / (HI - LO)) * SIZE] as const;
const fromPixel = (px: number, py: number) => [LO + (px / SIZE) * (HI - LO), HI - (py / SIZE) * (HI - LO)] as const;
const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Median time of one descent in µs. Browsers coarsen performance.now() (to 100 µs in some),
 * and V8 speeds code up as it runs, so: warm up for 10 ms first, then time batches long
 * enough to measure (≥ 5 ms each), and divide the median of five by the batch size.
 */
function timeDescent(run: () => unknown): number {
  const warmUntil = performance.now() + 10;
  let reps = 0;
  while (performance.now() < warmUntil) {
    run();
    reps++;
  }
  const batch = () => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    return performance.now() - t0;
  };
  while (batch() < 5 && reps < 1 << 20) reps *= 2;
  const samples = Array.from({ length: 5 }, () => (batch() * 1000) / reps).sort((a, b) => a - b);
  return samples[2];
}

/** Timing takes ~40 ms, so it waits until the visitor pauses, keeping drags smooth. */
let timingTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleTiming(run: () => unknown, forMode: Mode, steps: number): void {
  clearTimeout(timingTimer);
  timingTimer = setTimeout(() => {
    timings[forMode] = timeDescent(run);
    timedSteps = steps;
    showTimings();
  }, 150);
}

let timedSteps = DEFAULT_SETTINGS.steps;
function showTimings(): void {
  const fmt = (m: Mode) => (timings[m] === null ? "—" : `${timings[m]!.toFixed(2)} µs`);
  const ratio = timings.jit !== null && timings.interpreter !== null ? ` · the interpreter takes ${(timings.interpreter / timings.jit).toFixed(0)}× as long` : "";
  $("#timing").textContent = `one descent (${timedSteps} steps): jit ${fmt("jit")} · interpreter ${fmt("interpreter")}${ratio}`;
  timingsShown++;
}
let timingsShown = 0;

/** Step counts jit has compiled for (the step count is static: each new one is traced and compiled). */
const compiledSteps = new Set<number>();

function redrawPath(): void {
  const descent = prepareDescent(settings, mode);
  const firstCall = mode === "jit" && !compiledSteps.has(settings.steps);
  const began = performance.now();
  result = descent.result();
  if (firstCall) {
    compiledSteps.add(settings.steps);
    $("#compile").textContent = `first jit call for ${settings.steps} steps (trace, transform, optimize, emit, compile, run): ${(performance.now() - began).toFixed(1)} ms`;
  }
  if (timedSteps !== settings.steps) {
    // Timings for another step count do not compare; measure afresh.
    timings.jit = null;
    timings.interpreter = null;
  }
  scheduleTiming(descent.run, mode, settings.steps);
  const overlay = $<SVGSVGElement>("#overlay");
  $("#path").setAttribute("points", result.path.map((p) => toPixel(p).map((v) => v.toFixed(2)).join(",")).join(" "));
  const [sx, sy] = toPixel(settings.start);
  $("#start").setAttribute("cx", sx.toFixed(2));
  $("#start").setAttribute("cy", sy.toFixed(2));
  overlay.querySelectorAll(".step").forEach((el) => el.remove());
  result.path.slice(1).forEach((p) => {
    const [cx, cy] = toPixel(p);
    overlay.insertBefore(svgElement("circle", { cx, cy, r: 2.5, class: "step" }), $("#start"));
  });
  drawCrossings($("#crossings"), result.path, settings.speeds);
  drawObjective($("#objective"), result.t);
  const end = result.path[result.path.length - 1];
  $("#end").textContent = `after ${settings.steps} steps: x1 = ${end[0].toFixed(6)}, x2 = ${end[1].toFixed(6)}, t = ${result.t[result.t.length - 1].toFixed(6)}`;
  redraws++;
}

let landscapeRequest = 0;
let landscapes = 0;
let drawnSpeeds: readonly number[] = [];
/** Draws the landscape when its asynchronous computation returns, unless a newer one was asked for meanwhile. */
async function redrawLandscape(): Promise<void> {
  const mine = ++landscapeRequest;
  const speeds = settings.speeds;
  const raster = await landscape(speeds, LO, HI, RASTER);
  if (mine !== landscapeRequest) return;
  drawLandscape($("#landscape"), raster, RASTER);
  drawnSpeeds = speeds;
  landscapes++;
}

function redrawProgram(): void {
  const { jaxpr, source } = gradProgram(settings);
  $("#ir").textContent = jaxpr;
  $("#source").textContent = source;
}

let pending: { path: boolean; landscape: boolean } | null = null;
function schedule(what: { path?: boolean; landscape?: boolean }): void {
  const first = pending === null;
  pending = { path: (pending?.path ?? false) || (what.path ?? false), landscape: (pending?.landscape ?? false) || (what.landscape ?? false) };
  if (!first) return;
  requestAnimationFrame(() => {
    const todo = pending!;
    pending = null;
    if (todo.landscape) {
      void redrawLandscape();
      redrawProgram();
    }
    if (todo.path) redrawPath();
  });
}

function bindSlider(id: string, apply: (v: number) => Settings, format: (v: number) => string): void {
  const input = $<HTMLInputElement>(`#${id}`);
  const output = $<HTMLOutputElement>(`#${id}-value`);
  const speedsBefore = () => settings.speeds.join();
  output.textContent = format(Number(input.value));
  input.addEventListener("input", () => {
    const before = speedsBefore();
    settings = apply(Number(input.value));
    output.textContent = format(Number(input.value));
    schedule({ path: true, landscape: speedsBefore() !== before });
  });
}

function bindDrag(): void {
  const overlay = $<SVGSVGElement>("#overlay");
  let dragging = false;
  const moveTo = (e: PointerEvent) => {
    const box = overlay.getBoundingClientRect();
    const [x1, x2] = fromPixel(((e.clientX - box.left) / box.width) * SIZE, ((e.clientY - box.top) / box.height) * SIZE);
    settings = { ...settings, start: [round(Math.min(HI, Math.max(LO, x1))), round(Math.min(HI, Math.max(LO, x2)))] };
    $("#start-value").textContent = `start (${settings.start[0].toFixed(2)}, ${settings.start[1].toFixed(2)})`;
    schedule({ path: true });
  };
  overlay.addEventListener("pointerdown", (e) => {
    dragging = true;
    overlay.setPointerCapture(e.pointerId);
    moveTo(e);
  });
  overlay.addEventListener("pointermove", (e) => dragging && moveTo(e));
  overlay.addEventListener("pointerup", () => (dragging = false));
}

interface AheadOfTimeState {
  readonly result: DescentResult;
  readonly identicalToJit: boolean;
  readonly perDescentUs: number;
}

/**
 * The default descent from the module compiled ahead of time (playground/build.mjs writes
 * it with toModule()): compiled code that runs even where new Function is forbidden.
 */
async function aheadOfTime(): Promise<AheadOfTimeState> {
  const specifier = "./descent-aot.js"; // a variable, so the bundler leaves it to the browser
  const { descent } = (await import(specifier)) as { descent: AheadOfTimeDescent };
  const prepared = prepareModuleDescent(descent, DEFAULT_SETTINGS);
  const result = prepared.result();
  const viaJit = prepareDescent(DEFAULT_SETTINGS, "jit").result();
  const identicalToJit = JSON.stringify(result) === JSON.stringify(viaJit) && result.path.every((p, i) => p.every((v, j) => Object.is(v, viaJit.path[i][j])));
  const perDescentUs = timeDescent(prepared.run);
  $("#aot").textContent =
    `compiled ahead of time (jit(descent).lower(…).toModule(), ${DEFAULT_SETTINGS.steps} steps from (2, 17)): ${perDescentUs.toFixed(2)} µs per descent, ` +
    (identicalToJit ? "the same bits as jit" : "NOT the bits of jit");
  return { result, identicalToJit, perDescentUs };
}

function main(): void {
  const speed = (k: number) => (v: number) => ({ ...settings, speeds: settings.speeds.map((s, i) => (i === k ? v : s)) as unknown as Settings["speeds"] });
  bindSlider("v1", speed(0), (v) => v.toFixed(2));
  bindSlider("v2", speed(1), (v) => v.toFixed(2));
  bindSlider("v3", speed(2), (v) => v.toFixed(2));
  bindSlider("step-size", (v) => ({ ...settings, stepSize: v }), (v) => v.toFixed(2));
  bindSlider("steps", (v) => ({ ...settings, steps: v }), (v) => String(v));
  for (const input of document.querySelectorAll<HTMLInputElement>("input[name=mode]")) {
    input.addEventListener("change", () => {
      mode = input.value as Mode;
      schedule({ path: true });
    });
  }
  bindDrag();
  const compiles = jitCompiles(settings);
  if (!compiles) RASTER = 160;
  const backends = landscapeBackends(settings.speeds);
  $("#jit-status").textContent = compiles
    ? `jit compiles to JavaScript with new Function${backends.wasm ? "; the landscape, a loop over grid points, runs as a WebAssembly SIMD kernel" : ""}`
    : "new Function is forbidden here (Content-Security-Policy): jit runs the optimized IR through the interpreter";
  $("#start-value").textContent = `start (${settings.start[0].toFixed(2)}, ${settings.start[1].toFixed(2)})`;
  void redrawLandscape();
  redrawProgram();
  redrawPath();
  // Read by the browser test; not an API.
  Object.defineProperty(window, "playground", {
    value: {
      get settings() {
        return settings;
      },
      get result() {
        return result;
      },
      get mode() {
        return mode;
      },
      get redraws() {
        return redraws;
      },
      get landscapes() {
        return landscapes;
      },
      get drawnSpeeds() {
        return drawnSpeeds;
      },
      // The worker pool: threads kernels may use, workers alive, kernel calls split over them.
      get threads() {
        return { ...config(), ...threadStats() };
      },
      asyncIdentical: () => landscapeAsyncIdentical(settings.speeds, LO, HI, RASTER),
      get timingsShown() {
        return timingsShown;
      },
      compiles,
      backends,
      // Cross-origin isolated: SharedArrayBuffer exists, so jit's WebAssembly memory is shared.
      isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === "function",
      get violations() {
        return [...violations];
      },
      get aheadOfTime() {
        return aot;
      },
    },
  });
  document.body.dataset.ready = "true";
  void aheadOfTime()
    .then((state) => {
      aot = state;
      document.body.dataset.aheadOfTime = "ready";
    })
    .then(() => (compiles ? timeLandscape() : undefined));
}

let aot: AheadOfTimeState | null = null;

/**
 * The landscape's call timed both ways (medians of 9 after a warm-up): synchronous, which on
 * a page's main thread runs on one core, and `jit(f).async`, which may split it over workers.
 */
async function timeLandscape(): Promise<void> {
  const calls = landscapeCalls(settings.speeds, LO, HI, RASTER);
  // A worker boots in tens of milliseconds, and calls meanwhile run without it: give it a second.
  for (const until = performance.now() + 1000; config().threads > 1 && threadStats().splitCalls === 0 && performance.now() < until; ) {
    await calls.async();
    await new Promise((done) => setTimeout(done, 20));
  }
  const sync: number[] = [];
  const split: number[] = [];
  const splitBefore = threadStats().splitCalls;
  for (let i = 0; i < 12; i++) {
    let t0 = performance.now();
    calls.sync();
    sync.push(performance.now() - t0);
    t0 = performance.now();
    await calls.async();
    split.push(performance.now() - t0);
  }
  const median = (t: number[]) => t.slice(3).sort((a, b) => a - b)[4];
  const { threads } = config();
  $("#landscape-timing").textContent =
    `the landscape (${RASTER}² points, one jit(vmap(…)) call): ${median(sync).toFixed(2)} ms on the page's thread, ` +
    `${median(split).toFixed(2)} ms with jit(f).async over ${threads} thread${threads === 1 ? "" : "s"}${threadStats().splitCalls > splitBefore ? " (split over Web Workers)" : ""}`;
  document.body.dataset.landscapeTiming = "ready";
}

main();
