import { useEffect, useRef, useState } from 'react';
import { Alert } from '../study/form-kit.tsx';
import { type CsvTable, saveBlob, standaloneSvg, svgToPng, toCsv } from './downloads.ts';

export type FigureSource = { kind: 'vega-lite'; spec: unknown } | { kind: 'svg'; svg: string };

/**
 * Draws a Vega-Lite spec as inline SVG in the browser (Vega's SVG renderer; vega and vega-lite are
 * loaded on first use, in their own chunk) or places a finished SVG, and offers the figure as SVG and
 * PNG and its data as CSV. `name` is the file name stem.
 */
export function Figure({
  source,
  table,
  name,
  title,
}: {
  source: FigureSource;
  table: CsvTable;
  name: string;
  title: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [svg, setSvg] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    if (source.kind === 'svg') {
      element.innerHTML = source.svg;
      setSvg(source.svg);
      return;
    }
    let finalize: (() => void) | undefined;
    let current = true;
    (async () => {
      const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
      const spec = { ...(source.spec as object), background: 'white' };
      const view = new View(parse(compile(spec as Parameters<typeof compile>[0]).spec), {
        renderer: 'svg',
        container: element,
        hover: false,
      });
      finalize = () => view.finalize();
      await view.runAsync();
      const text = await view.toSVG();
      if (current) setSvg(text);
    })().catch((failure: unknown) => {
      if (current)
        setError(
          `the figure could not be drawn: ${failure instanceof Error ? failure.message : String(failure)}`,
        );
    });
    return () => {
      current = false;
      finalize?.();
      element.innerHTML = '';
    };
  }, [source]);

  const savePng = async () => {
    if (svg === undefined) return;
    try {
      saveBlob(`${name}.png`, await svgToPng(svg));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <div className="figure">
      <div ref={host} className="figure-canvas" role="img" aria-label={title} data-figure={name} />
      <Alert message={error} />
      <div className="downloads">
        <button
          type="button"
          disabled={svg === undefined}
          aria-label={`Download ${title} as SVG`}
          onClick={() =>
            svg !== undefined &&
            saveBlob(`${name}.svg`, new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }))
          }
        >
          SVG
        </button>
        <button
          type="button"
          disabled={svg === undefined}
          aria-label={`Download ${title} as PNG`}
          onClick={savePng}
        >
          PNG
        </button>
        <button
          type="button"
          aria-label={`Download the data of ${title} as CSV`}
          onClick={() => saveBlob(`${name}.csv`, new Blob([toCsv(table)], { type: 'text/csv' }))}
        >
          CSV
        </button>
      </div>
    </div>
  );
}
