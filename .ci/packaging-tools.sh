#!/usr/bin/env bash
# The tools tests/test_packaging.py runs: desktop-file-validate (desktop-file-utils), appstreamcli
# (appstream), Xvfb (xvfb: a live X server for the display probe), and objdump (binutils), which
# PyInstaller's dependency analysis uses; pdftotext (poppler-utils), which the PDF export tests read
# exported text with; and chromium, node and npm (chromium, nodejs, npm), which
# tests/test_timelinejs_browser.py uses to open the TimelineJS3 export in the real TimelineJS3.
# Installed with apt-get when root, else the exact command is printed.
set -uo pipefail
declare -A package_of=([desktop-file-validate]=desktop-file-utils [appstreamcli]=appstream [Xvfb]=xvfb [objdump]=binutils
                       [pdftotext]=poppler-utils [chromium]=chromium [node]=nodejs [npm]=npm)
packages=()
for tool in desktop-file-validate appstreamcli Xvfb objdump pdftotext chromium node npm; do
  command -v "$tool" >/dev/null 2>&1 || packages+=("${package_of[$tool]}")
done
[ ${#packages[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "Installing the tools the packaging and TimelineJS3 tests use: ${packages[*]}"
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive $cmd >/dev/null || { echo "Failed: $cmd" >&2; exit 1; }
else
  echo "The packaging and TimelineJS3 tests need tools that are missing. Run:"
  echo "    sudo $cmd"
  exit 1
fi
