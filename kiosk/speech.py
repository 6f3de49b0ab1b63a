"""Speech for the kiosk, driven directly through espeak-ng (no desktop session needed).

Why not speech-dispatcher: it is a per-user daemon that a desktop session autospawns. A kiosk runs
as a system user in a bare cage/X session under systemd, where no session bus or autospawn
exists; Qt's ``speechd`` engine then fails with "Connection to speech-dispatcher failed" and the
kiosk went silent. espeak-ng speaks English, Spanish, Russian and Farsi, and runs as a plain
child process: the kiosk starts it per utterance and stops it to interrupt.

One utterance is ``espeak-ng --stdout`` (a WAV stream) piped into a *sink*:

* ``aplay`` (ALSA, Debian's alsa-utils) on the kiosk — the default audio device, or the one in
  ``KIOSK_AUDIO_DEVICE`` (e.g. ``plughw:1,0`` for a USB headphone adapter);
* a WAV file (``KIOSK_SPEECH_WAV_DIR``): the same synthesis, written to disk — how the tests prove
  that real audio comes out, and how a technician can check a voice without speakers.

Qt-free and synchronous: starting an utterance returns at once (two ``Popen`` calls);
:meth:`Utterance.poll` tells when it ended. ``ui/speech.py`` wraps this for the screens.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

ESPEAK = "espeak-ng"
PLAYER = "aplay"

#: espeak-ng voice per kiosk language. Latin-American Spanish is what West Hollywood hears most.
VOICES = {"en": "en-us", "es": "es-419", "ru": "ru", "fa": "fa"}

#: Words per minute: espeak-ng's default is 175; seniors and second-language listeners follow
#: 140–150 better. The visitor's faster/slower keys move within these bounds.
DEFAULT_WPM = 145
MIN_WPM, MAX_WPM = 90, 260
#: Amplitude 0–200 (espeak-ng's scale; 100 is its default).
DEFAULT_AMPLITUDE = 100
MAX_TEXT = 4000  # characters per utterance: a screen's worth; longer text is cut at a sentence


@dataclasses.dataclass(frozen=True)
class SpeechStatus:
    """Whether speech can work on this machine, and if not, why and how to fix it."""
    ok: bool
    engine: str
    reason: str = ""
    fix: str = ""


def voice_for(language: str) -> str:
    try:
        from kiosk import languages  # the language registry, where it exists

        voice = getattr(languages.get(language), "voice", "")
        if voice:
            return voice
    except Exception:  # noqa: BLE001 - the registry is optional here; the table below is enough
        pass
    return VOICES.get(language, language)


def clip(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > limit // 2 else cut


def espeak_command(text: str, language: str, *, wpm: int = DEFAULT_WPM,
                   amplitude: int = DEFAULT_AMPLITUDE, wav: Path | None = None) -> list[str]:
    """The espeak-ng command line for one utterance (to stdout, or to ``wav``)."""
    wpm = int(min(MAX_WPM, max(MIN_WPM, wpm)))
    amplitude = int(min(200, max(0, amplitude)))
    out = ["-w", str(wav)] if wav is not None else ["--stdout"]
    # "--" ends the options: a text starting with "-" is still text.
    return [ESPEAK, "-v", voice_for(language), "-s", str(wpm), "-a", str(amplitude), *out, "--", clip(text)]


def player_command(device: str | None = None) -> list[str]:
    return [PLAYER, "-q", *(["-D", device] if device else []), "-"]


class Utterance:
    """One sentence being spoken: its processes, so it can be paused, resumed or stopped."""

    def __init__(self, processes: list[subprocess.Popen], wav: Path | None = None) -> None:
        self.processes = processes
        self.wav = wav
        self.paused = False

    def poll(self) -> bool:
        """True while still speaking."""
        return any(p.poll() is None for p in self.processes)

    def _signal(self, sig: int) -> None:
        for p in self.processes:
            if p.poll() is None:
                try:
                    p.send_signal(sig)
                except ProcessLookupError:
                    pass

    def pause(self) -> None:
        self._signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
        self.paused = False

    def stop(self) -> None:
        if self.paused:
            self.resume()
        self._signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(timeout=1)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def wait(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        for p in self.processes:
            try:
                p.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                return False
        return True


class EspeakEngine:
    """Speaks through espeak-ng into ALSA (``aplay``) or into WAV files (see module docs)."""

    name = "espeak-ng"

    def __init__(self, *, device: str | None = None, wav_dir: Path | None = None) -> None:
        self.device = device if device is not None else os.environ.get("KIOSK_AUDIO_DEVICE") or None
        wav = wav_dir if wav_dir is not None else os.environ.get("KIOSK_SPEECH_WAV_DIR")
        self.wav_dir = Path(wav) if wav else None
        self._counter = itertools.count(1)

    def status(self, voices: bool = False) -> SpeechStatus:
        return check(wav_only=self.wav_dir is not None, voices=voices)

    def speak(self, text: str, language: str, *, wpm: int = DEFAULT_WPM,
              amplitude: int = DEFAULT_AMPLITUDE) -> Utterance:
        """Start speaking ``text``; returns at once."""
        quiet = dict(stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        if self.wav_dir is not None:
            self.wav_dir.mkdir(parents=True, exist_ok=True)
            wav = self.wav_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{next(self._counter):04d}-{language}.wav"
            proc = subprocess.Popen(espeak_command(text, language, wpm=wpm, amplitude=amplitude, wav=wav),
                                    stdout=subprocess.DEVNULL, **quiet)
            return Utterance([proc], wav)
        synth = subprocess.Popen(espeak_command(text, language, wpm=wpm, amplitude=amplitude),
                                 stdout=subprocess.PIPE, **quiet)
        player = subprocess.Popen(player_command(self.device), stdin=synth.stdout,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        synth.stdout.close()  # the player owns the pipe now: it sees EOF when espeak-ng ends
        return Utterance([synth, player])


def check(languages: tuple[str, ...] = tuple(VOICES), *, wav_only: bool = False,
          voices: bool = True) -> SpeechStatus:
    """Can this machine speak? ``voices=False`` skips synthesising a word per language (the
    kiosk's quick check at start; ``kiosk doctor`` and ``kiosk health`` do the full one)."""
    if shutil.which(ESPEAK) is None:
        return SpeechStatus(False, ESPEAK, "espeak-ng is not installed",
                            "sudo apt-get install espeak-ng")
    for language in languages if voices else ():
        try:
            result = subprocess.run(espeak_command("test", language), capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SpeechStatus(False, ESPEAK, f"espeak-ng failed: {exc}", "reinstall espeak-ng")
        if result.returncode != 0 or len(result.stdout) < 1000:
            err = result.stderr.decode(errors="replace").strip()[:200]
            return SpeechStatus(False, ESPEAK, f"espeak-ng has no voice {voice_for(language)!r} for "
                                f"{language} ({err or 'no audio'})", "sudo apt-get install espeak-ng-data")
    if wav_only:
        return SpeechStatus(True, ESPEAK)
    if shutil.which(PLAYER) is None:
        return SpeechStatus(False, ESPEAK, "aplay (ALSA) is not installed: speech cannot be played",
                            "sudo apt-get install alsa-utils")
    if not Path("/proc/asound/cards").exists() or "no soundcards" in _read("/proc/asound/cards"):
        return SpeechStatus(False, ESPEAK, "no sound card found (/proc/asound/cards)",
                            "connect speakers or headphones (USB audio adapters work) and check "
                            "`aplay -l`; set KIOSK_AUDIO_DEVICE=plughw:CARD,0 for a non-default card")
    return SpeechStatus(True, ESPEAK)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""
