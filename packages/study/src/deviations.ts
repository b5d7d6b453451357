import type { ProtocolStamp } from './protocol.ts';

/** Closed set of protocol deviations this room detects. */
export type DeviationCode =
  | 'dose-below-window'
  | 'dose-above-window'
  | 'scan-interval-exceeded'
  | 'treatment-before-baseline-imaging'
  | 'treatment-before-enrolment';

/**
 * A departure from the protocol that is recorded, never blocking: the data are kept and the deviation
 * is listed for the monitor. `field` names the derived or entered value concerned.
 */
export interface ProtocolDeviation {
  readonly kind: 'protocol-deviation';
  readonly code: DeviationCode;
  readonly field: string;
  readonly message: string;
  readonly protocol: ProtocolStamp;
}
