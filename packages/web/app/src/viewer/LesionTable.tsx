import type { ViewerLesion } from '../../../src/viewer-study.ts';

interface Props {
  readonly lesions: readonly ViewerLesion[];
  readonly segmentation: string;
  readonly selected: number | undefined;
  readonly onSelect: (lesion: ViewerLesion) => void;
  /** When given, each row has a Delete button. */
  readonly onDelete?: (lesion: ViewerLesion) => void;
}

// Whole millimetres; `|| 0` turns -0 into 0.
const mm = (v: number) => (Math.round(v) || 0).toFixed(0);

/** The engine's lesions; a click (or Enter on a focused row) moves the planes to the lesion's centroid. */
export function LesionTable({ lesions, segmentation, selected, onSelect, onDelete }: Props) {
  return (
    <section className="lesions">
      <h2>
        Lesions{' '}
        <small>
          ({lesions.length}, {segmentation})
        </small>
      </h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>SUVmax</th>
            <th>SUVpeak</th>
            <th>SUVmean</th>
            <th>ml</th>
            <th title="centroid, patient LPS, mm">x, y, z mm</th>
            {onDelete !== undefined && <th />}
          </tr>
        </thead>
        <tbody>
          {lesions.map((lesion) => (
            <tr
              key={lesion.label}
              data-label={lesion.label}
              className={lesion.label === selected ? 'selected' : undefined}
              tabIndex={0}
              onClick={() => onSelect(lesion)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onSelect(lesion);
              }}
            >
              <td>{lesion.label}</td>
              <td>{lesion.suvMax.toFixed(2)}</td>
              <td>{Number.isFinite(lesion.suvPeak) ? lesion.suvPeak.toFixed(2) : '–'}</td>
              <td>{lesion.suvMean.toFixed(2)}</td>
              <td>{lesion.volumeMl.toFixed(2)}</td>
              <td>
                {mm(lesion.centroidMm[0])}, {mm(lesion.centroidMm[1])}, {mm(lesion.centroidMm[2])}
              </td>
              {onDelete !== undefined && (
                <td>
                  <button
                    type="button"
                    aria-label={`Delete lesion ${lesion.label}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onDelete(lesion);
                    }}
                  >
                    ✕
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
