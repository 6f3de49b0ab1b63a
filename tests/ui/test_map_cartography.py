"""The map as a pedestrian reads it: "You are here" and the destination never under the route
line or a button in any language, walk areas labelled on their edge, buildings and landmarks
drawn, the route steps fold away, and *About this map* tells where the map comes from."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QGraphicsPathItem

from kiosk import config
from ui.widgets.map_labels import segment_hits_rect
from ui_support import tap

REPO = Path(__file__).resolve().parents[2]


def open_map(window, **args):
    window.ctx.session.activity()
    window.ctx.session.open("map", **args)
    screen = window.screens["map"]
    assert window.ctx.tasks.wait_idle()
    QApplication.processEvents()
    return screen


def button_rects(screen) -> list[QRectF]:
    """Where the map's buttons and north arrow are, in the map's viewport pixels."""
    view = screen.map
    offset = view.viewport().pos()
    return [QRectF(w.geometry().translated(-offset)) for w in
            (screen.zoom_in, screen.zoom_out, screen.back_to_me, view.north) if w.isVisible()]


def route_lines(view):
    return view.route_screen_lines()


@pytest.mark.parametrize("facing", [None, 90.0, 200.0])
def test_you_are_here_and_the_destination_stay_clear_of_the_route_and_buttons(qtbot, make_window, facing) -> None:
    cfg = config.load(environ={})
    if facing is not None:
        cfg = cfg.replace("location", facing_deg=facing)
    window = make_window(cfg)
    screen = open_map(window, destination="plummer-park")
    view = screen.map
    for lang in ("en", "es", "ru", "fa"):
        tap(qtbot, window.controls.language_buttons[lang])
        QApplication.processEvents()
        viewport = QRectF(view.viewport().rect())
        buttons = button_rects(screen)
        lines = route_lines(view)
        assert lines, "the route is drawn"
        for label in (view.here_label, view.route_flag):
            assert label.isVisible()
            box = view._screen_box(label).adjusted(4, 4, -4, -4)  # the text, not its halo's air
            assert viewport.contains(box), (lang, label.text)
            assert not any(box.intersects(b) for b in buttons), (lang, label.text)
            assert not any(segment_hits_rect(line, box) for line in lines), (lang, label.text)
        # the whole route is framed inside the map and off its buttons
        for line in lines:
            for point in (line.p1(), line.p2()):
                assert viewport.contains(point) and not any(b.contains(point) for b in buttons), lang


def test_walk_areas_are_soft_shapes_labelled_on_their_edge(qtbot, window) -> None:
    screen = open_map(window)
    view = screen.map
    assert len(view.ring_items) == 2
    here_box = view._screen_box(view.here_label)
    texts = []
    for item, label, points in view.ring_items:
        assert item.brush().color().alpha() < 60  # a soft fill, the map shows through
        assert label.isVisible()
        texts.append(label.text)
        assert any((label.pos() - p).manhattanLength() < 1e-6 for p in points)  # on the edge
        assert not view._screen_box(label).intersects(here_box)
    assert texts == ["5 min", "10 min"]


def make_pack(tmp_path: Path) -> Path:
    """The demo pack plus one building beside the kiosk and one landmark (a bus station), in a
    content folder of its own (lessons and translations as in the repository)."""
    content = tmp_path / "content"
    (content / "maps").mkdir(parents=True)
    for folder in ("lessons", "translations"):
        (content / folder).symlink_to(REPO / folder)
    pack = content / "maps" / "testpack"
    shutil.copytree(REPO / "maps" / "weho", pack)
    areas = json.loads((pack / "areas.geojson").read_text(encoding="utf-8"))
    lat, lon = 34.0912, -118.3700
    square = [[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0004], [lon, lat + 0.0004], [lon, lat]]
    areas["features"].append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square]},
                              "properties": {"id": "test-building", "kind": "building"}})
    (pack / "areas.geojson").write_text(json.dumps(areas), encoding="utf-8")
    places = json.loads((pack / "places.geojson").read_text(encoding="utf-8"))
    places["features"].append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [-118.3652, 34.0962]},
                               "properties": {"id": "test-landmark", "categories": ["transit"],
                                              "name": "Test Tower", "landmark": "yes"}})
    (pack / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    return pack


def pack_config(pack: Path) -> config.Config:
    cfg = config.load(environ={}).replace("maps", pack=pack.name)
    return cfg.replace("paths", content_dir=str(pack.parent.parent))


def test_buildings_are_drawn_under_the_streets_and_landmarks_stand_out(qtbot, make_window, tmp_path) -> None:
    window = make_window(pack_config(make_pack(tmp_path)))
    screen = open_map(window)
    view = screen.map
    fills = [item for item in view.scene().items() if isinstance(item, QGraphicsPathItem)
             and item.brush().color() == QColor(view.colors.building)]
    assert len(fills) == 1
    streets = [item.zValue() for item in view.scene().items()
               if isinstance(item, QGraphicsPathItem) and item.pen().color() == QColor(view.colors.street)]
    assert fills[0].zValue() < min(streets)
    assert fills[0].pen().color() == QColor(view.colors.building_edge)
    # A landmark: a bigger symbol, and its name at the starting zoom even though ordinary bus
    # stops (its category) are not drawn until the visitor zooms in.
    landmark = view.place_items["test-landmark"]
    ordinary = view.place_items["stop-santa-monica-fairfax"]
    assert landmark.isVisible() and not ordinary.isVisible()
    assert landmark.radius > ordinary.radius
    assert view.place_labels["test-landmark"].isVisible()


def test_route_steps_fold_away_and_stay_folded_through_language_and_size(qtbot, window, clock) -> None:
    screen = open_map(window, destination="plummer-park")
    steps = [label for label in screen.step_labels if label.isVisible()]
    assert steps and screen.steps_toggle.text() == "Hide steps"
    map_height = screen.map.height()
    tap(qtbot, screen.steps_toggle)
    assert not any(label.isVisible() for label in screen.step_labels)
    assert screen.steps_toggle.text() == "Show steps"
    # the map takes the room: three quarters of the screen
    qtbot.waitUntil(lambda: screen.map.height() > map_height + 250 and screen.map.height() > 0.7 * screen.height())
    assert screen.map_credit.isVisible()  # and carries the credit line in its corner
    assert screen.summary.isVisible() and screen.steps_toggle.isVisible()
    tap(qtbot, window.controls.language_buttons["es"])
    assert not any(label.isVisible() for label in screen.step_labels)
    window.ctx.session.set_text_scale(1.5)
    QApplication.processEvents()
    assert not any(label.isVisible() for label in screen.step_labels)
    assert screen.steps_toggle.isVisible()
    tap(qtbot, screen.steps_toggle)
    assert any(label.isVisible() for label in screen.step_labels)
    # folded again, then the session is wiped: the next visitor sees the steps
    tap(qtbot, screen.steps_toggle)
    clock.advance(window.ctx.config.kiosk.idle_seconds + 1)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds + 1)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    screen = open_map(window, destination="plummer-park")
    assert any(label.isVisible() for label in screen.step_labels)


def test_about_this_map_gives_the_full_credits_and_a_legend(qtbot, window) -> None:
    screen = open_map(window)
    pack = screen.wf.pack
    assert screen.attribution.text().endswith(pack.short_credit)
    tap(qtbot, screen.about_button)
    assert screen.mode == "about" and screen.heading.text() == "About this map"
    page = screen.about_page
    assert page.isVisible()
    text = page.text()
    for line in pack.attribution:
        assert line in text
    assert pack.licence in text
    assert "5 minutes" in text and "10 minutes" in text
    shown = [row.category for row in page.legend.values() if row.isVisible()]
    assert "parks" in shown and "ev_charging" in shown
    assert not screen.about_button.isVisible()
    # 200 % text: the page scrolls rather than being cut, and nothing is wider than the panel
    window.ctx.session.set_text_scale(2.0)
    QApplication.processEvents()
    assert screen.scroll.widget().height() > screen.scroll.viewport().height()
    assert page.width() <= screen.scroll.viewport().width()
    tap(qtbot, page.back_button)
    assert screen.mode == "directory" and screen.about_button.isVisible()


def test_about_this_map_credits_openstreetmap_for_an_imported_pack(qtbot, make_window, tmp_path) -> None:
    pack = make_pack(tmp_path)
    meta = (pack / "pack.toml").read_text(encoding="utf-8")
    meta = meta.replace('credit = "Streets: LA Metro GTFS stops · Places: City of West Hollywood"',
                        'credit = "© OpenStreetMap contributors"')
    meta = meta.replace("demo = true", "demo = false")
    meta = meta.replace('attribution = [', 'attribution = [\n    "Map data from OpenStreetMap, https://www.openstreetmap.org/copyright",')
    (pack / "pack.toml").write_text(meta, encoding="utf-8")
    window = make_window(pack_config(pack))
    screen = open_map(window, panel="about")
    text = screen.about_page.text()
    assert "© OpenStreetMap contributors" in text
    assert "Demo map" not in text
    tap(qtbot, window.controls.language_buttons["fa"])
    assert "© OpenStreetMap contributors" in screen.about_page.text()


@pytest.mark.parametrize("args, wanted", [({}, "map_about"), ({"panel": "about"}, "map_about_back"),
                                          ({"destination": "plummer-park"}, "map_steps_toggle")])
def test_speech_mode_reaches_the_new_controls(qtbot, make_window, args, wanted) -> None:
    window = make_window()
    open_map(window, **args)
    speech = window.speech
    speech.start()
    widgets, items = speech.collect()
    names = {w.objectName(): item for w, item in zip(widgets, items)}
    assert wanted in names and names[wanted].name.strip()
