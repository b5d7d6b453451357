/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A number with `digits` decimals; '—' for NaN, '∞' for infinities. */
export function fixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  return x.toFixed(digits);
}

/** A p-value as journals print it: 3 significant digits, '< 0.001' below 0.001. */
export function pValue(p: number): string {
  if (Number.isNaN(p)) return '—';
  return p < 0.001 ? '< 0.001' : p.toPrecision(3);
}

/**
 * The noun (or noun and verb) that goes with a count: `plural(1, 'event')` → `event`,
 * `plural(2, 'event')` → `events`, `plural(n, 'person was', 'people were')` for irregular forms.
 */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** A count and its noun: `count(1, 'screen failure')` → `1 screen failure`, `count(7, …)` → `7 screen failures`. */
export function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${plural(n, singular, pluralForm)}`;
}
