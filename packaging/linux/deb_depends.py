"""Print the Debian ``Depends`` of a frozen bundle: the packages providing the shared libraries
its ELF files need but that the bundle does not carry (GL/EGL, xcb, Wayland…), plus
``libc6 (>= the newest glibc symbol version used)``.

    python3 packaging/linux/deb_depends.py dist/rcp-desktop

(dpkg-shlibdeps does the same job for Debian-built binaries, but on a PyInstaller bundle it
takes over a minute and resolves the bundled copies to system packages too.)
Libraries are located with ``ldconfig -p`` and mapped to packages with ``dpkg-query -S`` on
the build machine; a needed library found nowhere is an error (the bundle could not start).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
# Provided by libc6 itself (glibc), whatever their path.
GLIBC_SONAMES = {
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libutil.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "libresolv.so.2",
    "libanl.so.1",
    "libnsl.so.1",
    "libcrypt.so.1",
}


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as fh:
                if fh.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def dynamic_info(path: Path) -> tuple[set[str], set[str]]:
    """(DT_NEEDED sonames, GLIBC_x.y versions required) of one ELF file."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    needed = {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}
    return needed, set(re.findall(r"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b", out))


def library_paths() -> dict[str, str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match and (
            "x86-64" in match.group(2) or "AArch64" in match.group(2) or "64bit" in match.group(2)
        ):
            paths.setdefault(match.group(1), match.group(3))
    return paths


def owning_package(path: str) -> str | None:
    candidates = [path, str(Path(path).resolve())]
    # usrmerge: dpkg may know /lib/... while ldconfig says /usr/lib/... (or the reverse)
    for candidate in list(candidates):
        if candidate.startswith("/usr/lib/"):
            candidates.append(candidate[len("/usr") :])
        elif candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
    for candidate in candidates:
        result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].strip()
    return None


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def depends(bundle: Path) -> str:
    files = elf_files(bundle)
    bundled = {path.name for path in bundle.rglob("*") if path.is_file() or path.is_symlink()}
    needed: set[str] = set()
    glibc: set[str] = set()
    for path in files:
        names, versions = dynamic_info(path)
        needed |= names
        glibc |= versions
    external = sorted(needed - bundled - GLIBC_SONAMES)
    paths = library_paths()
    packages: set[str] = set()
    missing = []
    for soname in external:
        if soname not in paths:
            missing.append(soname)
            continue
        package = owning_package(paths[soname])
        if package is None:
            missing.append(soname)
        else:
            packages.add(package)
    if missing:
        raise SystemExit(
            f"libraries needed by the bundle found on no installed package: {', '.join(missing)}"
        )
    packages.discard("libc6")
    newest = max(glibc, key=version_key) if glibc else None
    head = [f"libc6 (>= {newest})"] if newest else ["libc6"]
    return ", ".join(head + sorted(packages))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: deb_depends.py BUNDLE_DIR")
    print(depends(Path(sys.argv[1])))
