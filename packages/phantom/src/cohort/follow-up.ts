import type { Death, Disease, FollowUpContact, Progression, ResponseAssessment } from '@cxcr4pet/study';
import { responseSystemsFor } from '@cxcr4pet/study';
import { addDays } from './dates.ts';
import type { HazardModel } from './model.ts';
import type { Random } from './random.ts';

/** What the hazard model drew for one participant. */
export interface DrawnSurvival {
  readonly linearPredictor: number;
  /** The latent progression time (days), before censoring. */
  readonly eventDays: number;
  /** Administrative censoring: from enrolment to the end of the study (days). */
  readonly adminCensorDays: number;
  readonly dropoutDays: number;
  /** ceil(min(event, admin, drop-out)), at least 1 day. */
  readonly observedDays: number;
  readonly event: boolean;
}

/** Draws PFS for covariates x under the stated model (see `HazardModel`). */
export function drawSurvival(
  model: HazardModel,
  x: { readonly cxcr4High: boolean; readonly ldhElevated: boolean },
  enrolmentOffsetDays: number,
  random: Random,
): DrawnSurvival {
  const linearPredictor =
    (x.cxcr4High ? model.logHazardRatio.cxcr4High : 0) +
    (x.ldhElevated ? model.logHazardRatio.ldhElevated : 0);
  const eventDays =
    model.scaleDays * (-Math.log(random.uniform()) / Math.exp(linearPredictor)) ** (1 / model.shape);
  const adminCensorDays = model.accrualDays + model.minFollowUpDays - enrolmentOffsetDays;
  const dropoutRatePerDay = -Math.log(1 - model.dropoutPerYear) / 365.25;
  const dropoutDays = -Math.log(random.uniform()) / dropoutRatePerDay;
  const censor = Math.min(adminCensorDays, dropoutDays);
  const event = eventDays <= censor;
  return {
    linearPredictor,
    eventDays,
    adminCensorDays,
    dropoutDays,
    observedDays: Math.max(1, Math.ceil(event ? eventDays : censor)),
    event,
  };
}

/** Follow-up records whose derived PFS (`deriveSurvival`, censoring at last contact) is the drawn one. */
export interface FollowUpRecords {
  readonly responseAssessments: ResponseAssessment[];
  readonly progressions: Progression[];
  readonly death: Death | undefined;
  readonly followUpContacts: FollowUpContact[];
}

const ASSESSMENT_INTERVAL_DAYS = 90;

/**
 * Turns a drawn PFS into records: response assessments every 90 days before progression or censoring
 * (Lugano PET for lymphoma, IMWG for myeloma; none for leukemia, whose criteria the study room does not
 * implement), a progression record at the event, a death in 30 % of progressions (uniformly within the
 * remaining follow-up), and a follow-up contact at the end of follow-up for everyone alive.
 */
export function followUpRecords(
  participantId: string,
  disease: Disease,
  enrolledDate: string,
  drawn: DrawnSurvival,
  random: Random,
): FollowUpRecords {
  const system = responseSystemsFor(disease)[0];
  const responseAssessments: ResponseAssessment[] = [];
  for (let d = ASSESSMENT_INTERVAL_DAYS; d < drawn.observedDays; d += ASSESSMENT_INTERVAL_DAYS) {
    const assessedDate = addDays(enrolledDate, d);
    if (system === 'lugano-pet') {
      const complete = random.bernoulli(0.7);
      responseAssessments.push({
        participantId,
        assessedDate,
        timepoint: d <= ASSESSMENT_INTERVAL_DAYS ? 'interim' : 'follow-up',
        response: complete
          ? { system: 'lugano-pet', category: 'CMR', deauville: 2 }
          : { system: 'lugano-pet', category: 'PMR', deauville: 4 },
      });
    } else if (system === 'imwg') {
      responseAssessments.push({
        participantId,
        assessedDate,
        timepoint: d <= ASSESSMENT_INTERVAL_DAYS ? 'interim' : 'follow-up',
        response: { system: 'imwg', category: random.pick(['VGPR', 'PR'] as const) },
      });
    }
  }
  const endDays = Math.max(
    drawn.observedDays,
    Math.floor(Math.min(drawn.adminCensorDays, drawn.dropoutDays)),
  );
  const progressions: Progression[] = drawn.event
    ? [
        {
          participantId,
          progressionDate: addDays(enrolledDate, drawn.observedDays),
          basis: disease.family === 'leukemia' ? 'laboratory' : 'imaging',
        },
      ]
    : [];
  const dies = drawn.event && random.bernoulli(0.3) && endDays > drawn.observedDays;
  const death: Death | undefined = dies
    ? {
        participantId,
        deathDate: addDays(enrolledDate, random.integer(drawn.observedDays + 1, endDays)),
        cause: 'lymphoproliferative-disease',
      }
    : undefined;
  const followUpContacts: FollowUpContact[] = dies
    ? []
    : [{ participantId, contactDate: addDays(enrolledDate, endDays), method: 'phone' }];
  return { responseAssessments, progressions, death, followUpContacts };
}
