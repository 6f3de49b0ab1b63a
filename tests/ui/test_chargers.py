"""The EV charging screens as a visitor meets them, against the real OCPI simulator on 127.0.0.1.

The window holds the shell's own screens plus the charger pages (and an honest stand-in for the
map, whose real screen is another feature), so these tests do not depend on other features' work.
Refreshes run as in the kiosk: through ``ctx.tasks`` in a child process; tests wait for them on a
function-scoped qasync loop (``screen.load()``) or with ``qtbot.waitUntil``.
"""
from __future__ import annotations

import socket
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from kiosk import config
from kiosk.chargers import ChargerService, haversine_m, weho_sites
from kiosk.chargers.cache import SnapshotCache
from kiosk.chargers.client import OcpiClient
from kiosk.chargers.simulator import start_simulator
from kiosk.chargers.static_sources import parse_afdc, static_snapshot
from ui.context import AppContext
from ui.screens import chargers as chargers_ui
from ui.screens.attract import AttractScreen
from ui.screens.home import HomeScreen
from ui.screens.info import ComingSoonScreen, HelpScreen, OneMomentScreen
from ui.shell import KioskWindow
from kiosk import threadguard

AFDC = Path(__file__).resolve().parent.parent / "core" / "chargers" / "fixtures" / "afdc_stations.json"
# A weekday afternoon in West Hollywood, when the simulated chargers are busy.
AFTERNOON = datetime(2025, 6, 18, 21, 0, tzinfo=timezone.utc)


class WallClock:
    """The simulator's clock, moved by hand (module level: it crosses to the refresh process)."""

    def __init__(self, now: datetime = AFTERNOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def no_wait(seconds: float) -> None:
    """The client's retry sleep in these tests (a named function: it crosses to the refresh process)."""


def tap(qtbot, widget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]




@pytest.fixture
def sim_clock() -> WallClock:
    return WallClock()


@pytest.fixture
def simulator(sim_clock):
    handle = start_simulator(seed=11, clock=sim_clock)
    handle.clock = sim_clock
    yield handle
    handle.stop()


@pytest.fixture
def no_leftover_threads():
    before = set(threading.enumerate())
    yield
    extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not extra, f"threads left running: {extra}"


@pytest.fixture
def make_charger_window(qtbot, clock, tmp_path):
    """A kiosk window with the charger screens; ``service`` (if given) is the one they use."""
    windows = []

    def _make(cfg: config.Config | None = None, service: ChargerService | None = None,
              profile: str = "street") -> KioskWindow:
        cfg = cfg or config.load(environ={}).replace("paths", state_dir=str(tmp_path / "state"))
        cfg = cfg.replace("kiosk", profile=profile)
        from ui.app import make_session
        ctx = AppContext(config=cfg, session=make_session(cfg, clock))
        window = KioskWindow(ctx, screens=[AttractScreen, HomeScreen, HelpScreen, OneMomentScreen,
                                           chargers_ui.screens, lambda c: ComingSoonScreen(c, "map")])
        if service is not None:
            ctx.services["chargers"] = service
            clock_of_feed = getattr(service.client, "_clock", None)
            if clock_of_feed is not None:  # "now" on screen is the simulated city's now
                window.screens["chargers"].model.clock = clock_of_feed
        qtbot.addWidget(window)
        window.resize(*cfg.screen_size)
        window.show()
        qtbot.waitExposed(window)
        ctx.session.activity()
        windows.append(window)
        return window

    yield _make
    for window in windows:
        window.stop()



def sim_service(simulator, cache_dir: Path | None, **kwargs) -> ChargerService:
    """A service on the simulator whose client reads the simulator's own wall clock."""
    cfg = config.load(environ={})
    client = OcpiClient(simulator.url, simulator.token, attempts=1, sleep=no_wait,
                        clock=simulator.clock, tariffs_url=simulator.tariffs_url)
    return ChargerService(client, cache_dir, source="simulator",
                          kiosk_position=(cfg.location.lat, cfg.location.lon), **kwargs)


def open_list(window, loop) -> chargers_ui.ChargersScreen:
    window.ctx.session.open("chargers")
    screen = window.current_screen
    loop.run_until_complete(screen.load())
    return screen


def shown_cards(screen) -> list:
    return [card for card in screen.shown_cards() if card.isVisible()]


def plug_lines(card) -> list[str]:
    return [plug.line for plug in card.row.plugs]


def no_dialogs() -> bool:
    return not [w for w in QApplication.topLevelWidgets() if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def test_list_shows_the_simulators_sites_nearest_first_one_line_per_plug(
        make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    cfg = window.ctx.config
    expected = sorted(weho_sites.SITES, key=lambda s: haversine_m(cfg.location.lat, cfg.location.lon, s.lat, s.lon))
    cards = shown_cards(screen)
    assert [c.row.name for c in cards] == [s.name for s in expected]
    assert cards[0].row.walk == "100 feet · about 1 minute walk"
    kinds = set()
    for card, site in zip(cards, expected):
        plugs = {standard for standard, _kw in site.ports}
        assert len(card.row.plugs) == len(plugs)  # one line per plug type
        for plug in card.row.plugs:
            assert "kW" in plug.line and "$" in plug.line  # power and price on the list
            assert "free" not in plug.line.lower()
            kinds.add(plug.kind)  # drawn as a shape, not only a colour
        assert card.accessibleName().startswith(site.name)
        assert card.height() >= card.heightForWidth(card.width())  # nothing cut off
    assert "good" in kinds and len(kinds) >= 2  # a busy afternoon: some available, some not
    assert screen.updated.text() == "Updated just now"
    assert not screen.banner.isVisible()


def test_filter_by_plug_counts_only_that_plug(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    words = [b.text() for b in screen.filter_buttons if b.isVisible()]
    assert words == ["✓ All", "CCS1 (Combo)", "J1772", "NACS (Tesla)"]
    nacs = next(b for b in screen.filter_buttons if b.text() == "NACS (Tesla)")
    tap(qtbot, nacs)
    assert [c.row.name for c in shown_cards(screen)] == ["City Hall area"]
    assert nacs.text() == "✓ NACS (Tesla)"  # the choice is marked by a tick, not only a colour
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "CCS1 (Combo)"))
    cards = shown_cards(screen)
    assert {c.row.name for c in cards} == {
        "West Hollywood Library parking structure", "West Hollywood Gateway at La Brea"}
    for card in cards:  # only the two CCS1 ports are counted, not the J1772 ones beside them
        (line,) = plug_lines(card)
        assert line.startswith("CCS1 (Combo) ×2 · 62.5 kW · ")
    # The site page then puts the chosen plug first.
    tap(qtbot, cards[0])
    page = window.current_screen
    assert page.shown_groups()[0].title.text().startswith("CCS1 (Combo) · 2 ports")
    assert page.others_heading.isVisible()
    tap(qtbot, window.controls.back)
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "All"))
    assert len(shown_cards(screen)) == len(weho_sites.SITES)


