"""`python main.py progress`, its learning part: skill per red flag and scam type, the trends,
the before/after check and what to play next — at most 80 columns, in English and Chinese."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from game.cli import main
from game.linebreak import columns
from game.locale import Translator
from game.practice import change
from game.records import Filter, Mastery, Records, Tally, TrendPoint
from game.text.progress import LEARN_WIDTH, format_learning

EN = Translator("en")
SAFE = "f 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"      # tiny_loan to its safe ending
MISSED = "1\n2\n"                                                  # tiny_loan: no flag raised


def _main(*args, text=""):
    out = io.StringIO()
    code = main(list(args), stdin=io.StringIO(text), stdout=out)
    assert code == 0
    return out.getvalue()


def _records(tmp_path):
    return ("--records", str(tmp_path / "r.sqlite"))


def _play(tmp_path, commands, seed="5"):
    _main("play", "--text", "--scenario", "tiny_loan", "--seed", seed, "--scenarios", "tests/fixtures/valid",
          "--region", "CN", "--lang", "en", "--player", "Ann", *_records(tmp_path), text=commands)


def _progress(tmp_path, lang="en", *extra):
    return _main("progress", "--player", "Ann", "--lang", lang, *_records(tmp_path), *extra)


def _fixture_progress(tmp_path, lang="en"):
    return _progress(tmp_path, lang, "--scenarios", "tests/fixtures/valid")


def _learning_part(out: str, tr: Translator) -> list[str]:
    """The lines from the learning part on (the history above it keeps its own, wider table)."""
    return out.split(tr.t("mastery.explain")[:12], 1)[1].splitlines()


def _number(value: float, signed: bool = False) -> str:
    return (f"{value:+.2f}" if signed else f"{value:.2f}").replace("-", "−")


def test_the_before_and_after_forms_give_progress_the_numbers_of_their_change(tmp_path):
    drill = ("drill", "--player", "Ann", "--region", "CN", "--lang", "en", *_records(tmp_path))
    _main(*drill, "--form", "before", text="s\n\n3\n" * 12)                # every message called a scam
    out = _progress(tmp_path)
    assert EN.t("check.only_before") in out.replace("\n", " ")
    from game.cli import _coach, _load_content                              # the after form's items, in order

    loaded = _load_content(Path("scenarios"))
    truths = [p.spec.truth for p in _coach(loaded.valid, loaded.catalog, "CN", "en", None).start("after").picks]
    right = "".join("s\n\n2\n" if truth == "scam" else "g\n2\n" for truth in truths[:8])
    _main(*drill, "--form", "after", text=right + "g\n2\n" * 4)           # 8 right, then "genuine" for all
    with Records.open(tmp_path / "r.sqlite") as records:
        answers = records.practice(Filter(nickname="Ann"))
    measured = change([a for a in answers if a.form == "before"], [a for a in answers if a.form == "after"])
    before, after = measured.before, measured.after
    out = _progress(tmp_path)
    for line in (EN.t("check.title"),
                 EN.t("check.d_prime", before=_number(before.d_prime), after=_number(after.d_prime)),
                 EN.t("check.criterion", before=_number(before.criterion, True), after=_number(after.criterion, True)),
                 EN.t("check.brier", before=_number(before.brier), after=_number(after.brier)),
                 EN.t("check.accuracy", before="50%", after=f"{after.right / 12:.0%}"),
                 *(EN.t(key) for key in measured.verdicts())):
        assert line in out, line
    assert measured.d_prime > 0.3 and measured.verdicts() == ("check.better",)
    sure = EN.t("check.calibration_level", level=EN.t("drill.confidence.3"), right=6, total=12)
    fairly = EN.t("check.calibration_level", level=EN.t("drill.confidence.2"), right=after.right, total=12)
    assert EN.label("text_progress.before", sure) in out and EN.label("text_progress.after", fairly) in out


def test_skill_per_red_flag_and_scam_type_weakest_first_and_what_to_play_next(tmp_path, catalog):
    _play(tmp_path, MISSED)
    out = _fixture_progress(tmp_path)
    part = _learning_part(out, EN)
    flags = part[part.index(EN.t("mastery.title")) + 1:part.index(EN.t("mastery.types_title")) - 1]
    assert len(flags) == 4 and all(line.startswith("  ░░░░░░░░░░ " + EN.t("mastery.level.new")) for line in flags)
    assert all(line.endswith(": spotted 0 of 1") for line in flags)           # every flag missed once
    types = part[part.index(EN.t("mastery.types_title")) + 1:]
    assert EN.t("category.fake_loan") in types[0]
    assert EN.t("next.title") in part
    title_line = part[part.index(EN.t("next.title")) + 1]
    assert title_line.strip() == "Tiny loan"
    missed = {EN.t("next.reason.missed_flag.one", flag=flag.name.en, times=1) for flag in catalog.red_flags.values()}
    assert part[part.index(EN.t("next.title")) + 2].strip() in missed


def test_the_trends_go_by_day_once_the_attempts_span_two_days(tmp_path):
    _play(tmp_path, MISSED)
    _play(tmp_path, SAFE, seed="6")
    out = _fixture_progress(tmp_path)
    assert EN.t("text_progress.over_time") in out and EN.t("text_progress.over_time_day") not in out
    d_prime_line = next(line for line in _learning_part(out, EN) if line.lstrip().startswith(EN.t("progress.d_prime")))
    assert len([ch for ch in d_prime_line if ch in "▁▂▃▄▅▆▇█"]) == 2           # one point per attempt
    db = sqlite3.connect(tmp_path / "r.sqlite")
    with db:
        first = db.execute("SELECT id FROM attempts ORDER BY finished_at LIMIT 1").fetchone()[0]
        db.execute("UPDATE attempts SET finished_at = '2026-01-01T10:00:00.000Z', "
                   "started_at = '2026-01-01T09:58:00.000Z' WHERE id = ?", (first,))
    db.close()
    out = _fixture_progress(tmp_path)
    assert EN.t("text_progress.over_time_day") in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_learning_part_keeps_to_80_columns(tmp_path, lang):
    _play(tmp_path, MISSED)
    _play(tmp_path, SAFE, seed="6")
    drill = ("drill", "--player", "Ann", "--region", "CN", "--lang", lang, *_records(tmp_path))
    _main(*drill, "--form", "before", text="s\n1\n3\n" * 12)
    _main(*drill, "--form", "after", text="g\n1\n" * 12)
    tr = Translator(lang)
    part = _learning_part(_progress(tmp_path, lang), tr)
    assert tr.t("check.title") in part and tr.t("next.title") in part
    assert max(columns(line) for line in part) <= LEARN_WIDTH


def _tally(key: str, score: float, opportunities: int, hits: int, confidence: float, lookalikes: int = 0,
           false_alarms: int = 0) -> Tally:
    return Tally(key, opportunities, hits, lookalikes, false_alarms, opportunities, hits, lookalikes, false_alarms,
                 0.5, 0.5, score, confidence, "2026-11-30T10:00:00Z")


def test_rows_keep_the_order_given_say_a_level_and_show_a_few():
    flags = tuple(_tally(f"f{i}", i / 10, 6, i, 0.2 + i / 10) for i in range(8)) + (_tally("strong", 0.9, 9, 9, 0.9),)
    mastery = Mastery("2026-11-30T10:00:00Z", _tally("overall", 0.5, 9, 5, 0.5), flags,
                      (_tally("fake_loan", 0.2, 1, 0, 0.1, lookalikes=1),))
    text = format_learning(mastery, (), False, None, (), None, EN, {"f0": "Flag zero", "f1": "Flag one"}, {})
    lines = text.splitlines()
    rows = lines[lines.index(EN.t("mastery.title")) + 1:lines.index(EN.t("mastery.types_title")) - 1]
    assert len(rows) == 4 and "Flag zero: spotted 0 of 6" in rows[0] and "Flag one" in rows[1]
    assert "strong" not in text                                            # weakest first: a few only
    assert rows[0].startswith("  ░░░░░░░░░░ ") and rows[3].startswith("  ███░░░░░░░ ")
    assert [flags[i].level for i in range(4)] == ["new", "new", "new", "growing"]
    assert all(EN.t(f"mastery.level.{flags[i].level}") in row for i, row in enumerate(rows))
    (loan,) = lines[lines.index(EN.t("mastery.types_title")) + 1:lines.index(EN.t("mastery.types_title")) + 2]
    assert EN.t("mastery.row_lookalikes", name=EN.t("category.fake_loan"), hits=0, shown=1, kept=1,
                lookalikes=1) in loan and EN.t("mastery.level.new") in loan
    strong = Mastery(mastery.now, mastery.overall, (flags[-1],), ())
    assert EN.t("mastery.level.mastered") in format_learning(strong, (), False, None, (), None, EN, {}, {})


def test_trend_lines_show_first_and_last_values_and_the_check_invites_a_first_form():
    points = tuple(TrendPoint(f"a{i}", f"2026-11-{10 + i}T10:00:00Z", 1, i, 3 - i, 1, 1, d, c, 0.5)
                   for i, (d, c) in enumerate([(0.25, 0.4), (1.0, 0.0), (2.5, -0.6)]))
    text = format_learning(None, points, True, None, (), None, EN, {}, {})
    assert EN.t("text_progress.over_time_day") in text
    assert f"(0.25 → 2.50)" in text and "(+0.40 → −0.60)" in text and "(50% → 50%)" in text
    assert EN.t("check.none") in text.replace("\n", " ")
    assert EN.t("check.only_before") in format_learning(None, (), False, None, ("before",), None, EN, {}, {}) \
        .replace("\n", " ")
