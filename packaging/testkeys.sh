#!/usr/bin/env bash
# Throw-away signing material for one packaging run, in the folder given as $1 (made private):
#   gnupg/                  a GnuPG home with one passphrase-less RSA key, valid one day
#   signing-key.asc         its public key (armored), rcp-desktop-archive-keyring.gpg (binary,
#                           for apt's signed-by)
#   codesign/               a test CA and an Authenticode code-signing certificate under it
#                           (ca.pem, codesign.p12 with its password in codesign.pass)
#   env.sh                  GNUPGHOME, RCP_GPG_KEY, RCP_SIGN_PKCS12, RCP_SIGN_PASSFILE,
#                           RCP_SIGN_CAFILE for the other scripts (`source` it)
# Nothing here is ever committed or reused: the real keys come from the release secrets.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

KEYS="${1:?usage: testkeys.sh DIR}"
rm -rf "$KEYS"
mkdir -p "$KEYS/gnupg" "$KEYS/codesign"
chmod 700 "$KEYS" "$KEYS/gnupg"
export GNUPGHOME="$KEYS/gnupg"

step "throw-away GPG key"
gpg --batch --quiet --passphrase "" --quick-generate-key \
    "rcp-desktop throw-away test key <packaging-test@rcp-desktop.invalid>" rsa3072 sign 1d \
    2>"$KEYS/gpg.log" || { cat "$KEYS/gpg.log" >&2; die "GPG key generation failed"; }
fingerprint="$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" {print $10; exit}')"
[ -n "$fingerprint" ] || die "GPG key generation failed"
gpg --batch --armor --export "$fingerprint" > "$KEYS/signing-key.asc"
gpg --batch --export "$fingerprint" > "$KEYS/rcp-desktop-archive-keyring.gpg"
info "fingerprint $fingerprint"

step "throw-away code-signing certificate (test CA -> leaf)"
cs="$KEYS/codesign"
openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 2 -subj "/CN=rcp-desktop TEST CA (throw-away)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$cs/ca.key" -out "$cs/ca.pem" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -sha256 -subj "/CN=rcp-desktop TEST code signing (throw-away)/O=rcp-desktop" \
    -keyout "$cs/codesign.key" -out "$cs/codesign.csr" 2>/dev/null
cat > "$cs/ext.cnf" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=codeSigning
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
openssl x509 -req -in "$cs/codesign.csr" -CA "$cs/ca.pem" -CAkey "$cs/ca.key" -CAcreateserial \
    -days 1 -sha256 -extfile "$cs/ext.cnf" -out "$cs/codesign.pem" 2>/dev/null
openssl rand -hex 16 > "$cs/codesign.pass"
openssl pkcs12 -export -inkey "$cs/codesign.key" -in "$cs/codesign.pem" -certfile "$cs/ca.pem" \
    -passout "file:$cs/codesign.pass" -out "$cs/codesign.p12"
rm -f "$cs/codesign.key" "$cs/ca.key" "$cs/codesign.csr"
info "$(openssl x509 -in "$cs/codesign.pem" -noout -subject)"

cat > "$KEYS/env.sh" <<EOF
export GNUPGHOME="$KEYS/gnupg"
export RCP_GPG_KEY="$fingerprint"
export RCP_GPG_PUBLIC_KEY="$KEYS/signing-key.asc"
export RCP_APT_KEYRING="$KEYS/rcp-desktop-archive-keyring.gpg"
export RCP_SIGN_PKCS12="$cs/codesign.p12"
export RCP_SIGN_PASSFILE="$cs/codesign.pass"
export RCP_SIGN_CAFILE="$cs/ca.pem"
EOF
