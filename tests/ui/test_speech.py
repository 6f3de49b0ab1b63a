"""Real speech, end to end: the kiosk's own speech path (espeak-ng, not a mock) says a sentence in
each language and real audio comes out — rendered to WAV and measured with sox.

On a kiosk the same synthesis is piped into ALSA's ``aplay``; here there is no sound card, so the
speech path writes its audio to files (``KIOSK_SPEECH_WAV_DIR``), which is exactly what it would
have played. Skips where espeak-ng or sox is missing, except under CI, which installs both.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import speech as core_speech

SENTENCES = {
    "en": "Tap the green button to start the lesson.",
    "es": "Toque el botón verde para empezar la lección.",
    "ru": "Нажмите зелёную кнопку, чтобы начать урок.",
    "fa": "برای شروع درس دکمه سبز را لمس کنید.",
}


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing: .ci/run installs it (packaging/debian-*.txt)")
        pytest.skip(f"{tool} is not installed")


def measure(wav: Path) -> tuple[float, float]:
    """(seconds, RMS amplitude 0..1) of a WAV file, as sox measures them."""
    out = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True).stderr
    seconds = float(re.search(r"Length \(seconds\):\s+([\d.]+)", out).group(1))
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", out).group(1))
    return seconds, rms


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_the_kiosk_speaker_produces_real_audio(language, tmp_path, monkeypatch, qtbot):
    _need("espeak-ng")
    _need("sox")
    monkeypatch.setenv("KIOSK_SPEECH_WAV_DIR", str(tmp_path))
    from ui.speech import Speaker

    speaker = Speaker(engine="espeak")
    assert speaker.available, speaker.reason
    states = []
    speaker.state_changed.connect(states.append)
    speaker.say(SENTENCES[language], language)
    qtbot.waitUntil(lambda: states[-1:] == ["idle"], timeout=20000)
    assert "speaking" in states
    [wav] = tmp_path.glob(f"*-{language}.wav")
    seconds, rms = measure(wav)
    assert seconds > 0.5, f"{language}: only {seconds:.2f} s of audio"
    # Silence measures 0; espeak-ng speech at the kiosk's volume measures ~0.05–0.1.
    assert rms > 0.01, f"{language}: RMS {rms:.4f} is silence"


def test_stop_interrupts_at_once(tmp_path, monkeypatch, qtbot):
    _need("espeak-ng")
    monkeypatch.setenv("KIOSK_SPEECH_WAV_DIR", str(tmp_path))
    engine = core_speech.EspeakEngine()
    utterance = engine.speak("word " * 3000, "en")
    assert utterance.poll()
    utterance.stop()
    assert not utterance.poll()


def test_a_machine_without_espeak_says_why_and_how_to_fix(monkeypatch):
    monkeypatch.setattr(core_speech, "ESPEAK", "no-such-espeak-binary")
    status = core_speech.check()
    assert not status.ok
    assert "espeak-ng is not installed" in status.reason
    assert "apt-get install espeak-ng" in status.fix


def test_voices_and_text_become_a_safe_command():
    cmd = core_speech.espeak_command("-rf / is text, not an option", "es", wpm=10_000)
    assert cmd[:3] == ["espeak-ng", "-v", "es-419"]
    assert cmd[cmd.index("-s") + 1] == str(core_speech.MAX_WPM)
    assert cmd[-2:] == ["--", "-rf / is text, not an option"]
    assert len(core_speech.clip("Sentence one. " * 1000)) <= core_speech.MAX_TEXT
