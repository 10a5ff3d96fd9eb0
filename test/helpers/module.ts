/**
 * Test helpers for ahead-of-time modules (src/jit/module.ts): importing a generated module
 * from a file, and calling one with the Tensors a jitted function takes.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Tensor } from "../../src";

const dir = mkdtempSync(join(tmpdir(), "jitgrad-module-"));
let count = 0;

/** Writes the module to a file and imports it, as a user's program would. */
export async function importModule(js: string): Promise<Record<string, unknown>> {
  const file = join(dir, `m${count++}.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/**
 * The module evaluated synchronously (for properties, which cannot await): its `export`
 * keywords dropped and the default export returned. Only for modules toModule wrote.
 */
export function loadModuleSync(js: string): (...args: unknown[]) => unknown {
  const body = js
    .replace(/^export class /gm, "class ")
    .replace(/^export \{ entry as \w+, entry as default \};$/m, "return entry;");
  return new Function(body)() as (...args: unknown[]) => unknown;
}

/** A pytree's leaves as a module takes them: the storage of arrays, numbers for 0-d ones. */
export function asModuleArgument(x: unknown): unknown {
  if (x instanceof Tensor) return x.ndim === 0 && !x.dtype.startsWith("complex") ? x.item() : x.toTypedArray();
  if (Array.isArray(x)) return x.map(asModuleArgument);
  if (x !== null && typeof x === "object" && !ArrayBuffer.isView(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, asModuleArgument(v)]));
  return x;
}

/** A jit result in the module's form, for bit-for-bit comparison. */
export function asModuleResult(x: unknown): unknown {
  if (x instanceof Tensor) {
    if (x.ndim === 0 && !x.dtype.startsWith("complex")) return x.item();
    return x.toTypedArray();
  }
  return asModuleArgument(x);
}
