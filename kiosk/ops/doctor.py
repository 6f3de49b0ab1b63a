"""``kiosk doctor``: check the machine a kiosk runs on, one line per check with a fix.

Each check is a small function returning :class:`Check` (``OK``, ``WARN`` or ``FAIL``). ``FAIL``
means a visitor would notice (no picture, boxes instead of letters, silent read-aloud, no
lessons, records not saved — also for want of permission —, charger status missing, a full
disk, a wrong clock); ``WARN`` is worth fixing but the kiosk serves visitors. Qt is probed in a subprocess so this module never imports it.
Run it as the kiosk's user inside its session for the truest answer:
``sudo -u weho-kiosk WAYLAND_DISPLAY=wayland-0 /opt/weho-kiosk/bin/kiosk doctor``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from kiosk.ops.doctor_perms import check_permissions
from kiosk.redact import redact_text, redact_url

OK, WARN, FAIL = "OK", "WARN", "FAIL"

#: Shared libraries Qt's xcb platform plugin loads, with the Debian 12 package providing each.
QT_LIBRARIES = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0", "libxcb-xkb.so.1": "libxcb-xkb1",
}
QT_PROBE = ("import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
            "print(app.platformName(), app.primaryScreen().size().width() if app.primaryScreen() else 0)\n")
#: fontconfig's language tags and espeak-ng's voice names for the kiosk's languages.
FONT_LANG = {"en": "en", "es": "es", "ru": "ru", "fa": "fa"}
DISK_FAIL_MB, DISK_WARN_MB = 200, 1024
EARLIEST_YEAR = 2024


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The printed line; secrets are masked here, whatever check wrote the text."""
        text = f"{self.status:<4}  {self.name}: {self.detail}"
        text += f"\n      fix: {self.fix}" if self.fix and self.status != OK else ""
        return redact_text(text)


def _run(cmd: list[str], environ: Mapping[str, str] | None = None, timeout: float = 20) -> subprocess.CompletedProcess | None:
    """Run a tool; None when it is not installed (or hangs)."""
    env = dict(os.environ if environ is None else environ)
    if shutil.which(cmd[0], path=env.get("PATH")) is None:
        return None
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None


# -- display and Qt --------------------------------------------------------------------------

def check_display(environ: Mapping[str, str]) -> Check:
    platform = environ.get("QT_QPA_PLATFORM", "")
    wayland, x11 = environ.get("WAYLAND_DISPLAY", ""), environ.get("DISPLAY", "")
    where = ", ".join(f"{k}={v}" for k, v in (("WAYLAND_DISPLAY", wayland), ("DISPLAY", x11),
                                              ("QT_QPA_PLATFORM", platform)) if v)
    if platform.split(":")[0] in ("offscreen", "minimal", "vnc"):
        return Check("display", WARN, f"Qt draws to no screen ({where})",
                     "remove QT_QPA_PLATFORM from the environment, or set it to wayland or xcb")
    if not (wayland or x11):
        return Check("display", WARN, "no display in this shell (the kiosk session provides one)",
                     "run the doctor inside the kiosk session, e.g. with WAYLAND_DISPLAY=wayland-0")
    return Check("display", OK, where)


def check_qt_libraries(ldconfig_text: str | None = None) -> Check:
    if ldconfig_text is None:
        result = _run(["ldconfig", "-p"]) or _run(["/sbin/ldconfig", "-p"])
        if result is None:
            return Check("Qt libraries", WARN, "cannot list shared libraries (no ldconfig)")
        ldconfig_text = result.stdout
    missing = [pkg for lib, pkg in QT_LIBRARIES.items() if f"{lib} " not in ldconfig_text]
    if missing:
        return Check("Qt libraries", FAIL, f"{len(missing)} missing", "sudo apt-get install -y " + " ".join(missing))
    return Check("Qt libraries", OK, f"all {len(QT_LIBRARIES)} present")


