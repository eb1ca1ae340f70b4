"""What a debrief says, as data: lines with a kind and a colour role, in the result's language.

The window lays these lines out in columns and the classroom's web page as HTML; both say the
same sentences because both take them from here. A line is (kind, text, role, bold): `kind`
names what the line is ("outcome", "score", "money", "why", …) so tests and layouts find it
without reading the text; `role` is a palette role ("good", "danger", "accent", "muted",
"text"), never a colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from game.engine import DebriefItem, MessageResult, Result
from game.locale import Translator, format_money, outcome_key
from game.scenario import OUTCOMES

LEANING = 0.25                # |c| below this reads as "balanced"
OUTCOME_ROLE = {name: spec.palette for name, spec in OUTCOMES.items()}
VERDICT_TAG = {"hit": ("debrief.mark_caught", "good"), "miss": ("debrief.mark_missed", "danger"),
               "false_alarm": ("debrief.mark_false_alarm", "text"), "correct_rejection": ("debrief.mark_fine", "muted")}


class Line(NamedTuple):
    kind: str
    text: str
    role: str = "text"
    bold: bool = False
    indent: bool = False      # under a red flag: its why and its safe response


def flag_mark(item: DebriefItem) -> str:
    """✓ this very red flag was named, ~ the message was flagged but not with this name, ✗ missed."""
    return "✓" if item.named else "~" if item.caught else "✗"


def money_line(result: Result, tr: Translator) -> Line:
    """What the money came to: lost, made up for, paid where it should go, or kept."""
    lang, currency = tr.lang, result.currency
    if result.loss:
        return Line("money", tr.t("debrief.money_lost", money=format_money(result.loss, currency, lang)), "danger", True)
    if result.paid and result.received:
        text = tr.t("debrief.money_came_back", money=format_money(result.received, currency, lang))
    elif result.paid:
        text = tr.t("debrief.money_paid_safe", money=format_money(result.paid, currency, lang))
    else:
        text = tr.t("debrief.money_kept")
    return Line("money", text, "good", True)


def summary(result: Result, tr: Translator, data_names: Mapping[str, str]) -> list[Line]:
    """The left column: outcome, score, counts in plain words, money, data, takeaway, the story's
    end and its statistic. `data_names` names the catalogue's data items in `tr`'s language."""
    lang = tr.lang
    lines = [Line("outcome", tr.t(outcome_key(result.outcome, result.loss)), OUTCOME_ROLE.get(result.outcome, "text"),
                  True)]
    if result.lowered_by:
        items = tr.join(data_names.get(i, i) for i in result.lowered_by)
        lines.append(Line("lowered", tr.t("debrief.lowered", items=items), "danger"))
    lines.append(Line("score", tr.t("debrief.score_line", score=result.score), "text", True))
    signals, noise = result.hits + result.misses, result.false_alarms + result.correct_rejections
    key = "debrief.counts_plain" if signals and noise else (
        "debrief.counts_signal_only" if signals else "debrief.counts_noise_only")
    lines.append(Line("counts", tr.t(key, hits=result.hits, signals=signals, false_alarms=result.false_alarms,
                                     noise=noise)))
    if result.hits:
        lines.append(Line("named", tr.t("debrief.named_plain", named=result.named_correctly), "muted"))
    lines.append(money_line(result, tr))
    if result.taken_back:
        lines.append(Line("taken_back", tr.t("debrief.taken_back",
                                             money=format_money(result.taken_back, result.currency, lang))))
    if result.recovered:
        key = "debrief.recovery_pending" if result.recovery_pending else "debrief.recovered"
        lines.append(Line("recovered", tr.t(key, money=format_money(result.recovered, result.currency, lang))))
    names = [data_names.get(i, i) for i in result.given]
    lines.append(Line("data", tr.t("debrief.data", items=tr.join(names) or tr.t("debrief.none")),
                      "danger" if names else "text"))
    if result.takeaway:
        lines.append(Line("takeaway", tr.t("debrief.takeaway", text=result.takeaway), "accent", True))
    if result.ending_title:
        lines.append(Line("story_title", result.ending_title, "text", True))
    lines.append(Line("story", result.ending_debrief))
    if result.fact:
        lines.append(Line("fact", tr.t("debrief.fact", text=result.fact.text, source=result.fact.source,
                                       year=result.fact.year), "muted"))
    return lines


def meaning(result: Result, tr: Translator) -> list[Line]:
    """d′ and c in plain words (behind "What do these mean?")."""
    leaning = "suspicious" if result.criterion <= -LEANING else (
        "trusting" if result.criterion >= LEANING else "balanced")
    return [Line("sdt", tr.t("debrief.dprime_plain", d_prime=f"{result.d_prime:.2f}")),
            Line("sdt", tr.t("debrief.criterion_plain", criterion=f"{result.criterion:.2f}")),
            Line("sdt", tr.t(f"debrief.leaning.{leaning}"), "muted")]


def help_lines(result: Result, tr: Translator) -> list[Line]:
    """The region's "if it happens for real" list (none if the region has no help lines)."""
    if not result.help:
        return []
    return [Line("help_title", tr.t("debrief.help_title", region=result.region_name), "text", True),
            *(Line("help", tr.t("debrief.help_line", name=h.name, contact=h.contact, when=h.when))
              for h in result.help)]


