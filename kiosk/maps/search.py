"""Finding places by name in any language, accent- and case-insensitively.

"cafe" finds "Café", "biblioteca" finds the library in Spanish, "мэрия" finds City Hall, and
"plumer" still suggests "Plummer Park" through :func:`closest_names`.
"""
from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable

from kiosk.maps.pack import Place


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for matching ("Café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("ё", "е")
    cleaned = "".join(c if c.isalnum() else " " for c in stripped)
    return " ".join(cleaned.split())


def match_score(query: str, place: Place) -> int:
    """0 = no match; higher is better (whole-name prefix > word prefixes > anywhere)."""
    q = fold(query)
    if not q:
        return 1
    tokens = q.split()
    best = 0
    for name in set(place.names.values()) | {place.id}:
        f = fold(name)
        words = f.split()
        if f.startswith(q):
            best = max(best, 4)
        elif all(any(w.startswith(t) for w in words) for t in tokens):
            best = max(best, 3)
        elif q in f:
            best = max(best, 2)
    return best


def closest_names(text: str, places: Iterable[Place], n: int = 3) -> list[Place]:
    """Places whose id or some name looks most like ``text`` (for "did you mean")."""
    places = list(places)
    keyed: dict[str, Place] = {}
    for place in places:
        for name in (place.id, *place.names.values()):
            keyed.setdefault(fold(name), place)
    out: list[Place] = []
    for key in difflib.get_close_matches(fold(text), list(keyed), n=n * 3, cutoff=0.4):
        if keyed[key] not in out:
            out.append(keyed[key])
    for place in places:  # also word-level matches difflib misses on long names
        if len(out) >= n:
            break
        if place not in out and any(difflib.get_close_matches(t, fold(" ".join(place.names.values())).split(),
                                                              n=1, cutoff=0.75)
                                    for t in fold(text).split()):
            out.append(place)
    return out[:n]
