/** A CT display window in HU (width and centre, as DICOM Window Width/Center). */
export interface CtWindow {
  readonly name: string;
  readonly widthHu: number;
  readonly centreHu: number;
}

/** Usual CT windows for PET/CT reading. */
export const CT_WINDOWS: readonly CtWindow[] = [
  { name: 'Soft tissue', widthHu: 400, centreHu: 40 },
  { name: 'Lung', widthHu: 1500, centreHu: -600 },
  { name: 'Bone', widthHu: 1800, centreHu: 400 },
];

/** SUV windows (lower bound 0) for the PET colour scale; 0–6 is the usual lymphoma reading window. */
export const SUV_WINDOW_MAXIMA: readonly number[] = [6, 10, 20];

/** PET below this SUV is not coloured over the CT, so the CT stays readable where uptake is low. */
export const DEFAULT_PET_THRESHOLD_SUV = 1;

/** Opacity of the PET colour over the CT. */
export const PET_OPACITY = 0.8;

/** The vtk.js colour map used for PET: black → red → yellow → white (a "hot" scale). */
export const PET_COLORMAP = 'Black-Body Radiation';

/** Lower and upper HU of a window: DICOM's linear VOI function spans centre ± width / 2. */
export function ctWindowRange(window: CtWindow): { lower: number; upper: number } {
  return { lower: window.centreHu - window.widthHu / 2, upper: window.centreHu + window.widthHu / 2 };
}
