#!/usr/bin/env bash
# Verify a Linux release the way a practice's IT person would, trusting nothing but the
# published public key:
#   verify-release.sh [--tamper] RELEASE_DIR PUBLIC_KEY.asc [APT_REPO_DIR]
# - SHA256SUMS.asc is a good signature of SHA256SUMS by that key (gpgv, fresh keyring);
# - every file listed in SHA256SUMS has that checksum, and every artefact is listed;
# - each .rpm carries a good signature by that key (rpmkeys, private rpm database);
# - each .deb and .tar.gz is structurally sound;
# - APT_REPO_DIR (optional): `apt-get update` accepts its InRelease with `signed-by=` that key
#   alone (no system keyring), and `apt-get download` fetches the very .deb of the release.
# --tamper: then checks that each of these verifications REJECTS a copy with one byte changed
# (every artefact, SHA256SUMS, the .rpm signature, InRelease, Packages) and a checksum file
# signed by another key. Exits non-zero, loudly, at the first failure.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

TAMPER=0
if [ "${1:-}" = "--tamper" ]; then TAMPER=1; shift; fi
RELEASE="$(cd "${1:?usage: verify-release.sh [--tamper] RELEASE_DIR PUBLIC_KEY [APT_REPO]}" && pwd)"
PUBKEY="$(realpath "${2:?public key file}")"
REPO="${3:+$(cd "$3" && pwd)}"
mkdir -p "$BUILD"
WORK="$(mktemp -d "$BUILD/verify.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

clone() {  # hard links (fast, no space) where possible: replace a file before changing it
    rm -rf "$2"
    cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; }
}
gpg --batch --quiet --homedir "$WORK/keyring-home" --dearmor < "$PUBKEY" > "$WORK/trusted.gpg" 2>/dev/null ||
    gpg --dearmor < "$PUBKEY" > "$WORK/trusted.gpg"
mkdir -p "$WORK/rpmdb"
rpmkeys --dbpath "$WORK/rpmdb" --import "$PUBKEY"

