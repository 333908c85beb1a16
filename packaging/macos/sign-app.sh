#!/usr/bin/env bash
# Sign dist/rcp-desktop.app inside out with the hardened runtime and a secure timestamp (every
# Mach-O file and framework, then the bundle with the entitlements), then verify it.
#   MACOS_SIGN_IDENTITY=... packaging/macos/sign-app.sh
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
need_identity
[ -d "$APP_BUNDLE" ] || die "no $APP_BUNDLE: run packaging/build-frozen.sh on macOS first"

sign() {
    codesign --force --options runtime --timestamp ${keychain_opt[@]+"${keychain_opt[@]}"} \
        --sign "$MACOS_SIGN_IDENTITY" "$@"
}

step "sign the code inside $APP_BUNDLE"
count=0
# Deepest paths first: a framework or bundle is sealed after what it contains.
while IFS= read -r file; do
    if file -b "$file" | grep -q "Mach-O"; then
        out="$(sign "$file" 2>&1)" || die "codesign failed on $file: $out"
        count=$((count + 1))
    fi
done < <(find "$APP_BUNDLE/Contents" -type f ! -path "*/Contents/MacOS/$APP_NAME" |
    awk -F/ '{print NF "\t" $0}' | sort -rn | cut -f2-)
while IFS= read -r framework; do
    out="$(sign "$framework" 2>&1)" || die "codesign failed on $framework: $out"
done < <(find "$APP_BUNDLE/Contents" -type d -name "*.framework" | awk -F/ '{print NF "\t" $0}' | sort -rn | cut -f2-)
info "$count Mach-O files signed"

step "sign the bundle (entitlements: $(basename "$ENTITLEMENTS"))"
sign --entitlements "$ENTITLEMENTS" "$APP_BUNDLE/Contents/MacOS/$APP_NAME"
sign --entitlements "$ENTITLEMENTS" "$APP_BUNDLE"

step "verify"
codesign --verify --deep --strict --verbose=2 "$APP_BUNDLE"
codesign --display --verbose=2 "$APP_BUNDLE" 2>&1 | grep -E "^(Authority|TeamIdentifier|Timestamp|Runtime|Identifier)" | sed 's/^/    /'
codesign --display --entitlements - "$APP_BUNDLE" >/dev/null
