"""OCPI Tariffs: read tariff objects tolerantly and say a price in the visitor's words.

A tariff has elements, each with price components (``ENERGY`` per kWh, ``TIME`` per hour
charging, ``FLAT`` per session, ``PARKING_TIME`` per hour parked) and optional restrictions (time
of day, day of week, power…). The kiosk shows the unrestricted element — the price most visitors
pay — and says "prices vary" when other elements exist. An operator's ``tariff_alt_text`` in the
visitor's language is used as is; otherwise the words are composed here (translated, amounts
formatted by Babel for the language on screen).

Like the Locations parser, a broken tariff is dropped with a reason and the rest are kept.
"""
from __future__ import annotations

import re
from typing import Any

from babel import numbers

from kiosk.chargers.model import Dropped, Price
from kiosk.chargers.values import as_number, as_text
from kiosk.i18n import _, babel_locale, current_language

#: Longest operator text shown; longer is cut (a kiosk line, not a contract).
MAX_ALT_TEXT = 200
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_FIELDS = {"ENERGY": "per_kwh", "TIME": "per_hour", "FLAT": "per_session", "PARKING_TIME": "parking_per_hour"}


def _amount(component: dict[str, Any]) -> float | None:
    """The component's price including VAT, or None when it is not a usable number."""
    value = as_number(component.get("price"))
    if value is None or not 0 <= value <= 1_000_000:  # negative or absurd
        return None
    vat = as_number(component.get("vat"))
    if vat is not None and 0 <= vat <= 100:
        value *= 1 + vat / 100
    return round(value, 4)


def _alt_text(raw: Any) -> tuple[tuple[str, str], ...]:
    texts = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, dict):
            continue
        language, text = as_text(item.get("language")).lower()[:2], " ".join(as_text(item.get("text")).split())
        if len(language) == 2 and text:
            texts.append((language, text[:MAX_ALT_TEXT]))
    return tuple(texts)


def parse_tariff(raw: Any, index: int = 0) -> tuple[str, Price] | Dropped:
    """One OCPI tariff object → (tariff id, Price), or Dropped with the reason."""
    if not isinstance(raw, dict):
        return Dropped(f"tariff #{index + 1}", "tariff is not an object")
    tariff_id = as_text(raw.get("id"))
    label = f"tariff {tariff_id}" if tariff_id else f"tariff #{index + 1}"
    if not tariff_id:
        return Dropped(label, "tariff has no id")
    currency = as_text(raw.get("currency")).upper()
    if not _CURRENCY.match(currency):
        return Dropped(label, f"currency {raw.get('currency')!r} is not an ISO 4217 code")
    elements = raw.get("elements")
    elements = [e for e in elements if isinstance(e, dict)] if isinstance(elements, list) else []
    plain = [e for e in elements if not e.get("restrictions")]
    base = (plain or elements or [{}])[0]
    amounts: dict[str, float] = {}
    components = base.get("price_components")
    for component in components if isinstance(components, list) else ():
        if not isinstance(component, dict):
            continue
        field = _FIELDS.get(as_text(component.get("type")).upper())
        amount = _amount(component)
        if field and amount is not None and field not in amounts:
            amounts[field] = amount
    alt_text = _alt_text(raw.get("tariff_alt_text"))
    if not amounts and not alt_text:
        return Dropped(label, "tariff has no price a visitor could read")
    # Other prices apply sometimes: several elements, or only restricted ones.
    varies = len(elements) > 1 or (bool(elements) and not plain)
    return tariff_id, Price(currency=currency, varies=varies, alt_text=alt_text, **amounts)


def parse_tariffs(items: list[Any]) -> tuple[dict[str, Price], list[Dropped]]:
    """A list of tariff objects → prices by tariff id, and what was dropped (never raises)."""
    prices: dict[str, Price] = {}
    dropped: list[Dropped] = []
    for index, raw in enumerate(items if isinstance(items, list) else ()):
        try:
            parsed = parse_tariff(raw, index)
        except RecursionError:
            parsed = Dropped(f"tariff #{index + 1}", "tariff is nested too deeply")
        if isinstance(parsed, Dropped):
            dropped.append(parsed)
        else:
            prices.setdefault(parsed[0], parsed[1])
    return prices, dropped


def format_money(amount: float, currency: str) -> str:
    """An amount in the current language: "$0.30", "0,30 US$", "0,30 $"."""
    try:
        return numbers.format_currency(amount, currency, locale=babel_locale())
    except (ValueError, KeyError, numbers.UnknownCurrencyError):  # a code Babel does not know
        return f"{numbers.format_decimal(amount, format='#,##0.00', locale=babel_locale())} {currency}"


def price_words(price: Price) -> str:
    """The price as one short line in the language on screen: the operator's own words in that
    language when the tariff has them, else composed here."""
    own = dict(price.alt_text)
    if current_language() in own:
        return own[current_language()]
    money = {field: format_money(getattr(price, field), price.currency)
             for field in _FIELDS.values() if getattr(price, field) is not None}
    if money and not any(getattr(price, field) for field in money):
        text = _("Free to charge")
    else:
        parts = []
        if price.per_kwh:
            parts.append(_("{amount} per kWh").format(amount=money["per_kwh"]))
        if price.per_hour:
            parts.append(_("{amount} per hour of charging").format(amount=money["per_hour"]))
        if price.per_session:
            parts.append(_("{amount} to start").format(amount=money["per_session"]))
        if price.parking_per_hour:
            parts.append(_("{amount} per hour of parking").format(amount=money["parking_per_hour"]))
        if not parts:  # only the operator's words, none in this language: better than nothing
            return own.get("en") or next(iter(own.values()), "")
        text = _("Price: {parts}").format(parts=", ".join(parts))
    if price.varies:
        text += " " + _("(other prices at some times)")
    return text


def price_brief(price: Price) -> str:
    """The price in a few characters for a list row: "$0.30/kWh", "$2.00/hour", "Free to charge";
    the site page says it in full (:func:`price_words`)."""
    money = {field: getattr(price, field) for field in _FIELDS.values() if getattr(price, field) is not None}
    if money and not any(money.values()):
        return _("Free to charge")
    if price.per_kwh:
        text = _("{amount}/kWh").format(amount=format_money(price.per_kwh, price.currency))
    elif price.per_hour:
        text = _("{amount}/hour").format(amount=format_money(price.per_hour, price.currency))
    elif price.per_session:
        text = _("{amount} to start").format(amount=format_money(price.per_session, price.currency))
    elif price.parking_per_hour:
        text = _("{amount} per hour of parking").format(amount=format_money(price.parking_per_hour, price.currency))
    else:
        return ""  # only the operator's own words: too long for a row, shown on the site page
    return _("{price}, varies").format(price=text) if price.varies else text
