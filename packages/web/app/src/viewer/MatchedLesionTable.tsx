import type { ViewerPair } from '../../../src/viewer-pair.ts';
import type { ViewerLesion } from '../../../src/viewer-study.ts';

/** A row of the matched-lesion table: a pair, or a lesion that only one study shows. */
export interface MatchRow {
  readonly a: ViewerLesion | undefined;
  readonly b: ViewerLesion | undefined;
  readonly distanceMm: number | undefined;
}

/** The rows in the engine's order: pairs (in A's order), then A's singles, then B's. */
export function matchRows(
  pair: ViewerPair,
  lesionsA: readonly ViewerLesion[],
  lesionsB: readonly ViewerLesion[],
): MatchRow[] {
  const byLabel = (lesions: readonly ViewerLesion[], label: number) => lesions.find((l) => l.label === label);
  return [
    ...pair.matching.pairs.map((p) => ({
      a: byLabel(lesionsA, p.a),
      b: byLabel(lesionsB, p.b),
      distanceMm: p.distanceMm,
    })),
    ...pair.matching.onlyA.map((label) => ({
      a: byLabel(lesionsA, label),
      b: undefined,
      distanceMm: undefined,
    })),
    ...pair.matching.onlyB.map((label) => ({
      a: undefined,
      b: byLabel(lesionsB, label),
      distanceMm: undefined,
    })),
  ];
}

/** Rows are made afresh on each render: the same row is the same pair of labels. */
const sameRow = (x: MatchRow, y: MatchRow) => x.a?.label === y.a?.label && x.b?.label === y.b?.label;

const cells = (lesion: ViewerLesion | undefined) =>
  lesion === undefined
    ? [<td key="n">–</td>, <td key="max">not seen</td>]
    : [<td key="n">{lesion.label}</td>, <td key="max">{lesion.suvMax.toFixed(2)}</td>];

interface Props {
  readonly pair: ViewerPair;
  readonly rows: readonly MatchRow[];
  readonly selected: MatchRow | undefined;
  readonly onSelect: (row: MatchRow) => void;
}

/** The engine's FDG ↔ Pentixafor lesion matching; a click (or Enter) moves both studies to the lesion. */
export function MatchedLesionTable({ pair, rows, selected, onSelect }: Props) {
  return (
    <section className="lesions matched">
      <h2>
        Matched lesions{' '}
        <small>
          ({pair.matching.pairs.length} pairs, {pair.matching.onlyA.length} {pair.a.label} only,{' '}
          {pair.matching.onlyB.length} {pair.b.label} only; ≤ {pair.matching.maxDistanceMm} mm)
        </small>
      </h2>
      <table>
        <thead>
          <tr>
            <th>{pair.a.label} #</th>
            <th>SUVmax</th>
            <th>{pair.b.label} #</th>
            <th>SUVmax</th>
            <th title="B's centroid to A's, mapped into B by the registration">Δ mm</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.a?.label ?? '-'}:${row.b?.label ?? '-'}`}
              data-a={row.a?.label ?? ''}
              data-b={row.b?.label ?? ''}
              className={selected !== undefined && sameRow(row, selected) ? 'selected' : undefined}
              tabIndex={0}
              onClick={() => onSelect(row)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onSelect(row);
              }}
            >
              {cells(row.a)}
              {cells(row.b)}
              <td>{row.distanceMm === undefined ? '' : row.distanceMm.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
