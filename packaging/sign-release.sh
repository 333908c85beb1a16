#!/usr/bin/env bash
# Checksums of every artefact of a release folder (default dist/release/) in SHA256SUMS, and
# its detached armored GPG signature SHA256SUMS.asc by RCP_GPG_KEY (in $GNUPGHOME). The public
# key goes next to them as rcp-desktop-signing-key.asc (its fingerprint is what people check).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

: "${RCP_GPG_KEY:?RCP_GPG_KEY must name the signing key}"
RELEASE="${1:-$DIST/release}"
cd "$RELEASE" || exit 1
step "SHA256SUMS of $RELEASE"
rm -f SHA256SUMS SHA256SUMS.asc
gpg --batch --armor --export "$RCP_GPG_KEY" > rcp-desktop-signing-key.asc
find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' -printf '%f\n' | LC_ALL=C sort |
    xargs -d '\n' sha256sum > SHA256SUMS
[ -s SHA256SUMS ] || die "nothing to sign in $RELEASE"
gpg --batch --yes --local-user "$RCP_GPG_KEY" --digest-algo SHA512 --armor --detach-sign \
    --output SHA256SUMS.asc SHA256SUMS
sed 's/^/    /' SHA256SUMS
info "signed by $RCP_GPG_KEY"
