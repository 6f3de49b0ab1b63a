"""Lesson content has limits, each refused with a line naming the file, the place and the limit:
the lesson file's size, the length of a text, an image's bytes and pixels (read from its header,
never decoded). ``kiosk lessons validate`` refuses the attacks of issue 18 at their real sizes —
a 100 MB SVG and a 10 MB step text — without reading them whole.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from kiosk.lessons.limits import Limits
from kiosk.lessons.loader import check_lesson, load_all, validate

SMALL = Limits(file_bytes=8 * 1024, text_chars=200, image_bytes=4096, image_pixels=64 * 64,
               svg_bytes=2048)
FILE = "lessons/test-lesson/lesson.toml"


def png(width: int, height: int, padding: int = 0) -> bytes:
    """A PNG header claiming ``width`` × ``height`` (the body need not be valid: it is never read)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\0" * padding


def with_image(write_lesson, name: str, data: bytes) -> Path:
    folder = write_lesson(replace=('title = "Hello"\n', f'title = "Hello"\nimage = "{name}"\n'))
    (folder / name).write_bytes(data)
    return folder


def problems_of(folder: Path, limits: Limits = SMALL) -> list[str]:
    lesson, problems = check_lesson(folder, limits)
    assert lesson is None
    return [str(p) for p in problems]


def test_a_step_text_over_the_limit_names_file_step_and_limit(write_lesson) -> None:
    folder = write_lesson(replace=('text = "Welcome to the test."', f'text = "{"a" * 201}"'))
    assert problems_of(folder) == [f"{FILE}: step 1 (explain): 'text' is 201 characters; the limit is 200"]


def test_a_lesson_file_over_the_limit_is_refused_before_it_is_parsed(write_lesson) -> None:
    folder = write_lesson(data=b"# " + b"x" * 9000 + b"\n")
    assert problems_of(folder) == [f"{FILE}: the file is 9 KB; the limit for a lesson file is 8 KB"]


def test_an_svg_over_the_limit_is_refused(write_lesson) -> None:
    folder = with_image(write_lesson, "big.svg", b"<svg xmlns='http://www.w3.org/2000/svg'>"
                        + b"<rect/>" * 400 + b"</svg>")
    assert problems_of(folder) == [f"{FILE}: step 1 (explain): image 'big.svg' is 3 KB; "
                                   "the limit for an SVG image is 2 KB"]


def test_a_png_with_too_many_pixels_is_refused_from_its_header(write_lesson) -> None:
    folder = with_image(write_lesson, "wide.png", png(100_000, 100_000))
    assert problems_of(folder) == [f"{FILE}: step 1 (explain): image 'wide.png' is 100,000 × "
                                   "100,000 pixels; the limit is 4,096 pixels (2048 × 2048, say)"]


def test_a_png_over_the_byte_limit_or_not_a_png_is_refused(write_lesson) -> None:
    folder = with_image(write_lesson, "heavy.png", png(10, 10, padding=5000))
    assert "image 'heavy.png' is 5 KB; the limit for a PNG image is 4 KB" in problems_of(folder)[0]
    (folder / "heavy.png").write_bytes(b"GIF89a" + b"\0" * 40)
    assert "image 'heavy.png' is not a valid PNG image" in problems_of(folder)[0]


def test_images_within_the_limits_pass(write_lesson) -> None:
    folder = with_image(write_lesson, "small.png", png(64, 64, padding=100))
    lesson, problems = check_lesson(folder, SMALL)
    assert problems == [] and lesson.steps[0].image == "small.png"


def test_the_kiosk_skips_an_oversized_lesson_and_keeps_the_others(write_lesson) -> None:
    write_lesson(folder="fine-lesson")
    big = write_lesson(folder="big-lesson")
    (big / "lesson.toml").write_bytes((big / "lesson.toml").read_bytes()
                                      .replace(b"Welcome to the test.", b"w" * 500))
    library = load_all(big.parent, SMALL)
    assert [lesson.id for lesson in library] == ["fine-lesson"]
    assert "the limit is 200" in str(library.problems[0])


def test_validate_refuses_the_real_attacks_a_100_mb_svg_and_a_10_mb_text(write_lesson, capsys) -> None:
    from kiosk.cli import main

    svg = with_image(write_lesson, "huge.svg", b"")
    with open(svg / "huge.svg", "r+b") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: costs no disk, and the check never reads it
    text = write_lesson(folder="long-text", replace=("Welcome to the test.", "w" * (10 * 1024 * 1024)))
    text_lesson = (text / "lesson.toml").read_text().replace('id = "test-lesson"', 'id = "long-text"')
    (text / "lesson.toml").write_text(text_lesson)
    assert main(["lessons", "validate", str(svg), str(text)]) == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "image 'huge.svg' is 100.0 MB; the limit for an SVG image is 256 KB" in printed
    assert ("lessons/long-text/lesson.toml: the file is 10.0 MB; the limit for a lesson file is 256 KB"
            in printed)
    assert validate([svg]) and validate([text])


def test_a_fifo_named_lesson_toml_does_not_block(tmp_path, monkeypatch) -> None:
    import os

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lessons" / "pipe"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "lesson.toml")
    assert [p.message for p in validate([folder])] == ["is not a regular file"]


@pytest.mark.parametrize("key", ["hint", "success"])
def test_every_text_field_has_the_limit(write_lesson, key: str) -> None:
    old = {"hint": 'hint = "Slide your finger to the left."', "success": 'success = "You swiped."'}[key]
    folder = write_lesson(replace=(old, f'{key} = "{"h" * 300}"'))
    assert problems_of(folder) == [f"{FILE}: step 2 (practice): '{key}' is 300 characters; the limit is 200"]