def check_qt_start(environ: Mapping[str, str], python: str = sys.executable, timeout: float = 30) -> Check:
    """Start a QGuiApplication in a subprocess with this environment's platform."""
    if not (environ.get("WAYLAND_DISPLAY") or environ.get("DISPLAY") or environ.get("QT_QPA_PLATFORM")):
        return Check("Qt start", WARN, "skipped: no display to start on")
    try:
        result = subprocess.run([python, "-c", QT_PROBE], capture_output=True, text=True,
                                timeout=timeout, env=dict(environ))
    except subprocess.TimeoutExpired:
        return Check("Qt start", FAIL, f"Qt did not start within {timeout:.0f} s", "check the display server")
    if result.returncode != 0:
        reason = next((line for line in reversed(result.stderr.splitlines()) if line.strip()), "no message")
        return Check("Qt start", FAIL, f"Qt cannot open the display: {reason[:200]}",
                     "check the display variables and install the missing Qt libraries")
    return Check("Qt start", OK, "platform " + result.stdout.split()[0] if result.stdout.split() else "started")


# -- fonts and speech ------------------------------------------------------------------------

def check_fonts(languages: Iterable[str], environ: Mapping[str, str] | None = None) -> Check:
    missing, tool = [], False
    for lang in languages:
        result = _run(["fc-list", f":lang={FONT_LANG.get(lang, lang)}", "family"], environ)
        if result is None:
            return Check("fonts", FAIL, "fontconfig (fc-list) is not installed", "sudo apt-get install -y fontconfig")
        tool = True
        if not result.stdout.strip():
            missing.append(lang)
    if missing:
        return Check("fonts", FAIL, f"no font covers {', '.join(missing)} (letters would show as boxes)",
                     "sudo apt-get install -y fonts-noto-core fonts-dejavu-core")
    return Check("fonts", OK, "fonts for every language" if tool else "no languages configured")


def check_speech(languages: Iterable[str], environ: Mapping[str, str] | None = None) -> Check:
    """The kiosk speaks through espeak-ng into ALSA (kiosk.speech): synthesise a word in each
    language and look for a sound card, as the running kiosk would need."""
    from kiosk import speech

    env = dict(os.environ if environ is None else environ)
    if shutil.which(speech.ESPEAK, path=env.get("PATH")) is None:
        return Check("speech", FAIL, "espeak-ng not installed (read-aloud and speech mode are silent)",
                     "sudo apt-get install -y espeak-ng alsa-utils")
    status = speech.check(tuple(languages))
    if not status.ok:
        return Check("speech", FAIL if "voice" in status.reason or "installed" in status.reason else WARN,
                     status.reason, status.fix)
    return Check("speech", OK, "espeak-ng voices for every language, and a sound card")


# -- config and content ----------------------------------------------------------------------

def check_config(path: str | None, environ: Mapping[str, str] | None = None) -> tuple[Check, Any]:
    from kiosk import config
    from kiosk.errors import ConfigError
    try:
        cfg = config.load(path, environ)
    except ConfigError as exc:
        return Check("config", FAIL, str(exc), "fix that key (`kiosk config keys` lists them all)"), None
    return Check("config", OK, f"{cfg.source} (profile {cfg.kiosk.profile})"), cfg


def check_lessons(content_dir: Path) -> Check:
    from kiosk.lessons.loader import load_all
    library = load_all(Path(content_dir) / "lessons")
    if not len(library):
        return Check("lessons", FAIL, f"no lessons in {Path(content_dir) / 'lessons'}",
                     "install a content pack: kiosk content install PACK.tar.gz")
    if library.problems:
        skipped = len({p.file for p in library.problems})
        return Check("lessons", WARN, f"{len(library)} lessons, {skipped} skipped: {library.problems[0]}",
                     "kiosk lessons validate; fix or remove the broken lesson")
    return Check("lessons", OK, f"{len(library)} lessons")


