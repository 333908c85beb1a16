#!/usr/bin/env bash
# Install a .deb on this machine (dpkg -i, as root), check what it laid down, run the installed
# application's --self-test offscreen as an unprivileged user with a clean environment, check
# that running it changed nothing under /opt, then purge it and check that it is all gone.
#   install-test.sh dist/release/rcp-desktop_<V>_<arch>.deb
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

DEB="$(realpath "${1:?usage: install-test.sh PACKAGE.deb}")"
[ "$(id -u)" = 0 ] || die "install-test.sh installs a package: run it as root"
VERSION="$(dpkg-deb --field "$DEB" Version)"
PREFIX="/opt/$APP_NAME"

if previous="$(dpkg-query -W -f '${Version}' "$APP_NAME" 2>/dev/null)" && [ -n "$previous" ]; then
    info "note: $APP_NAME $previous was installed; it is replaced, then purged at the end"
fi

step "dpkg -i $(basename "$DEB")"
dpkg -i "$DEB" >/dev/null || die "dpkg -i failed (missing dependencies? see Depends: in the package)"
[ "$(dpkg-query -W -f '${Status} ${Version}' "$APP_NAME")" = "install ok installed $VERSION" ] ||
    die "dpkg does not report $APP_NAME $VERSION as installed"
[ -x "$PREFIX/$APP_NAME" ] || die "$PREFIX/$APP_NAME missing"
[ "$(readlink /usr/bin/$APP_NAME)" = "$PREFIX/$APP_NAME" ] || die "/usr/bin/$APP_NAME link missing"
desktop-file-validate "/usr/share/applications/$APP_ID.desktop" | grep -E "error|warning" &&
    die "installed desktop entry does not validate"
appstreamcli validate --no-net --no-color "/usr/share/metainfo/$APP_ID.metainfo.xml" >/dev/null ||
    die "installed AppStream metadata does not validate"
for icon in "48x48/apps/$APP_ID.png" "256x256/apps/$APP_ID.png" "scalable/apps/$APP_ID.svg"; do
    [ -f "/usr/share/icons/hicolor/$icon" ] || die "icon $icon missing"
done
info "$APP_NAME $VERSION installed: $PREFIX, /usr/bin link, desktop entry, metadata, icons"

step "installed rcp-desktop --self-test (offscreen, unprivileged, clean environment)"
home="$(mktemp -d)"
runner=()
if id nobody >/dev/null 2>&1 && command -v runuser >/dev/null; then
    chown nobody "$home"
    runner=(runuser -u nobody --)
fi
started=$(date +%s)
version_line="$("${runner[@]}" env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    "$APP_NAME" --version)" || die "rcp-desktop --version failed"
[ "$version_line" = "$APP_NAME $VERSION" ] || die "--version says '$version_line'"
if ! "${runner[@]}" env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 TMPDIR="$home" \
    QT_QPA_PLATFORM=offscreen "$APP_NAME" --self-test | sed 's/^/    /'; then
    die "the installed application's self-test FAILED"
fi
info "self-test passed in $(( $(date +%s) - started )) s as ${runner[2]:-$(id -un)}"
leftovers="$(find "$home" -mindepth 1 -not -path "$home/.cache*" -not -path "$home/.config*" \
    -not -path "$home/.local*" | head -5)"
[ -z "$leftovers" ] || die "the self-test left files behind: $leftovers"
rm -rf "$home"

step "the install folder is untouched (dpkg --verify, nothing unpackaged)"
dpkg --verify "$APP_NAME" || die "installed files differ from the package"
unpackaged="$(comm -23 <(find "$PREFIX" | LC_ALL=C sort) <(dpkg -L "$APP_NAME" | LC_ALL=C sort) | head -5)"
[ -z "$unpackaged" ] || die "files appeared under $PREFIX: $unpackaged"
info "ok"

step "dpkg --purge $APP_NAME"
dpkg --purge "$APP_NAME" >/dev/null || die "dpkg --purge failed"
dpkg-query -W -f '${Status}' "$APP_NAME" 2>/dev/null | grep -q "install ok installed" &&
    die "$APP_NAME still installed"
[ ! -e "$PREFIX" ] && [ ! -e "/usr/bin/$APP_NAME" ] && [ ! -e "/usr/share/applications/$APP_ID.desktop" ] ||
    die "files left after purge"
info "removed: nothing left under $PREFIX, /usr/bin or /usr/share"
