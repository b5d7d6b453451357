import type { ViewerStudy } from '../../../src/viewer-study.ts';
import type { FusionViewer } from './fusion-viewer.ts';

/**
 * The automation hook: `window.cxcr4petViewer` once the viewer has rendered, so that browser tests
 * (and scripts making screenshots) can map a patient position to canvas pixels through Cornerstone's own
 * camera — the same mapping the rendering uses — instead of guessing it.
 */
export interface ViewerHook {
  readonly studyId: string;
  readonly viewer: FusionViewer;
}

declare global {
  interface Window {
    cxcr4petViewer?: ViewerHook;
  }
}

export function exposeViewerHook(viewer: FusionViewer, study: ViewerStudy): void {
  window.cxcr4petViewer = { studyId: study.id, viewer };
}
