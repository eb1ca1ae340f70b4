"""The debrief as plain text, in the window's words: outcome and score first, the counts in
plain words, the money (and what was taken back or returned) and data, the takeaway; then every red flag in order, marked
✓ named / ~ caught but not named / ✗ missed (with a legend), every false alarm, every
message rightly trusted and why; last, what d′ and c mean."""

from __future__ import annotations

from collections.abc import Mapping

from game.engine import DebriefItem, MessageResult, Result
from game.linebreak import wrap
from game.locale import Translator, format_money, outcome_key

WIDTH = 88
LEANING = 0.25                # |c| below this reads as "balanced"


def _wrap(text: str, indent: str, width: int = WIDTH) -> str:
    return "\n".join(indent + line for line in wrap(text, width - len(indent)))


def flag_mark(item: DebriefItem) -> str:
    """✓ this very red flag was named, ~ the message was flagged but not with this name, ✗ missed."""
    return "✓" if item.named else "~" if item.caught else "✗"


def _labelled(tr: Translator, key: str, text: str) -> str:
    """"Why: …" / "为什么：…" (the language's own colon)."""
    return tr.label(key, text)


def _summary(result: Result, tr: Translator, data_names: Mapping[str, str]) -> list[str]:
    lang = result.lang
    out = [" " + tr.t(outcome_key(result.outcome, result.loss))]
    if result.lowered_by:
        names = tr.join(data_names[i] for i in result.lowered_by)
        out.append(_wrap(tr.t("debrief.lowered", items=names), " "))
    out.append(" " + tr.t("debrief.score_line", score=result.score))
    signals, noise = result.hits + result.misses, result.false_alarms + result.correct_rejections
    key = "debrief.counts_plain" if signals and noise else (
        "debrief.counts_signal_only" if signals else "debrief.counts_noise_only")
    out.append(_wrap(tr.t(key, hits=result.hits, signals=signals, false_alarms=result.false_alarms, noise=noise), " "))
    if result.hits:
        out.append(_wrap(tr.t("debrief.named_plain", named=result.named_correctly), " "))
    if result.loss:
        out.append(" " + tr.t("debrief.money_lost", money=format_money(result.loss, result.currency, lang)))
    elif result.paid and result.received:
        out.append(" " + tr.t("debrief.money_came_back", money=format_money(result.received, result.currency, lang)))
    elif result.paid:
        out.append(" " + tr.t("debrief.money_paid_safe", money=format_money(result.paid, result.currency, lang)))
    else:
        out.append(" " + tr.t("debrief.money_kept"))
    out += [_wrap(line, " ") for line in money_notes(result, tr)]
    items = tr.join(data_names[i] for i in result.given)
    out.append(_wrap(tr.t("debrief.data", items=items or tr.t("debrief.none")), " "))
    if result.takeaway:
        out.append(_wrap(tr.t("debrief.takeaway", text=result.takeaway), " "))
    return out


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
