#!/usr/bin/env bash
# The Windows build-and-sign chain, exercised on Linux with a stand-in payload (the frozen
# Windows executables can only be built on Windows):
#   1. stand-in rcp-desktop.exe / rcp-desktop-cli.exe (real PE files, from standin.nsi);
#   2. sign them (Authenticode, osslsigncode), verify;
#   3. compile the real installer script around them (warnings are errors), the uninstaller
#      being signed while it is generated;
#   4. sign the installer, verify it and its signer;
#   5. unpack the installer (7z reads NSIS archives) and verify the executables inside,
#      the uninstaller included;
#   6. a copy of the installer and of an inner executable with one byte changed must FAIL.
# Signing material from the environment (packaging/testkeys.sh: a throw-away test CA).
# Output: dist/windows-standin/ (never a release artefact).
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

: "${RCP_SIGN_PKCS12:?run packaging/testkeys.sh and source its env.sh}"
VERSION="$(app_version)"
HERE="$ROOT/packaging/windows"
WORK="$BUILD/windows-standin"
OUT="$DIST/windows-standin"
SETUP="$OUT/$APP_NAME-$VERSION-windows-x64-setup-STANDIN.exe"
export RCP_SIGN_SUBJECT="${RCP_SIGN_SUBJECT:-rcp-desktop TEST code signing}"
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK/payload/_internal" "$OUT"

step "stand-in payload (makensis $(makensis -VERSION))"
for exe in "$APP_NAME.exe" "$APP_NAME-cli.exe"; do
    makensis -V1 -WX -DOUTFILE="$WORK/payload/$exe" -DVERSION="$VERSION" "$HERE/standin.nsi"
done
echo "stand-in for the frozen libraries" > "$WORK/payload/_internal/README.txt"

step "sign and verify the inner executables"
"$HERE/sign.sh" "$WORK/payload/"*.exe
"$HERE/verify.sh" "$WORK/payload/"*.exe

step "compile the installer (rcp-desktop.nsi), uninstaller signed on the fly"
makensis -V2 -WX -DVERSION="$VERSION" -DSOURCE_DIR="$WORK/payload" -DOUTFILE="$SETUP" \
    -DSIGN_COMMAND="$HERE/sign.sh" "$HERE/rcp-desktop.nsi" | sed 's/^/    /'
[ -s "$SETUP" ] || die "makensis produced no installer"

step "sign and verify the installer"
"$HERE/sign.sh" "$SETUP"
"$HERE/verify.sh" "$SETUP"

step "the executables inside the installer are the signed ones"
7z x -y -o"$WORK/unpacked" "$SETUP" >/dev/null || die "7z cannot unpack the installer"
for exe in "$APP_NAME.exe" "$APP_NAME-cli.exe"; do
    cmp -s "$WORK/unpacked/$exe" "$WORK/payload/$exe" || die "$exe inside the installer differs"
done
# the uninstaller was signed while makensis generated it (!uninstfinalize)
"$HERE/verify.sh" "$WORK/unpacked/$APP_NAME.exe" "$WORK/unpacked/$APP_NAME-cli.exe" \
    "$WORK/unpacked/uninstall.exe"
[ -f "$WORK/unpacked/_internal/README.txt" ] || die "_internal missing from the installer"

step "tampered copies must be rejected"
cp "$SETUP" "$WORK/tampered-setup.exe"
tamper "$WORK/tampered-setup.exe"
expect_failure "installer with one byte changed" "$HERE/verify.sh" "$WORK/tampered-setup.exe"
cp "$WORK/payload/$APP_NAME.exe" "$WORK/tampered-app.exe"
tamper "$WORK/tampered-app.exe"
expect_failure "inner executable with one byte changed" "$HERE/verify.sh" "$WORK/tampered-app.exe"
expect_failure "installer checked against another signer" \
    env RCP_SIGN_SUBJECT="Some Other Publisher" "$HERE/verify.sh" "$SETUP"
info "$(basename "$SETUP") ($(du -h "$SETUP" | cut -f1)): chain verified"
