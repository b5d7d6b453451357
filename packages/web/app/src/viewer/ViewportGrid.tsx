import type { RefObject } from 'react';
import type { FusionViewer, Sample, ViewportId } from './fusion-viewer.ts';
import { VIEWPORT_IDS } from './fusion-viewer.ts';

const TITLES: Record<ViewportId, string> = {
  axial: 'Axial',
  coronal: 'Coronal',
  sagittal: 'Sagittal',
  mip: 'PET MIP',
};

export type Elements = Partial<Record<ViewportId, HTMLDivElement>>;

interface Props {
  readonly viewer: RefObject<FusionViewer | undefined>;
  /** Filled with the viewport elements as they mount (Cornerstone draws into them). */
  readonly elements: RefObject<Elements>;
  /** Prefixed to each view's title and accessible name (e.g. the tracer, in the side-by-side pair). */
  readonly label?: string;
  readonly onSample: (sample: Sample, viewportId: ViewportId) => void;
  /** A click on a view (default: the other planes move to the point clicked). */
  readonly onPick?: (sample: Sample, viewportId: ViewportId) => void;
  /** A linked-cursor mark per view, in canvas pixels (the other study's cursor mapped into this one). */
  readonly marks?: Partial<Record<ViewportId, readonly [number, number]>> | undefined;
}

/**
 * The four views of a fusion viewer: wheel scrolls, arrow keys (Page Up/Down: 10) change the focused
 * view's slice, a click moves the other planes there, moving the cursor reads out the values under it.
 */
export function ViewportGrid({ viewer, elements, label, onSample, onPick, marks }: Props) {
  const canvasPoint = (event: React.MouseEvent<HTMLDivElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const title = (id: ViewportId) =>
    label === undefined ? TITLES[id] : `${label} ${TITLES[id].toLowerCase()}`;
  return (
    <div className="viewports">
      {VIEWPORT_IDS.map((id) => {
        const mark = marks?.[id];
        return (
          <figure key={id} className="viewport-frame">
            <figcaption>{title(id)}</figcaption>
            <div
              className="viewport"
              role="application"
              aria-label={`${title(id)} view: arrow keys change slice, click moves the other planes there`}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: an image widget (role application) takes focus for its arrow keys.
              tabIndex={0}
              data-viewport={id}
              onKeyDown={(event) => {
                const delta = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[event.key];
                if (delta === undefined) return;
                event.preventDefault();
                viewer.current?.scroll(id, delta);
              }}
              ref={(el) => {
                if (el !== null && elements.current !== null) elements.current[id] = el;
              }}
              onMouseMove={(event) => {
                const s = viewer.current?.sample(id, canvasPoint(event));
                if (s !== undefined) onSample(s, id);
              }}
              onClick={(event) => {
                const s = viewer.current?.sample(id, canvasPoint(event));
                if (s === undefined) return;
                if (onPick === undefined) viewer.current?.jumpTo(s.lps);
                else onPick(s, id);
              }}
              onContextMenu={(event) => event.preventDefault()}
            />
            {mark !== undefined && (
              <svg
                className="linked-cursor"
                aria-hidden="true"
                style={{ left: mark[0] - 9, top: mark[1] - 9 }}
              >
                <path d="M0 9h7M11 9h7M9 0v7M9 11v7" />
              </svg>
            )}
          </figure>
        );
      })}
    </div>
  );
}
