"""Who's playing: the players on this computer to pick from, or a new nickname.

A player is a nickname and nothing else: no e-mail, no real name (the screen says so). "New
player" offers a suggested nickname in the player's language ("Calm Heron", "敏锐的猎鹰") that
they can take, swap for another suggestion, or type over: typed text arrives as `TextEntered`
(an input method sends hanzi that way; its composition under way shows as `TextEditing`),
Backspace erases, Enter plays as that name. Up to 32 characters.

Choosing a player switches everything that is theirs: the recorder plays as them, the settings
remember them, their autosave and their played/best counts are the ones the title shows.
"""

from __future__ import annotations

import pygame

from ..fit import draw_text, fit, text_width
from ..input import Intent, TextEditing, TextEntered
from ..widgets import PAD_X, Widget, button_height, draw_button, draw_focus
from .common import BAR, ChromeScene

MAX_NICKNAME = 32           # characters, as the records keep them
GAP = 10
FIELD = "players:name"


class PlayersScene(ChromeScene):
    title_key = "player.who"

    def __init__(self, app) -> None:
        super().__init__(app)
        recorder = self.ctx.recorder
        self.players = recorder.players() if recorder is not None else []
        self.page = 0
        self.per_page = 0                   # players a page holds at the current size
        self.text = self._suggest()
        self.fresh = True                   # the field holds an untouched suggestion: typing replaces it
        self.composing = ""                 # an input method's text not committed yet
        self.error = ""                     # why the typed nickname was not taken
        self.texts: list[tuple[str, str, int, str, pygame.Rect, bool, str]] = []   # (where, text, size, role, box, bold, align)
        self.field = pygame.Rect(0, 0, 0, 0)

    # -- what it offers ---------------------------------------------------------------------
    def _suggest(self) -> str:
        from game.records.nicknames import suggest

        return suggest(self.ctx.t, [p.nickname for p in self.players])

    def current(self) -> str | None:
        return self.ctx.nickname

    # -- layout -----------------------------------------------------------------------------
    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        theme, assets = self.theme, self.assets
        column = min(680, width - 80)
        x = (width - column) // 2
        self.texts = []
        widgets: list[Widget] = []

        def text(where: str, value: str, size_: int, role: str, y: int, *, bold: bool = False,
                 align: str = "left") -> int:
            h = fit(assets, value, size_, column, bold=bold).height
            self.texts.append((where, value, size_, role, pygame.Rect(x, y, column, h), bold, align))
            return y + h

        # The foot first (Back), so the list knows how much room it has.
        back_label = self.t("ui.back")
        back_w = min(column, max(160, fit(assets, back_label, theme.body, column).width + 48))
        back_h = button_height(assets, theme, back_label, back_w)
        back = pygame.Rect(x, height - 16 - back_h, back_w, back_h)

        y = BAR + 20
        y = text("players:intro", self.t("player.pick"), theme.body, "text", y) + 4
        y = text("players:privacy", self.t("player.privacy"), theme.small, "muted", y) + 14

        # The new-player part follows the list of players, and never runs into the foot.
        half = (column - GAP) // 2
        another, use = self.t("player.another"), self.t("player.use")
        row_h = max(button_height(assets, theme, another, half), button_height(assets, theme, use, half))
        field_h = assets.line_height(theme.body) + 18
        hint = self.error or self.t("player.field_hint")
        hint_h = max(fit(assets, self.t("player.field_hint"), theme.small, column).height,
                     fit(assets, hint, theme.small, column).height)
        new_head_h = fit(assets, self.t("player.new"), theme.body, column, bold=True).height
        new_h = new_head_h + 6 + field_h + 4 + hint_h + 8 + row_h
        lowest = back.top - 16 - new_h

        if self.players:
            listed, y = self._build_list(x, y, column, lowest - 20 - y)
            widgets += listed
            y += 20
        new_top = min(y, lowest)
        y = new_top
        y = text("players:new_head", self.t("player.new"), theme.body, "text", y, bold=True) + 6
        self.field = pygame.Rect(x, y, column, field_h)
        widgets.append(Widget(FIELD, self.field, self.text, action=self.edit, kind="input"))
        y = self.field.bottom + 4
        self.texts.append(("players:hint", hint, theme.small, "danger" if self.error else "muted",
                           pygame.Rect(x, y, column, hint_h), False, "left"))
        y += hint_h + 8
        widgets.append(Widget("players:suggest", pygame.Rect(x, y, half, row_h), another, action=self.another))
        widgets.append(Widget("players:use", pygame.Rect(x + half + GAP, y, column - half - GAP, row_h), use,
                              action=self.submit))
        back.top = min(back.top, y + row_h + 24)     # under the rest, or at the foot when the list is long
        widgets.append(Widget("players:back", back, back_label, action=self.back))
        return widgets

    def _build_list(self, x: int, top: int, column: int, room: int) -> tuple[list[Widget], int]:
        """The heading, then the players as a grid of buttons (two a row), as many rows as `room`
        holds; with more players than that, "previous" and "more" on the heading's line.
        Returns the widgets and the grid's bottom."""
        theme, assets = self.theme, self.assets
        widgets = []
        earlier, more = self.t("player.earlier"), self.t("player.more")
        pager_w = [text_width(assets, label, theme.small) + 2 * PAD_X + 8 for label in (earlier, more)]
        pager_h = assets.line_height(theme.small) + 8
        head = self.t("player.on_this_computer")
        head_w = column - sum(pager_w) - 2 * GAP
        head_h = max(pager_h, fit(assets, head, theme.body, head_w, bold=True).height)
        self.texts.append(("players:list_head", head, theme.body, "text", pygame.Rect(x, top, head_w, head_h), True,
                           "left"))
        grid = top + head_h + 6
        columns = 2 if column >= 420 else 1
        each = (column - GAP * (columns - 1)) // columns
        row_h = max(button_height(assets, theme, self._label(p.nickname), each) for p in self.players)
        rows = max(1, (room - (grid - top) + GAP) // (row_h + GAP))
        per_page = rows * columns
        pages = max(1, -(-len(self.players) // per_page))
        if self.per_page != per_page:        # a new size: open on the page of the player playing now
            names = [p.nickname for p in self.players]
            current = self.current()
            self.page = names.index(current) // per_page if current in names else 0
            self.per_page = per_page
        self.page = min(self.page, pages - 1)
        shown = self.players[self.page * per_page:(self.page + 1) * per_page]
        for index, player in enumerate(shown):
            row, col = divmod(index, columns)
            rect = pygame.Rect(x + col * (each + GAP), grid + row * (row_h + GAP), each, row_h)
            widgets.append(Widget(f"player:{player.id or player.nickname}", rect, self._label(player.nickname),
                                  action=lambda nick=player.nickname: self.choose(nick),
                                  data={"nickname": player.nickname, "current": player.nickname == self.current()}))
        if pages > 1:
            right = x + column
            for widget_id, label, w, action, enabled in (
                    ("players:more", more, pager_w[1], self.more, self.page < pages - 1),
                    ("players:earlier", earlier, pager_w[0], self.earlier, self.page > 0)):
                rect = pygame.Rect(right - w, top + (head_h - pager_h) // 2, w, pager_h)
                widgets.append(Widget(widget_id, rect, label, action=action, enabled=enabled, data={"small": True}))
                right = rect.left - GAP
        rows_shown = -(-len(shown) // columns)
        return widgets, grid + rows_shown * (row_h + GAP) - GAP

    def _label(self, nickname: str) -> str:
        return self.t("player.current", nickname=nickname) if nickname == self.current() else nickname

    def default_focus(self) -> Widget | None:
        """The player playing now (Enter carries on as them); else the new nickname."""
        current = next((w for w in self.focusables() if w.data.get("current")), None)
        return current or self.widget(FIELD) or super().default_focus()

    # -- commands ---------------------------------------------------------------------------
    def choose(self, nickname: str) -> None:
        """Play as `nickname` from now on (a new player for a new nickname)."""
        recorder = self.ctx.recorder
        if recorder is None:
            return
        name = " ".join(nickname.split())
        if "@" in name:                      # an e-mail address is personal data: never kept
            self._refuse(self.t("player.no_email"))
            return
        try:
            player = recorder.use(name)
        except ValueError:
            self._refuse(self.t("player.bad_nickname"))
            return
        progress = self.ctx.progress
        progress.settings["player"] = player.nickname
        progress.player_id = player.id
        progress.scores = recorder.scores()
        progress.save()
        self.app.relayout_all()              # the title below: who plays, their resume and "start here"
        self.app.pop()

    def _refuse(self, message: str) -> None:
        self.error = message
        self.set_focus(self.widget(FIELD))
        self.relayout()

    def submit(self) -> None:
        self.choose(self.text)

    def another(self) -> None:
        self.text, self.fresh, self.composing, self.error = self._suggest(), True, "", ""
        self.relayout()

    def edit(self) -> None:
        """A tap on the field: typing goes there."""
        self.set_focus(self.widget(FIELD))

    def earlier(self) -> None:
        self.page = max(0, self.page - 1)
        self.relayout()

    def more(self) -> None:
        self.page += 1
        self.relayout()

    def back(self) -> None:
        self.app.pop()

    # -- typing -----------------------------------------------------------------------------
    def type_text(self, typed: str) -> None:
        typed = "".join(ch for ch in typed if ch.isprintable())
        if not typed:
            return
        base = "" if self.fresh else self.text
        self.text = (base + typed)[:MAX_NICKNAME]
        self.fresh, self.composing, self.error = False, "", ""
        self.relayout()

    def erase(self) -> None:
        self.text = "" if self.fresh else self.text[:-1]
        self.fresh, self.error = False, ""
        self.relayout()

    def on_focus(self, widget: Widget | None) -> None:
        if widget is not None and widget.id == FIELD:
            try:
                pygame.key.start_text_input()
                pygame.key.set_text_input_rect(widget.rect)     # an input method's candidates show beside it
            except pygame.error:
                pass

    def handle(self, inp) -> bool:
        editing = self.focus_id == FIELD
        if isinstance(inp, TextEntered):
            if not editing and not inp.text.strip():
                return False                 # a space on a button: it was the button's key
            if not editing:
                self.set_focus(self.widget(FIELD))
            self.type_text(inp.text)
            return True
        if isinstance(inp, TextEditing):
            self.composing = inp.text if editing else ""
            return True
        return super().handle(inp)

    def handle_intent(self, inp: Intent) -> bool:
        editing = self.focus_id == FIELD
        if editing and inp.typed:
            return True                      # the character comes as TextEntered
        if inp.name == "erase":
            if editing and not self.composing:
                self.erase()
            return True
        if inp.name == "activate" and editing:
            self.submit()
            return True
        if inp.name == "back":
            self.back()
            return True
        return super().handle_intent(inp)

    # -- drawing ----------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        for where, value, size, role, box, bold, align in self.texts:
            draw_text(surface, assets, value, size, getattr(palette, role), box, bold=bold, align=align,
                      where=where)
        editing = self.focus_id == FIELD
        pygame.draw.rect(surface, palette.panel, self.field, border_radius=10)
        pygame.draw.rect(surface, palette.focus if editing else palette.panel_edge, self.field,
                         width=2 if editing else 1, border_radius=10)
        inner = self.field.inflate(-24, -6)
        shown = self.text + self.composing
        taken = draw_text(surface, assets, shown, theme.body, palette.muted if self.fresh and not editing
                          else palette.text, inner, valign="center", max_lines=1, min_size=theme.small,
                          where="players:field")
        if editing:                          # the caret after the text
            x = min(inner.right - 2, (taken.right if shown else inner.left) + 2)
            line_h = assets.line_height(theme.body)
            pygame.draw.line(surface, palette.text, (x, inner.centery - line_h // 2 + 4),
                             (x, inner.centery + line_h // 2 - 4), 2)
        for widget in self.widgets():
            if widget.kind != "button" or widget.id in ("lang", "settings"):
                continue
            style = "primary" if widget.id == "players:use" or widget.data.get("current") else "normal"
            draw_button(surface, assets, theme, widget, focused=False, hovered=self.hover_id == widget.id,
                        style=style, size=theme.small if widget.data.get("small") else None)
        focused = self.widget(self.focus_id) if self.focus_id else None
        if focused is not None and focused.id not in ("lang", "settings"):
            draw_focus(surface, theme, focused.rect)
