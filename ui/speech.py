"""Read-aloud for every screen: Qt's text-to-speech, in the visitor's language, slowly.

On Debian the ``speechd`` engine speaks through speech-dispatcher and espeak-ng. Where no engine
works, :attr:`Speaker.available` is False and :attr:`Speaker.reason` says why (logged once): the
screens then hide their "Read to me" buttons — a visitor never sees an error about speech.
Tests use Qt's ``mock`` engine (``KIOSK_SPEECH_ENGINE=mock``); :attr:`Speaker.history` records what
was asked to be spoken and in which language, so a test can check both.
"""
from __future__ import annotations

import logging
import os

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk import i18n

logger = logging.getLogger(__name__)

#: Slower than the engine's default (0.0): seniors and second-language listeners follow better.
DEFAULT_RATE = -0.25


class Speaker(QObject):
    """One speech channel for the kiosk. ``state_changed`` carries "speaking", "paused" or "idle"."""

    state_changed = Signal(str)

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history: list[tuple[str, str]] = []
        self.reason = ""
        self._tts = None
        self._last: tuple[str, str] | None = None
        self.rate = DEFAULT_RATE
        self.volume = 0.8
        engine = engine or os.environ.get("KIOSK_SPEECH_ENGINE") or "speechd"
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # Qt built without the speech module
            self._unavailable(f"Qt text-to-speech module missing ({exc})")
            return
        if engine not in QTextToSpeech.availableEngines():
            self._unavailable(f"speech engine {engine!r} not installed; have {QTextToSpeech.availableEngines()}")
            return
        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            self._unavailable(f"speech engine {engine!r} failed: {tts.errorString() or 'no reason given'}")
            return
        self._tts = tts
        self._state_enum = QTextToSpeech.State
        tts.stateChanged.connect(self._on_tts_state_changed)
        logger.info("read-aloud uses the %s engine", engine)

    def _unavailable(self, reason: str) -> None:
        self.reason = reason
        logger.warning("read-aloud is off: %s", reason)

    @property
    def available(self) -> bool:
        return self._tts is not None

    @property
    def state(self) -> str:
        if self._tts is None:
            return "idle"
        s = self._tts.state()
        return "speaking" if s == self._state_enum.Speaking else "paused" if s == self._state_enum.Paused else "idle"

    def say(self, text: str, language: str | None = None) -> None:
        """Speak ``text`` in ``language`` (default: the current one), replacing anything playing."""
        language = language or i18n.current_language()
        self.history.append((language, text))
        self._last = (language, text)
        if self._tts is None or not text.strip():
            return
        self._tts.stop()
        locale = QLocale(i18n.LANGUAGES[language].locale if language in i18n.LANGUAGES else language)
        if self._tts.locale() != locale:
            self._tts.setLocale(locale)
        self._tts.setRate(self.rate)
        self._tts.setVolume(self.volume)
        self._tts.say(text)

    def repeat(self) -> None:
        if self._last is not None:
            self.say(self._last[1], self._last[0])

    def pause(self) -> None:
        if self._tts is not None and self.state == "speaking":
            self._tts.pause()

    def resume(self) -> None:
        if self._tts is not None and self.state == "paused":
            self._tts.resume()

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def reset(self) -> None:
        """Session wipe: silence, and the rate and volume back to their defaults (Section 508)."""
        self.stop()
        self._last = None
        self.rate = DEFAULT_RATE
        self.volume = 0.8

    def close(self) -> None:
        self.stop()

    def _on_tts_state_changed(self, _state) -> None:
        self.state_changed.emit(self.state)
