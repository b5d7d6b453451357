import type { EligibilityVerdict } from '@cxcr4pet/study';

/** An eligibility verdict: the kind, and the reasons behind it (the failed or unknown criteria). */
export function Verdict({ verdict }: { verdict: EligibilityVerdict }) {
  return (
    <div className={`verdict verdict-${verdict.kind}`}>
      <strong className="verdict-kind">{verdict.kind}</strong>
      {verdict.reasons.length > 0 && (
        <ul className="verdict-reasons">
          {verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
