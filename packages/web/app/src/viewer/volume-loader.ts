import { cache, imageLoader, type Types, volumeLoader } from '@cornerstonejs/core';
import type { WireVoxels } from '@cxcr4pet/volume';
import { fetchVolume, type LoadedVolume, takePrefetched } from './volume-fetch.ts';

export { asFloatVolume, type LoadedVolume, type WireVolume } from './volume-fetch.ts';

/** Cornerstone volume ids of this app: `cxcr4pet:<volume id on the server>`. */
export const VOLUME_SCHEME = 'cxcr4pet';

export function cornerstoneVolumeId(volumeId: string): string {
  return `${VOLUME_SCHEME}:${volumeId}`;
}

const loaded = new Map<string, LoadedVolume>();

/** The voxels of a volume the loader has fetched (by Cornerstone id), or undefined. */
export function loadedVolume(cornerstoneId: string): LoadedVolume | undefined {
  return loaded.get(cornerstoneId);
}

/**
 * The Cornerstone image volume of a wire volume. Geometry goes over unchanged: Cornerstone's origin is
 * the centre of the first voxel in LPS mm and its direction the i, j, k unit vectors, as in `Volume`.
 * The voxels go as they came (float32 SUV, int16 HU, uint8 labels: no copy, no conversion); label
 * volumes that came as float32 (older data) become Uint8 (Uint16 above 255 labels), as Cornerstone's
 * labelmaps expect.
 */
export function toCornerstoneVolume(id: string, { meta, volume }: LoadedVolume): Types.IImageVolume {
  const [nx, ny] = volume.dims;
  const d = volume.direction;
  let scalarData: WireVoxels | Uint16Array = volume.data;
  if (meta.unit === 'label' && volume.data instanceof Float32Array) {
    let max = 0;
    for (const v of volume.data) if (v > max) max = v;
    scalarData = max > 255 ? Uint16Array.from(volume.data) : Uint8Array.from(volume.data);
  }
  return volumeLoader.createLocalVolume(id, {
    scalarData,
    dimensions: [...volume.dims] as Types.Point3,
    spacing: [...volume.spacingMm] as Types.Point3,
    origin: [...volume.originMm] as Types.Point3,
    direction: [...d] as Types.Mat3,
    preventCache: true,
    metadata: {
      BitsAllocated: scalarData.BYTES_PER_ELEMENT * 8,
      BitsStored: scalarData.BYTES_PER_ELEMENT * 8,
      SamplesPerPixel: 1,
      HighBit: scalarData.BYTES_PER_ELEMENT * 8 - 1,
      PhotometricInterpretation: 'MONOCHROME2',
      PixelRepresentation: scalarData instanceof Uint8Array || scalarData instanceof Uint16Array ? 0 : 1,
      Modality: meta.modality,
      ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]],
      PixelSpacing: [volume.spacingMm[1], volume.spacingMm[0]],
      // One patient frame per viewer: all volumes of a study are placed by their LPS geometry.
      FrameOfReferenceUID: 'cxcr4pet',
      Columns: nx,
      Rows: ny,
      voiLut: [],
      VOILUTFunction: 'LINEAR',
    },
  });
}

/**
 * Registers the `cxcr4pet:` scheme: `volumeLoader.loadVolume('cxcr4pet:<id>')` fetches the volume
 * from `baseUrl` and caches it like any Cornerstone volume.
 */
export function registerVolumeLoader(baseUrl: string): void {
  volumeLoader.registerVolumeLoader(VOLUME_SCHEME, (id: string) => {
    const volumeId = id.slice(VOLUME_SCHEME.length + 1);
    const start = performance.now();
    const promise = (takePrefetched(baseUrl, volumeId) ?? fetchVolume(baseUrl, volumeId)).then((result) => {
      const fetched = performance.now();
      performance.measure(`cxcr4pet fetch ${volumeId}`, { start, end: fetched });
      performance.measure(`cxcr4pet page open → fetch ${volumeId} started`, { start: 0, end: start });
      loaded.set(id, result);
      const volume = toCornerstoneVolume(id, result);
      performance.measure(`cxcr4pet to Cornerstone ${volumeId}`, { start: fetched, end: performance.now() });
      return volume;
    });
    return { promise };
  });
  // The volume's slices are local images cached under `cxcr4pet:<id>_slice_<k>`; Cornerstone asks the
  // image loader of that scheme for them (e.g. for a default VOI), so it hands back the cached ones.
  imageLoader.registerImageLoader(VOLUME_SCHEME, (imageId: string) => {
    const image = cache.getImage(imageId);
    return {
      promise:
        image === undefined ? Promise.reject(new Error(`${imageId} is not loaded`)) : Promise.resolve(image),
    };
  });
}

/** Drops a study's volumes (and their slice images) from Cornerstone's cache and the sampling map. */
export function releaseVolumes(ids: readonly string[]): void {
  for (const id of ids) {
    loaded.delete(id);
    const imageIds = cache.getVolume(id)?.imageIds ?? [];
    cache.removeVolumeLoadObject(id);
    for (const imageId of imageIds) cache.removeImageLoadObject(imageId, { force: true });
  }
}
