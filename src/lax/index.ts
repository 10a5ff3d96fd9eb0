/** `lax`: jax.lax in camelCase — primitives without NumPy's broadcasting. */
export * from "./lax";
export { cond, switch, whileLoop, foriLoop, scan, type ScanOptions } from "./control-flow";
