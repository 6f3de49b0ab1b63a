"""``kiosk doctor``'s permission check: who owns the kiosk's folders and files, and their modes.

A folder the kiosk's user cannot write is not damage, and must never be treated as such: a
progress database created by root (``kiosk trainer set-pin`` run with sudo before the first start)
makes the kiosk drop every learning event. This check names each such file, its owner and mode,
and prints the one command that fixes it. It also catches the opposite mistake — learning records
or a config holding a token readable by every user of the machine.

Run as root, it checks against the kiosk's user (``weho-kiosk``); run as that user (as the README
says), against the user running it.
"""
from __future__ import annotations

import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

KIOSK_USER = "weho-kiosk"
WALK_LIMIT = 2000  # state and data hold logs, caches and one database: a few dozen files


@dataclass(frozen=True)
class Owner:
    uid: int
    name: str


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def expected_owner() -> Owner:
    """The kiosk's user when run as root (and it exists), else whoever runs the doctor."""
    if os.geteuid() == 0:
        try:
            entry = pwd.getpwnam(KIOSK_USER)
            return Owner(entry.pw_uid, entry.pw_name)
        except KeyError:
            pass
    return Owner(os.geteuid(), _user_name(os.geteuid()))


def _walk(folder: Path, limit: int) -> Iterator[Path]:
    yield folder
    seen = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            seen += 1
            if seen > limit:
                return
            yield Path(dirpath) / name


@dataclass
class Findings:
    fail: list[str]
    warn: list[str]
    fixes: list[str]

    def fix(self, command: str) -> None:
        if command not in self.fixes:
            self.fixes.append(command)


def _check_tree(folder: Path, owner: Owner, private: bool, found: Findings, limit: int) -> None:
    for path in _walk(folder, limit):
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        mode = stat.S_IMODE(st.st_mode)
        if st.st_uid != owner.uid:
            found.fail.append(f"{path} belongs to {_user_name(st.st_uid)}, not {owner.name}")
            found.fix(f"sudo chown -R {owner.name}: {folder}")
        need = 0o700 if is_dir else 0o600
        if mode & need != need:
            found.fail.append(f"{path} has mode {mode:04o}; its owner must be able to "
                              + ("read, write and enter it" if is_dir else "read and write it"))
            found.fix(f"sudo chmod -R u+rwX {folder}")
        if mode & 0o002:
            found.fail.append(f"{path} can be changed by every user of this machine (mode {mode:04o})")
            found.fix(f"sudo chmod -R o-w {folder}")
        elif private and mode & 0o004:
            found.warn.append(f"{path} (learning records) can be read by every user (mode {mode:04o})")
            found.fix(f"sudo chmod -R o-rwx {folder}")


def _check_config_file(path: Path, config: Any, found: Findings) -> None:
    from kiosk.redact import config_secrets
    try:
        st = path.stat()
    except OSError:
        return
    mode = stat.S_IMODE(st.st_mode)
    fix = f"sudo chown root:{KIOSK_USER} {path} && sudo chmod 640 {path}"
    if mode & 0o002:
        found.fail.append(f"{path} can be changed by every user of this machine (mode {mode:04o})")
        found.fix(fix)
    elif mode & 0o004 and config_secrets(config):
        found.fail.append(f"{path} holds a token or password and every user can read it (mode {mode:04o})")
        found.fix(fix)


def check_permissions(config: Any, config_file: Path | None = None, owner: Owner | None = None,
                      limit: int = WALK_LIMIT) -> Any:
    """One :class:`~kiosk.ops.doctor.Check` over the state and data folders and the config file."""
    from kiosk.ops.doctor import FAIL, OK, WARN, Check
    owner = owner or expected_owner()
    found = Findings([], [], [])
    folders = [(Path(config.state_dir), False), (Path(config.data_dir), not config.progress.database_url)]
    for folder, private in folders:
        if folder.exists():
            _check_tree(folder, owner, private, found, limit)
    if config_file is not None:
        _check_config_file(Path(config_file), config, found)
    problems = found.fail or found.warn
    if not problems:
        return Check("permissions", OK, f"state and data folders belong to {owner.name}")
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return Check("permissions", FAIL if found.fail else WARN, problems[0] + more, " && ".join(found.fixes))


__all__ = ["check_permissions", "expected_owner", "Owner", "KIOSK_USER"]
