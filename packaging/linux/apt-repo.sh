#!/usr/bin/env bash
# A signed apt repository of the .deb files in dist/release/, laid out in dist/apt/:
#   pool/main/r/rcp-desktop/*.deb
#   dists/stable/main/binary-<arch>/Packages{,.gz,.xz}
#   dists/stable/Release, Release.gpg (detached) and InRelease (clear-signed)
#   rcp-desktop-archive-keyring.gpg   the public key, for `signed-by=` on practice machines
# Publish the folder as is on any static web server (or a shared folder: file:/ URIs work);
# older versions already in an existing dist/apt/pool are kept, so machines can see the history.
# Signing key: RCP_GPG_KEY in $GNUPGHOME (the release key in CI, a throw-away key locally).
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

: "${RCP_GPG_KEY:?RCP_GPG_KEY must name the signing key}"
REPO="${APT_REPO:-$DIST/apt}"
SUITE="stable"
COMPONENT="main"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

step "apt repository in $REPO"
pool="$REPO/pool/$COMPONENT/r/$APP_NAME"
mkdir -p "$pool" "$REPO/dists/$SUITE/$COMPONENT/binary-$ARCH"
shopt -s nullglob
debs=("$DIST"/release/*.deb)
[ ${#debs[@]} -gt 0 ] || die "no .deb in $DIST/release"
cp -f "${debs[@]}" "$pool/"
cd "$REPO" || exit 1
packages="dists/$SUITE/$COMPONENT/binary-$ARCH/Packages"
apt-ftparchive packages "pool/$COMPONENT" > "$packages"
gzip -n -9 -c "$packages" > "$packages.gz"
xz -9 -c "$packages" > "$packages.xz"
date_opt=()
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    date_opt=(-o "APT::FTPArchive::Release::Date=$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")")
fi
apt-ftparchive \
    -o APT::FTPArchive::Release::Origin="rcp-desktop" \
    -o APT::FTPArchive::Release::Label="rcp-desktop" \
    -o APT::FTPArchive::Release::Suite="$SUITE" \
    -o APT::FTPArchive::Release::Codename="$SUITE" \
    -o APT::FTPArchive::Release::Architectures="$ARCH" \
    -o APT::FTPArchive::Release::Components="$COMPONENT" \
    -o APT::FTPArchive::Release::Description="rcp-desktop for practice machines" \
    "${date_opt[@]}" \
    release "dists/$SUITE" > "dists/$SUITE/Release.new"
mv "dists/$SUITE/Release.new" "dists/$SUITE/Release"
rm -f "dists/$SUITE/InRelease" "dists/$SUITE/Release.gpg"
gpg --batch --yes --local-user "$RCP_GPG_KEY" --digest-algo SHA512 --clearsign \
    --output "dists/$SUITE/InRelease" "dists/$SUITE/Release"
gpg --batch --yes --local-user "$RCP_GPG_KEY" --digest-algo SHA512 --armor --detach-sign \
    --output "dists/$SUITE/Release.gpg" "dists/$SUITE/Release"
gpg --batch --export "$RCP_GPG_KEY" > "$REPO/rcp-desktop-archive-keyring.gpg"
info "$(grep -c '^Package:' "$packages") package(s), InRelease signed by $RCP_GPG_KEY"
