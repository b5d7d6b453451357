import { DicomError } from '../errors.ts';
import { commonSliceModules } from './common-modules.ts';
import { encodeDataset } from './encode.ts';
import type { CtSeriesInput, DicomFile } from './types.ts';
import { deriveUid } from './uid.ts';

/** CT Image Storage (PS3.4 B.5). */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** HU are stored as round(HU) + 1024 (RescaleIntercept -1024, slope 1), signed 16-bit. */
const CT_INTERCEPT = -1024;

/**
 * Encodes a CT volume in Hounsfield units as a CT Image Storage series, one file per slice
 * (PS3.3 A.3: the shared modules plus CT Image C.8.2.1 and VOI LUT). Files `CT-NNNN.dcm`,
 * numbered from the head down like the PET series. HU are rounded to integers.
 * @throws DicomError 'write-failed' for an input that cannot be encoded.
 */
export function writeCtSeries(input: CtSeriesInput): readonly DicomFile[] {
  const { hu, series } = input;
  const [nx, ny, nz] = hu.dims;
  if (hu.data.length !== nx * ny * nz)
    throw new DicomError(
      'write-failed',
      `cannot write CT series: PixelData has ${hu.data.length} values for ${nx}×${ny}×${nz}`,
      {
        attribute: 'PixelData',
      },
    );
  const size = nx * ny;
  const files: DicomFile[] = [];
  for (let k = 0; k < nz; k++) {
    const instanceNumber = nz - k;
    const name = `CT-${String(instanceNumber).padStart(4, '0')}.dcm`;
    const buffer = new ArrayBuffer(size * 2);
    const view = new DataView(buffer);
    for (let n = 0; n < size; n++) {
      const stored = Math.round((hu.data[k * size + n] as number) - CT_INTERCEPT);
      view.setInt16(n * 2, Math.max(-32768, Math.min(32767, stored)), true);
    }
    const dataset: Record<string, unknown> = {
      ...commonSliceModules({
        sopClassUid: CT_IMAGE_STORAGE,
        sopInstanceUid: deriveUid(series.seriesInstanceUid, 'instance', instanceNumber),
        modality: 'CT',
        patient: input.patient,
        study: input.study,
        series,
        grid: hu,
        k,
        instanceNumber,
      }),
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      KVP: '120',
      ConvolutionKernel: 'STANDARD',
      RescaleIntercept: String(CT_INTERCEPT),
      RescaleSlope: '1',
      RescaleType: 'HU',
      WindowCenter: '40',
      WindowWidth: '400',
      PixelData: [buffer],
      _vrMap: { PixelData: 'OW' },
    };
    files.push({ name, bytes: encodeDataset(name, dataset) });
  }
  return files;
}
