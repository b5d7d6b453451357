import { z } from 'zod';

/** How a column is typed in the CSV files, the dictionary, the R loader and the workbook. */
export type ColumnKind =
  | 'string'
  | 'number'
  | 'integer'
  | 'logical'
  | 'date'
  | 'datetime'
  | 'factor'
  | 'json';

/** One column of an exported table, as the data dictionary describes it. */
export interface ExportColumn {
  /** The CSV header (`field` or `object.field` for nested answers). */
  readonly name: string;
  /** A human label (R: the `label` attribute; the workbook's dictionary sheet). */
  readonly label: string;
  readonly kind: ColumnKind;
  /** Allowed values of a factor, in the order R gets them. */
  readonly levels?: readonly string[];
  /** True for data that identify a person (dropped from pseudonymised exports). */
  readonly identifying?: boolean;
}

/** A cell: text, number, truth value or missing. */
export type Cell = string | number | boolean | null;

/** One exported table: its name (also the CSV file name), label, columns and rows (cells in column order). */
export interface ExportTable {
  readonly name: string;
  readonly label: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

/** `ldhUPerL` → `ldh U per L`, `lymphoproliferativeDisease.kind` → `lymphoproliferative disease: kind`. */
export function humanise(path: string): string {
  return path
    .split('.')
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
        .split(' ')
        .map((word, n) => (n > 0 && /^[A-Z][a-z]+$/.test(word) ? word.toLowerCase() : word))
        .join(' '),
    )
    .join(': ');
}

type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly description?: string;
};

interface Draft {
  kind: ColumnKind;
  levels: string[];
  description: string | undefined;
}

function merge(into: Map<string, Draft>, path: string, draft: Draft): void {
  const seen = into.get(path);
  if (seen === undefined) {
    into.set(path, draft);
    return;
  }
  if (seen.kind === 'factor' && draft.kind === 'factor') {
    for (const level of draft.levels) if (!seen.levels.includes(level)) seen.levels.push(level);
  } else if (seen.kind !== draft.kind) {
    seen.kind = 'string';
    seen.levels = [];
  }
}

/** The scalar kind of a JSON-schema node, or undefined when it is an object/union to walk into. */
function scalar(node: JsonSchema): Draft | undefined {
  const description = node.description;
  if (node.enum !== undefined) return { kind: 'factor', levels: node.enum.map(String), description };
  if (node.const !== undefined) return { kind: 'factor', levels: [String(node.const)], description };
  const branches = node.oneOf ?? node.anyOf;
  if (branches?.every((b) => b.const !== undefined || b.enum !== undefined)) {
    return {
      kind: 'factor',
      levels: branches.flatMap((b) => (b.enum ?? [b.const]).map(String)),
      description,
    };
  }
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type) {
    case 'string':
      if (node.format === 'date') return { kind: 'date', levels: [], description };
      if (node.format === 'date-time') return { kind: 'datetime', levels: [], description };
      return { kind: 'string', levels: [], description };
    case 'number':
      return { kind: 'number', levels: [], description };
    case 'integer':
      return { kind: 'integer', levels: [], description };
    case 'boolean':
      return { kind: 'logical', levels: [], description };
    case 'array':
      return { kind: 'json', levels: [], description };
    default:
      return node.properties === undefined && branches === undefined
        ? { kind: 'json', levels: [], description }
        : undefined;
  }
}

function walk(node: JsonSchema, prefix: string, into: Map<string, Draft>): void {
  const leaf = scalar(node);
  if (leaf !== undefined) {
    merge(into, prefix, leaf);
    return;
  }
  for (const branch of node.oneOf ?? node.anyOf ?? []) walk(branch, prefix, into);
  for (const [key, child] of Object.entries(node.properties ?? {}))
    walk(child, prefix === '' ? key : `${prefix}.${key}`, into);
}

/**
 * The columns of a record type, from its zod schema (via zod's JSON Schema): nested objects and the
 * branches of discriminated unions become `object.field` columns; enums and literals become factors
 * with their levels; ISO dates and date-times are typed; arrays are kept as JSON text.
 */
export function columnsOfSchema(schema: z.ZodType, omit: readonly string[] = []): readonly ExportColumn[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const drafts = new Map<string, Draft>();
  walk(json, '', drafts);
  return [...drafts.entries()]
    .filter(([name]) => !omit.includes(name))
    .map(([name, d]) => ({
      name,
      label: d.description ?? humanise(name),
      kind: d.kind,
      ...(d.kind === 'factor' ? { levels: d.levels } : {}),
    }));
}

/** The value at `object.field` of a record, as a cell (objects and arrays as JSON text). */
export function cellAt(data: unknown, path: string, kind: ColumnKind): Cell {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) return null;
  if (kind === 'json' || typeof value === 'object') return JSON.stringify(value);
  if (kind === 'factor') return String(value);
  return value as Cell;
}
