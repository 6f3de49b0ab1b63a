"""Accessibility, measured: every screen of the real window (and the idle warning), on both
profiles, in both themes, in English, Spanish, Russian and Farsi, at text sizes 100/150/200 %.

A case fails where a control is smaller than 44×44 px at 100 % or has no accessible name, a
control cannot be reached with Tab on the library profile, text contrast is under WCAG AAA,
text does not fit its box or its container (scroll areas excepted, in the way they scroll), or two
controls overlap. Colour pairs of the themes and of the map are checked from their real values;
then right-to-left Farsi, reduced motion, no meaning by colour alone, the only time limit, and
the size of capital letters on the configured panel.

One walk per profile × theme builds one window and switches language and text size live, as a
visitor does; its findings are filed by screen and check (see ``a11y_support.py``).
"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetrics

from kiosk import contrast
import a11y_support as support
from support import a11y_measure as a11y
from ui import theme
from ui.widgets import mapview

UI = Path(__file__).resolve().parents[2] / "ui"

# -- which screens exist (asked of the real window at collection time) ---------------------------

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")


def _screens() -> list[str]:
    from kiosk import config
    from ui.screenshot import screen_names

    names = screen_names(config.load(environ={}))
    return [n for n in names if n != "idle"] + list(support.PSEUDO)


SCREENS = _screens()

#: Known defects not fixed yet: (profile, screen, check) -> the defect. strict=True: the case
#: turns red the day the defect is fixed, so the entry gets removed.
KNOWN: dict[tuple[str, str, str], str] = {}


def _cases(checks: tuple[str, ...], themes: tuple[str, ...]) -> list:
    cases = []
    for profile in support.PROFILES:
        for theme_name in themes:
            for screen in SCREENS:
                for check in checks:
                    reason = KNOWN.get((profile, screen, check)) or KNOWN.get(("*", screen, check))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    cases.append(pytest.param(profile, theme_name, screen, check, marks=marks,
                                              id=f"{profile}-{theme_name}-{screen}-{check}"))
    return cases


@pytest.fixture(scope="module")
def surveys(tmp_path_factory):
    """The four walks (profile × theme), two processes at a time, started on first use."""
    done: dict[tuple[str, str], support.Survey] = {}
    pending: dict[tuple[str, str], object] = {}
    order = [(p, t) for t in support.THEMES for p in support.PROFILES]

    def launch() -> None:
        while order and len(pending) < 2:
            profile, theme_name = order.pop(0)
            folder = tmp_path_factory.mktemp(f"a11y-{profile}-{theme_name}")
            pending[(profile, theme_name)] = support.start(profile, theme_name, folder)

    def get(profile: str, theme_name: str) -> support.Survey:
        key = (profile, theme_name)
        while key not in done:
            launch()
            if key not in pending:
                order.remove(key)
                order.insert(0, key)
                first = next(iter(pending))
                done[first] = support.finish(pending.pop(first), *first)
                continue
            done[key] = support.finish(pending.pop(key), *key)
        launch()
        return done[key]

    yield get
    for process in pending.values():
        process.kill()
        process.wait()


@pytest.mark.parametrize("profile,theme_name,screen,check",
                         _cases(("size", "name", "tab", "clipped", "overlap", "blank"), ("standard",)))
def test_layout(surveys, profile, theme_name, screen, check) -> None:
    survey = surveys(profile, theme_name)
    assert screen in survey.screens
    assert not survey.findings.get((screen, check)), survey.report(screen, check)


@pytest.mark.parametrize("profile,theme_name,screen,check",
                         _cases(("contrast", "name"), ("high_contrast",)))
def test_high_contrast_theme(surveys, profile, theme_name, screen, check) -> None:
    survey = surveys(profile, theme_name)
    assert not survey.findings.get((screen, check)), survey.report(screen, check)


@pytest.mark.parametrize("profile,theme_name,screen,check", _cases(("contrast",), ("standard",)))
def test_text_contrast_on_screen(surveys, profile, theme_name, screen, check) -> None:
    survey = surveys(profile, theme_name)
    assert not survey.findings.get((screen, check)), survey.report(screen, check)


def test_the_walk_saw_every_state(surveys) -> None:
    survey = surveys("street", "standard")
    assert survey.screens == SCREENS
    assert survey.states >= len(SCREENS) * len(support.LANGUAGES) * len(support.SCALES) - 3 * 12


# -- the measurements themselves catch what they claim to ------------------------------------------

def test_measurements_catch_planted_defects(qtbot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

    page = QWidget()
    qtbot.addWidget(page)
    page.resize(400, 300)
    layout = QVBoxLayout(page)
    tiny = QPushButton("x")
    tiny.setStyleSheet("min-width: 0; min-height: 0; padding: 0;")  # whatever the app sheet says
    tiny.setFixedSize(30, 30)
    unreachable = QPushButton("No Tab")
    unreachable.setAccessibleName("No Tab")
    unreachable.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    cramped = QLabel("A sentence far too long for the little box it was given")
    cramped.setWordWrap(True)
    cramped.setFixedSize(120, 30)
    grey = QLabel("grey")
    grey.setStyleSheet("color: #999999; background: #FFFFFF;")
    row = QHBoxLayout()
    row.addWidget(tiny)
    row.addWidget(unreachable)
    layout.addLayout(row)
    layout.addWidget(cramped)
    layout.addWidget(grey)
    cover = QPushButton("cover", page)
    cover.setAccessibleName("cover")
    page.show()
    qtbot.waitExposed(page)
    cover.setGeometry(tiny.geometry().adjusted(-5, -5, 5, 5))
    cover.raise_()
    widgets = a11y.shown_widgets([page])
    controls = a11y.interactive(widgets)
    checks = lambda found: {(f.check, f.widget.split(" ")[0]) for f in found}  # noqa: E731
    assert ("size", "QPushButton") in checks(a11y.small_targets(controls))
    assert [f.widget for f in a11y.unnamed(controls)] == [a11y.describe(tiny)]
    assert [f.widget for f in a11y.unreachable(page, controls)] == [a11y.describe(unreachable)]
    assert ("clipped", "QLabel") in checks(a11y.clipped_text(widgets, page))
    assert ("contrast", "QLabel") in checks(a11y.text_contrast(widgets))
    assert ("overlap", "QPushButton") in checks(a11y.overlapping(controls, page))


# -- colours from the themes' real values ---------------------------------------------------------------

def _text_pairs(p: theme.Palette) -> list[tuple[str, str, str]]:
    """(what, foreground, background) for every text colour the style sheet and screens use."""
    return [
        ("body text", p.text, p.window), ("muted text", p.muted, p.window),
        ("text on bars", p.text, p.surface), ("muted on bars", p.muted, p.surface),
        ("primary button", p.on_primary, p.primary), ("ordinary button", p.on_secondary, p.secondary),
        ("pressed button", p.on_secondary, p.surface), ("chosen language", p.on_selected, p.selected),
        ("status free", p.good, p.window), ("status in use", p.warn, p.window),
        ("status out of order", p.bad, p.window), ("status unknown", p.muted, p.window),
        ("text on the idle card", p.text, p.window),
    ]


def _non_text_pairs(p: theme.Palette) -> list[tuple[str, str, str]]:
    return [
        ("control border", p.border, p.window), ("control border on bars", p.border, p.surface),
        ("focus ring", p.focus, p.window), ("focus ring on bars", p.focus, p.surface),
        ("band inside the doubled ring of a focused filled button", p.window, p.primary),
        ("primary button edge", p.primary, p.window), ("chosen language edge", p.selected, p.surface),
        ("scroll handle", p.border, p.surface),
        ("status icon free", p.good, p.window), ("status icon in use", p.warn, p.window),
        ("status icon out of order", p.bad, p.window), ("status icon unknown", p.muted, p.window),
    ]


@pytest.mark.parametrize("theme_name", sorted(theme.PALETTES))
def test_theme_text_colours_reach_7_to_1(theme_name) -> None:
    p = theme.PALETTES[theme_name]
    low = [f"{what}: {fg} on {bg} = {contrast.contrast_ratio(fg, bg):.2f}"
           for what, fg, bg in _text_pairs(p) if contrast.contrast_ratio(fg, bg) < contrast.TEXT_MIN]
    assert not low, "\n".join(low)


@pytest.mark.parametrize("theme_name", sorted(theme.PALETTES))
def test_theme_borders_and_focus_reach_3_to_1(theme_name) -> None:
    p = theme.PALETTES[theme_name]
    low = [f"{what}: {fg} on {bg} = {contrast.contrast_ratio(fg, bg):.2f}"
           for what, fg, bg in _non_text_pairs(p) if contrast.contrast_ratio(fg, bg) < contrast.NON_TEXT_MIN]
    assert not low, "\n".join(low)


def test_idle_veil_keeps_the_card_readable() -> None:
    # The veil darkens the page around the card; the card itself is opaque window colour.
    for p in theme.PALETTES.values():
        assert contrast.contrast_ratio(p.text, p.window) >= contrast.TEXT_MIN
        assert contrast.parse_colour(p.overlay)[1] >= 0.7


def best(first: str, second: str, background: str) -> str:
    """Of a line and its casing, the one that stands out more on ``background``."""
    return max((first, second), key=lambda colour: contrast.contrast_ratio(colour, background))


@pytest.mark.parametrize("theme_name", sorted(mapview.MAP_COLORS))
def test_map_colours(theme_name) -> None:
    c = mapview.MAP_COLORS[theme_name]
    text = [("label", c.text, c.halo), ("'You are here'", c.here if c.halo == "#000000" else c.text, c.halo)]
    # The route is drawn over a casing: the line stands out by the casing against the streets
    # and the ground, and the route against its casing.
    lines = [("route casing on streets", best(c.route, c.route_casing, c.street), c.street),
             ("route casing on the ground", best(c.route, c.route_casing, c.background), c.background),
             ("route on its casing", c.route, c.route_casing), ("walk ring", c.ring, c.background),
             ("park edge", c.park_edge, c.background), ("you-are-here dot", c.here, c.halo),
             ("street casing", c.casing, c.background) if theme_name == "standard"
             else ("street", c.street, c.background)]
    low = [f"{what}: {fg} on {bg} = {contrast.contrast_ratio(fg, bg):.2f}" for what, fg, bg in text
           if contrast.contrast_ratio(fg, bg) < contrast.TEXT_MIN]
    low += [f"{what}: {fg} on {bg} = {contrast.contrast_ratio(fg, bg):.2f}" for what, fg, bg in lines
            if contrast.contrast_ratio(fg, bg) < contrast.NON_TEXT_MIN]
    for category, (_shape, fill, _picto) in mapview.CATEGORY_SYMBOLS.items():
        if contrast.contrast_ratio("#FFFFFF", fill) < contrast.NON_TEXT_MIN:
            low.append(f"{category} pictogram: white on {fill}")
        if max(contrast.contrast_ratio(fill, c.background), contrast.contrast_ratio(c.icon_edge, c.background)) < 3:
            low.append(f"{category} symbol is lost on the map background")
    assert not low, "\n".join(low)


def test_qr_code_is_black_on_white() -> None:
    assert contrast.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)


# -- right to left --------------------------------------------------------------------------------

def test_farsi_mirrors_the_whole_layout(qtbot, make_window, tmp_path) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    window = make_window(support.kiosk_config("street", "standard", tmp_path), start=False)
    session = window.ctx.session
    session.activity()
    bar = window.controls
    order = lambda: [b.objectName() for b in sorted(  # noqa: E731 - left to right on screen
        (b for b in bar.findChildren(type(bar.home)) if b.isVisible()), key=lambda b: (b.y(), b.x()))]
    ltr = order()
    session.set_language("fa")
    QApplication.processEvents()
    try:
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.isRightToLeft() and window.current_screen.isRightToLeft()
        rtl = order()
        first_row = [n for n in ltr if bar.findChild(type(bar.home), n).y() == bar.back.y()]
        assert rtl[:len(first_row)] == list(reversed(first_row)), (ltr, rtl)
        assert bar.back.x() > bar.home.x()       # Back is at the right-hand start of the row
        heading = window.screens["home"].heading
        assert heading.text() and heading.text() != "Welcome! What would you like to do?"
        # Text starts at the right: the first glyph is drawn at the label's right-hand side.
        assert QStyleAlign(heading) == "right"
        assert all(QStyleAlign(l) in ("right", "centre") for l in window.screens["help"].findChildren(QLabel)
                   if l.text())
    finally:
        session.set_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def QStyleAlign(label) -> str:  # noqa: N802 - reads like the Qt call it wraps
    """Where a label's text really lands, after Qt resolves "leading" for the layout direction."""
    from PySide6.QtWidgets import QStyle

    align = QStyle.visualAlignment(label.layoutDirection(), label.alignment())
    if align & Qt.AlignmentFlag.AlignHCenter:
        return "centre"
    return "right" if align & Qt.AlignmentFlag.AlignRight else "left"


