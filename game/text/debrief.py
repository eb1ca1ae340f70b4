"""The debrief as plain text, in the window's words: outcome and score first, the counts in
plain words, the money (and what was taken back or returned) and data, the takeaway; then every red flag in order, marked
✓ named / ~ caught but not named / ✗ missed (with a legend), every false alarm, every
message rightly trusted and why; last, what d′ and c mean."""

from __future__ import annotations

from collections.abc import Mapping

from game import debrief_lines
from game.debrief_lines import flag_mark
from game.engine import MessageResult, Result
from game.linebreak import wrap
from game.locale import Translator, format_money

WIDTH = 88
LEANING = 0.25                # |c| below this reads as "balanced"


def _wrap(text: str, indent: str, width: int = WIDTH) -> str:
    return "\n".join(indent + line for line in wrap(text, width - len(indent)))


def _labelled(tr: Translator, key: str, text: str) -> str:
    """"Why: …" / "为什么：…" (the language's own colon)."""
    return tr.label(key, text)


#: The summary's lines the terminal prints at the top (the story's end comes later, in its place).
SUMMARY_KINDS = ("outcome", "lowered", "score", "counts", "named", "money", "taken_back", "recovered", "data",
                 "takeaway")


def _summary(result: Result, tr: Translator, data_names: Mapping[str, str]) -> list[str]:
    """The same sentences as the window's and the classroom's (`game.debrief_lines`)."""
    return [_wrap(line.text, " ") for line in debrief_lines.summary(result, tr, data_names)
            if line.kind in SUMMARY_KINDS]


def money_notes(result: Result, tr: Translator) -> list[str]:
    """What happened to the money after the loss, one honest line each: money paid to the player
    that never cleared (taken back), and the part of the loss that was or may be returned."""
    notes = []
    if result.taken_back:
        notes.append(tr.t("debrief.taken_back", money=format_money(result.taken_back, result.currency, result.lang)))
    if result.recovered:
        key = "debrief.recovery_pending" if result.recovery_pending else "debrief.recovered"
        notes.append(tr.t(key, money=format_money(result.recovered, result.currency, result.lang)))
    return notes


def _flag_name(flag_id: str | None, tr: Translator, flag_names: Mapping[str, str]) -> str:
    if flag_id is None:
        return tr.t("debrief.no_flag")
    return flag_names.get(flag_id, flag_id) if flag_id else tr.t("play.suspicious")


def _quote(message: MessageResult | None, text: str, tr: Translator, flag_names: Mapping[str, str]) -> list[str]:
    """The message as quoted, and, if the player changed its flag, which one was scored."""
    lines = [_wrap(tr.quote(text), "   ")]
    if message is not None and message.final_flag != message.flagged:
        lines.append(_wrap(tr.t("debrief.changed", first=_flag_name(message.flagged, tr, flag_names),
                                final=_flag_name(message.final_flag, tr, flag_names)), "     "))
    return lines


def format_result(result: Result, data_names: Mapping[str, str], flag_names: Mapping[str, str] | None = None) -> str:
    """The whole debrief of `result` as text. `data_names` and `flag_names` (optional: IDs are
    shown without them) give names in the result's language."""
    tr = Translator(result.lang)
    flag_names = flag_names or {}
    messages = {m.id: m for m in result.messages}
    out = ["", "═" * 60, f" {tr.t('debrief.title')}", "═" * 60]
    out += _summary(result, tr, data_names)
    out.append("")
    if result.ending_title:
        out.append(f" {result.ending_title}")
    out.append(_wrap(result.ending_debrief, " "))
    if result.fact:
        out.append(_wrap(tr.t("debrief.fact", text=result.fact.text, source=result.fact.source,
                              year=result.fact.year), " "))
    red_flags = [item for item in result.debrief if item.kind == "red_flag"]
    if red_flags:
        legend = " · ".join(tr.t(f"debrief.legend.{key}") for key in ("named", "caught", "missed"))
        out += ["", " " + tr.t("debrief.red_flags"), "   " + legend]
        last_message = None
        for item in red_flags:
            if item.message_id != last_message:
                out += _quote(messages.get(item.message_id), item.message_text, tr, flag_names)
                last_message = item.message_id
            status = tr.t("debrief.caught_named") if item.named else tr.t("debrief.caught") if item.caught \
                else tr.t("debrief.missed")
            name = tr.t("debrief.times", name=item.name, count=item.occurrences) \
                if item.occurrences > 1 and item.occurrence == 1 else item.name
            out.append(f"   {flag_mark(item)} {name} — {status}")
            if item.occurrence > 1:          # explained where it first appeared
                out.append("       " + tr.t("debrief.again", count=item.occurrence, total=item.occurrences))
                continue
            out.append(_wrap(_labelled(tr, "debrief.why", item.why), "       "))
            out.append(_wrap(_labelled(tr, "debrief.safe", item.safe), "       "))
    false_alarms = [item for item in result.debrief if item.kind == "false_alarm"]
    if false_alarms:
        out += ["", " " + tr.t("debrief.false_alarms")]
        for item in false_alarms:
            out += _quote(messages.get(item.message_id), item.message_text, tr, flag_names)
            out.append(_wrap(item.why, "     "))
    trusted = [item for item in result.debrief if item.kind == "trusted"]
    if trusted:
        out += ["", " " + tr.t("debrief.trusted_title")]
        for item in trusted:
            out += _quote(messages.get(item.message_id), item.message_text, tr, flag_names)
            out.append(_wrap(tr.t("debrief.trusted_why", text=item.why), "     "))
    leaning = "suspicious" if result.criterion <= -LEANING else (
        "trusting" if result.criterion >= LEANING else "balanced")
    out += ["", " " + tr.t("debrief.what_mean").rstrip(" ›"),
            _wrap(tr.t("debrief.dprime_plain", d_prime=f"{result.d_prime:.2f}"), "   "),
            _wrap(tr.t("debrief.criterion_plain", criterion=f"{result.criterion:.2f}"), "   "),
            _wrap(tr.t(f"debrief.leaning.{leaning}"), "   "), ""]
    if result.help:
        out.append(" " + tr.t("debrief.help_title", region=result.region_name))
        out += [_wrap("• " + tr.t("debrief.help_line", name=h.name, contact=h.contact, when=h.when), "   ")
                for h in result.help]
        out.append("")
    return "\n".join(out)
