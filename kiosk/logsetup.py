"""Logging for the whole process, configured once: a rotating file in the state folder plus stderr.

Nothing personal is logged — no names, codes or typed text — only what happened and why — and no
secret: every record is redacted when it is created (:mod:`kiosk.redact`: passwords and API keys in
URLs, tokens the config holds), and each handler set up here redacts again in case another
library replaced the record factory.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Callable

from kiosk import redact

logger = logging.getLogger(__name__)

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_configured = False


class KioskFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, made to survive a full or failing disk.

    The standard handler prints a traceback to stderr for every record it cannot write — on a full
    disk that is a flood into the journal for each line the kiosk logs. This one says once on
    stderr why the file is not written, closes it, and opens it again with the next record, so
    logging resumes by itself once there is space (or the file is writable) again.
    """

    def __init__(self, filename: str | Path, max_bytes: int = 2_000_000, backup_count: int = 5) -> None:
        super().__init__(filename, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8",
                         delay=True)
        self.failing = False
        self._failed_now = False

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        super().emit(record)
        if self.failing and not self._failed_now:
            self.failing = False
            self._tell(f"kiosk: the log file {self.baseFilename} is written again")

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            super().handleError(record)
            return
        self._failed_now = True
        self._drop_stream()
        if not self.failing:
            self.failing = True
            self._tell(f"kiosk: cannot write the log file {self.baseFilename} "
                       f"({exc.strerror or exc}); logging to stderr only until it works again")

    def _drop_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.close()  # flushes the unwritten line: fails again on a full disk
            except OSError:
                pass

    @staticmethod
    def _tell(text: str) -> None:
        try:
            print(text, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass  # stderr gone too: nothing left to tell


def configure(state_dir: Path | None, level: int = logging.INFO, stderr: bool = True) -> Path | None:
    """Set up the root logger. Returns the log file path (None when the folder is unwritable)."""
    global _configured
    root = logging.getLogger()
    if _configured:
        return None
    _configured = True
    redact.install_log_redaction()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    if stderr:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(formatter)
        handler.addFilter(redact.RedactingFilter())
        root.addHandler(handler)
    log_file = None
    if state_dir is not None:
        try:
            (state_dir / "logs").mkdir(parents=True, exist_ok=True)
            log_file = state_dir / "logs" / "kiosk.log"
            file_handler = KioskFileHandler(log_file)
            file_handler.setFormatter(formatter)
            file_handler.addFilter(redact.RedactingFilter())
            root.addHandler(file_handler)
        except OSError as exc:
            logger.warning("cannot write logs to %s (%s); logging to stderr only", state_dir, exc)
            log_file = None
    return log_file


def install_excepthooks(on_error: Callable[[], None] | None = None) -> None:
    """Log every uncaught exception with its traceback and let the UI show a calm screen.

    ``on_error`` is called on the thread that raised; a UI passes something thread-safe.
    """
    def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        logging.getLogger("kiosk.crash").error("uncaught error", exc_info=(exc_type, exc, tb))
        if on_error is not None:
            try:
                on_error()
            except Exception:  # noqa: BLE001 - the hook itself must never raise
                logging.getLogger("kiosk.crash").exception("error screen failed")

    def _thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        _hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = _hook
    threading.excepthook = _thread_hook