# -- reduced motion --------------------------------------------------------------------------------

def _running_animations(window) -> list:
    from PySide6.QtCore import QAbstractAnimation as Animation

    return [a for a in window.findChildren(Animation) if a.state() == Animation.State.Running]


def test_reduced_motion_stops_the_attract_cycle(qtbot, make_window, tmp_path) -> None:
    cfg = support.kiosk_config("street", "standard", tmp_path, reduced_motion=True)
    window = make_window(cfg, start=False)
    attract = window.screens["attract"]
    assert window.current_screen is attract and attract.isVisible()
    assert not attract.timer.isActive()
    assert _running_animations(window) == []
    # Without the cycle every language's invitation is on the screen at once.
    for words in ("Touch to start", "Toque para empezar", "Коснитесь, чтобы начать"):
        assert words in attract.invite.text()


def test_without_reduced_motion_the_attract_screen_cycles(qtbot, make_window, tmp_path) -> None:
    window = make_window(support.kiosk_config("street", "standard", tmp_path), start=False)
    attract = window.screens["attract"]
    assert attract.timer.isActive()
    before = attract.invite.text()
    attract.timer.timeout.emit()
    assert attract.invite.text() != before


# -- no information by colour alone ----------------------------------------------------------------

def test_status_chips_carry_a_shape_and_a_word(qtbot) -> None:
    from ui.widgets.status_chip import KINDS, StatusChip

    shapes = set()
    for kind in KINDS:
        chip = StatusChip()
        qtbot.addWidget(chip)
        chip.set_status(kind, f"word for {kind}")
        chip.restyle(theme.STANDARD, 1.0)
        assert chip.label.text() == f"word for {kind}" and chip.accessibleName() == chip.label.text()
        image = chip.icon.grab().toImage()
        shapes.add(bytes(image.constBits()))
    assert len(shapes) == len(KINDS)  # five different drawings, not one shape in five colours


