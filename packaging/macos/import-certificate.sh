#!/usr/bin/env bash
# CI: put the Developer ID certificate into a temporary keychain, usable by codesign without a
# prompt. Reads MACOS_CERTIFICATE_P12_BASE64 and MACOS_CERTIFICATE_PASSWORD (secrets, never
# printed); writes MACOS_KEYCHAIN to $GITHUB_ENV when run under GitHub Actions.
set -euo pipefail
: "${MACOS_CERTIFICATE_P12_BASE64:?}" "${MACOS_CERTIFICATE_PASSWORD:?}"
tmp="${RUNNER_TEMP:-$(mktemp -d)}"
keychain="$tmp/rcp-desktop-signing.keychain-db"
keychain_password="$(openssl rand -hex 24)"
umask 077
printf '%s' "$MACOS_CERTIFICATE_P12_BASE64" | base64 --decode > "$tmp/certificate.p12"
security create-keychain -p "$keychain_password" "$keychain"
security set-keychain-settings -lut 3600 "$keychain"
security unlock-keychain -p "$keychain_password" "$keychain"
security import "$tmp/certificate.p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" \
    -T /usr/bin/codesign -T /usr/bin/security >/dev/null
rm -f "$tmp/certificate.p12"
security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "$keychain_password" "$keychain" >/dev/null
# search list: the temporary keychain first, then the user's
# shellcheck disable=SC2046 # one word per existing keychain path
security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
security find-identity -v -p codesigning "$keychain" | sed -E 's/[0-9A-F]{40}/<hash>/'
if [ -n "${GITHUB_ENV:-}" ]; then echo "MACOS_KEYCHAIN=$keychain" >> "$GITHUB_ENV"; fi
