"""A `Report` written out: `render(report, fmt, lang)` for `text`, `csv`, `json` and `html`.

- **text**: for a terminal; columns aligned by display width (a Chinese character takes two
  columns), the advice wrapped by the shared line-breaking rules. Attempts per day only with
  `section="days"` (the HTML draws them as a chart).
- **csv**: every section as its own table, one after another: a row holding the section's name,
  a header row, the data rows, then one empty row before the next section. `section=` picks one
  section alone (`trainees`, `scenarios`, `flags`, `money`, `days`), which is then a plain table
  with one header row — the form to open in a spreadsheet and sort. Numbers are raw numbers
  (shares as fractions 0–1, money as amounts with one column per currency); a cell that a
  spreadsheet would take for a formula (starting with = + - @) gets a leading apostrophe.
- every format ends with the *skill check* when the class took the before/after forms: the
  pooled measures before and after with their change and what it means, and the calibration
  (per "how sure" level: answers right before and after); HTML draws the calibration as a chart.
- **json**: the Report as plain data (money amounts as numbers or decimal strings).
- **html**: one self-contained file: inline CSS, charts drawn by pygal as inline SVG with no
  scripts, no fonts or anything else fetched at view time. Readable on screen; printed on A4
  each chart stays on one page (long charts are split into parts), and table headers repeat on
  every page. Every string that comes from players or files (nicknames, class codes, titles)
  is escaped.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import math
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from game.linebreak import columns, wrap
from game.locale import Translator, format_money

from .report import Check, FlagRow, Money, Report, build_check, build_report, percent

FORMATS = ("text", "csv", "json", "html")
SECTIONS = ("trainees", "scenarios", "flags", "money", "days")
TEXT_WIDTH = 100                # the text format's paragraph width, in terminal columns
CHART_ROWS = 24                 # bars per chart (more are drawn as further charts: no chart splits a page)
CHART_WIDTH = 800               # pygal's drawing size; the SVG scales to the page width
FONTS = ('"Noto Sans", "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
         '"Microsoft YaHei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "DejaVu Sans", Arial, sans-serif')


def render(report: Report, fmt: str, lang: str | None = None, *, section: str | None = None) -> str:
    """The report in `fmt` (one of FORMATS); `lang` defaults to the report's own language."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    if section is not None and section not in SECTIONS:
        raise ValueError(f"unknown report section {section!r}; use one of {', '.join(SECTIONS)}")
    tr = Translator(lang or report.lang)
    return _WRITERS[fmt](report, tr, section)


# -- shared pieces -------------------------------------------------------------------------------

def _money_lines(money: Money, tr: Translator) -> tuple[str, ...]:
    """One amount per currency (a table cell: joined in text, one per line in HTML)."""
    if not money:
        return (tr.t("report.nothing_lost"),)
    return tuple(format_money(amount, currency, tr.lang) for currency, amount in money)


def _number(value: float | None, places: int = 2) -> str:
    if value is None:
        return "–"
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text    # never "-0.00"


def _share(value: float | None) -> str:
    return "–" if value is None else percent(value)


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _filters(report: Report, tr: Translator) -> str:
    if not report.filters:
        return tr.t("report.filters_none")
    return tr.join(tr.t(f"report.filter.{what}", value=value) for what, value in report.filters)


def _header_lines(report: Report, tr: Translator) -> list[tuple[str, str]]:
    lines = []
    if report.first_day:
        lines.append((tr.t("report.period"),
                      tr.t("report.period_value", first=report.first_day, last=report.last_day)))
    if report.class_code:
        lines.append((tr.t("report.class"), report.class_code))
    lines.append((tr.t("report.filters"), _filters(report, tr)))
    return lines


def _totals(report: Report, tr: Translator) -> str:
    return tr.t("report.totals", attempts=report.attempts, trainees=len(report.trainees))


Cell = str | tuple[str, ...]          # a tuple: lines (several currencies)


class _Table:
    """One section as display strings: its title, headings, rows and which columns are numbers."""

    def __init__(self, key: str, title: str, headings: list[str], rows: list[list[Cell]],
                 numeric: Iterable[int] = ()) -> None:
        self.key, self.title, self.headings, self.rows = key, title, headings, rows
        self.numeric = set(numeric)


