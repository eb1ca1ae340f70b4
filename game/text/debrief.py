"""The debrief as plain text: outcome, score, every red flag in order, every false alarm."""

from __future__ import annotations

from game.engine import Result
from game.linebreak import wrap
from game.locale import Translator, outcome_key

WIDTH = 88


def _wrap(text: str, indent: str, width: int = WIDTH) -> str:
    return "\n".join(indent + line for line in wrap(text, width - len(indent)))


def format_result(result: Result, data_names: dict[str, str]) -> str:
    tr = Translator(result.lang)
    out = ["", "═" * 60, f" {tr.t('debrief.title')}", "═" * 60]
    if result.ending_title:
        out.append(f" {result.ending_title}")
    out.append(" " + tr.t(outcome_key(result.outcome, result.loss)))
    out.append(_wrap(result.ending_debrief, " "))
    out.append("")
    out.append(" " + tr.t("debrief.score", score=result.score, d_prime=f"{result.d_prime:.2f}",
                          criterion=f"{result.criterion:.2f}"))
    out.append(" " + tr.t("debrief.counts", hits=result.hits, misses=result.misses,
                          false_alarms=result.false_alarms, correct_rejections=result.correct_rejections))
    out.append(" " + tr.t("debrief.money", loss=f"{result.loss:,}"))
    items = "、".join(data_names[i] for i in result.given) if result.lang == "zh" else ", ".join(
        data_names[i] for i in result.given)
    out.append(" " + tr.t("debrief.data", items=items or tr.t("debrief.none")))
    red_flags = [item for item in result.debrief if item.kind == "red_flag"]
    if red_flags:
        out += ["", " " + tr.t("debrief.red_flags")]
        last_message = None
        for item in red_flags:
            if item.message_id != last_message:
                out.append(_wrap(f"“{item.message_text}”", "   "))
                last_message = item.message_id
            status = tr.t("debrief.caught_named") if item.named else tr.t("debrief.caught") if item.caught \
                else tr.t("debrief.missed")
            mark = "✓" if item.caught else "✗"
            out.append(f"   {mark} {item.name} — {status}")
            out.append(_wrap(f"{tr.t('debrief.why')}: {item.why}", "       "))
            out.append(_wrap(f"{tr.t('debrief.safe')}: {item.safe}", "       "))
    false_alarms = [item for item in result.debrief if item.kind == "false_alarm"]
    if false_alarms:
        out += ["", " " + tr.t("debrief.false_alarms")]
        for item in false_alarms:
            out.append(_wrap(f"“{item.message_text}”", "   "))
            out.append(_wrap(item.why, "     "))
    if result.takeaway:
        out += ["", _wrap(tr.t("debrief.takeaway", text=result.takeaway), " ")]
    out.append("")
    return "\n".join(out)