def test_map_categories_carry_a_shape_a_pictogram_and_a_name() -> None:
    kinds = {(shape, picto) for shape, _fill, picto in mapview.CATEGORY_SYMBOLS.values()}
    assert len(kinds) == len(mapview.CATEGORY_SYMBOLS)
    assert len({shape for shape, _f, _p in mapview.CATEGORY_SYMBOLS.values()}) == len(kinds)


def test_map_category_buttons_show_their_name(surveys) -> None:
    survey = surveys("street", "standard")
    assert not survey.findings.get(("map", "name")), survey.report("map", "name")


# -- time limits -------------------------------------------------------------------------------------

NAVIGATION = {"open", "go_home", "back", "replace", "wipe"}
#: Timers that leave a page by themselves, each reviewed: why it is not a time limit on a visitor.
REVIEWED_TIMERS = {
    ("ui/screens/info.py", "OneMomentScreen"):
        "after an unexpected error only; no visitor content on the page; 20 s, and a Home button",
}


def _navigating_timers() -> set[tuple[str, str]]:
    """(file, class) of every QTimer whose timeout leads to a navigation call."""
    found = set()
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for node in ast.walk(cls):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                target = node.func
                timeout = (target.attr == "connect" and isinstance(target.value, ast.Attribute)
                           and target.value.attr == "timeout")
                single = target.attr == "singleShot"
                if not (timeout or single):
                    continue
                text = ast.unparse(node)
                if any(f".{verb}" in text for verb in NAVIGATION) or "session" in text:
                    found.add((str(path.relative_to(UI.parent)), cls.name))
    return found