def _tables(report: Report, tr: Translator) -> list[_Table]:
    t = tr.t
    trainees = _Table(
        "trainees", t("report.section.trainees"),
        [t("report.col.trainee"), t("report.col.attempts"), t("report.col.mean_score"),
         t("report.col.latest_score"), t("report.col.d_prime"), t("report.col.criterion"),
         t("report.col.false_alarms"), t("report.col.false_alarm_rate"), t("report.col.lost")],
        [[r.name, str(r.attempts), f"{r.mean_score:.0f}", str(r.latest_score), _number(r.d_prime),
          _number(r.criterion), str(r.false_alarms), _share(r.false_alarm_rate), _money_lines(r.lost, tr)]
         for r in report.trainees], numeric=range(1, 8))
    scenarios = _Table(
        "scenarios", t("report.section.scenarios"),
        [t("report.col.scenario"), t("report.col.attempts"), t("report.col.mean_score"),
         t("report.col.safe_share"), t("report.col.lost")],
        [[r.title, str(r.attempts), f"{r.mean_score:.0f}", percent(r.safe_share), _money_lines(r.lost, tr)]
         for r in report.scenarios], numeric=range(1, 4))
    flags = _Table(
        "flags", t("report.section.flags"),
        [t("report.col.flag"), t("report.col.shown"), t("report.col.spotted"), t("report.col.named"),
         t("report.col.median_seconds")],
        [[r.name, str(r.shown), percent(r.spotted_share), percent(r.named_share), _seconds(r.median_seconds)]
         for r in report.flags], numeric=range(1, 5))
    money = _Table(
        "money", t("report.section.money"), [t("report.col.currency"), t("report.col.amount")],
        [[currency, format_money(amount, currency, tr.lang)] for currency, amount in report.lost], numeric=(1,))
    return [trainees, scenarios, flags, money]


def _signed(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:+.{places}f}"


def _check_tables(check: Check, tr: Translator) -> list[_Table]:
    """The skill check as two tables: the measures before/after/change, the calibration."""
    t = tr.t
    b, a = check.before, check.after

    def share_change(before: float | None, after: float | None) -> str:     # in percentage points
        if before is None or after is None:
            return "–"
        return t("report.check.points", points=f"{round(100 * (after - before)):+d}")

    rows = [
        [t("report.check.answers"), str(b.answers), str(a.answers), ""],
        [t("report.check.accuracy"), _share(b.accuracy), _share(a.accuracy), share_change(b.accuracy, a.accuracy)],
        [t("report.check.d_prime"), _number(b.d_prime), _number(a.d_prime), _signed(check.d_prime)],
        [t("report.check.criterion"), _number(b.criterion), _number(a.criterion), _signed(check.criterion)],
        [t("report.check.false_alarm_rate"), _share(b.false_alarm_rate), _share(a.false_alarm_rate),
         share_change(b.false_alarm_rate, a.false_alarm_rate)],
        [t("report.check.brier"), _number(b.brier, 3), _number(a.brier, 3), _signed(check.brier, 3)],
    ]
    measures = _Table("check", t("check.title"), [t("report.check.measure"), t("report.check.before"),
                                                  t("report.check.after"), t("report.check.change")], rows,
                      numeric=(1, 2, 3))

    def right(count: int, total: int) -> str:
        return f"{count}/{total} ({percent(count / total)})" if total else "–"

    calibration = _Table("calibration", t("report.check.calibration"),
                         [t("report.check.confidence"), t("report.check.stated"), t("report.check.right_before"),
                          t("report.check.right_after")],
                         [[t(f"drill.confidence.{level.confidence}"), percent(level.stated),
                           right(level.before_right, level.before_answers), right(level.after_right, level.after_answers)]
                          for level in check.calibration], numeric=(1, 2, 3))
    return [measures, calibration]


def _verdicts(check: Check, tr: Translator) -> list[str]:
    """What changed, said of the class ("The class got better…"), not of one player ("You…")."""
    return [tr.t(key.replace("check.", "report.check.class.", 1)) for key in check.verdicts]


# -- text ----------------------------------------------------------------------------------------

def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - columns(text))
    return gap + text if right else text + gap


