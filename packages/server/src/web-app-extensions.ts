import type { ServerExtension } from './app.ts';
import { dashboardsExtension } from './dashboards/routes.ts';

/**
 * The endpoints the web app's dashboards and admin screens use beyond the core API, as extensions
 * (their own policy entries): `cxcr4pet serve` and the web app's test server register them.
 */
export const WEB_APP_EXTENSIONS: readonly ServerExtension[] = [dashboardsExtension];
