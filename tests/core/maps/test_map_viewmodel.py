"""The map screen's view model without Qt: navigation arguments → panel, typed letters → results,
categories with counts, the route panel (to, walk time, steps, step-free), and a broken pack."""
from __future__ import annotations

import pytest

from kiosk import config, i18n
from kiosk.errors import ContentError
from kiosk.maps.viewmodel import (CATEGORY, DIRECTORY, IDLE, READY, ROUTE, SEARCH, UNAVAILABLE,
                                  MapChange, MapScreenModel, load_wayfinder)
from kiosk.session import FakeClock, Session


@pytest.fixture
def model(wayfinder):
    session = Session(clock=FakeClock())
    session.activity()
    vm = MapScreenModel(session, "imperial")
    vm.changes = []
    vm.subscribe(vm.changes.append)
    vm.loading_started()
    vm.loaded(wayfinder, wayfinder.walk_rings((5, 10)))
    return vm


def test_arguments_asked_for_while_loading_are_shown_when_the_pack_arrives(wayfinder) -> None:
    vm = MapScreenModel(Session(clock=FakeClock()))
    assert vm.needs_load
    vm.show({"destination": "plummer-park"})
    vm.loading_started()
    assert not vm.needs_load and vm.mode == DIRECTORY
    vm.loaded(wayfinder, [])
    assert vm.state == READY and vm.mode == ROUTE
    assert vm.heading() == "To Plummer Park"


def test_the_directory_has_a_tile_per_category_with_its_count(model) -> None:
    model.show({})
    assert model.mode == DIRECTORY and model.heading() == "Where would you like to go?"
    tiles = {t.category: t for t in model.category_tiles()}
    parks = tiles["parks"]
    assert parks.visible and parks.label == "Parks"
    assert parks.count_text.endswith("places") or parks.count_text.endswith("place")
    model.open_category("parks")
    assert model.session.navigation.current_args == {"category": "parks"}


def test_typed_letters_give_results_nearest_first_and_nothing_found_says_so(model) -> None:
    model.show({"panel": "search"})
    assert model.mode == SEARCH and model.result_rows() == [] and model.query_text() == "(type below)"
    model.set_query("pluMM")
    rows = model.result_rows()
    assert rows[0].name == "Plummer Park" and rows[0].detail.endswith("walk")
    assert model.changes[-1] is MapChange.RESULTS and model.message_text() == ""
    model.set_query("zzqx")
    assert model.result_rows() == []
    assert model.message_text() == "Nothing found for “zzqx”. Try fewer letters."
    model.open_place("plummer-park")
    assert model.session.navigation.current_args == {"destination": "plummer-park"}


def test_a_category_lists_its_places(model) -> None:
    model.show({"category": "parks"})
    assert model.mode == CATEGORY and model.heading() == "Parks"
    assert "Plummer Park" in [r.name for r in model.result_rows()]
    assert model.lead() == "Tap a place to see the way."


def test_route_panel_says_where_how_long_and_each_step(model) -> None:
    model.show({"destination": "plummer-park"})
    panel = model.route_panel
    assert model.mode == ROUTE and panel.route is not None
    assert model.route_summary().startswith(i18n.format_minutes(panel.route.minutes))
    assert "mile" in model.route_summary()
    steps = panel.steps()
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    assert steps[-1].arrow == "◉" and steps[0].label.startswith("1.  ")
    assert "openstreetmap.org/directions" in panel.qr_payload
    spoken = model.directions_text()
    assert spoken.startswith("To Plummer Park.") and steps[1].text in spoken


def test_step_free_and_slow_route_again_and_ask_for_new_rings(model) -> None:
    model.show({"destination": "library"})
    normal = model.route_panel.route
    assert model.set_options(slow=True) is True
    assert model.route_panel.route.minutes > normal.minutes * 1.4
    assert model.set_options(slow=True) is False  # nothing changed
    model.set_options(step_free=True)
    route = model.route_panel.route
    assert route.step_free and not any(s.maneuver == "steps" for s in model.route_panel.steps())
    assert model.changes[-1] is MapChange.ROUTE
    assert model.reset() is True  # the rings were drawn with this visitor's options
    assert not model.step_free and not model.slow and model.mode == DIRECTORY
    assert model.route_panel.route is None


def test_charger_site_ids_and_unknown_places(model) -> None:
    model.show({"destination": "US/WEH/LIBRARY"})
    assert model.route_panel.destination.id == "ev-library"
    model.show({"destination": "US/WEH/NOWHERE"})
    assert model.mode == DIRECTORY
    assert model.message_text() == "We could not find that place on the map. Choose from the list."


def test_a_broken_pack_is_calm_and_is_tried_again_after_the_wipe(tmp_path) -> None:
    cfg = config.load(environ={}).replace("maps", pack="no-such-pack")
    vm = MapScreenModel(Session(clock=FakeClock()))
    vm.show({})
    vm.loading_started()
    with pytest.raises(ContentError) as caught:
        load_wayfinder(cfg)
    vm.failed(caught.value)
    assert vm.state == UNAVAILABLE and vm.mode == "unavailable"
    assert vm.heading() == "The map is not available right now"
    vm.show({"destination": "plummer-park"})
    assert vm.mode == "unavailable"
    vm.reset()
    assert vm.state == IDLE and vm.needs_load


def test_load_wayfinder_prepares_rings_and_walking_times() -> None:
    wf, rings = load_wayfinder(config.load(environ={}))
    assert [r.minutes for r in rings] == [5, 10]
    assert wf.walk_minutes(wf.pack.places[0]) is not None
