"""The EV charging screens as a visitor meets them, against the real OCPI simulator on 127.0.0.1.

The window holds the shell's own screens plus the charger pages (and an honest stand-in for the
map, whose real screen is another feature), so these tests do not depend on other features' work.
Refreshes run on a function-scoped qasync loop, as the running kiosk does.
"""
from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

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
from ui.widgets.charger_card import SiteCard

AFDC = Path(__file__).resolve().parent.parent / "core" / "chargers" / "fixtures" / "afdc_stations.json"
# A weekday afternoon in West Hollywood, when the simulated chargers are busy.
AFTERNOON = datetime(2025, 6, 18, 21, 0, tzinfo=timezone.utc)


class WallClock:
    """The simulator's clock, moved by hand."""

    def __init__(self, now: datetime = AFTERNOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def tap(qtbot, widget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def loop(qapp):
    """A qasync loop for this test only; a test that leaves a task running fails."""
    event_loop = qasync.QEventLoop(QApplication.instance())
    yield event_loop
    leftover = [t for t in asyncio.all_tasks(event_loop) if not t.done()]
    for task in leftover:
        task.cancel()
    if leftover:
        event_loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
    event_loop.close()
    assert not leftover, f"tasks left running: {leftover}"


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
                window.screens["chargers"].feed.clock = clock_of_feed
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
    client = OcpiClient(simulator.url, simulator.token, attempts=1, sleep=lambda s: None,
                        clock=simulator.clock, tariffs_url=simulator.tariffs_url)
    return ChargerService(client, cache_dir, source="simulator",
                          kiosk_position=(cfg.location.lat, cfg.location.lon), **kwargs)


def open_list(window, loop) -> chargers_ui.ChargersScreen:
    window.ctx.session.open("chargers")
    screen = window.current_screen
    loop.run_until_complete(screen.load())
    return screen


async def all_cards_built(screen, turns: list[list[str]] | None = None) -> None:
    """Let the event loop turn until the list has built every card (a few per turn); ``turns``
    collects the names shown after each turn."""
    async def wait() -> None:
        while screen.filling():
            await asyncio.sleep(0)
            if turns is not None:
                turns.append([c.name.text() for c in shown_cards(screen)])

    await asyncio.wait_for(wait(), timeout=10)


def shown_cards(screen) -> list:
    return [screen.cards[site_id] for site_id in screen.order if screen.cards[site_id].isVisible()]


def test_list_shows_the_simulators_sites_nearest_first_with_icon_and_word(
        make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    cfg = window.ctx.config
    expected = sorted(weho_sites.SITES, key=lambda s: haversine_m(cfg.location.lat, cfg.location.lon, s.lat, s.lon))
    cards = shown_cards(screen)
    assert [c.name.text() for c in cards] == [s.name for s in expected]
    assert cards[0].walk.text() == "100 feet · about 1 minute walk"
    snapshot = screen.feed.data.snapshot
    kinds = set()
    for card in cards:
        site = snapshot.site(card.site_id)
        chip = card.chip
        assert chip.icon.kind == chip.kind  # the shape says it too, not only the colour
        assert chip.text  # and a word
        if site.free_ports:
            assert chip.text == f"{site.free_ports} of {site.total_ports} free" and chip.kind == "good"
        kinds.add(chip.kind)
        assert "J1772" in card.connectors.text() and "kW" in card.connectors.text()
        assert card.accessibleName().startswith(site.name)
    assert "good" in kinds and len(kinds) >= 2  # a busy afternoon: some free, some not
    assert screen.updated.text() == "Updated just now"
    assert not screen.banner.isVisible()


def test_the_first_fill_grows_in_order_without_reshuffling(make_charger_window, simulator, loop, tmp_path) -> None:
    """The nearest cards appear first and the rest follow below them, never reordered."""
    service = sim_service(simulator, tmp_path)
    service.refresh()  # data at hand: opening the page shows it at once
    window = make_charger_window(service=service)
    window.ctx.session.open("chargers")
    screen = window.current_screen
    first = [c.name.text() for c in shown_cards(screen)]
    turns: list[list[str]] = []
    loop.run_until_complete(all_cards_built(screen, turns))
    final = [c.name.text() for c in shown_cards(screen)]
    assert len(final) == len(weho_sites.SITES)
    assert 0 < len(first) < len(final)  # something at once, the rest a moment later
    assert all(shown == final[:len(shown)] for shown in [first, *turns])


def test_spare_cards_built_while_idle_are_used_for_the_first_list(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    """The list builds its cards ahead, while nobody is there; opening it then makes none."""
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = window.screens["chargers"]
    qtbot.waitUntil(screen.warmed_up, timeout=10_000)
    assert len(screen.spares) == chargers_ui.MAX_ROWS and not screen.cards
    built = set(screen.findChildren(SiteCard))
    open_list(window, loop)
    assert set(screen.findChildren(SiteCard)) == built  # not one new card
    assert len(screen.spares) == chargers_ui.MAX_ROWS - len(weho_sites.SITES)
    for card in shown_cards(screen):  # each spare now belongs to its site, tap included
        assert card.name.text() == screen.feed.data.snapshot.site(card.site_id).name
    second = shown_cards(screen)[1]
    tap(qtbot, second)
    assert window.ctx.session.navigation.current_args == {"id": second.site_id}


def test_filter_by_connector_shows_only_matching_sites(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    words = [b.text() for b in screen.filter_buttons if b.isVisible()]
    assert words == ["✓ All", "CCS1", "J1772", "NACS (J3400)"]
    nacs = next(b for b in screen.filter_buttons if b.text() == "NACS (J3400)")
    tap(qtbot, nacs)
    assert [c.name.text() for c in shown_cards(screen)] == ["City Hall area"]
    assert nacs.text() == "✓ NACS (J3400)"  # the choice is marked by a tick, not only a colour
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "CCS1"))
    assert {c.name.text() for c in shown_cards(screen)} == {
        "West Hollywood Library parking structure", "West Hollywood Gateway at La Brea"}
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "All"))
    assert len(shown_cards(screen)) == len(weho_sites.SITES)


def test_refresh_updates_in_place_and_keeps_the_scroll_position(
        qtbot, make_charger_window, simulator, sim_clock, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path), profile="library")
    screen = open_list(window, loop)
    bar = screen.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(bar.maximum() // 2)
    scrolled_to = bar.value()
    cards_before = {c.site_id: c for c in shown_cards(screen)}
    statuses_before = {sid: c.chip.text for sid, c in cards_before.items()}
    sim_clock.now += timedelta(hours=3)  # evening: the city's chargers change hands
    loop.run_until_complete(screen.feed.refresh())
    turns: list[list[str]] = []
    values = [bar.value()]
    while screen.filling():  # the update is spread over a few turns: check each one
        QApplication.processEvents()
        turns.append([c.site_id for c in shown_cards(screen)])
        values.append(bar.value())
    cards_after = {c.site_id: c for c in shown_cards(screen)}
    assert all(cards_after[sid] is card for sid, card in cards_before.items())  # same widgets
    assert {sid: c.chip.text for sid, c in cards_after.items()} != statuses_before
    assert all(ids == list(cards_before) for ids in turns)  # never shorter, never reordered
    assert set(values) == {scrolled_to}


def test_old_data_is_greyed_and_says_when_it_was_last_seen(make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    feed = screen.feed
    fetched = feed.data.snapshot.fetched_at
    feed.clock = lambda: fetched + timedelta(hours=2)
    screen.render()
    loop.run_until_complete(screen.drawn())  # the update is spread over a few event-loop turns
    assert screen.banner.isVisible()
    assert "2 hours ago" in screen.banner.label.text()
    assert screen.updated.text() == "Updated 2 hours ago"
    for card in shown_cards(screen):
        assert card.chip.kind == "unknown" and card.chip.text == "Status unknown"
        assert card.detail.text().startswith("Last seen: ") and card.detail.text().endswith("2 hours ago")
    window.ctx.session.open("charger_site", id="US/WEH/CITYHALL")
    site_page = window.current_screen
    texts = [row.chip.text for row in site_page.port_rows if row.isVisible()]
    assert len(texts) == 6
    assert all(t.startswith("Status unknown — last seen ") and t.endswith("2 hours ago") for t in texts)
    assert not any(t == "Available" for t in texts)
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
    for card in cards:
        assert card.chip.text == "Live status not available" and card.chip.kind == "none"
        assert "free" not in card.chip.text


def test_offline_start_shows_the_cache_with_its_age(make_charger_window, simulator, sim_clock, tmp_path, loop) -> None:
    url = f"http://127.0.0.1:{free_port()}/locations"  # nothing listens here: the city API is down
    state = tmp_path / "state"
    cfg = config.load(environ={}).replace("paths", state_dir=str(state)).replace(
        "chargers", source="ocpi", url=url, connect_timeout=0.5)
    earlier = sim_service(simulator, None).refresh()
    SnapshotCache(state / "cache").save(replace(earlier, source=f"ocpi {url}",
                                                fetched_at=datetime.now(timezone.utc) - timedelta(minutes=10)))
    window = make_charger_window(cfg)
    screen = open_list(window, loop)  # the refresh fails
    assert screen.feed.failed
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
    assert screen.updated.text().startswith("Updated 10 minutes ago")
    assert not screen.message.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def test_offline_first_start_shows_a_calm_message(make_charger_window, tmp_path, loop) -> None:
    url = f"http://127.0.0.1:{free_port()}/locations"
    cfg = config.load(environ={}).replace("paths", state_dir=str(tmp_path / "state")).replace(
        "chargers", source="ocpi", url=url, connect_timeout=0.5)
    window = make_charger_window(cfg)
    screen = open_list(window, loop)
    assert screen.message.isVisible()
    assert screen.message.text() == "Charger status is not available right now."
    assert not shown_cards(screen) and not screen.filters.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def test_a_site_page_with_ports_walk_there_and_read_aloud(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
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
    rows = [r for r in page.port_rows if r.isVisible()]
    assert len(rows) == 10
    assert sum("CCS1" in r.connectors.text() for r in rows) == 2
    assert all(r.chip.text in ("Available", "In use", "Out of order", "Unknown") for r in rows)
    tap(qtbot, page.read_aloud)
    language, said = window.ctx.speaker.history[-1]
    assert language == "en" and said.startswith("West Hollywood Library parking structure. 625 N San Vicente")
    tap(qtbot, page.walk_there)
    assert window.current_screen.name == "map"
    assert window.ctx.session.navigation.current_args == {"destination": "US/WEH/LIBRARY"}
    tap(qtbot, window.controls.back)
    assert window.current_screen.name == "charger_site"


def test_site_page_says_each_ports_price_in_the_visitors_language(
        qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    open_list(window, loop)
    window.ctx.session.open("charger_site", id="US/WEH/LIBRARY")
    page = window.current_screen
    rows = [row for row in page.port_rows if row.isVisible()]
    level2 = "Price: $0.30 per kWh, $1.00 per hour of parking"
    fast = "$0.45 per kWh; $0.55 per kWh 4–9 pm (simulated)"  # the operator's own words
    assert [row.price.text() for row in rows] == [level2] * 8 + [fast] * 2
    assert rows[0].accessibleName().endswith(level2)
    tap(qtbot, window.controls.language_buttons["ru"])
    assert rows[0].price.text() == "Цена: 0,30\u00a0$ за кВт·ч, 1,00\u00a0$ за час стоянки"
    assert rows[-1].price.text() == "Цена: 0,45\u00a0$ за кВт·ч (в некоторые часы цены другие)"


def test_language_switch_renews_updated_ago_live(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    fetched = screen.feed.data.snapshot.fetched_at
    screen.feed.clock = lambda: fetched + timedelta(minutes=3)
    screen.render()
    assert screen.updated.text() == "Updated 3 minutes ago"
    tap(qtbot, window.controls.language_buttons["es"])
    assert "hace 3 minutos" in screen.updated.text()
    loop.run_until_complete(screen.drawn())
    assert screen.cards["US/WEH/CITYHALL"].walk.text().startswith("40 metros")  # metric, Babel
    tap(qtbot, window.controls.language_buttons["ru"])
    assert "3 минуты назад" in screen.updated.text()


def test_background_refresh_starts_on_show_and_stops_with_the_kiosk(
        make_charger_window, simulator, loop, tmp_path, no_leftover_threads) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = window.screens["chargers"]

    async def visit() -> None:
        window.ctx.session.open("chargers")
        while screen.feed.data is None:
            await asyncio.sleep(0.01)

    loop.run_until_complete(asyncio.wait_for(visit(), timeout=20))
    loop.run_until_complete(all_cards_built(screen))
    task = screen.feed.task
    assert task is not None and not task.done()
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
    window.stop()
    loop.run_until_complete(asyncio.sleep(0))
    assert task.cancelled() or task.done()
    loop.close()  # joins the worker threads


def test_a_wipe_forgets_the_filter(qtbot, make_charger_window, simulator, loop, tmp_path) -> None:
    window = make_charger_window(service=sim_service(simulator, tmp_path))
    screen = open_list(window, loop)
    tap(qtbot, next(b for b in screen.filter_buttons if b.text() == "CCS1"))
    screen.reset()
    assert screen.standard is None
    assert len(shown_cards(screen)) == len(weho_sites.SITES)
