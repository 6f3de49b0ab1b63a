"""Speech navigation (EZ Access model): what a blind visitor hears and which keys do what.

Qt-free. The Qt layer (``ui/speechmode.py``) turns the widgets of the current screen into
:class:`Item` records in reading order and feeds keys to a :class:`Navigator`; this module decides
what to say, when to play which earcon, how help is layered, and writes the speech log.

Keys (defaults; ``[accessibility]`` in the config can change them): Up / Down = previous / next
item, Return = activate, Backspace = back, F1 = help, Page Up / Page Down = louder / softer, with
Shift = faster / slower. Any key interrupts speech; the same key twice repeats at the list's ends.
"""
from __future__ import annotations

import dataclasses
import io
import json
import logging
import math
import struct
import threading
import time
import unicodedata
import wave
from pathlib import Path
from typing import Callable

from kiosk.i18n import N_, translate_in

logger = logging.getLogger(__name__)

#: Action → default key name (Qt key names without the "Key_" prefix).
DEFAULT_KEYS = {
    "previous": "Up",
    "next": "Down",
    "activate": "Return",
    "back": "Backspace",
    "help": "F1",
    "louder": "PageUp",
    "softer": "PageDown",
}
ACTIONS = tuple(DEFAULT_KEYS)

ROLES = {
    "heading": N_("Heading"),
    "text": N_("Text"),
    "button": N_("Button"),
    "edit": N_("Text box"),
    "key": N_("Key"),
    "map": N_("Map"),
    "practice": N_("Practice area"),
}


@dataclasses.dataclass(frozen=True)
class Item:
    """One thing on screen a visitor can hear (and maybe activate)."""
    role: str                 # a key of ROLES
    name: str                 # what it says, in the visitor's language
    state: str = ""           # "Not available", "Selected" … already translated
    hint: str = ""            # why not available / what to do, already translated
    actionable: bool = False


def spoken(text: str) -> str:
    """``text`` without the pictographs and arrows that decorate buttons (◀ Previous, 🔊 Read
    to me): a voice would read them out as "black left-pointing triangle"."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Co", "Cs")
                   and ch not in "\ufe0f\u200d")
    return " ".join(kept.split())


def describe(item: Item, language: str) -> str:
    """"Button. Next step. Not available. Try the practice first." — role, name, state, hint."""
    role = translate_in(language, ROLES.get(item.role, N_("Text")))
    name = spoken(item.name)
    if name.lower().startswith(role.lower()):
        role = ""  # "Practice area with a button: Tap me", not "Practice area. Practice area…"
    parts = [role, name, item.state, spoken(item.hint)]
    sentences = []
    for part in (p.strip() for p in parts if p and p.strip()):
        sentences.append(part if part[-1] in ".?!…:;" else part + ".")
    return " ".join(sentences)


def keys_help(language: str, keys: dict[str, str]) -> str:
    t = lambda msg: translate_in(language, msg)  # noqa: E731 - local shorthand
    return " ".join([
        t(N_("Speech keys:")),
        t(N_("{key} moves to the next item,")).format(key=_key_word(keys["next"], language)),
        t(N_("{key} to the previous one.")).format(key=_key_word(keys["previous"], language)),
        t(N_("{key} activates the item you hear.")).format(key=_key_word(keys["activate"], language)),
        t(N_("{key} goes back.")).format(key=_key_word(keys["back"], language)),
        t(N_("{key} is help; press it again for more.")).format(key=_key_word(keys["help"], language)),
        t(N_("{up} and {down} change the volume; with Shift, the speed.")).format(
            up=_key_word(keys["louder"], language), down=_key_word(keys["softer"], language)),
    ])


KEY_WORDS = {"Up": N_("Up arrow"), "Down": N_("Down arrow"), "Return": N_("Enter"),
             "Backspace": N_("Back key"), "F1": N_("Help key"), "PageUp": N_("Page Up"),
             "PageDown": N_("Page Down")}


def _key_word(key: str, language: str) -> str:
    return translate_in(language, KEY_WORDS[key]) if key in KEY_WORDS else key


def start_prompt(language: str, keys: dict[str, str] = DEFAULT_KEYS) -> str:
    """What the attract screen shows (and says) about starting speech."""
    return translate_in(language, N_("To hear this screen, press the {key} (blue diamond).")).format(
        key=_key_word(keys["help"], language))


class Navigator:
    """The highlight's position on the current screen's items, and what each key makes it say.

    ``say(text, kind)`` is called for every utterance and earcon ("move", "action", "edge",
    "error"); the Qt layer speaks, plays and moves the highlight.
    """

    def __init__(self, say: Callable[[str, str], None], keys: dict[str, str] | None = None) -> None:
        self.say = say
        self.keys = dict(DEFAULT_KEYS, **(keys or {}))
        self.items: list[Item] = []
        self.index = -1
        self.screen_title = ""
        self.language = "en"
        self._help_level = 0
        self._last_action = ""

    def load(self, title: str, items: list[Item], language: str, *, announce: bool = True) -> None:
        """A new screen (or the same one re-laid): start at its top and say where we are."""
        self.screen_title, self.items, self.language = title, list(items), language
        self.index = -1
        self._help_level = 0
        if announce:
            self.say(translate_in(language, N_("{title}. Press Down to hear what is on this screen."))
                     .format(title=title), "speech")

    def refresh(self, items: list[Item]) -> None:
        """The same screen changed (a message appeared): keep the place as far as possible."""
        self.items = list(items)
        self.index = min(self.index, len(self.items) - 1)

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def move(self, step: int) -> Item | None:
        self._help_level = 0
        target = self.index + step
        if not self.items or target < 0 or target >= len(self.items):
            self.say("edge", "earcon")
            edge = N_("Top of the screen.") if target < 0 else N_("End of the screen.")
            self.say(translate_in(self.language, edge), "speech")
            return None
        self.index = target
        item = self.items[target]
        self.say("action" if item.actionable else "move", "earcon")
        self.say(describe(item, self.language), "speech")
        return item

    def repeat(self) -> None:
        item = self.current
        self.say(describe(item, self.language) if item else self.screen_title, "speech")

    def activate(self) -> Item | None:
        """The item to activate, or None (after saying why nothing happens)."""
        item = self.current
        if item is None:
            self.say("error", "earcon")
            self.say(translate_in(self.language, N_("Nothing is selected. Press Down first.")), "speech")
            return None
        if not item.actionable:
            if item.state:
                self.say("error", "earcon")
                self.say(". ".join(p for p in (item.state, item.hint) if p), "speech")
                return None
            self.repeat()
            return None
        return item

    def help(self) -> None:
        """Layered help: the item, then the screen, then the keys."""
        level = self._help_level
        self._help_level = (level + 1) % 3
        item = self.current
        if level == 0 and item is not None:
            text = describe(item, self.language)
            if item.actionable:
                text += " " + translate_in(self.language, N_("Press {key} to use it.")).format(
                    key=_key_word(self.keys["activate"], self.language))
        elif level <= 1:
            text = translate_in(self.language, N_("This screen: {title}. Down and Up move through "
                                                  "everything on it, from the top.")).format(title=self.screen_title)
        else:
            text = keys_help(self.language, self.keys)
        self.say(text, "speech")


class SpeechLog:
    """One JSON object per line for each utterance and earcon (tests and accessibility audits)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, text: str, language: str, kind: str) -> None:
        if self.path is None:
            return
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "lang": language, "text": text,
                  "kind": kind}
        try:
            with self._lock, open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:
            logger.error("speech log %s cannot be written: %s", self.path, exc)
            self.path = None


