"""lint's phone estimate (game/authoring/phonefit.py, no pygame) is conservative against the real
phone at 1024×640: each row kind holds at least the lines the table says fit, and the longest
shipped messages, laid out by the real phone with the real font, take no more lines than lint
estimates (so lint may warn early, never late)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.authoring.lint import Subject, _filled, placeholder_values  # noqa: E402
from game.authoring.phonefit import BOXES, NARRATOR, box_for, estimated_lines  # noqa: E402
from game.authoring.reach import Explorer  # noqa: E402
from game.scenario import LANGS, load_catalog, load_folder  # noqa: E402
from game.ui.assets import Assets  # noqa: E402
from tests.conftest import SCENARIOS  # noqa: E402
from tests.ui.test_phone import _message, _phone, _thread, _view  # noqa: E402

LONGEST = 40


@pytest.fixture(scope="module")
def assets():
    pygame.init()
    return Assets(sound=False)


def _row(assets, channel: str, look: str | None, text: str, narrator: bool = False):
    """The phone at 1024×640 showing one message (beside a second thread, so the tabs show)."""
    fields = {"look": look} if look else {}
    message = _message(1, "t", channel, "narrator" if narrator else "bank", text, 0.0, **fields)
    other = _message(2, "u", "sms", "mum", "hi", 0.0)
    threads = [_thread("t", channel, "Bank", [message], detail="+86 123"), _thread("u", "sms", "Mum", [other])]
    phone = _phone(assets)
    phone.layout(_view([other, message], threads, clock=10.0, channel=channel), "t")
    row = next(r for r in phone.rows if r.message is not None and r.message.id == "m1")
    return phone, row


def _lines(assets, row, size: int) -> int:
    return row.boxes["text"].height // assets.line_height(size)


@pytest.mark.parametrize("channel,look", sorted(BOXES, key=str))
def test_each_row_kind_holds_the_lines_lint_says_fit(assets, channel, look):
    box = BOXES[(channel, look)]
    phone, row = _row(assets, channel, look, "a " * 2000)
    frame = row.height - row.boxes["text"].height
    fit = (phone.content_rect().height - frame) // assets.line_height(box.font)
    assert fit >= box.lines, (channel, look, fit)


def test_the_narrators_line_holds_what_lint_says_fits(assets):
    phone, row = _row(assets, "call", None, "a " * 2000, narrator=True)
    frame = row.height - row.boxes["text"].height
    assert (phone.content_rect().height - frame) // assets.line_height(NARRATOR.font) >= NARRATOR.lines


def test_the_estimate_never_counts_fewer_lines_than_the_real_font_takes(assets):
    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    scenarios, _ = load_folder(SCENARIOS, catalog)
    candidates = []
    for scenario in scenarios.values():
        explorer = Explorer(scenario, catalog)
        subject = Subject("", scenario, b"", catalog, explorer, explorer.explore())
        values = {lang: placeholder_values(subject, lang) for lang in LANGS}
        for step in scenario.steps.values():
            for message in step.messages:
                narrator = message.sender == "narrator"
                box = box_for(step.channel, message.look, narrator)
                for lang in LANGS:
                    text = _filled(message.text.get(lang), values[lang])
                    candidates.append((estimated_lines(text, box), text, step.channel, message.look, narrator, box))
    candidates.sort(key=lambda c: -c[0])
    checked = 0
    for estimate, text, channel, look, narrator, box in candidates[:LONGEST]:
        _, row = _row(assets, channel, look, text, narrator)
        real = _lines(assets, row, box.font)
        assert estimate >= real, (text, channel, look, estimate, real)
        checked += 1
    assert checked == LONGEST and candidates[0][0] >= 8
