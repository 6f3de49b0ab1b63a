"""Trainer mode: the PIN pad, the dashboard, a class's progress grid, one learner, one learner's steps in a lesson, the lessons of
a class, the difficult questions of a quiz and the export to a USB stick.

Thin views (one module per page) over the Qt-free view models of :mod:`kiosk.progress.signin` and
:mod:`kiosk.progress.dashboard`; every store query runs through the one task path. Every page
checks that a trainer is signed in (the models' ``allowed()``), so none of it is reachable by the
public, and the idle wipe ends trainer mode like any other session. The shell knows only
:mod:`ui.screens.signin`, whose ``screens(ctx)`` lists these pages too.
"""
from __future__ import annotations

from kiosk.progress.link import ProgressLink
from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.trainer.base import progress_link
from ui.screens.trainer.class_page import AssignScreen, ClassScreen
from ui.screens.trainer.dashboard import TrainerScreen
from ui.screens.trainer.details import LearnerLessonScreen
from ui.screens.trainer.export import ExportScreen, QuestionsScreen
from ui.screens.trainer.learner_page import CodeCard, LearnerScreen
from ui.screens.trainer.pin import TrainerPinScreen

__all__ = ["AssignScreen", "ClassScreen", "CodeCard", "ExportScreen", "LearnerLessonScreen", "LearnerScreen",
           "QuestionsScreen", "TrainerPinScreen", "TrainerScreen", "screens"]


def screens(ctx: AppContext, link: ProgressLink | None = None) -> list[Screen]:
    """The trainer pages, sharing the sign-in flow's store link."""
    link = link if link is not None else progress_link(ctx)
    return [TrainerPinScreen(ctx, link), TrainerScreen(ctx, link), ClassScreen(ctx, link),
            LearnerScreen(ctx, link), LearnerLessonScreen(ctx, link), AssignScreen(ctx, link), QuestionsScreen(ctx, link),
            ExportScreen(ctx, link)]
