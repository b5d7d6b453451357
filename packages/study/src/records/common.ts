import { z } from 'zod';

/**
 * Shared zod building blocks of the study records. Dates are calendar dates `YYYY-MM-DD`; instants are
 * ISO 8601 date-times that must carry their UTC offset, so that a time entered at one site means the
 * same instant everywhere.
 */
export const isoDateSchema = z.iso.date();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** A participant's study code (pseudonym), e.g. `CX-001`: never a name or hospital number. */
export const participantIdSchema = z.string().trim().min(1).max(64);

/** A free-text reason that must not be empty (why something is unknown, not applicable, changed). */
export const reasonSchema = z.string().trim().min(1).max(2000);

/** Where an answer came from (a document, a lab report, an interview), optional free text. */
export const sourceSchema = z.string().trim().min(1).max(500);

/**
 * A screening question answered with evidence: yes / no (with an optional source), unknown (with the
 * reason it is unknown) or not applicable (with the reason, e.g. pregnancy for a male participant).
 */
export const answerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('yes'), source: sourceSchema.optional() }),
  z.object({ kind: z.literal('no'), source: sourceSchema.optional() }),
  z.object({ kind: z.literal('unknown'), reason: reasonSchema }),
  z.object({ kind: z.literal('not-applicable'), reason: reasonSchema }),
]);
export type Answer = z.infer<typeof answerSchema>;

/** A date that is either known or unknown with a reason. */
export const dateAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('known'), date: isoDateSchema, source: sourceSchema.optional() }),
  z.object({ kind: z.literal('unknown'), reason: reasonSchema }),
]);
export type DateAnswer = z.infer<typeof dateAnswerSchema>;

/** The two tracers of the study. */
export const tracerSchema = z.enum(['fdg', 'pentixafor']);
export type Tracer = z.infer<typeof tracerSchema>;
