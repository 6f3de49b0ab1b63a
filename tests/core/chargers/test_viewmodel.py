"""The charger pages without Qt: per-plug counts, words and prices, filter, staleness, listeners."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.chargers.board import MAX_ROWS, Board
from kiosk.chargers.model import (
    CCS1, J1772, NACS, ChargerSite, Connector, OpeningTimes, Port, PortStatus, Price, Snapshot,
)
from kiosk.chargers.viewmodel import ChargersViewModel
from kiosk.i18n import set_language

FETCHED = datetime(2025, 6, 18, 21, 0, tzinfo=timezone.utc)
KIOSK = (34.0900, -118.3700)
L2 = Price("USD", per_kwh=0.30, parking_per_hour=1.0)
FAST = Price("USD", per_kwh=0.45, varies=True)
A, U, X = PortStatus.AVAILABLE, PortStatus.IN_USE, PortStatus.OUT_OF_ORDER


def port(n: int, status: PortStatus, standard: str = J1772, kw: float = 6.6, price: Price | None = L2) -> Port:
    return Port(f"P{n}", f"US*T*E{n}", status, (Connector(standard, kw),), price=price)


def library(live: bool = True) -> ChargerSite:
    """The issue's Library: 8 J1772 (3 available) and 2 CCS1 — the last two ports, one available."""
    ports = [port(i, A if i < 3 else U) for i in range(8)]
    ports += [port(8, U, CCS1, 62.5, FAST), port(9, A, CCS1, 62.5, FAST)]
    return ChargerSite("US/T/LIB", "Library", "625 N San Vicente Blvd", 34.0834, -118.3838,
                       operator="City", opening_times=OpeningTimes(twentyfourseven=True),
                       ports=tuple(ports), live=live)


def city_hall() -> ChargerSite:
    ports = (port(0, U), port(1, U), port(2, A, NACS, 11.5), port(3, X, NACS, 11.5))
    return ChargerSite("US/T/HALL", "City Hall", "8300 Santa Monica Blvd", 34.0904, -118.3707, ports=ports)


def board(*sites: ChargerSite, fetched: datetime = FETCHED) -> Board:
    return Board.from_snapshot(Snapshot(tuple(sites), fetched, "test"), KIOSK)


@pytest.fixture
def model() -> ChargersViewModel:
    vm = ChargersViewModel(clock=lambda: FETCHED + timedelta(minutes=1), units="imperial")
    vm.show_board(board(library(), city_hall()))
    return vm


def lines(page) -> dict[str, list[str]]:
    return {row.name: [p.line for p in row.plugs] for row in page.rows}


def test_one_line_per_plug_type_with_count_power_availability_and_price(model) -> None:
    page = model.list_page()
    assert [row.name for row in page.rows] == ["City Hall", "Library"]  # nearest first
    assert lines(page)["Library"] == [
        "J1772 ×8 · 6.6 kW · 3 available · $0.30/kWh",
        "CCS1 (Combo) ×2 · 62.5 kW · 1 available · $0.45/kWh, varies",
    ]
    assert lines(page)["City Hall"] == [
        "J1772 ×2 · 6.6 kW · None available now · $0.30/kWh",
        "NACS (Tesla) ×2 · 11.5 kW · 1 available · $0.30/kWh",
    ]
    kinds = {p.plug: p.kind for row in page.rows for p in row.plugs if row.name == "City Hall"}
    assert kinds == {J1772: "warn", NACS: "good"}
    assert page.updated == "Updated 1 minute ago" and not page.banner


def test_with_the_ccs1_filter_a_site_counts_only_its_ccs1_ports(model) -> None:
    model.choose_plug(CCS1)
    page = model.list_page()
    # City Hall has no CCS1 port: it is not offered to a CCS1 driver at all.
    assert lines(page) == {"Library": ["CCS1 (Combo) ×2 · 62.5 kW · 1 available · $0.45/kWh, varies"]}
    assert [f.label for f in page.filters if f.selected] == ["CCS1 (Combo)"]
    site = model.site_page("US/T/LIB")
    assert [g.summary.plug for g in site.groups] == [CCS1, J1772]  # the chosen plug first
    assert site.others_heading == "Other plugs here" and site.others_from == 1
    assert [p.number for p in site.groups[0].ports] == [9, 10]


def test_a_site_without_the_chosen_plug_says_so(model) -> None:
    model.choose_plug(CCS1)
    page = model.site_page("US/T/HALL")  # e.g. opened from the map
    assert page.found and page.note == "This charger has no CCS1 (Combo) plug."
    assert [g.summary.plug for g in page.groups] == [J1772, NACS]


