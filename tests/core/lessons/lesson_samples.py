"""Sample lesson text shared by the lesson tests (a plain module so tests can import it)."""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A valid six-step lesson; tests change one thing in it and look for the one problem line.
BASE_LESSON = '''\
id = "{id}"
title = "Test lesson"
summary = "A lesson for the tests."
topic = "basics"
level = "beginner"
minutes = 5

[[steps]]
kind = "explain"
title = "Hello"
text = "Welcome to the test."

[[steps]]
kind = "practice"
gesture = "swipe"
direction = "left"
text = "Swipe to the left."
success = "You swiped."
hint = "Slide your finger to the left."

[[steps]]
kind = "practice"
gesture = "type"
expected = "Hello"
text = "Type hello."
success = "You typed it."
hint = "Tap the letters one by one."

[[steps]]
kind = "quiz"
question = "Which way did you swipe?"
explanation = "You slid your finger to the left."

[[steps.choices]]
text = "Left"
correct = true

[[steps.choices]]
text = "Right"
feedback = "The other way."

[[steps]]
kind = "explain"
text = "Almost done."

[[steps]]
kind = "done"
text = "All done."
learned = ["Swiping", "Typing"]
'''
