"""Rules for text values of the config: what each kind of key may hold.

Every text key has a *kind* (``kind=`` in :mod:`kiosk.config_sections`), because text ends up in
places that each have their own dangers: a device id in file names, log lines and metric labels;
a URL in an HTTP client that would also open ``file://``; a path joined to a content folder; a
token in an HTTP header. Any control character (a line break forging a log line or a header) is refused
in every text value, and a secret's value is never repeated in a message.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from kiosk.errors import ConfigError
from kiosk.redact import redact_url

#: What a text value may hold (``kind=`` of a key), checked by :func:`check_text`.
#: ``text``: anything printable; ``name``: a safe identifier (no spaces, slashes or newlines) —
#: it ends up in file names, log lines and metric labels; ``url``: an http(s) address without
#: credentials; ``db_url``: an SQLAlchemy URL of a supported database; ``path``: an absolute path
#: that does not climb with ``..``; ``secret``: printable, never echoed in messages.
TEXT_KINDS = ("text", "name", "url", "db_url", "path", "secret")
MAX_TEXT_LENGTH = 2048
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DB_SCHEMES = re.compile(r"(sqlite|postgresql)(\+[a-z0-9]+)?")

KIND_TEXT = {"name": "letters, digits, . _ -", "url": "an http(s) URL, no credentials in it",
             "db_url": "sqlite:/// or postgresql:// URL", "path": "an absolute path",
             "secret": "never shown"}


def check_text(value: str, kind: str, where: str, source: str) -> None:
    """Refuse text that would be unsafe where the kiosk uses it (see :data:`TEXT_KINDS`)."""
    shown = "the value" if kind == "secret" else repr(redact_url(value))
    if len(value) > MAX_TEXT_LENGTH:
        raise ConfigError(source, where, f"is longer than {MAX_TEXT_LENGTH} characters")
    if _CONTROL.search(value):
        raise ConfigError(source, where, f"{shown} holds a control character (a line break, tab…); "
                                         "remove it")
    if kind in ("text", "secret") or (not value and kind != "name"):
        return  # an empty URL or path means "off" or "the default"; a name is never empty
    if kind == "name" and not _NAME.fullmatch(value):
        raise ConfigError(source, where, f"{shown} must be 1–64 letters, digits, '.', '_' or '-', "
                                         "starting with a letter or digit (no spaces or slashes)")
    if kind == "path" and (not value.startswith("/") or ".." in value.split("/")):
        raise ConfigError(source, where, f"{shown} must be an absolute path (starting with /) "
                                         "without '..'")
    if kind in ("url", "db_url"):
        _check_url(value, kind, shown, where, source)


def _check_url(value: str, kind: str, shown: str, where: str, source: str) -> None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigError(source, where, f"{shown} is not a URL") from None
    scheme = parts.scheme.lower()
    if kind == "db_url":
        if not _DB_SCHEMES.fullmatch(scheme):
            raise ConfigError(source, where, f"{shown} must start with sqlite:/// or postgresql://")
        return
    if scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(source, where, f"{shown} must be an http:// or https:// address with a host")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(source, where, "must not hold a user name or password; put credentials "
                                         "in their own keys ([chargers] token, [progress] "
                                         "lrs_username and lrs_password)")


__all__ = ["TEXT_KINDS", "KIND_TEXT", "MAX_TEXT_LENGTH", "check_text"]
