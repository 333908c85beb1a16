#!/usr/bin/env bash
# The Debian/Ubuntu packages `make package` needs, installed if missing (root or sudo):
# the packaging and signing tools, and the libraries Qt loads (the frozen build bundles what
# it finds on this machine; the installed package's self-test needs its Depends).
set -euo pipefail
PACKAGES=(
    python3 python3-venv make binutils file xz-utils gzip openssl gnupg gpgv
    dpkg-dev apt-utils fakeroot rpm desktop-file-utils appstream
    nsis osslsigncode p7zip-full shellcheck
    libegl1 libgl1 libopengl0 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
    fonts-dejavu-core libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
    libxrender1 libdrm2 libwayland-client0 libwayland-cursor0 libwayland-egl1
)
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "    packaging tools: all present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "    installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
