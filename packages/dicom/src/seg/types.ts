import type { Grid, LabelMap, Mask } from '@cxcr4pet/volume';
import type { SourceSeries } from '../read/source-series.ts';
import type { LocalDateTime } from '../write/dicom-values.ts';
import type { CodedConcept } from '../write/radionuclides.ts';

/** How a segment was made (SegmentAlgorithmType, PS3.3 C.8.20.2); AUTOMATIC and SEMIAUTOMATIC name the algorithm. */
export type SegmentAlgorithm =
  | { readonly kind: 'AUTOMATIC' | 'SEMIAUTOMATIC'; readonly name: string }
  | { readonly kind: 'MANUAL' };

/** Which voxels of the grid a segment holds: one value of a label map, or a mask. */
export type SegmentRegion =
  | { readonly kind: 'label'; readonly labels: LabelMap; readonly value: number }
  | { readonly kind: 'mask'; readonly mask: Mask };

/** One segment of a DICOM SEG: its label, codes, algorithm and voxels. */
export interface SegmentInput {
  /** SegmentLabel (LO, ≤ 64 characters), e.g. `Lesion 1`, `liver reference`. */
  readonly label: string;
  readonly description?: string;
  readonly category: CodedConcept;
  readonly type: CodedConcept;
  readonly algorithm: SegmentAlgorithm;
  readonly region: SegmentRegion;
}

/** The series and instance the SEG (or SR) itself is. */
export interface DerivedSeriesFacts {
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly seriesNumber: number;
  readonly description: string;
  /** ContentDate/Time and SeriesDate/Time. */
  readonly contentDateTime: LocalDateTime;
  /** SoftwareVersions (0018,1020), e.g. `cxcr4pet 0.1.0 (abc123)`. */
  readonly softwareVersion: string;
}

/** Everything `writeSegmentation` needs: the source PET series, its grid, the segments in order. */
export interface SegmentationInput {
  readonly source: SourceSeries;
  /** The grid of the source volume (the SEG has one frame per segment and slice k it touches). */
  readonly grid: Grid;
  /** Segment n of the SEG (SegmentNumber n, counted from 1) is `segments[n - 1]`. */
  readonly segments: readonly SegmentInput[];
  readonly series: DerivedSeriesFacts;
}
