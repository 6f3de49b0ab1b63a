"""The first touch, with real input in a real X window (Xvfb + xdotool): the touch that wakes the
kiosk only wakes it — it never opens the Home tile that appears under the finger — and a touch
on a language's name on the attract screen starts the session in that language."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_support import kiosk_env, launch_kiosk, stop_kiosk, wait_for

pytestmark = pytest.mark.e2e

# Where things are on the 1080×1920 street window, measured by laying it out offscreen (same
# fonts, same layout code) — so the clicks below aim exactly where a visitor's finger would.
GEOMETRY = r"""
import json
from PySide6.QtWidgets import QApplication
from kiosk import config
from ui.app import build_window
cfg = config.load(environ={})
ctx, window = build_window(cfg)
window.resize(*cfg.screen_size); window.show(); QApplication.processEvents()
def centre(widget):
    p = widget.mapTo(window, widget.rect().center()); return [p.x(), p.y()]
attract = window.screens["attract"]
spots = {"lang_" + code: centre(b) for code, b in attract.language_buttons.items()}
window.stack.setCurrentWidget(window.screens["home"]); window.controls.show()
QApplication.processEvents()
spots.update({"tile_" + name: centre(t) for name, t in window.screens["home"].tiles.items()})
print(json.dumps(spots))
"""


def _geometry(env: dict[str, str]) -> dict[str, list[int]]:
    out = subprocess.run([sys.executable, "-c", GEOMETRY], capture_output=True, text=True, timeout=120,
                         env={**env, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _click(env: dict[str, str], window_id: str, spot: list[int]) -> None:
    x, y = spot
    subprocess.run(["xdotool", "mousemove", "--window", window_id, str(x), str(y), "click", "1"],
                   env=env, check=True, timeout=10)


def test_first_touch_only_wakes_and_a_language_name_starts_in_it(xvfb: str, tmp_path: Path) -> None:
    env = kiosk_env(xvfb, tmp_path)
    spots = _geometry(env)
    # Two fresh kiosks rather than one waiting out the idle wipe (30 + 20 s at the shortest
    # allowed timings): the attract screen after a wipe is the same screen (tests/ui/test_shell.py
    # proves the wipe brings it back).
    log_path = tmp_path / "kiosk.log"
    app, window_id = launch_kiosk(env, log_path)
    try:
        # 1. Tap the attract screen exactly where Home's "EV charging" tile will appear.
        _click(env, window_id, spots["tile_chargers"])
        wait_for(lambda: "screen shown: home" in log_path.read_text(), "Home after the first touch")
        # The finger has lifted; had the touch gone through, the charger list would open now.
        subprocess.run(["xdotool", "sleep", "1"], env=env, check=True)
        text = log_path.read_text()
        assert "screen shown: chargers" not in text, "the waking touch opened EV charging"
        assert "session started in en" in text
        # 2. The next tap is an ordinary tap.
        _click(env, window_id, spots["tile_chargers"])
        wait_for(lambda: "screen shown: chargers" in log_path.read_text(), "EV charging on the second tap")
        assert app.poll() is None, "the kiosk exited"
    finally:
        stop_kiosk(app)
    assert "Traceback" not in log_path.read_text()

    # 3. On the attract screen, a touch on "Русский" starts the session in Russian.
    log_path = tmp_path / "kiosk-ru.log"
    app, window_id = launch_kiosk(env, log_path)
    try:
        _click(env, window_id, spots["lang_ru"])
        wait_for(lambda: "session started in ru" in log_path.read_text(), "a Russian session")
        assert "session started in en" not in log_path.read_text()
        assert app.poll() is None, "the kiosk exited"
    finally:
        stop_kiosk(app)
    assert "Traceback" not in log_path.read_text()
