"""sd_notify messages reach a real AF_UNIX datagram socket, as systemd would receive them."""
from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from kiosk.ops import watchdog


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, dict[str, str]]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(5)
    yield sock, {"NOTIFY_SOCKET": str(path)}
    sock.close()


def test_each_message_arrives_as_one_datagram(notify_socket) -> None:
    sock, env = notify_socket
    assert watchdog.ready(env)
    assert watchdog.heartbeat(env)
    assert watchdog.status("showing\nattract screen", env)
    assert watchdog.stopping(env)
    got = [sock.recv(4096).decode() for _ in range(4)]
    assert got == ["READY=1", "WATCHDOG=1", "STATUS=showing attract screen", "STOPPING=1"]


def test_abstract_socket_is_reached() -> None:
    name = f"weho-kiosk-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        assert watchdog.heartbeat({"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(100) == b"WATCHDOG=1"


def test_outside_systemd_nothing_is_sent_and_nothing_fails(tmp_path: Path) -> None:
    assert watchdog.heartbeat({}) is False
    assert watchdog.watchdog_interval({}) is None
    # A supervisor that went away: reported as not delivered, never raised.
    assert watchdog.ready({"NOTIFY_SOCKET": str(tmp_path / "gone")}) is False


def test_heartbeat_interval_is_half_the_watchdog_timeout() -> None:
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": "30000000"}) == 15.0
    mine = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    assert watchdog.watchdog_interval(mine) == 15.0
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog.watchdog_interval({"WATCHDOG_USEC": "garbage"}) is None
