#!/usr/bin/env bash
# Verify the Authenticode signature of Windows executables (osslsigncode verify): the digest
# matches the file, the signature is by a certificate chaining to RCP_SIGN_CAFILE (default: the
# system's CA bundle), and, with RCP_SIGN_SUBJECT set, the signer's subject contains it.
#   verify.sh FILE.exe...
set -euo pipefail
ca="${RCP_SIGN_CAFILE:-/etc/ssl/certs/ca-certificates.crt}"
for file in "$@"; do
    out="$(osslsigncode verify -CAfile "$ca" ${RCP_SIGN_TSA_CAFILE:+-TSA-CAfile "$RCP_SIGN_TSA_CAFILE"} -in "$file" 2>&1)" || {
        printf '%s\n' "$out" | tail -5 >&2
        echo "BAD SIGNATURE: $file" >&2
        exit 1
    }
    grep -q "^Signature verification: ok" <<<"$out" || { echo "BAD SIGNATURE: $file" >&2; exit 1; }
    if [ -n "${RCP_SIGN_SUBJECT:-}" ] && ! grep -q "Subject:.*$RCP_SIGN_SUBJECT" <<<"$out"; then
        echo "signed by someone else: $file" >&2
        exit 1
    fi
    echo "    signature ok: $(basename "$file")"
done
