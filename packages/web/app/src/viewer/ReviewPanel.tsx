import type { OrganName } from '@cxcr4pet/imaging';
import { useState } from 'react';
import type { Review } from './lesion-review.ts';

/** What the next click on a view does: move the planes there, add a lesion, or place an organ reference. */
export type ClickTool =
  | { kind: 'navigate' }
  | { kind: 'add-lesion' }
  | { kind: 'reference'; organ: OrganName };

/** The organ references a reader places, as the issue names them. */
export const REFERENCE_ORGANS: readonly { organ: OrganName; name: string }[] = [
  { organ: 'liver', name: 'Liver' },
  { organ: 'blood-pool', name: 'Blood pool' },
  { organ: 'spleen', name: 'Spleen' },
  { organ: 'marrow', name: 'Marrow' },
];

/** Organ reference spheres in the overlay: magenta, away from the lesion green and the PET scale. */
export const REFERENCE_COLOUR: readonly [number, number, number, number] = [230, 0, 230, 255];

interface Props {
  readonly review: Review;
  readonly tool: ClickTool;
  readonly onTool: (tool: ClickTool) => void;
  readonly onRerun: (thresholdSuv: number) => void;
  /** The last edit's failure, in words (e.g. nothing above the threshold near the click). */
  readonly message: string | undefined;
  /** Saving and signing (below the edits). */
  readonly children?: React.ReactNode;
}

const same = (a: ClickTool, b: ClickTool) =>
  a.kind === b.kind && (a.kind !== 'reference' || (b.kind === 'reference' && a.organ === b.organ));

/**
 * The reader's corrections: the threshold and a re-run of the segmentation, click tools (add a lesion,
 * place an organ reference), the references measured, and the edits made so far (not yet saved).
 */
export function ReviewPanel({ review, tool, onTool, onRerun, message, children }: Props) {
  const [threshold, setThreshold] = useState(String(review.thresholdSuv));
  const toggle = (t: ClickTool) => onTool(same(tool, t) ? { kind: 'navigate' } : t);
  const value = Number(threshold);
  const valid = threshold.trim() !== '' && Number.isFinite(value) && value > 0;
  return (
    <section className="review" aria-label="Review">
      <h2>
        Review <small>(SUV ≥ {review.thresholdSuv})</small>
      </h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) onRerun(value);
        }}
      >
        <label>
          SUV threshold{' '}
          <input
            type="number"
            name="threshold-suv"
            min={0.1}
            step={0.1}
            value={threshold}
            onChange={(event) => setThreshold(event.target.value)}
          />
        </label>{' '}
        <button type="submit" disabled={!valid}>
          Re-run segmentation
        </button>
      </form>
      <fieldset className="tools" aria-label="Click tools">
        <button
          type="button"
          aria-pressed={tool.kind === 'add-lesion'}
          onClick={() => toggle({ kind: 'add-lesion' })}
        >
          Add lesion
        </button>
        {REFERENCE_ORGANS.map(({ organ, name }) => (
          <button
            type="button"
            key={organ}
            aria-pressed={tool.kind === 'reference' && tool.organ === organ}
            onClick={() => toggle({ kind: 'reference', organ })}
          >
            {name} reference
          </button>
        ))}
      </fieldset>
      {tool.kind !== 'navigate' && (
        <p className="notice">
          Click in a view to{' '}
          {tool.kind === 'add-lesion' ? 'add the lesion there' : `place the ${tool.organ} reference`}.
        </p>
      )}
      {message !== undefined && (
        <p className="notice error" role="alert">
          {message}
        </p>
      )}
      {review.references.length > 0 && (
        <table className="references">
          <thead>
            <tr>
              <th>reference</th>
              <th>SUVmean</th>
              <th>SD</th>
              <th>SUVmax</th>
              <th>SUVpeak</th>
              <th>ml</th>
            </tr>
          </thead>
          <tbody>
            {review.references.map((r) => (
              <tr key={r.organ} data-organ={r.organ} data-mean={r.meanSuv}>
                <td>{r.organ}</td>
                <td>{r.meanSuv.toFixed(2)}</td>
                <td>{r.sdSuv.toFixed(2)}</td>
                <td>{r.maxSuv.toFixed(2)}</td>
                <td>{r.peakSuv.toFixed(2)}</td>
                <td>{r.volumeMl.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {review.edits.length > 0 && (
        <details className="edits" open>
          <summary>Edits: {review.edits.length}</summary>
          <ol>
            {review.edits.map((edit, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows; an edit's place is its identity.
              <li key={n}>{edit}</li>
            ))}
          </ol>
        </details>
      )}
      {children}
    </section>
  );
}