def test_read_to_me_on_the_list(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    tap(qtbot, screen.read_aloud)
    language, said = window.ctx.speaker.history[-1]
    assert language == "en" and said.startswith("Public chargers near this kiosk, nearest first.")
    assert "City Hall area" in said and "per kWh" in said


def test_read_to_me_on_charger_pages_pauses_continues_and_stops_on_leaving(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    speaker = window.ctx.speaker
    screen = open_list(window, loop)
    button = screen.read_aloud
    assert button.text() == "Read to me" and button.icon().cacheKey()  # the shared speaker button
    tap(qtbot, button)
    qtbot.waitUntil(lambda: speaker.state == "speaking")
    assert button.text() == "Pause"
    tap(qtbot, button)
    qtbot.waitUntil(lambda: speaker.state == "paused")
    assert button.text() == "Continue"
    card = screen.cards["US/WEH/LIBRARY"]
    screen.scroll.ensureWidgetVisible(card)
    tap(qtbot, card)
    qtbot.waitUntil(lambda: speaker.state == "idle")  # leaving the list stops its reading
    page = window.current_screen
    assert page.name == "charger_site" and page.read_aloud.text() == "Read to me"
    tap(qtbot, page.read_aloud)
    assert speaker.history[-1][1].startswith("West Hollywood Library parking structure.")


def test_read_to_me_is_not_offered_where_speech_cannot_work(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    window.ctx.speaker._backend = None  # as on a kiosk without espeak-ng or a sound card
    screen = open_list(window, loop)
    assert shown_cards(screen) and not screen.read_aloud.isVisible()
    window.ctx.session.open("charger_site", id="US/WEH/LIBRARY")
    page = window.current_screen
    assert page.heading.text() == "West Hollywood Library parking structure"
    assert page.walk_there.isVisible() and not page.read_aloud.isVisible()


def test_refresh_updates_in_place_and_keeps_the_scroll_position(
        qtbot, make_charger_window, simulator, sim_clock, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path), profile="library")
    screen = open_list(window, loop)
    bar = screen.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(bar.maximum() // 2)
    scrolled_to = bar.value()
    cards_before = {c.site_id: c for c in shown_cards(screen)}
    lines_before = {sid: plug_lines(c) for sid, c in cards_before.items()}
    sim_clock.now += timedelta(hours=3)  # evening: the city's chargers change hands
    loop.run_until_complete(screen.load())
    cards_after = {c.site_id: c for c in shown_cards(screen)}
    assert list(cards_after) == list(cards_before)  # same order
    assert all(cards_after[sid] is card for sid, card in cards_before.items())  # same widgets
    assert {sid: plug_lines(c) for sid, c in cards_after.items()} != lines_before
    assert bar.value() == scrolled_to


def test_old_data_is_greyed_and_says_when_it_was_last_seen(make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    fetched = screen.model.board.fetched_at
    screen.model.clock = lambda: fetched + timedelta(hours=2)
    screen.render()
    assert screen.banner.isVisible()
    assert "2 hours ago" in screen.banner.label.text()
    assert screen.updated.text() == "Updated 2 hours ago"
    for card in shown_cards(screen):
        for plug in card.row.plugs:
            assert plug.kind == "unknown" and "Status unknown" in plug.line  # drawn greyed
            assert plug.detail.startswith("Last seen: ") and plug.detail.endswith("2 hours ago")
    window.ctx.session.open("charger_site", id="US/WEH/CITYHALL")
    site_page = window.current_screen
    texts = [row.text.text() for box in site_page.shown_groups() for row in box.port_rows if row.isVisible()]
    assert len(texts) == 6
    assert all("Status unknown — last seen " in t and t.endswith("2 hours ago") for t in texts)
    assert site_page.banner.isVisible()


def test_static_sites_say_live_status_is_not_available(make_charger_window, tmp_path, loop) -> None:
    url = f"http://127.0.0.1:{free_port()}/locations"
    state = tmp_path / "state"
    cfg = config.load(environ={}).replace("paths", state_dir=str(state)).replace(
        "chargers", source="ocpi", url=url, connect_timeout=0.5)
    snapshot = static_snapshot(parse_afdc(AFDC.read_bytes()), source=f"ocpi {url}")
    SnapshotCache(state / "cache").save(snapshot)
    window = make_charger_window(cfg)
    screen = open_list(window, loop)
    cards = shown_cards(screen)
    assert cards
    kinds = set()
    for card in cards:
        for plug in card.row.plugs:
            # Never a count of available ports: a directory does not know it. A directory
            # saying a plug is out of order is still worth passing on.
            assert ("Live status not available" in plug.line and plug.kind == "none"
                    or "Out of order" in plug.line and plug.kind == "bad")
            kinds.add(plug.kind)
    assert "none" in kinds


def test_offline_start_shows_the_cache_with_its_age(make_charger_window, simulator, tmp_path, loop) -> None:
    url = f"http://127.0.0.1:{free_port()}/locations"  # nothing listens here: the city API is down
    state = tmp_path / "state"
    cfg = config.load(environ={}).replace("paths", state_dir=str(state)).replace(
        "chargers", source="ocpi", url=url, connect_timeout=0.5)
    with threadguard.allowed():
        earlier = sim_service(simulator, None).refresh()
    SnapshotCache(state / "cache").save(replace(earlier, source=f"ocpi {url}",
                                                fetched_at=datetime.now(timezone.utc) - timedelta(minutes=10)))
    window = make_charger_window(cfg)
    screen = open_list(window, loop)  # the refresh fails
    assert screen.feed.failed
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
    assert screen.updated.text().startswith("Updated 10 minutes ago")
    assert not screen.message.isVisible()
    assert no_dialogs()


def test_offline_first_start_shows_a_calm_message(make_charger_window, tmp_path, loop) -> None:
    url = f"http://127.0.0.1:{free_port()}/locations"
    cfg = config.load(environ={}).replace("paths", state_dir=str(tmp_path / "state")).replace(
        "chargers", source="ocpi", url=url, connect_timeout=0.5)
    window = make_charger_window(cfg)
    screen = open_list(window, loop)
    assert screen.message.isVisible()
    assert screen.message.text() == "Charger status is not available right now."
    assert not shown_cards(screen) and not screen.filters.isVisible() and not screen.read_aloud.isVisible()
    assert no_dialogs()


def test_a_site_page_groups_ports_by_plug_with_walk_there_and_read_aloud(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    library = screen.cards["US/WEH/LIBRARY"]
    screen.scroll.ensureWidgetVisible(library)
    tap(qtbot, library)
    page = window.current_screen
    assert page.name == "charger_site"
    assert window.ctx.session.navigation.current_args == {"id": "US/WEH/LIBRARY"}
    assert page.heading.text() == "West Hollywood Library parking structure"
    assert page.address.text().startswith("625 N San Vicente Blvd")
    assert page.hours.text() == "Opening hours: Open 24/7"
    assert "City of West Hollywood" in page.operator.text()
    groups = page.shown_groups()
    assert [g.title.text() for g in groups] == ["J1772 · 8 ports · up to 6.6 kW",
                                                "CCS1 (Combo) · 2 ports · up to 62.5 kW"]
    ports = [[r.text.text() for r in g.port_rows if r.isVisible()] for g in groups]
    assert [len(p) for p in ports] == [8, 2]
    assert ports[1][0].startswith("Port 9 · ")
    tap(qtbot, page.read_aloud)
    language, said = window.ctx.speaker.history[-1]
    assert language == "en" and said.startswith("West Hollywood Library parking structure. 625 N San Vicente")
    tap(qtbot, page.walk_there)
    assert window.current_screen.name == "map"
    assert window.ctx.session.navigation.current_args == {"destination": "US/WEH/LIBRARY"}
    tap(qtbot, window.controls.back)
    assert window.current_screen.name == "charger_site"


def test_site_page_says_each_plugs_price_once_in_the_visitors_language(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    open_list(window, loop)
    window.ctx.session.open("charger_site", id="US/WEH/LIBRARY")
    page = window.current_screen
    level2 = "Price: $0.30 per kWh, $1.00 per hour of parking"
    fast = "$0.45 per kWh; $0.55 per kWh 4–9 pm (simulated)"  # the operator's own words
    assert [g.price.text() for g in page.shown_groups()] == [level2, fast]
    shown = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    assert shown.count(level2) == 1  # said once for the 8 ports, not on every port
    tap(qtbot, window.controls.language_buttons["ru"])
    assert page.shown_groups()[0].price.text() == "Цена: 0,30\u00a0$ за кВт·ч, 1,00\u00a0$ за час стоянки"
    assert page.shown_groups()[1].price.text() == "Цена: 0,45\u00a0$ за кВт·ч (в некоторые часы цены другие)"


def test_language_switch_renews_updated_ago_live(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    fetched = screen.model.board.fetched_at
    screen.model.clock = lambda: fetched + timedelta(minutes=3)
    screen.render()
    assert screen.updated.text() == "Updated 3 minutes ago"
    tap(qtbot, window.controls.language_buttons["es"])
    assert "hace 3 minutos" in screen.updated.text()
    assert screen.cards["US/WEH/CITYHALL"].row.walk.startswith("40 metros")  # metric, Babel
    tap(qtbot, window.controls.language_buttons["ru"])
    assert "3 минуты назад" in screen.updated.text()


def test_background_refresh_starts_on_show_repeats_and_stops_with_the_kiosk(
        qtbot, make_charger_window, simulator, tmp_path, no_leftover_threads) -> None:
    service = sim_service(simulator, tmp_path, refresh_seconds=10)
    window = make_charger_window(service=service)
    screen = window.screens["chargers"]
    window.ctx.session.open("chargers")
    qtbot.waitUntil(lambda: screen.model.board is not None and not screen.feed.busy(), timeout=60_000)
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
    timer = screen.feed.timer
    assert timer.isActive() and 0 < timer.remainingTime() <= 11_000  # the next refresh is planned
    first = screen.model.board.fetched_at
    simulator.clock.now += timedelta(minutes=1)
    screen.feed.refresh()  # as the timer would
    qtbot.waitUntil(lambda: screen.model.board.fetched_at > first, timeout=60_000)
    window.stop()
    assert not timer.isActive()
    # The task runner's threads and the refresh process end with it.
    import threading
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate()
                                 if t.name.startswith(("kiosk-task", "QueueFeederThread"))
                                 or "ExecutorManager" in type(t).__name__], timeout=20_000)


def test_a_wipe_forgets_the_filter_and_keeps_refreshing(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "CCS1 (Combo)"))
    window.ctx.tasks.cancel_all()  # as the wipe does
    screen.reset()
    assert screen.model.plug is None
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
    assert screen.feed.timer.isActive() or screen.feed.busy()  # the schedule goes on
