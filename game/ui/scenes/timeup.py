"""When a timer runs out, the player sees why before the story goes on ("Time's up: the agent
moved on"). The game clock stands still while this is open, like every modal."""

from __future__ import annotations

from ..widgets import Widget
from .dialogs import Dialog


class TimeUpScene(Dialog):
    width = 480

    def __init__(self, app, note: str) -> None:
        super().__init__(app, app.ctx.t("play.time_up"), note or app.ctx.t("play.time_up_default"))
        self.note = note

    def buttons(self):
        return [("timeup:continue", self.t("play.time_up_continue"), self.app.pop, "normal")]

    def build(self, size: tuple[int, int]) -> list[Widget]:
        widgets = super().build(size)
        self.focus_id = "timeup:continue"
        return widgets