def check_map(content_dir: Path, pack: str) -> Check:
    from kiosk.maps.pack import validate_pack
    from kiosk.ops.content_checks import json_problems
    folder = Path(content_dir) / "maps" / pack
    # Size and depth first: a 100,000-deep file would end the map loader in a RecursionError.
    errors: list[Any] = json_problems(folder) or [p for p in validate_pack(folder) if p.severity == "error"]
    if errors:
        return Check("map pack", FAIL, f"{pack}: {errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                     f"kiosk maps validate; or install a content pack with maps/{pack}")
    return Check("map pack", OK, pack)


def check_translations(content_dir: Path, languages: Iterable[str]) -> Check:
    folder = Path(content_dir) / "translations"
    missing = [lang for lang in languages if lang != "en" and not any(
        (folder / lang / "LC_MESSAGES" / f"kiosk.{ext}").is_file() for ext in ("po", "mo"))]
    if missing:
        return Check("translations", WARN, f"no catalog for {', '.join(missing)} (shown in English)",
                     "install a content pack with translations/")
    return Check("translations", OK, "a catalog for every language")


# -- storage ---------------------------------------------------------------------------------

def _existing_ancestor(path: Path) -> Path:
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(folder: Path) -> str | None:
    """Why nothing can be written in ``folder`` (or the folder it would be made in), else None."""
    target = _existing_ancestor(folder)
    if not target.is_dir():
        return f"{target} is not a folder"
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".doctor-"):
            pass
    except OSError as exc:
        return f"cannot write in {target} ({exc.strerror or exc})"
    return None


def check_database(config: Any) -> Check:
    from kiosk.errors import StoreError
    from kiosk.progress.store import open_from_config, sqlite_path
    if not config.progress.database_url:
        problem = _writable(config.data_dir)
        if problem:
            return Check("database", FAIL, problem + " (learning records would be lost)",
                         f"sudo chown -R weho-kiosk: {config.data_dir}")
        path = sqlite_path(config.data_dir)
        if not path.exists():
            return Check("database", OK, f"{config.data_dir} writable; the kiosk creates the file at start")
        if not os.access(path, os.R_OK | os.W_OK):
            # A permission problem, not damage: nothing may be moved aside for it.
            return Check("database", FAIL, f"{path} cannot be read and written by this user "
                                           "(a permission problem; the records in it are not damaged)",
                         f"sudo chown weho-kiosk: {path}*")
    try:
        with open_from_config(config, recover=False) as store:
            problems = store.check()
    except StoreError as exc:
        return Check("database", FAIL, str(exc), "kiosk progress check; check the database URL, "
                                                 "that its server runs, and the permissions line")
    if problems:
        return Check("database", FAIL, "; ".join(problems[:3]), "kiosk progress check")
    return Check("database", OK, "writable and intact")


def check_disk(folders: Iterable[Path], fail_mb: float = DISK_FAIL_MB, warn_mb: float = DISK_WARN_MB) -> Check:
    worst: tuple[float, Path] | None = None
    for folder in folders:
        target = _existing_ancestor(Path(folder))
        free_mb = shutil.disk_usage(target).free / 1e6
        if worst is None or free_mb < worst[0]:
            worst = (free_mb, Path(folder))
    if worst is None:
        return Check("disk space", OK, "nothing to check")
    free_mb, folder = worst
    detail = f"{free_mb:,.0f} MB free for {folder}"
    if free_mb < fail_mb:
        return Check("disk space", FAIL, detail, "remove old logs or content releases; add storage")
    if free_mb < warn_mb:
        return Check("disk space", WARN, detail, "free some space before it runs out")
    return Check("disk space", OK, detail)


# -- network and clock -----------------------------------------------------------------------

