"""The flag picker: four red-flag names (the right ones among plausible others, from the
engine) plus "just suspicious", and "remove flag" when the message is already flagged."""

from __future__ import annotations

from game.engine import MessageView

from .dialogs import Dialog


class FlagMenuScene(Dialog):
    """The message is quoted whole when it fits, else its first lines, cut at a line's end with "…"."""

    width = 560
    label = "flag_menu"
    text_max_lines = 3

    def __init__(self, app, play, message: MessageView) -> None:
        # The language's quotes (English: straight ones, as the font draws “ ” full width).
        super().__init__(app, app.ctx.t("flag.title"), app.ctx.tr.quote(message.text))
        self.play = play
        self.message = message

    def buttons(self):
        options = self.play.session.flag_options(self.message.id)
        specs = []
        for option in options:
            label = option.name if option.id else self.t("play.suspicious")
            style = "primary" if self.message.flag == option.id else "normal"
            specs.append((f"flag_option:{option.id or 'suspicious'}", label,
                          lambda f=option.id: self._pick(f), style))
        if self.message.flag is not None:
            specs.append(("flag_option:remove", self.t("flag.remove"), lambda: self._pick(None), "normal"))
        specs.append(("flag_option:cancel", self.t("flag.cancel"), self.app.pop, "quiet"))
        return specs

    def _pick(self, flag_id: str | None) -> None:
        self.app.pop()
        self.play.apply_flag(self.message.id, flag_id)
