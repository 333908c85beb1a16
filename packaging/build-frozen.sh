#!/usr/bin/env bash
# Build the one-folder frozen application with PyInstaller into dist/rcp-desktop/
# (and dist/rcp-desktop.app on macOS), from a build virtualenv that holds only the hashed
# lock packaging/requirements-build.txt. Same script on Linux, Windows (Git Bash) and macOS.
#
# Reproducibility: SOURCE_DATE_EPOCH (the last commit's time unless set), PYTHONHASHSEED=0,
# a fresh work folder, no UPX.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

PYTHON="${PYTHON:-$(command -v python3 || command -v python)}"
VENV="${BUILD_VENV:-$BUILD/venv-build}"
LOCK="$ROOT/packaging/requirements-build.txt"

venv_python() {
    if [ -x "$VENV/Scripts/python.exe" ]; then echo "$VENV/Scripts/python.exe"; else echo "$VENV/bin/python"; fi
}

lock_digest="$("$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' "$LOCK")"
stamp="$VENV/.lock-$lock_digest"
if [ ! -f "$stamp" ]; then
    step "build virtualenv from the hashed lock ($VENV)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # --require-hashes: every file is checked against the lock; --only-binary: no sdist builds.
    "$(venv_python)" -m pip install --quiet --disable-pip-version-check --no-input \
        --require-hashes --only-binary :all: -r "$LOCK"
    touch "$stamp"
fi
PY="$(venv_python)"

SOURCE_DATE_EPOCH="$(source_date_epoch)"
export SOURCE_DATE_EPOCH
export PYTHONHASHSEED=0
export PYTHONPATH="$ROOT"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
step "PyInstaller $("$PY" -m PyInstaller --version) (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
started=$(date +%s)
rm -rf "${BUILD:?}/pyinstaller" "${DIST:?}/$APP_NAME" "${DIST:?}/$APP_NAME.app"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" "$ROOT/packaging/rcp-desktop.spec"
if [ -d "$DIST/$APP_NAME" ] && dangling="$(find "$DIST/$APP_NAME" -xtype l | head -5)" && [ -n "$dangling" ]; then
    die "dangling links in the bundle: $dangling"
fi
info "frozen build in $(( $(date +%s) - started )) s: $DIST/$APP_NAME ($(du -sh "$DIST/$APP_NAME" | cut -f1))"
