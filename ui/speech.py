"""Read-aloud for every screen, in the visitor's language, slowly.

The kiosk speaks through espeak-ng directly (:mod:`kiosk.speech` says why not speech-dispatcher):
each utterance is a child process, so speaking never blocks the UI thread and a new sentence or
Stop interrupts at once. ``KIOSK_SPEECH_ENGINE`` picks another engine: ``mock`` (Qt's silent test
engine, used by the test suite) or any engine name Qt's text-to-speech module offers.

Where speech cannot work, :attr:`Speaker.available` is False and :attr:`Speaker.reason` says why
(logged once, and reported by ``kiosk doctor`` / ``kiosk health``): the screens then hide their
"Read to me" buttons — a visitor never sees an error about speech, and every word stays on screen.
:attr:`Speaker.history` records what was asked to be spoken and in which language, for tests.
"""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from kiosk import i18n
from kiosk import speech as core_speech

logger = logging.getLogger(__name__)

#: Slower than the engine's default (0.0) for Qt engines: seniors follow better.
DEFAULT_RATE = -0.25
POLL_MS = 100


class _EspeakBackend:
    """espeak-ng through :mod:`kiosk.speech`; the Speaker polls it to see an utterance end."""

    def __init__(self) -> None:
        self.engine = core_speech.EspeakEngine()
        status = self.engine.status()
        self.error = "" if status.ok else f"{status.reason} — fix: {status.fix}"
        self.utterance: core_speech.Utterance | None = None

    def say(self, text: str, language: str, rate: float, volume: float) -> None:
        self.stop()
        wpm = core_speech.DEFAULT_WPM * (1.0 + rate + 0.25)  # rate −1…1 around the slow default
        self.utterance = self.engine.speak(text, language, wpm=round(wpm), amplitude=round(volume * 125))

    def state(self) -> str:
        if self.utterance is None or not self.utterance.poll():
            return "idle"
        return "paused" if self.utterance.paused else "speaking"

    def pause(self) -> None:
        if self.utterance is not None:
            self.utterance.pause()

    def resume(self) -> None:
        if self.utterance is not None:
            self.utterance.resume()

    def stop(self) -> None:
        if self.utterance is not None:
            self.utterance.stop()
            self.utterance = None


class _QtBackend:
    """One of Qt's text-to-speech engines (``mock`` in tests)."""

    def __init__(self, engine: str, owner: QObject, on_state) -> None:
        self.tts = None
        self.error = ""
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # Qt built without the speech module
            self.error = f"Qt text-to-speech module missing ({exc})"
            return
        if engine not in QTextToSpeech.availableEngines():
            self.error = f"speech engine {engine!r} not installed; have {QTextToSpeech.availableEngines()}"
            return
        tts = QTextToSpeech(engine, owner)
        if tts.state() == QTextToSpeech.State.Error:
            self.error = f"speech engine {engine!r} failed: {tts.errorString() or 'no reason given'}"
            return
        self.tts = tts
        self.states = QTextToSpeech.State
        tts.stateChanged.connect(on_state)

    def say(self, text: str, language: str, rate: float, volume: float) -> None:
        self.tts.stop()
        code = i18n.LANGUAGES[language].locale if language in i18n.LANGUAGES else language
        locale = QLocale(code)
        if self.tts.locale() != locale:
            self.tts.setLocale(locale)
        self.tts.setRate(rate)
        self.tts.setVolume(volume)
        self.tts.say(text)

    def state(self) -> str:
        try:
            s = self.tts.state()
        except RuntimeError:  # Qt deleted the engine first while the program ends
            return "idle"
        return "speaking" if s == self.states.Speaking else "paused" if s == self.states.Paused else "idle"

    def pause(self) -> None:
        self.tts.pause()

    def resume(self) -> None:
        self.tts.resume()

    def stop(self) -> None:
        self.tts.stop()


