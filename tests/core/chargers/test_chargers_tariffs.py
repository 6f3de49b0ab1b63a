"""OCPI Tariffs: tolerant parsing, the price in the visitor's words, fetching, caching."""
from __future__ import annotations

import json
import logging
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug import Request, Response

from kiosk import i18n
from kiosk.chargers import ChargerService
from kiosk.chargers.cache import SnapshotCache, snapshot_from_dict, snapshot_to_json
from kiosk.chargers.client import OcpiClient
from kiosk.chargers.model import Dropped, Price
from kiosk.chargers.tariffs import MAX_ALT_TEXT, parse_tariff, parse_tariffs, price_words


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def _tariff(tariff_id="T1", currency="USD", components=None, **extra) -> dict:
    components = components if components is not None else [{"type": "ENERGY", "price": 0.3}]
    return {"country_code": "US", "party_id": "TST", "id": tariff_id, "currency": currency,
            "elements": [{"price_components": components}], **extra}


# ---------------------------------------------------------------------------------- parsing

def test_spec_example_time_price_includes_vat(shared_data):
    raw = json.loads((shared_data / "ocpi" / "spec-examples" / "ocpi-2.2.1__tariff_1_simple_2hour.json").read_text())
    tariff_id, price = parse_tariff(raw)
    assert tariff_id == "12" and price.currency == "EUR"
    assert math.isclose(price.per_hour, 2.2)  # 2.00 excl. 10 % VAT
    assert price.per_kwh is None and not price.varies
    assert price_words(price) == "Price: €2.20 per hour of charging"


def test_every_component_kind_in_plain_words():
    _, price = parse_tariff(_tariff(components=[
        {"type": "ENERGY", "price": 0.3}, {"type": "TIME", "price": "1.5"},
        {"type": "flat ", "price": 1}, {"type": "PARKING_TIME", "price": 2}]))
    assert price_words(price) == ("Price: $0.30 per kWh, $1.50 per hour of charging, $1.00 to start, "
                                  "$2.00 per hour of parking")


def test_words_follow_the_language_on_screen():
    _, price = parse_tariff(_tariff(components=[{"type": "ENERGY", "price": 0.3}]))
    i18n.set_language("es")
    assert price_words(price) == "Precio: $0.30 por kWh"
    i18n.set_language("ru")
    assert price_words(price) == "Цена: 0,30\u00a0$ за кВт·ч"


def test_zero_prices_say_free():
    _, price = parse_tariff(_tariff(components=[{"type": "ENERGY", "price": 0}, {"type": "FLAT", "price": 0}]))
    assert price_words(price) == "Free to charge"


def test_the_unrestricted_element_is_shown_and_other_prices_are_mentioned():
    raw = _tariff(elements=None)
    raw["elements"] = [
        {"price_components": [{"type": "ENERGY", "price": 0.6}], "restrictions": {"start_time": "16:00"}},
        {"price_components": [{"type": "ENERGY", "price": 0.4}]}]
    _, price = parse_tariff(raw)
    assert price.per_kwh == 0.4 and price.varies
    assert price_words(price) == "Price: $0.40 per kWh (other prices at some times)"
    raw["elements"] = raw["elements"][:1]  # only a restricted element: its price, marked as varying
    _, price = parse_tariff(raw)
    assert price.per_kwh == 0.6 and price.varies


def test_operator_words_in_the_visitors_language_win():
    _, price = parse_tariff(_tariff(tariff_alt_text=[
        {"language": "en", "text": "  0.30 USD per kWh,\n parking free "},
        {"language": "es", "text": "0,30 USD por kWh"}, {"language": "x", "text": "junk"}, "junk"]))
    assert price.alt_text == (("en", "0.30 USD per kWh, parking free"), ("es", "0,30 USD por kWh"))
    assert price_words(price) == "0.30 USD per kWh, parking free"
    i18n.set_language("es")
    assert price_words(price) == "0,30 USD por kWh"
    i18n.set_language("ru")  # no Russian text from the operator: composed Russian words
    assert price_words(price) == "Цена: 0,30\u00a0$ за кВт·ч"


