#!/usr/bin/env bash
# Notarize the disk image with Apple (notarytool submit --wait), staple the ticket to it, and
# check that Gatekeeper accepts it (spctl). Credentials from the environment, either
#   an App Store Connect API key: MACOS_NOTARY_KEY (path to the .p8), MACOS_NOTARY_KEY_ID,
#                                 MACOS_NOTARY_ISSUER
#   or an Apple ID:               MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID,
#                                 MACOS_NOTARY_PASSWORD (an app-specific password)
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
VERSION="$(app_version)"
DMG="${1:-$DIST/release/$APP_NAME-$VERSION-macos-$(uname -m).dmg}"
[ -f "$DMG" ] || die "no $DMG: run make-dmg.sh first"
if [ -n "${MACOS_NOTARY_KEY:-}" ]; then
    credentials=(--key "$MACOS_NOTARY_KEY" --key-id "${MACOS_NOTARY_KEY_ID:?}" --issuer "${MACOS_NOTARY_ISSUER:?}")
else
    credentials=(--apple-id "${MACOS_NOTARY_APPLE_ID:?}" --team-id "${MACOS_NOTARY_TEAM_ID:?}"
                 --password "${MACOS_NOTARY_PASSWORD:?}")
fi

step "notarytool submit --wait $(basename "$DMG")"
result="$BUILD/notary-result.json"
mkdir -p "$BUILD"
xcrun notarytool submit "$DMG" "${credentials[@]}" --wait --timeout 1h --output-format json > "$result" ||
    true
status="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status",""))' "$result")"
submission="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' "$result")"
info "submission $submission: $status"
if [ "$status" != "Accepted" ]; then
    [ -n "$submission" ] && xcrun notarytool log "$submission" "${credentials[@]}" || true
    die "notarization failed: $status"
fi

step "staple and assess"
xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
mount="$(mktemp -d)"
hdiutil attach -nobrowse -readonly -mountpoint "$mount" "$DMG" >/dev/null
spctl --assess --type execute --verbose=2 "$mount/$APP_NAME.app" || { hdiutil detach "$mount" >/dev/null; die "Gatekeeper rejects the app"; }
hdiutil detach "$mount" >/dev/null
info "notarized, stapled, accepted by Gatekeeper"
