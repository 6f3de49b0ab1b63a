"""Limits of a content pack, checked from the tar headers before anything is extracted.

A ``.tar.gz`` says how big each member is in its header, and a sparse member says how big it
becomes (a 244 KB pack can hold a "1 GiB" sparse file). :func:`scan_headers` walks the raw
header blocks of the decompressed stream — without ``tarfile``, which would read a pax or
long-name header of any size into memory before we could look at it — and refuses a pack when:

- it has more than ``max_members`` members;
- a member (its expanded size for sparse members) is larger than ``max_file_bytes``;
- all members together are larger than ``max_total_bytes``;
- an extended header (pax ``x``/``g``, GNU long name ``L``/``K``) is larger than ``max_meta_bytes``;
- the compressed file itself is larger than ``max_total_bytes``.

Skipping a member's data still decompresses it, in 1 MB blocks: memory stays flat. The extraction
that follows (:func:`kiosk.ops.packread.extract_verified`) checks each member again as ``tarfile``
reports it, so the two readings cannot disagree unnoticed.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BLOCK = 512
_CHUNK = 1 << 20
_DATA_TYPES = {tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.CONTTYPE, tarfile.GNUTYPE_SPARSE}
_META_TYPES = {tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE,
               tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK}


@dataclass(frozen=True)
class PackLimits:
    """What one content pack may hold (see the README's limits table for the reasoning)."""

    max_total_bytes: int = 256 << 20
    max_file_bytes: int = 32 << 20
    max_members: int = 10_000
    max_meta_bytes: int = 64 << 10


DEFAULT_LIMITS = PackLimits()


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def _open_stream(pack: Path) -> BinaryIO:
    with open(pack, "rb") as fh:
        magic = fh.read(6)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.open(pack, "rb")  # type: ignore[return-value]
    if magic.startswith(b"BZh"):
        return bz2.open(pack, "rb")  # type: ignore[return-value]
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.open(pack, "rb")  # type: ignore[return-value]
    return open(pack, "rb")


def _skip(stream: BinaryIO, size: int) -> bool:
    """Read past ``size`` bytes; False when the stream ends first."""
    while size > 0:
        got = len(stream.read(min(size, _CHUNK)))
        if got == 0:
            return False
        size -= got
    return True


def _pax_records(data: bytes) -> dict[str, str]:
    """``key=value`` records of a pax header (``"<len> key=value\\n"`` each)."""
    records: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0 or not data[pos:space].isdigit():
            break
        length = int(data[pos:space])
        if length <= 0:
            break
        record = data[space + 1:pos + length].rstrip(b"\n")
        key, _, value = record.partition(b"=")
        records[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
        pos += length
    return records


def scan_headers(pack: str | Path, limits: PackLimits = DEFAULT_LIMITS) -> list[str]:
    """Every limit the pack breaks, read from its headers alone (empty when it is within them)."""
    pack = Path(pack)
    try:
        packed = pack.stat().st_size
    except OSError as exc:
        return [f"cannot be read ({exc.strerror or exc})"]
    if packed > limits.max_total_bytes:
        return [f"the pack file is {_mb(packed)}; a pack may hold at most {_mb(limits.max_total_bytes)}"]
    try:
        with _open_stream(pack) as stream:
            return _scan(stream, limits)
    except (OSError, EOFError, lzma.LZMAError, ValueError, tarfile.TarError) as exc:
        return [f"not a readable .tar.gz ({type(exc).__name__}: {exc})"]


def _scan(stream: BinaryIO, limits: PackLimits) -> list[str]:
    problems: list[str] = []
    members = total = 0
    pending: dict[str, str] = {}  # pax records for the next member
    long_name: str | None = None
    while True:
        block = stream.read(BLOCK)
        if len(block) < BLOCK:
            return problems + ["not a readable .tar.gz (it ends in the middle of a header)"] if block else problems
        if block == b"\0" * BLOCK:
            return problems  # end of archive
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
        except tarfile.HeaderError as exc:
            return problems + [f"not a readable .tar.gz (bad header: {exc})"]
        stored = info.size
        if info.type in _META_TYPES:
            if stored > limits.max_meta_bytes:
                return problems + [f"an extended header of {_mb(stored)} (limit {_mb(limits.max_meta_bytes)}); refused"]
            data = stream.read(stored)
            _skip(stream, -stored % BLOCK)
            if info.type in (tarfile.XHDTYPE, tarfile.SOLARIS_XHDTYPE):
                pending = _pax_records(data)
            elif info.type == tarfile.GNUTYPE_LONGNAME:
                long_name = data.rstrip(b"\0").decode("utf-8", "replace")
            continue
        name = pending.get("GNU.sparse.name") or pending.get("path") or long_name or info.name
        if "size" in pending and pending["size"].isdigit():
            stored = int(pending["size"])
        real = stored
        for key in ("GNU.sparse.realsize", "GNU.sparse.size"):
            if pending.get(key, "").isdigit():
                real = max(real, int(pending[key]))
        if info.type == tarfile.GNUTYPE_SPARSE:
            real = max(real, tarfile.nti(block[483:495]))
            extended = block[482]
            while extended:  # old GNU sparse maps continue in extra header blocks
                more = stream.read(BLOCK)
                if len(more) < BLOCK:
                    return problems + [f"{name}: the archive ends inside this file's header"]
                extended = more[504]
        members += 1
        if members > limits.max_members:
            return problems + [f"more than {limits.max_members:,} members; refused"]
        if real > limits.max_file_bytes:
            problems.append(f"{name}: {_mb(real)}" + (" when unpacked (a sparse file)" if real > stored else "")
                            + f"; a file may be at most {_mb(limits.max_file_bytes)}")
        total += real
        if total > limits.max_total_bytes:
            return problems + [f"the files add up to more than {_mb(limits.max_total_bytes)}; refused"]
        pending, long_name = {}, None
        has_data = info.type in _DATA_TYPES or info.type not in tarfile.SUPPORTED_TYPES  # as tarfile reads it
        if has_data and not _skip(stream, stored + (-stored % BLOCK)):
            return problems + [f"{name}: the archive ends inside this file"]


__all__ = ["PackLimits", "DEFAULT_LIMITS", "scan_headers"]
