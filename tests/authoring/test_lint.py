"""`lint`: every rule flags a small broken scenario and passes its fixed twin; the shipped
scenarios have no lint errors; exit codes, --strict and the Chinese output; and the English of
each problem is the en.yaml string of its key (one wording, two places, no drift)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.authoring.lint import LintReport, lint_paths
from game.cli import main
from game.locale import Translator
from game.scenario import load_catalog
from tests.conftest import SCENARIOS

SCAM = """\
format: 2
id: t
regions: [CN]
kind: scam
category: impersonation
difficulty: 3   # cues: 1 red flag in the opening → 3; premise: medium (2), a bill
title: {en: "A bill", zh: "一张账单"}
summary: {en: "A text asks for a fee.", zh: "一条短信要你交费。"}
sources: ["FTC: toll text scams, 2024"]
cast:
  agent: {role: scammer, name: {en: "Agent", zh: "客服"}}
vars:
  fee: 300
start: s1
steps:
  s1:
    channel: sms
    with: agent
    messages:
      - id: m1
        from: agent
        text: {en: "Pay the {fee} fee today.", zh: "今天就交{fee}的费用。"}
        flags: [unsolicited_contact]
        payment: {amount: fee, to: agent}
    choices:
      - id: pay
        text: {en: "Pay it", zh: "付款"}
        to: end_scammed
        effects: {pay: fee}
      - id: ignore
        text: {en: "Ignore it", zh: "不理它"}
        to: end_safe
        safe: true
endings:
  end_scammed: {outcome: scammed, debrief: {en: "You paid the scammers.", zh: "你把钱付给了骗子。"}}
  end_safe: {outcome: safe, debrief: {en: "You kept your money.", zh: "你保住了钱。"}}
"""

LEGIT = """\
format: 2
id: t
regions: [CN]
kind: legit
category: bank_fraud_alert
resembles: bank_impersonation
difficulty: 1   # look-alike cues: 1 note in the opening → 1; premise: medium (2), your own card
title: {en: "A real alert", zh: "真的提醒"}
summary: {en: "Your bank texts you.", zh: "银行给你发短信。"}
sources: ["Bank of China: risk warning, 2014"]
cast:
  bank: {role: genuine, name: {en: "Bank", zh: "银行"}}
start: s1
steps:
  s1:
    channel: sms
    with: bank
    messages:
      - id: m1
        from: bank
        text: {en: "Was this card payment you?", zh: "这笔刷卡消费是您本人吗？"}
        note: {en: "It asks for nothing.", zh: "它什么也没要。"}
    choices:
      - id: check
        text: {en: "Open my bank's app", zh: "打开银行App"}
        to: s2
        safe: true
      - id: refuse
        text: {en: "Ignore it", zh: "不理它"}
        to: end_partial
  s2:
    channel: app
    with: bank
    messages:
      - id: m2
        from: bank
        text: {en: "The same alert is in your app.", zh: "App里有同样的提醒。"}
        note: {en: "Your own app.", zh: "你自己的App。"}
    choices:
      - id: block
        text: {en: "Block the card", zh: "冻结银行卡"}
        to: end_safe
        safe: true
      - id: refuse_after
        text: {en: "Leave it", zh: "不管它"}
        to: end_over
endings:
  end_safe: {outcome: safe, debrief: {en: "You checked, then acted.", zh: "你先核实，再处理。"}}
  end_partial: {outcome: partial, debrief: {en: "The alert was real.", zh: "提醒是真的。"}}
  end_over: {outcome: overcautious, debrief: {en: "Your check showed it was real.", zh: "你的核实证明它是真的。"}}
