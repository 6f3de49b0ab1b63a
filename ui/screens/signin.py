"""Learner sign-in (library profile): *Sign in* → class → name → 4-digit code → "Welcome, Maria!".

Thin views over :mod:`kiosk.progress.signin`: each page draws its view model and forwards taps to
it; the models run every store call through the one task path. While a learner is signed in,
:class:`kiosk.progress.link.ProgressLink` records what the lesson player reports and tells it
where the learner left each lesson (from memory: read once at sign-in, in the worker).

Trainer mode lives in :mod:`ui.screens.trainer`; :func:`screens` returns its pages too (the shell
lists only this module).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout

from kiosk.i18n import _
from kiosk.progress.link import ProgressLink
from kiosk.progress.signin import ClassPickModel, CodeModel, NamePickModel
from kiosk.progress.viewmodel import ViewModel
from ui.context import AppContext
from ui.screens.base import Screen, heading, scrolling_page
from ui.screens.trainer.base import (ModelPage, button_flow, holder_layout, progress_link,
                                     replace_widget)
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import FlowWidget
from ui.widgets.numpad import NumPad, reserve_message_line


class SignInPage(ModelPage):
    """A sign-in step: heading, prompt, content, and "Continue without signing in" always there."""

    def __init__(self, ctx: AppContext, model: ViewModel) -> None:
        super().__init__(ctx, model)
        self.prompt = heading("lead")
        self.layout_.addWidget(self.prompt)
        self.layout_.addWidget(self.message)
        self.content = holder_layout(self.layout_)
        self.layout_.addStretch(1)
        self.anonymous = WrapButton()
        self.anonymous.setObjectName(f"{self.name}_anonymous")
        self.anonymous.clicked.connect(self._on_anonymous_clicked)
        row = FlowWidget(margin=0)
        row.add(self.anonymous)
        self.layout_.addWidget(row)

    def title(self) -> str:
        return _("Sign in")

    def retranslate(self) -> None:
        self.anonymous.setText(_("Continue without signing in"))
        super().retranslate()

    def _on_anonymous_clicked(self) -> None:
        self.ctx.session.go_home()


class ClassPickScreen(SignInPage):
    name = "signin"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.classes = ClassPickModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.classes)
        self.retranslate()

    def render(self) -> None:
        super().render()
        self.prompt.setText(_("Which class are you in? Tap it."))
        replace_widget(self.content, button_flow([
            (f"class_{c.id}", c.name, lambda c=c: self.classes.choose(c))
            for c in self.classes.classes], self.ctx.scale) if self.classes.classes else None)

    def restyle(self) -> None:
        self.render()

    def on_show(self, args: dict[str, Any]) -> None:
        self.classes.open()


class NamePickScreen(SignInPage):
    name = "signin_name"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.names = NamePickModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.names)
        self.retranslate()

    def render(self) -> None:
        super().render()
        self.prompt.setText(_("Which one is you? Tap your name."))
        learners = self.names.learners
        replace_widget(self.content, button_flow([
            (f"learner_{i}", learner.display_name, lambda l=learner: self.names.choose(l))
            for i, learner in enumerate(learners)], self.ctx.scale) if learners else None)

    def restyle(self) -> None:
        self.render()

    def on_show(self, args: dict[str, Any]) -> None:
        self.names.open(args.get("class_id"))


class CodeScreen(SignInPage):
    name = "signin_code"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.code = CodeModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.code)
        self.pad = NumPad(entry=self.code.code)
        self.pad.setObjectName("signin_pad")
        self.pad.submitted.connect(self._on_pad_submitted)
        row = QHBoxLayout()
        row.addWidget(self.pad)
        row.addStretch(1)
        self.content.addLayout(row)
        # The message goes on a line kept free under the pad: a wrong code never moves the keys.
        self.layout_.removeWidget(self.message)
        self.content.addWidget(self.message)
        self.retranslate()

    def title(self) -> str:
        return self.code.heading()

    def render(self) -> None:
        super().render()
        self.heading.setText(self.title())
        self.prompt.setText(_("Type your 4-digit code, then tap OK."))
        if hasattr(self, "pad"):
            reserve_message_line(self.message)

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "pad"):
            self.pad.retranslate()

    def restyle(self) -> None:
        self.pad.restyle(self.ctx.scale)
        reserve_message_line(self.message)

    def on_show(self, args: dict[str, Any]) -> None:
        self.code.open(args.get("learner_id"))
        self.pad.setFocus()

    def _on_pad_submitted(self, code: str) -> None:
        self.code.submit(code)


class WelcomeScreen(Screen):
    name = "signin_welcome"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        # At 200 % text the greeting may be taller than the screen: the page scrolls.
        layout, _page = scrolling_page(self)
        self.heading = heading("display")
        self.heading.setObjectName("signin_welcome_heading")
        self.lead = heading("lead")
        self.learn = WrapButton(role="primary")
        self.learn.setObjectName("signin_welcome_learn")
        self.learn.clicked.connect(lambda: self.ctx.session.replace("lessons"))
        self.home = WrapButton()
        self.home.setObjectName("signin_welcome_home")
        self.home.clicked.connect(lambda: self.ctx.session.go_home())
        layout.addWidget(self.heading)
        layout.addWidget(self.lead)
        row = FlowWidget(spacing=24, margin=0)
        row.add(self.learn)
        row.add(self.home)
        layout.addWidget(row)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        who = self.ctx.session.signed_in
        return _("Welcome, {name}!").format(name=who.display_name) if who else _("Welcome!")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.lead.setText(_("Your progress is saved as you learn, so you can carry on next time. "
                            "Tap “Sign out” on the Home page when you finish."))
        self.learn.setText(_("Start learning"))
        self.home.setText(_("Home"))

    def on_show(self, args: dict[str, Any]) -> None:
        self.retranslate()


def screens(ctx: AppContext) -> list[Screen]:
    """The learner sign-in pages and (from :mod:`ui.screens.trainer`) the trainer pages."""
    from ui.screens import trainer

    link = progress_link(ctx)
    return [ClassPickScreen(ctx, link), NamePickScreen(ctx, link), CodeScreen(ctx, link),
            WelcomeScreen(ctx), *trainer.screens(ctx, link)]
