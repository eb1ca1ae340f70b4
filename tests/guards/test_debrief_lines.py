"""What the debrief says, line by line (`game.debrief_lines`): each line appears exactly when
its fact holds, in the colour role of what it means, and each red flag carries its own mark."""

from __future__ import annotations

import pytest

from game import debrief_lines as dl
from game.engine import FactView, HelpView
from game.locale import Translator, format_money

from .results import message, other, red_flag, result

EN = Translator("en")


def kinds(lines: list[dl.Line]) -> list[str]:
    return [line.kind for line in lines]


def line(lines: list[dl.Line], kind: str) -> dl.Line:
    (found,) = [item for item in lines if item.kind == kind]
    return found


@pytest.mark.parametrize(("outcome", "loss", "key", "role"), [
    ("safe", 0, "debrief.outcome.safe", "good"), ("partial", 0, "debrief.outcome.partial_free", "false_alarm"),
    ("partial", 300, "debrief.outcome.partial", "false_alarm"), ("scammed", 300, "debrief.outcome.scammed", "danger"),
    ("overcautious", 0, "debrief.outcome.overcautious", "false_alarm")])
def test_the_headline_names_the_outcome_in_its_colour(outcome, loss, key, role):
    first = dl.summary(result(outcome=outcome, loss=loss, paid=loss), EN, {})[0]
    assert first == dl.Line("outcome", EN.t(key), role, True)


def test_a_plain_safe_result_says_only_what_happened():
    lines = dl.summary(result(score=87), EN, {})
    assert kinds(lines) == ["outcome", "score", "counts", "money", "data", "story"]
    assert line(lines, "score") == dl.Line("score", EN.t("debrief.score_line", score=87), "text", True)
    assert line(lines, "data") == dl.Line("data", EN.t("debrief.data", items=EN.t("debrief.none")), "text")
    assert line(lines, "story") == dl.Line("story", "The story ends.")


def test_every_optional_line_appears_when_its_fact_holds():
    lines = dl.summary(result(
        outcome="partial", lowered_by=("pin",), hits=2, misses=1, named_correctly=1, taken_back=50, recovered=20,
        given=("pin", "id_number"), takeaway="Hang up.", ending_title="The end", loss=100, paid=100,
        fact=FactView("Many were fooled", 2024, "Police")), EN, {"pin": "your PIN"})
    assert kinds(lines) == ["outcome", "lowered", "score", "counts", "named", "money", "taken_back", "recovered",
                            "data", "takeaway", "story_title", "story", "fact"]
    assert line(lines, "lowered") == dl.Line("lowered", EN.t("debrief.lowered", items="your PIN"), "danger")
    assert line(lines, "named") == dl.Line("named", EN.t("debrief.named_plain", named=1), "muted")
    money = format_money
    assert line(lines, "taken_back").text == EN.t("debrief.taken_back", money=money(50, "CNY", "en"))
    assert line(lines, "recovered").text == EN.t("debrief.recovered", money=money(20, "CNY", "en"))
    assert line(lines, "data") == dl.Line("data", EN.t("debrief.data", items="your PIN, id_number"), "danger")
    assert line(lines, "takeaway") == dl.Line("takeaway", EN.t("debrief.takeaway", text="Hang up."), "accent", True)
    assert line(lines, "story_title") == dl.Line("story_title", "The end", "text", True)
    assert line(lines, "fact") == dl.Line(
        "fact", EN.t("debrief.fact", text="Many were fooled", source="Police", year=2024), "muted")


def test_a_recovery_still_pending_says_so():
    lines = dl.summary(result(outcome="scammed", loss=100, paid=100, recovered=40, recovery_pending=True), EN, {})
    assert line(lines, "recovered").text == EN.t("debrief.recovery_pending", money=format_money(40, "CNY", "en"))


@pytest.mark.parametrize(("counts", "key"), [
    ((1, 1, 1, 1), "debrief.counts_plain"), ((1, 1, 0, 0), "debrief.counts_signal_only"),
    ((0, 0, 1, 1), "debrief.counts_noise_only"), ((0, 0, 0, 0), "debrief.counts_noise_only"),
    ((0, 2, 0, 1), "debrief.counts_plain")])
