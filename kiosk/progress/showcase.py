"""Arguments that open a sign-in or trainer page with something on it, for screenshots and the
gallery (``kiosk screenshot --screen trainer_class`` names no class). Never used by the running
kiosk: there every page is reached by a tap that says which class or learner it is about."""
from __future__ import annotations

from kiosk.progress.store import ProgressStore

#: Pages that show something only for a given class, learner or lesson.
NEEDS_ARGS = ("signin_name", "signin_code", "trainer_class", "trainer_learner", "trainer_lessons",
              "trainer_questions")


def showcase_args(store: ProgressStore, screen: str) -> dict[str, object]:
    """The first class with learners, its first learner, its first lesson — as ``screen`` needs."""
    if screen not in NEEDS_ARGS:
        return {}
    classes = store.accounts.list_classes()
    chosen = next((c for c in classes if store.accounts.list_learners(c.id)),
                  classes[0] if classes else None)
    if chosen is None:
        return {}
    if screen in ("signin_code", "trainer_learner"):
        learners = store.accounts.list_learners(chosen.id)
        return {"learner_id": learners[0].id} if learners else {}
    if screen == "trainer_questions":
        assigned = store.accounts.assigned_lessons(chosen.id)
        return {"class_id": chosen.id, "lesson_id": assigned[0]} if assigned else {}
    return {"class_id": chosen.id}
