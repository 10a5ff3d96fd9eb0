/** `scipy`: the parts of jax.scipy jitgrad has, in camelCase. */
export * as linalg from "./linalg";
export * as signal from "./signal";
export * as optimize from "./optimize";
