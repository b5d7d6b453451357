// A small read-only NIfTI-1 reader. Hand-written because the npm NIfTI readers (nifti-reader-js) return
// untyped header objects and leave the voxel-to-LPS geometry, scaling and type conversion to the caller,
// which is most of the work; this file does exactly that and nothing else. gzip via fflate.
import type { Direction, Vec3, Volume } from '@cxcr4pet/volume';
import { gunzipSync } from 'fflate';
import { DicomError } from '../errors.ts';

const NIFTI1_HEADER_BYTES = 348;

/** Reads voxel n of a given NIfTI datatype from a DataView. */
type Reader = (view: DataView, byteOffset: number, littleEndian: boolean) => number;

const DATATYPES: ReadonlyMap<number, { name: string; bytes: number; read: Reader }> = new Map([
  [2, { name: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o) }],
  [256, { name: 'int8', bytes: 1, read: (v, o) => v.getInt8(o) }],
  [4, { name: 'int16', bytes: 2, read: (v, o, le) => v.getInt16(o, le) }],
  [512, { name: 'uint16', bytes: 2, read: (v, o, le) => v.getUint16(o, le) }],
  [8, { name: 'int32', bytes: 4, read: (v, o, le) => v.getInt32(o, le) }],
  [768, { name: 'uint32', bytes: 4, read: (v, o, le) => v.getUint32(o, le) }],
  [16, { name: 'float32', bytes: 4, read: (v, o, le) => v.getFloat32(o, le) }],
  [64, { name: 'float64', bytes: 8, read: (v, o, le) => v.getFloat64(o, le) }],
]);

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Columns (i, j, k) of the voxel-to-RAS matrix and the RAS position of voxel (0,0,0), in header units. */
interface RasAffine {
  readonly columns: readonly [Vec3, Vec3, Vec3];
  readonly originRas: Vec3;
  readonly source: 'sform' | 'qform' | 'pixdim';
}

/** −0 (from negating a RAS zero) printed as "-0" in JSON-like output would only confuse. */
function noNegativeZero(value: number): number {
  return value === 0 ? 0 : value;
}

function norm(v: Vec3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** True when the three columns are non-zero and mutually orthogonal (relative tolerance 1e-4). */
function isOrthogonal(columns: readonly [Vec3, Vec3, Vec3]): boolean {
  const [a, b, c] = columns;
  const na = norm(a);
  const nb = norm(b);
  const nc = norm(c);
  if (!(na > 0 && nb > 0 && nc > 0)) return false;
  const tol = 1e-4;
  return (
    Math.abs(dot(a, b)) <= tol * na * nb &&
    Math.abs(dot(a, c)) <= tol * na * nc &&
    Math.abs(dot(b, c)) <= tol * nb * nc
  );
}

function sformAffine(view: DataView, le: boolean): RasAffine {
  const row = (offset: number): [number, number, number, number] => [
    view.getFloat32(offset, le),
    view.getFloat32(offset + 4, le),
    view.getFloat32(offset + 8, le),
    view.getFloat32(offset + 12, le),
  ];
  const x = row(280);
  const y = row(296);
  const z = row(312);
  return {
    columns: [
      [x[0], y[0], z[0]],
      [x[1], y[1], z[1]],
      [x[2], y[2], z[2]],
    ],
    originRas: [x[3], y[3], z[3]],
    source: 'sform',
  };
}

function qformAffine(view: DataView, le: boolean, pixdim: readonly number[]): RasAffine {
  const b = view.getFloat32(256, le);
  const c = view.getFloat32(260, le);
  const d = view.getFloat32(264, le);
  const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
  const qfac = (pixdim[0] ?? 1) < 0 ? -1 : 1;
  const [si = 1, sj = 1, sk = 1] = pixdim.slice(1, 4).map(Math.abs);
  // Rotation matrix of the unit quaternion (a, b, c, d), NIfTI-1 header comments, method 2.
  const r: readonly [Vec3, Vec3, Vec3] = [
    [a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c)],
    [2 * (b * c - a * d), a * a + c * c - b * b - d * d, 2 * (c * d + a * b)],
    [2 * (b * d + a * c), 2 * (c * d - a * b), a * a + d * d - b * b - c * c],
  ];
  return {
    columns: [
      [r[0][0] * si, r[0][1] * si, r[0][2] * si],
      [r[1][0] * sj, r[1][1] * sj, r[1][2] * sj],
      [r[2][0] * sk * qfac, r[2][1] * sk * qfac, r[2][2] * sk * qfac],
    ],
    originRas: [view.getFloat32(268, le), view.getFloat32(272, le), view.getFloat32(276, le)],
    source: 'qform',
  };
}

/**
 * Reads a NIfTI-1 file (`.nii` or `.nii.gz`, bytes as read from disk) into a `Volume` in patient LPS.
 * - Geometry: the sform when sform_code > 0 and it has no shear, else the qform when qform_code > 0,
 *   else pixdim alone (NIfTI "method 1"); NIfTI's RAS+ world is turned into LPS by negating x and y.
 *   Spatial units from xyzt_units (m, mm, µm; unknown taken as mm).
 * - Values: any of uint8/int8/int16/uint16/int32/uint32/float32/float64, converted to float32, with
 *   scl_slope/scl_inter applied when scl_slope is non-zero.
 * - Shape: 3-D, or 4-D/5-D with every extra dimension of size 1.
 * Throws `DicomError` ('truncated' or 'invalid-attribute', naming `fileName` and the header field).
 * @see NIfTI-1 header, https://nifti.nimh.nih.gov/nifti-1 (nifti1.h)
 */
