"""Reading a content pack: its manifest, and each member checked and streamed into a folder.

:func:`extract_verified` first has :mod:`kiosk.ops.packscan` check the limits from the raw tar
headers, then unpacks member by member (each file streamed in 1 MB blocks and hashed on the
way), refusing links, devices, absolute paths, ``..``, anything outside ``lessons/``, ``maps/``
and ``translations/``, compiled ``.mo`` catalogs, files not in ``MANIFEST.sha256`` (or listed but
missing) and hash mismatches. The caller (:class:`kiosk.ops.content.ContentReleases`) removes the
folder when anything was wrong.
"""
from __future__ import annotations

import hashlib
import re
import tarfile
from pathlib import Path, PurePosixPath

from kiosk.errors import ContentError
from kiosk.ops.packscan import DEFAULT_LIMITS, PackLimits, scan_headers

PARTS = ("lessons", "maps", "translations")
MANIFEST = "MANIFEST.sha256"
MAX_MANIFEST_BYTES = 4 << 20  # ~100 bytes a line for the most members a pack may hold, and room
MAX_PROBLEMS = 25
_MANIFEST_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


class PackError(ContentError):
    """A content pack was refused; ``problems`` lists every reason (``str()`` shows them all)."""

    def __init__(self, pack: str | Path, problems: list[str]) -> None:
        self.problems = list(problems)
        shown = problems[:MAX_PROBLEMS]
        more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(pack, "", "refused, nothing was changed:\n  " + "\n  ".join(shown) + more)


# -- manifest --------------------------------------------------------------------------------

def parse_manifest(text: str) -> tuple[dict[str, str], list[str]]:
    """``{path: sha256}`` from ``sha256sum`` output, and the problems of malformed lines."""
    entries: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.match(line)
        if not match:
            problems.append(f"{MANIFEST}: line {number}: not '<sha256>  <path>'")
            continue
        digest, name = match.group(1).lower(), match.group(2)
        path = _safe_name(name)
        if path is None:
            problems.append(f"{MANIFEST}: line {number}: unsafe path {name!r}")
        elif path in entries:
            problems.append(f"{MANIFEST}: line {number}: {path} is listed twice")
        else:
            entries[path] = digest
    return entries, problems


def _safe_name(name: str) -> str | None:
    """The member's normalised relative path, or None when it is absolute or climbs out."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name:
        return None
    parts = [p for p in PurePosixPath(name).parts if p != "."]
    if not parts or any(p == ".." for p in parts):
        return None
    return "/".join(parts)


# -- reading a pack --------------------------------------------------------------------------

def extract_verified(pack: Path, dest: Path, limits: PackLimits = DEFAULT_LIMITS) -> list[str]:
    """Unpack ``pack`` into the empty folder ``dest``, checking every member and the manifest.

    Returns the problems (empty when the pack is sound). Files are written only inside ``dest``,
    and only after the headers showed the pack within ``limits`` (:mod:`kiosk.ops.packscan`).
    """
    problems = scan_headers(pack, limits)
    if problems:
        return problems
    hashes: dict[str, str] = {}
    manifest_text: str | None = None
    budget = _Budget(limits)
    try:
        tar = tarfile.open(pack, "r:*")
    except (OSError, tarfile.TarError) as exc:
        return [f"not a readable .tar.gz ({exc})"]
    with tar:
        try:
            for member in tar:
                if not budget.admit(member, problems):
                    return problems
                manifest_text = _take_member(tar, member, dest, hashes, problems, manifest_text, limits)
        except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
            problems.append(f"the archive is damaged ({type(exc).__name__}: {exc})")
            return problems
    if manifest_text is None:
        return problems + [f"{MANIFEST} is missing"]
    entries, bad_lines = parse_manifest(manifest_text)
    problems += bad_lines
    for name in sorted(set(hashes) - set(entries)):
        problems.append(f"{name}: not listed in {MANIFEST}")
    for name in sorted(set(entries) - set(hashes)):
        problems.append(f"{name}: listed in {MANIFEST} but not in the pack")
    for name in sorted(set(entries) & set(hashes)):
        if entries[name] != hashes[name]:
            problems.append(f"{name}: SHA-256 does not match {MANIFEST} (damaged or altered)")
    return problems


class _Budget:
    """The limits again, as ``tarfile`` reads each member (sparse members at their full size)."""

    def __init__(self, limits: PackLimits) -> None:
        self.limits, self.members, self.total = limits, 0, 0

    def admit(self, member: tarfile.TarInfo, problems: list[str]) -> bool:
        self.members += 1
        self.total += member.size
        if member.size > self.limits.max_file_bytes:
            problems.append(f"{member.name}: larger than {self.limits.max_file_bytes:,} bytes; refused")
            return False
        if self.members > self.limits.max_members or self.total > self.limits.max_total_bytes:
            problems.append("the pack is larger than its limits; refused")
            return False
        return True


def _take_member(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path, hashes: dict[str, str],
                 problems: list[str], manifest_text: str | None,
                 limits: PackLimits = DEFAULT_LIMITS) -> str | None:
    """Check one tar member and write it under ``dest``; return the manifest text when it is that."""
    name = _safe_name(member.name)
    if name is None:
        problems.append(f"{member.name}: path leaves the pack (absolute or '..'); refused")
        return manifest_text
    if member.issym() or member.islnk():
        problems.append(f"{name}: links are not allowed in a content pack")
        return manifest_text
    if member.isdir():
        if name.split("/")[0] not in PARTS:
            problems.append(f"{name}/: unexpected folder; a pack holds only {', '.join(PARTS)}/")
        return manifest_text
    if not member.isfile():
        problems.append(f"{name}: not a regular file (device, pipe…); refused")
        return manifest_text
    source = tar.extractfile(member)
    assert source is not None  # a regular file always has data
    if name == MANIFEST:
        if manifest_text is not None:
            problems.append(f"{MANIFEST} appears twice")
        if member.size > MAX_MANIFEST_BYTES:
            problems.append(f"{MANIFEST} is {member.size:,} bytes; far too large for a manifest")
            return manifest_text
        return source.read().decode("utf-8", errors="replace")
    if name.split("/")[0] not in PARTS or "/" not in name:
        problems.append(f"{name}: unexpected file; a pack holds only {', '.join(PARTS)}/ and {MANIFEST}")
        return manifest_text
    if name.startswith("translations/") and name.endswith(".mo"):
        problems.append(f"{name}: compiled catalogs are not accepted; ship the .po file "
                        "(the kiosk compiles and checks it when the pack is installed)")
        return manifest_text
    if name in hashes:
        problems.append(f"{name}: appears twice in the archive")
        return manifest_text
    target = dest.joinpath(*name.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(target, "wb") as out:  # in blocks: a member never sits whole in memory
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    hashes[name] = digest.hexdigest()
    target.chmod(0o644)
    return manifest_text


__all__ = ["PackError", "parse_manifest", "extract_verified", "PARTS", "MANIFEST"]
