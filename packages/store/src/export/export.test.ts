import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRecord, createSite, listAudit, withChange } from '@cxcr4pet/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.ts';
import { tempDataDir } from '../testing.ts';
import { writeExport } from './write-export.ts';

const run = promisify(execFile);

/** Whether a program runs here (R and python3-openpyxl are installed by scripts/setup.sh --test). */
async function available(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await run(command, [...args]);
    return true;
  } catch {
    return false;
  }
}
const HAS_R = await available('Rscript', ['--version']);
// Debian's python3-openpyxl lives under /usr/bin/python3, which a pyenv python3 on PATH may hide.
const PYTHON = (await available('python3', ['-c', 'import openpyxl']))
  ? 'python3'
  : (await available('/usr/bin/python3', ['-c', 'import openpyxl']))
    ? '/usr/bin/python3'
    : undefined;

/** Parses the CSV this export writes (RFC 4180) — a small independent reader for the assertions. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  const [header = [], ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, n) => [h, r[n] ?? ''])));
}

const DAY_MS = 86_400_000;
const days = (a: string, b: string): number =>
  (Date.parse(a.slice(0, 10)) - Date.parse(b.slice(0, 10))) / DAY_MS;

/** First-line treatments of the two participants: one chemo-immunotherapy in cycles, one watch and wait. */
const TREATMENTS = [
  {
    participantId: 'CX-001',
    regimen: 'R-CHOP',
    category: 'chemo-immunotherapy',
    lineOfTherapy: 1,
    intent: 'curative',
    startDate: '2026-01-20',
    endDate: '2026-05-04',
    cycles: 6,
  },
  {
    participantId: 'CX-002',
    regimen: 'watch and wait',
    category: 'watch-and-wait',
    lineOfTherapy: 1,
    intent: 'observation',
    startDate: '2026-01-21',
  },
] as const;
const CATEGORY_LEVELS =
  'chemo-immunotherapy|chemotherapy|immunotherapy|targeted-agent|radiotherapy|autologous-transplant|allogeneic-transplant|car-t|watch-and-wait|other';

