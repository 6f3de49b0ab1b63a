"""Fixtures for the end-to-end tests (the real app as a process in a real X server)."""
from __future__ import annotations

import pytest
from e2e_support import start_xvfb


@pytest.fixture
def xvfb():
    server, display = start_xvfb()
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)
