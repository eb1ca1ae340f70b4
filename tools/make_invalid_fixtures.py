"""Regenerate tests/fixtures/invalid/ from the valid tiny scenario: one broken copy per kind
of mistake, each headed by the line and message `validate` must report.

    python tools/make_invalid_fixtures.py
"""

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "tests/fixtures/valid/tiny_loan.yaml").read_text(encoding="utf-8")
OUT = ROOT / "tests/fixtures/invalid"

# name: (text to replace, replacement (⟪ marks the expected line), expected message substring)
CASES = {
    "syntax_error": ('title: {en: "Tiny loan", zh: "小额贷款"}', '⟪title: {en: "Tiny loan", zh: "小额贷款"', "a '{' opened on line 9 is not closed"),
    "tab_indent": ("    name: name", "\t⟪name: name", "a tab is used for indentation"),
    "duplicate_key": ("difficulty: 1", "difficulty: 1\n⟪difficulty: 2", "duplicate key 'difficulty'"),
    "wrong_type": ("difficulty: 1", '⟪difficulty: "hard"', "should be a whole number"),
    "unknown_key": ("    choices:\n      - id: open_ad", "    ⟪chioces:\n      - id: open_ad", "unknown key 'chioces'"),
    "missing_target": ("        to: fee\n", "        ⟪to: fees\n", "'fees' is not a step or an ending"),
    "unknown_flag": ("flags: [upfront_fee, urgency_deadline, personal_payee_account]", "⟪flags: [upfront_fees, urgency_deadline, personal_payee_account]", "'upfront_fees' is not in the red-flag catalogue"),
    "unknown_cast": ("      - id: ad_hours\n        from: agent", "      - id: ad_hours\n        ⟪from: stranger", "'stranger' is not in the cast"),
    "attribute_placeholder": ('text: {en: "{agent.name} here.', '⟪text: {en: "{agent.__class__} here.', "is not a placeholder"),
    "unknown_placeholder": ('text: {en: "Pay {fee}"', '⟪text: {en: "Pay {feee}"', "unknown placeholder {feee}"),
    "format_spec_placeholder": ('text: {en: "Pay {fee}"', '⟪text: {en: "Pay {fee:>10}"', "has a conversion or format"),
    "unreachable_step": ("        to: fee\n", "        to: end_safe\n", "the step 'fee' can never be reached", "  ⟪fee:\n    channel"),
    "no_way_out": ("""    choices:
      - id: pay
        text: {en: "Pay {fee}", zh: "支付{fee}元"}
        to: end_lost
        effects: {pay: fee, give: [id_number]}
      - id: refuse
        text: {en: "Refuse and report", zh: "拒绝并举报"}
        to: end_safe
        safe: true
    timeout: {after: 60, to: end_safe, note: {en: \"You did not answer, and the agent stopped writing.\", zh: \"你没有回复，对方也不再发消息了。\"}}
""", "", "has no way out", "  ⟪fee:\n    channel"),
    "missing_language": ('text: {en: "Open every day.", zh: "每天营业。"}', '⟪text: {en: "Open every day."}', "has no Chinese (zh) version"),
    "yaml_boolean": ('text: {en: "Refuse and report", zh: "拒绝并举报"}', '⟪text: {en: no, zh: "拒绝"}', "'no' was read as true/false"),
    "python_tag": ('sources: ["Test fixture"]', '⟪sources: [!!python/object/apply:os.system ["echo pwned"]]', "tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
    "bad_duration": ('gap: "1h"', '⟪gap: "soon"', "is not a duration"),
    "text_var_amount": ("effects: {pay: fee, give: [id_number]}", "⟪effects: {pay: label, give: [id_number]}", "'label' holds text, not a number"),
    "unknown_data_item": ("effects: {pay: fee, give: [id_number]}", "⟪effects: {pay: fee, give: [id_numbers]}", "'id_numbers' is not a data item"),
    "bad_outcome": ("    outcome: scammed", "    ⟪outcome: robbed", "must be one of"),
    "flags_on_player": ('      - id: ad_hours\n        from: agent\n        text: {en: "Open every day.", zh: "每天营业。"}',
                        '      - id: ad_hours\n        from: player\n        text: {en: "Open every day.", zh: "每天营业。"}\n        ⟪flags: [upfront_fee]', "cannot carry red flags"),
    "loop_without_ending": ("        to: end_lost\n", "        to: fee\n", "no ending can be reached", "  ⟪fee:\n    channel", "        to: end_safe\n        safe: true\n    timeout", "        to: fee\n        safe: true\n    timeout", "    timeout: {after: 60, to: end_safe, note: {en: \"You did not answer, and the agent stopped writing.\", zh: \"你没有回复，对方也不再发消息了。\"}}", "    timeout: {after: 60, to: fee, note: {en: \"You did not answer, and the agent stopped writing.\", zh: \"你没有回复，对方也不再发消息了。\"}}"),
    "id_mismatch": ("id: tiny_loan", "⟪id: tiny_loans", "differs from the file name"),
    "payment_unknown_payee": ("payment: {amount: fee, to: mule}", "⟪payment: {amount: fee, to: mules}", "'mules' is not in the cast"),
    "pay_without_payee": ("        payment: {amount: fee, to: mule}\n", "", "nothing in this step says who receives fee", "⟪effects: {pay: fee, give: [id_number]}"),
    "missing_key": ("start: ad\n", "", "the file has no 'start:'", "⟪format: 1"),
}


def build(name: str, case: tuple[str, ...]) -> str:
    old, new, expect, *extra = case
    text = BASE.replace("id: tiny_loan", f"id: {name}") if name != "id_mismatch" else BASE
    assert old in text, (name, old)
    text = text.replace(old, new, 1)
    marker = None
    if len(extra) % 2 == 1:  # a marker line for the expected position (after the edits)
        marker, extra = extra[0], extra[1:]
    for before, after in zip(extra[::2], extra[1::2]):
        assert before in text, (name, before)
        text = text.replace(before, after, 1)
    if marker:
        bare = marker.replace("⟪", "")
        text = text.replace(bare, marker, 1)
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines, start=3) if "⟪" in l)
    text = text.replace("⟪", "")
    return f"# expect: {expect}\n# line: {line}\n{text}"


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    for old in OUT.glob("*.yaml"):
        old.unlink()
    for name, case in CASES.items():
        (OUT / f"{name}.yaml").write_text(build(name, case), encoding="utf-8")
    print(f"wrote {len(CASES)} fixtures to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
