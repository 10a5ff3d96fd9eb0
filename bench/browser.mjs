// `npm run bench:browser`: the vmapped 20-step descent (N = 10⁵) and the playground's landscape
// (320² points) in headless Chromium on a cross-origin-isolated page, each as a synchronous
// call (on a page's main thread: one thread) and as `await jit(f).async(...)` (split over Web
// Workers when the cost model says it pays), beside the hand-written step-outer descent in the
// same page. Medians of 15 after a warm-up; needs `npm run build` (it loads dist/index.js).
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const library = readFileSync(new URL("../dist/index.js", import.meta.url), "utf8");

// The page's program: plain JS against the bundle, so nothing is transpiled.
const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { config, grad, jit, lax, np, threadStats, vmap } from "/jitgrad.js";
const [h, d, v1, v2, v3, LR, STEPS] = [20, 10, 0.7, 0.3, 0.45, 1.5, 20];
const calcTime = (x, s = [v1, v2, v3]) => { const [x1, x2] = x; return np.sqrt(x1.pow(2).add(d * d)).div(s[0]).add(np.sqrt(x2.pow(2).add(d * d)).div(s[1])).add(np.sqrt(np.subtract(h, x1).sub(x2).pow(2).add(d * d)).div(s[2])); };
const descend = (x0) => lax.foriLoop(0, STEPS, (_i, x) => x.sub(grad(calcTime)(x).mul(LR)), x0);
function handStepOuter(starts) {
  const x = starts.slice();
  for (let s = 0; s < STEPS; s++) for (let i = 0; i < x.length; i += 2) {
    const [x1, x2] = [x[i], x[i + 1]]; const r = h - x1 - x2; const third = r / (v3 * Math.sqrt(r * r + d * d));
    x[i] = x1 - LR * (x1 / (v1 * Math.sqrt(x1 * x1 + d * d)) - third); x[i + 1] = x2 - LR * (x2 / (v2 * Math.sqrt(x2 * x2 + d * d)) - third);
  }
  return x;
}
const median = (t) => t.sort((a, b) => a - b)[t.length >> 1];
async function time(run) {
  for (let i = 0; i < 20; i++) { await run(); await new Promise((r) => setTimeout(r, 5)); }
  const t = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); await run(); t.push(performance.now() - t0); }
  return median(t);
}
const n = 1e5;
const startsData = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 17 : 2) + 0.013 * i);
const starts = np.array(startsData).reshape([n, 2]);
const batch = jit(vmap(descend));
const side = 320;
// Cell centres over [-5, 25]², (x1, x2) per point, row-major.
const grid = np.array(Float64Array.from({ length: 2 * side * side }, (_, i) => -5 + (30 * ((i % 2 ? Math.floor((i >> 1) / side) : (i >> 1) % side) + 0.5)) / side)).reshape([side * side, 2]);
const speeds = np.array([0.7, 0.3, 0.45]);
const landscape = jit(vmap((p, s) => calcTime(p, [s.slice(0), s.slice(1), s.slice(2)]), { inAxes: [0, null] }));
const same = (a, b) => a.every((v, i) => Object.is(v, b[i]));
const rows = [
  ["hand-written JS, step-outer", await time(() => handStepOuter(startsData))],
  ["jitgrad jit(vmap(descent)), synchronous (the page's thread)", await time(() => batch(starts))],
  ["jitgrad await jit(vmap(descent)).async", await time(() => batch.async(starts))],
  ["landscape 320², synchronous", await time(() => landscape(grid, speeds))],
  ["landscape 320², await .async", await time(() => landscape.async(grid, speeds))],
];
const identical = same(batch(starts).toTypedArray(), (await batch.async(starts)).toTypedArray()) && same(landscape(grid, speeds).toTypedArray(), (await landscape.async(grid, speeds)).toTypedArray());
window.result = { rows, identical, threads: config().threads, stats: threadStats(), isolated: crossOriginIsolated };
</script>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless", "--disable-gpu"] });
try {
  const tab = await browser.newPage();
  tab.on("pageerror", (e) => console.error("page error:", e.message));
  const headers = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };
  // localhost is a secure context, so the page can be cross-origin isolated; nothing goes to the network.
  await tab.route("http://localhost:5199/**", (route) =>
    route.request().url().endsWith("/jitgrad.js")
      ? route.fulfill({ body: library, contentType: "text/javascript", headers })
      : route.fulfill({ body: page, contentType: "text/html", headers }),
  );
  await tab.goto("http://localhost:5199/");
  await tab.waitForFunction(() => window.result, null, { timeout: 300_000 });
  const { rows, identical, threads, stats, isolated } = await tab.evaluate(() => window.result);
  const hand = rows[0][1];
  console.log(`# jitgrad in headless Chromium (${await browser.version()}), cross-origin isolated: ${isolated}, ${threads} threads\n`);
  console.log("| contender | median / call | vs hand-written JS |\n|---|---:|---:|");
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} ms | ${name.startsWith("landscape") ? "—" : `${(ms / hand).toFixed(2)}×`} |`);
  console.log(`\nasynchronous = synchronous bit for bit: ${identical}; calls split over Web Workers: ${stats.splitCalls} (workers: ${stats.workers})`);
} finally {
  await browser.close();
}
