"""Test and benchmark tooling (accessibility measurements, the soak visitor): kept out of the
runtime packages, so a kiosk never ships it."""
