import { assessDose, type DoseRecord, doseRecordSchema, PROTOCOL } from '@cxcr4pet/study';
import { type FormEvent, useMemo } from 'react';
import { messageOf } from './api.ts';
import { draftKey, useDraft } from './drafts.ts';
import { Alert, ChangeBar, DraftNotice, Field, issuesOf, useSave } from './form-kit.tsx';
import { type Stored, saveRecord } from './records.ts';

type Tracer = DoseRecord['tracer'];
const RADIONUCLIDE = { fdg: 'F-18', pentixafor: 'Ga-68' } as const;

interface Values {
  beforeMBq: string;
  beforeAt: string;
  residualMBq: string;
  residualAt: string;
  injectedAt: string;
}
const EMPTY: Values = { beforeMBq: '', beforeAt: '', residualMBq: '', residualAt: '', injectedAt: '' };

function valuesOf(dose: DoseRecord | undefined): Values {
  if (dose === undefined) return EMPTY;
  return {
    beforeMBq: String(dose.syringeBefore.activityMBq),
    beforeAt: dose.syringeBefore.measuredAt,
    residualMBq: dose.syringeResidual === undefined ? '' : String(dose.syringeResidual.activityMBq),
    residualAt: dose.syringeResidual?.measuredAt ?? '',
    injectedAt: dose.injectedAt,
  };
}

const number = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/**
 * The dose of one tracer: syringe activity before and the residual after, with their measurement
 * times, and the injection time (ISO date-times with the site's UTC offset). As you type it shows the
 * net injected activity decay-corrected to the injection time and the protocol window check
 * (68Ga-Pentixafor 74–148 MBq), computed by the study room's `assessDose`, as the server would.
 * Unsaved readings are kept as this user's draft in this browser; read-only while the data are locked.
 */
export function DoseForm({
  userId,
  participantId,
  tracer,
  existing,
  locked,
  onSaved,
}: {
  userId: string;
  participantId: string;
  tracer: Tracer;
  existing: Stored<DoseRecord> | undefined;
  locked: boolean;
  onSaved: () => void;
}) {
  const loaded = useMemo(() => valuesOf(existing?.data), [existing]);
  const { values, setValues, dirty, restored, discard, forget } = useDraft<Values>(
    draftKey(userId, participantId, `dose-${tracer}`, existing?.recordId),
    loaded,
  );
  const { reason, setReason, saveError, busy, tried, submit } = useSave();
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });

  const residualGiven = values.residualMBq.trim() !== '' || values.residualAt.trim() !== '';
  const parsed = doseRecordSchema.safeParse({
    participantId,
    tracer,
    radionuclide: RADIONUCLIDE[tracer],
    syringeBefore: { activityMBq: number(values.beforeMBq), measuredAt: values.beforeAt.trim() },
    ...(residualGiven
      ? { syringeResidual: { activityMBq: number(values.residualMBq), measuredAt: values.residualAt.trim() } }
      : {}),
    injectedAt: values.injectedAt.trim(),
  });
  /** Field errors show once a save was tried; the live result line says what is missing meanwhile. */
  const errors: Record<string, string> = parsed.success || !tried ? {} : issuesOf(parsed.error);
  let assessment: ReturnType<typeof assessDose> | string | undefined;
  if (parsed.success) {
    try {
      assessment = assessDose(parsed.data);
    } catch (error) {
      assessment = messageOf(error);
    }
  }
  const needsReason = existing !== undefined;
  const title = tracer === 'pentixafor' ? '68Ga-Pentixafor dose' : '18F-FDG dose';

  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit(
      parsed.success && typeof assessment === 'object',
      needsReason ? 'a reason is required to change a dose entered before' : undefined,
      async () => {
        if (parsed.success) await saveRecord(participantId, 'dose', parsed.data, existing, reason);
        forget();
        onSaved();
      },
    );
  };

  return (
    <form className="case-form" aria-label={title} onSubmit={save}>
      <h2>{title}</h2>
      <DraftNotice draft={restored} onDiscard={discard} />
      <fieldset className="form-body" disabled={locked}>
        <Field label="Syringe activity before (MBq)" error={errors['syringeBefore.activityMBq']}>
          <input inputMode="decimal" value={values.beforeMBq} onChange={set('beforeMBq')} />
        </Field>
        <Field label="Measured at" error={errors['syringeBefore.measuredAt']}>
          <input placeholder="2026-03-01T09:40:00+01:00" value={values.beforeAt} onChange={set('beforeAt')} />
        </Field>
        <Field label="Residual activity (MBq)" error={errors['syringeResidual.activityMBq']}>
          <input inputMode="decimal" value={values.residualMBq} onChange={set('residualMBq')} />
        </Field>
        <Field label="Residual measured at" error={errors['syringeResidual.measuredAt']}>
          <input
            placeholder="2026-03-01T10:05:00+01:00"
            value={values.residualAt}
            onChange={set('residualAt')}
          />
        </Field>
        <Field label="Injected at" error={errors.injectedAt}>
          <input
            placeholder="2026-03-01T10:00:00+01:00"
            value={values.injectedAt}
            onChange={set('injectedAt')}
          />
        </Field>
      </fieldset>
      <output className="dose-result" aria-label="Net injected activity">
        {assessment === undefined && (
          <span className="notice">Enter the readings to see the injected activity.</span>
        )}
        {typeof assessment === 'string' && <span className="error">{assessment}</span>}
        {typeof assessment === 'object' && (
          <>
            <span className="net-activity">
              Net injected {assessment.netInjectedActivityMBq.toFixed(1)} MBq (decay-corrected to injection)
            </span>
            {tracer === 'pentixafor' && assessment.deviations.length === 0 && (
              <span className="window-ok">
                within the protocol window {PROTOCOL.pentixaforDoseMinMBq}–{PROTOCOL.pentixaforDoseMaxMBq} MBq
              </span>
            )}
            {assessment.deviations.map((d) => (
              <span key={d.code} className="window-warning" role="status">
                {d.message}
              </span>
            ))}
            {assessment.warnings.map((w) => (
              <span key={w.code} className="dose-warning">
                {w.message}
              </span>
            ))}
          </>
        )}
      </output>
      {!locked && (
        <>
          <ChangeBar dirty={dirty} needsReason={needsReason} reason={reason} onReason={setReason} />
          <Alert message={saveError} />
          <button type="submit" disabled={busy || !dirty}>
            Save dose
          </button>
        </>
      )}
    </form>
  );
}
