"""A blind visitor's journey with the keypad alone, in the real app in a real X window (Xvfb),
keys pressed with xdotool and nothing else: start speech mode → open a lesson → finish a
practice step by keypad → Home → find the library → hear the first direction. What the kiosk
said is read back from its speech log ([accessibility] speech_log), spoken through the real
espeak-ng path (audio rendered to files: this machine has no sound card)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from e2e_support import kiosk_env, launch_kiosk, stop_kiosk, wait_for

pytestmark = pytest.mark.e2e


class Keypad:
    def __init__(self, env: dict[str, str], window_id: str, log: Path) -> None:
        self.env, self.window_id, self.log = env, window_id, log

    def said(self) -> list[str]:
        if not self.log.exists():
            return []
        return [json.loads(line)["text"] for line in self.log.read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line)["kind"] == "speech"]

    def press(self, key: str) -> str:
        """Press ``key`` and wait for what the kiosk says in answer."""
        before = len(self.said())
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=self.env, check=True, timeout=10)
        wait_for(lambda: len(self.said()) > before, f"speech after {key}", 15)
        subprocess.run(["xdotool", "sleep", "0.15"], env=self.env, check=True)  # the rest of the answer
        return self.said()[-1]

    def find(self, prefix: str, limit: int = 60) -> str:
        """Down (then Up) through the screen until the kiosk says something starting ``prefix``."""
        for key in ("Down", "Up"):
            for _ in range(limit):
                text = self.press(key)
                if text.startswith(prefix):
                    return text
                if text in ("End of the screen.", "Top of the screen."):
                    break
        raise AssertionError(f"never heard {prefix!r}; last: {self.said()[-5:]}")

    def use(self, prefix: str) -> None:
        self.find(prefix)
        self.press("Return")


def test_keypad_only_lesson_practice_and_the_way_to_the_library(xvfb: str, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    env = kiosk_env(xvfb, tmp_path)
    log = tmp_path / "speech.jsonl"
    env.update(KIOSK_ACCESSIBILITY_SPEECH_LOG=str(log), KIOSK_SPEECH_ENGINE="espeak",
               KIOSK_SPEECH_WAV_DIR=str(tmp_path / "audio"))
    out = tmp_path / "kiosk.log"
    app, window_id = launch_kiosk(env, out)
    try:
        subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env=env, check=True, timeout=10)
        pad = Keypad(env, window_id, log)

        pad.press("F1")
        assert "Speech is on." in pad.said()
        pad.use("Button. Learn")
        pad.use("Button. Touchscreen basics")
        pad.use("Button. Next")          # step 2
        pad.use("Button. Next")          # step 3: the tap practice
        heard = pad.find("Button. Next")
        assert "Not available" in heard and "Try the practice" in heard
        practice = pad.find("Practice area")
        assert "Press Enter" in practice
        pad.press("Return")
        wait_for(lambda: any("you tapped the button" in t for t in pad.said()), "the practice praised")
        assert not pad.find("Button. Next").endswith("Not available.")

        pad.use("Button. Home")
        pad.use("Button. Find your way")
        where = pad.find("Button. Where am I")
        pad.press("Return")
        assert "Santa Monica Blvd" in pad.said()[-1]
        pad.use("Button. Library")
        pad.use("Button. West Hollywood Library")
        first = pad.find("Text. 1.")
        assert "walk" in first.lower() or "turn" in first.lower(), first
        assert where
        audio = list((tmp_path / "audio").glob("*.wav"))
        assert len(audio) >= 10 and all(f.stat().st_size > 1000 for f in audio[:10])
        assert app.poll() is None, "the kiosk exited"
    finally:
        stop_kiosk(app)
    assert "Traceback" not in out.read_text()
