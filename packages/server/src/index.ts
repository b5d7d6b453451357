export type { Access, ParticipantRef } from './access.ts';
export { type ConnectionCheck, testConnection } from './admin-extensions/connection-test.ts';
export { auditVerifyExtension, pacsNodesExtension } from './admin-extensions/routes.ts';
export { type App, type AppOptions, buildApp, type ServerExtension } from './app.ts';
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './auth/passwords.ts';
export { CSRF_HEADER, SESSION_COOKIE } from './auth/tokens.ts';
export { defaultConfig, type ServerConfig, type ServerContext } from './context.ts';
export {
  buildDashboards,
  type Dashboards,
  type DataTable,
  type Panel,
  type PanelId,
} from './dashboards/panels.ts';
export { dashboardsExtension } from './dashboards/routes.ts';
export { type ErrorBody, toErrorResponse } from './error-handler.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export {
  type ImportPacsPayload,
  importFromPacs,
  importPacsJob,
  openPacsSource,
  type SeriesRef,
} from './pacs-import/import-job.ts';
export {
  type AnalysisAsDicom,
  analysisOf,
  type SendPacsPayload,
  sendPacsJob,
} from './pacs-import/send-job.ts';
export { type PacsSource, pacsSourceOf } from './pacs-import/source.ts';
export { type OperationId, POLICY, RECORD_WRITERS, type Rule, type Scope, SITE_STAFF } from './policy.ts';
export { lesionReviewExtension } from './routes/lesion-reviews.ts';
export { WEB_APP_EXTENSIONS } from './web-app-extensions.ts';