export function readNifti(input: Uint8Array, fileName: string): Volume {
  let bytes = input;
  if (isGzip(input)) {
    try {
      bytes = gunzipSync(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DicomError('truncated', `${fileName}: the gzip stream cannot be decompressed (${reason}).`, {
        file: fileName,
      });
    }
  }
  const invalid = (attribute: string, reason: string): never => {
    throw new DicomError('invalid-attribute', `${fileName}: NIfTI ${attribute} ${reason}.`, {
      file: fileName,
      attribute,
    });
  };
  if (bytes.length < NIFTI1_HEADER_BYTES) {
    throw new DicomError(
      'truncated',
      `${fileName}: ${bytes.length} bytes is shorter than a NIfTI-1 header (348 bytes).`,
      { file: fileName },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLe = view.getInt32(0, true);
  const sizeBe = view.getInt32(0, false);
  if (sizeLe === 540 || sizeBe === 540) invalid('sizeof_hdr', 'is 540: NIfTI-2 files are not supported');
  if (sizeLe !== NIFTI1_HEADER_BYTES && sizeBe !== NIFTI1_HEADER_BYTES) {
    invalid('sizeof_hdr', `is ${sizeLe}, not 348: this is not a NIfTI-1 file`);
  }
  const le = sizeLe === NIFTI1_HEADER_BYTES;
  const magic = String.fromCharCode(...bytes.subarray(344, 347));
  if (magic === 'ni1') invalid('magic', "is 'ni1': header/image pairs (.hdr/.img) are not supported");
  if (magic !== 'n+1') invalid('magic', `is '${magic}', not 'n+1'`);

  const dim = Array.from({ length: 8 }, (_, n) => view.getInt16(40 + 2 * n, le));
  const rank = dim[0] ?? 0;
  if (rank < 1 || rank > 7) invalid('dim[0]', `is ${rank}, not 1..7`);
  const size = (n: number): number => (n <= rank ? (dim[n] ?? 0) : 1);
  for (let n = 1; n <= rank; n++) {
    if (size(n) < 1) invalid(`dim[${n}]`, `is ${size(n)}`);
    if (n > 3 && size(n) !== 1) invalid(`dim[${n}]`, `is ${size(n)}: only 3-D volumes are supported`);
  }
  const dims: Vec3 = [size(1), size(2), size(3)];
  const voxels = dims[0] * dims[1] * dims[2];

  const datatypeCode = view.getInt16(70, le);
  const datatype = DATATYPES.get(datatypeCode);
  if (!datatype) return invalid('datatype', `${datatypeCode} is not a supported scalar type`);
  const voxOffset = Math.floor(view.getFloat32(108, le));
  if (!(voxOffset >= NIFTI1_HEADER_BYTES)) invalid('vox_offset', `is ${voxOffset}, below 348`);
  const needed = voxOffset + voxels * datatype.bytes;
  if (bytes.length < needed) {
    throw new DicomError(
      'truncated',
      `${fileName}: the NIfTI image data needs ${needed} bytes but the file has ${bytes.length}.`,
      { file: fileName },
    );
  }

  const pixdim = Array.from({ length: 8 }, (_, n) => view.getFloat32(76 + 4 * n, le));
  const unitCode = (bytes[123] ?? 0) & 0x07;
  const unitMm = unitCode === 1 ? 1000 : unitCode === 3 ? 0.001 : 1;
  const qformCode = view.getInt16(252, le);
  const sformCode = view.getInt16(254, le);
  const candidates: RasAffine[] = [];
  if (sformCode > 0) candidates.push(sformAffine(view, le));
  if (qformCode > 0) candidates.push(qformAffine(view, le, pixdim));
  const affine = candidates.find((a) => isOrthogonal(a.columns)) ?? {
    columns: [
      [pixdim[1] ?? 1, 0, 0],
      [0, pixdim[2] ?? 1, 0],
      [0, 0, pixdim[3] ?? 1],
    ],
    originRas: [0, 0, 0],
    source: 'pixdim' as const,
  };
  if (candidates.length > 0 && affine.source === 'pixdim') {
    invalid('srow/quatern', 'give a sheared or degenerate voxel-to-world matrix');
  }
  if (!isOrthogonal(affine.columns)) invalid('pixdim', 'holds a zero or negative voxel size');

  const [ci, cj, ck] = affine.columns;
  const spacingMm: Vec3 = [norm(ci) * unitMm, norm(cj) * unitMm, norm(ck) * unitMm];
  // RAS → LPS: negate x and y of each unit column.
  const [li, lj, lk] = [ci, cj, ck].map(
    (c): Vec3 => [
      noNegativeZero(-c[0] / norm(c)),
      noNegativeZero(-c[1] / norm(c)),
      noNegativeZero(c[2] / norm(c)),
    ],
  );
  if (!li || !lj || !lk) return invalid('srow/quatern', 'cannot be read');
  const direction: Direction = [li[0], li[1], li[2], lj[0], lj[1], lj[2], lk[0], lk[1], lk[2]];
  const originMm: Vec3 = [
    -affine.originRas[0] * unitMm,
    -affine.originRas[1] * unitMm,
    affine.originRas[2] * unitMm,
  ];

  const slope = view.getFloat32(112, le);
  const intercept = view.getFloat32(116, le);
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && intercept === 0);
  const data = new Float32Array(voxels);
  const { read, bytes: step } = datatype;
  for (let n = 0, offset = voxOffset; n < voxels; n++, offset += step) {
    const raw = read(view, offset, le);
    data[n] = scaled ? raw * slope + intercept : raw;
  }
  return { dims, spacingMm, originMm, direction, data };
}
