export { type DeidOptions, type DeidResult, deidentify } from './deidentify.ts';
export { type DeidSummary, deidentifyStudy } from './deidentify-study.ts';
export { ageAt, participantDateShiftDays, remapUid, shiftDa, shiftDt } from './keyed-values.ts';
export { ATTRIBUTE_ACTIONS, CLEANED_TEXT, KEPT_TEXT, PRIVATE_WHITELIST } from './profile.ts';