class Speaker(QObject):
    """One speech channel for the kiosk. ``state_changed`` carries "speaking", "paused" or "idle"."""

    state_changed = Signal(str)

    def __init__(self, engine: str | None = None, parent: QObject | None = None, *,
                 log_path: str = "", device: str = "") -> None:
        super().__init__(parent)
        from kiosk.speechnav import SpeechLog

        self.history: list[tuple[str, str]] = []
        self.log = SpeechLog(Path(log_path) if log_path else None)
        self.earcons_played: list[str] = []
        self.reason = ""
        self._last: tuple[str, str] | None = None
        self._reported = "idle"
        self.rate = DEFAULT_RATE
        self.volume = 0.8
        engine = engine or os.environ.get("KIOSK_SPEECH_ENGINE") or "espeak"
        if device:
            os.environ.setdefault("KIOSK_AUDIO_DEVICE", device)
        backend = _EspeakBackend() if engine in ("espeak", "espeak-ng") else \
            _QtBackend(engine, self, self._check_state)
        self._backend = None if backend.error else backend
        if backend.error:
            self.reason = backend.error
            logger.warning("read-aloud is off: %s", backend.error)
        else:
            logger.info("read-aloud uses the %s engine", engine)
        # espeak-ng utterances are child processes: look a few times a second whether one ended.
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_state)

    @property
    def available(self) -> bool:
        return self._backend is not None

    @property
    def state(self) -> str:
        return "idle" if self._backend is None else self._backend.state()

    def _check_state(self, *_args) -> None:
        state = self.state
        if state == "idle":
            self._poll.stop()
        if state != self._reported:
            self._reported = state
            self.state_changed.emit(state)

    def say(self, text: str, language: str | None = None) -> None:
        """Speak ``text`` in ``language`` (default: the current one), replacing anything playing."""
        language = language or i18n.current_language()
        self.history.append((language, text))
        self.log.write(text, language, "speech")
        self._last = (language, text)
        if self._backend is None or not text.strip():
            return
        try:
            self._backend.say(text, language, self.rate, self.volume)
        except OSError as exc:  # espeak-ng vanished since start: go quiet, keep the screen
            logger.error("read-aloud failed: %s", exc)
            return
        self._poll.start()
        self._check_state()

    def earcon(self, name: str) -> None:
        """A short sound ("move", "action", "edge", "error"; :mod:`kiosk.speechnav`)."""
        self.earcons_played.append(name)
        self.log.write(name, i18n.current_language(), "earcon")
        backend = self._backend
        if not isinstance(backend, _EspeakBackend) or backend.engine.wav_dir is not None:
            return
        from kiosk.speechnav import write_earcons

        path = write_earcons(Path(tempfile.gettempdir()) / "weho-kiosk-earcons")[name]
        try:
            subprocess.Popen(core_speech.player_command(backend.engine.device)[:-1] + [str(path)],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            logger.error("earcon failed: %s", exc)

    def louder(self, step: float = 0.1) -> None:
        self.volume = min(1.0, round(self.volume + step, 2))

    def softer(self, step: float = 0.1) -> None:
        self.volume = max(0.2, round(self.volume - step, 2))

    def faster(self, step: float = 0.15) -> None:
        self.rate = min(1.0, round(self.rate + step, 2))

    def slower(self, step: float = 0.15) -> None:
        self.rate = max(-1.0, round(self.rate - step, 2))

    def repeat(self) -> None:
        if self._last is not None:
            self.say(self._last[1], self._last[0])

    def pause(self) -> None:
        if self._backend is not None and self.state == "speaking":
            self._backend.pause()
            self._check_state()

    def resume(self) -> None:
        if self._backend is not None and self.state == "paused":
            self._backend.resume()
            self._check_state()

    def stop(self) -> None:
        if self._backend is not None:
            self._backend.stop()
            self._check_state()

    def reset(self) -> None:
        """Session wipe: silence, and the rate and volume back to their defaults (Section 508)."""
        self.stop()
        self._last = None
        self.rate = DEFAULT_RATE
        self.volume = 0.8
