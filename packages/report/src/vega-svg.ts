import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string in Node, without a DOM or a canvas (Vega's headless
 * `View.toSVG`, renderer 'none'). Text widths are Vega's estimate, which is why labels get room to spare.
 */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
