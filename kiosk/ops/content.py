"""Content packs: build, verify, validate and install lessons, map packs and catalogs atomically.

A pack is a ``.tar.gz`` holding any of ``lessons/``, ``maps/`` and ``translations/`` plus
``MANIFEST.sha256`` (``sha256sum`` format: ``<hex>  <path>`` per file). Installing one:

1. checks the limits (:mod:`kiosk.ops.packscan`: total and per-file size — sparse files at their
   full size — and member count) from the tar headers alone, then reads the tar member by member
   into a staging folder, streaming each file, refusing links, devices, absolute paths, ``..``,
   anything outside those three folders, compiled ``.mo`` catalogs, any file not in the manifest
   (or listed but missing) and any hash mismatch;
2. copies the parts the pack does not carry (say, a lessons-only pack) from the current release;
3. validates the whole staged tree (:mod:`kiosk.ops.content_checks`): lessons, JSON size and
   depth, map packs (the configured one must be there), catalogs checked and compiled to ``.mo``;
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
import shutil
import tarfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from kiosk.errors import ContentError
from kiosk.ops.content_checks import validate_tree
from kiosk.ops.packread import MANIFEST, PARTS, PackError, extract_verified, parse_manifest
from kiosk.ops.packscan import DEFAULT_LIMITS, PackLimits

logger = logging.getLogger(__name__)

CURRENT, PREVIOUS, RELEASES = "current", "previous", "releases"
KEEP_RELEASES = 3
_SKIP_NAMES = {"__pycache__", ".git", ".DS_Store"}
_SKIP_SUFFIXES = (".pyc", ".mo", ".tmp")


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


def build_pack(src: str | Path, out: str | Path, map_pack: str | None = None,
               limits: PackLimits = DEFAULT_LIMITS) -> int:
    """Write a pack of ``src``'s lessons/maps/translations with its manifest; return the file count.

    The content is validated first (limits included), so a pack that would be refused is never built.
    """
    src, out = Path(src), Path(out)
    files = content_files(src)
    if not files:
        raise ContentError(src, "", f"no content found (expected any of {', '.join(PARTS)}/)")
    problems = _size_problems(src, files, limits) or validate_tree(src, map_pack, compile_catalogs=False)
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


def _size_problems(src: Path, files: list[str], limits: PackLimits) -> list[str]:
    if len(files) + 1 > limits.max_members:
        return [f"{len(files):,} files; a pack may hold at most {limits.max_members - 1:,}"]
    problems, total = [], 0
    for name in files:
        size = (src / name).stat().st_size
        total += size
        if size > limits.max_file_bytes:
            problems.append(f"{name}: {size:,} bytes; a file may be at most {limits.max_file_bytes:,}")
    if total > limits.max_total_bytes:
        problems.append(f"the files add up to {total:,} bytes; a pack may hold at most {limits.max_total_bytes:,}")
    return problems


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
    limits: PackLimits = DEFAULT_LIMITS

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
            problems = extract_verified(pack, staging, self.limits)
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
