"""Crash recovery: the kiosk killed by SIGKILL or crashing with SIGSEGV comes back, under a
supervisor that behaves like systemd's Restart=always, on the attract screen within 5 seconds —
and what it had saved is still readable."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from e2e_support import kiosk_env, wait_for

pytestmark = pytest.mark.e2e

RESTART_SEC = 0.5  # as packaging/systemd/weho-kiosk.service's RestartSec would


class Supervisor:
    """Restart the kiosk whenever it exits, like systemd's Restart=always."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            with open(self.log_path, "a") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "kiosk", "run", "--windowed"], env=self.env,
                    stdout=log, stderr=subprocess.STDOUT)
            self.starts += 1
            self.process.wait()
            if self._stop.wait(RESTART_SEC):
                break

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._thread.join(timeout=30)


def click(env: dict[str, str], window_id: str, x: int, y: int) -> None:
    subprocess.run(["xdotool", "mousemove", "--window", window_id, str(x), str(y), "click", "1"],
                   env=env, check=True, timeout=10)


def count(log: Path, text: str) -> int:
    return log.read_text().count(text) if log.exists() else 0


def test_killed_or_crashed_kiosk_is_back_on_attract(xvfb: str, tmp_path: Path) -> None:
    log = tmp_path / "kiosk.log"
    supervisor = Supervisor(kiosk_env(xvfb, tmp_path), log).start()
    try:
        wait_for(lambda: count(log, "screen shown: attract") == 1, "the first start", 60)
        # Open EV charging so the charger service saves a snapshot: saved state to lose.
        window_id = wait_for(lambda: subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "WeHo Kiosk"], env=supervisor.env,
            capture_output=True, text=True).stdout.split(), "the kiosk window")[0]
        click(supervisor.env, window_id, 500, 700)
        wait_for(lambda: count(log, "screen shown: home") == 1, "Home")
        click(supervisor.env, window_id, 500, 1390)
        wait_for(lambda: count(log, "screen shown: chargers") == 1, "EV charging")
        caches = lambda: list((tmp_path / "state").rglob("*.json"))  # noqa: E731
        wait_for(caches, "the charger snapshot saved")
        for number, crash in enumerate((signal.SIGKILL, signal.SIGSEGV), start=2):
            victim = supervisor.process
            victim.send_signal(crash)
            killed_at = time.monotonic()
            wait_for(lambda n=number: count(log, "screen shown: attract") == n,
                     f"attract screen after {crash.name}", 5.0)
            assert time.monotonic() - killed_at <= 5.0
            assert victim.returncode == -crash
        assert supervisor.starts == 3
    finally:
        supervisor.stop()
    text = log.read_text()
    assert "moved aside" not in text and "corrupt" not in text.lower(), text
    saved = list((tmp_path / "state").rglob("*.json"))
    assert saved
    for cache in saved:
        assert json.loads(cache.read_text(encoding="utf-8"))  # what was saved still reads