def _text_table(table: _Table, tr: Translator) -> list[str]:
    rows = [[cell if isinstance(cell, str) else tr.join(cell) for cell in row] for row in table.rows]
    widths = [max(columns(row[i]) for row in [table.headings, *rows]) for i in range(len(table.headings))]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(cell, widths[i], i in table.numeric) for i, cell in enumerate(cells)).rstrip()

    return [line(table.headings), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def _heading(text: str) -> list[str]:
    return [text, "=" * columns(text)]


def _write_text(report: Report, tr: Translator, section: str | None) -> str:
    out = [*_heading(report.title)]
    out += [label + tr.colon + value for label, value in _header_lines(report, tr)]
    out.append(_totals(report, tr) if report.attempts else tr.t("report.empty"))
    out.append(tr.t("report.demo_note"))
    if section is None:
        out += ["", *_heading(tr.t("report.section.advice")), *wrap(report.advice, TEXT_WIDTH)]
    for table in _tables(report, tr):
        if section is not None and table.key != section:
            continue
        out += ["", *_heading(table.title)]
        out += _text_table(table, tr) if table.rows else [tr.t("report.nothing_lost") if table.key == "money" else "–"]
        if table.key == "trainees" and table.rows:
            out += wrap(tr.t("report.note.trainees"), TEXT_WIDTH)
        if table.key == "flags" and table.rows:
            out += wrap(tr.t("report.note.flags"), TEXT_WIDTH)
    if report.check is not None and section in (None, "check"):
        out += ["", *_heading(tr.t("check.title"))]
        if not report.check.trainees:
            out += wrap(tr.t("report.check.none"), TEXT_WIDTH)
        else:
            out += wrap(tr.t("report.check.both", count=report.check.trainees), TEXT_WIDTH)
            measures, calibration = _check_tables(report.check, tr)
            out += ["", *_text_table(measures, tr), ""]
            for sentence in _verdicts(report.check, tr):
                out += wrap(sentence, TEXT_WIDTH)
            out += ["", calibration.title, *_text_table(calibration, tr)]
    if section == "days":
        out += ["", *_heading(tr.t("report.section.days"))]
        out += _text_table(_Table("days", "", [tr.t("report.col.day"), tr.t("report.col.attempts"),
                                               tr.t("report.col.mean_score")],
                                  [[d.day, str(d.attempts), f"{d.mean_score:.0f}"] for d in report.days], (1, 2)), tr)
    return "\n".join(out) + "\n"


# -- csv -----------------------------------------------------------------------------------------

def _plain(value: object) -> object:
    """A number as a spreadsheet reads it; text guarded against formula injection."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _csv_sections(report: Report, tr: Translator) -> list[tuple[str, str, list[str], list[list[object]]]]:
    t = tr.t

    def currencies(rows: Iterable[Money]) -> list[str]:
        return sorted({currency for money in rows for currency, _ in money})

    def amounts(money: Money, codes: list[str]) -> list[object]:
        found = dict(money)
        return [found.get(code, 0) for code in codes]

    lost = t("report.col.lost")
    trainee_codes = currencies(r.lost for r in report.trainees)
    scenario_codes = currencies(r.lost for r in report.scenarios)
    return [
        ("trainees", t("report.section.trainees"),
         [t("report.col.trainee"), t("report.col.attempts"), t("report.col.mean_score"), t("report.col.latest_score"),
          t("report.col.d_prime"), t("report.col.criterion"), t("report.col.false_alarms"),
          t("report.col.false_alarm_rate"), *(f"{lost} ({code})" for code in trainee_codes)],
         [[r.name, r.attempts, r.mean_score, r.latest_score, r.d_prime, r.criterion, r.false_alarms,
           r.false_alarm_rate, *amounts(r.lost, trainee_codes)] for r in report.trainees]),
        ("scenarios", t("report.section.scenarios"),
         ["id", t("report.col.scenario"), t("report.col.attempts"), t("report.col.mean_score"),
          t("report.col.safe_share"), *(f"{lost} ({code})" for code in scenario_codes)],
         [[r.scenario, r.title, r.attempts, r.mean_score, r.safe_share, *amounts(r.lost, scenario_codes)]
          for r in report.scenarios]),
        ("flags", t("report.section.flags"),
         ["id", t("report.col.flag"), t("report.col.shown"), t("report.col.spotted"), t("report.col.named"),
          t("report.col.median_seconds")],
         [[r.flag_id, r.name, r.shown, r.spotted_share, r.named_share, r.median_seconds] for r in report.flags]),
        ("money", t("report.section.money"), [t("report.col.currency"), t("report.col.amount")],
         [[currency, amount] for currency, amount in report.lost]),
        ("days", t("report.section.days"), [t("report.col.day"), t("report.col.attempts"), t("report.col.mean_score")],
         [[d.day, d.attempts, d.mean_score] for d in report.days]),
        *_csv_check(report.check, tr),
    ]


def _csv_check(check: Check | None, tr: Translator) -> list:
    """The skill check as raw numbers: one row per form (and the change), then the calibration."""
    if check is None:
        return []
    t = tr.t
    headings = ["form", t("report.check.answers"), t("report.check.accuracy"), t("report.check.d_prime"),
                t("report.check.criterion"), t("report.check.false_alarm_rate"), t("report.check.brier")]
    rows: list[list[object]] = []
    if check.trainees:
        for form, side in (("before", check.before), ("after", check.after)):
            rows.append([form, side.answers, side.accuracy, side.d_prime, side.criterion, side.false_alarm_rate,
                         side.brier])
        rows.append(["change", None, None, check.d_prime, check.criterion, None, check.brier])
    calibration = [[level.confidence, level.stated, level.before_answers, level.before_right, level.after_answers,
                    level.after_right] for level in check.calibration]
    return [("check", t("check.title") + f" ({t('report.check.both', count=check.trainees)})", headings, rows),
            ("calibration", t("report.check.calibration"),
             ["confidence", t("report.check.stated"), "before_answers", "before_right", "after_answers",
              "after_right"], calibration)]


def _write_csv(report: Report, tr: Translator, section: str | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    first = True
    for key, title, headings, rows in _csv_sections(report, tr):
        if section is not None and key != section and not (section == "check" and key == "calibration"):
            continue
        if section is None or section == "check":
            if not first:
                writer.writerow([])
            writer.writerow([_plain(title)])
        writer.writerow([_plain(h) for h in headings])
        writer.writerows([_plain(cell) for cell in row] for row in rows)
        first = False
    return buffer.getvalue()


# -- json ----------------------------------------------------------------------------------------

def as_data(report: Report) -> dict[str, object]:
    """The report as plain JSON-ready data."""

    def money(m: Money) -> dict[str, object]:
        return {currency: (amount if isinstance(amount, int) else str(amount)) for currency, amount in m}

    def flag(r: FlagRow) -> dict[str, object]:
        return {"id": r.flag_id, "name": r.name, "shown": r.shown, "spotted": r.spotted, "named": r.named,
                "spotted_share": r.spotted_share, "named_share": r.named_share,
                "median_seconds": r.median_seconds, "safe": r.safe}

    return {
        "lang": report.lang, "title": report.title, "first_day": report.first_day, "last_day": report.last_day,
        "class_code": report.class_code, "filters": dict(report.filters), "attempts": report.attempts,
        "trainees": [{"player_id": r.player_id, "name": r.name, "attempts": r.attempts, "mean_score": r.mean_score,
                      "latest_score": r.latest_score, "d_prime": r.d_prime, "criterion": r.criterion,
                      "false_alarms": r.false_alarms, "false_alarm_rate": r.false_alarm_rate, "lost": money(r.lost)}
                     for r in report.trainees],
        "scenarios": [{"id": r.scenario, "title": r.title, "attempts": r.attempts, "mean_score": r.mean_score,
                       "safe_share": r.safe_share, "lost": money(r.lost)} for r in report.scenarios],
        "flags": [flag(r) for r in report.flags],
        "lost": money(report.lost),
        "days": [{"day": d.day, "attempts": d.attempts, "mean_score": d.mean_score} for d in report.days],
        "hit_rate": report.hit_rate, "false_alarm_rate": report.false_alarm_rate, "leaning": report.leaning,
        "practise": list(report.practise), "replay": report.replay, "advice": report.advice,
        "check": check_data(report.check),
    }


def check_data(check: Check | None) -> dict[str, object] | None:
    """The skill check as plain data (the `verdicts` are locale keys)."""
    if check is None:
        return None

    def side(s) -> dict[str, object] | None:
        return None if s is None else {"answers": s.answers, "right": s.right, "accuracy": s.accuracy,
                                       "d_prime": s.d_prime, "criterion": s.criterion,
                                       "false_alarm_rate": s.false_alarm_rate, "brier": s.brier}

    return {"trainees": check.trainees, "before": side(check.before), "after": side(check.after),
            "change": {"d_prime": check.d_prime, "criterion": check.criterion, "brier": check.brier},
            "verdicts": list(check.verdicts),
            "calibration": [{"confidence": level.confidence, "stated": level.stated,
                             "before_answers": level.before_answers, "before_right": level.before_right,
                             "after_answers": level.after_answers, "after_right": level.after_right}
                            for level in check.calibration]}


def _write_json(report: Report, tr: Translator, section: str | None) -> str:
    data = as_data(report)
    if section is not None:
        data = {section: data["lost" if section == "money" else section]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- html ----------------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
:root { color-scheme: light; }
html { font-family: %(fonts)s; font-size: 11pt; line-height: 1.45; color: #1d1d1f; background: #fff; }
body { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; color: #a31515; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; padding-bottom: .15rem; border-bottom: 2px solid #a31515;
     break-after: avoid; page-break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .3rem 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
p.totals { font-weight: bold; margin: .4rem 0; }
p.note { font-size: .85rem; color: #444; margin: .3rem 0 0; }
.advice { background: #fff4f2; border-left: 4px solid #a31515; padding: .6rem .9rem; margin: .4rem 0; }
.advice p { margin: 0; }
figure { margin: .6rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%%; height: auto; max-width: 100%%; }
figcaption { font-weight: bold; font-size: .95rem; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%%; margin: .3rem 0; font-size: .9rem; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #ccc; padding: .2rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f1f1; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.trainees td.name, table.money td.name { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; margin: 0; padding: 0; }
  .advice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""" % {"fonts": FONTS}


def _no_scripts(root):
    """pygal puts a config script (and links to its JS) and comments naming its web site into
    every chart: a report keeps none of them."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)      # a comment's tag is a function, not a name
    return root


def _label(text: str) -> str:
    """A label pygal makes room for: it reckons every character 0.6 em wide, so a Chinese one
    (1 em) gets trailing spaces, which add to its reckoning and draw nothing (SVG drops them)."""
    wide = columns(text) - len(text)
    return text + " " * math.ceil(wide * 0.85) if wide else text


def _chart(kind: str, *, height: int, labels: list[str], series: list[tuple[str, list[float | None]]],
           value_range: tuple[float, float] | None = None, secondary: tuple[str, list[float | None]] | None = None,
           secondary_range: tuple[float, float] | None = None, y_labels: list[float] | None = None,
           rotate: int = 0, label_every: int = 1) -> str:
    import pygal
    from pygal.style import Style

    style = Style(
        font_family=FONTS, background="#ffffff", plot_background="#ffffff", foreground="#1d1d1f",
        foreground_strong="#1d1d1f", foreground_subtle="#8a8a8a", opacity=".9", opacity_hover=".9",
        colors=("#c0392b", "#2c7fb8", "#7f8c8d", "#27ae60"), label_font_size=13, major_label_font_size=13,
        value_font_size=11, legend_font_size=13, tooltip_font_size=12, title_font_size=15)
    chart_class = {"hbar": pygal.HorizontalBar, "line": pygal.Line}[kind]
    chart = chart_class(
        style=style, width=CHART_WIDTH, height=height, js=[], disable_xml_declaration=True,
        explicit_size=False, legend_at_bottom=True, truncate_label=-1,
        truncate_legend=-1, print_values=False, show_minor_x_labels=label_every == 1, x_label_rotation=rotate,
        margin=8, spacing=8, include_x_axis=True, dots_size=3,
        range=value_range, secondary_range=secondary_range, show_x_guides=False)
    chart.add_xml_filter(_no_scripts)
    if y_labels is not None:
        chart.y_labels = y_labels
    chart.x_labels = [_label(label) for label in labels]
    if label_every > 1:
        chart.x_labels_major = chart.x_labels[::label_every]
    for name, values in series:
        chart.add(_label(name), values)
    if secondary is not None:
        chart.add(_label(secondary[0]), secondary[1], secondary=True)
    return chart.render(is_unicode=True)


def _parts(items: list, size: int = CHART_ROWS) -> list[tuple[int, int, list]]:
    count = max(1, math.ceil(len(items) / size))
    per = math.ceil(len(items) / count) if items else 0
    return [(i * per + 1, min(len(items), (i + 1) * per), items[i * per:(i + 1) * per]) for i in range(count)]


def _figures(title: str, items: list, tr: Translator, draw: Callable[[list], str]) -> str:
    parts = _parts(items)
    out = []
    for first, last, chunk in parts:
        caption = title if len(parts) == 1 else tr.t("report.chart.part", title=title, first=first, last=last,
                                                     total=len(items))
        out.append(f'<figure><figcaption>{html.escape(caption)}</figcaption>{draw(chunk)}</figure>')
    return "\n".join(out)


def _bar_height(rows: int, series: int) -> int:
    return 110 + rows * (10 + 9 * series)


def _score_charts(report: Report, tr: Translator) -> str:
    if not report.trainees:
        return ""

    def draw(rows: list) -> str:
        rows = rows[::-1]                   # pygal draws the first label at the bottom
        return _chart("hbar", height=_bar_height(len(rows), 2), labels=[r.name for r in rows],
                      series=[(tr.t("report.chart.mean_score"), [round(r.mean_score, 1) for r in rows]),
                              (tr.t("report.chart.latest_score"), [r.latest_score for r in rows])],
                      value_range=(0, 100))

    return _figures(tr.t("report.chart.scores"), list(report.trainees), tr, draw)


def _flag_charts(report: Report, tr: Translator) -> str:
    if not report.flags:
        return ""

    def draw(rows: list) -> str:
        rows = rows[::-1]
        return _chart("hbar", height=_bar_height(len(rows), 2), labels=[r.name for r in rows],
                      series=[(tr.t("report.chart.spotted_share"), [round(100 * r.spotted_share) for r in rows]),
                              (tr.t("report.chart.named_share"), [round(100 * r.named_share) for r in rows])],
                      value_range=(0, 100))

    return _figures(tr.t("report.chart.spotted"), list(report.flags), tr, draw)


def _day_chart(report: Report, tr: Translator) -> str:
    if not report.days:
        return ""
    days = list(report.days)
    every = max(1, math.ceil(len(days) / 12))
    top = 5 * math.ceil(max(d.attempts for d in days) / 5)     # five steps: whole numbers left, 0 20 … 100 right
    svg = _chart("line", height=380, labels=[d.day for d in days],
                 series=[(tr.t("report.chart.attempts"), [d.attempts for d in days])],
                 value_range=(0, top), y_labels=[top * i // 5 for i in range(6)],
                 secondary=(tr.t("report.chart.mean_score"), [round(d.mean_score, 1) for d in days]),
                 secondary_range=(0, 100),
                 rotate=30 if len(days) > 6 else 0, label_every=every)
    return f'<figure><figcaption>{html.escape(tr.t("report.chart.days"))}</figcaption>{svg}</figure>'


def _html_table(table: _Table) -> str:
    def cell(tag: str, i: int, text: Cell) -> str:
        cls = ' class="num"' if i in table.numeric else ' class="name"' if i == 0 else ""
        inner = html.escape(text) if isinstance(text, str) else "<br>".join(html.escape(line) for line in text)
        return f"<{tag}{cls}>{inner}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(table.headings))
    body = "".join(f"<tr>{''.join(cell('td', i, text) for i, text in enumerate(row))}</tr>" for row in table.rows)
    return f'<table class="{table.key}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _write_html(report: Report, tr: Translator, section: str | None) -> str:
    esc = html.escape
    tables = {table.key: table for table in _tables(report, tr)}
    meta = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in _header_lines(report, tr))
    parts = [f"<h1>{esc(report.title)}</h1>", f'<dl class="meta">{meta}</dl>',
             f'<p class="totals">{esc(_totals(report, tr) if report.attempts else tr.t("report.empty"))}</p>',
             f'<p class="note">{esc(tr.t("report.demo_note"))}</p>']
    wanted = (lambda key: True) if section is None else (lambda key: key == section)
    if section is None:
        parts += [f'<h2>{esc(tr.t("report.section.advice"))}</h2>',
                  f'<div class="advice"><p>{esc(report.advice)}</p></div>']
    if wanted("money"):
        parts.append(f'<h2>{esc(tables["money"].title)}</h2>')
        parts.append(_html_table(tables["money"]) if report.lost else f'<p>{esc(tr.t("report.nothing_lost"))}</p>')
    if wanted("trainees") and report.trainees:
        parts += [f'<h2>{esc(tables["trainees"].title)}</h2>', _score_charts(report, tr),
                  _html_table(tables["trainees"]), f'<p class="note">{esc(tr.t("report.note.trainees"))}</p>']
    if wanted("scenarios") and report.scenarios:
        parts += [f'<h2>{esc(tables["scenarios"].title)}</h2>', _html_table(tables["scenarios"])]
    if wanted("flags") and report.flags:
        parts += [f'<h2>{esc(tables["flags"].title)}</h2>', _flag_charts(report, tr),
                  _html_table(tables["flags"]),
                  f'<p class="note">{esc(tr.t("report.note.flags"))}</p>']
    if wanted("days") and report.days:
        parts += [f'<h2>{esc(tr.t("report.section.days"))}</h2>', _day_chart(report, tr)]
    if wanted("check") and report.check is not None:
        parts.append(_html_check(report.check, tr))
    body = "\n".join(p for p in parts if p)
    return (f'<!DOCTYPE html>\n<html lang="{esc(tr.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _html_check(check: Check, tr: Translator) -> str:
    esc = html.escape
    out = [f'<section class="check" id="check"><h2>{esc(tr.t("check.title"))}</h2>']
    if not check.trainees:
        out.append(f'<p>{esc(tr.t("report.check.none"))}</p></section>')
        return "".join(out)
    measures, calibration = _check_tables(check, tr)
    out.append(f'<p class="totals">{esc(tr.t("report.check.both", count=check.trainees))}</p>')
    out.append(_html_table(measures))
    sentences = "".join(f"<p>{esc(s)}</p>" for s in _verdicts(check, tr))
    out.append(f'<div class="advice verdicts">{sentences}</div>')
    levels = list(check.calibration)

    def share(right: int, total: int) -> float | None:
        return round(100 * right / total) if total else None

    svg = _chart("hbar", height=_bar_height(len(levels), 3),
                 labels=[tr.t(f"drill.confidence.{level.confidence}") for level in reversed(levels)],
                 series=[(tr.t("report.check.stated"), [round(100 * level.stated) for level in reversed(levels)]),
                         (tr.t("report.check.right_before"),
                          [share(level.before_right, level.before_answers) for level in reversed(levels)]),
                         (tr.t("report.check.right_after"),
                          [share(level.after_right, level.after_answers) for level in reversed(levels)])],
                 value_range=(0, 100))
    out.append(f'<figure><figcaption>{esc(calibration.title)}</figcaption>{svg}</figure>')
    out.append(_html_table(calibration))
    out.append("</section>")
    return "".join(out)


_WRITERS: dict[str, Callable[[Report, Translator, str | None], str]] = {
    "text": _write_text, "csv": _write_csv, "json": _write_json, "html": _write_html,
}


def report_command(records, *, catalog, titles, class_code: str | None = None, nickname: str | None = None,
                   since: str | None = None, scenario: str | None = None, fmt: str = "text", lang: str = "en",
                   section: str | None = None) -> str:
    """`python main.py report …`: the stored attempts that match (never demo runs), as a report in
    `fmt`. `since` is an ISO date ("2026-09-01") or time; a bad one raises ValueError with a sentence."""
    from .store import Filter

    if since is not None:
        try:
            datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"--since {since!r} is not a date; write it like 2026-09-01") from None
    where = Filter(class_code=class_code or None, nickname=nickname or None, since=since or None,
                   scenario=scenario or None)
    attempts = records.attempts(where, details=False)      # the red flags are counted in SQL
    filters = [(what, value) for what, value in (("class", class_code), ("player", nickname), ("since", since),
                                                 ("scenario", scenario)) if value]
    report = build_report(attempts, catalog=catalog, titles=titles, lang=lang, class_code=class_code or "",
                          filters=filters, facts=records.flag_facts(where))
    answers = form_answers(records, where)
    if answers:
        report = dataclasses.replace(report, check=build_check(answers))
    return render(report, fmt, lang, section=section)


def form_answers(records, where) -> list:
    """The before/after form answers the filter covers, as (player ID, answer)."""
    pairs = []
    for player in records.players(local_only=False):
        if where.player_id is not None and player.id != where.player_id:
            continue
        mine = dataclasses.replace(where, player_id=player.id, scenario=None)
        pairs += [(player.id, answer) for answer in records.practice(mine, forms=("before", "after"))]
    return pairs
