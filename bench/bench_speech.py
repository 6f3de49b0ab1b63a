"""Speech-mode latency: key press → speech started, with the real espeak-ng engine.

"Started" means the utterance's espeak-ng process is running (its audio follows within the
engine's own start-up, printed separately as time to the first audio bytes). Audio goes to WAV
files here (no sound card); on a kiosk the same process pipes into aplay. Baseline in the same
run: spawning ``true`` (the cost of starting any process on this machine).
Target: key press → speech started p95 ≤ 150 ms.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(presses: int = 200) -> None:
    if subprocess.run(["which", "espeak-ng"], capture_output=True).returncode != 0:
        print("espeak-ng is not installed: skipped")
        return
    wav_dir = tempfile.mkdtemp()
    os.environ["KIOSK_SPEECH_WAV_DIR"] = wav_dir
    os.environ["KIOSK_SPEECH_ENGINE"] = "espeak"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk import config
    from ui.app import build_window

    cfg = config.load(environ={})
    ctx, window = build_window(cfg)
    window.resize(*cfg.screen_size)
    window.show()
    window.start()
    app = QApplication.instance()
    speaker = ctx.speaker
    started: list[float] = []
    original = speaker.say

    def timed_say(text, language=None):
        original(text, language)
        started.append(time.perf_counter())

    speaker.say = timed_say
    QTest.keyClick(window, Qt.Key.Key_F1)
    app.processEvents()
    samples = []
    for i in range(presses):
        key = Qt.Key.Key_Down if (i // 20) % 2 == 0 else Qt.Key.Key_Up
        started.clear()
        t0 = time.perf_counter()
        QTest.keyClick(window, key)
        if started:
            samples.append((started[-1] - t0) * 1000)
    first_audio = []
    for _ in range(20):
        t0 = time.perf_counter()
        proc = subprocess.Popen(["espeak-ng", "-v", "en-us", "--stdout", "Button. Learn."],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        proc.stdout.read(4096)
        first_audio.append((time.perf_counter() - t0) * 1000)
        proc.kill()
        proc.wait()
    spawn = []
    for _ in range(20):
        t0 = time.perf_counter()
        subprocess.run(["true"])
        spawn.append((time.perf_counter() - t0) * 1000)
    window.stop()
    print(f"key press -> speech started over {len(samples)} presses: p50 {percentile(samples, 0.5):.1f} ms, "
          f"p95 {percentile(samples, 0.95):.1f} ms, max {max(samples):.1f} ms (target p95 <= 150 ms)")
    print(f"  espeak-ng start -> first audio bytes: median {statistics.median(first_audio):.1f} ms; "
          f"baseline: spawning `true` median {statistics.median(spawn):.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
