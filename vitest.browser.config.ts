import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The browser test (npm run test:browser): headless Chromium against the playground.
export default defineConfig({
  resolve: { alias: { jitgrad: fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
