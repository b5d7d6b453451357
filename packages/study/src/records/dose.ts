import { z } from 'zod';
import { isoDateTimeSchema, participantIdSchema, tracerSchema } from './common.ts';

/** One dose-calibrator reading of the syringe: activity (MBq) and the instant it was measured. */
export const syringeReadingSchema = z.object({
  activityMBq: z.number().nonnegative().finite(),
  measuredAt: isoDateTimeSchema,
});
export type SyringeReading = z.infer<typeof syringeReadingSchema>;

/**
 * The dose record of one tracer administration: syringe activity before injection and the residual
 * after it, each with its measurement time, and the injection time. The net injected activity is
 * derived from these (see `netInjectedActivity`), never typed.
 */
export const doseRecordSchema = z.object({
  participantId: participantIdSchema,
  tracer: tracerSchema,
  radionuclide: z.enum(['Ga-68', 'F-18']),
  syringeBefore: syringeReadingSchema,
  /** The residual in the syringe after injection; absent when not measured (then treated as 0, with a warning). */
  syringeResidual: syringeReadingSchema.optional(),
  injectedAt: isoDateTimeSchema,
});
export type DoseRecord = z.infer<typeof doseRecordSchema>;
