"""schema/*.schema.json: in step with the models, draft 07, and agreeing with them on real and broken files."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.authoring.schema import CATALOG_SCHEMA, DURATION_PATTERN, SCENARIO_SCHEMA, SCHEMA_DIR, dumps, schemas
from game.scenario import CATALOG_NAME, FACTS_NAME
from tests.conftest import ROOT, SCENARIOS


def _checked_in(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(_checked_in(SCENARIO_SCHEMA))


@pytest.fixture(scope="module")
def library() -> dict[str, dict]:
    """Every shipped scenario and every example in the docs, read as YAML once."""
    files = [p for p in sorted(SCENARIOS.glob("*.yaml")) if p.name not in (CATALOG_NAME, FACTS_NAME)]
    files += sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    assert len(files) > 30
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)      # libyaml's parser: five times faster
    return {str(p.relative_to(ROOT)): yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in files}


def test_checked_in_schemas_equal_a_fresh_generation() -> None:
    """Change game/scenario/models.py, and this fails until `python tools/make_schema.py` is run."""
    for name, schema in schemas().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == dumps(schema), \
            f"{name} is out of date: run python tools/make_schema.py"


def test_schemas_are_draft_07_with_no_2020_12_keywords() -> None:
    for name in (SCENARIO_SCHEMA, CATALOG_SCHEMA):
        schema = _checked_in(name)
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        keywords = set(_keywords(schema))
        assert not keywords & {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
                               "dependentRequired", "dependentSchemas", "$anchor", "discriminator",
                               "ge", "gt", "le", "lt"}, name
        text = json.dumps(schema)
        for ref in re.findall(r'"\$ref": "([^"]+)"', text):
            assert ref.startswith("#/definitions/") and ref.split("/")[-1] in schema["definitions"], ref


def _keywords(schema: object):
    """Every keyword used in a schema (property names are not keywords)."""
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        yield key
        if key in ("properties", "patternProperties", "definitions", "$defs"):
            for sub in value.values():
                yield from _keywords(sub)
        elif isinstance(value, list):
            for sub in value:
                yield from _keywords(sub)
        elif isinstance(value, dict) and key not in ("examples", "default", "const", "enum"):
            yield from _keywords(value)


def test_every_field_has_a_description(validator: jsonschema.Draft7Validator) -> None:
    schema = validator.schema
    missing = [f"{name}.{key}" for name, definition in [("Scenario", schema), *schema["definitions"].items()]
               for key, spec in definition.get("properties", {}).items() if not spec.get("description")]
    assert not missing, missing
    assert schema["properties"]["kind"]["examples"] == ["scam"]


def test_every_shipped_scenario_and_docs_example_validates(validator, library) -> None:
    for name, data in library.items():
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (name, errors[:3])


def test_the_catalogue_validates_against_its_schema() -> None:
    catalog = yaml.safe_load((SCENARIOS / CATALOG_NAME).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(_checked_in(CATALOG_SCHEMA))
    assert not list(validator.iter_errors(catalog))
    broken = copy.deepcopy(catalog)
    next(iter(broken["red_flags"].values()))["group"] = "feelings"
    assert list(validator.iter_errors(broken))


def _break(data: dict, how: str) -> dict:
    data = copy.deepcopy(data)
    step = data["steps"][data["start"]]
    ending = next(iter(data["endings"].values()))
    if how == "opposite_outcome":
        ending["outcome"] = "saved"
    elif how == "misspelt_key":
        data["titel"] = data.pop("title")
    elif how == "bad_faker_kind":
        next(iter(data["cast"].values()))["name"] = "nmae"
    elif how == "bad_duration":
        step["gap"] = "2w"              # weeks are not a unit
    elif how == "missing_chinese":
        del data["summary"]["zh"]
    elif how == "format_2_without_regions":
        del data["regions"]
    elif how == "empty_condition":
        step["choices"][0]["when"] = {"paid": {}}
    elif how == "three_numbers_between":
        data["vars"]["x"] = {"between": [1, 2, 3]}
    elif how == "bad_id":
        data["steps"]["Bad-Step"] = data["steps"].pop(data["start"])
    elif how == "text_as_amount":
        step["choices"][0]["effects"] = {"pay": "3,000 yuan"}
    return data


@pytest.mark.parametrize("how", ["opposite_outcome", "misspelt_key", "bad_faker_kind", "bad_duration",
                                 "missing_chinese", "format_2_without_regions", "empty_condition",
                                 "three_numbers_between", "bad_id", "text_as_amount"])
def test_broken_files_fail_it(validator, library, how: str) -> None:
    original = library["scenarios/toll_text.yaml"]
    assert not list(validator.iter_errors(original))
    assert list(validator.iter_errors(_break(original, how))), how


def test_durations_the_schema_accepts_are_those_the_models_read() -> None:
    from game.scenario.models import parse_duration

    for text in ("45s", "30m", "3h", "2d", "1d 6h", " 1.5h ", "90 s", "2w", "3 weeks", "1x", "h", "", "10"):
        try:
            parse_duration(text)
            model_ok = True
        except ValueError:
            model_ok = False
        assert bool(re.match(DURATION_PATTERN.replace("\\d", "[0-9]"), text)) == model_ok, text


def test_make_schema_check_passes(capsys: pytest.CaptureFixture) -> None:
    from game.authoring.schema import main

    assert main(["--check"]) == 0
    assert capsys.readouterr().out == ""


def test_a_changed_model_makes_the_check_fail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same check, against a folder whose schema is older than the models."""
    from game.authoring import schema as module

    for name, generated in schemas().items():
        (tmp_path / name).write_text(dumps(generated).replace("Numbers and words", "Numbers"), encoding="utf-8")
    monkeypatch.setattr(module, "SCHEMA_DIR", tmp_path)
    assert module.main(["--check"]) == 1
