import type { Radionuclide } from '@cxcr4pet/dicom';

/** The two tracers of the study (NCT04504526). */
export type Tracer = 'pentixafor' | 'fdg';

/** Background uptake classes of the digital patient; each organ has one. */
export type TissueKind =
  | 'soft-tissue'
  | 'brain'
  | 'lung'
  | 'liver'
  | 'spleen'
  | 'kidney'
  | 'bladder'
  | 'myocardium'
  | 'blood-pool'
  | 'marrow';

/** What the scanner records about a tracer, and its typical protocol. */
export interface TracerProtocol {
  readonly radiopharmaceutical: string;
  readonly radionuclide: Radionuclide;
  /** Half-life written to the file (s), as scanners do: 68Ga 4062.6 s, 18F 6586.2 s. */
  readonly halfLifeS: number;
  readonly injectedActivityBq: number;
  /** Injection to start of the PET series (s). */
  readonly uptakeS: number;
  /** Mean SUVbw of each tissue (g/ml). */
  readonly suv: Readonly<Record<TissueKind, number>>;
}

/**
 * Tracer protocols and organ uptake. The SUVs are representative rounded means chosen inside the
 * ranges the literature reports, not measurements of one cohort:
 *
 * 68Ga-Pentixafor (148 MBq, the top of the 74–148 MBq of NCT04504526; 60 min p.i.): highest in
 * the urinary bladder, spleen and kidneys, moderate in the red marrow, low in liver and very low
 * in brain — Herrmann K et al., J Nucl Med 2015;56:410–416 (biodistribution, dosimetry);
 * Philipp-Abbrederis J et al., EMBO Mol Med 2015;7:477–487; Lapa C et al., Theranostics
 * 2017;7:205–212 (spleen SUVmean ≈ 5–7, marrow ≈ 2–3, liver ≈ 1.5–2.5 in myeloma/lymphoma).
 *
 * 18F-FDG (3.7 MBq/kg × 70 kg ≈ 260 MBq; 60 min p.i., EANM guideline: Boellaard R et al.,
 * Eur J Nucl Med Mol Imaging 2015;42:328–354): brain grey matter ≈ 7–10, bladder (urine) high,
 * myocardium variable (here "fed-like" 5), liver ≈ 2–2.5 (PERCIST reference, Wahl RL et al.,
 * J Nucl Med 2009;50:122S–150S), spleen ≈ 1.8–2, blood pool ≈ 1.6–1.9, marrow ≈ 1.5–2,
 * lung ≈ 0.5 — cf. Zincirkeser S et al., J Int Med Res 2007;35:231–236.
 */
export const TRACERS: Readonly<Record<Tracer, TracerProtocol>> = {
  pentixafor: {
    radiopharmaceutical: 'Ga68-Pentixafor',
    radionuclide: 'Ga68',
    halfLifeS: 4062.6,
    injectedActivityBq: 148e6,
    uptakeS: 3600,
    suv: {
      'soft-tissue': 0.7,
      brain: 0.2,
      lung: 0.6,
      liver: 1.9,
      spleen: 6.5,
      kidney: 4.5,
      bladder: 20,
      myocardium: 1.6,
      'blood-pool': 1.8,
      marrow: 2.6,
    },
  },
  fdg: {
    radiopharmaceutical: 'Fluorodeoxyglucose',
    radionuclide: 'F18',
    halfLifeS: 6586.2,
    injectedActivityBq: 260e6,
    uptakeS: 3600,
    suv: {
      'soft-tissue': 0.8,
      brain: 8,
      lung: 0.5,
      liver: 2.3,
      spleen: 1.9,
      kidney: 2.6,
      bladder: 25,
      myocardium: 5,
      'blood-pool': 1.7,
      marrow: 1.7,
    },
  },
};
