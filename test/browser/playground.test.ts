/**
 * The playground in a real browser (headless Chromium through playwright-core): drag the
 * start point, move a slider, switch to the interpreter, and check what the page draws
 * against the same descent computed here in Node; then load it again under a
 * Content-Security-Policy without 'unsafe-eval' and check the interpreter fallback gives
 * the same path. Screenshots go to out/playground/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type ConsoleMessage, type Page, type Response, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { descentPath } from "../../examples/terrain/solve";
import { buildPlayground } from "../../playground/build.mjs";
import { serve } from "../../playground/serve.mjs";
import { DEFAULT_SETTINGS, type DescentResult, type Settings } from "../../playground/src/model";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join("out", "playground");

interface PageState {
  readonly settings: Settings;
  readonly result: DescentResult;
  readonly mode: string;
  readonly redraws: number;
  readonly landscapes: number;
  readonly drawnSpeeds: readonly number[];
  readonly threads: { readonly threads: number; readonly workers: number; readonly splitCalls: number };
  readonly compiles: boolean;
  readonly backends: { readonly wasm: boolean; readonly shared: boolean; readonly identical: boolean };
  readonly isolated: boolean;
  readonly violations: readonly string[];
  readonly aheadOfTime: { readonly result: DescentResult; readonly identicalToJit: boolean; readonly perDescentUs: number } | null;
}

/** The page's descent from the module compiled ahead of time (toModule()), once it has loaded and run. */
async function aheadOfTime(page: Page): Promise<NonNullable<PageState["aheadOfTime"]>> {
  await page.waitForSelector("body[data-ahead-of-time=ready]", { timeout: 30_000 });
  return (await state(page)).aheadOfTime!;
}

/** The same descent in Node, by the terrain demo's own code (a JS loop over jit(grad)). */
function nodeDescent(s: Settings): [number, number][] {
  const [v1, v2, v3] = s.speeds;
  return descentPath({ h: 20, d: 10, v1, v2, v3 }, { start: s.start, stepSize: s.stepSize, steps: s.steps }).map((p) => [p.x1, p.x2]);
}

