"""The terminal's debrief (`game.text.debrief.format_result`) on hand-made results: every
section appears when it has something to say, in order, marks only what was named with ✓,
quotes each message once, and keeps within the terminal's width."""

from __future__ import annotations

import pytest

from game.engine import FactView, HelpView
from game.locale import Translator
from game.text import format_result

from .results import message, other, red_flag, result

EN = Translator("en")
NAMES = {"upfront_fee": "Upfront fee", "urgency": "Hurry"}


def lines_of(res) -> list[str]:
    return format_result(res, {"pin": "your PIN"}, NAMES).splitlines()


def stripped(res) -> list[str]:
    return [line.strip() for line in lines_of(res)]


def test_the_header_and_the_summary_come_first_and_the_story_after():
    lines = lines_of(result(score=73, given=("pin",), takeaway="Hang up.", ending_title="The end",
                            fact=FactView("Many were fooled", 2024, "Police")))
    assert lines[:4] == ["", "═" * 60, " " + EN.t("debrief.title"), "═" * 60]
    assert lines[4:10] == [" " + EN.t("debrief.outcome.safe"), " " + EN.t("debrief.score_line", score=73),
                           " " + EN.t("debrief.counts_noise_only", hits=0, signals=0, false_alarms=0, noise=0),
                           " " + EN.t("debrief.money_kept"), " " + EN.t("debrief.data", items="your PIN"),
                           " " + EN.t("debrief.takeaway", text="Hang up.")]
    assert lines[10:14] == ["", " The end", " The story ends.",
                            " " + EN.t("debrief.fact", text="Many were fooled", source="Police", year=2024)]


def test_no_title_and_no_fact_means_no_line_for_them():
    lines = lines_of(result())
    story = lines.index(" The story ends.")
    assert lines[story - 1] == "" and not lines[story + 1].startswith(" " + EN.t("debrief.fact", text="", source="",
                                                                                      year="")[:8])


def test_only_what_was_named_gets_a_tick():
    res = result(messages=(message(flagged="upfront_fee", final_flag="upfront_fee", verdict="hit"),),
                 debrief=(red_flag(caught=True, named=True), red_flag(flag_id="urgency", caught=True, name="Hurry"),
                          red_flag(flag_id="payee", name="Payee")))
    lines = stripped(res)
    assert "✓ Upfront fee — caught and named" in lines
    assert "~ Hurry — caught" in lines
    assert "✗ Payee — missed" in lines
    assert sum(line.startswith("✓") for line in lines) == 2          # the flag and the legend's ✓
    head = lines.index(EN.t("debrief.red_flags"))
    assert lines[head + 1] == " · ".join(EN.t(f"debrief.legend.{k}") for k in ("named", "caught", "missed"))
    assert lines[head + 2: head + 6] == ['"text of m1"', "✓ Upfront fee — caught and named",
                                         EN.label("debrief.why", "why upfront_fee"),
                                         EN.label("debrief.safe", "safe upfront_fee")]


def test_each_message_is_quoted_once_before_its_flags():
    res = result(messages=(message("m1"), message("m2")),
                 debrief=(red_flag("m1", name="A"), red_flag("m1", "x", name="B"), red_flag("m2", name="C")))
    lines = stripped(res)
    assert lines.count('"text of m1"') == 1 and lines.count('"text of m2"') == 1
    assert lines.index('"text of m1"') < lines.index("✗ A — missed") < lines.index("✗ B — missed") \
        < lines.index('"text of m2"') < lines.index("✗ C — missed")


def test_a_repeated_red_flag_is_explained_where_it_first_appeared():
    res = result(messages=(message("m1"), message("m2")),
                 debrief=(red_flag("m1", occurrence=1, occurrences=2), red_flag("m2", occurrence=2, occurrences=2)))
    lines = stripped(res)
    first = lines.index("✗ " + EN.t("debrief.times", name="Upfront fee", count=2) + " — missed")
    assert lines[first + 1] == EN.label("debrief.why", "why upfront_fee")
    second = lines.index("✗ Upfront fee — missed")
    assert lines[second + 1] == EN.t("debrief.again", count=2, total=2)
    assert lines.count(EN.label("debrief.why", "why upfront_fee")) == 1