def check_chargers(section: Any, timeout: tuple[float, float] = (3.05, 5.0)) -> Check:
    import base64

    import requests
    if section.source == "none":
        return Check("charger API", OK, "switched off in the config")
    if section.source == "simulator":
        return Check("charger API", WARN, "the built-in simulator shows made-up demo data",
                     "set [chargers] source = \"ocpi\" with the city's url and token")
    if not section.url:
        return Check("charger API", FAIL, "no [chargers] url", "set [chargers] url to the OCPI Locations endpoint")
    token = section.token
    if token and section.token_encoding == "base64":
        token = base64.b64encode(token.encode("utf-8")).decode("ascii")
    headers = {"Authorization": f"Token {token}"} if token else {}
    try:
        params = {"limit": "1"} if section.source == "ocpi" else None  # a directory: its own query
        resp = requests.get(section.url, params=params, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        return Check("charger API", FAIL, f"{redact_url(section.url)} not reachable ({type(exc).__name__})",
                     "check the network, DNS and the url")
    if resp.status_code in (401, 403):
        return Check("charger API", FAIL, f"not authorised (HTTP {resp.status_code})",
                     "check [chargers] token and token_encoding with the operator")
    if resp.status_code != 200:
        return Check("charger API", FAIL, f"HTTP {resp.status_code} from {redact_url(section.url)}",
                     "check the url with the operator")
    try:
        body = resp.json()
        code = int(body.get("status_code", 1000)) if isinstance(body, dict) else 1000
    except (ValueError, TypeError):
        return Check("charger API", FAIL, "the answer is not JSON", "check the url: it must be the OCPI Locations endpoint")
    if not 1000 <= code < 2000:
        return Check("charger API", FAIL, f"OCPI status {code}: {body.get('status_message', '')}".strip(),
                     "check [chargers] token and url with the operator")
    if section.source != "ocpi":
        return Check("charger API", OK, f"{section.source} directory answered (it has no live status: "
                                        "the kiosk shows where chargers are, not whether they are free)")
    return Check("charger API", OK, f"{redact_url(section.url)} answered")


def newest_mtime(folders: Iterable[Path], limit: int = 5000) -> float | None:
    newest, seen = None, 0
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        for path in Path(folder).rglob("*"):
            seen += 1
            if seen > limit:
                break
            try:
                stamp = path.lstat().st_mtime
            except OSError:
                continue
            newest = stamp if newest is None else max(newest, stamp)
    return newest


def check_clock(now: datetime, folders: Iterable[Path]) -> Check:
    fix = "enable time sync: sudo timedatectl set-ntp true"
    if now.year < EARLIEST_YEAR:
        return Check("clock", FAIL, f"the clock says {now:%Y-%m-%d} (charger times and records would be wrong)", fix)
    newest = newest_mtime(folders)
    if newest is not None:
        ahead = datetime.fromtimestamp(newest, timezone.utc) - now
        if ahead > timedelta(days=1):
            return Check("clock", FAIL, f"files were written {ahead.days} days after the clock's time", fix)
    return Check("clock", OK, now.astimezone().strftime("%Y-%m-%d %H:%M %Z"))


# -- all together ----------------------------------------------------------------------------

def run_checks(config_path: str | None = None, environ: Mapping[str, str] | None = None,
               now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> list[Check]:
    env = dict(os.environ if environ is None else environ)
    results = [check_display(env), check_qt_libraries(), check_qt_start(env)]
    config_check, cfg = check_config(config_path, env)
    languages = cfg.kiosk.languages if cfg else ("en", "es", "ru")
    results += [check_fonts(languages, env), check_speech(languages, env), config_check]
    if cfg is None:
        return results
    results += [_safely("lessons", check_lessons, cfg.content_dir),
                _safely("map pack", check_map, cfg.content_dir, cfg.maps.pack),
                check_translations(cfg.content_dir, languages),
                _safely("database", check_database, cfg),
                _safely("permissions", check_permissions, cfg, _config_file(cfg)),
                _safely("charger API", check_chargers, cfg.chargers),
                check_disk([cfg.state_dir, cfg.data_dir, cfg.content_dir]),
                check_clock(now(), [cfg.state_dir, cfg.data_dir])]
    return results


def _config_file(cfg: Any) -> Path | None:
    from kiosk.config import DEMO_CONFIG
    path = Path(cfg.source)
    return path if path.is_file() and path.resolve() != DEMO_CONFIG else None


def _safely(name: str, check: Callable[..., Check], *args: Any) -> Check:
    try:
        return check(*args)
    except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others
        return Check(name, FAIL, f"the check itself failed: {type(exc).__name__}: {exc}")


def exit_status(results: Iterable[Check]) -> int:
    return 1 if any(c.status == FAIL for c in results) else 0


__all__ = ["Check", "OK", "WARN", "FAIL", "run_checks", "exit_status", "check_display",
           "check_qt_libraries", "check_qt_start", "check_fonts", "check_speech", "check_config",
           "check_lessons", "check_map", "check_translations", "check_database", "check_disk",
           "check_chargers", "check_clock", "check_permissions"]
