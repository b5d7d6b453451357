import type { Direction, Vec3, Volume } from './volume.ts';

/**
 * The transfer format of a volume over HTTP (schema tag `cxcr4pet-volume/1`): a small JSON
 * description (`meta.json`) and the raw voxels, voxel (i, j, k) at element `i + nx·(j + ny·k)`,
 * little-endian, in the narrowest of three types that holds every value exactly (`dataType`, and the
 * file named after it): `data.f32` IEEE-754 float32 (SUV), `data.i16` int16 (HU: whole numbers),
 * `data.u8` uint8 (lesion labels up to 255). The server serves it from its stored studies; the web
 * viewer hands the voxels to Cornerstone as they are. Raw numbers rather than NIfTI or DICOM because
 * the browser needs no parser and the geometry is already the `Volume`'s own (LPS, voxel centres).
 */
export const VOLUME_WIRE_SCHEMA = 'cxcr4pet-volume/1';

/** What the voxels are. */
export type WireModality = 'CT' | 'PT' | 'SEG';
/** The unit of the voxel values: Hounsfield units, body-weight SUV, or lesion labels (0 = none). */
export type WireUnit = 'HU' | 'SUVbw' | 'label';

/** How the voxels are stored: the file `data.f32`, `data.i16` or `data.u8`. */
export type WireDataType = 'float32' | 'int16' | 'uint8';

const BYTES_PER_VOXEL: Readonly<Record<WireDataType, number>> = { float32: 4, int16: 2, uint8: 1 };
const FILE_NAMES: Readonly<Record<WireDataType, string>> = {
  float32: 'data.f32',
  int16: 'data.i16',
  uint8: 'data.u8',
};
const DATA_TYPES = Object.keys(BYTES_PER_VOXEL) as WireDataType[];

/** The voxels of a wire volume as the browser keeps them (no conversion from the bytes). */
export type WireVoxels = Float32Array | Int16Array | Uint8Array;

export interface VolumeWireMeta {
  readonly schema: typeof VOLUME_WIRE_SCHEMA;
  readonly id: string;
  readonly modality: WireModality;
  readonly unit: WireUnit;
  readonly dims: Vec3;
  readonly spacingMm: Vec3;
  readonly originMm: Vec3;
  readonly direction: Direction;
  readonly dataType: WireDataType;
  readonly byteOrder: 'little-endian';
  /** nx·ny·nz × 4, 2 or 1 bytes (by `dataType`): what the data file must hold. */
  readonly byteLength: number;
}

/** Bad meta.json or data.f32; the message names the source (URL or file) and the field. */
export class VolumeWireError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.name = 'VolumeWireError';
    this.field = field;
  }
}

const MODALITIES: readonly WireModality[] = ['CT', 'PT', 'SEG'];
const UNITS: readonly WireUnit[] = ['HU', 'SUVbw', 'label'];

/** The file holding the voxels of a wire volume (beside its meta.json). */
export function wireFileName(meta: Pick<VolumeWireMeta, 'dataType'>): string {
  return FILE_NAMES[meta.dataType];
}

/**
 * The narrowest type that holds every voxel exactly: uint8 for labels 0–255, int16 for whole HU in
 * −32768…32767, float32 otherwise (SUV always: its values are not whole numbers).
 */
export function wireDataTypeFor(volume: Volume, unit: WireUnit): WireDataType {
  if (unit === 'SUVbw') return 'float32';
  const [low, high] = unit === 'label' ? [0, 255] : [-32768, 32767];
  const data = volume.data;
  for (let n = 0; n < data.length; n++) {
    const v = data[n] as number;
    if (!(v >= low && v <= high && Math.trunc(v) === v)) return 'float32';
  }
  return unit === 'label' ? 'uint8' : 'int16';
}

/** The meta.json of a volume; the data type is the narrowest exact one unless given. */
export function volumeWireMeta(
  volume: Volume,
  what: { readonly id: string; readonly modality: WireModality; readonly unit: WireUnit },
  dataType: WireDataType = wireDataTypeFor(volume, what.unit),
): VolumeWireMeta {
  return {
    schema: VOLUME_WIRE_SCHEMA,
    id: what.id,
    modality: what.modality,
    unit: what.unit,
    dims: volume.dims,
    spacingMm: volume.spacingMm,
    originMm: volume.originMm,
    direction: volume.direction,
    dataType,
    byteOrder: 'little-endian',
    byteLength: volume.data.length * BYTES_PER_VOXEL[dataType],
  };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The data file's bytes of a volume in `dataType` (default float32; a float32 view of the data on
 * little-endian hosts, otherwise a copy). The caller has chosen a type that holds the values
 * (`wireDataTypeFor`); int16 and uint8 take them as whole numbers.
 */
export function volumeWireBytes(volume: Volume, dataType: WireDataType = 'float32'): Uint8Array {
  const data = volume.data;
  if (dataType === 'uint8') return Uint8Array.from(data);
  if (LITTLE_ENDIAN_HOST) {
    const typed = dataType === 'int16' ? Int16Array.from(data) : data;
    return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  }
  const bytes = new Uint8Array(data.length * BYTES_PER_VOXEL[dataType]);
  const view = new DataView(bytes.buffer);
  for (let n = 0; n < data.length; n++)
    if (dataType === 'int16') view.setInt16(n * 2, data[n] as number, true);
    else view.setFloat32(n * 4, data[n] as number, true);
  return bytes;
}

