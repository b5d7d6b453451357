const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (the caller passes dates it made itself). */
export function epochDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

/** The `YYYY-MM-DD` date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date((epochDay(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** An instant on `date` at `minutes` after local midnight, written with the site's offset (+01:00). */
export function instantOn(date: string, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.floor(minutes % 60);
  const s = Math.round((minutes * 60) % 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date}T${two(h)}:${two(m)}:${two(s)}+01:00`;
}
