#!/usr/bin/env bash
# `make package`: on a Debian/Ubuntu machine, as root, from a clean clone:
#   tools -> shellcheck of every script -> throw-away keys -> Windows signing chain on a
#   stand-in -> frozen build and its self-test -> .deb / .rpm / tarball -> signed apt
#   repository -> SHA256SUMS + signature -> verification of everything, and rejection of
#   tampered copies -> dpkg -i, the installed app's --self-test, dpkg --purge.
# Any failing step stops the run with a non-zero exit. The keys live in a private temporary
# folder removed at the end; artefacts go to dist/ (release/, apt/, windows-standin/).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "make package installs the .deb to test it: run it as root (sudo make package)"
SOURCE_DATE_EPOCH="$(source_date_epoch)"
export SOURCE_DATE_EPOCH
export PYTHONHASHSEED=0
started_all=$(date +%s)
timings=()
timed() {
    local name="$1" started
    shift
    started=$(date +%s)
    "$@" || die "step failed: $name"
    timings+=("$(printf '%-42s %4d s' "$name" $(( $(date +%s) - started )))")
}

frozen_self_test() {
    step "frozen bundle --self-test (before packaging it)"
    env -u PYTHONPATH -u PYTHONHOME QT_QPA_PLATFORM=offscreen "$DIST/$APP_NAME/$APP_NAME" --self-test |
        sed 's/^/    /'
}

lint_scripts() {
    # the macOS and CI scripts cannot run here: at least they are linted
    step "shellcheck of every packaging script"
    (cd "$ROOT" && shellcheck -x -P SCRIPTDIR -S warning packaging/*.sh packaging/*/*.sh)
    info "clean"
}

KEYS="$(mktemp -d /tmp/rcp-desktop-keys.XXXXXX)"
trap 'rm -rf "$KEYS"' EXIT

timed "tools (packaging/setup-tools.sh)" "$ROOT/packaging/setup-tools.sh"
timed "shellcheck (all packaging scripts)" lint_scripts
timed "throw-away keys" "$ROOT/packaging/testkeys.sh" "$KEYS"
# shellcheck disable=SC1091
source "$KEYS/env.sh"
rm -rf "$DIST/release" "$DIST/apt" "$DIST/windows-standin"
timed "Windows chain (stand-in)" "$ROOT/packaging/windows/check-chain.sh"
timed "frozen build (PyInstaller)" "$ROOT/packaging/build-frozen.sh"
timed "frozen self-test" frozen_self_test
timed "Linux packages (.deb .rpm .tar.gz)" "$ROOT/packaging/linux/build-packages.sh"
timed "apt repository" "$ROOT/packaging/linux/apt-repo.sh"
timed "SHA256SUMS + signature" "$ROOT/packaging/sign-release.sh" "$DIST/release"
timed "verification + tamper checks" "$ROOT/packaging/verify-release.sh" --tamper \
    "$DIST/release" "$RCP_GPG_PUBLIC_KEY" "$DIST/apt"
timed "install test (dpkg -i, self-test, purge)" "$ROOT/packaging/linux/install-test.sh" \
    "$DIST"/release/*.deb

step "make package: all steps passed in $(( $(date +%s) - started_all )) s"
printf '    %s\n' "${timings[@]}"
info "artefacts:"
(cd "$DIST" && find release apt/dists windows-standin -maxdepth 3 -type f | LC_ALL=C sort | sed 's/^/      /')
