/**
 * FEATURES.md against the package: every jitgrad name a row gives exists; a name marked
 * "not yet" or "n/a" has no camelCase export (so adding one means updating the table);
 * and every export is listed somewhere.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as jitgrad from "../src";

const text = readFileSync(new URL("../FEATURES.md", import.meta.url), "utf8");
const isModule = (v: unknown) => Object.prototype.toString.call(v) === "[object Module]";

/** Every exported name as a dotted path (namespaces are ES module namespace objects). */
function exportsOf(prefix: string, obj: Record<string, unknown>, out: string[] = []): string[] {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (isModule(v)) exportsOf(name, v as Record<string, unknown>, out);
    else out.push(name);
  }
  return out;
}

function resolve(path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as Record<string, unknown>)[k]), jitgrad);
}

/** A JAX prefix's jitgrad namespace, longest prefix first. */
const NAMESPACES: [string, string][] = [
  ["jnp.linalg.", "np.linalg."],
  ["jnp.fft.", "np.fft."],
  ["jnp.", "np."],
  ["lax.linalg.", "lax.linalg."],
  ["lax.", "lax."],
  ["jax.nn.initializers.", "nn.initializers."],
  ["jax.nn.", "nn."],
  ["jax.random.", "random."],
  ["jax.tree.", "tree."],
  ["jax.scipy.linalg.", "scipy.linalg."],
  ["jax.scipy.signal.", "scipy.signal."],
  ["jax.scipy.optimize.", "scipy.optimize."],
  ["jax.scipy.", "scipy."],
  ["optax.", "optim."],
  ["jax.", ""],
];
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Row {
  readonly jax: string;
  readonly ours: string;
  readonly status: string;
}
const rows: Row[] = [];
const additions: string[] = [];
for (const line of text.split("\n")) {
  const four = /^\| `([^`]+)` \| (?:`([^`]+)`)? ?\| ([^|]+) \|/.exec(line);
  if (four) {
    rows.push({ jax: four[1], ours: four[2] ?? "", status: four[3].trim() });
    continue;
  }
  const two = /^\| `([^`]+)` \| [^|]*\|$/.exec(line);
  if (two) additions.push(two[1]);
}

describe("FEATURES.md", () => {
  it("has its rows", () => {
    expect(rows.length).toBeGreaterThan(700);
    expect(additions.length).toBeGreaterThan(20);
  });
  it("every supported row names an export that exists, and only supported rows name one", () => {
    const missing = rows.filter((r) => r.status.startsWith("yes") && resolve(r.ours) === undefined).map((r) => `${r.jax} → ${r.ours}`);
    expect(missing).toEqual([]);
    const unexpected = rows.filter((r) => !r.status.startsWith("yes") && r.ours !== "").map((r) => r.jax);
    expect(unexpected).toEqual([]);
    expect(rows.filter((r) => !/^(yes|not yet|n\/a)/.test(r.status)).map((r) => `${r.jax}: ${r.status}`)).toEqual([]);
  });
  it("a name marked not yet or n/a has no export of its camelCase name (update the row when adding one)", () => {
    const stale = rows
      .filter((r) => !r.status.startsWith("yes"))
      .flatMap((r) => {
        const [prefix, ns] = NAMESPACES.find(([p]) => r.jax.startsWith(p))!;
        const candidate = ns + camel(r.jax.slice(prefix.length));
        return resolve(candidate) === undefined ? [] : [`${r.jax} is marked "${r.status}" but ${candidate} exists`];
      });
    expect(stale).toEqual([]);
  });
  it("lists every export of the package", () => {
    const listed = new Set([...rows.map((r) => r.ours), ...additions]);
    expect(exportsOf("", jitgrad as unknown as Record<string, unknown>).filter((n) => !listed.has(n))).toEqual([]);
  });
});
