/** `lax`: jax.lax in camelCase — primitives without NumPy's broadcasting. */
export * from "./lax";