def test_only_operator_words_and_no_usable_components():
    _, price = parse_tariff(_tariff(components=[], tariff_alt_text=[{"language": "en", "text": "x" * 500}]))
    assert len(price_words(price)) == MAX_ALT_TEXT
    i18n.set_language("es")
    assert price_words(price) == "x" * MAX_ALT_TEXT  # better English than nothing


@pytest.mark.parametrize("raw, reason", [
    ("a string", "tariff is not an object"),
    (_tariff(tariff_id=""), "tariff has no id"),
    (_tariff(currency="dollars"), "currency 'dollars' is not an ISO 4217 code"),
    (_tariff(currency=None), "currency None is not an ISO 4217 code"),
    (_tariff(components=[{"type": "ENERGY", "price": -1}]), "tariff has no price a visitor could read"),
    (_tariff(components=[{"type": "ENERGY", "price": "NaN"}]), "tariff has no price a visitor could read"),
    (_tariff(components=[{"type": "ENERGY", "price": True}]), "tariff has no price a visitor could read"),
    (_tariff(components=[{"type": "MAGIC", "price": 1}]), "tariff has no price a visitor could read"),
    (_tariff(components="nope"), "tariff has no price a visitor could read"),
    ({"id": "T9", "currency": "USD", "elements": "nope"}, "tariff has no price a visitor could read"),
])
def test_broken_tariffs_are_dropped_with_a_reason(raw, reason):
    result = parse_tariff(raw)
    assert isinstance(result, Dropped) and result.reason == reason


def test_one_bad_tariff_does_not_lose_the_others():
    prices, dropped = parse_tariffs([_tariff("A"), {"id": "B"}, _tariff("C", components=[{"type": "TIME", "price": 3}]),
                                     _tariff("A", components=[{"type": "ENERGY", "price": 9}])])
    assert sorted(prices) == ["A", "C"] and prices["A"].per_kwh == 0.3  # first of a duplicate id kept
    assert [d.object for d in dropped] == ["tariff B"]


json_values = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mangled_tariffs_never_raise(data):
    raw = _tariff(components=[{"type": "ENERGY", "price": 0.3}, {"type": "TIME", "price": 1}])
    key = data.draw(st.sampled_from(["id", "currency", "elements", "tariff_alt_text", "type"]))
    raw[key] = data.draw(json_values)
    prices, dropped = parse_tariffs([raw, data.draw(json_values)])
    for price in prices.values():
        for language in ("en", "es", "ru"):
            i18n.set_language(language)
            assert isinstance(price_words(price), str)


# ---------------------------------------------------------------------------------- fetching

def _envelope(data) -> str:
    return json.dumps({"data": data, "status_code": 1000, "timestamp": "2025-06-01T00:00:00Z"})


def _location(n: int, tariff: str) -> dict:
    return {"country_code": "US", "party_id": "TST", "id": f"L{n}",
            "coordinates": {"latitude": "34.09", "longitude": f"-118.{370 + n}"},
            "evses": [{"uid": f"L{n}-1", "status": "AVAILABLE", "last_updated": "2025-06-01T00:00:00Z",
                       "connectors": [{"id": "1", "standard": "IEC_62196_T1", "tariff_ids": [tariff]}]}],
            "last_updated": "2025-06-01T00:00:00Z"}


def _paged_tariffs(items: list, page: int = 2):
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        headers = {"X-Total-Count": str(len(items))}
        if offset + page < len(items):
            headers["Link"] = f'<{request.host_url}tariffs?offset={offset + page}>; rel="next"'
        return Response(_envelope(items[offset:offset + page]), headers=headers, content_type="application/json")
    return handler


def _service(httpserver, tmp_path, **kwargs) -> ChargerService:
    client = OcpiClient(httpserver.url_for("/locations"), "secret", tariffs_url=httpserver.url_for("/tariffs"),
                        attempts=1, rng=random.Random(1), sleep=lambda s: None)
    return ChargerService(client, tmp_path / "cache", source="test", **kwargs)