"""

FORMAT1 = SCAM.replace("format: 2\nid: t\nregions: [CN]\n", "format: 1\nid: t\n")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SCENARIOS / "red_flags.yaml")


def _lint(tmp_path: Path, catalog, text: str) -> LintReport:
    folder = tmp_path / str(abs(hash(text)))
    folder.mkdir()
    (folder / "t.yaml").write_text(text, encoding="utf-8")
    return lint_paths([folder / "t.yaml"], catalog, "en")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


LONG_EN = " ".join(["Your account shows a payment you may not recognise, so please read every word of this."] * 6)

#: code → (broken, fixed): lint reports the code on the broken file and not on the fixed one.
CASES = {
    "RL001": (_edit(LEGIT, "        to: end_partial\n", "        to: end_partial\n      - id: say_no\n"
                    "        text: {en: \"Tell them no\", zh: \"直接拒绝\"}\n        to: end_over\n"), LEGIT),
    "RL002": (_edit(_edit(SCAM, "to: end_scammed\n        effects: {pay: fee}", "to: end_safe\n        effects: {pay: fee}"),
                    "endings:\n", "    timeout: {after: 60, to: end_scammed}\nendings:\n"), SCAM),
    "RL003": (_edit(SCAM, "to: end_safe\n        safe: true", "to: end_safe\n        effects: {give: [verification_code]}"),
              _edit(SCAM, "to: end_scammed\n        effects: {pay: fee}",
                    "to: end_scammed\n        effects: {pay: fee, give: [verification_code]}")),
    "RL004": (_edit(FORMAT1, "Pay the {fee} fee today.", "Pay the ¥300 fee today."),
              _edit(FORMAT1, "Pay the {fee} fee today.", "Pay the ¥{fee} fee today.")),
    "RL005": (_edit(FORMAT1, "You paid the scammers.", "You paid the scammers ¥500."),
              _edit(FORMAT1, "You paid the scammers.", "You paid the scammers ¥{paid}.")),
    "RL006": (_edit(SCAM, "  fee: 300\n", "  fee: 300\n  bonus: 50\n"), SCAM),
    "RL007": (_edit(SCAM, "      - id: ignore\n", "      - id: ignore\n        when: {fee: {gt: 1000}}\n"),
              _edit(SCAM, "      - id: ignore\n", "      - id: ignore\n        when: {fee: {gt: 100}}\n")),
    "RL008": (_edit(SCAM, 'zh: "不理它"', 'zh: "Ignore it"'), SCAM),
    "RL009": (_edit(SCAM, "Pay the {fee} fee today.", LONG_EN), SCAM),
    "RL010": (_edit(SCAM, "flags: [unsolicited_contact]",
                    "flags: [unsolicited_contact, search_ad_lure, move_to_private_app, off_platform_deal]"),
              _edit(SCAM, "flags: [unsolicited_contact]", "flags: [unsolicited_contact, search_ad_lure, move_to_private_app]")),
    "RL011": (_edit(LEGIT, "resembles: bank_impersonation\n", ""), LEGIT),
    "RL012": (_edit(SCAM, "      - id: ignore\n", "      - id: ignore\n        when: {paid: {gt: 0}}\n"), SCAM),
    "RL013": (_edit(SCAM, '["FTC: toll text scams, 2024"]', '["TODO"]'), SCAM),
    "RL014": (_edit(SCAM, '["FTC: toll text scams, 2024"]', '["FTC: toll text scams"]'), SCAM),
    "RL015": (_edit(SCAM, "difficulty: 3 ", "difficulty: 1 "), SCAM),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_flags_the_broken_scenario_and_passes_the_fixed_one(tmp_path, catalog, code):
    broken, fixed = CASES[code]
    found = _lint(tmp_path, catalog, broken)
    assert not any(p.code.startswith("RF") and p.is_error for p in found.problems[next(iter(found.problems))]), \
        found.problems
    assert code in found.codes(), found.problems
    clean = _lint(tmp_path, catalog, fixed)
    assert code not in clean.codes(), clean.problems
    assert clean.ok


def test_the_base_scenarios_lint_clean(tmp_path, catalog):
    for text in (SCAM, LEGIT):
        report = _lint(tmp_path, catalog, text)
        assert report.codes() == [], report.problems


def test_a_second_language_missing_from_some_texts_and_an_unknown_premise_are_reported(tmp_path, catalog):
    text = _edit(SCAM, 'title: {en: "A bill", zh: "一张账单"}', 'title: {en: "A bill", zh: "一张账单", vi: "Hóa đơn"}')
    problems = _lint(tmp_path, catalog, text).problems
    keys = {p.key for found in problems.values() for p in found}
    assert "lint.missing_language" in keys
    text = _edit(SCAM, "premise: medium (2), a bill", "a bill")
    keys = {p.key for found in _lint(tmp_path, catalog, text).problems.values() for p in found}
    assert "lint.difficulty_no_premise" in keys


def test_a_legit_payment_to_the_genuine_side_before_a_safe_ending_is_fine(tmp_path, catalog):
    paid = _edit(LEGIT, "      - id: block\n        text:", "      - id: block\n        effects: {pay: 20}\n        text:")
    paid = _edit(paid, "        text: {en: \"The same alert is in your app.\"",
                 "        payment: {amount: 20, to: bank}\n        text: {en: \"The same alert is in your app.\"")
    assert "RL002" not in _lint(tmp_path, catalog, paid).codes()
    scam_side = _edit(paid, "bank: {role: genuine", "bank: {role: scammer")
    assert "RL002" in _lint(tmp_path, catalog, scam_side).codes()


def test_an_invalid_file_is_reported_by_validate_and_not_linted(tmp_path, catalog):
    broken = _edit(CASES["RL006"][0], "to: end_safe\n        safe: true", "to: end_sfe\n        safe: true")
    codes = _lint(tmp_path, catalog, broken).codes()
    assert "RF020" in codes and not any(code.startswith("RL") for code in codes)


def test_the_english_message_and_hint_are_the_en_yaml_strings_of_their_key(tmp_path, catalog):
    t = Translator("en").t
    seen = set()
    for broken, _ in CASES.values():
        for problems in _lint(tmp_path, catalog, broken).problems.values():
            for problem in problems:
                if not problem.code.startswith("RL"):
                    continue
                params = dict(problem.params)
                assert t(f"diag.{problem.key}", **params) == problem.message
                assert t(f"diag.{problem.key}.hint", **params) == problem.hint
                assert not Translator("zh").t(f"diag.{problem.key}", **params).startswith("⟦")
                seen.add(problem.code)
    assert seen == set(CASES)


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_warnings_exit_0_strict_fails_on_them_and_errors_exit_1(tmp_path):
    warned = tmp_path / "warned"
    warned.mkdir()
    (warned / "t.yaml").write_text(CASES["RL014"][0], encoding="utf-8")
    code, out = _run("lint", str(warned), "--lang", "en")
    assert code == 0 and "RL014" in out and "warning" in out
    assert _run("lint", str(warned), "--strict", "--lang", "en")[0] == 1
    failed = tmp_path / "failed"
    failed.mkdir()
    (failed / "t.yaml").write_text(CASES["RL002"][0], encoding="utf-8")
    code, out = _run("lint", str(failed), "--lang", "zh")
    assert code == 1 and "RL002" in out
    assert "付款之后仍能走到" in out           # the Chinese message of its key


def test_the_shipped_scenarios_have_no_lint_errors(catalog):
    report = lint_paths([SCENARIOS], catalog, "en")
    errors = [p.format() for problems in report.problems.values() for p in problems if p.is_error]
    assert report.files >= 30
    assert not errors, "\n".join(errors)
