import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import type { ServerExtension } from '../app.ts';
import type { ServerContext } from '../context.ts';
import { isPseudonymised } from '../policy.ts';
import { buildDashboards } from './panels.ts';
import { loadStudyData } from './study-data.ts';

/**
 * `GET /api/dashboards`: the study dashboards computed from the database for the caller's sites (an
 * admin: every site). Statisticians get pseudonyms wherever a participant is named.
 */
function dashboardRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dashboards',
      {
        schema: {
          tags: ['dashboards'],
          summary:
            'Participant flow, enrolment, per-patient and per-lesion detection, paired SUVmax, Kaplan–Meier PFS by CXCR4 group, ROC of Pentixafor SUVmax, Cox forest plot',
          querystring: z.object({
            cutoffSuv: z.coerce.number().positive().max(1000).optional(),
            rocMonths: z.coerce.number().int().min(1).max(240).optional(),
          }),
        },
        config: { operation: 'dashboards.read' },
      },
      async (request) => {
        const { user } = accessOf(request);
        const { people, lesions, pseudonyms } = await loadStudyData(
          context.db,
          user.role === 'admin' ? undefined : user.siteIds,
        );
        const dashboards = buildDashboards(
          people,
          {
            ...(request.query.cutoffSuv === undefined ? {} : { cxcr4HighCutoffSuv: request.query.cutoffSuv }),
            ...(request.query.rocMonths === undefined ? {} : { rocOutcomeMonths: request.query.rocMonths }),
          },
          lesions,
        );
        if (!isPseudonymised(user.role)) return dashboards;
        // Statisticians see pseudonyms wherever a study code would appear (left-out list, paired plot).
        const hide = (id: string) => pseudonyms.get(id) ?? '[hidden]';
        const codes = new Map([...pseudonyms.keys()].map((id) => [id, hide(id)]));
        return JSON.parse(
          JSON.stringify(dashboards, (_key, value: unknown) =>
            typeof value === 'string' && codes.has(value) ? codes.get(value) : value,
          ),
        ) as typeof dashboards;
      },
    );
  };
}

/** The dashboards as a server extension (its own policy entry; `buildApp({ extensions })`). */
export const dashboardsExtension: ServerExtension = {
  name: 'dashboards',
  policies: {
    'dashboards.read': {
      roles: ['admin', 'investigator', 'coordinator', 'monitor', 'statistician'],
      scope: 'global',
    },
  },
  routes: dashboardRoutes,
};
