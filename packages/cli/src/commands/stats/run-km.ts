import {
  type ConfType,
  type KaplanMeierCurve,
  kaplanMeier,
  kaplanMeierByGroup,
  logRank,
  survivalAt,
} from '@cxcr4pet/stats';
import { UsageError } from '../../command.ts';
import { binary, labels, numbers, requireRows, selectComplete } from './columns.ts';
import type { CsvTable } from './csv.ts';
import { pValue, signif, table } from './format.ts';
import { finiteOrNull, list, optional, required, type StatsOptions, type StatsOutput } from './options.ts';

const CONF_TYPES: readonly ConfType[] = ['log', 'log-log', 'plain'];

function curveJson(group: string, c: KaplanMeierCurve, at: readonly number[]): Record<string, unknown> {
  return {
    ...(at.length > 0
      ? {
          at: survivalAt(c, at).map((a) => ({
            time: a.time,
            survival: a.survival,
            stdErr: finiteOrNull(a.stdErr),
            lower: finiteOrNull(a.lower),
            upper: finiteOrNull(a.upper),
            atRisk: a.atRisk,
          })),
        }
      : {}),
    group,
    n: c.n,
    events: c.events,
    median: finiteOrNull(c.median),
    medianCi: c.medianCi.map(finiteOrNull),
    times: c.times,
    survival: c.survival,
    stdErr: c.stdErr.map(finiteOrNull),
    lower: c.lower.map(finiteOrNull),
    upper: c.upper.map(finiteOrNull),
    atRisk: c.atRisk,
    nEvent: c.nEvent,
    nCensor: c.nCensor,
  };
}

/** `stats km`: Kaplan–Meier per group with survfit's median and CI, log-rank test when grouped. */
export function runKm(csv: CsvTable, options: StatsOptions): StatsOutput {
  const timeColumn = required(options, 'time', 'km');
  const eventColumn = required(options, 'event', 'km');
  const groupColumn = optional(options, 'group');
  const strataColumn = optional(options, 'strata');
  const confType = (optional(options, 'conf-type') ?? 'log') as ConfType;
  if (!CONF_TYPES.includes(confType))
    throw new UsageError(`--conf-type must be one of ${CONF_TYPES.join(', ')}`);
  const at = list(optional(options, 'at')).map((v) => {
    const t = Number(v);
    if (!Number.isFinite(t)) throw new UsageError(`--at takes comma-separated times, got '${v}'`);
    return t;
  });
  const used = [
    timeColumn,
    eventColumn,
    ...(groupColumn ? [groupColumn] : []),
    ...(strataColumn ? [strataColumn] : []),
  ];
  const selection = selectComplete(csv, used);
  requireRows(selection, 1, 'a Kaplan–Meier curve');
  const data = {
    time: numbers(selection, timeColumn),
    event: binary(selection, eventColumn, '1 = event, 0 = censored'),
  };
  const curves = groupColumn
    ? kaplanMeierByGroup({ ...data, group: labels(selection, groupColumn) }, { confType })
    : [{ group: 'all', curve: kaplanMeier(data, { confType }) }];
  const test =
    groupColumn && curves.length > 1
      ? logRank({
          ...data,
          group: labels(selection, groupColumn),
          ...(strataColumn ? { stratum: labels(selection, strataColumn) } : {}),
        })
      : undefined;
  const json: Record<string, unknown> = {
    confType,
    confLevel: 0.95,
    dropped: selection.dropped,
    groups: curves.map((g) => curveJson(g.group, g.curve, at)),
  };
  if (test)
    json.logrank = { chisq: test.chisq, df: test.df, p: test.p, stratified: strataColumn !== undefined };
  const rows = curves.map((g) => [
    groupColumn ? `${groupColumn}=${g.group}` : 'all',
    String(g.curve.n),
    String(g.curve.events),
    signif(g.curve.median),
    signif(g.curve.medianCi[0]),
    signif(g.curve.medianCi[1]),
  ]);
  let text = `Kaplan-Meier (${confType} CI, 95%): ${csv.file}, time = ${timeColumn}, event = ${eventColumn}\n`;
  if (selection.dropped > 0) text += `(${selection.dropped} rows dropped for missing values)\n`;
  text += `${table(['', 'n', 'events', 'median', '0.95LCL', '0.95UCL'], rows)}\n`;
  for (const time of at) {
    const cells = curves.map((g) => {
      const [a] = survivalAt(g.curve, [time]);
      return [
        groupColumn ? `${groupColumn}=${g.group}` : 'all',
        String(a?.atRisk ?? ''),
        signif(a?.survival),
        signif(a?.stdErr),
        signif(a?.lower),
        signif(a?.upper),
      ];
    });
    text += `\ntime = ${time}\n${table(['', 'n.risk', 'survival', 'std.err', 'lower 95% CI', 'upper 95% CI'], cells)}\n`;
  }
  if (test)
    text += `\nLog-rank test${strataColumn ? ` stratified by ${strataColumn}` : ''}: Chisq = ${signif(test.chisq)} on ${test.df} degrees of freedom, p = ${pValue(test.p)}\n`;
  return { json, text };
}
