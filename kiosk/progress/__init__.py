"""Learner progress: append-only learning events, stores, summaries, sign-in, exports, LRS outbox.

Qt-free. The kiosk opens one :class:`~kiosk.progress.store.ProgressStore` (``store.accounts`` for
classes, learners and sign-in; ``store.trainer_pin``; summaries in ``summary``; ``export``). The
sign-in and trainer pages are drawn from view models (``signin``, ``dashboard``) whose queries live
in ``queries``; ``link.ProgressLink`` hooks the lesson player to the store while a learner is
signed in. Every store call runs off the UI thread (``kiosk.threadguard``). Lesson titles and step
counts come from the caller (``lessonfacts``); this package never imports the lessons package.
"""
