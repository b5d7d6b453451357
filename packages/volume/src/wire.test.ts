import { describe, expect, it } from 'vitest';
import type { Volume } from './volume.ts';
import {
  parseVolumeWireMeta,
  volumeFromWire,
  volumeWireBytes,
  volumeWireMeta,
  wireDataTypeFor,
  wireFileName,
  wireVoxels,
} from './wire.ts';

const volume: Volume = {
  dims: [3, 2, 2],
  spacingMm: [2, 3, 5],
  originMm: [-10, 20.5, 30],
  direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],
  data: Float32Array.from({ length: 12 }, (_, n) => n * 1.5 - 4),
};

function metaJson(overrides: Record<string, unknown> = {}): unknown {
  const meta = JSON.parse(
    JSON.stringify(volumeWireMeta(volume, { id: 'pet', modality: 'PT', unit: 'SUVbw' })),
  );
  return { ...meta, ...overrides };
}

describe('volume wire format', () => {
  it('round-trips a volume through meta.json and data.f32 bytes', () => {
    const meta = parseVolumeWireMeta(metaJson(), 'meta.json');
    const bytes = volumeWireBytes(volume);
    expect(bytes.byteLength).toBe(48);
    // Little-endian float32 by definition, whatever the host: element 1 is -2.5 = 0xC0200000.
    expect([...bytes.subarray(4, 8)]).toEqual([0x00, 0x00, 0x20, 0xc0]);
    const copy = bytes.slice().buffer;
    const back = volumeFromWire(meta, copy, 'data.f32');
    expect([...back.data]).toEqual([...volume.data]);
    expect(back.dims).toEqual(volume.dims);
    expect(back.originMm).toEqual(volume.originMm);
    expect(back.direction).toEqual(volume.direction);
  });

  it('sends whole HU as int16 and labels as uint8, exactly, and anything else as float32', () => {
    const ct: Volume = {
      ...volume,
      data: Float32Array.from([-1024, -1000, 0, 20, 55, 3071, 1, 2, 3, 4, 5, 6]),
    };
    const meta = volumeWireMeta(ct, { id: 'ct', modality: 'CT', unit: 'HU' });
    expect([meta.dataType, meta.byteLength, wireFileName(meta)]).toEqual(['int16', 24, 'data.i16']);
    const bytes = volumeWireBytes(ct, meta.dataType);
    // Little-endian int16 whatever the host: −1000 is 0xFC18.
    expect([...bytes.subarray(2, 4)]).toEqual([0x18, 0xfc]);
    const parsed = parseVolumeWireMeta(JSON.parse(JSON.stringify(meta)), 'meta.json');
    const voxels = wireVoxels(parsed, bytes.slice().buffer, 'data.i16');
    expect(voxels).toBeInstanceOf(Int16Array);
    expect([...voxels]).toEqual([...ct.data]);
    expect([...volumeFromWire(parsed, bytes.slice().buffer, 'data.i16').data]).toEqual([...ct.data]);

    const labels: Volume = { ...volume, data: Float32Array.from([0, 0, 1, 2, 255, 0, 0, 0, 0, 0, 0, 3]) };
    const labelMeta = volumeWireMeta(labels, { id: 'seg', modality: 'SEG', unit: 'label' });
    expect([labelMeta.dataType, labelMeta.byteLength, wireFileName(labelMeta)]).toEqual([
      'uint8',
      12,
      'data.u8',
    ]);
    expect([...wireVoxels(labelMeta, volumeWireBytes(labels, 'uint8').slice().buffer, 'u8')]).toEqual([
      ...labels.data,
    ]);

    // Not exact in the narrow type: float32 (a fractional HU, a label above 255, SUV always).
    expect(wireDataTypeFor({ ...ct, data: Float32Array.from([0.5]) }, 'HU')).toBe('float32');
    expect(wireDataTypeFor({ ...ct, data: Float32Array.from([40000]) }, 'HU')).toBe('float32');
    expect(wireDataTypeFor({ ...labels, data: Float32Array.from([256]) }, 'label')).toBe('float32');
    expect(wireDataTypeFor({ ...labels, data: Float32Array.from([1, 2]) }, 'SUVbw')).toBe('float32');
    expect(() => parseVolumeWireMeta({ ...JSON.parse(JSON.stringify(meta)), byteLength: 48 }, 'm')).toThrow(
      'nx·ny·nz·2 = 24 for int16',
    );
  });

  it('names the source and the field of bad meta.json', () => {
    expect(() => parseVolumeWireMeta(metaJson({ dims: [3, 2] }), '/volumes/pet/meta.json')).toThrow(
      "/volumes/pet/meta.json: field 'dims' must be 3 positive numbers",
    );
    expect(() => parseVolumeWireMeta(metaJson({ schema: 'other/1' }), 'm')).toThrow("field 'schema'");
    expect(() => parseVolumeWireMeta(metaJson({ unit: 'Bq/ml' }), 'm')).toThrow(
      "m: field 'unit' must be one of HU, SUVbw, label",
    );
    expect(() => parseVolumeWireMeta(metaJson({ direction: [2, 0, 0, 0, 1, 0, 0, 0, 1] }), 'm')).toThrow(
      'axis i is not a unit vector',
    );
    expect(() => parseVolumeWireMeta(metaJson({ byteLength: 47 }), 'm')).toThrow('nx·ny·nz·4 = 48');
    const { originMm: _, ...noOrigin } = metaJson() as Record<string, unknown>;
    expect(() => parseVolumeWireMeta(noOrigin, 'm')).toThrow("m: field 'originMm' is missing");
  });

  it('rejects data.f32 whose length disagrees with meta.json', () => {
    const meta = parseVolumeWireMeta(metaJson(), 'meta.json');
    expect(() => volumeFromWire(meta, new ArrayBuffer(44), '/volumes/pet/data.f32')).toThrow(
      "/volumes/pet/data.f32: holds 44 bytes, meta.json of 'pet' says 48",
    );
  });
});
