"""Nothing is lost: a recorder killed with SIGKILL at random moments keeps every event it reported.

A child process records 1,000 events, printing each UUID only after ``record`` returned; the
parent kills it after a random number of lines, several rounds over the same database, then checks
that every printed event is there and the database passes its integrity check.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.progress.store import open_store

REPO = Path(__file__).resolve().parents[3]

CHILD = r"""
import sys
from kiosk.progress.events import LearningEvent, Verb
from kiosk.progress.store import open_store

store = open_store(sys.argv[1])
print("ready", flush=True)
for n in range(1000):
    event = LearningEvent("acc-" + sys.argv[2], Verb.PROGRESSED, "email-basics", n % 12,
                          device_id="pc-kill")
    store.record(event)
    print(event.id, flush=True)
"""


def _round(url: str, tag: str, kill_after: int) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, tag], stdout=subprocess.PIPE,
                             text=True, env=env, cwd=REPO)
    printed: list[str] = []
    try:
        assert child.stdout.readline().strip() == "ready"
        while len(printed) < kill_after:
            line = child.stdout.readline()
            if not line:
                break
            printed.append(line.strip())
        child.send_signal(signal.SIGKILL)
        printed += [line.strip() for line in child.stdout if line.strip()]
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode in (-signal.SIGKILL, 0)
    return printed


@pytest.mark.parametrize("seed", [20261125])
def test_every_reported_event_survives_sigkill(database_url, seed):
    url = database_url
    rng = random.Random(seed)
    printed: list[str] = []
    for round_no in range(4):
        printed += _round(url, str(round_no), rng.randint(10, 990))
    assert len(printed) >= 40
    store = open_store(url, recover=False)
    try:
        assert store.check() == []
        stored = {e.id for e in store.events()}
        missing = [uid for uid in printed if uid not in stored]
        assert missing == [], f"{len(missing)} reported events were lost"
        assert len(stored) >= len(printed)
    finally:
        store.close()