def test_tariffs_are_crawled_page_by_page_and_priced_onto_ports(httpserver, tmp_path):
    tariffs = [_tariff(f"T{n}", components=[{"type": "ENERGY", "price": n / 10}]) for n in range(1, 6)]
    httpserver.expect_request("/tariffs").respond_with_handler(_paged_tariffs(tariffs + ["junk"]))
    httpserver.expect_request("/locations").respond_with_data(
        _envelope([_location(1, "T5"), _location(2, "T-unknown")]), content_type="application/json")
    service = _service(httpserver, tmp_path)
    snapshot = service.refresh()
    ports = {site.id: site.ports[0] for site in snapshot.sites}
    assert ports["US/TST/L1"].price.per_kwh == 0.5
    assert ports["US/TST/L2"].price is None  # a tariff id nobody published: no price, no error
    assert Dropped("tariff #2", "tariff is not an object") in snapshot.dropped  # page 3, item 2
    tariff_calls = [r for r, _ in httpserver.log if r.path == "/tariffs"]
    assert len(tariff_calls) == 3


def test_prices_fetched_with_full_refreshes_only(httpserver, tmp_path):
    httpserver.expect_request("/tariffs").respond_with_data(_envelope([_tariff("T1")]), content_type="application/json")
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1, "T1")]),
                                                              content_type="application/json")
    service = _service(httpserver, tmp_path)
    service.refresh(full=True)
    service.refresh(full=False)
    snapshot = service.refresh(full=False)
    assert snapshot.sites[0].ports[0].price.per_kwh == 0.3
    assert sum(r.path == "/tariffs" for r, _ in httpserver.log) == 1


def test_a_failing_tariffs_endpoint_keeps_availability_and_the_last_prices(httpserver, tmp_path, caplog):
    httpserver.expect_oneshot_request("/tariffs").respond_with_data(_envelope([_tariff("T1")]),
                                                                    content_type="application/json")
    httpserver.expect_request("/tariffs").respond_with_data("<html>down</html>", status=500)
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1, "T1")]),
                                                              content_type="application/json")
    service = _service(httpserver, tmp_path)
    service.refresh(full=True)
    caplog.set_level(logging.WARNING)
    snapshot = service.refresh(full=True)
    assert snapshot.sites[0].ports[0].price.per_kwh == 0.3  # the prices from before
    assert service.failures == 0
    assert any("charger prices not refreshed" in r.getMessage() and "HTTP 500" in r.getMessage()
               for r in caplog.records)


def test_simulator_publishes_tariffs_in_its_version_details(simulator, clock):
    import requests
    details = requests.get(f"{simulator.base_url}/ocpi/2.2.1", timeout=5,
                           headers={"Authorization": f"Token {simulator.token}"}).json()["data"]
    assert {e["identifier"]: e["url"] for e in details["endpoints"]}["tariffs"] == simulator.tariffs_url
    client = OcpiClient(simulator.url, simulator.token, tariffs_url=simulator.tariffs_url, clock=clock)
    service = ChargerService(client, None, source="simulator")
    prices = {port.price for site in service.refresh().sites for port in site.ports}
    assert None not in prices and len(prices) == 2
    fast = next(p for p in prices if p.varies)
    assert price_words(fast).endswith("(simulated)")  # the operator's own English words
    i18n.set_language("es")
    assert price_words(fast) == "Precio: $0.45 por kWh (otros precios en algunos horarios)"


# ---------------------------------------------------------------------------------- cache

def test_prices_survive_the_cache_and_older_cache_files_still_load(httpserver, tmp_path):
    httpserver.expect_request("/tariffs").respond_with_data(
        _envelope([_tariff("T1", tariff_alt_text=[{"language": "es", "text": "barato"}])]),
        content_type="application/json")
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1, "T1")]),
                                                              content_type="application/json")
    snapshot = _service(httpserver, tmp_path).refresh()
    assert SnapshotCache(tmp_path / "cache").load() == snapshot
    raw = json.loads(snapshot_to_json(snapshot))
    del raw["sites"][0]["ports"][0]["price"]  # a file written before prices existed
    assert snapshot_from_dict(raw).sites[0].ports[0].price is None
    assert Price("USD", per_kwh=0.3, alt_text=(("es", "barato"),)) == snapshot.sites[0].ports[0].price
