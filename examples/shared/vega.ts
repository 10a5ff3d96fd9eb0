/** Vega and Vega-Lite specifications rendered to SVG strings, headless. */
import * as vega from "vega";
import * as vl from "vega-lite";

export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
/** Shared look: one font, no view border, readable axes. */
export const CONFIG = { font: FONT, view: { stroke: null }, axis: { labelFontSize: 12, titleFontSize: 13 } };

export async function renderVega(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export const renderVegaLite = (spec: vl.TopLevelSpec): Promise<string> => renderVega(vl.compile(spec).spec);
