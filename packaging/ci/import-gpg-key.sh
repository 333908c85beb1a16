#!/usr/bin/env bash
# CI: import the release signing key into a private GnuPG home, usable without a prompt by
# gpg, apt-ftparchive's signing step and rpmsign. Reads RELEASE_GPG_PRIVATE_KEY (armored) and
# RELEASE_GPG_PASSPHRASE from the environment (secrets: never echoed, never on a command line;
# the passphrase sits in a 0600 file of the runner's temp folder, removed by the workflow's
# last step). Appends GNUPGHOME, RCP_GPG_KEY (the fingerprint, public) and RCP_GPG_PUBLIC_KEY
# to $GITHUB_ENV.
set -euo pipefail
: "${RELEASE_GPG_PRIVATE_KEY:?}" "${RELEASE_GPG_PASSPHRASE:?}"
tmp="${RUNNER_TEMP:?}"
umask 077
export GNUPGHOME="$tmp/gnupg"
mkdir -p "$GNUPGHOME"
printf '%s' "$RELEASE_GPG_PASSPHRASE" > "$tmp/gpg-passphrase"
cat > "$GNUPGHOME/gpg.conf" <<CONF
pinentry-mode loopback
passphrase-file $tmp/gpg-passphrase
CONF
echo "allow-loopback-pinentry" > "$GNUPGHOME/gpg-agent.conf"
printf '%s\n' "$RELEASE_GPG_PRIVATE_KEY" | gpg --batch --quiet --import 2>/dev/null
fingerprint="$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" {print $10; exit}')"
[ -n "$fingerprint" ] || { echo "no secret key imported" >&2; exit 1; }
gpg --batch --armor --export "$fingerprint" > "$tmp/rcp-desktop-signing-key.asc"
echo "release key: $fingerprint"
{
    echo "GNUPGHOME=$GNUPGHOME"
    echo "RCP_GPG_KEY=$fingerprint"
    echo "RCP_GPG_PUBLIC_KEY=$tmp/rcp-desktop-signing-key.asc"
} >> "$GITHUB_ENV"
