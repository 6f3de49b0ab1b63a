"""Arguments that open a sign-in or trainer page with something on it, for screenshots and the
gallery (``kiosk screenshot --screen trainer_class`` names no class). Never used by the running
kiosk: there every page is reached by a tap that says which class or learner it is about."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from kiosk.progress.events import LearningEvent, Result, Verb
from kiosk.progress.store import ProgressStore

#: Pages that show something only for a given class, learner or lesson.
NEEDS_ARGS = ("signin_name", "signin_code", "trainer_class", "trainer_learner", "trainer_lessons",
              "trainer_questions", "trainer_learner_lesson")


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
    if screen == "trainer_learner_lesson":
        assigned = store.accounts.assigned_lessons(chosen.id)
        learners = store.accounts.list_learners(chosen.id)
        return ({"learner_id": learners[0].id, "lesson_id": assigned[0]}
                if assigned and learners else {})
    return {"class_id": chosen.id}


#: First names of the showcase class (West Hollywood's mix of languages).
SHOWCASE_NAMES = ("Ana", "Boris", "Carmen", "Dmitri", "Elena", "Farid", "Gloria", "Hovik", "Irina",
                  "José", "Katya", "Leon", "María", "Nina", "Oleg", "Pilar", "Raisa", "Samuel",
                  "Tamar", "Usha", "Valya", "Walter", "Ximena", "Yuri", "Zoya", "Arman", "Bella",
                  "Chen", "Dolores", "Emil")


def seed_showcase(store: ProgressStore, lessons: list[tuple[str, list[str]]], now: datetime,
                  learners: int = 30, seed: int = 5) -> int:
    """A class of ``learners`` over ``lessons`` — (lesson id, step kinds) each — with a few weeks
    of realistic activity: most learners part-way, some done, some stuck on a quiz or a practice
    step. Returns the class id. For screenshots, the gallery and tests only."""
    rng = random.Random(seed)
    school_class = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(school_class.id, [lesson_id for lesson_id, _kinds in lessons])
    events: list[LearningEvent] = []
    for n in range(learners):
        name = SHOWCASE_NAMES[n % len(SHOWCASE_NAMES)]
        learner = store.accounts.add_learner(school_class.id, name, chr(65 + (n * 7) % 26)).learner
        when = now - timedelta(days=rng.randint(3, 40))
        ability = rng.random()
        for position, (lesson_id, kinds) in enumerate(lessons):
            if position > ability * len(lessons) * 1.4 + 1:
                break
            when += timedelta(hours=rng.randint(1, 60))
            events.append(LearningEvent(learner.id, Verb.STARTED, lesson_id, 0, Result(),
                                        when, "weho-library-1"))
            finish = rng.random() < 0.35 + ability * 0.6
            last = len(kinds) - 1 if finish else rng.randint(1, max(1, len(kinds) - 2))
            first_try = 0
            for step in range(1, last + 1):
                when += timedelta(seconds=rng.randint(20, 150))
                spent = Result(duration=timedelta(seconds=rng.randint(20, 150)))
                if kinds[step] in ("quiz", "practice"):
                    misses = 0 if rng.random() < 0.55 + ability * 0.4 else rng.randint(1, 3)
                    first_try += kinds[step] == "quiz" and misses == 0
                    for _miss in range(misses):
                        events.append(LearningEvent(learner.id, Verb.ANSWERED, lesson_id, step,
                                                    Result(success=False, duration=spent.duration),
                                                    when, "weho-library-1"))
                        when += timedelta(seconds=rng.randint(5, 40))
                    if misses >= 3 and rng.random() < 0.5:
                        events.append(LearningEvent(learner.id, Verb.ASKED_FOR_HELP, lesson_id,
                                                    step, Result(), when, "weho-library-1"))
                        break
                    events.append(LearningEvent(learner.id, Verb.ANSWERED, lesson_id, step,
                                                Result(success=True, duration=spent.duration),
                                                when, "weho-library-1"))
                events.append(LearningEvent(learner.id, Verb.PROGRESSED, lesson_id, step + 1, spent,
                                            when, "weho-library-1"))
            else:
                if finish:
                    quizzes = kinds.count("quiz")
                    events.append(LearningEvent(
                        learner.id, Verb.COMPLETED, lesson_id, len(kinds) - 1,
                        Result(score=first_try / quizzes if quizzes else None, success=True),
                        when, "weho-library-1"))
    store.record_many(events)
    return school_class.id
