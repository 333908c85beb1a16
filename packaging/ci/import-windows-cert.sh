#!/usr/bin/env bash
# CI: write the Authenticode certificate (WINDOWS_CERT_PFX_BASE64) and its password
# (WINDOWS_CERT_PASSWORD) to 0600 files of the runner's temp folder for packaging/windows/sign.sh;
# appends RCP_SIGN_PKCS12 and RCP_SIGN_PASSFILE to $GITHUB_ENV. Secrets are never echoed.
set -euo pipefail
: "${WINDOWS_CERT_PFX_BASE64:?}" "${WINDOWS_CERT_PASSWORD:?}"
tmp="${RUNNER_TEMP:?}"
umask 077
printf '%s' "$WINDOWS_CERT_PFX_BASE64" | base64 --decode > "$tmp/codesign.pfx"
printf '%s' "$WINDOWS_CERT_PASSWORD" > "$tmp/codesign.pass"
{ openssl pkcs12 -in "$tmp/codesign.pfx" -passin "file:$tmp/codesign.pass" -nokeys -clcerts 2>/dev/null ||
    openssl pkcs12 -legacy -in "$tmp/codesign.pfx" -passin "file:$tmp/codesign.pass" -nokeys -clcerts 2>/dev/null; } |
    openssl x509 -noout -subject -enddate || echo "certificate details not readable here; signing will tell"
{
    echo "RCP_SIGN_PKCS12=$tmp/codesign.pfx"
    echo "RCP_SIGN_PASSFILE=$tmp/codesign.pass"
} >> "$GITHUB_ENV"
