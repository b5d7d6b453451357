import { recordActivity } from '@cxcr4pet/db';
import { buildExport, fileDigests } from '@cxcr4pet/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { requireStore } from './imaging.ts';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.csv': 'text/csv; charset=utf-8',
  '.R': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const fileParams = z.object({
  file: z
    .string()
    .regex(
      /^[a-z0-9_-]+\.(csv|R|json|xlsx)$/,
      'a file of the export, e.g. labs.csv, load.R, cxcr4pet-export.xlsx',
    ),
});

/**
 * Downloads of the study export, one file at a time, of the participants of the caller's sites:
 * `full` (identifying data included; site staff) and `pseudonymised` (pseudonyms, dates shifted per
 * participant; statisticians and site staff). `manifest.json` lists the files and their row counts.
 * Every download is recorded in the audit trail (`activity` `export.download`: who, which export and
 * file, the site filter, rows per table, the SHA-256 and size of the bytes handed out).
 */
export function exportRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const store = requireStore(context);
  return async (app) => {
    for (const kind of ['full', 'pseudonymised'] as const) {
      app.get(
        `/exports/${kind}/:file`,
        {
          schema: {
            tags: ['exports'],
            summary:
              kind === 'full'
                ? 'One file of the full export (identifying data included) of your sites’ participants'
                : 'One file of the pseudonymised export (pseudonyms, dates shifted per participant) of your sites’ participants',
            params: fileParams,
          },
          config: { operation: kind === 'full' ? 'exports.full' : 'exports.pseudonymised' },
        },
        async (request, reply) => {
          const { user } = accessOf(request);
          const { file } = request.params;
          const built = await buildExport(store, {
            pseudonymised: kind === 'pseudonymised',
            siteIds: user.siteIds,
          });
          const content = built.files.get(file);
          if (content === undefined)
            throw new ApiError(
              404,
              'not-found',
              `the ${kind} export has no file '${file}' (manifest.json lists them)`,
              'file',
            );
          const [digest] = fileDigests(new Map([[file, content]]));
          await recordActivity(
            store.db.kysely,
            { actor: user.userId },
            {
              action: 'export.download',
              details: {
                export: kind,
                file,
                filters: { siteIds: user.siteIds },
                tables: built.tables.map((t) => ({ name: t.name, rows: t.rows })),
                bytes: digest?.bytes,
                sha256: digest?.sha256,
              },
            },
          );
          const extension = file.slice(file.lastIndexOf('.'));
          return reply
            .header('content-type', MEDIA_TYPES[extension] ?? 'application/octet-stream')
            .header('content-disposition', `attachment; filename="${file}"`)
            .header('cache-control', 'no-store')
            .send(typeof content === 'string' ? content : Buffer.from(content));
        },
      );
    }
  };
}
