"""West Hollywood's public charging sites as served by the built-in simulator — the one place.

Positions are taken from public facts about the city (addresses of City Hall, the Library in West
Hollywood Park, Plummer Park, Kings Road Park, and main-street intersections from LA Metro stop
positions); sites marked ``approx`` are within about 150–200 m. Port counts, connectors and power
are MADE UP for the demo and everything is labelled *simulated*. The map pack author may import
:data:`SITES` to place the same chargers on the map (ids match the OCPI site ids
``US/WEH/<id>`` that the simulator serves).
"""
from __future__ import annotations

from dataclasses import dataclass

COUNTRY_CODE = "US"
PARTY_ID = "WEH"
OPERATOR = "City of West Hollywood (simulated)"
TIME_ZONE = "America/Los_Angeles"


@dataclass(frozen=True)
class SimulatedSite:
    id: str
    name: str
    address: str
    lat: float
    lon: float
    ports: tuple[tuple[str, float], ...]  # (OCPI connector standard, kW) per port
    approx: bool = False

    @property
    def site_id(self) -> str:
        """The kiosk's site id, as in the normalised model: country_code/party_id/id."""
        return f"{COUNTRY_CODE}/{PARTY_ID}/{self.id}"


_L2 = ("IEC_62196_T1", 6.6)
_DC = ("IEC_62196_T1_COMBO", 62.5)
_NACS = ("SAE_J3400", 11.5)

SITES: tuple[SimulatedSite, ...] = (
    SimulatedSite("LIBRARY", "West Hollywood Library parking structure",
                  "625 N San Vicente Blvd, West Hollywood", 34.0834, -118.3838,
                  (_L2,) * 8 + (_DC,) * 2, approx=True),
    SimulatedSite("KINGSRD", "Kings Road parking structure",
                  "1000 N Kings Rd, West Hollywood", 34.0895, -118.3725, (_L2,) * 6, approx=True),
    SimulatedSite("PLUMMER", "Plummer Park",
                  "7377 Santa Monica Blvd, West Hollywood", 34.0925, -118.3510, (_L2,) * 4, approx=True),
    SimulatedSite("CITYHALL", "City Hall area",
                  "8300 Santa Monica Blvd, West Hollywood", 34.090435, -118.370701,
                  (_L2,) * 4 + (_NACS,) * 2),
    SimulatedSite("SUNSET", "Sunset Strip at La Cienega (curbside)",
                  "Sunset Blvd & La Cienega Blvd, West Hollywood", 34.094196, -118.376661, (_L2,) * 2),
    SimulatedSite("FAIRFAX", "Santa Monica Blvd at Fairfax (curbside)",
                  "Santa Monica Blvd & Fairfax Ave, West Hollywood", 34.090874, -118.361579, (_L2,) * 2),
    SimulatedSite("LABREA", "West Hollywood Gateway at La Brea",
                  "Santa Monica Blvd & La Brea Ave, West Hollywood", 34.090724, -118.344435,
                  (_L2,) * 4 + (_DC,) * 2),
    SimulatedSite("DOHENY", "Santa Monica Blvd at Doheny (west gateway)",
                  "Santa Monica Blvd & Doheny Dr, West Hollywood", 34.081194, -118.389489, (_L2,) * 2),
)


def port_uid(site: SimulatedSite, number: int) -> str:
    return f"{site.id}-{number:02d}"


def evse_id(site: SimulatedSite, number: int) -> str:
    return f"{COUNTRY_CODE}*{PARTY_ID}*E{site.id}{number:02d}"
