import { auditVerifyExtension, pacsNodesExtension } from './admin-extensions/routes.ts';
import type { ServerExtension } from './app.ts';
import { dashboardsExtension } from './dashboards/routes.ts';
import { lesionReviewExtension } from './routes/lesion-reviews.ts';
import { viewerStudiesExtension } from './routes/viewer-studies.ts';

/**
 * The endpoints the web app's dashboards, admin screens and viewer (its studies from the store, lesion reviews) use beyond the
 * core API, as extensions (their own policy entries): `cxcr4pet serve` and the web app's test server
 * register them.
 */
export const WEB_APP_EXTENSIONS: readonly ServerExtension[] = [
  dashboardsExtension,
  lesionReviewExtension,
  auditVerifyExtension,
  pacsNodesExtension,
  viewerStudiesExtension,
];
