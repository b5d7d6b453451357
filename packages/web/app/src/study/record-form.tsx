import type { RecordType } from '@cxcr4pet/study';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { draftKey, useDraft } from './drafts.ts';
import { Alert, ChangeBar, DraftNotice, Field, issuesOf, useSave } from './form-kit.tsx';
import { type Stored, saveRecord } from './records.ts';

/** A form's fields as typed, by dotted record path (`disease.subtype`); '' is "not entered". */
export type Values = Readonly<Record<string, string>>;

type Options = readonly (readonly [value: string, label: string])[];

interface FieldBase {
  /** Dotted path of the value in the record (`reference.specimen`). */
  readonly path: string;
  readonly label: string;
  /** Shown only when this holds (fields of a union's other branches are hidden and not sent). */
  readonly when?: (values: Values) => boolean;
  /** A placeholder example (`e.g. Nausea`). */
  readonly hint?: string;
}

/**
 * One field of a record form: text, a calendar date, a number (the unit in the label), a choice,
 * yes/no (true/false, or not entered), or several choices (an array).
 */
export type FieldSpec =
  | (FieldBase & { readonly kind: 'text' | 'date' | 'textarea' })
  | (FieldBase & { readonly kind: 'number'; readonly integer?: boolean })
  | (FieldBase & {
      readonly kind: 'select';
      readonly options: Options | ((values: Values) => Options);
      /** How the chosen value goes into the record (default: the string; `Number` for numeric codes). */
      readonly parse?: (text: string) => unknown;
    })
  | (FieldBase & { readonly kind: 'yes-no' })
  | (FieldBase & { readonly kind: 'multi'; readonly options: Options });

export interface FieldGroup {
  readonly legend: string;
  readonly fields: readonly FieldSpec[];
}

/** A record type's form: its schema (the server's), its fields, and the values it always carries. */
export interface RecordFormSpec {
  readonly type: RecordType;
  readonly title: string;
  readonly schema: z.ZodType;
  readonly groups: readonly FieldGroup[];
  /** Values set by the form itself, not typed (`participantId`, `ctcaeVersion`). */
  readonly fixed?: (participantId: string) => Readonly<Record<string, unknown>>;
  /** Default values of a new record (a generated id). */
  readonly initial?: (existingCount: number) => Values;
}

const visible = (field: FieldSpec, values: Values) => field.when === undefined || field.when(values);

function getPath(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

const allFields = (spec: RecordFormSpec) => spec.groups.flatMap((g) => g.fields);

/** A stored record's values as the form shows them. */
export function valuesOfRecord(spec: RecordFormSpec, data: unknown): Values {
  const out: Record<string, string> = {};
  for (const field of allFields(spec)) {
    const value = getPath(data, field.path);
    if (value === undefined || value === null) out[field.path] = '';
    else if (Array.isArray(value)) out[field.path] = value.join(',');
    else out[field.path] = String(value);
  }
  return out;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The record the values make, checked with the record type's zod schema, and the errors by field
 * path: a number field that is not a number is named before the schema runs; hidden fields are left
 * out; zod's "expected …, received undefined" becomes "required".
 */
export function recordOfValues(
  spec: RecordFormSpec,
  values: Values,
  participantId: string,
): { record: unknown; errors: Record<string, string>; valid: boolean } {
  const raw: Record<string, unknown> = { ...spec.fixed?.(participantId) };
  const errors: Record<string, string> = {};
  for (const field of allFields(spec)) {
    const text = (values[field.path] ?? '').trim();
    if (!visible(field, values) || text === '') continue;
    switch (field.kind) {
      case 'number':
        if (!NUMBER.test(text))
          errors[field.path] = `a number${field.integer === true ? ' (whole)' : ''}, e.g. 3`;
        else setPath(raw, field.path, Number(text));
        break;
      case 'yes-no':
        setPath(raw, field.path, text === 'true');
        break;
      case 'multi':
        setPath(
          raw,
          field.path,
          text.split(',').filter((t) => t !== ''),
        );
        break;
      case 'select':
        setPath(raw, field.path, field.parse === undefined ? text : field.parse(text));
        break;
      default:
        setPath(raw, field.path, text);
    }
  }
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    for (const [key, message] of Object.entries(issuesOf(parsed.error))) {
      errors[key] ??= /received undefined/.test(message) ? 'required' : message;
    }
  }
  return {
    record: parsed.success ? parsed.data : raw,
    errors,
    valid: parsed.success && Object.keys(errors).length === 0,
  };
}

/**
 * Puts each error beside a visible field: its own path, a path inside it (`serious.criteria` on a
 * `serious.criteria` field), or — for a rule about a whole part (`reference`, `serious`) — the part's
 * first visible field. Errors no field shows are returned apart, so that none is lost.
 */
export function placeErrors(
  fields: readonly FieldSpec[],
  errors: Readonly<Record<string, string>>,
): { byField: Record<string, string>; unplaced: string[] } {
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    const field =
      fields.find((f) => f.path === key) ??
      fields.find((f) => key.startsWith(`${f.path}.`)) ??
      fields.find((f) => f.path.startsWith(`${key}.`));
    if (field === undefined) unplaced.push(key === '' ? message : `${key}: ${message}`);
    else byField[field.path] ??= message;
  }
  return { byField, unplaced };
}