def test_availability_is_never_called_free(model) -> None:
    texts = [p.line for row in model.list_page().rows for p in row.plugs]
    page = model.site_page("US/T/LIB")
    texts += [g.summary.status for g in page.groups] + [l.status for g in page.groups for l in g.ports]
    texts += [model.list_page().speech, page.speech]
    assert not [t for t in texts if "free" in t.lower()]
    assert any("available" in t for t in texts)


def test_the_site_page_says_each_price_once_per_plug_type(model) -> None:
    page = model.site_page("US/T/LIB")
    assert [(g.summary.heading, g.summary.price) for g in page.groups] == [
        ("J1772 · 8 ports · up to 6.6 kW", "Price: $0.30 per kWh, $1.00 per hour of parking"),
        ("CCS1 (Combo) · 2 ports · up to 62.5 kW", "Price: $0.45 per kWh (other prices at some times)"),
    ]
    assert [l.text for l in page.groups[1].ports] == ["Port 9 · In use", "Port 10 · Available"]
    assert page.hours == "Opening hours: Open 24/7" and page.operator == "Run by City"
    assert page.can_walk_there and page.speech.startswith("Library. 625 N San Vicente Blvd.")


def test_old_data_is_greyed_and_says_what_was_last_seen(model) -> None:
    model.clock = lambda: FETCHED + timedelta(hours=2)
    page = model.list_page()
    assert page.updated == "Updated 2 hours ago" and "2 hours ago" in page.banner
    library_lines = next(r for r in page.rows if r.name == "Library").plugs
    assert {p.kind for p in library_lines} == {"unknown"}
    assert library_lines[0].line == "J1772 ×8 · 6.6 kW · Status unknown · $0.30/kWh"
    assert library_lines[0].detail == "Last seen: 3 available, 2 hours ago"
    ports = model.site_page("US/T/LIB").groups[0].ports
    assert all(l.kind == "unknown" and l.status.startswith("Status unknown — last seen") for l in ports)


def test_a_directory_without_live_status_says_so() -> None:
    vm = ChargersViewModel(clock=lambda: FETCHED)
    vm.show_board(board(library(live=False)))
    (row,) = vm.list_page().rows
    assert [(p.kind, p.status) for p in row.plugs] == [("none", "Live status not available")] * 2
    assert vm.site_page("US/T/LIB").note == "This charger does not report which ports are in use."


def test_the_list_shows_the_nearest_and_says_how_many_there_are() -> None:
    far = [ChargerSite(f"US/T/S{n:03d}", f"Site {n}", "", 34.0 + n / 1000, -118.37, ports=(port(n, A),))
           for n in range(60)]
    fast = ChargerSite("US/T/FAST", "Far fast", "", 35.5, -118.37, ports=(port(99, A, CCS1, 50, FAST),))
    vm = ChargersViewModel(clock=lambda: FETCHED)
    vm.show_board(board(*far, fast))
    page = vm.list_page()
    assert len(page.rows) == MAX_ROWS and page.more_note == "Showing the 25 nearest of 61."
    vm.choose_plug(CCS1)  # the only CCS1 site is the farthest of all: still found
    assert [r.name for r in vm.list_page().rows] == ["Far fast"]


def test_no_data_yet_is_a_calm_message_and_no_controls() -> None:
    vm = ChargersViewModel()
    page = vm.list_page()
    assert page.message == "Charger status is not available right now."
    assert not page.rows and not page.filters and not page.speech and not page.updated
    site = vm.site_page("US/T/LIB")
    assert not site.found and not site.can_walk_there
    assert site.address == "Charger status is not available right now."


def test_listeners_hear_changes_and_older_data_never_replaces_newer(model) -> None:
    heard = []
    model.subscribe(lambda: heard.append(model.plug))
    model.choose_plug(NACS)
    model.choose_plug(NACS)  # no change, no call
    model.show_board(board(city_hall(), fetched=FETCHED - timedelta(hours=1)), failed=True)
    assert model.board.count() == 2 and model.failed  # kept the newer board
    assert model.list_page().updated == "Updated 1 minute ago (could not check again just now)"
    model.reset()
    assert heard == [NACS, NACS, None] and model.plug is None


def test_read_to_me_on_the_list_says_the_nearest_sites_in_words(model) -> None:
    speech = model.list_page().speech
    assert speech.startswith("Public chargers near this kiosk, nearest first.")
    assert "City Hall" in speech and "NACS (Tesla): 2 ports" in speech and "1 available" in speech
    assert "Price: $0.30 per kWh" in speech and "×" not in speech


def test_words_follow_the_language(model) -> None:
    set_language("ru")
    row = model.list_page().rows[1]
    assert row.plugs[0].line.startswith("J1772 ×8 · 6,6 кВт · ")
    set_language("es")
    assert model.list_page().rows[1].plugs[0].price.startswith("Precio: ")
