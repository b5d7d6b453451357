import { StatsError } from '../errors.ts';

/** Right-censored survival observations: `time` in the caller's unit, `event` 1 = event, 0 = censored. */
export interface SurvivalInput {
  readonly time: readonly number[];
  readonly event: readonly number[];
}

/** Throws a `StatsError` naming the field and observation unless time/event are usable survival data. */
export function checkSurvivalInput(input: SurvivalInput): void {
  const { time, event } = input;
  if (time.length === 0)
    throw new StatsError('empty-input', 'time is empty: no observations to analyse.', { field: 'time' });
  if (time.length !== event.length)
    throw new StatsError('length-mismatch', `time has ${time.length} values but event has ${event.length}.`, {
      field: 'event',
    });
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (t === undefined || !Number.isFinite(t))
      throw new StatsError('invalid-value', `time[${i}] is ${t}; times must be finite numbers.`, {
        field: 'time',
        index: i,
      });
    const e = event[i];
    if (e !== 0 && e !== 1)
      throw new StatsError(
        'invalid-value',
        `event[${i}] is ${e}; events must be 0 (censored) or 1 (event).`,
        {
          field: 'event',
          index: i,
        },
      );
  }
}

/** Checks that a per-observation label array (group, stratum) matches the number of observations. */
export function checkLabels(labels: readonly string[], n: number, field: string): void {
  if (labels.length !== n)
    throw new StatsError(
      'length-mismatch',
      `${field} has ${labels.length} values but there are ${n} observations.`,
      {
        field,
      },
    );
}

/**
 * Distinct labels in R's factor order: numerically when every label is a number, otherwise by
 * code-unit order (R sorts by locale; for ASCII labels of one case the orders agree).
 */
export function sortedLevels(labels: readonly string[]): string[] {
  const levels = [...new Set(labels)];
  const numeric = levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? levels.sort((a, b) => Number(a) - Number(b)) : levels.sort();
}
