"""Load and validate content files: YAML → checked data → typed models.

Every function here returns problems as data or raises `ScenarioError` carrying all of them;
none lets another exception escape for bad file content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .cached import ValidCache, cache_key, from_cache
from .checks import ScenarioChecker, did_you_mean
from .errors import Problem, ScenarioError, errors_in
from .models import KNOWN_KEYS, LANGS, Catalog, Facts, Region, Scenario
from .templates import TemplateError, placeholders
from .yamlread import MAX_BYTES, Document, Loc, read_yaml

Model = TypeVar("Model", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "bool_type": "true or false", "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)", "model_attributes_type": "a mapping (key: value lines)",
    "list_type": "a list", "tuple_type": "a list", "literal_error": None,
}
_LANG_NAMES = {"en": "English (en)", "zh": "Chinese (zh)"}


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    label = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Problem(label, 0, 0, "RF005", f"the file is too large ({size:,} bytes)",
                                 f"a content file may be at most {MAX_BYTES:,} bytes")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1), None
    except IsADirectoryError:
        return None, Problem(label, 0, 0, "RF001", "this is a folder, not a file", "")
    except OSError as exc:
        return None, Problem(label, 0, 0, "RF001", f"cannot read the file: {exc.strerror or exc}", "")


def _navigate(data: object, loc: tuple) -> tuple[Loc, object, bool]:
    """Follow pydantic's `loc` through the real data, dropping union tags and helper keys.

    Returns the matching data path, the value there and whether all of `loc` matched."""
    path: list[str | int] = []
    value = data
    for part in loc:
        if isinstance(value, dict) and part in value:
            value = value[part]
            path.append(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            path.append(part)
    matched = bool(loc) and (path[-1:] == [loc[-1]])
    return tuple(path), value, matched


def _translate(label: str, doc: Document, error: dict) -> Problem:
    kind = error["type"]
    loc = tuple(error["loc"])
    path, value, matched = _navigate(doc.data, loc)
    line, column = doc.where(path)
    where = ".".join(str(p) for p in path) or "the file"

    def problem(code: str, message: str, hint: str = "") -> Problem:
        return Problem(label, line, column, code, message, hint)

    if kind == "missing":
        key = loc[-1] if loc else "?"
        if key in _LANG_NAMES:
            return problem("RF026", f"the text at {where} has no {_LANG_NAMES[key]} version",
                           f"add a line '{key}: \"...\"' beside the other language")
        key = {"sender": "from", "payer": "from", "counterpart": "with"}.get(str(key), key)
        return problem("RF011", f"'{key}' is missing in {where}", f"add '{key}:'")
    if kind == "extra_forbidden":
        key = path[-1] if path else loc[-1]
        hint = did_you_mean(key, KNOWN_KEYS) or "remove it, or check the spelling against docs/scenario-format.md"
        return problem("RF010", f"unknown key '{key}'", hint)
    if kind in _TYPE_NAMES and matched:
        if path in doc.bools and kind == "string_type":
            raw = doc.bools[path]
            return problem("RF006", f"'{raw}' was read as true/false, not as text",
                           f"YAML reads a bare {raw} as a yes/no value; put it in double quotes: \"{raw}\"")
        if kind == "literal_error":
            expected = error.get("ctx", {}).get("expected", "")
            hint = did_you_mean(value, [e.strip(" '") for e in expected.replace(" or ", ",").split(",")])
            return problem("RF013", f"{where} is '{value}', but must be one of {expected}", hint)
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        hint = "put text in double quotes" if _TYPE_NAMES[kind] == "text" else ""
        if path in doc.bools:
            hint = f"YAML read the bare word {doc.bools[path]} as true/false"
        return problem("RF012", f"{where} should be {_TYPE_NAMES[kind]}, not {shown}", hint)
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "starts_at":
            return problem("RF013", f"'{value}' is not a time of day", "write it as \"HH:MM\", e.g. \"21:40\"")
        return problem("RF013", f"'{value}' is not a valid ID",
                       "IDs use lower-case letters, digits and _, start with a letter, and are at most 64 long")
    if kind == "union_tag_invalid":
        return problem("RF012", f"{where} has the wrong shape", "see docs/scenario-format.md for this key")
    message = error.get("msg", "invalid value")
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    return problem("RF013", f"{where}: {message}", "")


def validate_model(model: type[Model], label: str, doc: Document) -> tuple[Model | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[int, int, str]] = set()
        for error in exc.errors(include_url=False):
            problem = _translate(label, doc, error)
            key = (problem.line, problem.column, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
        return None, problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def _catalog_texts(label: str, doc: Document, regions: dict[str, Region]) -> list[Problem]:
    """Catalogue texts are region-neutral: a placeholder names a `{region.KEY}` every region has."""
    problems: list[Problem] = []
    everywhere = set.intersection(*(set(r.values) for r in regions.values())) if regions else set()

    def walk(value: object, loc: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and key in LANGS:
                    check(loc + (key,), item)
                else:
                    walk(item, loc + (key,))

    def check(loc: tuple, text: str) -> None:
        line, column = doc.where(loc)
        try:
            names = placeholders(text)
        except TemplateError as exc:
            problems.append(Problem(label, line, column, "RF023", str(exc), ""))
            return
        for name in names:
            key = name.removeprefix("region.")
            if name == key or key not in everywhere:
                problems.append(Problem(label, line, column, "RF036",
                                        f"{{{name}}} is not a placeholder every region defines",
                                        did_you_mean(key, everywhere) or "the catalogue may only use {region.KEY} "
                                        f"placeholders that every region has: {', '.join(sorted(everywhere))}"))

    walk(doc.data, ())
    return problems


def check_catalog_bytes(label: str, raw: bytes,
                        regions: dict[str, Region] | None = None) -> tuple[Catalog | None, list[Problem]]:
    doc, problems = read_yaml(label, raw)
    if doc is None:
        return None, problems
    for key in ("regions", "facts"):
        if isinstance(doc.data, dict) and key in doc.data:
            line, column = doc.where((key,))
            problems.append(Problem(label, line, column, "RF010", f"unknown key '{key}'",
                                    f"{key} live in their own files beside the catalogue"
                                    f" ({'regions/*.yaml' if key == 'regions' else 'facts.yaml'})"))
    catalog, more = validate_model(Catalog, label, doc)
    problems = _sorted(problems + more + (_catalog_texts(label, doc, regions) if regions is not None else []))
    return (catalog if not errors_in(problems) else None), problems


REGIONS_DIR = "regions"
FACTS_NAME = "facts.yaml"


def check_region_bytes(label: str, raw: bytes, expected_id: str | None = None) -> tuple[Region | None, list[Problem]]:
    doc, problems = read_yaml(label, raw)
    if doc is None:
        return None, problems
    region, more = validate_model(Region, label, doc)
    problems = problems + more
    if region is not None and expected_id and region.id != expected_id:
        line, column = doc.where(("id",))
        problems.append(Problem(label, line, column, "RF028", f"the id '{region.id}' differs from the file name "
                                f"'{expected_id}'", f"rename the file to {region.id}.yaml"))
    return (region if not errors_in(problems) else None), _sorted(problems)


def check_facts_bytes(label: str, raw: bytes, regions: dict[str, Region]) -> tuple[Facts | None, list[Problem]]:
    doc, problems = read_yaml(label, raw)
    if doc is None:
        return None, problems
    facts, more = validate_model(Facts, label, doc)
    problems = problems + more
    if facts is not None and regions:
        for fact_id, fact in facts.facts.items():
            for index, region in enumerate(fact.regions):
                if region not in regions:
                    line, column = doc.where(("facts", fact_id, "regions", index))
                    problems.append(Problem(label, line, column, "RF036", f"'{region}' is not a region",
                                            did_you_mean(region, regions) or f"use one of {', '.join(sorted(regions))}"))
    return (facts if not errors_in(problems) else None), _sorted(problems)


def check_content(folder: Path) -> tuple[dict[str, Region], Facts | None, list[Problem]]:
    """The regions (`folder/regions/*.yaml`) and facts (`folder/facts.yaml`) beside a catalogue,
    with every problem in them. Either may be absent."""
    problems: list[Problem] = []
    regions: dict[str, Region] = {}
    region_dir = folder / REGIONS_DIR
    if region_dir.is_dir():
        for path in sorted(region_dir.glob("*.yaml")):
            raw, problem = read_bytes(path)
            if problem:
                problems.append(problem)
                continue
            region, more = check_region_bytes(str(path), raw or b"", expected_id=path.stem)
            problems += more
            if region is not None:
                regions[region.id] = region
    facts = None
    facts_path = folder / FACTS_NAME
    if facts_path.is_file():
        raw, problem = read_bytes(facts_path)
        if problem:
            problems.append(problem)
        else:
            facts, more = check_facts_bytes(str(facts_path), raw or b"", regions)
            problems += more
    return regions, facts, problems


def check_catalog_file(path: Path, content: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """The red-flag catalogue at `path` with the regions and facts beside it (or in `content`,
    when the catalogue's folder has no regions), and every problem in any of them."""
    folder = path.parent
    if content is not None and not (folder / REGIONS_DIR).is_dir():
        folder = content
    regions, facts, problems = check_content(folder)
    raw, problem = read_bytes(path)
    if problem:
        return None, problems + [problem]
    catalog, more = check_catalog_bytes(str(path), raw or b"", regions if regions else None)
    problems += more
    if catalog is None or errors_in(problems):
        return None, problems
    return catalog.model_copy(update={"regions": regions, "facts": facts.facts if facts else {}}), []


def load_catalog(path: Path, content: Path | None = None) -> Catalog:
    """`check_catalog_file`, raising ScenarioError with every problem."""
    catalog, problems = check_catalog_file(path, content)
    if catalog is None:
        raise ScenarioError(problems)
    return catalog


def check_scenario_bytes(label: str, raw: bytes, catalog: Catalog,
                         expected_id: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    """Validate one scenario's bytes. Returns the model (if valid) and every problem found."""
    scenario, problems, _ = _check_scenario(label, raw, catalog, expected_id)
    return scenario, problems


def _check_scenario(label: str, raw: bytes, catalog: Catalog,
                    expected_id: str | None) -> tuple[Scenario | None, list[Problem], Document | None]:
    doc, problems = read_yaml(label, raw)
    if doc is None:
        return None, problems, None
    if not isinstance(doc.data, dict):
        return None, [Problem(label, 1, 1, "RF012", "a scenario file must be a mapping of keys such as id:, steps:",
                              "start from docs/examples/parcel_refund.yaml")], doc
    scenario, structural = validate_model(Scenario, label, doc)
    checker = ScenarioChecker(label, doc, set(catalog.red_flags), set(catalog.data_items), expected_id,
                              regions=catalog.regions, facts=catalog.facts)
    problems = _sorted(problems + structural + checker.run())
    return (scenario if not errors_in(problems) else None), problems, doc


def check_scenario_file(path: Path, catalog: Catalog,
                        cache: ValidCache | None = None) -> tuple[Scenario | None, list[Problem]]:
    """`check_scenario_bytes` on the file at `path`. With `cache`, a file that passed every check
    before (same bytes, name, catalogue and validating code) skips the YAML and the checks."""
    raw, problem = read_bytes(path)
    if problem:
        return None, [problem]
    key = cache_key(path.name, raw or b"", catalog) if cache is not None else None
    if cache is None or key is None:
        return check_scenario_bytes(str(path), raw or b"", catalog, expected_id=path.stem)
    scenario = from_cache(cache, key, path.stem)
    if scenario is not None:
        return scenario, []
    scenario, problems, doc = _check_scenario(str(path), raw or b"", catalog, path.stem)
    if scenario is not None and doc is not None:        # only a file with no problem at all is kept
        cache.put(key, path.stem, doc.data)
    return scenario, problems


def load_scenario(path: Path, catalog: Catalog) -> Scenario:
    scenario, problems = check_scenario_file(path, catalog)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files in `folder` (not the catalogue or the facts), sorted by name."""
    return sorted(p for p in folder.glob("*.yaml")
                  if p.name not in (CATALOG_NAME, FACTS_NAME) and not p.name.startswith("."))


CATALOG_NAME = "red_flags.yaml"


def load_folder(folder: Path, catalog: Catalog,
                cache: ValidCache | None = None) -> tuple[dict[str, Scenario], dict[str, list[Problem]]]:
    """Every scenario in `folder`: the valid ones by id, and the problems of the others by file.
    `cache` (see `check_scenario_file`) keeps start-up flat as the library grows."""
    valid: dict[str, Scenario] = {}
    invalid: dict[str, list[Problem]] = {}
    for path in scenario_files(folder):
        scenario, problems = check_scenario_file(path, catalog, cache)
        if scenario is None:
            invalid[str(path)] = problems
        else:
            valid[scenario.id] = scenario
    return valid, invalid