def test_the_idle_warning_is_the_only_time_limit(make_window, tmp_path) -> None:
    assert _navigating_timers() == set(REVIEWED_TIMERS)
    window = make_window(support.kiosk_config("street", "standard", tmp_path), start=False)
    assert window.ctx.session.warning_seconds >= 20
    assert window.screens["oops"].timer.interval() >= 20_000


# -- type size ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("profile", support.PROFILES)
def test_capitals_are_at_least_4_8_mm_tall(make_window, tmp_path, profile) -> None:
    cfg = support.kiosk_config(profile, "standard", tmp_path)
    window = make_window(cfg, start=False)
    window.ctx.session.activity()
    window.ctx.session.open("help")
    body = next(l for l in window.screens["help"].paragraphs if l.isVisible())
    font = body.font()
    info = QFontInfo(font)
    assert info.pixelSize() == theme.px("body", 1.0)
    assert "sans" in info.family().lower() and "serif" not in info.family().lower().replace("sans-serif", "")
    cap_px = QFontMetrics(font).capHeight()
    mm = contrast.cap_height_mm(cap_px, cfg.display.diagonal_inches, *cfg.screen_size)
    assert mm >= 4.8, f"capitals {cap_px} px = {mm:.2f} mm on a {cfg.display.diagonal_inches}\" panel"


