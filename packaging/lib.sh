# Shared helpers of the packaging scripts (sourced, not run).
# shellcheck shell=bash disable=SC2034
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DIST:-$ROOT/dist}"
BUILD="${BUILD:-$ROOT/build}"
APP_NAME="rcp-desktop"
APP_ID="fr.cpts.RcpDesktop"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

app_version() {
    sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/rcp_desktop/__init__.py"
}

# One timestamp for every artefact of a build: the last commit's, unless the caller set it.
source_date_epoch() {
    if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
        echo "$SOURCE_DATE_EPOCH"
    elif git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$ROOT" log -1 --format=%ct
    else
        date +%s
    fi
}

# `expect_failure DESCRIPTION command...`: the command must fail (a tampered artefact).
expect_failure() {
    local what="$1"
    shift
    if "$@" >/dev/null 2>&1; then
        die "verification ACCEPTED a tampered artefact: $what"
    fi
    info "rejected as expected: $what"
}

# Flip one byte in the middle of FILE (a copy made for the tamper checks).
tamper() {
    local file="$1" size offset byte
    size=$(stat -c %s "$file")
    offset=$((size / 2))
    byte=$(od -An -tu1 -j "$offset" -N1 "$file" | tr -d ' ')
    printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
        dd of="$file" bs=1 seek="$offset" count=1 conv=notrunc status=none
}