check_sums() {  # DIR: signature, then checksums, then nothing unlisted
    local dir="$1" listed file
    gpgv --quiet --keyring "$WORK/trusted.gpg" "$dir/SHA256SUMS.asc" "$dir/SHA256SUMS" 2>/dev/null || return 1
    (cd "$dir" && sha256sum --quiet --strict -c SHA256SUMS) >/dev/null 2>&1 || return 1
    for file in "$dir"/*; do
        listed="$(basename "$file")"
        case "$listed" in SHA256SUMS|SHA256SUMS.asc) continue ;; esac
        grep -q "  $listed\$" "$dir/SHA256SUMS" || return 1
    done
}

check_rpm() {
    local out
    out="$(rpmkeys --dbpath "$WORK/rpmdb" --checksig "$1" 2>&1)" || return 1
    grep -q "signatures OK" <<<"$out"  # an unsigned RPM says "digests OK" only
}

check_deb() { dpkg-deb --info "$1" >/dev/null 2>&1 && dpkg-deb --fsys-tarfile "$1" | tar -t >/dev/null 2>&1; }
check_tar() { gzip -t "$1" 2>/dev/null; }

apt_opts() {  # ROOT: an apt configuration that sees only the repository and only its key
    local root="$1"
    echo -o "Dir::Etc::SourceList=$root/sources.list" -o "Dir::Etc::SourceParts=$root/none" \
        -o "Dir::Etc::Trusted=$root/none.gpg" -o "Dir::Etc::TrustedParts=$root/none" \
        -o "Dir::State::Lists=$root/lists" -o "Dir::Cache=$root/cache" \
        -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" -o "Acquire::Languages=none"
}

check_apt() {  # REPO_DIR [EXPECTED_DEB]
    local repo="$1" expected="${2:-}" root
    root="$(mktemp -d "$WORK/apt.XXXX")"
    mkdir -p "$root/lists/partial" "$root/cache/archives/partial" "$root/none"
    echo "deb [signed-by=$WORK/trusted.gpg] file:$repo stable main" > "$root/sources.list"
    # shellcheck disable=SC2046
    apt-get $(apt_opts "$root") -q update > "$root/update.log" 2>&1 || return 1
    # apt says W:/E: (and may still exit 0) on a repository it refuses to trust
    grep -Eq "^(W|E|Err):" "$root/update.log" && return 1
    if [ -n "$expected" ]; then
        # shellcheck disable=SC2046
        (cd "$root" && apt-get $(apt_opts "$root") -q download "$APP_NAME" >/dev/null 2>&1) || return 1
        cmp -s "$root"/"${APP_NAME}"_*.deb "$expected" || return 1
    fi
}

step "verify $RELEASE with $(basename "$PUBKEY") only"
check_sums "$RELEASE" || die "SHA256SUMS signature or checksums do not verify"
info "SHA256SUMS.asc: good signature; $(wc -l < "$RELEASE/SHA256SUMS") checksums match"
shopt -s nullglob
for rpm in "$RELEASE"/*.rpm; do check_rpm "$rpm" || die "bad or missing RPM signature: $rpm"; info "$(basename "$rpm"): signature OK"; done
for deb in "$RELEASE"/*.deb; do check_deb "$deb" || die "broken .deb: $deb"; info "$(basename "$deb"): sound"; done
for tgz in "$RELEASE"/*.tar.gz; do check_tar "$tgz" || die "broken tarball: $tgz"; info "$(basename "$tgz"): sound"; done
debs=("$RELEASE"/*.deb)
if [ -n "$REPO" ]; then
    check_apt "$REPO" "${debs[0]:-}" || die "apt refuses the repository $REPO (or serves another .deb)"
    info "apt repository: InRelease accepted with signed-by, the release's .deb downloaded"
fi

[ "$TAMPER" = 1 ] || exit 0
step "tampered copies must be rejected"
for file in "$RELEASE"/*; do
    name="$(basename "$file")"
    case "$name" in *.asc) continue ;; esac
    copy="$WORK/tampered-release"
    clone "$RELEASE" "$copy"
    rm -f "$copy/$name"
    cp "$file" "$copy/$name"
    tamper "$copy/$name"
    expect_failure "$name (checksums)" check_sums "$copy"
    case "$name" in *.rpm) expect_failure "$name (RPM signature)" check_rpm "$copy/$name" ;; esac
done
copy="$WORK/other-signer"
clone "$RELEASE" "$copy"
rm -f "$copy/SHA256SUMS.asc"
mkdir -m 700 "$WORK/other-gnupg"
GNUPGHOME="$WORK/other-gnupg" gpg --batch --quiet --passphrase "" --quick-generate-key \
    "someone else <other@rcp-desktop.invalid>" rsa3072 sign 1d 2>/dev/null
GNUPGHOME="$WORK/other-gnupg" gpg --batch --yes --armor --detach-sign --output "$copy/SHA256SUMS.asc" "$copy/SHA256SUMS"
expect_failure "SHA256SUMS signed by another key" check_sums "$copy"
if [ -n "$REPO" ]; then
    for part in "dists/stable/InRelease" "dists/stable/main/binary-$(dpkg --print-architecture)/Packages"; do
        copy="$WORK/tampered-repo"
        clone "$REPO" "$copy"
        if [ "${part##*/}" = InRelease ]; then
            sed -i 's/^Origin: rcp-desktop$/Origin: rcp-desktop-evil/' "$copy/$part"  # signed text
        else
            sed -i 's/^Version: \(.*\)$/Version: \1+evil/' "$copy/$part"  # no longer as Release says
            rm -f "$copy/$part.gz" "$copy/$part.xz"
            gzip -n -9 -c "$copy/$part" > "$copy/$part.gz"
            xz -9 -c "$copy/$part" > "$copy/$part.xz"
        fi
        cmp -s "$REPO/$part" "$copy/$part" && die "tampering $part changed nothing"
        expect_failure "apt repository with altered $(basename "$part")" check_apt "$copy"
    done
fi
info "every tampered copy was rejected"