/** The control of one field; `id` and the aria attributes come from `Field` (label and error wiring). */
function FieldInput({
  field,
  values,
  onChange,
  ...wiring
}: {
  field: FieldSpec;
  values: Values;
  onChange: (path: string, text: string) => void;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  const value = values[field.path] ?? '';
  const change = (event: { target: { value: string } }) => onChange(field.path, event.target.value);
  switch (field.kind) {
    case 'date':
      return <input {...wiring} type="date" value={value} onChange={change} />;
    case 'number':
      return (
        <input
          {...wiring}
          inputMode={field.integer === true ? 'numeric' : 'decimal'}
          value={value}
          onChange={change}
        />
      );
    case 'textarea':
      return <textarea {...wiring} value={value} onChange={change} rows={2} />;
    case 'select': {
      const options = typeof field.options === 'function' ? field.options(values) : field.options;
      return (
        <select {...wiring} value={value} onChange={change}>
          <option value="">—</option>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      );
    }
    case 'yes-no':
      return (
        <select {...wiring} value={value} onChange={change}>
          <option value="">not recorded</option>
          <option value="false">no</option>
          <option value="true">yes</option>
        </select>
      );
    case 'multi': {
      const chosen = new Set(value.split(',').filter((v) => v !== ''));
      return (
        <fieldset {...wiring} className="multi" aria-label={field.label}>
          {field.options.map(([v, label]) => (
            <label key={v}>
              <input
                type="checkbox"
                checked={chosen.has(v)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(v);
                  else next.delete(v);
                  onChange(
                    field.path,
                    field.options
                      .map(([o]) => o)
                      .filter((o) => next.has(o))
                      .join(','),
                  );
                }}
              />
              {label}
            </label>
          ))}
        </fieldset>
      );
    }
    default:
      return <input {...wiring} value={value} onChange={change} placeholder={field.hint} />;
  }
}

/**
 * A case form for one record, driven by its spec: each field labelled, the schema's message beside
 * the field once a save was tried (live for a field already touched), unsaved values kept as a draft
 * in this browser (restored with a notice, or discarded), a reason for every change after first entry,
 * and nothing editable while the study data are locked. `onLive` hears the record as typed (and
 * whether it is valid) so that the case can show what depends on it (risk scores).
 */
export function RecordForm({
  spec,
  userId,
  participantId,
  existing,
  existingCount = 0,
  locked,
  onSaved,
  onLive,
  notices,
  children,
}: {
  spec: RecordFormSpec;
  userId: string;
  participantId: string;
  existing: Stored | undefined;
  existingCount?: number;
  locked: boolean;
  onSaved: () => void;
  onLive?: (type: RecordType, record: unknown, valid: boolean) => void;
  /** What the record as typed means beyond its own fields (a protocol deviation), shown under the fields. */
  notices?: (record: unknown, valid: boolean) => ReactNode;
  children?: ReactNode;
}) {
  const loaded = useMemo(
    () =>
      existing === undefined
        ? { ...valuesOfRecord(spec, {}), ...spec.initial?.(existingCount) }
        : valuesOfRecord(spec, existing.data),
    [spec, existing, existingCount],
  );
  const { values, setValues, dirty, restored, discard, forget } = useDraft<Values>(
    draftKey(userId, participantId, spec.type, existing?.recordId),
    loaded,
  );
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const { reason, setReason, saveError, busy, tried, submit } = useSave();
  const built = recordOfValues(spec, values, participantId);

  // By its JSON: the parsed record is a new object every render.
  const liveJson = JSON.stringify(built.record);
  useEffect(() => {
    onLive?.(spec.type, JSON.parse(liveJson), built.valid);
  }, [onLive, spec.type, liveJson, built.valid]);

  const onChange = (path: string, text: string) => {
    setValues({ ...values, [path]: text });
    setTouched(new Set(touched).add(path));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit(
      built.valid,
      existing === undefined
        ? undefined
        : `a reason is required to change ${spec.title.toLowerCase()} entered before`,
      async () => {
        await saveRecord(participantId, spec.type, built.record, existing, reason);
        forget();
        onSaved();
      },
    );
  };
  const placed = placeErrors(
    allFields(spec).filter((f) => visible(f, values)),
    built.errors,
  );
  const shown = (field: FieldSpec) =>
    tried || touched.has(field.path) ? placed.byField[field.path] : undefined;

  return (
    <form className="case-form" aria-label={spec.title} onSubmit={save} data-record-type={spec.type}>
      <h2>{spec.title}</h2>
      <DraftNotice draft={restored} onDiscard={discard} />
      <fieldset className="form-body" disabled={locked}>
        {spec.groups.map((group) => (
          <fieldset key={group.legend}>
            <legend>{group.legend}</legend>
            {group.fields
              .filter((f) => visible(f, values))
              .map((field) => (
                <Field key={field.path} label={field.label} error={shown(field)}>
                  <FieldInput field={field} values={values} onChange={onChange} />
                </Field>
              ))}
          </fieldset>
        ))}
      </fieldset>
      {notices?.(built.record, built.valid)}
      {tried && placed.unplaced.length > 0 && <Alert message={placed.unplaced.join('; ')} />}
      {children}
      {!locked && (
        <>
          <ChangeBar
            dirty={dirty}
            needsReason={existing !== undefined}
            reason={reason}
            onReason={setReason}
          />
          <Alert message={saveError} />
          <button type="submit" disabled={busy || !dirty}>
            Save {spec.title.toLowerCase()}
          </button>
        </>
      )}
    </form>
  );
}
