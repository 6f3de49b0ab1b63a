"""Content packs built and installed for real: good packs switch, bad packs change nothing."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.ops.content import ContentReleases, PackError, build_pack
from ops_helpers import make_content


class Ticking:
    """A clock that moves a minute per call, so each release gets its own name."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_content(tmp_path_factory.mktemp("src") / "content", lessons=2)


@pytest.fixture(scope="module")
def good_pack(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs") / "good.tar.gz"
    build_pack(source, out, map_pack="weho")
    return out


@pytest.fixture
def releases(tmp_path: Path) -> ContentReleases:
    return ContentReleases(tmp_path / "content", clock=Ticking())


def tree_snapshot(root: Path) -> dict[str, str]:
    """Every path under root with its link target or file hash: 'nothing changed' is equality."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def rewrite_pack(pack: Path, out: Path, change) -> Path:
    """Copy ``pack`` member by member through ``change(name, data) -> [(TarInfo, data)]``."""
    with tarfile.open(pack) as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else b""
            for info, payload in change(member.name, data) or []:
                dst.addfile(info, io.BytesIO(payload) if info.isfile() else None)
    return out


def member(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, link: str = "") -> tuple:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, len(data) if kind == tarfile.REGTYPE else 0
    return info, data


def keep(name: str, data: bytes) -> list:
    return [member(name, data)]


def test_good_pack_installs_and_switches_current(releases: ContentReleases, good_pack: Path) -> None:
    release = releases.install(good_pack, map_pack="weho")
    current = releases.root / "current"
    assert current.is_symlink() and current.resolve() == release
    assert not current.readlink().is_absolute()  # relative: the root may be moved or mounted elsewhere
    assert (current / "lessons" / "lesson-1" / "lesson.toml").is_file()
    assert (current / "maps" / "weho" / "pack.toml").is_file()
    assert (current / "translations" / "ru" / "LC_MESSAGES" / "kiosk.mo").is_file()  # compiled on install
    assert releases.previous is None


def test_rollback_returns_to_the_previous_release_and_back(releases: ContentReleases, good_pack: Path,
                                                           source: Path, tmp_path: Path) -> None:
    first = releases.install(good_pack)
    lessons_only = tmp_path / "src2"
    make_content(lessons_only, lessons=3, with_map=False)
    shutil.rmtree(lessons_only / "translations")
    pack2 = tmp_path / "lessons-only.tar.gz"
    build_pack(lessons_only, pack2)
    second = releases.install(pack2, map_pack="weho")
    assert (releases.current, releases.previous) == (second, first)
    # the parts the pack did not carry came over from the release before
    assert (second / "maps" / "weho" / "pack.toml").is_file()
    assert (second / "translations" / "es" / "LC_MESSAGES" / "kiosk.po").is_file()
    assert len(list((second / "lessons").iterdir())) == 3
    assert releases.rollback() == first
    assert (releases.current, releases.previous) == (first, second)
    assert releases.rollback() == second


def test_no_previous_release_means_no_rollback(releases: ContentReleases, good_pack: Path) -> None:
    releases.install(good_pack)
    with pytest.raises(Exception, match="no previous content release"):
        releases.rollback()


def test_old_releases_are_pruned_but_current_and_previous_kept(releases: ContentReleases, good_pack: Path) -> None:
    made = [releases.install(good_pack) for _ in range(5)]
    assert releases.releases() == made[-3:]
    assert releases.current == made[-1] and releases.previous == made[-2]


def refused(releases: ContentReleases, pack: Path, map_pack: str | None = "weho") -> str:
    before = tree_snapshot(releases.root)
    with pytest.raises(PackError) as info:
        releases.install(pack, map_pack=map_pack)
    assert tree_snapshot(releases.root) == before, "a refused pack changed the installed content"
    return str(info.value)


@pytest.fixture
def installed(releases: ContentReleases, good_pack: Path) -> ContentReleases:
    releases.install(good_pack)
    return releases


def test_altered_file_is_refused_by_its_hash(installed, good_pack: Path, tmp_path: Path) -> None:
    def alter(name: str, data: bytes) -> list:
        return [member(name, data + b"\n# sneaked in\n" if name.endswith("lesson-0/lesson.toml") else data)]
    message = refused(installed, rewrite_pack(good_pack, tmp_path / "bad.tar.gz", alter))
    assert "lessons/lesson-0/lesson.toml: SHA-256 does not match MANIFEST.sha256" in message
    assert "nothing was changed" in message


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "lessons/../../evil.txt"])
def test_paths_leaving_the_pack_are_refused(installed, good_pack: Path, tmp_path: Path, name: str) -> None:
    def add(n: str, data: bytes) -> list:
        return [member(n, data)] + ([member(name, b"x")] if n == "MANIFEST.sha256" else [])
    message = refused(installed, rewrite_pack(good_pack, tmp_path / "trav.tar.gz", add))
    assert "path leaves the pack" in message
    assert not (tmp_path / "evil.txt").exists() and not (installed.root / "evil.txt").exists()


def test_links_and_unlisted_files_are_refused(installed, good_pack: Path, tmp_path: Path) -> None:
    def add(n: str, data: bytes) -> list:
        extra = [member("lessons/lesson-0/passwd", kind=tarfile.SYMTYPE, link="/etc/passwd"),
                 member("lessons/lesson-0/extra.svg", b"<svg/>"),
                 member("setup.sh", b"rm -rf /")] if n == "MANIFEST.sha256" else []
        return [member(n, data)] + extra
    message = refused(installed, rewrite_pack(good_pack, tmp_path / "links.tar.gz", add))
    assert "lessons/lesson-0/passwd: links are not allowed" in message
    assert "lessons/lesson-0/extra.svg: not listed in MANIFEST.sha256" in message
    assert "setup.sh: unexpected file" in message


def test_missing_manifest_and_missing_listed_file_are_refused(installed, good_pack: Path, tmp_path: Path) -> None:
    drop_manifest = rewrite_pack(good_pack, tmp_path / "a.tar.gz",
                                 lambda n, d: [] if n == "MANIFEST.sha256" else keep(n, d))
    assert "MANIFEST.sha256 is missing" in refused(installed, drop_manifest)
    drop_file = rewrite_pack(good_pack, tmp_path / "b.tar.gz",
                             lambda n, d: [] if n.endswith("places.geojson") else keep(n, d))
    assert "maps/weho/places.geojson: listed in MANIFEST.sha256 but not in the pack" in refused(installed, drop_file)


def test_invalid_lesson_is_refused_naming_file_and_problem(installed, source: Path, tmp_path: Path) -> None:
    bad_src = tmp_path / "bad-src"
    make_content(bad_src, lessons=2, with_map=False)
    toml = bad_src / "lessons" / "lesson-1" / "lesson.toml"
    toml.write_text(toml.read_text().replace("[[steps]]", "[[stepz]]", 1))
    # build_pack refuses too; write the (correctly hashed) pack by hand as a careless tool would
    pack = tmp_path / "bad-lesson.tar.gz"
    files = sorted(p for p in bad_src.rglob("*") if p.is_file())
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(bad_src)}\n"
                       for p in files).encode()
    with tarfile.open(pack, "w:gz") as tar:
        tar.addfile(member("MANIFEST.sha256", manifest)[0], io.BytesIO(manifest))
        for p in files:
            tar.add(p, arcname=str(p.relative_to(bad_src)))
    message = refused(installed, pack)
    assert "lessons/lesson-1/lesson.toml" in message
    assert str(tmp_path) not in message.replace(str(pack), "")  # names pack paths, not staging paths
    with pytest.raises(PackError):
        build_pack(bad_src, tmp_path / "never.tar.gz")
    assert not (tmp_path / "never.tar.gz").exists()


def test_broken_catalog_and_missing_map_pack_are_refused(installed, tmp_path: Path) -> None:
    src = tmp_path / "src"
    make_content(src, lessons=1, with_map=False)
    po = src / "translations" / "es" / "LC_MESSAGES" / "kiosk.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "dangling"\n', encoding="utf-8")
    pack = tmp_path / "p.tar.gz"
    with pytest.raises(PackError) as info:
        build_pack(src, pack, map_pack="weho")
    text = str(info.value)
    assert "translations/es/LC_MESSAGES/kiosk.po: " in text and "missing msgstr for msgid 'dangling'" in text
    assert "the configured map pack ([maps] pack = 'weho') is missing" in text


def test_garbage_file_is_refused(installed, tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not an archive" * 10)
    assert "not a readable .tar.gz" in refused(installed, junk)


def test_cli_install_status_and_rollback(tmp_path: Path, good_pack: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ncontent_dir = "{tmp_path / "content" / "current"}"\n')

    def kiosk(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kiosk", "content", *args, "--config", str(config)],
                              capture_output=True, text=True, timeout=120)

    assert kiosk("install", str(good_pack)).returncode == 0
    second = kiosk("install", str(good_pack))
    assert second.returncode == 0 and "installed" in second.stdout
    status = kiosk("status").stdout.splitlines()
    assert [line.split()[-1] for line in status] == ["previous", "current"]
    assert kiosk("rollback").returncode == 0
    assert [line.split()[-1] for line in kiosk("status").stdout.splitlines()] == ["current", "previous"]
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"nope")
    out = kiosk("install", str(bad))
    assert out.returncode == 1 and "nothing was changed" in out.stderr


def test_content_dir_not_ending_in_current_is_explained(tmp_path: Path, good_pack: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ncontent_dir = "{tmp_path / "content"}"\n')
    out = subprocess.run([sys.executable, "-m", "kiosk", "content", "install", str(good_pack),
                          "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "must name the 'current' link" in out.stderr