def test_the_counts_sentence_fits_what_the_scenario_had(counts, key):
    hits, misses, false_alarms, rejections = counts
    lines = dl.summary(result(hits=hits, misses=misses, false_alarms=false_alarms, correct_rejections=rejections),
                       EN, {})
    assert line(lines, "counts").text == EN.t(key, hits=hits, signals=hits + misses, false_alarms=false_alarms,
                                              noise=false_alarms + rejections)


@pytest.mark.parametrize(("loss", "paid", "received", "key", "amount", "role"), [
    (300, 300, 0, "debrief.money_lost", 300, "danger"), (0, 200, 200, "debrief.money_came_back", 200, "good"),
    (0, 200, 0, "debrief.money_paid_safe", 200, "good"), (0, 0, 0, "debrief.money_kept", None, "good"),
    (0, 0, 50, "debrief.money_kept", None, "good")])
def test_the_money_line_tells_lost_made_up_paid_or_kept(loss, paid, received, key, amount, role):
    got = dl.money_line(result(loss=loss, paid=paid, received=received), EN)
    text = EN.t(key, money=format_money(amount, "CNY", "en")) if amount is not None else EN.t(key)
    assert got == dl.Line("money", text, role, True)


@pytest.mark.parametrize(("criterion", "leaning"), [
    (-1.0, "suspicious"), (-0.25, "suspicious"), (-0.2499, "balanced"), (0.0, "balanced"), (0.2499, "balanced"),
    (0.25, "trusting"), (1.0, "trusting")])
def test_the_leaning_reads_c_against_a_quarter(criterion, leaning):
    lines = dl.meaning(result(d_prime=1.5, criterion=criterion), EN)
    assert lines[0] == dl.Line("sdt", EN.t("debrief.dprime_plain", d_prime="1.50"))
    assert lines[1] == dl.Line("sdt", EN.t("debrief.criterion_plain", criterion=f"{criterion:.2f}"))
    assert lines[2] == dl.Line("sdt", EN.t(f"debrief.leaning.{leaning}"), "muted")


def test_help_lines_list_the_regions_contacts_or_nothing():
    assert dl.help_lines(result(), EN) == []
    lines = dl.help_lines(result(help=(HelpView("Police", "110", "now"),), region_name="China"), EN)
    assert lines == [dl.Line("help_title", EN.t("debrief.help_title", region="China"), "text", True),
                     dl.Line("help", EN.t("debrief.help_line", name="Police", contact="110", when="now"))]


def test_each_red_flag_is_marked_named_caught_or_missed():
    assert [dl.flag_mark(red_flag(caught=c, named=n)) for c, n in ((True, True), (True, False), (False, False))] \
        == ["✓", "~", "✗"]


def test_a_card_shows_verdict_sender_text_and_every_flag_with_why_and_what_to_do():
    msg = message(verdict="hit", flagged="upfront_fee", final_flag="upfront_fee", sender_name="Li", channel="sms")
    items = [red_flag(caught=True, named=True), red_flag(flag_id="urgency", caught=True, name="Hurry"),
             red_flag(flag_id="payee", name="Payee")]
    lines = dl.card(msg, items, EN, {})
    assert lines == [
        dl.Line("tag", EN.t("debrief.mark_caught"), "good", True),
        dl.Line("sender", "Li · " + EN.t("channel.sms"), "muted"),
        dl.Line("message", "text of m1"),
        dl.Line("flag", "✓ Upfront fee", "good", True),
        dl.Line("why", EN.label("debrief.why", "why upfront_fee"), indent=True),
        dl.Line("safe", EN.label("debrief.safe", "safe upfront_fee"), "good", indent=True),
        dl.Line("flag", "~ Hurry", "text", True),
        dl.Line("why", EN.label("debrief.why", "why urgency"), indent=True),
        dl.Line("safe", EN.label("debrief.safe", "safe urgency"), "good", indent=True),
        dl.Line("flag", "✗ Payee", "danger", True),
        dl.Line("why", EN.label("debrief.why", "why payee"), indent=True),
        dl.Line("safe", EN.label("debrief.safe", "safe payee"), "good", indent=True)]


