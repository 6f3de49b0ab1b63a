"""Hostile lessons in a content pack: a step text of megabytes, a PNG whose header claims
100,000 × 100,000 pixels, an SVG of megabytes. Packing and installing refuse each with the file,
the step and the limit; nothing is installed and nothing is decoded. A small lesson library is
copied from the fixtures; the images are made on the spot.
"""
from __future__ import annotations

import hashlib
import io
import struct
import tarfile
import zlib
from pathlib import Path

import pytest

from kiosk.ops.content import ContentReleases, PackError, build_pack
from ops_helpers import make_content


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))


def with_picture(lesson: Path, name: str, data: bytes) -> None:
    toml = lesson / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    kind = text.index("kind = ", text.index("[[steps]]"))  # the step's own fields come first
    toml.write_text(text[:kind] + f'image = "{name}"\n' + text[kind:], encoding="utf-8")
    (lesson / name).write_bytes(data)


def pack_from(src: Path, out: Path) -> Path:
    """A pack of ``src`` with a correct manifest, built without ``build_pack``'s own checks."""
    files = {str(p.relative_to(src)): p.read_bytes() for p in sorted(src.rglob("*")) if p.is_file()}
    manifest = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in files.items())
    with tarfile.open(out, "w:gz") as tar:
        for name, data in {"MANIFEST.sha256": manifest.encode(), **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


@pytest.mark.parametrize("name, data, expected", [
    ("wall.png", png_header(100_000, 100_000), "is 100,000 × 100,000 pixels; the limit is 4,194,304"),
    ("big.svg", b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g/>" * 200_000 + b"</svg>",
     "the limit for an SVG image is 256 KB"),
])
def test_an_oversized_picture_is_refused_when_packing_and_installing(tmp_path: Path, name: str,
                                                                     data: bytes, expected: str) -> None:
    src = make_content(tmp_path / "src", lessons=1, with_map=False)
    with_picture(src / "lessons" / "lesson-0", name, data)
    with pytest.raises(PackError) as err:
        build_pack(src, tmp_path / "out.tar.gz")
    assert "lessons/lesson-0/lesson.toml" in str(err.value) and expected in str(err.value)
    releases = ContentReleases(tmp_path / "content")
    with pytest.raises(PackError) as err:
        releases.install(pack_from(src, tmp_path / "hostile.tar.gz"))
    assert f"image '{name}'" in str(err.value) and expected in str(err.value)
    assert not (tmp_path / "content" / "current").exists()


def test_a_megabyte_step_text_is_refused_when_installing(tmp_path: Path) -> None:
    src = make_content(tmp_path / "src", lessons=1, with_map=False)
    toml = src / "lessons" / "lesson-0" / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index('text = "', text.index("[[steps]]")) + len('text = "')
    toml.write_text(text[:start] + "a" * 3000 + text[start:], encoding="utf-8")
    releases = ContentReleases(tmp_path / "content")
    with pytest.raises(PackError) as err:
        releases.install(pack_from(src, tmp_path / "long.tar.gz"))
    assert "lessons/lesson-0/lesson.toml" in str(err.value) and "the limit is 2,000" in str(err.value)
