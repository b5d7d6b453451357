import { readdirSync, readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { editDicom } from '../testing/edit-dicom.ts';
import { writePetSeries } from '../write/pet-series.ts';
import { samplePetInput } from '../write/sample-input.test-helper.ts';
import { privateBlocks, text } from './data-set-values.ts';
import { rescaleInt16, rescaleUint16 } from './decode-pixels.ts';
import { readDicomHeader, readDicomInstance } from './map-instance.ts';
import { parsePart10, type RawDataSet } from './parse-part10.ts';

/*
 * The read path's fast paths (bench/RESULTS.md, issue 2) against the slow paths they replace, on the
 * real scanner files of testdata/real-pet and on files the writer makes (BQML and Philips CNTS).
 */

const testdata = new URL('../../../../testdata/real-pet/', import.meta.url);

function realFiles(): { name: string; bytes: Uint8Array }[] {
  const folders = ['sts-001-pet/image/', 'sts-001-pet/mask/', 'acrin-flt-breast-slices/'];
  return folders.flatMap((folder) =>
    readdirSync(new URL(folder, testdata)).map((name) => ({
      name: `${folder}${name}`,
      bytes: new Uint8Array(readFileSync(new URL(`${folder}${name}`, testdata))),
    })),
  );
}

function writtenFiles(): { name: string; bytes: Uint8Array }[] {
  const bqml = writePetSeries(samplePetInput());
  const cnts = writePetSeries(
    samplePetInput({
      units: 'CNTS',
      philips: { suvScaleFactor: 0.000123, activityConcentrationScaleFactor: 2.5 },
    }),
  );
  return [...bqml, ...cnts].map((file, n) => ({ name: `written-${n}`, bytes: file.bytes }));
}

const files = [...realFiles(), ...writtenFiles()];

/** Every data set in a file: the top level and the items of its sequences, recursively. */
function dataSets(dataSet: RawDataSet): RawDataSet[] {
  const nested = Object.values(dataSet.elements).flatMap((element) =>
    (element.items ?? []).flatMap((item) => (item.dataSet === undefined ? [] : dataSets(item.dataSet))),
  );
  return [dataSet, ...nested];
}

const STRING_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UI',
  'UT',
]);

