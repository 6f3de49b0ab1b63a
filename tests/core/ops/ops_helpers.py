"""Helpers for the ops tests: small content folders and configs in a temporary directory."""
from __future__ import annotations

import shutil
from pathlib import Path

from kiosk import config as config_mod

REPO = Path(__file__).resolve().parents[3]
LESSON_FIXTURE = REPO / "tests" / "core" / "lessons" / "fixtures" / "quiz-first"


def make_content(root: Path, lessons: int = 2, with_map: bool = True) -> Path:
    """A small content folder: ``lessons`` copies of a fixture lesson, the demo map, catalogs."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(lessons):
        target = root / "lessons" / f"lesson-{n}"
        shutil.copytree(LESSON_FIXTURE, target)
        toml = target / "lesson.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('id = "quiz-first"', f'id = "lesson-{n}"'), encoding="utf-8")
    if with_map:
        shutil.copytree(REPO / "maps" / "weho", root / "maps" / "weho",
                        ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for lang in ("es", "ru"):
        po = REPO / "translations" / lang / "LC_MESSAGES" / "kiosk.po"
        (root / "translations" / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(po, root / "translations" / lang / "LC_MESSAGES" / "kiosk.po")
    return root



def make_config(dirs: dict[str, Path], **sections: dict) -> config_mod.Config:
    data = {"paths": {"content_dir": str(dirs["content"]), "state_dir": str(dirs["state"]),
                      "data_dir": str(dirs["data"])}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return config_mod.from_mapping(data, "test-config.toml")
