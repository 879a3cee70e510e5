#!/usr/bin/env bash
# Finds the system libraries the installed Qt plugins cannot load (via ldd) and installs the
# Debian/Ubuntu packages that provide them: with apt-get when root, else prints the exact command.
set -uo pipefail
venv=${1:-.venv}
qt=$("$venv/bin/python" -c 'import PySide6, os; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))') || exit 1

missing=$(for lib in "$qt"/plugins/platforms/libqxcb.so "$qt"/plugins/platforms/libqoffscreen.so \
                     "$qt"/lib/libQt6Gui.so.6 "$qt"/lib/libQt6Widgets.so.6 "$qt"/lib/libQt6XcbQpa.so.6; do
            [ -e "$lib" ] && ldd "$lib" 2>/dev/null | awk '/not found/ {print $1}'
          done | sort -u)
[ -z "$missing" ] && exit 0

# so-name -> candidate packages (first one apt knows wins; names differ across releases).
declare -A candidates=(
  [libxcb-icccm.so.4]="libxcb-icccm4" [libxcb-keysyms.so.1]="libxcb-keysyms1"
  [libxcb-cursor.so.0]="libxcb-cursor0" [libxcb-image.so.0]="libxcb-image0"
  [libxcb-render-util.so.0]="libxcb-render-util0" [libxcb-shape.so.0]="libxcb-shape0"
  [libxcb-xinerama.so.0]="libxcb-xinerama0" [libxcb-randr.so.0]="libxcb-randr0"
  [libxcb-xkb.so.1]="libxcb-xkb1" [libxcb-sync.so.1]="libxcb-sync1" [libxcb-xfixes.so.0]="libxcb-xfixes0"
  [libxcb-shm.so.0]="libxcb-shm0" [libxcb-render.so.0]="libxcb-render0" [libxcb-xinput.so.0]="libxcb-xinput0"
  [libxcb.so.1]="libxcb1" [libX11-xcb.so.1]="libx11-xcb1" [libX11.so.6]="libx11-6"
  [libxkbcommon.so.0]="libxkbcommon0" [libxkbcommon-x11.so.0]="libxkbcommon-x11-0"
  [libEGL.so.1]="libegl1" [libGL.so.1]="libgl1" [libOpenGL.so.0]="libopengl0"
  [libfontconfig.so.1]="libfontconfig1" [libfreetype.so.6]="libfreetype6"
  [libdbus-1.so.3]="libdbus-1-3" [libglib-2.0.so.0]="libglib2.0-0t64 libglib2.0-0"
  [libgthread-2.0.so.0]="libglib2.0-0t64 libglib2.0-0" [libICE.so.6]="libice6" [libSM.so.6]="libsm6"
)
[ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1
packages=()
for so in $missing; do
  pick=""
  for pkg in ${candidates[$so]:-}; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then pick=$pkg; break; fi
  done
  if [ -z "$pick" ]; then
    first=${candidates[$so]:-}; pick=${first%% *}
  fi
  [ -n "$pick" ] && packages+=("$pick") || echo "Qt needs $so; no known Debian package for it." >&2
done
[ ${#packages[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "Installing the system libraries Qt needs: ${packages[*]}"
  DEBIAN_FRONTEND=noninteractive $cmd >/dev/null || { echo "Failed: $cmd" >&2; exit 1; }
else
  echo "Qt needs system libraries that are missing. Run:"
  echo "    sudo $cmd"
  exit 1
fi