# -- earcons -------------------------------------------------------------------------------------
#: (frequency Hz, milliseconds) notes per earcon: short, distinct in pitch and rhythm.
EARCONS = {
    "move": [(880, 40)],                      # a light tick
    "action": [(660, 45), (990, 60)],         # rising: something you can use
    "edge": [(220, 120)],                     # a low thud: nothing further
    "error": [(330, 80), (0, 40), (330, 80)],  # two low beeps: that did not work
}
RATE = 22050


def earcon_wav(name: str, volume: float = 0.5) -> bytes:
    """A small WAV of earcon ``name``, synthesised (sine notes with soft edges)."""
    frames = bytearray()
    for freq, ms in EARCONS[name]:
        count = int(RATE * ms / 1000)
        fade = max(1, int(RATE * 0.005))
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            value = math.sin(2 * math.pi * freq * i / RATE) * envelope * volume if freq else 0.0
            frames += struct.pack("<h", int(value * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


def write_earcons(folder: Path) -> dict[str, Path]:
    """The earcon WAV files in ``folder`` (made once, reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in EARCONS:
        path = folder / f"earcon-{name}.wav"
        if not path.exists():
            path.write_bytes(earcon_wav(name))
        paths[name] = path
    return paths


# -- "Where am I?" -------------------------------------------------------------------------------
COMPASS = (N_("north"), N_("northeast"), N_("east"), N_("southeast"), N_("south"),
           N_("southwest"), N_("west"), N_("northwest"))


def compass_word(degrees: float, language: str) -> str:
    return translate_in(language, COMPASS[int(((degrees % 360) + 22.5) // 45) % 8])


def where_am_i(language: str, location_name: str, facing_deg: float,
               nearby: list[tuple[str, float]]) -> str:
    """What a blind pedestrian needs first: where the kiosk stands, which way its screen faces,
    and the nearest places with their walking distance (``nearby``: name, metres)."""
    from kiosk import i18n

    t = lambda msg: translate_in(language, msg)  # noqa: E731 - local shorthand
    parts = []
    if location_name:
        parts.append(t(N_("You are at the kiosk on {place}.")).format(place=location_name))
    parts.append(t(N_("The kiosk's screen faces {direction}.")).format(
        direction=compass_word(facing_deg, language)))
    if nearby:
        right_here = t(N_("right here"))
        near = "; ".join(f"{name}, {right_here if metres < 20 else i18n.format_distance(metres)}"
                         for name, metres in nearby[:3])
        parts.append(t(N_("Nearest places: {places}.")).format(places=near))
    return " ".join(parts)