@pytest.mark.parametrize(("verdict", "key", "role"), [
    ("miss", "debrief.mark_missed", "danger"), ("false_alarm", "debrief.mark_false_alarm", "text"),
    ("correct_rejection", "debrief.mark_fine", "muted")])
def test_the_card_tag_names_the_verdict(verdict, key, role):
    assert dl.card(message(verdict=verdict), [], EN, {})[0] == dl.Line("tag", EN.t(key), role, True)


def test_a_card_without_sender_or_channel_has_no_sender_line():
    assert kinds(dl.card(message(verdict="unknown"), [], EN, {})) == ["message"]
    assert dl.card(message(channel="sms"), [], EN, {})[1] == dl.Line("sender", EN.t("channel.sms"), "muted")


def test_a_repeated_red_flag_is_explained_once_and_counted():
    first = dl.card(message(), [red_flag(occurrence=1, occurrences=3)], EN, {})
    assert first[2] == dl.Line("flag", "✗ " + EN.t("debrief.times", name="Upfront fee", count=3), "danger", True)
    assert kinds(first) == ["tag", "message", "flag", "why", "safe"]
    again = dl.card(message(), [red_flag(occurrence=2, occurrences=3)], EN, {})
    assert again[2:] == [dl.Line("flag", "✗ Upfront fee", "danger", True),
                         dl.Line("again", EN.t("debrief.again", count=2, total=3), "muted", indent=True)]


def test_false_alarms_and_trusted_messages_say_why():
    msg = message(flags=(), verdict="false_alarm", flagged="", final_flag="")
    assert dl.card(msg, [other("false_alarm", "m1", "It was fine.")], EN, {})[-1] == \
        dl.Line("false_alarm", "It was fine.")
    trusted = dl.card(message(flags=(), verdict="correct_rejection"), [other("trusted", "m1", "Real.")], EN, {})
    assert trusted[-1] == dl.Line("trusted", EN.t("debrief.trusted_why", text="Real."), "good")


@pytest.mark.parametrize(("flagged", "final", "first_name", "final_name"), [
    ("upfront_fee", "", "Upfront fee", "play.suspicious"), (None, "upfront_fee", "debrief.no_flag", "Upfront fee"),
    ("", None, "play.suspicious", "debrief.no_flag"), ("other_flag", "upfront_fee", "other_flag", "Upfront fee")])
def test_a_changed_flag_names_the_scored_one_and_the_last_one(flagged, final, first_name, final_name):
    names = {"upfront_fee": "Upfront fee"}
    lines = dl.card(message(flagged=flagged, final_flag=final), [], EN, names)
    word = {"play.suspicious": EN.t("play.suspicious"), "debrief.no_flag": EN.t("debrief.no_flag")}
    assert lines[-1] == dl.Line("changed", EN.t("debrief.changed", first=word.get(first_name, first_name),
                                                final=word.get(final_name, final_name)), "muted")


def test_an_unchanged_flag_has_no_changed_line():
    assert "changed" not in kinds(dl.card(message(flagged="x", final_flag="x"), [], EN, {}))


def test_cards_keep_message_order_and_give_each_message_its_own_items():
    res = result(messages=(message("m1"), message("m2"), message("m3")),
                 debrief=(red_flag("m2", name="B"), red_flag("m1", name="A"), red_flag("m2", "x", name="C")))
    got = dl.cards(res, EN, {})
    assert [m.id for m, _ in got] == ["m1", "m2", "m3"]
    assert [[ln.text for ln in lines if ln.kind == "flag"] for _, lines in got] == [["✗ A"], ["✗ B", "✗ C"], []]


def test_a_line_is_plain_text_unless_it_says_otherwise():
    lines = dl.summary(result(), EN, {})
    assert tuple(line(lines, "story")) == ("story", "The story ends.", "text", False, False)
    assert tuple(line(lines, "counts"))[2:] == ("text", False, False)
    assert tuple(dl.card(message(), [red_flag()], EN, {})[-1])[2:] == ("good", False, True)
