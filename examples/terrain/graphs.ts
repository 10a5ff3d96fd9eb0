/** Expression graphs (the post's `t_graph`): jaxpr → DOT with jitgrad's `toDot` → SVG with Graphviz (wasm). */
import { instance } from "@viz-js/viz";
import { type ClosedJaxpr, type ToDotOptions, toDot } from "../../src";

let viz: ReturnType<typeof instance> | undefined;

/** The SVG of `jaxpr`'s graph; Graphviz's node ids keep `toDot`'s (`eqn0`, `eqn1`, …). */
export async function graphSvg(jaxpr: ClosedJaxpr, options: ToDotOptions): Promise<string> {
  viz ??= instance();
  return (await viz).renderString(toDot(jaxpr, options), { format: "svg" });
}
