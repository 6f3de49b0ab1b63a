"""The walk behind tests/ui/test_accessibility.py: one real window per profile × theme, every
screen in every language at every text size, measured with :mod:`support.a11y_measure`.

The walk runs once per window and files what it finds by (screen, check), so each test case can
report one screen and one check while the (slow) walking is shared.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import config, languages
from kiosk.session import FakeClock, SignedIn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support, when run as a script

#: Every shipped language, from the registry (a language added there is walked too).
LANGUAGES = tuple(languages.BUILT_IN)
SCALES = (1.0, 1.5, 2.0)
PROFILES = ("street", "library")
THEMES = ("standard", "high_contrast")
#: States shown over a screen rather than screens of their own.
PSEUDO = ("idle",)
CHECKS = ("size", "name", "tab", "contrast", "clipped", "overlap", "blank")


def kiosk_config(profile: str, theme: str, folder: Path, **kiosk: object) -> config.Config:
    cfg = config.load(environ={})
    cfg = cfg.replace("kiosk", profile=profile, theme=theme, languages=LANGUAGES, **kiosk)
    cfg = cfg.replace("paths", state_dir=str(folder / "state"), data_dir=str(folder / "data"))
    return cfg.replace("progress", database_url=f"sqlite:///{folder}/progress.sqlite3")


def screen_names(window) -> list[str]:
    return list(window.screens) + list(PSEUDO)


@dataclass
class Survey:
    profile: str
    theme: str
    screens: list[str] = field(default_factory=list)
    findings: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    states: int = 0

    def add(self, screen: str, where: str, found) -> None:
        for finding in found:
            line = f"[{where}] {finding.widget}: {finding.detail}"
            if line not in self.findings[(screen, finding.check)]:
                self.findings[(screen, finding.check)].append(line)

    def report(self, screen: str, check: str, limit: int = 25) -> str:
        lines = self.findings.get((screen, check), [])
        more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
        return f"{self.profile}/{self.theme} {screen} {check}:\n" + "\n".join(lines[:limit]) + more


def _load(screen) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    loop = qasync.QEventLoop(QApplication.instance())
    try:
        loop.run_until_complete(asyncio.wait_for(screen.load(), timeout=30))
    finally:
        loop.close()


def build(profile: str, theme: str, folder: Path):
    """A started-up window for the walk: trainer signed in, so trainer pages show themselves."""
    from ui.app import build_window

    cfg = kiosk_config(profile, theme, folder)
    ctx, window = build_window(cfg, clock=FakeClock())
    window.resize(*cfg.screen_size)
    window.show()
    ctx.session.activity()
    ctx.session.sign_in(SignedIn("trainer", "Trainer", is_trainer=True))
    return ctx, window


def show(window, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    session = window.ctx.session
    if name == "idle":
        session.go_home()
        window.overlay.set_seconds_left(25)
        window.overlay.setGeometry(window.rect())
        window.overlay.show()
        window.overlay.raise_()
    else:
        window.overlay.hide()
        session.go_home()
        if name != "home":
            session.open(name)
    for _ in range(3):  # layouts settle in rounds: a child's new size, then its parent's
        QApplication.processEvents()


def roots(window, name: str) -> list:
    if name == "idle":
        return [window.overlay]
    return [window.current_screen, window.controls]


def walk(profile: str, theme: str, folder: Path, languages=LANGUAGES, scales=SCALES) -> Survey:
    from support import a11y_measure as a11y

    ctx, window = build(profile, theme, folder)
    session = ctx.session
    survey = Survey(profile, theme, screen_names(window))
    loaded: set[str] = set()
    try:
        for scale in scales:
            session.set_text_scale(scale)
            for lang in languages:
                session.set_language(lang)
                for name in survey.screens:
                    show(window, name)
                    if name not in loaded and name in window.screens:
                        loaded.add(name)
                        _load(window.screens[name])
                        show(window, name)
                    shown_name = "idle" if name == "idle" else window.current_screen.name
                    if shown_name != name:
                        survey.add(name, f"{lang} {scale:g}", [a11y.Finding(
                            "blank", name, f"opening it without arguments shows {shown_name!r}")])
                        continue
                    where = f"{lang} {int(scale * 100)}%"
                    measure(survey, window, name, where, scale)
                    survey.states += 1
    finally:
        window.stop()
        window.hide()
    return survey


def measure(survey: Survey, window, name: str, where: str, scale: float) -> None:
    from support import a11y_measure as a11y

    widgets = a11y.shown_widgets(roots(window, name))
    controls = a11y.interactive(widgets)
    survey.add(name, where, a11y.unnamed(controls))
    survey.add(name, where, a11y.text_contrast(widgets))
    survey.add(name, where, a11y.overlapping(controls, window))
    if scale == 1.0:
        survey.add(name, where, a11y.small_targets(controls))
        if window.ctx.profile == "library":
            survey.add(name, where, a11y.unreachable(window, controls))
    survey.add(name, where, a11y.clipped_text(widgets, window))
    if not any(getattr(w, "text", lambda: "")().strip() for w in widgets if hasattr(w, "text")
               and callable(getattr(w, "text"))):
        survey.add(name, where, [a11y.Finding("blank", name, "no text shown at all")])


# -- each walk in its own process ---------------------------------------------------------------
# A walk loads every screen's data (charger simulator, progress store) on short-lived qasync
# loops; several such windows in one process have crashed Qt. A process per walk isolates them,
# and the two cores walk two windows at once.

def start(profile: str, theme: str, folder: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_SPEECH_ENGINE="mock")
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen([sys.executable, __file__, profile, theme, str(folder)], cwd=root,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, profile: str, theme: str) -> Survey:
    out, err = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"the {profile}/{theme} walk failed ({process.returncode}):\n{err[-3000:]}")
    data = json.loads(out.strip().splitlines()[-1])
    survey = Survey(profile, theme, data["screens"], states=data["states"])
    for key, lines in data["findings"].items():
        screen, check = key.split("|")
        survey.findings[(screen, check)] = lines
    return survey


def main(argv: list[str]) -> int:
    from ui.app import ensure_qapplication

    ensure_qapplication()
    profile, theme, folder = argv
    survey = walk(profile, theme, Path(folder))
    print(json.dumps({"screens": survey.screens, "states": survey.states,
                      "findings": {f"{s}|{c}": v for (s, c), v in survey.findings.items()}}))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown of a window full of screens: the findings are out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
