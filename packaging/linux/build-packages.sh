#!/usr/bin/env bash
# Linux artefacts from the frozen bundle dist/rcp-desktop/ (packaging/build-frozen.sh):
#   dist/release/rcp-desktop_<V>_<arch>.deb          /opt/rcp-desktop + /usr/bin link, desktop
#   dist/release/rcp-desktop-<V>-1.<arch>.rpm        entry, AppStream metadata, icons
#   dist/release/rcp-desktop-<V>-linux-<arch>.tar.gz the bundle alone, to unpack anywhere
# The RPM is signed when RCP_GPG_KEY names a key of $GNUPGHOME (rpmsign). The desktop entry
# and the AppStream metadata are validated on the way. Every timestamp is SOURCE_DATE_EPOCH.
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

VERSION="$(app_version)"
SOURCE_DATE_EPOCH="$(source_date_epoch)"
export SOURCE_DATE_EPOCH
BUNDLE="$DIST/$APP_NAME"
STAGE="$BUILD/linux-root"
OUT="$DIST/release"
DEB_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
RPM_ARCH="$(uname -m)"
[ -x "$BUNDLE/$APP_NAME" ] || die "no frozen bundle in $BUNDLE: run packaging/build-frozen.sh"
mkdir -p "$OUT"

step "stage the install tree ($STAGE)"
rm -rf "$STAGE"
mkdir -p "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$APP_NAME"
cp -a "$BUNDLE" "$STAGE/opt/$APP_NAME"
ln -s "/opt/$APP_NAME/$APP_NAME" "$STAGE/usr/bin/$APP_NAME"
install -m 644 "$ROOT/packaging/linux/$APP_ID.desktop" "$STAGE/usr/share/applications/"
release_date="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$release_date/" \
    "$ROOT/packaging/linux/$APP_ID.metainfo.xml.in" > "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "$ROOT/resources/icons/$APP_NAME-$size.png" \
        "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
install -D -m 644 "$ROOT/resources/icons/$APP_NAME.svg" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
install -m 644 "$ROOT/packaging/linux/copyright" "$STAGE/usr/share/doc/$APP_NAME/copyright"
chmod -R u=rwX,go=rX "$STAGE"
find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

step "validate the desktop entry and the AppStream metadata"
report="$(desktop-file-validate "$STAGE/usr/share/applications/$APP_ID.desktop" 2>&1)" ||
    die "desktop-file-validate: $report"
if grep -Eq "error|warning" <<<"$report"; then die "desktop-file-validate: $report"; fi
info "desktop-file-validate: ok${report:+ (hints: ${report##*hint: })}"
appstreamcli validate --no-net --explain "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml" ||
    die "appstreamcli validate failed"

step "Debian package"
started=$(date +%s)
deb="$OUT/${APP_NAME}_${VERSION}_${DEB_ARCH}.deb"
mkdir -p "$STAGE/DEBIAN"
depends="$(python3 "$ROOT/packaging/linux/deb_depends.py" "$BUNDLE")"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $APP_NAME
Version: $VERSION
Architecture: $DEB_ARCH
Maintainer: rcp-desktop maintainers <maintainers@rcp-desktop.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $depends
Recommends: fontconfig, fonts-dejavu-core
Section: science
Priority: optional
Description: Réunions de concertation pluriprofessionnelle d'une CPTS
 rcp-desktop permet à une CPTS de préparer, conduire et suivre ses réunions de
 concertation pluriprofessionnelle sur un seul poste : dossiers, ordre du jour,
 émargement, décisions, suivi et statistiques anonymisées, dans une base chiffrée.
 .
 L'application et ses bibliothèques sont installées dans /opt/rcp-desktop ; les
 bases des utilisateurs restent dans leur dossier personnel et ne sont jamais
 modifiées par une mise à jour ni par la désinstallation.
EOF
touch -d "@$SOURCE_DATE_EPOCH" "$STAGE/DEBIAN" "$STAGE/DEBIAN/control"
info "Depends: $depends"
# gzip rather than xz: a third larger (122 vs 89 MB), ten times faster to build, any dpkg reads it.
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$deb" >/dev/null
rm -rf "$STAGE/DEBIAN"
info "$(basename "$deb") ($(du -h "$deb" | cut -f1), $(( $(date +%s) - started )) s)"

step "RPM package"
started=$(date +%s)
rpmtop="$BUILD/rpmbuild"
rm -rf "$rpmtop"
rpmbuild -bb --quiet \
    --define "_topdir $rpmtop" \
    --define "_stage_dir $STAGE" \
    --define "_app_version $VERSION" \
    --define "_buildhost reproducible" \
    --define "use_source_date_epoch_as_buildtime 1" \
    --define "clamp_mtime_to_source_date_epoch 1" \
    --define "_rpmfilename %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
    --target "$RPM_ARCH" \
    "$ROOT/packaging/linux/rcp-desktop.rpm.spec" >/dev/null 2>"$BUILD/rpmbuild.log" ||
    { cat "$BUILD/rpmbuild.log" >&2; die "rpmbuild failed"; }
rpm="$OUT/$APP_NAME-$VERSION-1.$RPM_ARCH.rpm"
mv "$rpmtop/RPMS/$APP_NAME-$VERSION-1.$RPM_ARCH.rpm" "$rpm"
if [ -n "${RCP_GPG_KEY:-}" ]; then
    # Debian's rpm looks for gpg2 unless told where gpg is.
    rpmsign --addsign --define "_gpg_name $RCP_GPG_KEY" --define "__gpg /usr/bin/gpg" \
        "$rpm" </dev/null >"$BUILD/rpmsign.log" 2>&1 || { cat "$BUILD/rpmsign.log" >&2; die "rpmsign failed"; }
    info "signed with $RCP_GPG_KEY"
else
    info "RCP_GPG_KEY not set: RPM left unsigned"
fi
info "$(basename "$rpm") ($(du -h "$rpm" | cut -f1), $(( $(date +%s) - started )) s)"

step "tarball"
started=$(date +%s)
tarball="$OUT/$APP_NAME-$VERSION-linux-$RPM_ARCH.tar.gz"
tar --create --directory "$STAGE/opt" --sort=name --mtime="@$SOURCE_DATE_EPOCH" \
    --owner=0 --group=0 --numeric-owner --format=gnu \
    --transform "s|^$APP_NAME|$APP_NAME-$VERSION|" "$APP_NAME" | gzip -n -6 > "$tarball"
info "$(basename "$tarball") ($(du -h "$tarball" | cut -f1), $(( $(date +%s) - started )) s)"
