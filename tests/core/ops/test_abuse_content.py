"""Hostile content packs: sparse and oversized files, member floods, huge headers, catalogs that
are compiled only or broken, JSON nested 100,000 deep. Each is refused with a message naming the
file and the limit, and nothing changes. Small limits keep each test fast.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tracemalloc
from pathlib import Path

import pytest

from kiosk import safejson
from kiosk.errors import ContentError
from kiosk.ops.content import ContentReleases, PackError, build_pack
from kiosk.ops.packread import extract_verified
from kiosk.ops.packscan import PackLimits, scan_headers
from ops_helpers import make_content


def pack_of(out: Path, files: dict[str, bytes], pax_headers: dict[str, str] | None = None) -> Path:
    """A pack with a correct manifest for ``files`` (so only what the test breaks is wrong)."""
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in {"MANIFEST.sha256": manifest.encode(), **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            if pax_headers and name != "MANIFEST.sha256":
                info.pax_headers = pax_headers
            tar.addfile(info, io.BytesIO(data))
    return out


def refused(releases: ContentReleases, pack: Path) -> str:
    before = sorted(str(p) for p in releases.root.rglob("*")) if releases.root.exists() else []
    with pytest.raises(PackError) as err:
        releases.install(pack)
    after = sorted(str(p) for p in releases.root.rglob("*"))
    assert after == before or not [p for p in after if "/releases/2" in p]  # nothing was installed
    return str(err.value)


@pytest.mark.skipif(shutil.which("tar") is None, reason="needs GNU tar to write sparse members")
@pytest.mark.parametrize("fmt", ["gnu", "pax"])
def test_a_sparse_gigabyte_in_a_tiny_pack_is_refused_before_extracting(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "src"
    (src / "lessons" / "x").mkdir(parents=True)
    with open(src / "lessons" / "x" / "huge.svg", "wb") as fh:
        fh.truncate(1 << 30)  # 1 GiB on paper, nothing on disk
    (src / "MANIFEST.sha256").write_text("")
    pack = tmp_path / f"sparse-{fmt}.tar.gz"
    subprocess.run(["tar", "-C", str(src), "--sparse", f"--format={fmt}", "-czf", str(pack),
                    "MANIFEST.sha256", "lessons"], check=True)
    assert pack.stat().st_size < 10_000
    releases = ContentReleases(tmp_path / "content")
    message = refused(releases, pack)
    assert "lessons/x/huge.svg" in message and "sparse" in message and "32.0 MB" in message
    assert not list((tmp_path / "content" / "releases").glob("*/lessons"))  # nothing unpacked


def test_per_file_total_and_member_limits_name_the_file_and_the_limit(tmp_path: Path) -> None:
    small = PackLimits(max_total_bytes=10_000, max_file_bytes=3_000, max_members=6, max_meta_bytes=4096)
    one_big = pack_of(tmp_path / "big.tar.gz", {"lessons/x/a.svg": b"a" * 3_001})
    assert "lessons/x/a.svg: 3,001 bytes; a file may be at most 3,000 bytes" in scan_headers(one_big, small)
    many = pack_of(tmp_path / "many.tar.gz", {f"lessons/x/{n}.txt": b"x" for n in range(10)})
    assert any("more than 6 members" in p for p in scan_headers(many, small))
    total = pack_of(tmp_path / "total.tar.gz", {f"lessons/x/{n}.svg": b"b" * 2_900 for n in range(4)})
    assert any("add up to more than" in p for p in scan_headers(total, small))
    message = refused(ContentReleases(tmp_path / "content", limits=small), one_big)
    assert "a.svg" in message and "3,000 bytes" in message


def test_a_huge_extended_header_is_refused_unread(tmp_path: Path) -> None:
    pack = pack_of(tmp_path / "pax.tar.gz", {"lessons/x/a.txt": b"x"}, pax_headers={"comment": "c" * 200_000})
    problems = scan_headers(pack, PackLimits(max_meta_bytes=64 << 10))
    assert problems and "extended header" in problems[0]


def test_extraction_streams_files_instead_of_reading_them_whole(tmp_path: Path) -> None:
    data = b"\0" * (24 << 20)
    pack = pack_of(tmp_path / "p.tar.gz", {"lessons/x/big.bin": data})
    dest = tmp_path / "dest"
    dest.mkdir()
    tracemalloc.start()
    problems = extract_verified(pack, dest)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problems == [] and (dest / "lessons" / "x" / "big.bin").stat().st_size == len(data)
    assert peak < 8 << 20, f"extracting held {peak >> 20} MB"


def test_a_pack_with_only_a_compiled_catalog_is_refused(tmp_path: Path) -> None:
    pack = pack_of(tmp_path / "mo.tar.gz", {"translations/hy/LC_MESSAGES/kiosk.mo": b"\xde\x12\x04\x95" + b"\0" * 40})
    message = refused(ContentReleases(tmp_path / "content"), pack)
    assert "translations/hy/LC_MESSAGES/kiosk.mo: compiled catalogs are not accepted" in message


@pytest.mark.parametrize("entry, expected", [
    ('msgid "Hello %(name)s"\nmsgstr "Hola %(nombre)s"\n', "unknown named placeholder 'nombre'"),
    ('this is not a catalog line\nmsgid "a"\nmsgstr "b"\n', "line 6: Unknown or misformatted keyword"),
])
def test_a_broken_catalog_is_refused(tmp_path: Path, entry: str, expected: str) -> None:
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
          '#, python-format\n' + entry).encode()
    pack = pack_of(tmp_path / "po.tar.gz", {"translations/es/LC_MESSAGES/kiosk.po": po})
    message = refused(ContentReleases(tmp_path / "content"), pack)
    assert "translations/es/LC_MESSAGES/kiosk.po" in message and expected in message


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_100000_deep_is_a_message_not_a_recursion_error(tmp_path: Path) -> None:
    src = make_content(tmp_path / "src", lessons=1)
    (src / "maps" / "weho" / "streets.geojson").write_text(deep_json())
    with pytest.raises(PackError) as err:
        build_pack(src, tmp_path / "deep.tar.gz", map_pack="weho")
    assert "maps/weho/streets.geojson" in str(err.value) and "nests deeper than 64 levels" in str(err.value)
    out = subprocess.run([sys.executable, "-m", "kiosk", "content", "pack", str(src), "--out",
                          str(tmp_path / "d.tar.gz")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "nests deeper" in out.stderr and "Traceback" not in out.stderr


def test_an_installed_pack_with_deep_json_is_refused(tmp_path: Path) -> None:
    pack = pack_of(tmp_path / "deep.tar.gz", {"maps/weho/streets.geojson": deep_json().encode(),
                                              "maps/weho/pack.toml": b"[pack]\nid = 'weho'\n"})
    message = refused(ContentReleases(tmp_path / "content"), pack)
    assert "maps/weho/streets.geojson" in message and "nests deeper" in message


def test_safe_json_limits_depth_and_size_with_clear_errors(tmp_path: Path) -> None:
    assert safejson.loads('{"a": [1, {"b": "[[[[[["}]}', max_depth=3) == {"a": [1, {"b": "[[[[[["}]}
    with pytest.raises(ContentError, match="nests deeper than 3"):
        safejson.loads("[[[[1]]]]", "x.json", max_depth=3)
    with pytest.raises(ContentError, match="limit is 10"):
        safejson.loads("[" + "1," * 20 + "1]", "x.json", max_bytes=10)
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(1 << 30)  # never read whole: refused after max_bytes + 1
    with pytest.raises(ContentError, match="larger than"):
        safejson.load_file(big, max_bytes=1000)
    with pytest.raises(ContentError, match="line 1"):
        safejson.loads('{"a": }', "bad.json")
    assert safejson.nesting_depth(deep_json(), stop_at=100) == 101


# -- fuzzing -------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402 - grouped with the fuzz tests
from hypothesis import strategies as st  # noqa: E402

from kiosk.ops.packread import parse_manifest  # noqa: E402

manifest_lines = st.one_of(
    st.text(max_size=80),
    st.builds(lambda h, p: f"{h}  {p}", st.text("0123456789abcdef", min_size=64, max_size=64),
              st.text(max_size=30)),
    st.sampled_from(["0" * 64 + "  ../../etc/passwd", "0" * 64 + "  /abs", "0" * 64 + " *lessons/a",
                     "0" * 64 + "  lessons/a\\b", "0" * 64 + "  lessons/\0x"]))


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(manifest_lines, max_size=8))
def test_any_manifest_parses_into_safe_paths_or_problems(lines: list[str]) -> None:
    entries, problems = parse_manifest("\n".join(lines))
    for path in entries:
        assert not path.startswith("/") and ".." not in path.split("/") and "\0" not in path
    assert all(isinstance(p, str) and p for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=2048), compress=st.booleans())
def test_any_bytes_as_a_pack_are_refused_with_reasons(tmp_path: Path, raw: bytes, compress: bool) -> None:
    import gzip
    pack = tmp_path / "fuzz.tar.gz"
    pack.write_bytes(gzip.compress(raw) if compress else raw)
    assert isinstance(scan_headers(pack), list)
    dest = tmp_path / "dest"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir()
    assert extract_verified(pack, dest)  # never a sound pack, never an exception