@pytest.mark.parametrize(("flagged", "final", "first", "last"), [
    ("upfront_fee", "", "Upfront fee", "play.suspicious"), (None, "urgency", "debrief.no_flag", "Hurry"),
    ("", None, "play.suspicious", "debrief.no_flag"), ("unknown", "upfront_fee", "unknown", "Upfront fee")])
def test_a_changed_flag_is_shown_under_the_quote(flagged, final, first, last):
    word = {key: EN.t(key) for key in ("play.suspicious", "debrief.no_flag")}
    res = result(messages=(message(flagged=flagged, final_flag=final),), debrief=(red_flag(caught=True),))
    lines = stripped(res)
    quote = lines.index('"text of m1"')
    assert lines[quote + 1] == EN.t("debrief.changed", first=word.get(first, first), final=word.get(last, last))


def test_an_unchanged_or_unknown_message_has_no_changed_line():
    changed = EN.t("debrief.changed", first="", final="")[:10]
    for res in (result(messages=(message(flagged="x", final_flag="x"),), debrief=(red_flag(caught=True),)),
                result(debrief=(red_flag(),))):       # the item's message is not among the messages
        assert not any(line.startswith(changed) for line in stripped(res))


def test_false_alarms_and_trusted_messages_have_their_own_sections():
    res = result(messages=(message("f", flags=(), flagged="", final_flag="", verdict="false_alarm"),
                           message("t", flags=(), verdict="correct_rejection")),
                 debrief=(other("false_alarm", "f", "It was fine."), other("trusted", "t", "Real.")))
    lines = stripped(res)
    assert EN.t("debrief.red_flags") not in lines
    fa = lines.index(EN.t("debrief.false_alarms"))
    assert lines[fa + 1: fa + 3] == ['"text of f"', "It was fine."]
    trusted = lines.index(EN.t("debrief.trusted_title"))
    assert lines[trusted + 1: trusted + 3] == ['"text of t"', EN.t("debrief.trusted_why", text="Real.")]
    assert fa < trusted


def test_empty_sections_are_left_out():
    lines = stripped(result())
    for key in ("debrief.red_flags", "debrief.false_alarms", "debrief.trusted_title"):
        assert EN.t(key) not in lines
    assert not any(line.startswith(EN.t("debrief.help_title", region="")[:10]) for line in lines)


@pytest.mark.parametrize(("criterion", "leaning"), [
    (-0.25, "suspicious"), (-0.2, "balanced"), (0.2, "balanced"), (0.25, "trusting"), (0.5, "trusting")])
def test_the_meaning_of_d_and_c_ends_the_debrief(criterion, leaning):
    lines = stripped(result(d_prime=1.234, criterion=criterion))
    what = lines.index(EN.t("debrief.what_mean").rstrip(" ›"))
    text = " ".join(lines[what + 1:])
    assert text.startswith(EN.t("debrief.dprime_plain", d_prime="1.23"))
    assert EN.t("debrief.criterion_plain", criterion=f"{criterion:.2f}") in text
    assert text.endswith(EN.t(f"debrief.leaning.{leaning}"))


def test_help_lines_close_the_debrief():
    text = format_result(result(help=(HelpView("Police", "110", "now"), HelpView("Bank", "95588", "first")),
                                region_name="China"), {}, NAMES)
    assert text.splitlines()[-4:] == ["", " " + EN.t("debrief.help_title", region="China"),
                                      "   • " + EN.t("debrief.help_line", name="Police", contact="110", when="now"),
                                      "   • " + EN.t("debrief.help_line", name="Bank", contact="95588", when="first")]
    assert text.endswith("first\n")


def test_long_text_is_wrapped_within_88_columns():
    res = result(ending_debrief="bb " + " ".join(["a"] * 100), takeaway=" ".join(["word"] * 60))
    lines = lines_of(res)
    assert max(len(line) for line in lines) == 88
    assert all(line.startswith(" ") for line in lines if "a a a" in line or "word word" in line)
