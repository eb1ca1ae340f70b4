"""The rules a session save is checked by (`game.engine.saves`), one at a time: a good save
with one thing changed is refused with `SaveError`, and what a save writes (amounts as text,
the content hash, the migrations of old versions) is what it reads back."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from game.engine import FixedPersonas, SaveError, Session, saves
from tests.conftest import FIXTURES, scenario_from_text

PERSONAS = FixedPersonas()


@pytest.fixture(scope="module")
def rebate(catalog):
    return scenario_from_text((FIXTURES / "format2" / "rebate_wallet.yaml").read_text(encoding="utf-8"), catalog)


def at_fee(tiny, catalog, **kwargs) -> Session:
    """tiny_loan at its second step: two messages flagged (one changed), a choice made."""
    session = Session(tiny, catalog, seed=1, lang="en", personas=PERSONAS, **kwargs)
    session.tick(10)
    session.flag("ad_text", "search_ad_lure")
    session.flag("ad_hours")
    session.flag("ad_text", "too_easy_credit")
    session.choose("open_ad")
    session.tick(5)
    return session


def good(tiny, catalog) -> dict:
    return copy.deepcopy(at_fee(tiny, catalog).to_json())


def refused(data, scenario, catalog, words: str = "") -> str:
    with pytest.raises(SaveError) as error:
        saves.load(data, scenario, catalog)
    assert words in str(error.value)
    return str(error.value)


def test_a_good_save_loads_to_the_same_state(tiny, catalog):
    session = at_fee(tiny, catalog)
    state = saves.load(session.to_json(), tiny, catalog)
    assert saves.dump(state) == saves.dump(session._state)


def test_a_save_that_is_not_an_object_or_of_another_version_is_refused(tiny, catalog):
    refused(["a", "list"], tiny, catalog, "not a JSON object")
    with pytest.raises(SaveError):
        saves.check_shape("text")
    refused({**good(tiny, catalog), "save_version": 5}, tiny, catalog, "version 5")


def test_a_save_for_another_scenario_version_or_content_is_refused(tiny, catalog):
    data = good(tiny, catalog)
    refused({**data, "scenario_id": "other"}, tiny, catalog, "'other'")
    refused({**data, "scenario_version": tiny.version + 1}, tiny, catalog, f"version {tiny.version + 1}")
    with pytest.raises(saves.ScenarioChangedError):
        saves.load({**data, "content_hash": "0" * 64}, tiny, catalog)
    saves.load({**data, "content_hash": saves.content_hash(tiny)}, tiny, catalog)
    saves.load({k: v for k, v in data.items() if k != "content_hash"}, tiny, catalog)


def test_a_dump_with_the_scenario_records_its_content_hash(tiny, catalog):
    state = at_fee(tiny, catalog)._state
    assert saves.dump(state, tiny)["content_hash"] == saves.content_hash(tiny)
    assert len(saves.content_hash(tiny)) == 64


def test_region_language_step_and_ended_must_fit_the_scenario(tiny, catalog):
    data = good(tiny, catalog)
    refused({**data, "region": "GB"} if "GB" not in tiny.regions else {**data, "region": "ZZ"}, tiny, catalog, "region")
    refused({**data, "lang": "fr"}, tiny, catalog, "language")
    refused({**data, "node": "nowhere"}, tiny, catalog, "'nowhere'")
    refused({**data, "ended": True}, tiny, catalog, "has ended")
    refused({**data, "node": "end_safe", "ended": False}, tiny, catalog, "goes on")


def test_the_personas_must_match_the_cast_in_every_language(tiny, catalog):
    data = good(tiny, catalog)
    for lang in data["personas"]:
        broken = copy.deepcopy(data)
        broken["personas"][lang].pop(next(iter(broken["personas"][lang])))
        refused(broken, tiny, catalog, "personas")
    broken = copy.deepcopy(data)
    broken["personas"].pop(next(iter(broken["personas"])))
    refused(broken, tiny, catalog, "personas")


def test_deliveries_must_be_known_in_order_and_written_in_the_saves_language(tiny, catalog):
    data = good(tiny, catalog)
    broken = copy.deepcopy(data)
    broken["deliveries"][0]["step_id"] = "fee"                     # a known message, in the wrong step
    refused(broken, tiny, catalog, "unknown message")
    broken = copy.deepcopy(data)
    broken["deliveries"][0]["text"] = {"zh": "星期一"}
    refused(broken, tiny, catalog, "missing or in an unknown language")
    broken = copy.deepcopy(data)
    broken["deliveries"][0]["text"]["fr"] = "lundi"
    refused(broken, tiny, catalog, "unknown language")
    broken = copy.deepcopy(data)
    broken["deliveries"][1]["at"] = broken["deliveries"][0]["at"] - 1
    refused(broken, tiny, catalog, "out of order")
    same = copy.deepcopy(data)
    same["deliveries"][1]["at"] = same["deliveries"][0]["at"]      # two at the same moment are in order
    saves.load(same, tiny, catalog)


def test_flags_first_flags_and_the_flag_log_name_known_messages_and_red_flags(tiny, catalog):
    data = good(tiny, catalog)
    for key in ("flags", "first_flags"):
        refused({**data, key: {**data[key], "ghost": ""}}, tiny, catalog, "unknown message")
        refused({**data, key: {**data[key], "ad_hours": "not_a_flag"}}, tiny, catalog, "unknown message or red flag")
        saves.load({**data, key: {**data[key], "ad_hours": ""}}, tiny, catalog)         # "just suspicious"
    log = copy.deepcopy(data["flag_log"])
    log[0]["message_id"] = "ghost"
    refused({**data, "flag_log": log}, tiny, catalog, "flag log")
    log = copy.deepcopy(data["flag_log"])
    log[0]["flag"] = "not_a_flag"
    refused({**data, "flag_log": log}, tiny, catalog, "flag log")
    refused({**data, "given": ["id_number", "soul"]}, tiny, catalog, "data items")
    saves.load({**data, "given": ["id_number"]}, tiny, catalog)


def test_flags_and_choices_are_in_order_and_not_ahead_of_the_clock(tiny, catalog):
    data = good(tiny, catalog)
    log = copy.deepcopy(data["flag_log"])
    log[1]["at"] = log[0]["at"] - 1
    refused({**data, "flag_log": log}, tiny, catalog, "flag log")
    log = copy.deepcopy(data["flag_log"])
    log[-1]["at"] = data["clock"] + 1
    refused({**data, "flag_log": log}, tiny, catalog, "ahead of the clock")
    choices = copy.deepcopy(data["choices"])
    choices[0]["at"] = data["clock"] + 1
    refused({**data, "choices": choices}, tiny, catalog, "ahead of the clock")
    two = [copy.deepcopy(c) for c in data["choices"] * 2]
    two[1]["at"] = two[0]["at"] - 1
    refused({**data, "choices": two}, tiny, catalog, "out of order")
    choices = copy.deepcopy(data["choices"])
    choices[0]["choice_id"] = "fly"
    refused({**data, "choices": choices}, tiny, catalog, "'fly'")
    choices[0]["step_id"] = "nowhere"
    refused({**data, "choices": choices}, tiny, catalog, "unknown choice")
    timeout = copy.deepcopy(data["choices"])
    timeout[0]["choice_id"] = "timeout"                    # a timeout is recorded as a choice of its own
    saves.load({**data, "choices": timeout}, tiny, catalog)


def test_a_clock_past_the_steps_timeout_is_refused_but_up_to_it_is_fine(tiny, catalog):
    data = good(tiny, catalog)
    limit = data["choices_at"] + tiny.steps["fee"].timeout.after
    saves.load({**data, "clock": limit}, tiny, catalog)
    refused({**data, "clock": limit + 1}, tiny, catalog, "timeout")


def test_variables_must_be_the_scenarios_and_a_word_variable_one_of_its_words(tiny, catalog):
    data = good(tiny, catalog)
    refused({**data, "vars": {k: v for k, v in data["vars"].items() if k != "fee"}}, tiny, catalog, "variables")
    refused({**data, "vars": {**data["vars"], "extra": 1}}, tiny, catalog, "variables")
    words = len(tiny.vars["label"].pick)
    refused({**data, "vars": {**data["vars"], "label": words}}, tiny, catalog, "'label'")
    refused({**data, "vars": {**data["vars"], "label": -1}}, tiny, catalog, "'label'")
    refused({**data, "vars": {**data["vars"], "label": "0"}}, tiny, catalog, "'label'")
    saves.load({**data, "vars": {**data["vars"], "label": words - 1}}, tiny, catalog)
    saves.load({**data, "vars": {**data["vars"], "label": 0}}, tiny, catalog)


@pytest.mark.parametrize(("field", "value"), [
    ("clock", -1.0), ("clock", saves.MAX_SECONDS + 1), ("seed", saves.MAX_SEED), ("seed", -saves.MAX_SEED - 1),
    ("revision", -1), ("scenario_version", -1), ("node", "n" * 201), ("feedback", "sometimes"),
    ("given", ["id_number"] * (saves.MAX_ITEMS + 1)), ("clock", float("nan")), ("content_hash", "abc")])
def test_numbers_texts_and_lists_are_bounded(tiny, catalog, field, value):
    refused({**good(tiny, catalog), field: value}, tiny, catalog, field)


def test_the_bounds_themselves_are_allowed(tiny, catalog):
    data = good(tiny, catalog)
    saves.check_shape({**data, "seed": saves.MAX_SEED - 1, "revision": 0, "scenario_version": 0})
    saves.check_shape({**data, "seed": -saves.MAX_SEED, "clock": float(saves.MAX_SECONDS), "node": "n" * 200})
    assert saves.MAX_SECONDS == 10 ** 9 and saves.MAX_SEED == 2 ** 63


def test_a_problem_names_where_it_is_and_not_the_value():
    with pytest.raises(SaveError) as error:
        saves.check_shape({"save_version": 4})
    assert str(error.value).startswith("'") and "in the save" in str(error.value)


def test_amounts_are_saved_as_text_and_read_back_as_decimals(rebate, catalog):
    session = Session(rebate, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    for choice in ("pay_small", "take_rebate"):
        session.tick(session.seconds_until_choices())
        session.choose(choice)
    session.tick(session.seconds_until_choices())
    data = session.to_json()
    assert isinstance(data["paid"], str) and Decimal(data["paid"]) == session._state.paid
    assert all(isinstance(r["amount"], str) for r in data["payments"] + data["received"])
    assert isinstance(data["wallet"], (str, int))
    assert any(isinstance(d["payment"], str) for d in data["deliveries"])
    state = saves.load(data, rebate, catalog)
    assert (state.paid, state.wallet, state.received) == (session._state.paid, session._state.wallet,
                                                          session._state.received)
    assert saves.dump(state) == data or {**saves.dump(state), "content_hash": data.get("content_hash")} == data


def test_money_received_must_come_from_the_cast_in_a_known_step_and_not_be_negative(rebate, catalog):
    session = Session(rebate, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    for choice in ("pay_small", "take_rebate"):
        session.tick(session.seconds_until_choices())
        session.choose(choice)
    data = copy.deepcopy(session.to_json())
    assert data["received"]
    for change, words in (({"from": "stranger"}, "malformed"), ({"step_id": "nowhere"}, "malformed"),
                          ({"amount": "-1"}, "negative")):
        broken = copy.deepcopy(data)
        broken["received"][0].update(change)
        refused(broken, rebate, catalog, words)
    for change in ({"to": "stranger"}, {"step_id": "nowhere"}):
        broken = copy.deepcopy(data)
        broken["payments"][0].update(change)
        refused(broken, rebate, catalog, "payment")
    anonymous = copy.deepcopy(data)
    anonymous["payments"][0]["to"] = ""                   # a payment to no one in the cast is allowed
    saves.load(anonymous, rebate, catalog)
    refused({k: v for k, v in data.items() if k != "wallet"}, rebate, catalog, "wallet")


def test_a_save_without_a_wallet_gets_the_scenarios_starting_wallet(rebate, tiny, catalog):
    session = Session(rebate, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    data = {**session.to_json(), "wallet": None}
    assert saves.load(data, rebate, catalog).wallet == session._state.wallet
    assert saves.load({**good(tiny, catalog), "wallet": "50"}, tiny, catalog).wallet is None    # tiny has none


def test_old_versions_are_migrated(tiny, catalog):
    data = good(tiny, catalog)
    v1 = {k: v for k, v in data.items() if k not in ("first_flags", "feedback", "payments", "region", "received",
                                                    "wallet", "content_hash")}
    v1["save_version"] = 1
    v1["flag_log"] = [*data["flag_log"], {"at": 1, "message_id": 3, "flag": "x"}, "junk"]
    upgraded = saves.migrate_v1_to_v2(v1)
    assert upgraded["first_flags"] == {"ad_text": "search_ad_lure", "ad_hours": ""}
    assert (upgraded["save_version"], upgraded["feedback"], upgraded["payments"]) == (2, "delayed", [])
    assert saves.migrate_v2_to_v3(upgraded)["region"] == "CN"
    assert saves.migrate_v2_to_v3(upgraded)["save_version"] == 3
    four = saves.migrate_v3_to_v4(saves.migrate_v2_to_v3(upgraded))
    assert (four["save_version"], four["received"], four["wallet"]) == (4, [], None)
    v1["flag_log"] = data["flag_log"]
    state = saves.load(v1, tiny, catalog)
    assert (state.first_flags, state.region, state.feedback) == ({"ad_text": "search_ad_lure", "ad_hours": ""},
                                                                 "CN", "delayed")
    v2 = {**upgraded, "flag_log": data["flag_log"]}
    assert saves.load(v2, tiny, catalog).region == "CN"
    v3 = saves.migrate_v2_to_v3(v2)
    assert saves.load(v3, tiny, catalog).received == []


def test_a_dumped_state_shares_nothing_mutable_with_the_session(tiny, catalog):
    session = at_fee(tiny, catalog)
    data = saves.dump(session._state)
    data["flags"]["ad_text"] = "changed"
    data["deliveries"][0]["text"]["en"] = "changed"
    data["given"].append("x")
    data["flag_log"][0]["flag"] = "changed"
    assert session._state.flags["ad_text"] == "too_easy_credit"
    assert session._state.deliveries[0].text["en"] != "changed"
    assert session._state.given == [] and session._state.flag_log[0]["flag"] == "search_ad_lure"


def test_the_limits_are_the_documented_ones_and_hold_at_their_edges(tiny, catalog):
    assert (saves.MAX_SECONDS, saves.MAX_ITEMS, saves.MAX_TEXT, saves.MAX_SEED) == (10 ** 9, 100_000, 100_000, 2 ** 63)
    data = good(tiny, catalog)
    longest = copy.deepcopy(data)
    longest["deliveries"][0]["text"]["en"] = "x" * saves.MAX_TEXT
    saves.check_shape(longest)
    longest["deliveries"][0]["text"]["en"] += "x"
    with pytest.raises(SaveError):
        saves.check_shape(longest)
    saves.check_shape({**data, "given": ["id_number"] * saves.MAX_ITEMS})


def test_a_saved_amount_is_at_most_forty_characters(tiny, catalog):
    data = good(tiny, catalog)
    saves.check_shape({**data, "paid": "0" * 39 + "1"})
    refused({**data, "paid": "0" * 40 + "1"}, tiny, catalog, "paid")


def test_an_unknown_language_is_named_as_such(tiny, catalog):
    refused({**good(tiny, catalog), "lang": "fr"}, tiny, catalog, "unknown language 'fr'")


def test_a_decimal_wallet_is_saved_as_text(catalog):
    text = (FIXTURES / "format2" / "rebate_wallet.yaml").read_text(encoding="utf-8")
    scenario = scenario_from_text(text.replace("savings: {by_region: {CN: 800, US: 120, GB: 100}}",
                                               "savings: {by_region: {CN: 800, US: 120, GB: 99.5}}"), catalog)
    session = Session(scenario, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    data = session.to_json()
    assert data["wallet"] == "99.5"
    assert saves.load(data, scenario, catalog).wallet == Decimal("99.5")


def test_copying_a_state_value_copies_containers_and_writes_dataclasses_as_dicts():
    from dataclasses import dataclass

    @dataclass
    class Point:
        x: int

    value = {"a": [1, (2, [3])], "p": Point(4)}
    copied = saves._copy(value)
    assert copied == {"a": [1, (2, [3])], "p": {"x": 4}}
    assert copied["a"] is not value["a"] and copied["a"][1][1] is not value["a"][1][1]
    assert isinstance(copied["a"][1], tuple)


def test_times_within_the_tolerance_are_in_order_and_a_flag_may_come_in_the_first_second(tiny, catalog):
    data = good(tiny, catalog)
    hair = copy.deepcopy(data)
    first = hair["deliveries"][0]["at"] = 2.0
    hair["deliveries"][1]["at"] = first - saves._TOLERANCE          # a float's hair earlier: still in order
    hair["flag_log"][0]["at"] = 0.5                                   # flagged half a second in
    hair["flag_log"][1]["at"] = 0.5 - saves._TOLERANCE
    hair["flag_log"][-1]["at"] = hair["clock"] + saves._TOLERANCE     # at the clock, give or take a hair
    hair["choices"][0]["at"] = 0.5
    saves.load(hair, tiny, catalog)


def test_an_old_save_too_broken_to_upgrade_says_so(tiny, catalog):
    v1 = {**good(tiny, catalog), "save_version": 1, "flag_log": 5}
    refused(v1, tiny, catalog, "too old and malformed")


def test_money_received_may_be_zero(rebate, catalog):
    session = Session(rebate, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    for choice in ("pay_small", "take_rebate"):
        session.tick(session.seconds_until_choices())
        session.choose(choice)
    data = copy.deepcopy(session.to_json())
    data["received"][0]["amount"] = "0"
    assert saves.load(data, rebate, catalog).received[0]["amount"] == 0


@pytest.mark.parametrize(("field", "value"), [("clock", "10"), ("seed", "1"), ("seed", 1.0), ("ended", 0),
                                              ("revision", "0")])
def test_types_are_strict_nothing_is_coerced(tiny, catalog, field, value):
    refused({**good(tiny, catalog), field: value}, tiny, catalog, field)


def test_a_delivery_without_any_text_is_malformed(tiny, catalog):
    data = good(tiny, catalog)
    data["deliveries"][0]["text"] = {}
    with pytest.raises(SaveError):
        saves.check_shape(data)


def test_a_clock_a_hair_past_the_timeout_is_still_within_the_tolerance(tiny, catalog):
    data = good(tiny, catalog)
    saves.load({**data, "clock": data["choices_at"] + tiny.steps["fee"].timeout.after + saves._TOLERANCE}, tiny,
               catalog)


def test_at_most_64_languages_of_personas_and_of_a_messages_text(tiny, catalog):
    data = good(tiny, catalog)
    one = next(iter(data["personas"].values()))
    for count, fine in ((64, True), (65, False)):
        shaped = copy.deepcopy(data)
        shaped["personas"] = {f"l{n}": one for n in range(count)}
        shaped["deliveries"][0]["text"] = {f"l{n}": "x" for n in range(count)}
        for key in ("personas", "deliveries"):
            trial = {**data, key: shaped[key]}
            if fine:
                saves.check_shape(trial)
            else:
                with pytest.raises(SaveError):
                    saves.check_shape(trial)


def test_money_received_is_saved_under_from_and_nothing_else(rebate, catalog):
    session = Session(rebate, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    for choice in ("pay_small", "take_rebate"):
        session.tick(session.seconds_until_choices())
        session.choose(choice)
    data = copy.deepcopy(session.to_json())
    record = data["received"][0]
    record["sender"] = record.pop("from")
    with pytest.raises(SaveError):
        saves.check_shape(data)


def test_choices_a_hair_out_of_order_or_past_the_clock_are_within_the_tolerance(tiny, catalog):
    data = good(tiny, catalog)
    two = [copy.deepcopy(c) for c in data["choices"] * 2]
    two[0]["at"] = 3.0
    two[1]["at"] = 3.0 - saves._TOLERANCE
    saves.load({**data, "choices": two}, tiny, catalog)
    late = copy.deepcopy(data["choices"])
    late[0]["at"] = data["clock"] + saves._TOLERANCE
    saves.load({**data, "choices": late}, tiny, catalog)


@pytest.mark.parametrize(("field", "largest"), [("scenario_version", 10 ** 9), ("revision", 2 ** 53)])
def test_versions_and_revisions_are_bounded_where_documented(tiny, catalog, field, largest):
    data = good(tiny, catalog)
    saves.check_shape({**data, field: largest})
    with pytest.raises(SaveError):
        saves.check_shape({**data, field: largest + 1})


def test_a_save_without_a_wallet_starts_from_a_wallet_below_one_as_it_is(catalog):
    text = (FIXTURES / "format2" / "rebate_wallet.yaml").read_text(encoding="utf-8")
    scenario = scenario_from_text(text.replace("savings: {by_region: {CN: 800, US: 120, GB: 100}}",
                                               "savings: {by_region: {CN: 800, US: 120, GB: 0.5}}"), catalog)
    session = Session(scenario, catalog, seed=3, lang="en", personas=PERSONAS, region="GB")
    assert saves.load({**session.to_json(), "wallet": None}, scenario, catalog).wallet == Decimal("0.5")
