"""`python main.py progress`: a player's history as text — the window's "My progress" in lines.

Attempts over time (score, d′, false-alarm rate, money "lost"), the red flags caught and missed
most often, and the money "lost" over all attempts per currency.
"""

from __future__ import annotations

from datetime import datetime
from collections.abc import Mapping

from game.linebreak import columns as width
from game.linebreak import wrap
from game.locale import Translator, format_money
from game.records import Attempt, summarise

WIDTH = 88
SPARK = "▁▂▃▄▅▆▇█"
TOP = 5                       # red flags listed in each of "caught most" and "missed most"


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def local_time(stamp: str) -> str:
    """An attempt's UTC time as this computer's local time: "2026-11-30 15:42"."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def sparkline(values: list[float], low: float, high: float) -> str:
    span = (high - low) or 1
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int((v - low) / span * (len(SPARK) - 1) + 0.5)))]
                   for v in values)


def format_progress(nickname: str, attempts: list[Attempt], tr: Translator, flag_names: Mapping[str, str],
                    titles: Mapping[str, str]) -> str:
    lang = tr.lang
    out = [tr.t("progress.title", nickname=nickname), ""]
    if not attempts:
        out.append(tr.t("progress.none", nickname=nickname))
        return "\n".join(out)
    summary = summarise(attempts)
    out.append(tr.t("progress.summary", attempts=summary.attempts, scenarios=summary.scenarios, best=summary.best))
    if summary.mean_score_first is not None and summary.mean_score_last is not None:
        out.append(tr.t("progress.trend", first=f"{summary.mean_score_first:.0f}",
                        last=f"{summary.mean_score_last:.0f}"))
    scores = [p.score for p in summary.points]
    out.append(f"{tr.t('progress.score')} {sparkline(scores, 0, 100)}  ({scores[0]} → {scores[-1]})")
    out.append("")
    heads = [tr.t("progress.when"), tr.t("progress.scenario"), tr.t("progress.score"), tr.t("progress.d_prime"),
             tr.t("progress.false_alarms"), tr.t("progress.lost")]
    rows = []
    for attempt in sorted(attempts, key=lambda a: (a.finished_at, a.id)):
        rate = attempt.false_alarm_rate
        rows.append([local_time(attempt.finished_at), titles.get(attempt.scenario, attempt.scenario),
                     str(attempt.score), f"{attempt.d_prime:+.2f}",
                     f"{attempt.false_alarms}/{attempt.false_alarms + attempt.correct_rejections}"
                     if rate is not None else "–",
                     format_money(attempt.loss, attempt.currency, lang) if attempt.loss else "–"])
    columns = [max(width(row[i]) for row in rows + [heads]) for i in range(len(heads))]
    title_room = WIDTH - sum(columns) + columns[1] - 2 * (len(heads) - 1)
    columns[1] = max(12, min(columns[1], title_room))
    for row in [heads] + rows:
        cells = list(row)
        if width(cells[1]) > columns[1]:
            cells[1] = _clip(cells[1], columns[1])
        out.append("  ".join(pad(cell, columns[i]) for i, cell in enumerate(cells)).rstrip())
    for key, tallies in (("progress.caught_most", summary.caught_most), ("progress.missed_most", summary.missed_most)):
        if not tallies:
            continue
        out += ["", tr.t(key)]
        for tally in tallies[:TOP]:
            line = tr.t("progress.tally", name=flag_names.get(tally.flag_id, tally.flag_id), caught=tally.caught,
                        shown=tally.shown)
            out.append("  " + line)
    out.append("")
    if summary.lost:
        amounts = tr.join(format_money(amount, currency, lang) for currency, amount in summary.lost)
        out += wrap(tr.t("progress.lost_total", amounts=amounts), WIDTH)
    else:
        out.append(tr.t("progress.never_lost"))
    out.append(tr.t("progress.demo_note"))
    return "\n".join(out)


def _clip(text: str, columns: int) -> str:
    kept = ""
    for ch in text:
        if width(kept + ch) > columns - 1:
            return kept + "…"
        kept += ch
    return kept
