"""The real kiosk as a real process in a real X window (Xvfb): it starts, shows the attract
screen, a real click (xdotool) opens Home, and it stops cleanly on SIGTERM."""
from __future__ import annotations

import json
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
from e2e_support import distinct_colours, kiosk_env, launch_kiosk, screenshot, stop_kiosk, wait_for

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_real_app_in_a_real_window(xvfb: str, tmp_path: Path) -> None:
    env = kiosk_env(xvfb, tmp_path)
    port = free_port()
    # Play systemd: a notify socket with a 2 s watchdog, to see READY=1 and heartbeats arrive.
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(10)
    env.update(KIOSK_HEALTH_PORT=str(port), NOTIFY_SOCKET=str(tmp_path / "notify.sock"),
               WATCHDOG_USEC="2000000")
    env.pop("WATCHDOG_PID", None)
    log_path = tmp_path / "kiosk.log"
    app = None
    try:
        app, window_id = launch_kiosk(env, log_path)  # it kills the kiosk itself if that fails
        before = tmp_path / "attract.png"
        wait_for(lambda: distinct_colours(screenshot(xvfb, before)) > 5, "the attract screen painted")

        subprocess.run(["xdotool", "mousemove", "--window", window_id, "400", "700", "click", "1"],
                       env=env, check=True, timeout=10)
        wait_for(lambda: "screen shown: home" in log_path.read_text(), "Home after a real click")
        messages = {notify.recv(256).decode() for _ in range(3)}
        assert "READY=1" in messages and "WATCHDOG=1" in messages, messages
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:
            report = json.load(response)
        assert report["sessions_today"] == 1
        assert report["profile"] == "street"
        after = tmp_path / "home.png"
        wait_for(lambda: screenshot(xvfb, after).read_bytes() != before.read_bytes(),
                 "Home painted in place of the attract screen")
        assert app.poll() is None, "the kiosk exited"
    finally:
        notify.close()
        if app is not None:
            code = stop_kiosk(app)
    text = log_path.read_text()
    assert code == 0, text
    assert "Traceback" not in text, text
    assert "kiosk stopped" in text
