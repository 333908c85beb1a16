#!/usr/bin/env bash
# Authenticode-sign Windows executables in place with osslsigncode (Linux or macOS; on Windows
# signtool does the same: see packaging/README.md).
#   sign.sh FILE.exe...
# Environment (the release secrets in CI, throw-away material from packaging/testkeys.sh here):
#   RCP_SIGN_PKCS12        the code-signing certificate and key (.p12 / .pfx)
#   RCP_SIGN_PASSFILE      a file holding its password (never on the command line)
#   RCP_SIGN_TIMESTAMP_URL an RFC 3161 timestamping service (optional; releases set it, so
#                          signatures outlive the certificate)
# Also called by makensis (!uninstfinalize) to sign the uninstaller while it is generated.
set -euo pipefail
: "${RCP_SIGN_PKCS12:?RCP_SIGN_PKCS12 must point to the code-signing .p12}"
: "${RCP_SIGN_PASSFILE:?RCP_SIGN_PASSFILE must point to the file holding its password}"
timestamp=()
if [ -n "${RCP_SIGN_TIMESTAMP_URL:-}" ]; then timestamp=(-ts "$RCP_SIGN_TIMESTAMP_URL"); fi
for file in "$@"; do
    osslsigncode sign -pkcs12 "$RCP_SIGN_PKCS12" -readpass "$RCP_SIGN_PASSFILE" -h sha256 \
        -n "rcp-desktop" -i "${RCP_SIGN_URL:-https://rcp-desktop.invalid/}" "${timestamp[@]}" \
        -in "$file" -out "$file.signed" >/dev/null
    mv -f "$file.signed" "$file"
    echo "    signed $(basename "$file")"
done
