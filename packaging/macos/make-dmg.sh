#!/usr/bin/env bash
# dist/release/rcp-desktop-<V>-macos-<arch>.dmg: the signed app and a link to /Applications, in a
# compressed read-only image, itself signed (timestamped).
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
need_identity
VERSION="$(app_version)"
DMG="$DIST/release/$APP_NAME-$VERSION-macos-$(uname -m).dmg"
codesign --verify --deep --strict "$APP_BUNDLE" || die "sign the app first (sign-app.sh)"
step "disk image $(basename "$DMG")"
staging="$BUILD/dmg"
rm -rf "$staging" "$DMG"
mkdir -p "$staging" "$DIST/release"
ditto "$APP_BUNDLE" "$staging/$APP_NAME.app"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "rcp-desktop $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG" >/dev/null
codesign --force --timestamp ${keychain_opt[@]+"${keychain_opt[@]}"} --sign "$MACOS_SIGN_IDENTITY" "$DMG"
codesign --verify --verbose=2 "$DMG"
info "$(basename "$DMG") ($(du -h "$DMG" | cut -f1))"
