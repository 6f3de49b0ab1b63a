"""The kiosk's screens. Each is a :class:`~ui.screens.base.Screen` registered by name in the shell."""
