"""`python main.py new`: a commented scenario that validates, lints and plays, in every kind and region."""

from __future__ import annotations

import io
import random
from argparse import Namespace
from pathlib import Path

import pytest

from game.authoring.difficulty import difficulty_comment, rate
from game.authoring.lint import lint_paths
from game.authoring.scaffold import main_new
from game.authoring.schema import SCENARIO_SCHEMA, SCHEMA_DIR
from game.cli import main
from game.engine import FakerPersonas, Session, walk
from game.locale import words
from game.scenario import Catalog, check_scenario_file, errors_in
from tests.conftest import SCENARIOS

KINDS = ("scam", "legit")
REGIONS = ("CN", "US", "GB")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """One scaffold of each kind in each region, written through the command line."""
    folder = tmp_path_factory.mktemp("new")
    files = {}
    for kind in KINDS:
        for region in REGIONS:
            scenario_id = f"my_{kind}_{region.lower()}"
            out = io.StringIO()
            assert main(["new", scenario_id, "--kind", kind, "--region", region, "--dir", str(folder)],
                        stdout=out) == 0, out.getvalue()
            files[(kind, region)] = folder / f"{scenario_id}.yaml"
    return files


def test_every_kind_and_region_validates_with_no_problem_and_plays(written, catalog: Catalog) -> None:
    personas = FakerPersonas()
    for (kind, region), path in written.items():
        scenario, problems = check_scenario_file(path, catalog)
        assert scenario is not None and problems == [], [p.format() for p in problems]
        assert scenario.kind == kind and scenario.regions == (region,)
        text = path.read_text(encoding="utf-8")
        assert rate(scenario, difficulty_comment(text)).difficulty == scenario.difficulty, path.name
        endings = set()
        for seed in range(12):
            lang = ("en", "zh")[seed % 2]
            session = Session(scenario, catalog, seed=seed, lang=lang, personas=personas, region=region, words=words)
            record = walk(session, random.Random(seed))
            assert record.error is None and record.ending in scenario.endings, (path.name, seed, record.error)
            endings.add(record.ending)
        assert len(endings) >= 2, (path.name, endings)


def test_scaffolds_lint_without_errors(written, catalog: Catalog) -> None:
    report = lint_paths(list(written.values()), catalog, "en")
    problems = [p for found in report.problems.values() for p in found]
    assert not errors_in(problems), [p.format() for p in problems]
    assert not problems, [p.format() for p in problems]          # not even a warning, today


def test_legit_names_the_scam_it_resembles_and_carries_no_flags(written, catalog: Catalog) -> None:
    for (kind, region), path in written.items():
        scenario, _ = check_scenario_file(path, catalog)
        flags = [flag for step in scenario.steps.values() for message in step.messages for flag in message.flags]
        outcomes = {ending.outcome for ending in scenario.endings.values()}
        if kind == "legit":
            assert scenario.resembles == "fake_customer_service" and not flags
            assert "overcautious" in outcomes
        else:
            assert scenario.resembles is None and len(set(flags)) >= 3
            assert {"safe", "partial", "scammed"} <= outcomes


def test_the_file_teaches_each_part_and_points_at_the_schema(written) -> None:
    for (kind, _), path in written.items():
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema == (SCHEMA_DIR / SCENARIO_SCHEMA).resolve() and schema.is_file()
        for taught in ("Faker", "money", "why:", "instead:" if kind == "scam" else "note:", "safe: true",
                       "timeout:", "outcome:", "debrief", "sources:", "premise:", "docs/difficulty.md"):
            assert taught in rest, (path.name, taught)
        assert rest.count("zh:") >= 10


def test_sources_come_from_a_shipped_scenario_of_the_category(tmp_path: Path) -> None:
    assert main(["new", "loan_story", "--category", "fake_loan", "--dir", str(tmp_path)], stdout=io.StringIO()) == 0
    text = (tmp_path / "loan_story.yaml").read_text(encoding="utf-8")
    assert "category: fake_loan" in text and "The sources of loan_fee_trap" in text
    shipped = (SCENARIOS / "loan_fee_trap.yaml").read_text(encoding="utf-8")
    source = text.split("sources:\n", 1)[1].splitlines()[0].strip()[2:]
    assert source.strip('"') in shipped


def test_legit_of_a_scam_category_becomes_its_look_alike(tmp_path: Path) -> None:
    assert main(["new", "toll_notice", "--kind", "legit", "--category", "toll_smishing", "--dir", str(tmp_path)],
                stdout=io.StringIO()) == 0
    text = (tmp_path / "toll_notice.yaml").read_text(encoding="utf-8")
    assert "\ncategory: toll_account_notice" in text and "\nresembles: toll_smishing" in text


def _args(scenario_id: str, folder: Path, **more) -> Namespace:
    values = {"kind": "scam", "category": None, "region": None, "dir": folder, "force": False, "catalog": None}
    return Namespace(scenario_id=scenario_id, **{**values, **more})


def test_refuses_to_overwrite_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDFLAG_LANG", "en")
    target = tmp_path / "mine.yaml"
    target.write_text("my own work\n", encoding="utf-8")
    out = io.StringIO()
    assert main_new(_args("mine", tmp_path), SCENARIOS, out) == 1
    assert target.read_text(encoding="utf-8") == "my own work\n" and "--force" in out.getvalue()
    assert main_new(_args("mine", tmp_path, force=True), SCENARIOS, io.StringIO()) == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


@pytest.mark.parametrize("scenario_id, more, expected", [
    ("Bank-Call", {}, ["'Bank-Call' cannot be a scenario ID", "bank_call"]),
    ("9lives", {}, ["cannot be a scenario ID", "s_9lives"]),
    ("ok_id", {"category": "fake_lone"}, ["no category 'fake_lone'", "fake_investment, fake_loan", "'fake_loan'?"]),
    ("ok_id", {"region": "UK"}, ["no region 'UK'", "CN, GB, US", "Did you mean 'GB'?"]),
    ("ok_id", {"region": "XX"}, ["no region 'XX'", "CN, GB, US"]),
])
def test_bad_id_category_or_region_is_a_clear_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          scenario_id: str, more: dict, expected: list[str]) -> None:
    monkeypatch.setenv("REDFLAG_LANG", "en")
    out = io.StringIO()
    assert main_new(_args(scenario_id, tmp_path, **more), SCENARIOS, out) == 2
    for words_expected in expected:
        assert words_expected in out.getvalue(), out.getvalue()
    if more.get("region") == "XX":
        assert "Did you mean" not in out.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_messages_follow_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDFLAG_LANG", "zh")
    out = io.StringIO()
    assert main_new(_args("ok_id", tmp_path, region="UK"), SCENARIOS, out) == 2
    assert "没有“UK”这个地区" in out.getvalue() and "GB" in out.getvalue()


def test_a_new_kind_of_con_gets_its_own_category(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 catalog: Catalog) -> None:
    """The format takes any category: a new one is written (with a note), a near miss is refused."""
    monkeypatch.setenv("REDFLAG_LANG", "en")
    out = io.StringIO()
    assert main_new(_args("customs_duty", tmp_path, category="customs_fee"), SCENARIOS, out) == 0
    assert "no shipped scenario uses the category 'customs_fee'" in out.getvalue()
    scenario, problems = check_scenario_file(tmp_path / "customs_duty.yaml", catalog)
    assert scenario is not None and scenario.category == "customs_fee" and not errors_in(problems)