let context: BrowserContext;
let server: { url: string; close: () => Promise<void> };
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  await buildPlayground();
  server = await serve();
  profile = mkdtempSync(join(tmpdir(), "jitgrad-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 1220 },
  });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(path: string): Promise<{ page: Page; messages: ConsoleMessage[]; errors: Error[]; response: Response }> {
  const page = await context.newPage();
  const messages: ConsoleMessage[] = [];
  const errors: Error[] = [];
  page.on("console", (m) => messages.push(m));
  page.on("pageerror", (e) => errors.push(e));
  const response = await page.goto(server.url + path);
  if (!response || !response.ok()) throw new Error(`loading ${server.url + path} failed: ${response?.status()}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return { page, messages, errors, response };
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { playground: PageState }).playground as PageState).then((s) => JSON.parse(JSON.stringify(s)) as PageState);

/** Waits until the page has redrawn more than `since` times. */
async function redrawnAfter(page: Page, since: number): Promise<PageState> {
  await page.waitForFunction((n) => (window as unknown as { playground: PageState }).playground.redraws > n, since);
  return state(page);
}

/** Drags the start handle by (dx, dy) pixels in small moves, as a hand would. */
async function dragStart(page: Page, dx: number, dy: number): Promise<void> {
  const box = (await page.locator("#start").boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

const canvasDigest = (page: Page) => page.evaluate(() => (document.querySelector("#landscape") as HTMLCanvasElement).toDataURL());

describe("the playground in Chromium", () => {
  it("draws the post's descent, follows a drag and a slider, and matches Node", async () => {
    const { page, messages, errors } = await open("");
    const initial = await state(page);
    expect(initial.compiles).toBe(true);
    expect(initial.violations).toEqual([]);
    // The post's 20 steps from (2, 17): JAX's float64 end point, to the last digit.
    expect(initial.result.path[initial.result.path.length - 1]).toEqual([10.921592561054666, 3.490700872208439]);
    expect(initial.result.path).toEqual(nodeDescent(initial.settings));

    const ir = await page.locator("#ir").textContent();
    expect(ir).toMatch(/^\{ lambda ; a:f64\[2\]\. let/);
    // The landscape is a WebAssembly batch kernel in Chromium too, bit for bit the JavaScript
    // backend — on a shared memory, the page being cross-origin isolated.
    expect(initial.backends).toEqual({ wasm: true, shared: true, identical: true });
    expect(initial.isolated).toBe(true);
    expect(await page.locator("#jit-status").textContent()).toContain("WebAssembly SIMD kernel");
    expect(ir).toContain("integer_pow[y=2]");
    expect(await page.locator("#source").textContent()).toContain("Math.sqrt(");
    expect(await page.locator("#compile").textContent()).toMatch(/^first jit call for 20 steps \(trace, transform, optimize, emit, compile, run\): [\d.]+ ms$/);

    // Drag the start point: the path redraws from the new start, and its end is Node's.
    const pathBefore = await page.locator("#path").getAttribute("points");
    await dragStart(page, 140, 60);
    await page.waitForFunction((p) => document.querySelector("#path")!.getAttribute("points") !== p, pathBefore);
    const dragged = await state(page);
    expect(dragged.settings.start).not.toEqual(initial.settings.start);
    expect(dragged.result.path[0]).toEqual(dragged.settings.start);
    expect(dragged.result.path).toEqual(nodeDescent(dragged.settings));

    // Move the v2 slider with the keyboard (20 × 0.01): landscape, bands and IR follow.
    const landscapeBefore = await canvasDigest(page);
    const irBefore = ir;
    await page.locator("#v2").focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => (window as unknown as { playground: PageState }).playground.settings.speeds[1] === 0.5);
    await redrawnAfter(page, dragged.redraws);
    // Twenty key presses may redraw more than once: wait for the redraw of the last one.
    await page.waitForFunction(() => (document.querySelector("#crossings")!.textContent ?? "").includes("v2 = 0.50"));
    const slid = await state(page);
    await page.waitForFunction((s) => document.querySelector("#ir")!.textContent !== s, irBefore);
    expect(slid.settings.speeds).toEqual([0.7, 0.5, 0.45]);
    // The landscape is computed asynchronously (jit(f).async): wait for the one of these speeds.
    await page.waitForFunction(() => (window as unknown as { playground: PageState }).playground.drawnSpeeds[1] === 0.5);
    expect(await canvasDigest(page)).not.toBe(landscapeBefore);
    expect(await page.locator("#crossings").textContent()).toContain("v2 = 0.50");
    expect(await page.locator("#ir").textContent()).toContain("0.5:f64[]");
    expect(slid.result.path).toEqual(nodeDescent(slid.settings));

    // The interpreter gives the same path, and the page shows both timings.
    const beforeToggle = (await state(page)).redraws;
    await page.locator("input[value=interpreter]").check();
    const interpreted = await redrawnAfter(page, beforeToggle);
    expect(interpreted.mode).toBe("interpreter");
    expect(interpreted.result).toEqual(slid.result);
    // Timing waits for the visitor to pause; then both modes' times show.
    await page.waitForFunction(() => /interpreter [\d.]+ µs/.test(document.querySelector("#timing")!.textContent ?? ""));
    expect(await page.locator("#timing").textContent()).toMatch(/jit [\d.]+ µs · interpreter [\d.]+ µs · the interpreter takes \d+× as long/);

    // The module compiled ahead of time gives jit's bits and Node's path.
    const aot = await aheadOfTime(page);
    expect(aot.identicalToJit).toBe(true);
    expect(aot.result.path).toEqual(nodeDescent(DEFAULT_SETTINGS));
    expect(await page.locator("#aot").textContent()).toMatch(/^compiled ahead of time .*: [\d.]+ µs per descent, the same bits as jit$/);

    // The landscape is jit(f).async: its kernel was split over a Web Worker (a page's main
    // thread may not block, so only an awaited call can), with the synchronous call's bits,
    // and one thread per core. Whether the timed calls split is the cost model's measured
    // choice; the page says which.
    await page.waitForSelector("body[data-landscape-timing=ready]", { timeout: 30_000 });
    const pool = (await state(page)).threads;
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(pool.threads).toBe(cores);
    if (cores > 1) {
      expect(pool.workers).toBeGreaterThanOrEqual(1);
      expect(pool.splitCalls).toBeGreaterThan(0);
      expect(page.workers().length).toBeGreaterThanOrEqual(1);
    }
    expect(await page.evaluate(() => (window as unknown as { playground: { asyncIdentical(): Promise<boolean> } }).playground.asyncIdentical())).toBe(true);
    expect(await page.locator("#landscape-timing").textContent()).toMatch(
      /^the landscape \(320² points, one jit\(vmap\(…\)\) call\): [\d.]+ ms on the page's thread, [\d.]+ ms with jit\(f\)\.async over \d+ threads?( \(split over Web Workers\))?$/,
    );

    await page.screenshot({ path: join(SHOTS, "playground.png"), fullPage: true });
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(messages.filter((m) => m.type() === "error" || m.type() === "warning").map((m) => m.text())).toEqual([]);
    await page.close();
  });

  it("not cross-origin isolated: no shared memory, one thread, no error, the same paths and landscape", async () => {
    const { page, messages, errors, response } = await open("plain/");
    expect(response.headers()["cross-origin-opener-policy"]).toBeUndefined();
    const initial = await state(page);
    expect(initial.isolated).toBe(false);
    // WebAssembly on a plain memory, bit for bit the JavaScript backend; one thread, no worker.
    expect(initial.backends).toEqual({ wasm: true, shared: false, identical: true });
    expect(initial.result.path).toEqual(nodeDescent(initial.settings));
    await page.waitForSelector("body[data-landscape-timing=ready]", { timeout: 30_000 });
    expect((await state(page)).threads).toEqual({ threads: 1, workers: 0, splitCalls: 0 });
    expect(page.workers()).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { playground: { asyncIdentical(): Promise<boolean> } }).playground.asyncIdentical())).toBe(true);
    expect(await page.locator("#landscape-timing").textContent()).toMatch(/ms with jit\(f\)\.async over 1 thread$/);
    await dragStart(page, 60, -40);
    // Wait for the redraw of the last move: the path starts where the start now is.
    await page.waitForFunction(() => {
      const p = (window as unknown as { playground: PageState }).playground;
      return p.redraws > 1 && JSON.stringify(p.result.path[0]) === JSON.stringify(p.settings.start);
    });
    const dragged = await state(page);
    expect(dragged.settings.start).not.toEqual(initial.settings.start);
    expect(dragged.result.path).toEqual(nodeDescent(dragged.settings));
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(messages.filter((m) => m.type() === "error" || m.type() === "warning").map((m) => m.text())).toEqual([]);
    await page.close();
  });

  it("under a CSP without 'unsafe-eval', falls back to the interpreter with the same path", async () => {
    const { page, messages, errors, response } = await open("csp/");
    expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(response.headers()["content-security-policy"]).not.toContain("unsafe-eval");
    // The browser refused jit's new Function (the page records the violation event).
    await page.waitForFunction(() => (window as unknown as { playground: PageState }).playground.violations.length > 0);
    const initial = await state(page);
    expect(initial.violations[0]).toMatch(/^script-src(-elem)? eval$/);
    expect(initial.compiles).toBe(false);
    // Nothing compiled can run, so no WebAssembly is tried either (no second refusal).
    expect(initial.backends).toEqual({ wasm: false, shared: false, identical: true });
    expect(await page.locator("#jit-status").textContent()).toContain("Content-Security-Policy");
    expect(await page.locator("#source").textContent()).toContain("new Function is forbidden here");
    expect(initial.result.path).toEqual(nodeDescent(initial.settings));

    await dragStart(page, -80, 90);
    const dragged = await redrawnAfter(page, initial.redraws);
    await page.waitForFunction((s) => JSON.stringify((window as unknown as { playground: PageState }).playground.settings.start) !== s, JSON.stringify(initial.settings.start));
    const after = await state(page);
    expect(after.result.path).toEqual(nodeDescent(after.settings));
    expect(dragged.redraws).toBeGreaterThan(initial.redraws);

    // Compiled code still runs here: the module written ahead of time needs no new Function,
    // and gives the path Node computes (and the interpreter's bits, which are jit's).
    const aot = await aheadOfTime(page);
    expect(aot.result.path).toEqual(nodeDescent(DEFAULT_SETTINGS));
    expect(aot.identicalToJit).toBe(true);
    expect(await page.locator("#aot").textContent()).toMatch(/^compiled ahead of time .*: [\d.]+ µs per descent, the same bits as jit$/);
    expect((await state(page)).violations.every((v) => / eval$/.test(v))).toBe(true);

    await page.screenshot({ path: join(SHOTS, "playground-csp.png"), fullPage: true });
    expect(errors.map((e) => e.message)).toEqual([]);
    // One warning from jitgrad saying what happened; nothing else.
    const warnings = messages.filter((m) => m.type() === "warning").map((m) => m.text());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^jitgrad: this environment forbids new Function/);
    expect(messages.filter((m) => m.type() === "error").map((m) => m.text())).toEqual([]);
    await page.close();
  });
});
