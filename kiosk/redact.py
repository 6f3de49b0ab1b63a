"""Keep secrets out of everything the kiosk prints, logs, caches or reports.

Secrets reach the kiosk in URLs (an AFDC ``api_key=…`` query, a PostgreSQL password in
``database_url``) and in their own config keys (``[chargers] token``, ``[progress]
lrs_password``). Three tools, from narrow to broad:

- :func:`redact_url` masks the password of a URL and the values of query parameters whose name
  says "secret" (``api_key``, ``token``, ``password``…);
- :func:`redact_text` does that to every URL-like or ``key=value`` piece of free text (an error
  message, a log line, a traceback) and masks every secret value the process was told about;
- :func:`remember` is how the config tells this module its secret values; from then on every
  log record of the process is redacted when it is created (a record factory), so no handler —
  file, stderr/journal, a test's capture — ever sees a secret, whatever module logged it.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Any, Iterable
from urllib.parse import parse_qsl, urlsplit, urlunsplit

MASK = "***"
#: Query parameter names (compared without case, '-' and '_') that carry a secret.
SECRET_PARAMS = frozenset({
    "apikey", "key", "token", "accesstoken", "authtoken", "password", "passwd", "pwd", "pass",
    "secret", "clientsecret", "auth", "authorization", "signature", "sig", "sessionid", "session",
    "credential", "credentials", "privatekey", "apitoken", "bearer",
})
#: Secret values shorter than this are not masked inside free text: "abc" would mangle words.
MIN_SECRET_LENGTH = 6

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s'\"<>]+")
_USERINFO = re.compile(r"(//[^/\s:@'\"]*):([^@\s/'\"]+)@")
_PARAM = re.compile(r"(?i)(?<![A-Za-z0-9_-])([A-Za-z_-]*(?:key|token|password|passwd|pwd|secret|"
                    r"signature|sig|auth|session|credentials?))(=|%3D)([^&\s'\"#;,)]+)")
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(\w+\s+)?[^\s'\",}]+")

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def _is_secret_param(name: str) -> bool:
    return name.lower().replace("-", "").replace("_", "") in SECRET_PARAMS


def redact_url(url: str) -> str:
    """``url`` with its password and secret query values replaced by ``***``.

    Text that is not a URL comes back unchanged (after masking remembered secrets).
    """
    if not isinstance(url, str) or "://" not in url:
        return _mask_known(url) if isinstance(url, str) else url
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = f"{parts.username or ''}:{MASK}@{netloc.rsplit('@', 1)[1]}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(_is_secret_param(k) for k, _ in pairs):
                query = "&".join(f"{k}={MASK}" if _is_secret_param(k) else (f"{k}={v}" if v else k)
                                 for k, v in pairs)
        # Untouched URLs stay as written: urlunsplit would turn sqlite:////tmp/x into sqlite://tmp/x.
        clean = url if (netloc, query) == (parts.netloc, parts.query) else urlunsplit(
            (parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        clean = _PARAM.sub(_mask_param, _USERINFO.sub(rf"\1:{MASK}@", url))
    return _mask_known(clean)


def _mask_param(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"{name}{match.group(2)}{MASK}" if _is_secret_param(name) or name.lower().endswith(
        ("key", "token", "password", "secret")) else match.group(0)


def redact_text(text: str) -> str:
    """Free text with every URL, ``secret=value`` pair and remembered secret masked."""
    if not isinstance(text, str) or not text:
        return text
    out = _URL.sub(lambda m: redact_url(m.group(0)), text)
    out = _USERINFO.sub(rf"\1:{MASK}@", out)
    out = _PARAM.sub(_mask_param, out)
    out = _AUTH_HEADER.sub(lambda m: m.group(1) + (m.group(2) or "") + MASK, out)
    return _mask_known(out)


def redact_data(value: Any) -> Any:
    """A JSON-like structure with every string in it passed through :func:`redact_text`."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_data(v) for v in value)
    return value


def _mask_known(text: str) -> str:
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


# -- what this process knows ---------------------------------------------------------------

def secrets_in_url(url: str) -> list[str]:
    """The secret parts of one URL (password, secret query values)."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found.append(parts.password)
        found += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if _is_secret_param(k) and v]
    except ValueError:
        pass
    return found


def config_secrets(config: Any) -> list[str]:
    """Every secret value a :class:`kiosk.config.Config` holds."""
    import base64
    c, p = config.chargers, config.progress
    values = [c.token, p.lrs_password]
    if c.token:
        values.append(base64.b64encode(c.token.encode("utf-8")).decode("ascii"))
    for url in (c.url, c.tariffs_url, p.lrs_url, p.database_url):
        values += secrets_in_url(url)
    return [v for v in values if v and len(v) >= MIN_SECRET_LENGTH]


def remember(values: Iterable[str]) -> None:
    """Mask these values wherever they appear from now on, and redact every log record."""
    with _lock:
        _secrets.update(v for v in values if isinstance(v, str) and len(v) >= MIN_SECRET_LENGTH)
    install_log_redaction()


def forget_all() -> None:
    """Tests only: drop remembered secrets."""
    with _lock:
        _secrets.clear()


# -- logging -------------------------------------------------------------------------------

def redact_record(record: logging.LogRecord) -> None:
    """Mask secrets in a record's message, traceback and stack (in place)."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string is logging's own error to report
        return
    clean = redact_text(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        clean = redact_text(text)
        if clean != text:
            record.exc_text = clean  # Formatter.format uses this instead of formatting again
    if record.stack_info:
        record.stack_info = redact_text(record.stack_info)


class RedactingFilter(logging.Filter):
    """A handler filter doing :func:`redact_record` (for handlers outside this process's factory)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def install_log_redaction() -> None:
    """Redact every log record of the process when it is created; idempotent."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(record)
        return record

    logging.setLogRecordFactory(factory)


__all__ = ["redact_url", "redact_text", "redact_data", "remember", "config_secrets", "secrets_in_url",
           "install_log_redaction", "RedactingFilter", "redact_record", "MASK"]
