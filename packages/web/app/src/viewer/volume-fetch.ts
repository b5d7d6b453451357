import {
  type Grid,
  parseVolumeWireMeta,
  type Volume,
  type VolumeWireMeta,
  type WireVoxels,
  wireFileName,
  wireVoxels,
} from '@cxcr4pet/volume';
import { fetchBytesOnce, fetchJsonOnce } from './early-fetch.ts';

// Fetching the viewer's volumes, without Cornerstone: the app shell starts these downloads as soon as it
// has read a study's viewer.json, while the viewer's code (Cornerstone, vtk.js) is still loading.

/** Voxels on a grid in their wire type (float32 SUV, int16 HU, uint8 labels): what the app samples. */
export type WireVolume = Grid & { readonly data: WireVoxels };

/** A loaded volume: its wire description and voxels, kept for sampling values under the cursor. */
export interface LoadedVolume {
  readonly meta: VolumeWireMeta;
  readonly volume: WireVolume;
}

/** A loaded volume as a float32 `Volume` (the PET, for the imaging room): its own voxels when float32. */
export function asFloatVolume({ volume }: LoadedVolume): Volume {
  const data = volume.data instanceof Float32Array ? volume.data : Float32Array.from(volume.data);
  return {
    dims: volume.dims,
    spacingMm: volume.spacingMm,
    originMm: volume.originMm,
    direction: volume.direction,
    data,
  };
}

/** Fetches `/volumes/<id>/meta.json` and its data file (`data.f32`, `.i16` or `.u8`; format `cxcr4pet-volume/1`). */
export async function fetchVolume(baseUrl: string, volumeId: string): Promise<LoadedVolume> {
  const folder = `${baseUrl}/volumes/${encodeURIComponent(volumeId)}`;
  const metaUrl = `${folder}/meta.json`;
  const meta = parseVolumeWireMeta(await fetchJsonOnce(metaUrl), metaUrl);
  const dataUrl = `${folder}/${wireFileName(meta)}`;
  const data = wireVoxels(meta, await fetchBytesOnce(dataUrl), dataUrl);
  const { dims, spacingMm, originMm, direction } = meta;
  return { meta, volume: { dims, spacingMm, originMm, direction, data } };
}

const prefetched = new Map<string, Promise<LoadedVolume>>();

/**
 * Starts downloading volumes now (the app shell, before the viewer's code has loaded); the Cornerstone
 * loader takes them over with `takePrefetched`. A failure stays in the promise and surfaces there.
 */
export function prefetchVolumes(baseUrl: string, volumeIds: readonly string[]): void {
  for (const id of volumeIds) {
    const key = `${baseUrl} ${id}`;
    if (prefetched.has(key)) continue;
    const promise = fetchVolume(baseUrl, id).then((loaded) => {
      performance.measure(`cxcr4pet page open → ${id} downloaded`, { start: 0, end: performance.now() });
      return loaded;
    });
    promise.catch(() => undefined); // handled by whoever takes it
    prefetched.set(key, promise);
  }
}

/** The download `prefetchVolumes` started for this volume (once: a later load fetches afresh), or undefined. */
export function takePrefetched(baseUrl: string, volumeId: string): Promise<LoadedVolume> | undefined {
  const key = `${baseUrl} ${volumeId}`;
  const promise = prefetched.get(key);
  prefetched.delete(key);
  return promise;
}
