import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  // Whitespace and syntax only: names stay readable in stack traces (and error names
  // survive); the smaller source is quicker to read and check against the code cache.
  minifyWhitespace: true,
  minifySyntax: true,
});
