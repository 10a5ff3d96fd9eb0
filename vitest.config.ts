import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The playground imports the library by its package name; tests use the source.
  resolve: { alias: { jitgrad: fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    // Needs Chromium: `npm run test:browser` (vitest.browser.config.ts) runs it.
    exclude: ["test/browser/**", "node_modules/**"],
    testTimeout: 30_000,
  },
});
