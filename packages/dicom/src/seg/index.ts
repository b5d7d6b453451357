export { readSegmentation, type SegmentRead, segmentLabelMap } from './read-segmentation.ts';
export { codeItem, ORGAN_CODES, SEGMENT_CODES } from './segment-codes.ts';
export type * from './types.ts';
export { SEGMENTATION_STORAGE, writeSegmentation } from './write-segmentation.ts';
