"""Whole visits, one after another, leak nothing: widgets and objects stay level after warm-up.

The long version with memory figures is bench/bench_soak.py."""
from __future__ import annotations

import pytest

from kiosk import config
from support.soak import Census, Visitor, settle_in


@pytest.mark.parametrize("profile", ["street", "library"])
def test_visits_leave_no_widgets_or_objects_behind(qtbot, make_window, clock, tmp_path, profile) -> None:
    cfg = config.load(environ={"KIOSK_PROFILE": profile})
    cfg = cfg.replace("progress", database_url=f"sqlite:///{tmp_path}/progress.sqlite3")
    window = make_window(cfg)
    visitor = Visitor(window, clock)
    settle_in(window)
    for _ in range(3):  # warm-up: services load, caches fill, every screen built its parts
        visitor.visit()
    before = Census.take(window)
    for _ in range(12):
        visitor.visit()
    after = Census.take(window)
    assert visitor.visits == 15
    assert after.widgets == before.widgets, (before, after)
    assert after.objects == before.objects, (before, after)
    assert after.threads <= before.threads, (before, after)
    assert window.current_screen.name == "attract"
