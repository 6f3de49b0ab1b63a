"""WeHo Kiosk's Qt layer: thin views over the core objects in :mod:`kiosk`."""
