"""The route panel of *Find your way*, without Qt: from where, to where, how long, which way.

:class:`RoutePanel` holds one destination and the walking route to it from the kiosk, worked out
with the visitor's options (avoid stairs, slower pace), and says what the panel shows: "To Plummer
Park", "12 min walk · 0.6 miles", numbered steps with an arrow each, the words *Read to me* speaks,
and the OpenStreetMap link for the take-away QR code. Texts are produced at call time, so a
language switch re-reads them (directions included) without routing again.

``collapsed`` is the visitor's choice to fold the panel away and give the map the room.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.i18n import _, current_language, format_distance, format_minutes
from kiosk.maps.pack import Place
from kiosk.maps.routing import NoRoute
from kiosk.maps.service import Route, Wayfinder

logger = logging.getLogger(__name__)

#: Arrows shown before each direction, by the core's maneuver code (the words say it too).
MANEUVER_ARROWS = {
    "depart": "↑", "continue": "↑", "slight_left": "↖", "slight_right": "↗", "left": "←",
    "right": "→", "u_turn": "↓", "cross": "⇅", "steps": "⇗", "arrive_left": "◉", "arrive_right": "◉",
    "arrive": "◉",
}


@dataclass(frozen=True)
class StepView:
    """One numbered direction as the panel shows it."""
    number: int
    arrow: str
    text: str
    maneuver: str

    @property
    def label(self) -> str:
        return f"{self.number}.  {self.arrow}  {self.text}"


class RoutePanel:
    """One destination and the walk there from the kiosk (see module docs)."""

    def __init__(self) -> None:
        self.destination: Place | None = None
        self.route: Route | None = None
        self.qr_payload = ""
        self.collapsed = False

    @property
    def active(self) -> bool:
        return self.destination is not None

    def show(self, wf: Wayfinder, place: Place, *, step_free: bool, slow: bool) -> None:
        """Route from the kiosk to ``place`` (no route is a calm message, not an error)."""
        self.destination = place
        self.update(wf, step_free=step_free, slow=slow)

    def update(self, wf: Wayfinder, *, step_free: bool, slow: bool) -> None:
        """Route again with new options (on the UI thread: well within a frame, see ``make bench``)."""
        if self.destination is None:
            return
        try:
            self.route = wf.route("here", self.destination, step_free=step_free, slow=slow)
        except NoRoute as exc:
            logger.info("no route: %s", exc)
            self.route = None
        self.qr_payload = wf.osm_directions_url(self.destination) if self.route else ""

    def clear(self) -> None:
        self.destination, self.route, self.qr_payload = None, None, ""
        self.collapsed = False

    def toggle_collapsed(self) -> None:
        self.collapsed = not self.collapsed

    # -- texts -----------------------------------------------------------------------------------
    def destination_name(self) -> str:
        return self.destination.name(current_language()) if self.destination else ""

    @staticmethod
    def origin_label() -> str:
        return _("You are here")

    def heading(self) -> str:
        return _("To {place}").format(place=self.destination_name()) if self.destination else ""

    def summary(self, units: str) -> str:
        """"12 min walk · 0.6 miles", or that there is no walking route."""
        if self.route is None:
            return _("We could not find a walking route to this place.")
        return _("{minutes} walk · {distance}").format(
            minutes=format_minutes(self.route.minutes),
            distance=format_distance(self.route.distance_m, units))

    def steps(self) -> list[StepView]:
        if self.route is None:
            return []
        return [StepView(number, MANEUVER_ARROWS.get(step.maneuver, "•"), step.text, step.maneuver)
                for number, step in enumerate(self.route.steps(), start=1)]

    def directions_text(self, units: str) -> str:
        """Everything *Read to me* says: where to, how long, and each step."""
        if self.route is None:
            return self.summary(units)
        parts = [self.heading(), self.summary(units)] + [s.text for s in self.steps()]
        return "\n".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts if p)
