#!/usr/bin/env bash
# Set-up for the README's commands on a fresh Debian machine: installs the npm dependencies from the
# lock file and, with --test, the Debian tools the tests use (dicom3tools for dciodvfy, PostgreSQL's
# server binaries for the db contract suite, Chromium for the web viewer's browser tests and the report's
# PDF, poppler-utils and DejaVu fonts for the report's PDF test, Orthanc with its DICOMweb plugin and
# dcmtk for the PACS tests, R and python3-openpyxl for the export checks) and, with --bench, the
# baselines the benchmarks compare against in the same run (pydicom + numpy for read + SUV, scipy for
# the lesion pipeline, Orthanc with its DICOMweb plugin for the PACS import, R's survival package for
# the Cox benchmark). A --bench install that fails (no package source) is reported and the benchmarks
# run without those baselines. With --demo it builds the web app that the demo serves when it is not
# built yet.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--test" ]; then
  need=()
  command -v dciodvfy >/dev/null 2>&1 || need+=(dicom3tools)
  # The PACS tests start their own Orthanc with its DICOMweb plugin and push with dcmtk's storescu.
  command -v Orthanc >/dev/null 2>&1 || need+=(orthanc)
  ls /usr/share/orthanc/plugins/libOrthancDicomWeb.so* /usr/lib/orthanc/libOrthancDicomWeb.so* >/dev/null 2>&1 || need+=(orthanc-dicomweb)
  command -v storescu >/dev/null 2>&1 || need+=(dcmtk)
  # The db contract suite starts its own throwaway PostgreSQL cluster with initdb + pg_ctl.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ] || need+=(postgresql)
  # The web viewer's tests drive Debian's Chromium headless (WebGL2 through its SwiftShader); the report's
  # PDF is printed by it too (playwright-core, which downloads no browser).
  [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || need+=(chromium)
  # The report's PDF test reads the PDF back with poppler-utils (pdfinfo, pdftoppm); text needs a font.
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
  # The export tests load the CSVs with the generated R script and read the XLSX back with openpyxl.
  command -v Rscript >/dev/null 2>&1 || need+=(r-base-core)
  /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || need+=(python3-openpyxl)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${need[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
fi

if [ "${1:-}" = "--bench" ]; then
  need=()
  /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || need+=(python3-numpy)
  /usr/bin/python3 -c 'import pydicom' >/dev/null 2>&1 || need+=(python3-pydicom)
  /usr/bin/python3 -c 'import scipy.ndimage' >/dev/null 2>&1 || need+=(python3-scipy)
  # The survival benchmark times R's coxph on the same data.
  command -v Rscript >/dev/null 2>&1 || need+=(r-base-core)
  Rscript -e 'library(survival)' >/dev/null 2>&1 || need+=(r-cran-survival)
  command -v Orthanc >/dev/null 2>&1 || need+=(orthanc)
  ls /usr/share/orthanc/plugins/libOrthancDicomWeb.so* /usr/lib/orthanc/libOrthancDicomWeb.so* >/dev/null 2>&1 || need+=(orthanc-dicomweb)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing the benchmark baselines (Debian packages): ${need[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"; } >&2; then
      echo "setup: could not install ${need[*]}: the benchmarks that need them will say 'not run'" >&2
    fi
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# npm run demo serves the web app: build it once (packages/web/dist) when it is missing.
if [ "${1:-}" = "--demo" ] && [ ! -f packages/web/dist/index.html ]; then
  npm run build -w @cxcr4pet/web
fi
