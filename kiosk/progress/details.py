"""View models of one learner in one lesson (a tap on a grid cell: every step by its title, and
at practice steps and quiz questions which tries missed) and of one lesson for a class (a tap on
a column header: its most-missed practice steps and quiz questions, and its mastery rule).

Qt-free, like the other trainer pages (:mod:`kiosk.progress.dashboard`): it loads through the one
task path when navigation brings it forward and only redraws on a language or text-size change.
"""
from __future__ import annotations

from kiosk.i18n import _
from kiosk.progress import queries
from kiosk.progress.dashboard import TrainerModel
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import LearnerLessonPage, QuestionsPage
from kiosk.progress.viewmodel import TaskRunner
from kiosk.session import Session


class LearnerLessonModel(TrainerModel):
    """One learner's steps in one lesson; from here, the learner's whole page."""

    slot = "trainer.learner_lesson"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.learner_id: str | None = None
        self.lesson_id: str | None = None
        self.page: LearnerLessonPage | None = None

    def title(self) -> str:
        if self.page is None:
            return _("Lesson details")
        return f"{self.page.learner.display_name} · {self.page.summary.lesson.shown_title}"

    def open(self, learner_id: str | None, lesson_id: str | None) -> None:
        if not self.allowed():
            return
        if (learner_id, lesson_id) != (self.learner_id, self.lesson_id):
            self.page = None
        self.learner_id, self.lesson_id = learner_id, lesson_id
        self.say(None)
        if learner_id is not None and lesson_id is not None:
            self.query("load", queries.learner_lesson_page, learner_id, lesson_id, then=self._loaded)

    def _loaded(self, page: LearnerLessonPage) -> None:
        self.page = page
        self.changed()

    def open_learner(self) -> None:
        if self.learner_id is not None:
            self.session.open("trainer_learner", learner_id=self.learner_id)

    def reset(self) -> None:
        self.learner_id = self.lesson_id = None
        self.page = None
        self.say(None)


class QuestionsModel(TrainerModel):
    """The quiz questions of one lesson a class answered wrong most often."""

    slot = "trainer.questions"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.page: QuestionsPage | None = None

    def title(self) -> str:
        if self.page is None:
            return _("Most-missed steps")
        return _("Most-missed steps: {lesson}").format(lesson=self.page.lesson.shown_title)

    def open(self, class_id: int | None, lesson_id: str | None) -> None:
        if not self.allowed():
            return
        self.page = None
        self.say(None)
        if lesson_id is not None:
            self.query("load", queries.questions_page, class_id, lesson_id, then=self._loaded)
        else:
            self.changed()

    def _loaded(self, page: QuestionsPage) -> None:
        self.page = page
        self.changed()

    def reset(self) -> None:
        self.page = None
        self.say(None)
