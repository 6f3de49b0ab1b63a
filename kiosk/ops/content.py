"""Content packs: build, verify, validate and install lessons, map packs and catalogs atomically.

A pack is a ``.tar.gz`` holding any of ``lessons/``, ``maps/`` and ``translations/`` plus
``MANIFEST.sha256`` (``sha256sum`` format: ``<hex>  <path>`` per file). Installing one:

1. reads the tar member by member into a staging folder, refusing links, devices, absolute paths,
   ``..``, anything outside those three folders, any file not in the manifest (or listed but
   missing) and any hash mismatch;
2. copies the parts the pack does not carry (say, a lessons-only pack) from the current release;
3. validates the whole staged tree: every lesson (``kiosk.lessons.validate``), every map pack
   (``kiosk.maps.validate_pack``; the configured pack must be there), every catalog (Babel
   ``read_po``, then compiled to ``.mo``);
4. only then renames the staging folder to ``releases/<UTC time>`` and swaps two symlinks with
   atomic renames: ``previous`` → the old release, ``current`` → the new one.

A bad pack changes nothing (the staging folder is removed) and :class:`PackError` lists every
problem. ``rollback`` swaps ``current`` and ``previous``. Old releases beyond the newest few are
pruned; ``current`` and ``previous`` are never removed.

Layout on an installed kiosk (``/var/lib/weho-kiosk/content`` is the *content root*)::

    content/
      releases/20250304T153000Z/{lessons,maps,translations}
      releases/20250310T080000Z/...
      current  -> releases/20250310T080000Z
      previous -> releases/20250304T153000Z

and the config names the symlink: ``[paths] content_dir = "/var/lib/weho-kiosk/content/current"``.
The kiosk resolves it when it loads content, so a new release shows after the next restart (the
nightly restart, or ``systemctl restart weho-kiosk``); the release it started from stays on disk.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import tarfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from kiosk.errors import ContentError

logger = logging.getLogger(__name__)

PARTS = ("lessons", "maps", "translations")
MANIFEST = "MANIFEST.sha256"
CURRENT, PREVIOUS, RELEASES = "current", "previous", "releases"
KEEP_RELEASES = 3
MAX_PROBLEMS = 25
_SKIP_NAMES = {"__pycache__", ".git", ".DS_Store"}
_SKIP_SUFFIXES = (".pyc", ".mo", ".tmp")
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


def _wanted(rel: PurePosixPath) -> bool:
    return not any(p in _SKIP_NAMES or p.startswith(".") for p in rel.parts) \
        and not rel.name.endswith(_SKIP_SUFFIXES)


def content_files(src: Path) -> list[str]:
    """Files of a content folder that belong in a pack, as sorted relative POSIX paths."""
    found: list[str] = []
    for part in PARTS:
        base = src / part
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = PurePosixPath(path.relative_to(src).as_posix())
            if not _wanted(rel):
                continue
            if path.is_symlink():
                raise ContentError(path, "", "symbolic links cannot go into a content pack")
            if path.is_file():
                found.append(str(rel))
    return found


def build_pack(src: str | Path, out: str | Path, map_pack: str | None = None) -> int:
    """Write a pack of ``src``'s lessons/maps/translations with its manifest; return the file count.

    The content is validated first, so a pack that would be refused is never built.
    """
    src, out = Path(src), Path(out)
    files = content_files(src)
    if not files:
        raise ContentError(src, "", f"no content found (expected any of {', '.join(PARTS)}/)")
    problems = validate_tree(src, map_pack, compile_catalogs=False)
    if problems:
        raise PackError(src, problems)
    manifest = "".join(f"{_sha256_file(src / f)}  {f}\n" for f in files).encode("utf-8")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tmp, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(manifest), 0o644, int(datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(manifest))
        for name in files:
            tar.add(src / name, arcname=name, recursive=False, filter=_plain_member)
    os.replace(tmp, out)
    return len(files)


def _plain_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    return info


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- reading a pack --------------------------------------------------------------------------

def extract_verified(pack: Path, dest: Path) -> list[str]:
    """Unpack ``pack`` into the empty folder ``dest``, checking every member and the manifest.

    Returns the problems (empty when the pack is sound). Files are written only inside ``dest``.
    """
    problems: list[str] = []
    hashes: dict[str, str] = {}
    manifest_text: str | None = None
    try:
        tar = tarfile.open(pack, "r:*")
    except (OSError, tarfile.TarError) as exc:
        return [f"not a readable .tar.gz ({exc})"]
    with tar:
        try:
            for member in tar:
                manifest_text = _take_member(tar, member, dest, hashes, problems, manifest_text)
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


def _take_member(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path, hashes: dict[str, str],
                 problems: list[str], manifest_text: str | None) -> str | None:
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
    data = tar.extractfile(member).read()  # type: ignore[union-attr]
    if name == MANIFEST:
        if manifest_text is not None:
            problems.append(f"{MANIFEST} appears twice")
        return data.decode("utf-8", errors="replace")
    if name.split("/")[0] not in PARTS or "/" not in name:
        problems.append(f"{name}: unexpected file; a pack holds only {', '.join(PARTS)}/ and {MANIFEST}")
        return manifest_text
    if name in hashes:
        problems.append(f"{name}: appears twice in the archive")
        return manifest_text
    hashes[name] = hashlib.sha256(data).hexdigest()
    target = dest.joinpath(*name.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    target.chmod(0o644)
    return manifest_text


# -- validating a content tree ---------------------------------------------------------------

def validate_tree(tree: Path, map_pack: str | None, compile_catalogs: bool = True) -> list[str]:
    """Every problem in a content folder; catalogs are compiled to ``.mo`` when asked and valid."""
    problems = _lesson_problems(tree) + _map_problems(tree, map_pack) + _catalog_problems(tree, compile_catalogs)
    return [_pack_relative(p, tree) for p in problems]


def _pack_relative(problem: str, tree: Path) -> str:
    """Name files as the pack does (``lessons/x/lesson.toml``), not by the staging folder."""
    for prefix in {str(tree.resolve()), os.path.abspath(tree), os.path.relpath(tree)}:
        if problem.startswith(prefix + os.sep):
            return problem[len(prefix) + 1:]
    return problem


def _lesson_problems(tree: Path) -> list[str]:
    from kiosk.lessons.loader import validate
    folder = tree / "lessons"
    return [str(p) for p in validate([folder])] if folder.is_dir() else []


def _map_problems(tree: Path, map_pack: str | None) -> list[str]:
    from kiosk.maps.pack import validate_pack
    problems: list[str] = []
    maps = tree / "maps"
    packs = sorted(p for p in maps.iterdir() if (p / "pack.toml").is_file()) if maps.is_dir() else []
    for pack in packs:
        for problem in validate_pack(pack):
            if problem.severity == "error":
                problems.append(f"maps/{pack.name}/{problem}")
    if map_pack and not (maps / map_pack / "pack.toml").is_file():
        problems.append(f"maps/{map_pack}: the configured map pack ([maps] pack = {map_pack!r}) is missing")
    return problems


def _catalog_problems(tree: Path, compile_catalogs: bool) -> list[str]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    problems: list[str] = []
    for po in sorted((tree / "translations").glob("*/LC_MESSAGES/*.po")):
        rel = po.relative_to(tree).as_posix()
        try:
            with open(po, "rb") as fh:
                catalog = read_po(fh, abort_invalid=True)
        except Exception as exc:  # noqa: BLE001 - Babel raises several kinds for bad catalogs
            line = getattr(exc, "lineno", None)
            text = str(exc).removesuffix(f" on {line}")
            problems.append(f"{rel}: line {line}: {text}" if line else f"{rel}: {text}")
            continue
        if compile_catalogs:
            with open(po.with_suffix(".mo"), "wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
    return problems


# -- releases --------------------------------------------------------------------------------

def content_root(content_dir: Path) -> Path:
    """The folder holding ``releases/``, ``current`` and ``previous`` for ``[paths] content_dir``."""
    content_dir = Path(content_dir)
    if content_dir.name != CURRENT:
        raise ContentError(None, "[paths] content_dir",
                           f"is {content_dir}; to install content packs it must name the 'current' "
                           "link of a content root, e.g. /var/lib/weho-kiosk/content/current")
    return content_dir.parent


@dataclass
class ContentReleases:
    """The releases under one content root, and the two links that choose between them."""

    root: Path
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    keep: int = KEEP_RELEASES

    @property
    def releases_dir(self) -> Path:
        return self.root / RELEASES

    def _target(self, link: str) -> Path | None:
        path = self.root / link
        return path.resolve() if path.is_symlink() and path.resolve().is_dir() else None

    @property
    def current(self) -> Path | None:
        return self._target(CURRENT)

    @property
    def previous(self) -> Path | None:
        return self._target(PREVIOUS)

    def releases(self) -> list[Path]:
        if not self.releases_dir.is_dir():
            return []
        return sorted(p for p in self.releases_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def install(self, pack: str | Path, map_pack: str | None = None) -> Path:
        """Verify, validate and switch to ``pack``; return the new release. Raises PackError."""
        pack = Path(pack)
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        staging = self.releases_dir / f".incoming-{os.getpid()}"
        staging.mkdir()
        try:
            problems = extract_verified(pack, staging)
            if not problems:
                self._carry_over(staging)
                problems = validate_tree(staging, map_pack)
            if problems:
                raise PackError(pack, problems)
            release = self._new_release_path()
            os.rename(staging, release)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._switch(release)
        logger.info("content pack %s installed as release %s", pack.name, release.name)
        self._prune()
        return release

    def rollback(self) -> Path:
        """Make the previous release current again (and the current one previous)."""
        current, previous = self.current, self.previous
        if previous is None:
            raise ContentError(self.root, "", "there is no previous content release to go back to")
        if current is not None:
            self._link(PREVIOUS, current)
        else:
            (self.root / PREVIOUS).unlink()
        self._link(CURRENT, previous)
        logger.info("content rolled back to release %s", previous.name)
        return previous

    def _carry_over(self, staging: Path) -> None:
        """Parts the pack does not carry stay as they are in the current release."""
        current = self.current
        for part in PARTS:
            if not (staging / part).exists() and current is not None and (current / part).is_dir():
                shutil.copytree(current / part, staging / part, symlinks=False,
                                ignore=shutil.ignore_patterns("__pycache__"))

    def _new_release_path(self) -> Path:
        stamp = self.clock().astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        release, n = self.releases_dir / stamp, 1
        while release.exists():
            n += 1
            release = self.releases_dir / f"{stamp}-{n}"
        return release

    def _switch(self, release: Path) -> None:
        current = self.current
        if current is not None and current != release:
            self._link(PREVIOUS, current)
        self._link(CURRENT, release)

    def _link(self, name: str, target: Path) -> None:
        """Point ``root/name`` at ``target`` with one atomic rename (relative, so the root can move)."""
        tmp = self.root / f".{name}.{os.getpid()}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(os.path.relpath(target, self.root), tmp)
        os.replace(tmp, self.root / name)
        _fsync_dir(self.root)

    def _remove_leftovers(self) -> None:
        for stale in self.releases_dir.glob(".incoming-*"):
            shutil.rmtree(stale, ignore_errors=True)

    def _prune(self) -> None:
        """Keep ``keep`` releases: current, previous and the newest others; remove the rest."""
        protected = {p for p in (self.current, self.previous) if p is not None}
        others = [r for r in self.releases() if r.resolve() not in protected]
        room = max(0, self.keep - len(protected))
        for release in others[:len(others) - room] if room < len(others) else []:
            shutil.rmtree(release, ignore_errors=True)
            logger.info("removed old content release %s", release.name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe(releases: ContentReleases) -> Iterable[str]:
    """Lines for ``kiosk content status``."""
    current, previous = releases.current, releases.previous
    for release in releases.releases():
        mark = "current" if release == current else "previous" if release == previous else ""
        yield f"{release.name}  {mark}".rstrip()


__all__ = ["PackError", "ContentReleases", "build_pack", "extract_verified", "validate_tree",
           "parse_manifest", "content_root", "content_files", "describe", "PARTS", "MANIFEST"]
