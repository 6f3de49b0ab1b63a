"""The Find your way screen as a visitor meets it: heads-up map, search by typing, routes with
directions and a QR code, zoom buttons, language switch, wipe, and a broken map pack."""
from __future__ import annotations

import math

import pytest
import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import config
from ui.widgets.qr import qr_matrix, read_modules
from ui_support import tap


def open_map(window, **args):
    window.ctx.session.activity()
    window.ctx.session.open("map", **args)
    screen = window.screens["map"]
    assert window.current_screen is screen
    assert window.ctx.tasks.wait_idle()  # the pack loads on a worker
    return screen


def type_on_keyboard(qtbot, screen, text: str) -> None:
    keyboard = screen.keyboard
    # After a language switch the keyboard's new rows appear on the next event-loop turn.
    qtbot.waitUntil(lambda: keyboard.key_button(text[0].lower()).isVisible())
    for char in text:
        if char.isupper():
            tap(qtbot, keyboard.key_button("shift"))
        tap(qtbot, keyboard.key_button("space" if char == " " else char.lower()))


def visible_results(screen) -> list[str]:
    return [row.title_label.text() for row in screen.result_rows if row.isVisible()]


def place_xy(screen, place_id: str) -> tuple[float, float]:
    wf = screen.wf
    return wf.place_xy(wf.pack.place(place_id))


def east_of_kiosk(screen) -> str:
    """The place farthest east of the kiosk, roughly level with it."""
    hx, hy = screen.wf.here_xy
    candidates = [(x - hx, p.id) for p in screen.wf.pack.places
                  for x, y in [screen.wf.place_xy(p)] if abs(y - hy) < 0.25 * abs(x - hx)]
    return max(candidates)[1]


def test_heads_up_a_place_east_of_a_west_facing_kiosk_is_drawn_behind_the_visitor(qtbot, make_window) -> None:
    cfg = config.load(environ={}).replace("location", facing_deg=270)
    window = make_window(cfg)
    screen = open_map(window)
    view = screen.map
    here = view.viewport_pos(screen.wf.here_xy)
    east = view.viewport_pos(place_xy(screen, east_of_kiosk(screen)))
    assert east.y() > here.y() + 100  # below "you are here": behind the visitor
    assert abs(east.x() - here.x()) < abs(east.y() - here.y()) / 2
    # The facing cone points up the screen, and the north arrow points right (north is to the right
    # of someone facing west).
    assert math.isclose(view.here_item.cone_deg % 360, 0, abs_tol=0.01)
    assert math.isclose(view.north.angle % 360, 90, abs_tol=0.01)


def test_library_map_is_north_up(qtbot, make_window) -> None:
    cfg = config.load(environ={"KIOSK_PROFILE": "library"}).replace("location", facing_deg=270)
    window = make_window(cfg)
    screen = open_map(window)
    view = screen.map
    hx, hy = screen.wf.here_xy
    here = view.viewport_pos((hx, hy))
    east = view.viewport_pos((hx + 300, hy))
    north = view.viewport_pos((hx, hy + 300))
    assert east.x() > here.x() + 50 and abs(east.y() - here.y()) < 1
    assert north.y() < here.y() - 50 and abs(north.x() - here.x()) < 1
    assert view.north.angle % 360 == 0
    # landscape: map on the left, the panel on the right
    assert screen.map_column.geometry().right() <= screen.column.geometry().left()


def test_search_by_typing_finds_plummer_park_in_any_case_accent_or_language(qtbot, window) -> None:
    screen = open_map(window)
    tap(qtbot, screen.search_button)
    assert screen.keyboard.isVisible()
    type_on_keyboard(qtbot, screen, "pluMM")
    assert visible_results(screen)[0] == "Plummer Park"
    assert "min" in screen.result_rows[0].description_label.text()
    tap(qtbot, screen.clear_query)
    assert visible_results(screen) == []
    tap(qtbot, window.controls.language_buttons["es"])
    type_on_keyboard(qtbot, screen, "parque plúmmer")  # accent typed on the Spanish keyboard
    assert visible_results(screen)[0] == "Parque Plummer"
    tap(qtbot, screen.clear_query)
    tap(qtbot, window.controls.language_buttons["ru"])
    type_on_keyboard(qtbot, screen, "Пламм")
    assert "Парк Пламмер" in visible_results(screen)


def test_nothing_found_says_so(qtbot, window) -> None:
    screen = open_map(window, panel="search")
    type_on_keyboard(qtbot, screen, "zzqx")
    assert visible_results(screen) == []
    assert "zzqx" in screen.message.text() and screen.message.isVisible()


