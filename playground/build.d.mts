/** Bundles playground/src/main.ts against dist/index.js into playground/dist/main.js. */
export function buildPlayground(): Promise<void>;
