"""`python main.py progress`: a player's history as text — the window's "My progress" in lines.

Attempts over time (score, d′, false-alarm rate, money "lost"), the red flags caught and missed
most often, and the money "lost" over all attempts per currency. Then `format_learning`: skill
per red flag and per scam type, d′ / criterion / false-alarm rate over time, the before/after
skill check, and what to play next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from game.linebreak import columns as width
from game.linebreak import wrap
from game.locale import Translator, format_money
from game.records import Attempt, summarise

if TYPE_CHECKING:
    from game.practice import Change, Recommendation
    from game.records import Mastery, Tally, TrendPoint

WIDTH = 88
SPARK = "▁▂▃▄▅▆▇█"
TOP = 5                       # red flags listed in each of "caught most" and "missed most"
LEARN_WIDTH = 80              # the learning part keeps to 80 columns
SKILL_ROWS = 4                # red flags and scam types listed, weakest first
BAR = 10                      # cells of a skill bar


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


# -- the learning part: skill, trends, the skill check, what next ----------------------------
def level_key(tally: "Tally") -> str:
    """mastery.level.<mastered|growing|new>: strong, growing, or just started (`Tally.level`)."""
    return f"mastery.level.{tally.level}"


def bar(score: float) -> str:
    filled = max(0, min(BAR, int(score * BAR + 0.5)))
    return "█" * filled + "░" * (BAR - filled)


def _skill_rows(tallies: Sequence["Tally"], names: Mapping[str, str], tr: Translator) -> list[str]:
    rows = []
    levels = {key: tr.t(key) for key in ("mastery.level.mastered", "mastery.level.growing", "mastery.level.new")}
    level_width = max(width(text) for text in levels.values())
    for tally in [t for t in tallies if t.opportunities or t.lookalikes][:SKILL_ROWS]:
        name = names.get(tally.key, tally.key)
        key, numbers = tally.counts()
        text = tr.t(key, name=name, **numbers)
        lead = f"  {bar(tally.score)} {pad(levels[level_key(tally)], level_width)}  "
        lines = wrap(text, LEARN_WIDTH - width(lead))
        rows.append(lead + lines[0])
        rows += [" " * width(lead) + line for line in lines[1:]]
    return rows


def _number(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.2f}".replace("-", "−") if signed else f"{value:.2f}".replace("-", "−")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def trend_lines(points: Sequence["TrendPoint"], by_day: bool, tr: Translator) -> list[str]:
    """d′, criterion and false-alarm rate as sparklines, each with its first and last value."""
    if not points:
        return []
    rates = [p.false_alarm_rate for p in points if p.false_alarm_rate is not None]
    rows = [(tr.t("progress.d_prime"), sparkline([p.d_prime for p in points], -1.0, 4.0),
             _number(points[0].d_prime), _number(points[-1].d_prime)),
            (tr.t("mastery.criterion"), sparkline([p.criterion for p in points], -2.0, 2.0),
             _number(points[0].criterion, True), _number(points[-1].criterion, True))]
    if rates:
        rows.append((tr.t("progress.false_alarm_rate"), sparkline(rates, 0.0, 1.0), _percent(rates[0]),
                     _percent(rates[-1])))
    label_width = max(width(row[0]) for row in rows)
    out = [tr.t("text_progress.over_time_day" if by_day else "text_progress.over_time")]
    for label, spark, first, last in rows:
        spark = spark[-(LEARN_WIDTH - label_width - 24):]          # the newest points when there are many
        out.append(f"  {pad(label, label_width)}  {spark}  ({first} → {last})")
    return out


def check_lines(change: "Change", tr: Translator) -> list[str]:
    """The before → after lines (check.*) and what they mean (`Change.verdicts`), then how sure
    the player was and how often right, per confidence level, before and after."""
    before, after = change.before, change.after
    out = [tr.t("check.title"),
           tr.t("check.accuracy", before=_percent(before.accuracy), after=_percent(after.accuracy)),
           tr.t("check.d_prime", before=_number(before.d_prime), after=_number(after.d_prime)),
           tr.t("check.criterion", before=_number(before.criterion, True), after=_number(after.criterion, True)),
           tr.t("check.brier", before=_number(before.brier), after=_number(after.brier))]
    out += [tr.t(key) for key in change.verdicts()]
    for key, measured in (("text_progress.before", before), ("text_progress.after", after)):
        levels = [tr.t("check.calibration_level", level=tr.t(f"drill.confidence.{level.confidence}"),
                       right=level.right, total=level.answers) for level in measured.calibration if level.answers]
        if levels:
            out.append(tr.label(key, " · ".join(levels)))
    return out


def format_learning(mastery: "Mastery | None", points: Sequence["TrendPoint"], by_day: bool,
                    check: "Change | None", forms_taken: Sequence[str], recommendation: "Recommendation | None",
                    tr: Translator, flag_names: Mapping[str, str], titles: Mapping[str, str]) -> str:
    """The learning part of `progress`, at most 80 columns wide: skill per red flag and per scam
    type (weakest first), d′ / criterion / false alarms over time, the skill check, what next."""
    out: list[str] = []
    if mastery is not None and (mastery.flags or mastery.types):
        flag_rows = _skill_rows(mastery.flags, flag_names, tr)
        types = {t.key: tr.t("category." + t.key) for t in mastery.types}
        type_rows = _skill_rows(mastery.types, types, tr)
        if flag_rows or type_rows:
            out += wrap(tr.t("mastery.explain"), LEARN_WIDTH)
        for title, rows in (("mastery.title", flag_rows), ("mastery.types_title", type_rows)):
            if rows:
                out += ["", tr.t(title), *rows]
    if points:
        out += ["", *trend_lines(points, by_day, tr)]
    out.append("")
    if check is not None:
        for line in check_lines(check, tr):
            out += wrap(line, LEARN_WIDTH)
    else:
        out.append(tr.t("check.title"))
        out += wrap(tr.t("check.only_before" if "before" in forms_taken else "check.none"), LEARN_WIDTH)
    if recommendation is not None:
        out += ["", tr.t("next.title"), "  " + titles.get(recommendation.scenario, recommendation.scenario)]
        out += ["  " + line for line in wrap(reason_text(recommendation, tr, flag_names), LEARN_WIDTH - 2)]
    return "\n".join(out)


def reason_text(recommendation: "Recommendation", tr: Translator, flag_names: Mapping[str, str]) -> str:
    """The one line that says why this scenario is next (next.reason.*)."""
    params = recommendation.params
    if recommendation.reason == "missed_flag":
        times = int(params.get("times", 1))
        flag = str(params.get("flag", ""))
        return tr.t("next.reason.missed_flag." + ("one" if times == 1 else "other"),
                    flag=flag_names.get(flag, flag), times=times)
    scam_type = str(params.get("scam_type", ""))
    return tr.t("next.reason." + recommendation.reason, type=tr.t("category." + scam_type))
