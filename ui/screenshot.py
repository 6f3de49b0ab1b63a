"""Render any screen to a PNG offscreen, at the profile's real resolution."""
from __future__ import annotations

import os
from pathlib import Path

from kiosk.config import Config
from kiosk.session import FakeClock

#: Screens that are not a page of their own but a state shown over one.
PSEUDO_SCREENS = {"idle": "the “Are you still there?” warning over Home"}


def screen_names(config: Config) -> list[str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import build_window

    _ctx, window = build_window(config, clock=FakeClock())
    names = list(window.screens) + list(PSEUDO_SCREENS)
    window.stop()
    window.deleteLater()
    return names


def _load(screen) -> None:
    """Let the screen fetch its data (chargers, say) on a short-lived qasync loop."""
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    loop = qasync.QEventLoop(QApplication.instance())
    try:
        loop.run_until_complete(asyncio.wait_for(screen.load(), timeout=30))
    except Exception as exc:  # noqa: BLE001 - a screenshot shows whatever state the screen is in
        import logging
        logging.getLogger(__name__).warning("screen %s could not load: %s", screen.name, exc)
    finally:
        loop.close()


def _progress_args(ctx, screen: str) -> dict[str, object]:
    """Sign-in and trainer pages: a trainer signed in for trainer pages, and the first class or
    learner of the store for pages that need one (the running kiosk never guesses these)."""
    if not screen.startswith(("signin", "trainer")):
        return {}
    from kiosk import threadguard
    from kiosk.errors import StoreError
    from kiosk.progress.showcase import showcase_args
    from kiosk.progress.store import open_from_config
    from kiosk.session import SignedIn

    if screen.startswith("trainer") and screen != "trainer_pin":
        ctx.session.sign_in(SignedIn("trainer", "Trainer", is_trainer=True))
    try:
        with threadguard.allowed():  # set-up before the page is shown, as a test's would be
            store = ctx.service("progress", lambda: open_from_config(ctx.config))
            return showcase_args(store, screen)
    except StoreError:
        return {}


def render(config: Config, screen: str, out: Path, *, lang: str | None = None,
           profile: str | None = None, text_scale: float = 1.0, theme: str | None = None,
           args: dict[str, str] | None = None) -> Path:
    """Show ``screen`` as a visitor would see it and save it to ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if profile:
        config = config.replace("kiosk", profile=profile)
    if theme:
        config = config.replace("kiosk", theme=theme)
    if lang and lang not in config.kiosk.languages:
        config = config.replace("kiosk", languages=(*config.kiosk.languages, lang))
    from PySide6.QtWidgets import QApplication

    from ui.app import build_window

    clock = FakeClock()
    ctx, window = build_window(config, clock=clock)
    session = ctx.session
    window.resize(*config.screen_size)
    if screen != "attract":
        session.activity()
    if lang:
        session.set_language(lang)
        attract = window.screens["attract"]
        while attract.shown_language != lang:
            attract.show_next_language()
    session.set_text_scale(text_scale)
    if screen == "idle":
        clock.advance(session.idle_seconds + 3)
        session.tick()
        clock.advance(3)
        window.overlay.set_seconds_left(session.seconds_left)
    elif screen not in ("attract", "home"):
        if screen not in window.screens:
            raise KeyError(screen)
        session.open(screen, **{**_progress_args(ctx, screen), **(args or {})})
    window.show()
    _load(window.current_screen)
    for _ in range(3):
        QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.stop()
    window.hide()
    window.deleteLater()
    QApplication.processEvents()
    return out


