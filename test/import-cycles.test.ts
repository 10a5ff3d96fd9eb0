/**
 * Module structure: no import cycle (type imports included) runs through a module outside
 * `core/` and `transforms/`. Those two still hold mutual recursion between the interpreter,
 * the trace and the impl rules, and between each transform's rules and its trace (listed in
 * the stop notes); everything built on them — jit, the kernel IR, the backends, numpy, lax
 * and the rest — is a clean layering, and this keeps it one.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** The project files a module imports (relative specifiers, `import type` included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']/g)) {
    const base = resolve(dirname(file), m[1]);
    const candidates = [`${base}.ts`, join(base, "index.ts")];
    const found = candidates.find((c) => {
      try {
        return statSync(c).isFile();
      } catch {
        return false;
      }
    });
    if (found) out.push(found);
  }
  return out;
}

describe("import cycles", () => {
  it("no cycle passes through a module outside core/ and transforms/", () => {
    const files = sources(SRC);
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const allowed = (f: string) => /^(core|transforms)\//.test(relative(SRC, f));
    // Tarjan's strongly connected components: a component of two or more modules is a cycle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) cycles.push(component.map((f) => relative(SRC, f)));
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    const outside = cycles.filter((c) => c.some((f) => !allowed(join(SRC, f))));
    expect(outside).toEqual([]);
    // The check sees the known cycles, so it would see a new one.
    expect(cycles.length).toBeGreaterThan(0);
  });
});
