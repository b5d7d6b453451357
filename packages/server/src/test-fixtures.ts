import { createRecord, type StudyDb } from '@cxcr4pet/db';
import { readRegionSchema } from '@cxcr4pet/study';

/** Valid example records for tests and the benchmark (checked by the study room's schemas on write). */
export const example = {
  identity: (participantId: string, birthDate = '1960-05-01') => ({
    participantId,
    fullName: `Name of ${participantId}`,
    birthDate,
    hospitalId: `H-${participantId}`,
  }),
  consent: (participantId: string) => ({
    participantId,
    consentFormVersion: 'v2.1',
    signedDate: '2026-02-20',
    obtainedBy: 'investigator-a',
  }),
  screening: (participantId: string) => ({
    participantId,
    screeningDate: '2026-03-01',
    lymphoproliferativeDisease: { kind: 'confirmed', source: 'biopsy report' },
    priorTreatment: { kind: 'no' },
    fdgPetCtDate: { kind: 'known', date: '2026-03-02' },
    pentixaforPetCtDate: { kind: 'known', date: '2026-03-05' },
    pregnant: { kind: 'not-applicable', reason: 'male participant' },
    breastfeeding: { kind: 'not-applicable', reason: 'male participant' },
    pentixaforAllergy: { kind: 'no' },
  }),
  diagnosis: (participantId: string) => ({
    participantId,
    certainty: 'confirmed',
    disease: { family: 'lymphoma', subtype: 'dlbcl' },
    reference: {
      kind: 'histology',
      specimen: 'excisional-biopsy',
      site: 'left cervical node',
      sampledDate: '2026-02-10',
      reportId: 'PATH-1',
    },
    diagnosedDate: '2026-02-15',
  }),
  labs: (participantId: string, ldhUPerL = 300) => ({
    participantId,
    sampledDate: '2026-03-01',
    ldhUPerL,
    ldhUpperLimitUPerL: 250,
  }),
  clinical: (participantId: string) => ({
    participantId,
    assessedDate: '2026-03-01',
    ecogPerformanceStatus: 2,
    annArborStage: 3,
    extranodalSiteCount: 1,
    kidneyOrAdrenalInvolved: false,
  }),
  dose: (participantId: string, tracer: 'fdg' | 'pentixafor') => ({
    participantId,
    tracer,
    radionuclide: tracer === 'fdg' ? 'F-18' : 'Ga-68',
    syringeBefore: { activityMBq: tracer === 'fdg' ? 250 : 150, measuredAt: '2026-03-05T08:50:00+01:00' },
    syringeResidual: { activityMBq: 5, measuredAt: '2026-03-05T09:05:00+01:00' },
    injectedAt: '2026-03-05T09:00:00+01:00',
  }),
  scan: (participantId: string, tracer: 'fdg' | 'pentixafor') => ({
    scanId: `${participantId}-${tracer}`,
    participantId,
    tracer,
    timepoint: 'baseline',
    acquisitionStartAt: '2026-03-05T10:00:00+01:00',
  }),
  followUp: (participantId: string) => ({ participantId, contactDate: '2026-09-01', method: 'visit' }),
  visualRead: (participantId: string, readId: string) => ({
    readId,
    participantId,
    scanId: 'SCAN-1',
    tracer: 'pentixafor',
    readerId: 'reader-a',
    readAt: '2026-03-06T10:00:00+01:00',
    blinding: { kind: 'blinded', blindedTo: ['other-tracer'] },
    regions: readRegionSchema.options.map((region) => ({ region, finding: 'negative' })),
    marrowPattern: 'negative',
    lesions: [],
    patientCall: 'negative',
  }),
};

/**
 * Registers a male participant at `siteId` with identity, consent, screening, diagnosis (DLBCL),
 * labs and baseline clinical records: eligible on 2026-03-01 (65 years old), IPI 4 (age > 60, LDH
 * 300 > 250, ECOG 2, stage III; 1 extranodal site does not count).
 */
export async function seedParticipant(
  db: StudyDb,
  participantId: string,
  siteId: string,
  actor = 'test-setup',
) {
  const k = db.kysely;
  const context = { actor };
  await createRecord(k, context, 'participant', { participantId, siteId, sex: 'male' });
  const identity = await createRecord(k, context, 'participant-identity', example.identity(participantId));
  await createRecord(k, context, 'consent', example.consent(participantId));
  await createRecord(k, context, 'screening', example.screening(participantId));
  await createRecord(k, context, 'diagnosis', example.diagnosis(participantId));
  const labs = await createRecord(k, context, 'labs', example.labs(participantId));
  await createRecord(k, context, 'baseline-clinical', example.clinical(participantId));
  return { labsRecordId: labs.recordId, identityRecordId: identity.recordId };
}
