#!/usr/bin/python3
"""Baseline for the read benchmark: pydicom + numpy doing what cxcr4pet's reader does.

Reads every file of a PET series folder, sorts slices by position along the slice normal, applies each
slice's RescaleSlope/Intercept into a float32 volume and multiplies by the body-weight SUV factor
(decay of the injected dose from injection to series time, BQML, DecayCorrection START).
Prints one JSON line: {"seconds": <read+SUV wall time inside Python, checksum excluded>, "cpuSeconds": <CPU time of
the same, all threads>, "sum": <checksum of the SUV volume>}.
Run with Debian's python3 (python3-pydicom, python3-numpy).
"""
import json
import os
import sys
import time
from datetime import datetime

import numpy as np
import pydicom


def dt(date, tm):
    tm = tm.split(".")[0].ljust(6, "0")
    return datetime.strptime(date + tm, "%Y%m%d%H%M%S")


def main(folder):
    t0 = time.perf_counter()
    c0 = time.process_time()
    paths = []
    for root, _dirs, files in os.walk(folder):
        for f in files:
            paths.append(os.path.join(root, f))
    datasets = [pydicom.dcmread(p) for p in paths]
    iop = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    rows, cols = datasets[0].Rows, datasets[0].Columns
    vol = np.empty((len(datasets), rows, cols), dtype=np.float32)
    for k, d in enumerate(datasets):
        vol[k] = d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept)
    first = datasets[0]
    rp = first.RadiopharmaceuticalInformationSequence[0]
    dose = float(rp.RadionuclideTotalDose)
    half_life = float(rp.RadionuclideHalfLife)
    inj = datetime.strptime(rp.RadiopharmaceuticalStartDateTime.split(".")[0], "%Y%m%d%H%M%S")
    ser = dt(first.SeriesDate, first.SeriesTime)
    decayed = dose * 2 ** (-(ser - inj).total_seconds() / half_life)
    factor = float(first.PatientWeight) * 1000.0 / decayed
    suv = vol * np.float32(factor)
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    # The checksum is summed after the clock stops, as in read-suv.bench.ts.
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "sum": float(suv.sum(dtype=np.float64)), "slices": len(datasets)}))


if __name__ == "__main__":
    main(sys.argv[1])