/** The slow path `text` replaced: dicom-parser's own `string`, then NULs and padding trimmed. */
function slowText(dataSet: RawDataSet, tag: string): string | undefined {
  const value = dataSet.string(tag);
  if (value === undefined) return undefined;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The slow path `privateBlocks` replaced: probing every creator slot (gggg,0010)–(gggg,00FF) in order. */
function probedBlock(dataSet: RawDataSet, group: string, creator: string): string | undefined {
  for (let block = 0x10; block <= 0xff; block++) {
    const hex = block.toString(16).padStart(2, '0');
    if (slowText(dataSet, `x${group}00${hex}`) === creator) return hex;
  }
  return undefined;
}

describe('text (strings read straight from the bytes)', () => {
  it('equals dicom-parser’s string, trimmed, for every string element of real and written files', () => {
    let compared = 0;
    for (const file of files)
      for (const dataSet of dataSets(parsePart10(file.bytes, file.name)))
        for (const [tag, element] of Object.entries(dataSet.elements)) {
          // Implicit VR files (the GE series) carry no VR: compare every element but sequences and pixels.
          if (
            element.vr === undefined
              ? element.items !== undefined || tag === 'x7fe00010'
              : !STRING_VRS.has(element.vr)
          )
            continue;
          expect(text(dataSet, tag), `${file.name} ${tag}`).toBe(slowText(dataSet, tag));
          compared++;
        }
    // 59 implicit VR GE files (~150 elements each), 2 ACRIN files, the RTSTRUCT, 8 written files.
    expect(compared, 'elements compared').toBeGreaterThan(10_000);
  });

  it('reads Latin-1 bytes, stops at a NUL, trims padding, and gives undefined for empty values', () => {
    const bytes = editDicom(writtenFiles()[0]?.bytes ?? new Uint8Array(), {
      set: {
        PatientName: 'Müller^Zoë ',
        StudyID: ' ',
        SeriesDescription: 'WB\u0000tail',
        PatientComments: '  two  spaces  ',
      },
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
    const dataSet = parsePart10(bytes, 'edited');
    // dcmjs writes UTF-8; the reader takes one character per byte, as dicom-parser's string does.
    expect(text(dataSet, 'x00100010')).toBe(Buffer.from('Müller^Zoë', 'utf8').toString('latin1'));
    expect(text(dataSet, 'x00200010')).toBeUndefined();
    expect(text(dataSet, 'x0008103e')).toBe('WB');
    expect(text(dataSet, 'x00104000')).toBe('two  spaces');
    for (const tag of ['x00100010', 'x00200010', 'x0008103e', 'x00104000'])
      expect(text(dataSet, tag)).toBe(slowText(dataSet, tag));
  });
});

describe('privateBlocks (one pass for every private creator)', () => {
  const creators = [
    { group: '0009', creator: 'GEMS_PETD_01' },
    { group: '7053', creator: 'Philips PET Private Group' },
  ];

  it('finds the same blocks as probing every slot, on real and written files', () => {
    let found = 0;
    for (const file of files) {
      const dataSet = parsePart10(file.bytes, file.name);
      const blocks = privateBlocks(dataSet, creators);
      expect(blocks).toEqual(creators.map(({ group, creator }) => probedBlock(dataSet, group, creator)));
      found += blocks.filter((block) => block !== undefined).length;
    }
    expect(found).toBeGreaterThan(0); // the written CNTS files carry the Philips block
  });

  it('takes the lowest of two blocks with the same creator, and ignores (gggg,0000)–(gggg,000F)', () => {
    const bytes = editDicom(writtenFiles()[0]?.bytes ?? new Uint8Array(), {
      raw: {
        '00090010': { vr: 'LO', Value: ['SOME OTHER VENDOR'] },
        '00090012': { vr: 'LO', Value: ['GEMS_PETD_01'] },
        '00090013': { vr: 'LO', Value: ['GEMS_PETD_01'] },
        '7053000f': { vr: 'UL', Value: [0] },
        '70530020': { vr: 'LO', Value: ['Philips PET Private Group'] },
      },
    });
    const dataSet = parsePart10(bytes, 'edited');
    expect(privateBlocks(dataSet, creators)).toEqual(['12', '20']);
    expect(privateBlocks(dataSet, creators)).toEqual(
      creators.map(({ group, creator }) => probedBlock(dataSet, group, creator)),
    );
  });
});

describe('rescaleInt16 and rescaleUint16 (the monomorphic, unrolled conversion loops)', () => {
  // Every 16-bit value, a length that is not a multiple of 4 (the unrolled loop's tail), and slopes
  // from real files (GE 1e-4-ish Bq/ml, CT 1) as well as awkward ones; truth is the double product
  // rounded once to float32, which is what the one generic loop computes.
  const slopes = [
    [1, -1024],
    [0.000123, 0],
    [3.7421875, 0.25],
    [-2.5e-7, 1e5],
  ];

  it('gives, for every stored value, the float32 of stored × slope + intercept', () => {
    const signed = new Int16Array(65_537);
    const unsigned = new Uint16Array(65_537);
    for (let n = 0; n < signed.length; n++) {
      signed[n] = n - 32_768;
      unsigned[n] = n;
    }
    for (const [slope = 1, intercept = 0] of slopes) {
      const a = new Float32Array(signed.length);
      const b = new Float32Array(unsigned.length);
      rescaleInt16(signed, a, slope, intercept);
      rescaleUint16(unsigned, b, slope, intercept);
      for (let n = 0; n < a.length; n++) {
        if (a[n] !== Math.fround((signed[n] as number) * slope + intercept))
          expect.fail(`int16 ${signed[n]}`);
        if (b[n] !== Math.fround((unsigned[n] as number) * slope + intercept))
          expect.fail(`uint16 ${unsigned[n]}`);
      }
    }
  });
});

describe('readDicomHeader (the head of a file parsed up to Pixel Data)', () => {
  it('maps every attribute as reading the whole file does, on real and written files', () => {
    let deferred = 0;
    for (const file of files) {
      const whole = readDicomInstance(file.bytes, file.name);
      const head = file.bytes.subarray(0, Math.min(file.bytes.length - 1, 16 * 1024));
      const instance = readDicomHeader(head, file.name, file.bytes.length, () => {});
      if (instance === undefined) continue; // header past 16 KB or not native: the caller reads it whole
      deferred++;
      const { image, ...rest } = instance;
      const { image: wholeImage, ...wholeRest } = whole;
      expect(rest, file.name).toEqual(wholeRest);
      expect({ ...image, pixelData: undefined }).toEqual({ ...wholeImage, pixelData: undefined });
      const pixels = wholeImage?.pixelData;
      expect(image?.pixelData.kind).toBe('deferred');
      if (image?.pixelData.kind === 'deferred' && pixels?.kind === 'native')
        expect(image.pixelData.byteLength).toBe(pixels.bytes.length);
    }
    expect(deferred).toBeGreaterThan(60);
  });

  it('declines a head that ends inside an element before Pixel Data', () => {
    const file = files[0] as { name: string; bytes: Uint8Array };
    const dataSet = dicomParser.parseDicom(file.bytes, { untilTag: 'x7fe00010' });
    const pixel = dataSet.elements.x7fe00010 as dicomParser.Element;
    // Cut inside the element just before Pixel Data (its value ends 12 bytes before the pixel bytes).
    const head = file.bytes.subarray(0, pixel.dataOffset - 14);
    expect(readDicomHeader(head, file.name, file.bytes.length, () => {})).toBeUndefined();
  });
});
