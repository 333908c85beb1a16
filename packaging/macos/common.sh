# Shared settings of the macOS scripts (sourced). Identities come from the environment:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: <Name> (<TEAMID>)" (or its SHA-1 hash)
#   MACOS_KEYCHAIN        keychain holding it (optional; import-certificate.sh sets one in CI)
# shellcheck shell=bash disable=SC2034
set -euo pipefail
MAC_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$MAC_HERE/../lib.sh"
APP_BUNDLE="$DIST/$APP_NAME.app"
ENTITLEMENTS="$MAC_HERE/entitlements.plist"
[ "$(uname -s)" = Darwin ] || die "macOS only (codesign, hdiutil, notarytool)"
# (expanded as ${keychain_opt[@]+"${keychain_opt[@]}"}: macOS's bash 3.2 calls an empty array unbound)
keychain_opt=()
if [ -n "${MACOS_KEYCHAIN:-}" ]; then keychain_opt=(--keychain "$MACOS_KEYCHAIN"); fi
need_identity() { : "${MACOS_SIGN_IDENTITY:?set MACOS_SIGN_IDENTITY to the Developer ID Application identity}"; }
