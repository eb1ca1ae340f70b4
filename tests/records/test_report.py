"""Class reports: every figure checked against attempts written by hand, the same figures from
the store (red flags counted in SQL), and every format parsed back: CSV, JSON, HTML (self-contained,
escaped), text (aligned by display width), and Chinese with no English left in it."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from game.linebreak import columns
from game.locale import STRINGS, Translator
from game.records.report import build_report, display_names
from game.records.report_render import SECTIONS, render, report_command
from game.records.store import Filter, Records
from tests.records.report_data import attempt, message, play_class

URGENCY, LINK, LOOKALIKE = "urgency_deadline", "unknown_link_qr_apk", "lookalike_site_or_app"
TITLES = {"toll_text": "A small unpaid toll", "loan_fee_trap": "The loan that never arrives"}
SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def hand_attempts():
    """Two players (one "Ana" each: same nickname, different IDs) and one "Ben", three currencies."""
    return [
        attempt(1, player="p1-aaaa", nickname="Ana", score=40, outcome="scammed", loss=100, d_prime=1.0,
                criterion=0.5, messages=(
                    message("m1", (URGENCY,), flagged=URGENCY, arrived=10, first_at=12),          # named right, 2 s
                    message("m2", (URGENCY, LINK), flagged="", arrived=20, first_at=24),          # both spotted, 4 s
                    message("m3", (LINK,)),                                                       # missed
                    message("m4", (), flagged="")),                                               # a false alarm
                day="2026-10-01"),
        attempt(2, player="p1-aaaa", nickname="Ana", score=80, outcome="safe", loss=Decimal("50.50"), d_prime=2.0,
                criterion=-0.5, messages=(
                    message("m1", (URGENCY,), flagged=LINK, arrived=0, first_at=10),               # spotted, misnamed
                    message("m2", (LOOKALIKE,)),                                                  # missed
                    message("m3", ()),                                                            # left alone
                    message("m4", (), flagged=URGENCY)),                                          # a false alarm
                day="2026-10-02"),
        attempt(3, player="p2-bbbb", nickname="ana", scenario="loan_fee_trap", score=70, outcome="safe",
                loss=20, currency="USD", messages=(
                    message("m1", (URGENCY,)),                                                    # missed
                    message("m2", (LOOKALIKE,)),                                                  # missed
                    message("m3", ())),
                day="2026-10-03"),
        attempt(4, player="p3-cccc", nickname="Ben", scenario="loan_fee_trap", score=90, outcome="partial",
                loss=7, currency="GBP", messages=(message("m1", (LINK,), flagged=LINK, arrived=5, first_at=5),),
                day="2026-10-03"),
    ]


@pytest.fixture(scope="module")
def report(catalog):
    return build_report(hand_attempts(), catalog=catalog, titles=TITLES, lang="en", class_code="7B",
                        filters=[("class", "7B")])


# -- figures -------------------------------------------------------------------------------------

def test_red_flag_figures_count_each_message_that_carries_the_flag(report):
    flags = {f.flag_id: f for f in report.flags}
    urgency = flags[URGENCY]
    assert (urgency.shown, urgency.spotted, urgency.named) == (4, 3, 1)
    assert urgency.median_seconds == 4.0                        # 2, 4 and 10 seconds
    link = flags[LINK]
    assert (link.shown, link.spotted, link.named) == (3, 2, 1)
    assert link.median_seconds == 2.0                           # 4 and 0 seconds
    lookalike = flags[LOOKALIKE]
    assert (lookalike.shown, lookalike.spotted, lookalike.median_seconds) == (2, 0, None)


def test_red_flags_are_listed_most_missed_first(report):
    assert [f.flag_id for f in report.flags] == [LOOKALIKE, LINK, URGENCY]      # 0/2, 2/3, 3/4 spotted


def test_red_flag_names_and_safe_responses_come_from_the_catalogue(catalog):
    zh = build_report(hand_attempts(), catalog=catalog, titles=TITLES, lang="zh")
    row = next(f for f in zh.flags if f.flag_id == LOOKALIKE)
    assert row.name == catalog.red_flags[LOOKALIKE].name.zh
    assert row.safe and "{" not in row.safe                     # region placeholders filled in


def test_trainee_figures(report):
    ana, ana2, ben = report.trainees
    assert ana.player_id == "p1-aaaa" and ben.name == "Ben"
    assert (ana.attempts, ana.mean_score, ana.latest_score) == (2, 60, 80)
    assert (ana.d_prime, ana.criterion) == (1.5, 0.0)
    assert ana.false_alarms == 2 and ana.false_alarm_rate == pytest.approx(2 / 3)
    assert ana.lost == (("CNY", Decimal("150.50")),)
    assert ana2.false_alarms == 0 and ana2.false_alarm_rate == 0 and ana2.lost == (("USD", 20),)
    assert ben.false_alarm_rate is None                         # no flag-free message seen


def test_players_sharing_a_nickname_are_told_apart_by_a_short_id():
    names = display_names({"3f2a1111": "Ana", "3f2b2222": "ana", "9c00": "Ben"})
    assert names == {"3f2a1111": "Ana #3f2a", "3f2b2222": "ana #3f2b", "9c00": "Ben"}
    longer = display_names({"abcd1111": "Zoe", "abcd2222": "Zoe"})
    assert longer == {"abcd1111": "Zoe #abcd11", "abcd2222": "Zoe #abcd22"}


def test_money_lost_is_kept_per_currency_and_never_added_across(report):
    assert report.lost == (("CNY", Decimal("150.50")), ("GBP", 7), ("USD", 20))
    scenarios = {s.scenario: s for s in report.scenarios}
    assert scenarios["loan_fee_trap"].lost == (("GBP", 7), ("USD", 20))


def test_scenario_figures(report):
    toll, loan = report.scenarios                               # by title: "A small…" < "The loan…"
    assert (toll.scenario, toll.title, toll.attempts, toll.mean_score, toll.safe_share) == \
        ("toll_text", "A small unpaid toll", 2, 60, 0.5)
    assert (loan.attempts, loan.mean_score, loan.safe_share) == (2, 80, 0.5)


def test_period_filters_and_days(report):
    assert (report.first_day, report.last_day, report.class_code) == ("2026-10-01", "2026-10-03", "7B")
    assert [(d.day, d.attempts, d.mean_score) for d in report.days] == [
        ("2026-10-01", 1, 40), ("2026-10-02", 1, 80), ("2026-10-03", 2, 80)]


def test_advice_names_the_most_missed_flags_their_safe_response_and_a_scenario(report, catalog):
    # spotted 2 of 3 first (shown often enough to count), then 0 of 2; 3 of 4 is mastered (≥ 70 %)
    assert report.practise == (LINK, LOOKALIKE)
    assert catalog.red_flags[LINK].name.en in report.advice and catalog.red_flags[LOOKALIKE].name.en in report.advice
    assert catalog.red_flags[URGENCY].name.en not in report.advice
    assert report.flags[1].safe in report.advice and report.flags[0].safe in report.advice
    assert report.replay == "toll_text" and "A small unpaid toll" in report.advice      # 50 % safe, mean 60


def test_leaning_follows_false_alarms_and_misses(catalog):
    suspicious = [attempt(n, messages=(message("a", (), flagged=""), message("b", (), flagged=""),
                                       message("c", (URGENCY,), flagged=""))) for n in range(3)]
    trusting = [attempt(n, messages=(message("a", ()), message("c", (URGENCY,)), message("d", (LINK,))))
                for n in range(3)]
    tr = Translator("en")
    over = build_report(suspicious, catalog=catalog, titles=TITLES, lang="en")
    assert over.leaning == "over_suspicious" and tr.t("report.advice.over_suspicious", false_alarms="100%",
                                                      missed="0%") in over.advice
    under = build_report(trusting, catalog=catalog, titles=TITLES, lang="en")
    assert under.leaning == "too_trusting" and "100%" in under.advice


def test_demo_attempts_are_never_reported(catalog):
    with pytest.raises(ValueError, match="demo"):
        build_report([*hand_attempts(), attempt(9, mode="demo")], catalog=catalog, titles=TITLES, lang="en")


def test_an_empty_report_says_so_in_every_format(catalog):
    empty = build_report([], catalog=catalog, titles=TITLES, lang="en")
    assert empty.attempts == 0 and empty.advice == Translator("en").t("report.advice.empty")
    for fmt in ("text", "csv", "json", "html"):
        assert render(empty, fmt, "en")


# -- the store: the same figures with the red flags counted in SQL ---------------------------------

@pytest.fixture(scope="module")
def played(scenarios, catalog):
    return play_class(scenarios, catalog, attempts=120, players=6, seed=3)


def test_report_from_the_store_matches_the_report_from_the_attempts(played, catalog, scenarios, tmp_path):
    titles = {sid: s.title for sid, s in scenarios.items()}
    direct = build_report(played, catalog=catalog, titles=titles, lang="en")
    with Records.open(tmp_path / "records.sqlite") as records:
        assert records.add_many(played) == (len(played), 0)
        light = records.attempts(Filter(), details=False)
        stored = build_report(light, catalog=catalog, titles=titles, lang="en", facts=records.flag_facts(Filter()))
    assert stored == direct
    assert direct.flags and sum(f.shown for f in direct.flags) == sum(
        len(m.flags) for a in played for m in a.messages)


def test_report_command_applies_its_filters_and_leaves_demo_runs_out(played, catalog, scenarios, tmp_path):
    import dataclasses

    titles = {sid: s.title for sid, s in scenarios.items()}
    demo = dataclasses.replace(played[0], id="demo-1", mode="demo", nickname="Robot", player_id="robot")
    other = dataclasses.replace(played[1], id="other-class", class_code="8C")
    with Records.open(tmp_path / "records.sqlite") as records:
        records.add_many([*played, demo, other])
        everything = json.loads(report_command(records, catalog=catalog, titles=titles, fmt="json", lang="en"))
        assert everything["attempts"] == len(played) + 1 and "Robot" not in {t["name"] for t in everything["trainees"]}
        seven = json.loads(report_command(records, catalog=catalog, titles=titles, class_code="7b", fmt="json",
                                          lang="en"))
        assert seven["attempts"] == len(played) and seven["class_code"] == "7b"
        since = played[60].finished_at[:10]
        later = json.loads(report_command(records, catalog=catalog, titles=titles, since=since, nickname="小明",
                                          fmt="json", lang="en"))
        expected = [a for a in [*played, other] if a.finished_at >= since and a.nickname == "小明"]
        assert later["attempts"] == len(expected) > 0 and len(expected) < len(played) / 6
        assert later["filters"] == {"player": "小明", "since": since}
        with pytest.raises(ValueError, match="not a date"):
            report_command(records, catalog=catalog, titles=titles, since="last tuesday", fmt="text", lang="en")


# -- formats -------------------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value for name, value in attrs if name in ("href", "src", "xlink:href") and value]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:                  # the words shown, not the style sheets
            self.text.append(data)


def parse_html(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def web_references(page: str) -> set[str]:
    """Every http(s) address in the page other than the SVG namespace names (which load nothing)."""
    return {url for url in re.findall(r"https?://[^\s\"'<>)]+", page) if url not in SVG_NAMESPACES}


def test_csv_has_one_table_per_section_each_with_its_header(report):
    rows = list(csv.reader(io.StringIO(render(report, "csv", "en"))))
    tr = Translator("en")
    titles = [tr.t(f"report.section.{key}") for key in SECTIONS]
    starts = [i for i, row in enumerate(rows) if row and row[0] in titles]
    assert [rows[i][0] for i in starts] == titles
    assert all(rows[i - 1] == [] for i in starts[1:])           # a blank row before each section
    trainees = rows[starts[0] + 1:starts[1] - 1]
    assert trainees[0][:3] == [tr.t("report.col.trainee"), tr.t("report.col.attempts"), tr.t("report.col.mean_score")]
    assert trainees[0][-3:] == ["Money lost (CNY)", "Money lost (GBP)", "Money lost (USD)"]
    assert trainees[1][0] == "Ana #p1aa" and trainees[1][-3:] == ["150.50", "0", "0"]


def test_csv_of_one_section_is_a_plain_table(report):
    rows = list(csv.reader(io.StringIO(render(report, "csv", "en", section="flags"))))
    assert rows[0][:3] == ["id", "Red flag", "Shown"]
    assert [row[0] for row in rows[1:]] == [LOOKALIKE, LINK, URGENCY]
    assert float(rows[3][3]) == 0.75                            # spotted share as a fraction


def test_csv_cells_never_start_a_formula(catalog):
    evil = [attempt(1, nickname="=HYPERLINK(\"http://x\")", messages=(message("m", (URGENCY,)),))]
    rows = list(csv.reader(io.StringIO(render(build_report(evil, catalog=catalog, titles=TITLES, lang="en"),
                                              "csv", "en", section="trainees"))))
    assert rows[1][0].startswith("'=")


def test_json_is_the_report_as_plain_data(report):
    data = json.loads(render(report, "json", "en"))
    assert data["lost"] == {"CNY": "150.50", "GBP": 7, "USD": 20}
    assert [f["id"] for f in data["flags"]] == [LOOKALIKE, LINK, URGENCY]
    assert data["flags"][2]["median_seconds"] == 4.0 and data["trainees"][0]["false_alarms"] == 2
    assert data["advice"] == report.advice and data["filters"] == {"class": "7B"}


def test_html_is_one_self_contained_file_with_charts_and_no_scripts(report):
    page = render(report, "html", "en")
    parsed = parse_html(page)
    assert parsed.tags.count("svg") >= 3                        # scores, red flags, days: pygal's inline SVG
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert parsed.links == [] and "@import" not in page and "url(" not in page
    assert web_references(page) == set()
    assert "@page" in page and "size: A4" in page and "Noto Sans CJK SC" in page
    assert parsed.tags.count("table") == parsed.tags.count("thead") == 4     # headers repeat on every printed page


def test_html_escapes_nicknames_and_class_codes(catalog):
    nasty = "<script>alert(1)</script>"
    evil = [attempt(1, nickname=nasty, messages=(message("m", (URGENCY,), flagged=URGENCY),)),
            attempt(2, player="p9", nickname="<img src=x onerror=alert(2)>", messages=(message("m", ()),))]
    page = render(build_report(evil, catalog=catalog, titles=TITLES, lang="en", class_code="<b>7B</b>",
                               filters=[("class", "<b>7B</b>")]), "html", "en")
    parsed = parse_html(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    text = "".join(parsed.text)
    assert nasty in text and "<b>7B</b>" in text                # shown as text, in the tables and the charts
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2


def test_text_columns_line_up_with_chinese_names(catalog):
    runs = [attempt(1, player="a", nickname="小明", messages=(message("m", ()),)),
            attempt(2, player="b", nickname="Sharp Fox", score=7, messages=(message("m", ()),)),
            attempt(3, player="c", nickname="敏锐的猎鹰", score=100, messages=(message("m", ()),))]
    for lang in ("en", "zh"):
        text = render(build_report(runs, catalog=catalog, titles=TITLES, lang=lang), "text", lang)
        lines = text.splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
        widths = [len(part) for part in lines[rule].split("  ")]
        score_end = sum(widths[:3]) + 2 * 2                     # the right edge of "mean score"
        rows = lines[rule + 1:rule + 4]
        assert [r.split()[0] for r in rows] == ["Sharp", "小明", "敏锐的猎鹰"]
        for row, score in zip(rows, ("7", "50", "100")):
            cut = row.index(f" {score} ") + len(score) + 1
            assert columns(row[:cut]) == score_end, (lang, row)


def test_text_has_every_section_and_wraps_the_advice(report):
    text = render(report, "text", "en")
    tr = Translator("en")
    for key in ("advice", "trainees", "scenarios", "flags", "money"):
        assert tr.t(f"report.section.{key}") in text
    assert max(columns(line) for line in text.splitlines() if not line.startswith(("-", "Ana", "Ben", "Trainee"))) <= 100


def _english_only_strings() -> set[str]:
    """Report strings (and bits of them) whose Chinese differs, as they would show untranslated."""
    found = set()
    for key in STRINGS:
        if key.startswith("report.") and STRINGS[key].get("zh") != STRINGS[key]["en"]:
            found |= {part.strip() for part in re.split(r"\{[a-z_]+\}", STRINGS[key]["en"]) if len(part.strip()) > 3}
    return found


def test_chinese_reports_have_no_english_strings_or_missing_keys(played, catalog, scenarios):
    titles = {sid: s.title for sid, s in scenarios.items()}
    zh = build_report(played, catalog=catalog, titles=titles, lang="zh", class_code="7B", filters=[("class", "7B")])
    english = _english_only_strings()
    assert "Median seconds to spot" in english                  # the check itself sees English
    for fmt in ("text", "csv", "html"):
        out = render(zh, fmt, "zh")
        if fmt == "html":
            out = "".join(parse_html(out).text)
        assert "⟦" not in out and "report." not in out, fmt
        leftovers = sorted(s for s in english if s in out)
        assert leftovers == [], (fmt, leftovers)
        assert any(flag.name in out for flag in zh.flags if re.search(r"[\u4e00-\u9fff]", flag.name))


def test_a_quoted_name_with_quotes_inside_is_not_nested():
    from game.locale import Translator
    from game.records.report import quoted

    assert quoted(Translator("zh"), "转入“安全账户”") == "“转入‘安全账户’”"
    assert quoted(Translator("en"), 'A "safe account" transfer') == "\"A 'safe account' transfer\""
