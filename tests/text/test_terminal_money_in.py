"""The terminal with the format-2 money keys and the in-person channel, through piped input as a
user would play: a reply the wallet cannot pay is listed with its reason and refused with a
message; money coming in gets a line; an in-person scene has an "[In person]" heading; the
debrief says what was taken back or may come back."""

from __future__ import annotations

import io

from game.cli import main

BASE = ["play", "--text", "--scenario", "rebate_wallet", "--seed", "3", "--region", "GB",
        "--scenarios", "tests/fixtures/format2"]


def _play(text: str, lang: str = "en") -> str:
    out = io.StringIO()
    assert main([*BASE, "--lang", lang], stdin=io.StringIO(text), stdout=out) == 0
    return out.getvalue()


def _after(out: str, marker: str) -> str:
    return out[out.index(marker):]


def test_an_unaffordable_reply_is_listed_with_its_reason_and_refused():
    out = _play("1\n1\n1\n2\n")
    reason = "Not enough money: this costs £600; you have £103.50 and must keep at least £12.50."
    menu = _after(out, "  1) Pay £600\n")
    assert menu.startswith(f"  1) Pay £600\n     ✗ {reason}\n  2) Pay £80\n")
    assert f"You can't choose 1 now. {reason}\n" in out
    refused = _after(out, "You can't choose 1 now.")
    assert "You: Pay £600" not in out and "You: Pay £80" in refused     # refused, then the next answer counts
    assert "Money lost: £76.50" in out                                   # 12.90 + 80 paid, 16.40 came back


def test_money_coming_in_gets_a_line_after_the_reply():
    out = _play("1\n1\n2\n")
    assert "       You: Check my account\n       ← You received £16.40 from " in out
    assert out.count("You received") == 1


def test_the_reason_and_the_refusal_in_chinese():
    out = _play("1\n1\n1\n2\n", lang="zh")
    assert "     ✗ 钱不够：这需要£600；你有£103.50，但至少要留下£12.50。\n" in out
    assert "现在不能选1。钱不够" in out
    assert "你收到了" in out and "转来的£16.40。" in out


def test_an_in_person_scene_has_its_heading_and_the_debrief_what_comes_back():
    out = _play("1\n1\nw\n1\n")
    assert "── Day 1 · 21:01 · [In person] Officer Lee · Community police officer ──" in out
    scene = _after(out, "[In person]")
    assert "An officer is at the door." in scene and "Officer Lee: We've had reports" in scene
    assert "Money lost" not in scene                                     # 16.40 came back: nothing lost
    assert " Nothing lost: the £16.40 you received made up for what you paid.\n" in scene
    assert "went where it should" not in scene


def test_the_debrief_says_what_was_taken_back_and_what_may_come_back():
    bounced = _play("1\n1\n3\n1\n")
    assert " The £600 paid to you never cleared, so it was taken back.\n" in bounced
    assert " Money lost: £596.50\n" in bounced                           # 612.90 paid − 16.40 that cleared
    pending = _play("1\n1\n2\n")
    assert " £76.50 of it may come back once the case is closed.\n" in pending
    assert "taken back" not in pending
