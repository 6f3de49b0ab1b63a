"""Reusable kiosk widgets: big buttons, tiles, the control bar, the idle overlay."""
