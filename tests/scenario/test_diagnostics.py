"""Problems are coded, located, in plain words with a right hint, and said the same in en and zh:
the misleading hints of issue 11 stay fixed, and the English has one source."""

from __future__ import annotations

import io

import pytest

from game.authoring.diagnostics import format_problem
from game.cli import main
from game.locale import STRINGS, placeholders
from game.scenario import MESSAGES, OUTCOMES, SUGGESTION, SUGGESTION_MEANING, TERMS, check_scenario_bytes
from game.scenario.checks import SYNONYMS, closest
from tests.conftest import FIXTURES

BASE = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")


def _problems(catalog, old: str, new: str):
    assert old in BASE
    _, problems = check_scenario_bytes("tiny_loan.yaml", BASE.replace(old, new, 1).encode(), catalog,
                                       expected_id="tiny_loan")
    return problems


def test_a_saved_outcome_is_never_offered_as_scammed(catalog):
    [problem] = _problems(catalog, "outcome: safe", "outcome: saved")
    assert problem.code == "RF013" and "did you mean 'safe'?" in problem.hint
    assert "scammed" not in problem.hint and "kept money" in problem.hint     # and says what it means
    [problem] = _problems(catalog, "outcome: safe", "outcome: finished")     # no match: every value, with its meaning
    assert all(f"{name}: {spec.hint}" in problem.hint for name, spec in OUTCOMES.items())


@pytest.mark.parametrize("field", sorted(SYNONYMS))
def test_synonyms_lead_to_their_own_meaning_and_typos_only_to_near_spellings(field):
    values = sorted(set(SYNONYMS[field].values()))
    for word, meant in SYNONYMS[field].items():
        assert closest(word, values, synonyms=SYNONYMS[field], meaningful=True) == meant, word
    assert closest("saved", ["safe", "partial", "overcautious", "scammed"], meaningful=True) == ""
    assert closest("scamed", ["safe", "partial", "overcautious", "scammed"], meaningful=True) == "scammed"


def test_a_tab_gets_the_tab_hint(catalog):
    [problem] = _problems(catalog, "    channel: chat", "\tchannel: chat")
    assert (problem.key, problem.code) == ("syntax_tab", "RF002")
    assert "spaces" in problem.hint and "@" not in problem.hint


@pytest.mark.parametrize("old, new, line", [
    ('title: {en: "Tiny loan", zh: "小额贷款"}', 'title: {en: "Tiny loan, zh: "小额贷款"}', 7),   # in brackets
    ('sources: ["Test fixture"]', 'sources: ["Test fixture]', 9),
    ('category: fake_loan', 'category: "fake_loan', 5),                                       # in a block
])
def test_an_unclosed_quote_says_where_it_opened(catalog, old, new, line):
    [problem] = _problems(catalog, old, new)
    assert problem.code == "RF002" and problem.line == line
    assert f"a quote opened on line {line} is not closed" in problem.message and problem.hint


def test_an_empty_sources_list_is_said_plainly(catalog):
    [problem] = _problems(catalog, 'sources: ["Test fixture"]', "sources: []")
    assert problem.key == "empty.sources" and problem.line == 9
    assert "Tuple" not in problem.message and "sources: [" in problem.hint


@pytest.mark.parametrize("old, new, expected", [
    ("card: card_tail", "card: card_tial", "did you mean 'card_tail'?"),
    ("    role: accomplice", "    rol: accomplice", "did you mean 'role'?"),
    ("kind: scam", "kind: legitimate", "did you mean 'legit'?"),
    ("\nstart: ad", "\nstrat: ad", "did you mean 'start'?"),        # not also "'start' is missing"
])
def test_one_mistake_gives_one_message(catalog, old, new, expected):
    problems = _problems(catalog, old, new)
    assert len(problems) == 1, [p.format() for p in problems]
    assert expected in problems[0].hint


def test_enumerations_match_whatever_the_letter_case(catalog):
    [problem] = _problems(catalog, "channel: search_ad", "channel: SMS")
    assert problem.hint == "did you mean 'sms'?"