function field(json: Record<string, unknown>, name: string, source: string): unknown {
  if (!(name in json)) throw new VolumeWireError(`${source}: field '${name}' is missing`, name);
  return json[name];
}

function numbers(value: unknown, count: number, name: string, source: string, positive: boolean): number[] {
  const ok =
    Array.isArray(value) &&
    value.length === count &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
  if (!ok) {
    const what = positive ? 'positive numbers' : 'finite numbers';
    throw new VolumeWireError(`${source}: field '${name}' must be ${count} ${what}`, name);
  }
  return value as number[];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, source: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new VolumeWireError(`${source}: field '${name}' must be one of ${allowed.join(', ')}`, name);
  return value as T;
}

/** Checks a parsed meta.json (`source` names it in errors) and returns it typed. */
export function parseVolumeWireMeta(json: unknown, source: string): VolumeWireMeta {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new VolumeWireError(`${source}: not a JSON object`);
  const record = json as Record<string, unknown>;
  if (field(record, 'schema', source) !== VOLUME_WIRE_SCHEMA)
    throw new VolumeWireError(`${source}: field 'schema' must be '${VOLUME_WIRE_SCHEMA}'`, 'schema');
  const id = field(record, 'id', source);
  if (typeof id !== 'string' || id === '')
    throw new VolumeWireError(`${source}: field 'id' must be a non-empty string`, 'id');
  const dims = numbers(field(record, 'dims', source), 3, 'dims', source, true);
  if (!dims.every(Number.isInteger))
    throw new VolumeWireError(`${source}: field 'dims' must be integers`, 'dims');
  const spacingMm = numbers(field(record, 'spacingMm', source), 3, 'spacingMm', source, true);
  const originMm = numbers(field(record, 'originMm', source), 3, 'originMm', source, false);
  const direction = numbers(field(record, 'direction', source), 9, 'direction', source, false);
  for (let axis = 0; axis < 3; axis++) {
    const [x, y, z] = direction.slice(axis * 3, axis * 3 + 3) as [number, number, number];
    if (Math.abs(Math.hypot(x, y, z) - 1) > 1e-4)
      throw new VolumeWireError(
        `${source}: field 'direction' axis ${'ijk'[axis]} is not a unit vector`,
        'direction',
      );
  }
  const dataType = oneOf(field(record, 'dataType', source), DATA_TYPES, 'dataType', source);
  if (field(record, 'byteOrder', source) !== 'little-endian')
    throw new VolumeWireError(`${source}: field 'byteOrder' must be 'little-endian'`, 'byteOrder');
  const size = BYTES_PER_VOXEL[dataType];
  const byteLength = (dims[0] as number) * (dims[1] as number) * (dims[2] as number) * size;
  if (field(record, 'byteLength', source) !== byteLength)
    throw new VolumeWireError(
      `${source}: field 'byteLength' must be nx·ny·nz·${size} = ${byteLength} for ${dataType}`,
      'byteLength',
    );
  return {
    schema: VOLUME_WIRE_SCHEMA,
    id,
    modality: oneOf(field(record, 'modality', source), MODALITIES, 'modality', source),
    unit: oneOf(field(record, 'unit', source), UNITS, 'unit', source),
    dims: dims as unknown as Vec3,
    spacingMm: spacingMm as unknown as Vec3,
    originMm: originMm as unknown as Vec3,
    direction: direction as unknown as Direction,
    dataType,
    byteOrder: 'little-endian',
    byteLength,
  };
}

/**
 * The voxels in `bytes` (the data file of `meta`) in their wire type, without conversion (a view of the
 * bytes on little-endian hosts); `source` names the bytes in errors.
 */
export function wireVoxels(meta: VolumeWireMeta, bytes: ArrayBuffer, source: string): WireVoxels {
  if (bytes.byteLength !== meta.byteLength)
    throw new VolumeWireError(
      `${source}: holds ${bytes.byteLength} bytes, meta.json of '${meta.id}' says ${meta.byteLength}`,
      'byteLength',
    );
  if (meta.dataType === 'uint8') return new Uint8Array(bytes);
  if (LITTLE_ENDIAN_HOST) return meta.dataType === 'int16' ? new Int16Array(bytes) : new Float32Array(bytes);
  const view = new DataView(bytes);
  if (meta.dataType === 'int16')
    return Int16Array.from({ length: bytes.byteLength / 2 }, (_, n) => view.getInt16(n * 2, true));
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, n) => view.getFloat32(n * 4, true));
}

/** The volume described by `meta` whose voxels are `bytes` (its data file), as float32; `source` names the bytes in errors. */
export function volumeFromWire(meta: VolumeWireMeta, bytes: ArrayBuffer, source: string): Volume {
  const voxels = wireVoxels(meta, bytes, source);
  const data = voxels instanceof Float32Array ? voxels : Float32Array.from(voxels);
  return {
    dims: meta.dims,
    spacingMm: meta.spacingMm,
    originMm: meta.originMm,
    direction: meta.direction,
    data,
  };
}