def flag_name(flag_id: str | None, tr: Translator, flag_names: Mapping[str, str]) -> str:
    if flag_id is None:
        return tr.t("debrief.no_flag")
    if flag_id == "":
        return tr.t("play.suspicious")
    return flag_names.get(flag_id, flag_id)


def card(message: MessageResult, items: Iterable[DebriefItem], tr: Translator,
         flag_names: Mapping[str, str]) -> list[Line]:
    """One message of the replayed conversation: its verdict, sender, text, each red flag with
    why and what to do instead (once per repeated explanation), and a changed flag."""
    lines: list[Line] = []
    tag_key, tag_role = VERDICT_TAG.get(message.verdict, ("", "text"))
    if tag_key:
        lines.append(Line("tag", tr.t(tag_key), tag_role, True))
    sender = " · ".join(part for part in (
        message.sender_name, tr.t(f"channel.{message.channel}") if message.channel else "") if part)
    if sender:
        lines.append(Line("sender", sender, "muted"))
    lines.append(Line("message", message.text))
    for item in items:
        if item.kind == "red_flag":
            name = tr.t("debrief.times", name=item.name, count=item.occurrences) \
                if item.occurrences > 1 and item.occurrence == 1 else item.name
            lines.append(Line("flag", f"{flag_mark(item)} {name}",
                              "good" if item.named else ("text" if item.caught else "danger"), True))
            if item.occurrence > 1:      # explained where it first appeared
                lines.append(Line("again", tr.t("debrief.again", count=item.occurrence, total=item.occurrences),
                                  "muted", indent=True))
                continue
            lines.append(Line("why", tr.label("debrief.why", item.why), indent=True))
            lines.append(Line("safe", tr.label("debrief.safe", item.safe), "good", indent=True))
        elif item.kind == "trusted":
            lines.append(Line("trusted", tr.t("debrief.trusted_why", text=item.why), "good"))
        else:
            lines.append(Line("false_alarm", item.why))
    if message.final_flag != message.flagged:
        lines.append(Line("changed", tr.t("debrief.changed", first=flag_name(message.flagged, tr, flag_names),
                                          final=flag_name(message.final_flag, tr, flag_names)), "muted"))
    return lines


def group(result: Result) -> dict[str, list[DebriefItem]]:
    """The result's debrief items by message id, in order: one pass, done once per result (a
    card that scanned every item for its message made a 1,000-message debrief quadratic)."""
    by_message: dict[str, list[DebriefItem]] = {}
    for item in result.debrief:
        by_message.setdefault(item.message_id, []).append(item)
    return by_message


def cards(result: Result, tr: Translator, flag_names: Mapping[str, str]) -> list[tuple[MessageResult, list[Line]]]:
    """Every message of the result, in order, with its card's lines."""
    by_message = group(result)
    return [(m, card(m, by_message.get(m.id, []), tr, flag_names)) for m in result.messages]
