"""Helpers for the end-to-end tests: a private X server, waiting, screen captures."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "import")


def need_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb xdotool imagemagick)")


def wait_for(predicate, what: str, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def start_xvfb():
    need_tools()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x2000x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = f":{pipe.readline().strip()}"
    return server, display



def kiosk_env(display: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a kiosk process on ``display`` with its own state folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


def screenshot(display: str, out: Path) -> Path:
    subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True,
                   timeout=30, capture_output=True)
    return out


def distinct_colours(path: Path) -> int:
    result = subprocess.run(["identify", "-format", "%k", str(path)], capture_output=True, text=True,
                            timeout=30, check=True)
    return int(result.stdout.strip())




def launch_kiosk(env: dict[str, str], log_path: Path):
    """``kiosk run --windowed`` as a process logging to ``log_path``; returns the process and
    its X window id once the attract screen is up. The caller stops it (SIGTERM)."""
    import sys

    with open(log_path, "w") as log:
        app = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        window_id = wait_for(lambda: subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "WeHo Kiosk"], env=env,
            capture_output=True, text=True).stdout.split(), "the kiosk window")[0]
        wait_for(lambda: "screen shown: attract" in log_path.read_text(), "the attract screen")
    except BaseException:
        app.kill()
        raise
    return app, window_id


def stop_kiosk(app) -> int:
    """SIGTERM, as systemd stops it; the kiosk must be gone within 20 s (else killed, and the
    test fails)."""
    import signal

    app.send_signal(signal.SIGTERM)
    try:
        return app.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.kill()
        raise
