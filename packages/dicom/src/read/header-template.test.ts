import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editDicom, naturalDataset } from '../testing/edit-dicom.ts';
import { writeCtSeries } from '../write/ct-series.ts';
import { writePetSeries } from '../write/pet-series.ts';
import { sampleCtInput, samplePetInput } from '../write/sample-input.test-helper.ts';
import type { DicomInstance, PixelReader } from './dicom-instance.ts';
import { headerTemplate, layoutKey, parseWithTemplate } from './header-template.ts';
import { readDicomHeader, seriesHeaderReader } from './map-instance.ts';
import { parsePart10Header, type RawDataSet } from './parse-part10.ts';

/*
 * Series templates (header-template.ts) against dicom-parser, the parser they stand in for: on every head
 * a template walks, the element table (tags, VRs, offsets, lengths, items, recursively) must be
 * dicom-parser's, and the instances those give must be the ones `readDicomHeader` gives; a head that
 * differs in anything dicom-parser decides from must be declined.
 */

interface File {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const testdata = new URL('../../../../testdata/real-pet/', import.meta.url);

function folder(path: string): File[] {
  return readdirSync(new URL(path, testdata))
    .sort()
    .map((name) => ({
      name: `${path}${name}`,
      bytes: new Uint8Array(readFileSync(new URL(`${path}${name}`, testdata))),
    }));
}

/** The real GE series (implicit VR little endian, undefined-length sequences and items). */
const geSeries = folder('sts-001-pet/image/');
const acrin = folder('acrin-flt-breast-slices/');
const written = (files: readonly { bytes: Uint8Array }[], prefix: string): File[] =>
  files.map((file, n) => ({ name: `${prefix}-${n}`, bytes: file.bytes }));
/** The room's writer (explicit VR little endian): BQML and Philips CNTS PET, and CT. */
const bqml = written(writePetSeries(samplePetInput()), 'bqml');
const cnts = written(
  writePetSeries(
    samplePetInput({
      units: 'CNTS',
      philips: { suvScaleFactor: 0.000123, activityConcentrationScaleFactor: 2.5 },
    }),
  ),
  'cnts',
);
const ct = written(writeCtSeries(sampleCtInput()), 'ct');

const HEAD_BYTES = 16 * 1024;
const head = (file: File): Uint8Array => file.bytes.subarray(0, Math.min(file.bytes.length - 1, HEAD_BYTES));

function parsed(bytes: Uint8Array): RawDataSet {
  const dataSet = parsePart10Header(bytes, 'x7fe00010');
  if (dataSet === undefined) throw new Error('test file does not parse up to Pixel Data');
  return dataSet;
}

function templateOf(file: File) {
  const template = headerTemplate(parsed(head(file)));
  if (template === undefined) throw new Error(`no template for ${file.name}`);
  return template;
}

const noPixels: PixelReader = () => {};

describe('parseWithTemplate (a head walked along the layout of another file of its series)', () => {
  it.each([
    ['the real GE series (implicit VR)', geSeries],
    ['written BQML PET (explicit VR)', bqml],
    ['written Philips CNTS PET', cnts],
    ['written CT', ct],
  ])('gives dicom-parser’s element table for every head of %s', (_, files) => {
    const template = templateOf(files[0] as File);
    for (const file of files) {
      const walked = parseWithTemplate(template, head(file));
      expect(walked, file.name).toBeDefined();
      expect(layoutKey(walked as RawDataSet), file.name).toBe(layoutKey(parsed(head(file))));
    }
  });

  it('gives the instances readDicomHeader gives, files of several layouts interleaved', () => {
    const files = [...geSeries.slice(0, 20), ...acrin, ...bqml, ...cnts, ...ct, ...geSeries.slice(20)];
    const mixed = files.map((_, n) => files[(n * 7) % files.length] as File); // 7 is prime to the count
    expect(new Set(mixed.map((file) => file.name)).size).toBe(files.length);
    const readHeader = seriesHeaderReader();
    for (const file of mixed) {
      const expected = readDicomHeader(head(file), file.name, file.bytes.length, noPixels);
      const actual = readHeader(head(file), file.name, file.bytes.length, noPixels);
      expect(expected, file.name).toBeDefined();
      expect(actual, file.name).toEqual(expected as DicomInstance);
    }
  });

  it('follows a value whose length changes (what follows it moves)', () => {
    const first = geSeries[0] as File;
    const longer = editDicom(first.bytes, {
      set: {
        ImagePositionPatient: [-123.456789, -234.567891, -1002.345678],
        SeriesDescription: 'a longer one',
      },
      transferSyntaxUid: '1.2.840.10008.1.2',
    });
    const template = templateOf({
      name: 'rewritten',
      bytes: editDicom(first.bytes, { transferSyntaxUid: '1.2.840.10008.1.2' }),
    });
    const walked = parseWithTemplate(template, longer.subarray(0, HEAD_BYTES));
    expect(walked).toBeDefined();
    expect(layoutKey(walked as RawDataSet)).toBe(layoutKey(parsed(longer.subarray(0, HEAD_BYTES))));
    expect((walked as RawDataSet).string('x00200032')).toBe('-123.456789\\-234.567891\\-1002.345678');
  });

  const original = bqml[0] as File;
  const drug = naturalDataset(original.bytes).RadiopharmaceuticalInformationSequence as unknown[];
  it.each([
    ['an attribute removed', { remove: ['SeriesDescription'] }],
    ['an attribute added', { set: { ImageComments: 'added' } }],
    ['a second sequence item', { set: { RadiopharmaceuticalInformationSequence: [...drug, ...drug] } }],
    ['another transfer syntax', { transferSyntaxUid: '1.2.840.10008.1.2.1' }],
  ])('declines a head with %s, and the reader then parses it as before', (_, edit) => {
    const base = editDicom(original.bytes, { transferSyntaxUid: '1.2.840.10008.1.2' });
    const changed = editDicom(original.bytes, { transferSyntaxUid: '1.2.840.10008.1.2', ...edit });
    expect(layoutKey(parsed(changed.subarray(0, HEAD_BYTES)))).not.toBe(
      layoutKey(parsed(base.subarray(0, HEAD_BYTES))),
    );
    const template = templateOf({ name: 'base', bytes: base });
    expect(parseWithTemplate(template, base.subarray(0, HEAD_BYTES))).toBeDefined();
    expect(parseWithTemplate(template, changed.subarray(0, HEAD_BYTES))).toBeUndefined();
    const readHeader = seriesHeaderReader();
    readHeader(base, 'base', base.length, noPixels);
    expect(readHeader(changed, 'changed', changed.length, noPixels)).toEqual(
      readDicomHeader(changed, 'changed', changed.length, noPixels),
    );
  });

  it('declines a head cut inside an element before Pixel Data', () => {
    const file = geSeries[1] as File;
    const pixel = parsed(head(file)).elements.x7fe00010;
    const template = templateOf(geSeries[0] as File);
    expect(
      parseWithTemplate(template, file.bytes.subarray(0, (pixel?.dataOffset ?? 0) - 14)),
    ).toBeUndefined();
  });

  it('declines an implicit-VR value starting with an item tag, which dicom-parser takes for a sequence', () => {
    const file = geSeries[1] as File;
    const dataSet = parsed(head(file));
    const description = dataSet.elements.x0008103e; // SeriesDescription, LO
    expect(description?.length).toBeGreaterThanOrEqual(4);
    const bytes = file.bytes.slice();
    bytes.set([0xfe, 0xff, 0x00, 0xe0], description?.dataOffset ?? 0);
    const template = templateOf(geSeries[0] as File);
    expect(parseWithTemplate(template, head(file))).toBeDefined();
    expect(parseWithTemplate(template, bytes.subarray(0, HEAD_BYTES))).toBeUndefined();
  });

  it('keeps no reference to the bytes it was made from', () => {
    const file = geSeries[0] as File;
    const bytes = head(file).slice();
    const template = templateOf({ name: file.name, bytes });
    bytes.fill(0);
    expect(parseWithTemplate(template, head(geSeries[2] as File))).toBeDefined();
  });
});
