"""Demo mode: the playtest bot's random policy driving the real window through its widgets
(the same activations a click makes), for a classroom projector and for tests."""

from __future__ import annotations

import random

from .app import App


class AutoPlayer:
    def __init__(self, app: App, rng: random.Random, *, interval: float = 1.4, flag_rate: float = 0.4) -> None:
        self.app = app
        self.rng = rng
        self.interval = interval
        self.flag_rate = flag_rate
        self.wait = interval
        self.flagged: set[str] = set()

    def update(self, dt: float) -> None:
        self.wait -= dt
        if self.wait > 0:
            return
        self.wait = self.interval
        from .scenes.dialogs import ConfirmScene
        from .scenes.flagmenu import FlagMenuScene
        from .scenes.play import PlayScene

        top = self.app.top
        if isinstance(top, ConfirmScene):
            top.widget("dialog:yes").activate()
        elif isinstance(top, FlagMenuScene):
            options = [w for w in top.widgets() if w.id.startswith("flag_option:")
                       and w.id not in ("flag_option:cancel", "flag_option:remove")]
            self.rng.choice(options).activate()
        elif isinstance(top, PlayScene) and not top.session.ended:
            view = top.view
            fresh = [m for m in view.messages if m.flaggable and m.flag is None and m.id not in self.flagged]
            if fresh and self.rng.random() < self.flag_rate:
                message = self.rng.choice(fresh)
                self.flagged.add(message.id)
                top.open_flag_menu(message.id)
                return
            choices = [w for w in top.widgets() if w.id.startswith("choice:")]
            if choices:
                self.rng.choice(choices).activate()
