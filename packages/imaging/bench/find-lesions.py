"""The same lesion pipeline as find-lesions.bench.ts in numpy + scipy.ndimage, for the speed comparison
and as an independent cross-check of the lesion figures. Usage: find-lesions.py <raw float32> nx ny nz
sx sy sz liver_x liver_y liver_z factor. Prints one JSON object (times in ms, lesion figures)."""
import json
import sys
import time

import numpy as np
from scipy import ndimage

path, *rest = sys.argv[1:]
nx, ny, nz = (int(v) for v in rest[0:3])
sx, sy, sz, lx, ly, lz, factor = (float(v) for v in rest[3:10])
raw = np.fromfile(path, dtype=np.float32).reshape(nz, ny, nx)
times = {}


def timed(name, fn):
    t0 = time.perf_counter()
    out = fn()
    times[name] = (time.perf_counter() - t0) * 1000
    return out


def sphere_kernel(radius):
    ri, rj, rk = int(radius // sx), int(radius // sy), int(radius // sz)
    k, j, i = np.ogrid[-rk:rk + 1, -rj:rj + 1, -ri:ri + 1]
    return ((i * sx) ** 2 + (j * sy) ** 2 + (k * sz) ** 2 <= radius * radius * (1 + 1e-9)), (rk, rj, ri)


timed('onePass', lambda: float(raw.sum(dtype=np.float64)))
start = time.perf_counter()
suv = timed('suv', lambda: raw * np.float32(factor))


def percist():
    kernel, (rk, rj, ri) = sphere_kernel(15.0)
    ci, cj, ck = round(lx / sx), round(ly / sy), round(lz / sz)
    block = suv[ck - rk:ck + rk + 1, cj - rj:cj + rj + 1, ci - ri:ci + ri + 1][kernel].astype(np.float64)
    return 1.5 * block.mean() + 2 * block.std(ddof=1)


threshold = timed('percist', percist)
labels, count = timed('label', lambda: ndimage.label(suv >= threshold, structure=np.ones((3, 3, 3))))


def peak_at(k, j, i, kernel, reach):
    """Mean over the sphere voxels inside the volume, centred on voxel (k, j, i)."""
    rk, rj, ri = reach
    k0, j0, i0 = max(k - rk, 0), max(j - rj, 0), max(i - ri, 0)
    block = suv[k0:k + rk + 1, j0:j + rj + 1, i0:i + ri + 1]
    inside = kernel[k0 - (k - rk):k0 - (k - rk) + block.shape[0],
                    j0 - (j - rj):j0 - (j - rj) + block.shape[1],
                    i0 - (i - ri):i0 - (i - ri) + block.shape[2]]
    return float(block[inside].astype(np.float64).mean())


def measure():
    # Per-lesion work on each lesion's bounding box (find_objects): scipy's labelled reductions
    # (ndimage.maximum_position & co. with an index) sort the whole volume and are far slower.
    kernel, reach = sphere_kernel(10 * (3 / (4 * np.pi)) ** (1 / 3))
    sizes, means, maxima, peaks = [], [], [], []
    for label, box in enumerate(ndimage.find_objects(labels), start=1):
        inside = labels[box] == label
        values = suv[box][inside].astype(np.float64)
        sizes.append(values.size)
        means.append(values.mean())
        maxima.append(values.max())
        where = np.argwhere(inside)[values.argmax()]
        k, j, i = (int(where[a] + box[a].start) for a in range(3))
        peaks.append(peak_at(k, j, i, kernel, reach))
    return np.asarray(sizes), np.asarray(means), np.asarray(maxima), peaks


sizes, means, maxima, peaks = timed('measure', measure)
times['pipeline'] = (time.perf_counter() - start) * 1000
voxel_ml = sx * sy * sz / 1000
print(json.dumps({
    'times': times,
    'thresholdSuv': float(threshold),
    'lesionCount': int(count),
    'totalVolumeMl': float(sizes.sum() * voxel_ml),
    'totalLesionUptake': float((np.asarray(means) * np.asarray(sizes) * voxel_ml).sum()),
    'maxSuvMax': float(np.max(maxima)),
}))