@pytest.mark.parametrize("old, new", [
    ("difficulty: 1", "difficulty: 7"), ('zh: "每天营业。"', 'zh: ""'), ("[1000, 3000]", "[3000, 1000]"),
    ("after: 60", "after: -5"), ("fee: {between", "fee: {betwen"),
    ("role: scammer", "role: fraudster"), ("after: 60", 'after: "soon"'), ("gap: \"1h\"", "gap: [1]"),
    ("id: ad_text", "id: Ad-Text"), ("pay: fee", "pay: {amount: fee}"),
    ("sources: [\"Test fixture\"]", "sources: \"Test fixture\""),
    ("format: 1", "format: 1\nstarts_at: \"25:00\""), ("format: 1", "format: 1\nregions: [cn]"),
])
def test_no_message_leaks_library_wording_and_every_one_has_a_row(catalog, old, new):
    for problem in _problems(catalog, old, new):
        assert problem.key in MESSAGES and problem.code == MESSAGES[problem.key][0], problem.format()
        for words in ("Input should", "should have at least", "Value error", "Tuple", "String should", "Field required"):
            assert words not in problem.message + problem.hint, problem.format()
        assert problem.hint, problem.format()


def test_the_english_of_every_row_is_in_en_yaml_and_every_row_in_zh_yaml():
    rows = {"diag.did_you_mean": SUGGESTION, "diag.did_you_mean.meaning": SUGGESTION_MEANING}
    for key, (_, message, hint) in MESSAGES.items():
        rows[f"diag.{key}"], rows[f"diag.{key}.hint"] = message, hint
    rows |= {f"diag.term.{key}": text for key, text in TERMS.items()}
    for key, english in rows.items():
        assert key in STRINGS, f"add {key} to game/locales/en.yaml and zh.yaml"
        assert STRINGS[key]["en"] == english, f"en.yaml's {key} differs from game/scenario/messages.py"
        chinese = STRINGS[key].get("zh", "")
        assert chinese and sorted(placeholders(chinese)) == sorted(placeholders(english)), key
    for name in OUTCOMES:                          # adding an outcome needs its meaning for the hints
        assert f"outcome.{name}" in TERMS


def test_a_problem_reads_in_english_and_chinese(catalog):
    [problem] = _problems(catalog, "outcome: safe", "outcome: saved")
    assert format_problem(problem, "en") == problem.format()
    chinese = format_problem(problem, "zh")
    assert chinese.startswith(f"tiny_loan.yaml:{problem.line}:{problem.column}: ") and "[RF013]\n" in chinese
    assert "“saved”" in chinese and "\n    提示：你是不是想写“safe”？（safe：玩家守住了钱和个人信息）" in chinese
    assert "did you mean" not in chinese


def test_validate_speaks_the_language_asked_for(tmp_path):
    path = tmp_path / "tiny_loan.yaml"
    path.write_text(BASE.replace("channel: search_ad", "channel: SMS"), encoding="utf-8")
    for lang, words in (("en", ["did you mean 'sms'?", "✗ 1 problem in 1 of 1 files"]),
                        ("zh", ["提示：你是不是想写“sms”？", "✗ 1 个文件中有 1 个有问题，共 1 个问题"])):
        out = io.StringIO()
        assert main(["validate", str(path), "--lang", lang], stdout=out) == 1
        for expected in words:
            assert expected in out.getvalue(), out.getvalue()
    path.write_text(BASE, encoding="utf-8")
    out = io.StringIO()
    assert main(["validate", str(path), "--lang", "zh"], stdout=out) == 0
    assert "✓ 检查了 1 个文件，没有问题" in out.getvalue()


def test_a_chart_key_points_to_balances(catalog):
    [problem] = _problems(catalog, "\nsteps:", "\nchart: true\nsteps:")
    assert problem.code == "RF010" and "balance:" in problem.hint and "cast" not in problem.hint
