"""The *Learn* tile: the lesson catalog ("lessons") and the lesson player ("lesson", args {"id"}).

Both pages are thin views over Qt-free view models in :mod:`kiosk.lessons` —
:class:`~kiosk.lessons.viewmodel.LessonCatalog` (which lessons this kiosk offers, in what order,
by topic, and where the visitor left each) and :class:`~kiosk.lessons.player.LessonPlayer` (the
current step, feedback, and which controls work and why not). The pages live in
:mod:`ui.screens.lesson_catalog` and :mod:`ui.screens.lesson_player`; the lessons folder is read
on a worker through the kiosk's one task path (:mod:`ui.screens.lesson_parts`).

The player saves its run in the visitor session's scratch space (``lesson:<id>``) after every
change, so leaving and coming back resumes at the same step until the session is wiped. Every
learning event goes to each callable in ``ctx.lesson_listeners`` (the progress store).
"""
from __future__ import annotations

from kiosk.lessons.viewmodel import ALL_TOPICS, scratch_key
from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.lesson_catalog import CatalogScreen, LessonCard
from ui.screens.lesson_parts import FeedbackBox, catalog_of, load_lessons, picture, player_of
from ui.screens.lesson_player import LessonPlayerScreen


def screens(ctx: AppContext) -> list[Screen]:
    """The two *Learn* pages; the lessons start loading in the background right away."""
    pages: list[Screen] = [CatalogScreen(ctx), LessonPlayerScreen(ctx)]
    if catalog_of(ctx).library is None:
        load_lessons(ctx)
    return pages


__all__ = ["ALL_TOPICS", "CatalogScreen", "FeedbackBox", "LessonCard", "LessonPlayerScreen",
           "catalog_of", "load_lessons", "picture", "player_of", "scratch_key", "screens"]
