"""Regions, money as data and format 2: amounts follow the player's region, v1 files keep working."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from game.authoring import migrate_file, migrate_text
from game.engine import EngineError, FixedPersonas, Session, walk
from game.scenario import check_scenario_bytes, check_scenario_file, format_money
from tests.conftest import FIXTURES, scenario_from_text

V1 = FIXTURES / "v1"
TINY = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")


def v2(text: str, regions: str = "[CN, US, GB]") -> str:
    """The tiny loan as a format-2 file for `regions`, its money written without a currency."""
    return (text.replace("format: 1", f"format: 2\nregions: {regions}")
            .replace("{fee}元", "{fee}").replace("{paid}元", "{paid}"))


def problems_of(text: str, catalog) -> list[str]:
    _, problems = check_scenario_bytes("t.yaml", text.encode("utf-8"), catalog)
    return [f"{p.line}:{p.column} {p.code} {p.message}" for p in problems]


def play_to_payment(session: Session):
    session.tick(session.seconds_until_choices())
    session.choose("open_ad")
    session.tick(session.seconds_until_choices())
    return session.view()


def choose(session: Session, choice_id: str) -> None:
    session.tick(session.seconds_until_choices())
    session.choose(choice_id)


# -- the region files -------------------------------------------------------------------

def test_every_region_has_its_currency_help_lines_and_the_shared_services(catalog):
    assert {"CN", "US", "GB"} <= set(catalog.regions)
    currencies = {r.id: r.currency for r in catalog.regions.values()}
    assert currencies["CN"] == "CNY" and currencies["US"] == "USD" and currencies["GB"] == "GBP"
    shared = ("emergency", "police_report", "report_online", "bank_line", "spam_report", "tax_agency")
    for region in catalog.regions.values():
        assert region.help, region.id
        assert all(key in region.values for key in shared), region.id
    assert catalog.regions["US"].value("emergency", "en") == "911"
    assert catalog.regions["GB"].value("emergency", "en") == "999"
    assert catalog.regions["CN"].value("emergency", "en") == "110"


def test_no_region_names_another_regions_help_lines(catalog):
    numbers = {"CN": ("110", "96110", "12381"), "US": ("911",), "GB": ("999", "159")}
    for region in catalog.regions.values():
        text = json.dumps(region.model_dump(), ensure_ascii=False)
        for other, own in numbers.items():
            if other != region.id:
                for number in own:
                    assert f'"{number}"' not in text, (region.id, number)


# -- money follows the region -------------------------------------------------------------

@pytest.mark.parametrize("region, sign", [("CN", "¥"), ("US", "$"), ("GB", "£")])
def test_a_format_2_amount_shows_in_the_regions_currency(catalog, region, sign):
    scenario = scenario_from_text(v2(TINY), catalog)
    session = Session(scenario, catalog, seed=3, lang="zh" if region == "CN" else "en", personas=FixedPersonas(),
                      region=region)
    view = play_to_payment(session)
    fee = session._state.vars["fee"]
    demand = next(m for m in view.messages if m.id == "fee_demand")
    assert view.currency == {"CN": "CNY", "US": "USD", "GB": "GBP"}[region]
    assert demand.payment.amount == fee and demand.payment.currency == view.currency
    shown = format_money(fee, view.currency, session.lang)
    assert shown in demand.text and sign in shown
    for other in {"¥", "$", "£"} - {sign}:
        assert other not in demand.text


def test_a_format_1_file_plays_unchanged_in_yuan(catalog):
    scenario = scenario_from_text(TINY, catalog)
    assert scenario.regions == ("CN",)
    session = Session(scenario, catalog, seed=3, lang="zh", personas=FixedPersonas())
    view = play_to_payment(session)
    fee = session._state.vars["fee"]
    demand = next(m for m in view.messages if m.id == "fee_demand")
    assert f"{fee:,}元" in demand.text                    # the author's own "{fee}元", as written
    assert "¥" not in demand.text
    assert view.currency == "CNY"
    with pytest.raises(EngineError):
        Session(scenario, catalog, seed=3, personas=FixedPersonas(), region="US")


def test_by_region_values_follow_the_region_and_must_cover_every_region(catalog):
    text = v2(TINY).replace("fee: {between: [1000, 3000], step: 500}",
                            "fee: {by_region: {CN: 3000, US: 12.9, GB: {pick: [7, 8]}}}")
    scenario = scenario_from_text(text, catalog)
    amounts = {region: Session(scenario, catalog, seed=1, personas=FixedPersonas(), region=region)._state.vars["fee"]
               for region in ("CN", "US", "GB")}
    assert amounts["CN"] == 3000 and amounts["US"] == Decimal("12.9") and amounts["GB"] in (7, 8)
    broken = problems_of(text.replace(", GB: {pick: [7, 8]}", ""), catalog)
    assert any("RF036" in p and "no value for GB" in p for p in broken), broken


def test_decimal_payments_add_up_exactly_and_survive_a_save(catalog):
    text = v2(TINY).replace("fee: {between: [1000, 3000], step: 500}", "fee: 12.9")
    scenario = scenario_from_text(text, catalog)
    session = Session(scenario, catalog, seed=1, lang="en", personas=FixedPersonas(), region="GB")
    play_to_payment(session)
    session.choose("pay")
    result = session.result()
    assert result.paid == Decimal("12.9") and result.loss == Decimal("12.9")
    assert "£12.90" in result.ending_debrief
    data = json.loads(json.dumps(session.to_json()))
    resumed = Session.from_json(scenario, catalog, data)
    assert resumed.result().paid == Decimal("12.9")
    assert resumed.result().to_dict()["paid"] == "12.9"


def test_an_amount_with_three_decimals_is_a_located_error(catalog):
    problems = problems_of(v2(TINY).replace("fee: {between: [1000, 3000], step: 500}", "fee: 12.999"), catalog)
    assert any(p.startswith("20:") and "more than two decimals" in p for p in problems), problems


def test_format_2_refuses_money_written_into_text(catalog):
    text = v2(TINY).replace('text: {en: "Pay {fee}"', 'text: {en: "Pay ¥{fee}"')
    problems = problems_of(text, catalog)
    assert any("RF038" in p and p.startswith("54:") and "'¥{fee}'" in p for p in problems), problems
    literal = v2(TINY).replace("Open every day.", "Loans from $500.")
    assert any("RF038" in p for p in problems_of(literal, catalog))
    assert not problems_of(v2(TINY), catalog)


# -- region services, help lines, facts ---------------------------------------------------

def test_region_placeholders_render_per_region_and_must_exist_in_every_region(catalog):
    text = v2(TINY).replace("You kept your money.", "Report it to {region.report_online}.")
    scenario = scenario_from_text(text, catalog)
    for region, expected in (("US", "ReportFraud.ftc.gov"), ("GB", "reportfraud.police.uk")):
        session = Session(scenario, catalog, seed=1, lang="en", personas=FixedPersonas(), region=region)
        choose(session, "use_bank")
        result = session.result()
        assert f"Report it to {expected}." == result.ending_debrief
        assert [h.contact for h in result.help] == [h.contact.en for h in catalog.regions[region].help]
    cn_only = v2(TINY).replace("You kept your money.", "Call {region.anti_fraud_line}.")
    problems = problems_of(cn_only, catalog)
    assert any("RF036" in p and "not defined for US, GB" in p for p in problems), problems
    assert not problems_of(v2(TINY, "[CN]").replace("You kept your money.", "Call {region.anti_fraud_line}."), catalog)


def test_an_ending_cites_a_fact_of_its_regions_only(catalog):
    if not catalog.facts:
        pytest.fail("scenarios/facts.yaml holds no facts")
    fact_id, fact = next(iter(catalog.facts.items()))
    regions = "[" + ", ".join(fact.regions) + "]"
    text = v2(TINY, regions).replace("    debrief: {en: \"You kept your money.\"",
                                      f"    fact: {fact_id}\n    debrief: {{en: \"You kept your money.\"")
    scenario = scenario_from_text(text, catalog)
    session = Session(scenario, catalog, seed=1, personas=FixedPersonas(), region=fact.regions[0])
    choose(session, "use_bank")
    assert session.result().fact.text == fact.text.en and session.result().fact.source == fact.source
    foreign = [r for r in ("CN", "US", "GB") if r not in fact.regions]
    if foreign:
        wrong = v2(TINY, "[" + ", ".join((*fact.regions, foreign[0])) + "]").replace(
            "    debrief: {en: \"You kept your money.\"", f"    fact: {fact_id}\n    debrief: {{en: \"You kept your money.\"")
        assert any("RF037" in p for p in problems_of(wrong, catalog))
    unknown = text.replace(f"fact: {fact_id}", "fact: no_such_fact")
    assert any("RF037" in p for p in problems_of(unknown, catalog))


def test_personas_come_from_the_regions_locale(catalog, scenarios):
    scenario = scenario_from_text(v2(TINY).replace("    name: name\n  mule:", "    name: name\n    phone: phone_number\n  mule:"),
                                  catalog)
    us = Session(scenario, catalog, seed=5, lang="en", region="US")
    cn = Session(scenario, catalog, seed=5, lang="zh", region="CN")
    us_agent, cn_agent = us._state.personas["en"]["agent"], cn._state.personas["zh"]["agent"]
    assert us_agent["name"].isascii() and " " in us_agent["name"]
    assert "555-01" in us_agent["phone"]                         # numbers set aside for fiction
    assert not cn_agent["name"].isascii()
    assert us._personas("zh")["agent"]["name"] == us_agent["name"]   # one person in every language


# -- format 1 keeps working; migrate -------------------------------------------------------

@pytest.mark.parametrize("path", sorted(V1.glob("*.yaml")), ids=lambda p: p.stem)
def test_format_1_files_still_validate_and_play(catalog, path):
    scenario, problems = check_scenario_file(path, catalog)
    assert scenario is not None, [p.format() for p in problems]
    assert scenario.format == 1 and scenario.regions == ("CN",)
    import random
    for seed in range(3):
        session = Session(scenario, catalog, seed=seed, lang=("en", "zh")[seed % 2], personas=FixedPersonas())
        record = walk(session, random.Random(seed))
        assert record.error is None and session.ended


@pytest.mark.parametrize("path", sorted(V1.glob("*.yaml")), ids=lambda p: p.stem)
def test_migrate_turns_a_v1_file_into_format_2_and_leaves_only_typed_amounts(catalog, path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    result = migrate_file(copy, catalog)
    assert result.changed
    assert (tmp_path / (path.name + ".v1")).read_bytes() == path.read_bytes()   # the old file is kept
    text = copy.read_text(encoding="utf-8")
    assert "format: 2\nregions: [CN]" in text
    assert "¥{" not in text and not any(f"{{{n}}}元" in text for n in ("fee", "paid", "loan"))
    assert all(p.code == "RF038" for p in result.problems), [p.format() for p in result.problems]


def test_migrate_text_drops_the_currency_beside_money_only():
    text = 'format: 1\nx: {en: "Pay ¥{fee} in {days} days", zh: "{days}天内付{fee}元"}\n'
    migrated, edits = migrate_text(text, frozenset({"fee", "paid"}), frozenset({"days"}))
    assert migrated == 'format: 2\nregions: [CN]\nx: {en: "Pay {fee} in {days} days", zh: "{days}天内付{fee}"}\n'
    assert len(edits) == 2
    loan, _ = migrate_text('format: 1\ny: "Your ¥{loan} is ready"\n', frozenset({"paid"}), frozenset({"loan"}))
    assert "money: [loan]" in loan and "¥" not in loan


def test_validate_notes_a_format_1_file_and_migrate_updates_it(tmp_path):
    from tests.conftest import run_main

    copy = tmp_path / "tiny_loan.yaml"
    copy.write_text(TINY, encoding="utf-8")
    done = run_main("validate", str(copy))
    assert done.returncode == 0 and "format 1" in done.stdout and "migrate" in done.stdout
    done = run_main("migrate", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "migrated" in done.stdout
    again = run_main("validate", str(copy))
    assert again.returncode == 0 and "format 1" not in again.stdout


def test_both_debriefs_end_with_the_regions_help_lines_and_show_the_fact(catalog):
    from game.locale import Translator
    from game.text.debrief import format_result

    fact_id, fact = next((k, f) for k, f in catalog.facts.items() if "GB" in f.regions)
    text = v2(TINY, "[GB]").replace("    debrief: {en: \"You kept your money.\"",
                                     f"    fact: {fact_id}\n    debrief: {{en: \"You kept your money.\"")
    session = Session(scenario_from_text(text, catalog), catalog, seed=2, lang="en", personas=FixedPersonas(),
                      region="GB")
    choose(session, "use_bank")
    shown = " ".join(format_result(session.result(), {}).split())
    assert Translator("en").t("debrief.help_title", region="United Kingdom") in shown
    for line in catalog.regions["GB"].help:
        assert line.contact.en in shown
    assert " ".join(fact.text.en.split()) in shown and fact.source in shown


def test_us_numbers_are_fiction_numbers_with_real_area_codes(catalog):
    """555-0100..0199 is set aside for fiction; the area code never starts with 0 or 1 and is
    never a service code, so no fake caller shows "(110)" or "(911)"."""
    import re

    from game.engine import FakerPersonas

    personas = FakerPersonas()
    numbers = {personas._pooled("en_US", "phone_number", index) for index in range(1 << personas.POOL_BITS)}
    assert len(numbers) > 200
    for number in numbers:
        assert re.fullmatch(r"\([2-9][0-8]\d\) 555-01\d\d", number), number
        assert number[2:4] != "11", number
