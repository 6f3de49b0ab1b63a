"""A tiny ``sd_notify`` client: tell systemd the kiosk is ready, alive, busy or stopping.

No dependency: systemd passes ``$NOTIFY_SOCKET`` (a path, or ``@name`` for an abstract socket) and
we send it one datagram per message. Outside systemd every function is a cheap no-op, so the
kiosk runs the same on a developer's laptop.

How the UI must use it (``packaging/systemd/weho-kiosk.service`` has ``Type=notify`` and
``WatchdogSec=30``):

* call :func:`ready` once the first screen is shown — systemd counts the start as done then;
* call :func:`heartbeat` from a timer **on the UI event loop** (a ``QTimer`` or the asyncio
  ticker), every :func:`watchdog_interval` seconds (half of ``WatchdogSec``). Never from a worker
  thread: the point is that a frozen UI (a deadlock, a busy loop, a hung paint) stops the
  heartbeats, and systemd then kills and restarts the kiosk instead of leaving a dead screen;
* call :func:`status` with a short text for ``systemctl status`` (no personal data);
* call :func:`stopping` when shutting down on purpose.
"""
from __future__ import annotations

import logging
import os
import socket
from typing import Mapping

logger = logging.getLogger(__name__)


def _address(environ: Mapping[str, str]) -> str | None:
    """The socket address systemd gave us, in the form ``socket.sendto`` wants, or None."""
    path = environ.get("NOTIFY_SOCKET", "")
    if not path:
        return None
    if path.startswith("@"):
        return "\0" + path[1:]  # Linux abstract namespace
    if not path.startswith("/"):
        return None  # vsock and other forms are not used on a kiosk
    return path


def notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one ``KEY=value`` message; True when it was delivered, False when not under systemd.

    Errors are logged, never raised: the kiosk must not fail because the supervisor went away.
    """
    address = _address(os.environ if environ is None else environ)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode("utf-8"), address)
    except OSError as exc:
        logger.warning("could not notify systemd (%s): %s", message.split("=", 1)[0], exc)
        return False
    return True


def ready(environ: Mapping[str, str] | None = None) -> bool:
    """The kiosk is up and showing its first screen."""
    return notify("READY=1", environ)


def heartbeat(environ: Mapping[str, str] | None = None) -> bool:
    """Keep-alive for ``WatchdogSec``; call it from the UI event loop, never from a thread."""
    return notify("WATCHDOG=1", environ)


def status(text: str, environ: Mapping[str, str] | None = None) -> bool:
    """A one-line status shown by ``systemctl status`` (newlines are flattened)."""
    return notify("STATUS=" + " ".join(text.split()), environ)


def stopping(environ: Mapping[str, str] | None = None) -> bool:
    """The kiosk is shutting down on purpose."""
    return notify("STOPPING=1", environ)


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between heartbeats (half of ``$WATCHDOG_USEC``), or None when no watchdog is set.

    ``$WATCHDOG_PID``, when present, names the process the watchdog is for; another process
    (e.g. a child started by the kiosk) gets None.
    """
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    pid = env.get("WATCHDOG_PID")
    if pid and pid.strip() != str(os.getpid()):
        return None
    return usec / 2 / 1_000_000


__all__ = ["notify", "ready", "heartbeat", "status", "stopping", "watchdog_interval"]
