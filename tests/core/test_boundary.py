"""The core never loads Qt: every kiosk module imports in a fresh interpreter without PySide6."""
from __future__ import annotations

import pkgutil
import subprocess
import sys

import kiosk


def all_core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")
                  if ".migrations." not in m.name and not m.name.endswith("__main__"))


def test_core_modules_do_not_load_pyside6() -> None:
    modules = all_core_modules()
    assert "kiosk.config" in modules and "kiosk.session" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"core loaded Qt or ui: {result.stdout}{result.stderr}"
