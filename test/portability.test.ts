/**
 * The library runs in browsers unchanged: nothing under src/ reaches for Node's modules or
 * globals (the playground's browser test runs the built bundle in Chromium; this catches a
 * regression before that, in every `npm test`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const NODE_ONLY = [/from "node:/, /from "(fs|path|os|crypto|util|child_process|worker_threads)"/, /\brequire\(/, /\bprocess\./, /\bBuffer\./, /\b__dirname\b/];

/**
 * The one exception: the thread host holds the Node worker's script as text and reaches
 * `worker_threads` through `process.getBuiltinModule` behind a feature check (absent in
 * browsers, where it finds no host).
 */
const NODE_HOST = join("src", "backend", "threads", "host.ts");

describe("portability", () => {
  it("src/ uses no Node-only module or global", () => {
    const offending = sources("src").filter((file) => file !== NODE_HOST).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) => !text.trim().startsWith("*") && !text.trim().startsWith("//") && NODE_ONLY.some((re) => re.test(text))),
    );
    expect(offending).toEqual([]);
    expect(sources("src").length).toBeGreaterThan(50);
  });

  it("src/ throws only JitgradError subclasses (a typed error, even for a broken invariant)", () => {
    const plain = sources("src").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) => /new (Type|Range|Syntax|Reference)?Error\(/.test(text)),
    );
    expect(plain).toEqual([]);
  });

  it("src/ has no bare catch (an error swallowed unseen hides bugs; catch what is meant)", () => {
    const bare = sources("src").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ file, line: i + 1, text: line }))
        .filter(({ text }) => /\bcatch\s*\{/.test(text)),
    );
    expect(bare).toEqual([]);
  });

  it("src/ imports no fp-ts (loading its modules cost ~30 ms of every import of jitgrad)", () => {
    const users = sources("src").filter((file) => /from "fp-ts/.test(readFileSync(file, "utf8")));
    expect(users).toEqual([]);
  });
});
