"""``make screenshots``: render every screen in every language, both profiles, both themes.

Writes PNGs and ``index.md`` into the folder given (default ``docs/screenshots``). Run with
``python -m ui.gallery [FOLDER] [--quick]``; ``--quick`` renders text scale 1.0 and 2.0 only in the
standard theme.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from kiosk import config
    from ui import screenshot

    quick = "--quick" in argv
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    cfg = config.load(environ={})
    names = screenshot.screen_names(cfg)
    themes = ("standard",) if quick else ("standard", "high_contrast")
    scales = (1.0, 2.0)
    rows = ["# Screenshots", "", "Rendered offscreen by `make screenshots` (`python -m ui.gallery`).", ""]
    for profile in ("street", "library"):
        for theme in themes:
            rows += [f"## {profile} profile, {theme.replace('_', ' ')} theme", ""]
            for name in names:
                cells = []
                for lang in cfg.kiosk.languages:
                    for scale in scales:
                        file = f"{profile}-{theme}-{name}-{lang}-{int(scale * 100)}.png"
                        screenshot.render(cfg, name, out / file, lang=lang, profile=profile,
                                          text_scale=scale, theme=theme)
                        cells.append(f"[{lang} {int(scale * 100)} %]({file})")
                rows.append(f"- **{name}**: " + " · ".join(cells))
            rows.append("")
    (out / "index.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {out / 'index.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
