import type { Direction, Vec3, Volume } from './volume.ts';

/**
 * The transfer format of a volume over HTTP (schema tag `cxcr4pet-volume/1`): a small JSON
 * description (`meta.json`) and the raw voxels (`data.f32`: little-endian IEEE-754 float32, voxel
 * (i, j, k) at element `i + nx·(j + ny·k)`, exactly `Volume.data`). The server serves it from its
 * stored studies; the web viewer turns it back into a `Volume` and a Cornerstone volume. Raw floats
 * rather than NIfTI or DICOM because the browser needs no parser and the geometry is already the
 * `Volume`'s own (LPS, voxel centres) — nothing to convert, so nothing to get wrong.
 */
export const VOLUME_WIRE_SCHEMA = 'cxcr4pet-volume/1';

/** What the voxels are. */
export type WireModality = 'CT' | 'PT' | 'SEG';
/** The unit of the voxel values: Hounsfield units, body-weight SUV, or lesion labels (0 = none). */
export type WireUnit = 'HU' | 'SUVbw' | 'label';

export interface VolumeWireMeta {
  readonly schema: typeof VOLUME_WIRE_SCHEMA;
  readonly id: string;
  readonly modality: WireModality;
  readonly unit: WireUnit;
  readonly dims: Vec3;
  readonly spacingMm: Vec3;
  readonly originMm: Vec3;
  readonly direction: Direction;
  readonly dataType: 'float32';
  readonly byteOrder: 'little-endian';
  /** nx·ny·nz·4: what `data.f32` must hold. */
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

/** The meta.json of a volume. */
export function volumeWireMeta(
  volume: Volume,
  what: { readonly id: string; readonly modality: WireModality; readonly unit: WireUnit },
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
    dataType: 'float32',
    byteOrder: 'little-endian',
    byteLength: volume.data.length * 4,
  };
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The data.f32 bytes of a volume (a view of its data on little-endian hosts, a swapped copy otherwise). */
export function volumeWireBytes(volume: Volume): Uint8Array {
  const data = volume.data;
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let n = 0; n < data.length; n++) view.setFloat32(n * 4, data[n] as number, true);
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
  if (field(record, 'dataType', source) !== 'float32')
    throw new VolumeWireError(`${source}: field 'dataType' must be 'float32'`, 'dataType');
  if (field(record, 'byteOrder', source) !== 'little-endian')
    throw new VolumeWireError(`${source}: field 'byteOrder' must be 'little-endian'`, 'byteOrder');
  const byteLength = (dims[0] as number) * (dims[1] as number) * (dims[2] as number) * 4;
  if (field(record, 'byteLength', source) !== byteLength)
    throw new VolumeWireError(
      `${source}: field 'byteLength' must be nx·ny·nz·4 = ${byteLength}`,
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
    dataType: 'float32',
    byteOrder: 'little-endian',
    byteLength,
  };
}

/** The volume described by `meta` whose voxels are `bytes` (data.f32); `source` names the bytes in errors. */
export function volumeFromWire(meta: VolumeWireMeta, bytes: ArrayBuffer, source: string): Volume {
  if (bytes.byteLength !== meta.byteLength)
    throw new VolumeWireError(
      `${source}: holds ${bytes.byteLength} bytes, meta.json of '${meta.id}' says ${meta.byteLength}`,
      'byteLength',
    );
  let data: Float32Array;
  if (LITTLE_ENDIAN_HOST) data = new Float32Array(bytes);
  else {
    const view = new DataView(bytes);
    data = new Float32Array(bytes.byteLength / 4);
    for (let n = 0; n < data.length; n++) data[n] = view.getFloat32(n * 4, true);
  }
  return {
    dims: meta.dims,
    spacingMm: meta.spacingMm,
    originMm: meta.originMm,
    direction: meta.direction,
    data,
  };
}