def test_tapping_a_result_shows_the_route_directions_and_qr(qtbot, window) -> None:
    screen = open_map(window)
    tap(qtbot, screen.category_tiles["parks"])
    assert "Plummer Park" in visible_results(screen)
    row = next(r for r in screen.result_rows if r.title_label.text() == "Plummer Park")
    tap(qtbot, row)
    assert window.ctx.session.navigation.current_args == {"destination": "plummer-park"}
    assert screen.heading.text() == "To Plummer Park"
    assert "min" in screen.summary.text() and "mile" in screen.summary.text()
    steps = [label.text() for label in screen.step_labels if label.isVisible()]
    assert len(steps) >= 2 and "Santa Monica Blvd" in steps[0] and "arrived" in steps[-1]
    assert screen.map.route is screen.route and len(screen.map.route_items) == 4
    # The QR code holds the OpenStreetMap walking link, and its picture is that code.
    place = screen.wf.pack.place("plummer-park")
    assert screen.qr.payload == screen.wf.osm_directions_url(place)
    assert "openstreetmap.org/directions" in screen.qr.payload and "34.0925" in screen.qr.payload
    matrix = qr_matrix(screen.qr.payload)
    assert read_modules(screen.qr.image, len(matrix)) == matrix
    assert screen.qr.isVisible() and screen.qr_caption.text() == "Scan to continue on your phone"
    # Back returns to the list of parks.
    tap(qtbot, window.controls.back)
    assert screen.mode == "category" and screen.map.route is None


def test_read_to_me_speaks_every_direction(qtbot, window) -> None:
    screen = open_map(window, destination="plummer-park")
    speaker = window.ctx.speaker
    if not speaker.available:
        assert not screen.read_button.isVisible()
        pytest.skip("no speech engine")
    tap(qtbot, screen.read_button)
    language, text = speaker.history[-1]
    assert language == "en"
    for step in screen.route.steps():
        assert step.text in text


def test_zoom_buttons_change_the_scale_and_back_to_me_recentres(qtbot, window) -> None:
    screen = open_map(window)
    view = screen.map
    hx, hy = screen.wf.here_xy

    def span() -> float:
        a, b = view.viewport_pos((hx, hy)), view.viewport_pos((hx + 100, hy))
        return math.hypot(b.x() - a.x(), b.y() - a.y())

    before = span()
    tap(qtbot, screen.zoom_in)
    assert span() == pytest.approx(before * 1.5, rel=0.01)
    tap(qtbot, screen.zoom_out)
    tap(qtbot, screen.zoom_out)
    assert span() == pytest.approx(before / 1.5, rel=0.01)
    # drag the map away with a finger (mouse), then come back
    viewport = view.viewport()
    start = viewport.rect().center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + QPoint(60 * step, 40 * step))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(300, 200))
    centre = viewport.rect().center()
    moved = view.viewport_pos((hx, hy))
    assert math.hypot(moved.x() - centre.x(), moved.y() - centre.y()) > 100
    tap(qtbot, screen.back_to_me)
    back = view.viewport_pos((hx, hy))
    assert math.hypot(back.x() - centre.x(), back.y() - centre.y()) < 3
    assert span() == pytest.approx(before, rel=0.01)


def test_charger_site_id_routes_to_that_charger(qtbot, window) -> None:
    screen = open_map(window, destination="US/WEH/LIBRARY")
    assert screen.destination.id == "ev-library"
    assert screen.mode == "route" and screen.route is not None
    end = screen.route.points[-1]
    assert math.isclose(end[0], screen.destination.lat, abs_tol=1e-6)
    assert "EV charging" in screen.heading.text()


def test_unknown_destination_falls_back_to_the_directory(qtbot, window) -> None:
    screen = open_map(window, destination="US/WEH/NOWHERE")
    assert screen.mode == "directory"
    assert screen.message.isVisible() and "could not find" in screen.message.text()


def test_language_switch_rewrites_the_directions(qtbot, window) -> None:
    screen = open_map(window, destination="plummer-park")
    english = [label.text() for label in screen.step_labels if label.isVisible()]
    tap(qtbot, window.controls.language_buttons["es"])
    spanish = [label.text() for label in screen.step_labels if label.isVisible()]
    assert spanish != english and len(spanish) == len(english)
    assert "Parque Plummer" in screen.heading.text()
    assert "km" in screen.summary.text() or "metro" in screen.summary.text()
    assert screen.map.place_labels["plummer-park"].text == "Parque Plummer"
    tap(qtbot, window.controls.language_buttons["ru"])
    assert any("Санта" in t or "Santa" in t for t in (label.text() for label in screen.step_labels))
    assert screen.keyboard.language() == "ru"


def test_step_free_and_slower_pace_change_the_route(qtbot, window) -> None:
    screen = open_map(window, destination="library")
    normal = screen.route
    tap(qtbot, screen.slow_button)
    assert screen.route.minutes > normal.minutes * 1.4
    assert screen.slow_button.text().startswith("☑")
    tap(qtbot, screen.step_free_button)
    assert screen.route.step_free
    assert screen.route.distance_m >= normal.distance_m - 0.5
    assert not any(s.maneuver == "steps" for s in screen.route.steps())


