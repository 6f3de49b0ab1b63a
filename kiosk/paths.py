"""Where the kiosk finds its content and keeps its state.

Content (lessons, map packs, translations) lives in the source tree next to the ``kiosk``
package in a development checkout, or wherever ``[paths] content_dir`` / ``KIOSK_CONTENT_DIR``
point in an installed kiosk. State (logs, caches, the database) follows the XDG base directory
spec so nothing is written into the install.
"""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "weho-kiosk"

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    base = Path(value) if value and os.path.isabs(value) else Path.home() / fallback
    return base / APP_NAME


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def state_dir() -> Path:
    return _xdg("XDG_STATE_HOME", ".local/state")


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache")


def default_content_dir() -> Path:
    """The content shipped with the code: the source checkout, or the packaged share folder."""
    env = os.environ.get("KIOSK_CONTENT_DIR")
    if env:
        return Path(env)
    return SOURCE_ROOT


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
