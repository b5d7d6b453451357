import { z } from 'zod';
import { isoDateSchema, participantIdSchema, reasonSchema } from './common.ts';

/**
 * A participant as the study sees them: a pseudonymous code, the site, sex and the enrolment date
 * (the time origin of PFS and OS). Identifying data live apart in `participantIdentitySchema`, so that
 * pseudonymised exports and statisticians' views can drop one record type whole.
 */
export const participantSchema = z
  .object({
    participantId: participantIdSchema,
    siteId: z.string().trim().min(1).max(64),
    sex: z.enum(['female', 'male']),
    /** Date of enrolment (first study procedure after a positive eligibility verdict); absent while screening. */
    enrolledDate: isoDateSchema.optional(),
    /** Set when the participant leaves the study early; `withdrawalReason` is then required. */
    withdrawnDate: isoDateSchema.optional(),
    withdrawalReason: reasonSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.withdrawnDate === undefined) !== (p.withdrawalReason === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['withdrawalReason'],
        message: 'a withdrawal needs both its date and its reason',
      });
    }
    if (p.withdrawnDate !== undefined && p.enrolledDate !== undefined && p.withdrawnDate < p.enrolledDate) {
      ctx.addIssue({ code: 'custom', path: ['withdrawnDate'], message: 'withdrawn before enrolment' });
    }
  });
export type Participant = z.infer<typeof participantSchema>;

/** Identifying data, visible to site staff only: name, birth date, hospital record number. */
export const participantIdentitySchema = z.object({
  participantId: participantIdSchema,
  fullName: z.string().trim().min(1).max(200),
  birthDate: isoDateSchema,
  hospitalId: z.string().trim().min(1).max(64),
});
export type ParticipantIdentity = z.infer<typeof participantIdentitySchema>;

/** Written informed consent: which form version was signed, when, and whether it was withdrawn. */
export const consentSchema = z.object({
  participantId: participantIdSchema,
  consentFormVersion: z.string().trim().min(1).max(64),
  signedDate: isoDateSchema,
  /** The person who obtained consent (investigator's user name or code). */
  obtainedBy: z.string().trim().min(1).max(64),
  withdrawnDate: isoDateSchema.optional(),
});
export type Consent = z.infer<typeof consentSchema>;