def test_wipe_forgets_search_route_zoom_and_options(qtbot, window, clock) -> None:
    screen = open_map(window, panel="search")
    type_on_keyboard(qtbot, screen, "plum")
    window.ctx.session.open("map", destination="plummer-park")
    tap(qtbot, screen.step_free_button)
    tap(qtbot, screen.zoom_in)
    clock.advance(window.ctx.config.kiosk.idle_seconds + 1)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds + 1)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    assert screen.keyboard.text() == "" and screen.route is None and not screen.step_free
    assert screen.map.route is None
    assert screen.map.zoom == pytest.approx(screen.map.default_zoom())
    window.ctx.session.activity()
    window.ctx.session.open("map")
    assert screen.mode == "directory"


def test_broken_pack_shows_a_calm_page(qtbot, make_window) -> None:
    cfg = config.load(environ={}).replace("maps", pack="no-such-pack")
    window = make_window(cfg)
    screen = open_map(window)
    assert screen.heading.text() == "The map is not available right now"
    assert not screen.map.isVisible() and not screen.categories_widget.isVisible()
    window.ctx.session.open("map", destination="plummer-park")  # still calm, no crash
    assert screen.heading.text() == "The map is not available right now"
    tap(qtbot, window.controls.home)
    assert window.current_screen.name == "home"


def test_loading_runs_in_a_worker_on_the_event_loop(qtbot, make_window) -> None:
    window = make_window()
    screen = window.screens["map"]
    assert screen.wf is None  # nothing loaded until the map is opened
    loop = qasync.QEventLoop(QApplication.instance())
    try:
        loop.run_until_complete(screen.load())
    finally:
        loop.close()
    assert screen.wf is window.ctx.services["maps"]
    assert screen.map.place_items


def test_buttons_are_big_and_named_and_text_at_200_percent_scrolls(qtbot, window) -> None:
    screen = open_map(window, destination="plummer-park")
    for button in screen.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= 88 and button.height() >= 88, button.objectName()
            assert button.accessibleName(), button.objectName()
    window.ctx.session.set_text_scale(2.0)
    QApplication.processEvents()
    page = screen.scroll.widget()
    assert page.height() > screen.scroll.viewport().height()  # scrolls rather than clipping
    assert page.width() <= screen.scroll.viewport().width()


def test_the_pack_and_the_lessons_load_off_the_ui_thread(qtbot, make_window, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_STRICT_THREADS", "1")  # loading either on the UI thread raises
    window = make_window()
    screen = open_map(window, destination="plummer-park")
    assert screen.route is not None and screen.heading.text() == "To Plummer Park"
    window.ctx.session.open("lessons")
    assert window.screens["lessons"].cards


def test_the_map_takes_over_half_the_portrait_screen_and_icons_keep_off_the_marker(qtbot, window) -> None:
    screen = open_map(window)
    view = screen.map
    assert view.height() >= 0.5 * window.height()
    here = view.viewport_pos(screen.wf.here_xy)
    for item in view.place_items.values():
        if item.isVisible():
            centre = view.mapFromScene(item.pos())
            assert math.hypot(centre.x() - here.x(), centre.y() - here.y()) > 30, item.place_id
    # bus stops wait for a closer zoom unless the visitor asks for transit
    transit = [i for i in view.place_items.values() if i.category == "transit"]
    assert transit and not any(i.isVisible() for i in transit)
    view.set_highlight("transit")
    assert any(i.isVisible() for i in transit)


def test_street_names_run_along_their_streets(qtbot, window) -> None:
    screen = open_map(window)
    labels = {label.text: label for label in screen.map.street_labels if label.isVisible()}
    # La Cienega runs north-south: its name is turned upright along it, Melrose's lies flat
    assert any(abs(abs(l.angle) - 90) < 20 for l in screen.map.street_labels if l.isVisible())
    assert any(abs(l.angle) < 20 for l in screen.map.street_labels if l.isVisible())
    assert labels


def test_a_loaded_map_pack_is_kept_out_of_the_collectors_passes(qtbot, window) -> None:
    """A city pack is tens of thousands of records that live for the whole run: the UI-thread
    collector must not walk them on every full pass (a stall of ~50 ms for a 100,000-node pack)."""
    import gc

    open_map(window)
    qtbot.waitUntil(lambda: "maps" in window.ctx.services, timeout=20000)
    pack = window.ctx.services["maps"].pack
    assert gc.is_tracked(pack.places)
    assert not any(obj is pack.places for obj in gc.get_objects())  # in the frozen generation