@pytest.mark.parametrize("theme_name", sorted(theme.PALETTES))
def test_a_focused_tile_shows_ring_band_ring_around_its_fill(qtbot, make_window, theme_name) -> None:
    """On a filled button the focus colour alone is too close to the fill (1.7:1 on navy): the
    ring is doubled around a band of page colour. Checked on the rendered pixels."""
    from PySide6.QtGui import QColor

    from kiosk import config
    cfg = config.load(environ={"KIOSK_PROFILE": "library", "KIOSK_THEME": theme_name})
    window = make_window(cfg)
    window.ctx.session.activity()
    tile = window.screens["home"].tiles["lessons"]
    tile.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tile.hasFocus)
    from PySide6.QtCore import QPoint, QRect
    # The window's pixels (a widget grabbed alone is painted on its own fill colour).
    image = window.grab(QRect(tile.mapTo(window, QPoint(0, 0)), tile.size())).toImage()
    p = theme.PALETTES[theme_name]
    y = image.height() // 2
    seen: list[str] = []
    for x in range(0, 40):  # from the tile's left edge inwards
        colour = QColor(image.pixel(x, y)).name().upper()
        if colour in (p.focus, p.window, p.primary) and (not seen or seen[-1] != colour):
            seen.append(colour)
    assert seen[:3] == [p.focus, p.window, p.focus] and seen[-1] == p.primary, seen