describe('exports: CSV + dictionary + R loader + XLSX, full and pseudonymised', () => {
  let store: Store;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let out: Awaited<ReturnType<typeof tempDataDir>>;
  const coord = { actor: 'coord' };

  beforeAll(async () => {
    data = await tempDataDir();
    out = await tempDataDir();
    store = await openStore(data.dir, {}, { memoryDb: true });
    const db = store.db.kysely;
    await createSite(db, { actor: 'admin' }, { siteId: 'S1', name: 'Site one' });
    const people = [
      {
        id: 'CX-001',
        sex: 'female',
        name: 'Ada Lovelace',
        birth: '1961-12-10',
        hospital: 'H-77001',
        ldh: [312, 250.5],
      },
      {
        id: 'CX-002',
        sex: 'female',
        name: 'Grace "Amazing" Hopper, Jr',
        birth: '1956-12-09',
        hospital: 'H-77002',
        ldh: [198],
      },
    ];
    for (const p of people) {
      await createRecord(db, coord, 'participant', {
        participantId: p.id,
        siteId: 'S1',
        sex: p.sex,
        enrolledDate: '2026-01-10',
      });
      await createRecord(db, coord, 'participant-identity', {
        participantId: p.id,
        fullName: p.name,
        birthDate: p.birth,
        hospitalId: p.hospital,
      });
      for (const [n, ldh] of p.ldh.entries())
        await createRecord(db, coord, 'labs', {
          participantId: p.id,
          sampledDate: n === 0 ? '2026-01-05' : '2026-02-16',
          ldhUPerL: ldh,
          ldhUpperLimitUPerL: 250,
        });
    }
    await createRecord(db, coord, 'treatment', TREATMENTS[0]);
    await createRecord(db, coord, 'treatment', TREATMENTS[1]);
    await withChange(db, coord, (trx) =>
      trx
        .insertInto('analysis')
        .values({
          participant_id: 'CX-001',
          series_instance_uid: '2.25.1',
          input_series_uids: JSON.stringify(['2.25.1', '2.25.2']),
          parameters: JSON.stringify({ arguments: ['--segment', 'suv:4'] }),
          software: JSON.stringify({ software: 'cxcr4pet', version: '0.1.0', commit: 'abc' }),
          result: JSON.stringify({
            segmentation: { method: 'suv:4' },
            suv: { kind: 'bw' },
            lesions: [
              {
                label: 1,
                voxelCount: 10,
                volumeMl: 0.64,
                suvMax: 9.5,
                suvMean: 6.25,
                suvPeak: 8,
                totalLesionUptake: 4,
              },
            ],
            totals: { lesionCount: 1, totalVolumeMl: 0.64, totalLesionUptake: 4 },
          }),
          created_by: 'coord',
        })
        .execute(),
    );
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await data?.remove();
    await out?.remove();
  });

  it('writes one CSV per table with a dictionary whose types and levels come from the record schemas', async () => {
    const summary = await writeExport(store, join(out.dir, 'full'), {
      pseudonymised: false,
      actor: 'statistician-1',
    });
    expect(summary.files).toContain('labs.csv');
    expect(summary.files).toContain('participant_identity.csv');
    const labs = parseCsv(await readFile(join(out.dir, 'full', 'labs.csv'), 'utf8'));
    expect(labs.map((r) => [r.participant_id, r.sampledDate, r.ldhUPerL])).toEqual([
      ['CX-001', '2026-01-05', '312'],
      ['CX-001', '2026-02-16', '250.5'],
      ['CX-002', '2026-01-05', '198'],
    ]);
    const identity = parseCsv(await readFile(join(out.dir, 'full', 'participant_identity.csv'), 'utf8'));
    expect(identity.map((r) => r.fullName)).toEqual(['Ada Lovelace', 'Grace "Amazing" Hopper, Jr']);
    const dictionary = parseCsv(await readFile(join(out.dir, 'full', 'data_dictionary.csv'), 'utf8'));
    const entry = (table: string, column: string) =>
      dictionary.find((d) => d.table === table && d.column === column);
    expect(entry('participant', 'sex')).toMatchObject({ type: 'factor', levels: 'female|male' });
    expect(entry('labs', 'sampledDate')).toMatchObject({ type: 'date' });
    expect(entry('labs', 'ldhUPerL')).toMatchObject({ type: 'number', label: 'ldh U per L' });
    expect(entry('lesion', 'suv_max')).toMatchObject({ type: 'number', label: 'SUVmax' });
    const treatment = parseCsv(await readFile(join(out.dir, 'full', 'treatment.csv'), 'utf8'));
    expect(
      treatment.map((r) => [r.participant_id, r.regimen, r.category, r.lineOfTherapy, r.startDate, r.cycles]),
    ).toEqual([
      ['CX-001', 'R-CHOP', 'chemo-immunotherapy', '1', '2026-01-20', '6'],
      ['CX-002', 'watch and wait', 'watch-and-wait', '1', '2026-01-21', ''],
    ]);
    expect(entry('treatment', 'category')).toMatchObject({ type: 'factor', levels: CATEGORY_LEVELS });
    expect(entry('treatment', 'intent')).toMatchObject({ type: 'factor' });
    expect(entry('treatment', 'lineOfTherapy')).toMatchObject({ type: 'integer' });
    expect(entry('treatment', 'endDate')).toMatchObject({ type: 'date' });
    const lesion = parseCsv(await readFile(join(out.dir, 'full', 'lesion.csv'), 'utf8'));
    expect(lesion).toEqual([
      expect.objectContaining({ participant_id: 'CX-001', suv_max: '9.5', suv_peak: '8', volume_ml: '0.64' }),
    ]);
  }, 30_000);

  it.skipIf(!HAS_R)(
    'loads in R with the dictionary types, factor levels and labels (Rscript)',
    async () => {
      const dir = join(out.dir, 'full');
      const script = `cxcr4pet_dir <- "${dir}"; source(file.path(cxcr4pet_dir, "load.R"));
      p <- cxcr4pet$participant; l <- cxcr4pet$labs
      cat("sex", class(p$sex), paste(levels(p$sex), collapse = "|"), as.character(p$sex[1]), "\\n")
      cat("ldh", class(l$ldhUPerL), format(sum(l$ldhUPerL), nsmall = 1), attr(l$ldhUPerL, "label"), "\\n")
      cat("date", class(l$sampledDate), as.numeric(diff(l$sampledDate[1:2])), "\\n")
      cat("rows", nrow(l), nrow(cxcr4pet$participant_identity), nrow(cxcr4pet$lesion), "\\n")
      cat("suv", class(cxcr4pet$analysis$suv_kind), paste(levels(cxcr4pet$analysis$suv_kind), collapse = "|"), "\\n")
      t <- cxcr4pet$treatment
      cat("treatment", class(t$category), paste(levels(t$category), collapse = "|"), as.character(t$category), "\\n")
      cat("treatment days", class(t$startDate), as.numeric(t$endDate[1] - t$startDate[1]), is.na(t$cycles[2]), "\\n")`;
      const { stdout } = await run('Rscript', ['-e', script]);
      expect(stdout.split('\n').map((l) => l.trim())).toEqual([
        'sex factor female|male female',
        'ldh numeric 760.5 ldh U per L',
        'date Date 42',
        'rows 3 2 1',
        'suv factor bw|lbm|bsa',
        `treatment factor ${CATEGORY_LEVELS} chemo-immunotherapy watch-and-wait`,
        // 20 January to 4 May 2026: 11 + 28 + 31 + 30 + 4 = 104 days.
        'treatment days Date 104 TRUE',
        '',
      ]);
    },
    60_000,
  );

  it.skipIf(PYTHON === undefined)(
    'writes the same tables to an XLSX workbook (read back with openpyxl)',
    async () => {
      const book = join(out.dir, 'full', 'cxcr4pet-export.xlsx');
      const script = `import json, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
labs = [list(r) for r in wb['labs'].iter_rows(values_only=True)]
print(json.dumps({'sheets': wb.sheetnames[:3], 'header': labs[0][:5], 'row': labs[2][:5]}))`;
      const { stdout } = await run(PYTHON ?? 'python3', ['-c', script, book]);
      const parsed = JSON.parse(stdout) as { sheets: string[]; header: string[]; row: unknown[] };
      expect(parsed.sheets).toEqual(['data_dictionary', 'participant', 'participant_identity']);
      expect(parsed.header).toEqual(['record_id', 'participant_id', 'version', 'sampledDate', 'ldhUPerL']);
      expect(parsed.row.slice(1)).toEqual(['CX-001', 1, '2026-02-16', 250.5]);
    },
    60_000,
  );

  it('pseudonymises: identifying data gone, codes replaced, dates shifted by one offset per participant', async () => {
    const full = join(out.dir, 'full');
    const pseudo = join(out.dir, 'pseudo');
    const summary = await writeExport(store, pseudo, { pseudonymised: true, actor: 'statistician-1' });
    expect(summary.files).not.toContain('participant_identity.csv');
    const everything = await Promise.all(
      (await readdir(pseudo))
        .filter((f) => !f.endsWith('.xlsx'))
        .map((f) => readFile(join(pseudo, f), 'utf8')),
    );
    for (const secret of [
      'Lovelace',
      'Hopper',
      'H-77001',
      '1961-12-10',
      'CX-001',
      'CX-002',
      'dicom_patient_id',
    ])
      expect(everything.some((text) => text.includes(secret))).toBe(false);

    const before = parseCsv(await readFile(join(full, 'labs.csv'), 'utf8'));
    const after = parseCsv(await readFile(join(pseudo, 'labs.csv'), 'utf8'));
    // The pseudonyms the database gave at registration (what the server shows statisticians).
    const stored = await store.db.kysely.selectFrom('participant_pseudonym').selectAll().execute();
    const pseudonyms = new Map(stored.map((r) => [r.participant_id, r.pseudonym]));
    expect(pseudonyms.size).toBe(2);
    const shiftOf = new Map<string, number>();
    for (const row of after) {
      const original = before.find((b) => b.record_id === row.record_id);
      expect(row.participant_id).toBe(pseudonyms.get(original?.participant_id as string));
      const shift = days(row.sampledDate as string, original?.sampledDate as string);
      expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(shift)).toBeLessThanOrEqual(182);
      const seen = shiftOf.get(row.participant_id as string);
      if (seen !== undefined) expect(shift).toBe(seen); // one shift per participant: intervals kept
      shiftOf.set(row.participant_id as string, shift);
      expect(row.ldhUPerL).toBe(original?.ldhUPerL);
    }
    expect(shiftOf.size).toBe(2);
    // The same key gives the same pseudonyms next time.
    await writeExport(store, join(out.dir, 'pseudo-again'), { pseudonymised: true, actor: 'statistician-1' });
    expect(await readFile(join(out.dir, 'pseudo-again', 'labs.csv'), 'utf8')).toBe(
      await readFile(join(pseudo, 'labs.csv'), 'utf8'),
    );
  }, 30_000);

  it('records every export in the audit trail: who, which, rows per table and the SHA-256 of each file', async () => {
    const before = (await listAudit(store.db.kysely, { entity: 'activity' })).length;
    const target = join(out.dir, 'audited');
    const summary = await writeExport(store, target, { pseudonymised: true, actor: 'statistician-7' });
    const entries = await listAudit(store.db.kysely, { entity: 'activity' });
    expect(entries).toHaveLength(before + 1);
    const entry = entries.at(-1);
    if (entry === undefined) throw new Error('no audit entry');
    expect(entry).toMatchObject({ actor: 'statistician-7', action: 'create' });
    const details = (entry.after as { action: string; details: Record<string, unknown> }).details as {
      pseudonymised: boolean;
      outDir: string;
      tables: { name: string; rows: number }[];
      files: { name: string; bytes: number; sha256: string }[];
    };
    expect((entry.after as { action: string }).action).toBe('export.write');
    expect(details.pseudonymised).toBe(true);
    expect(details.outDir).toBe(target);
    expect(details.tables).toEqual(summary.tables.map((t) => ({ name: t.name, rows: t.rows })));
    // The hashes are those of the files on disk, read back and hashed here.
    const written = (await readdir(target)).sort();
    expect(details.files.map((f) => f.name).sort()).toEqual(written);
    for (const file of details.files) {
      const bytes = await readFile(join(target, file.name));
      expect([file.bytes, file.sha256], file.name).toEqual([
        bytes.byteLength,
        createHash('sha256').update(bytes).digest('hex'),
      ]);
    }
    // The labs table's row count is the one in its CSV.
    const labsRows = parseCsv(await readFile(join(target, 'labs.csv'), 'utf8')).length;
    expect(details.tables.find((t) => t.name === 'labs')?.rows).toBe(labsRows);
    // A refused export writes no audit entry.
    await expect(
      writeExport(store, target, { pseudonymised: true, actor: 'statistician-7' }),
    ).rejects.toThrow();
    expect(await listAudit(store.db.kysely, { entity: 'activity' })).toHaveLength(before + 1);
  }, 30_000);

  it('refuses a folder that is not empty and leaves it as it was', async () => {
    const target = join(out.dir, 'full');
    const before = (await readdir(target)).sort();
    await expect(
      writeExport(store, target, { pseudonymised: true, actor: 'statistician-1' }),
    ).rejects.toThrow(`export folder ${target} exists and is not empty: choose a new folder`);
    expect((await readdir(target)).sort()).toEqual(before);
    expect((await readdir(out.dir)).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
