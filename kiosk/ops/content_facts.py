"""What content a kiosk shows and when chargers last synced, read cheaply enough to ask often.

The health report is asked for every few seconds by a monitor, and ``kiosk health`` may run on a
kiosk whose content holds large files. So nothing here reads a whole file into memory or parses a
file twice for the same contents:

- file hashes are streamed in 1 MB blocks and remembered by size, modification time and inode —
  a report re-reads only files that changed (a new content release, an edited lesson);
- a catalog (``.po``) is parsed once per version of the file, not per report;
- the charger cache (megabytes for a big network) is not parsed at all when its head names the
  sync time and source, which it does; otherwise it is parsed once per version, up to a limit.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TypeVar

from kiosk.redact import redact_text

BLOCK = 1 << 20
#: The charger cache is parsed in full only below this size (its head normally suffices).
MAX_CACHE_PARSE_BYTES = 32 << 20
_HEAD_BYTES = 64 << 10
_SKIPPED_SUFFIXES = (".pyc", ".mo")
T = TypeVar("T")

Stamp = tuple[int, int, int]


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def sha256_file(path: Path) -> bytes:
    """SHA-256 of a file, read in blocks (memory stays at one block whatever the file's size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
    return digest.digest()


class StampCache:
    """Values computed from a file, remembered until the file's size, time or inode change."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Stamp, Any]] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, compute: Callable[[Path], T], st: os.stat_result | None = None) -> T:
        stamp = _stamp(st or path.stat())
        key = str(path)
        with self._lock:
            hit = self._known.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = compute(path)
        with self._lock:
            self._known[key] = (stamp, value)
        return value


_digests = StampCache()
_catalogs = StampCache()
_charger_heads = StampCache()


def tree_hash(folder: Path) -> str | None:
    """SHA-256 over the relative paths and contents of every file under ``folder`` (first 16 hex).

    Only files that changed since the last call are read again (see :class:`StampCache`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(_SKIPPED_SUFFIXES):
                continue
            path = Path(dirpath) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(_digests.get(path, sha256_file, st))
    return digest.hexdigest()[:16]


def _lessons_info(folder: Path) -> dict[str, Any]:
    from kiosk.lessons.loader import LESSON_FILE, lesson_folders
    count = sum(1 for sub in lesson_folders(folder) if (sub / LESSON_FILE).is_file())
    return {"count": count, "hash": tree_hash(folder)}


def _map_info(folder: Path) -> dict[str, Any]:
    import tomllib
    info: dict[str, Any] = {"id": folder.name, "name": None, "version": None, "hash": None}
    try:
        with open(folder / "pack.toml", "rb") as fh:
            meta = tomllib.loads(fh.read(1 << 20).decode("utf-8")).get("pack", {})
    except (OSError, ValueError, RecursionError):
        info["problem"] = "pack.toml missing or unreadable"
        return info
    info.update(id=str(meta.get("id", folder.name)), name=meta.get("name"),
                version=meta.get("version"), hash=tree_hash(folder))
    return info


def _read_catalog_info(po: Path) -> dict[str, Any]:
    from babel.messages.pofile import read_po
    try:
        with open(po, "rb") as fh:
            catalog = read_po(fh)
    except Exception as exc:  # noqa: BLE001 - a broken catalog is a fact to report
        return {"problem": f"{type(exc).__name__}: {exc}"}
    real = [m for m in catalog if m.id]
    done = sum(1 for m in real if m.string and not m.fuzzy
               and (all(m.string) if isinstance(m.string, tuple) else True))
    revision = catalog.revision_date
    return {"translated": done, "messages": len(real),
            "revision": revision.isoformat() if isinstance(revision, datetime) else None}


def catalog_info(folder: Path) -> dict[str, Any]:
    """Per language: the catalog's revision date and how many messages are translated."""
    out: dict[str, Any] = {}
    for po in sorted(Path(folder).glob("*/LC_MESSAGES/kiosk.po")):
        try:
            out[po.parent.parent.name] = _catalogs.get(po, _read_catalog_info)
        except OSError as exc:
            out[po.parent.parent.name] = {"problem": f"unreadable ({exc.strerror or exc})"}
    return out


def content_versions(content_dir: Path, map_pack: str) -> dict[str, Any]:
    """What content this kiosk shows: lessons, the configured map pack, catalogs, release."""
    content_dir = Path(content_dir)
    resolved = content_dir.resolve()
    release = resolved.name if resolved.parent.name == "releases" else None
    return {"dir": str(content_dir), "release": release,
            "lessons": _lessons_info(content_dir / "lessons"),
            "map": _map_info(content_dir / "maps" / map_pack),
            "translations": catalog_info(content_dir / "translations")}


# -- the charger cache ---------------------------------------------------------------------

_HEAD_FIELD = re.compile(rb'"(fetched_at|source)":\s*("(?:[^"\\]|\\.)*"|null)')


def _charger_head(path: Path) -> dict[str, Any]:
    """``fetched_at`` and ``source`` of the cache: from its first 64 KB when they are there."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
        size = os.fstat(fh.fileno()).st_size
    fields: dict[str, Any] = {}
    before_sites = head.split(b'"sites"', 1)[0]
    for match in _HEAD_FIELD.finditer(before_sites):
        fields.setdefault(match.group(1).decode(), json.loads(match.group(2)))
    if "fetched_at" in fields:
        return fields
    if size > MAX_CACHE_PARSE_BYTES:
        raise ValueError(f"larger than {MAX_CACHE_PARSE_BYTES >> 20} MB and no sync time in its head")
    with open(path, "rb") as fh:
        raw = json.loads(fh.read())
    if not isinstance(raw, dict):
        raise TypeError("not a JSON object")
    return {"fetched_at": raw["fetched_at"], "source": raw.get("source")}


def charger_sync(cache_dir: Path, now: datetime) -> dict[str, Any]:
    """The last successful charger sync, from the snapshot cache the charger service writes."""
    from kiosk.chargers.cache import CACHE_FILE
    path = Path(cache_dir) / CACHE_FILE
    try:
        raw = _charger_heads.get(path, _charger_head)
        fetched = datetime.fromisoformat(raw["fetched_at"])
    except FileNotFoundError:
        return {"last_success": None, "age_seconds": None, "source": None}
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        return {"last_success": None, "age_seconds": None, "source": None,
                "problem": f"cache unreadable ({type(exc).__name__})"}
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=timezone.utc)
    source = raw.get("source")
    return {"last_success": fetched.isoformat(),
            "source": redact_text(source) if isinstance(source, str) else None,
            "age_seconds": round(max(0.0, (now - fetched).total_seconds()), 1)}


__all__ = ["tree_hash", "sha256_file", "content_versions", "catalog_info", "charger_sync", "StampCache"]
