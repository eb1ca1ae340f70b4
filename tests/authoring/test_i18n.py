"""`i18n check | export | import`: missing strings are listed, the CSV follows the story, and a
translation changed in the CSV goes back into the YAML file there and nowhere else."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import check_scenario_bytes, load_catalog
from tests.authoring.test_lint import LEGIT
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SCENARIOS / "red_flags.yaml")


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def _rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                 # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_change_a_chinese_string_import_changes_the_file_only_there(tmp_path, catalog):
    scenario = tmp_path / "bank_alert_sms.yaml"
    shutil.copy(SCENARIOS / "bank_alert_sms.yaml", scenario)
    before = scenario.read_text(encoding="utf-8")
    sheet = tmp_path / "strings.csv"
    assert _run("i18n", "export", str(scenario), "-o", str(sheet))[0] == 0
    rows = _rows(sheet)
    assert rows[0] == ["id", "en", "zh", "context"]
    ids = [row[0] for row in rows[1:]]
    assert ids[:2] == ["bank_alert_sms:title", "bank_alert_sms:summary"]
    # story order: the start step's messages before any later step's, an ending after the step leading to it
    assert ids.index("bank_alert_sms:steps.alert.messages.0.text") < ids.index("bank_alert_sms:steps.app_check.messages.0.text")
    assert ids.index("bank_alert_sms:steps.app_freeze.choices.0.text") < ids.index("bank_alert_sms:endings.end_safe_app.debrief")
    # breadth first: "later" (one choice from the start) before "app_freeze" (two choices away)
    assert ids.index("bank_alert_sms:steps.later.messages.0.text") < ids.index("bank_alert_sms:steps.app_freeze.messages.0.text")
    target = "bank_alert_sms:steps.alert.choices.3.text"
    for row in rows:
        if row[0] == target:
            assert row[2] == "像是诈骗短信，删掉"
            row[2] = "像诈骗短信，删了吧"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    code, out = _run("i18n", "import", str(sheet), str(scenario), "--dry-run")
    assert code == 0 and "would change" in out and scenario.read_text(encoding="utf-8") == before
    code, out = _run("i18n", "import", str(sheet), str(scenario))
    assert code == 0, out
    after = scenario.read_text(encoding="utf-8")
    assert after.replace('"像诈骗短信，删了吧"', '"像是诈骗短信，删掉"') == before     # that scalar changed, nothing else
    assert after != before
    scenario_model, problems = check_scenario_bytes(str(scenario), after.encode("utf-8"), catalog,
                                                    expected_id="bank_alert_sms")
    assert scenario_model is not None and not problems
    assert _run("i18n", "import", str(sheet), str(scenario))[1].count("nothing to change") == 1


def test_a_row_whose_id_is_gone_is_refused_and_a_new_language_is_added_beside_the_others(tmp_path, catalog):
    scenario = tmp_path / "t.yaml"
    scenario.write_text(LEGIT, encoding="utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("id,en,zh,vi,context\n"
                     "t:steps.gone.messages.0.text,x,y,,\n"
                     "t:title,A real alert,真的提醒,Cảnh báo thật,\n"
                     "t:steps.s2.choices.0.text,Block the card,冻结银行卡,Khóa thẻ,\n", encoding="utf-8")
    code, out = _run("i18n", "import", str(sheet), str(scenario))
    assert code == 1 and "refused" in out and "t:steps.gone.messages.0.text" in out
    text = scenario.read_text(encoding="utf-8")
    assert 'title: {en: "A real alert", zh: "真的提醒", vi: "Cảnh báo thật"}' in text
    assert 'vi: "Khóa thẻ"' in text
    assert check_scenario_bytes("t", text.encode("utf-8"), catalog, expected_id="t")[0] is not None
    # now vi exists in two texts: check lists every other text as missing vi
    code, out = _run("i18n", "check", str(scenario))
    assert code == 1 and "missing vi: t:summary" in out and "missing vi: t:title" not in out


def test_check_passes_on_the_shipped_scenarios_and_locales():
    code, out = _run("i18n", "check")
    assert code == 0, out
