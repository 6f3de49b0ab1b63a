"""Learner progress: append-only learning events, stores, summaries, sign-in, exports, LRS outbox.

Qt-free. The UI opens one :class:`~kiosk.progress.store.ProgressStore` with
:func:`~kiosk.progress.store.open_from_config` and uses ``store.accounts`` (classes, learners,
sign-in), ``store.trainer_pin``, :func:`~kiosk.progress.summary.class_grid` and friends, and the
export functions. Lesson titles and step counts come from the caller as
:class:`~kiosk.progress.summary.LessonInfo`; this package never imports the lessons package.
"""
