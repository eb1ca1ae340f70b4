"""Load and validate content files: YAML → checked data → typed models.

Every function here returns problems as data or raises `ScenarioError` carrying all of them;
none lets another exception escape for bad file content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .cached import ValidCache, cache_key, from_cache
from .checks import MAX_HINTS, SYNONYMS, ScenarioChecker, closest
from .deadline import Deadline, TooLong, time_limit
from .errors import Problem, ScenarioError, errors_in
from .messages import Fault, Term, make
from .models import (
    CURRENCY_PATTERN,
    FAKER_LOCALE_PATTERN,
    ID_PATTERN,
    KNOWN_KEYS,
    LANG_PATTERN,
    LANGS,
    REGION_PATTERN,
    TIME_PATTERN,
    Catalog,
    Facts,
    Region,
    Scenario,
)
from .templates import TemplateError, placeholders
from .yamlread import MAX_BYTES, Document, Loc, read_yaml

Model = TypeVar("Model", bound=BaseModel)

_TYPE_KEYS = {
    "string_type": "text", "int_type": "whole_number", "int_from_float": "whole_number",
    "int_parsing": "whole_number", "float_type": "number", "float_parsing": "number", "decimal_type": "number",
    "decimal_parsing": "number", "is_instance_of": "number", "bool_type": "bool", "bool_parsing": "bool",
    "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
    "list_type": "list", "tuple_type": "list",
}
_ALIASES = {"sender": "from", "payer": "from", "counterpart": "with"}
#: Enumerations whose values carry a meaning: a "did you mean" there says what it means, and a
#: word of the opposite meaning is never proposed (see checks.closest).
_MEANINGFUL = {"outcome": "outcome", "kind": "kind", "role": "role"}
_PATTERN_KEYS = {
    ID_PATTERN: "bad_id", REGION_PATTERN: "bad_region_code", CURRENCY_PATTERN: "bad_currency",
    FAKER_LOCALE_PATTERN: "bad_faker_locale", LANG_PATTERN.pattern: "bad_language_code", TIME_PATTERN: "bad_time",
}


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of the content file at `path`, or the problem that stops it being read. Only a
    regular file is ever opened: a named pipe, a device or a socket is refused before opening (a
    pipe would block every command), and the file is opened without blocking and checked again
    once open, so swapping it for a pipe in between changes nothing. A link is followed only to a
    regular file in the link's own folder (or below it): a link that leads out of the folder, say
    a shared folder of scenarios, is refused, whatever it leads to."""
    label = str(path)
    try:
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            try:
                found = os.stat(path)
            except FileNotFoundError:
                return None, make(label, 0, 0, "link_broken")
            if stat.S_ISREG(found.st_mode) and not _inside(path):
                return None, make(label, 0, 0, "link_outside")
        if stat.S_ISDIR(found.st_mode):
            return None, make(label, 0, 0, "is_folder")
        if not stat.S_ISREG(found.st_mode):
            return None, make(label, 0, 0, "not_regular_file")
        if found.st_size > MAX_BYTES:
            return None, make(label, 0, 0, "file_too_large", size=f"{found.st_size:,}", limit=f"{MAX_BYTES:,}")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                             | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino):
                return None, make(label, 0, 0, "not_regular_file")       # swapped after the check
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, make(label, 0, 0, "no_such_path")
    except OSError as exc:
        return None, make(label, 0, 0, "cannot_read", reason=exc.strerror or str(exc))
    if len(raw) > MAX_BYTES:                            # it grew after the check
        return None, make(label, 0, 0, "file_too_large", size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")
    return raw, None


def _inside(link: Path) -> bool:
    """Whether the link `link` leads to a file in its own folder or below it."""
    folder = os.path.realpath(os.path.dirname(os.path.abspath(link)))
    target = os.path.realpath(link)
    return os.path.commonpath([folder, target]) == folder


def _navigate(data: object, loc: tuple) -> tuple[Loc, object]:
    """Follow pydantic's `loc` through the real data, dropping union tags and helper keys.

    Returns the matching data path and the value there."""
    path: list[str | int] = []
    value = data
    for part in loc:
        if isinstance(value, dict) and part in value:
            value = value[part]
            path.append(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
            path.append(part)
    return tuple(path), value


def _shown(value: object) -> object:
    """A value as a message quotes it: 'text', 300, true, or what kind of thing it is."""
    if isinstance(value, dict):
        return Term("shape.mapping")
    if isinstance(value, list):
        return Term("shape.list")
    if value is None:
        return Term("shape.nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _is_number_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value.replace(",", ""))
    except ValueError:
        return False
    return True


def _options(expected: str) -> tuple[str, ...]:
    """pydantic's "'a', 'b' or 'c'" as ('a', 'b', 'c')."""
    return tuple(part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '"))


def _translate(label: str, doc: Document, error: dict, hint: bool = True) -> Problem | None:
    """One pydantic error as a Problem in plain words, or None when the scenario checks report
    the same mistake better (a cast field's Faker kind, with its "did you mean")."""
    kind = error["type"]
    loc = tuple(error["loc"])
    path, value = _navigate(doc.data, loc)
    line, column = doc.where(path)
    where = ".".join(str(p) for p in path)
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    ctx = error.get("ctx") or {}

    def problem(key: str, /, **params: object) -> Problem:
        return make(label, line, column, key, **params)

    if kind == "missing":
        key = str(loc[-1]) if loc else "?"
        if key in LANGS:
            return problem("missing_language", where=where, lang=key, language=Term(f"language.{key}"))
        key = _ALIASES.get(key, key)
        if key == "role" and path[:1] == ("cast",) and _role_typo(value):
            return None                     # the checks report the misspelt 'role' key instead
        if not path:
            return problem("missing_key_top", key=key)
        return problem("missing_key", key=key, where=where)
    if kind == "extra_forbidden":
        key = path[-1] if path else loc[-1]
        line, column = doc.keys.get(path, (line, column))      # at the key itself, not its value
        if key == "chart":                   # a key of an old draft of the format
            return problem("chart_key")
        suggestion = closest(key, KNOWN_KEYS) if hint else ""      # (a file gets MAX_HINTS of them)
        return problem("unknown_key", key=key, suggestion=suggestion)
    if kind == "literal_error":
        if len(loc) > 2 and loc[0] == "cast" and loc[2] == "fields":
            return None                     # the checks report it, with a "did you mean"
        allowed = _options(str(ctx.get("expected", "")))
        meaning = _MEANINGFUL.get(field)
        suggestion = closest(value, allowed, synonyms=SYNONYMS.get(meaning or ""), meaningful=bool(meaning))
        if meaning:
            terms = tuple(Term(f"{meaning}.{option}") for option in allowed)
            return problem("not_one_of_meaning", where=where, value=value, allowed=allowed, meanings=terms,
                           suggestion=suggestion, meaning=Term(f"{meaning}.{suggestion}") if suggestion else None)
        return problem("not_one_of", where=where, value=value, allowed=allowed, suggestion=suggestion)
    if kind in _TYPE_KEYS:
        expected = _TYPE_KEYS[kind]
        if path in doc.bools:
            raw = doc.bools[path]
            if expected == "text":
                return problem("yaml_bool", raw=raw)
            return problem("wrong_type.yaml_bool", where=where, raw=raw, expected=Term(f"type.{expected}"))
        if expected in ("whole_number", "number") and _is_number_text(value):
            return problem("wrong_type.quoted", where=where, value=value, expected=Term(f"type.{expected}"))
        return problem(f"wrong_type.{expected}", where=where, shown=_shown(value))
    if kind == "string_pattern_mismatch":
        key = _PATTERN_KEYS.get(str(ctx.get("pattern", "")), "bad_value")
        return problem(key, value=value, field=field)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return problem("wrong_shape", where=where, field=field)
    if kind == "too_short":
        if field == "sources":
            return problem("empty.sources")
        if field == "messages":
            return problem("empty.messages", where=".".join(str(p) for p in path[:-1]))
        return problem("empty.list", where=where, field=field)
    if kind == "too_long":
        actual = ctx.get("actual_length")
        if actual is None:                  # pydantic leaves it out for a mapping
            actual = len(value) if isinstance(value, (dict, list)) else "?"
        return problem("too_many", where=where, actual=actual, limit=ctx.get("max_length", "?"))
    if kind == "string_too_short":
        return problem("empty_text", where=where)
    if kind == "string_too_long":
        return problem("text_too_long", where=where, actual=len(str(value)), limit=ctx.get("max_length", "?"))
    if field == "difficulty" and kind in ("greater_than_equal", "less_than_equal"):
        return problem("difficulty_range", value=value)
    for bound, key in (("ge", "too_small"), ("le", "too_big"), ("gt", "not_above")):
        if bound in ctx:
            return problem(key, where=where, value=value, limit=ctx[bound], field=field)
    if kind == "value_error" and isinstance(ctx.get("error"), Fault):
        fault = ctx["error"]
        return problem(fault.key, **{"where": where, "field": field, **fault.params})
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return problem("invalid_value", where=where or field, detail=message, field=field)


def _role_typo(member: object) -> bool:
    """A cast member without `role:` but with a key that is a misspelt `role`."""
    return isinstance(member, dict) and any(closest(key, ("role",), cutoff=0.6) for key in member if key != "role")


def _preferred(error: dict) -> int:
    """Which of several errors pydantic reports at one place (one per member of a union) to keep:
    ours, then a list of allowed values, then "a number" over "a whole number"."""
    kind = error["type"]
    return (0 if kind == "value_error" else 1 if kind == "literal_error"
            else 2 if kind in ("decimal_type", "float_type", "is_instance_of") else 3)


def validate_model(model: type[Model], label: str, doc: Document) -> tuple[Model | None, list[Problem]]:
    """The model, or every problem pydantic finds, in plain words: one per mistake."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        chosen: dict[tuple, dict] = {}
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            path, _ = _navigate(doc.data, loc)
            place = (path, loc[-1] if error["type"] == "missing" and loc else None)
            if place not in chosen or _preferred(error) < _preferred(chosen[place]):
                chosen[place] = error
        extras: dict[tuple, list[str]] = {}             # misspelt keys, by the mapping they stand in
        for (path, _), error in chosen.items():
            if error["type"] == "extra_forbidden" and path:
                extras.setdefault(tuple(path[:-1]), []).append(str(path[-1]))
        problems: list[Problem] = []
        seen: set[tuple[int, int, str]] = set()
        hints = MAX_HINTS
        for (path, missing), error in chosen.items():
            if missing is not None and any(closest(extra, [str(missing)])
                                           for extra in extras.get(tuple(path), ())[:MAX_HINTS]):
                continue                # 'strat:' for 'start:': the unknown key's "did you mean" says it all
            problem = _translate(label, doc, error, hint=hints > 0)
            hints -= 1
            if problem is None:
                continue
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
            problems.append(make(label, line, column, exc.key, **exc.params))
            return
        for name in names:
            key = name.removeprefix("region.")
            if name == key or key not in everywhere:
                suggestion = closest(f"region.{key}", [f"region.{k}" for k in everywhere])
                problems.append(make(label, line, column, "catalog_placeholder", name=name,
                                     keys=tuple(f"{{region.{k}}}" for k in sorted(everywhere)), suggestion=suggestion))

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
            problems.append(make(label, line, column, f"catalog_{key}_key"))
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
        problems.append(make(label, line, column, "region_id_mismatch", id=region.id, name=expected_id))
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
                    problems.append(make(label, line, column, "not_a_region", region=region,
                                         regions=tuple(sorted(regions)), suggestion=closest(region, regions)))
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


def _check_scenario(label: str, raw: bytes, catalog: Catalog, expected_id: str | None,
                    deadline: Deadline | None = None) -> tuple[Scenario | None, list[Problem], Document | None]:
    doc, problems = read_yaml(label, raw, deadline)
    if doc is None:
        return None, problems, None
    if not isinstance(doc.data, dict):
        return None, [make(label, 1, 1, "not_a_mapping")], doc
    scenario, structural = validate_model(Scenario, label, doc)
    if deadline is not None:
        deadline.check()
    checker = ScenarioChecker(label, doc, set(catalog.red_flags), set(catalog.data_items), expected_id,
                              regions=catalog.regions, facts=catalog.facts)
    found = checker.run()
    if deadline is not None:
        deadline.check()
    problems = _sorted(problems + structural + found)
    return (scenario if not errors_in(problems) else None), problems, doc


#: The most CPU seconds checking one file may take before it is skipped with `took_too_long`.
#: The largest file allowed (1 MB) takes under 2 s; shipped scenarios take milliseconds.
FILE_SECONDS = 4.0


def check_scenario_file(path: Path, catalog: Catalog, cache: ValidCache | None = None, *,
                        budget: float | None = FILE_SECONDS) -> tuple[Scenario | None, list[Problem]]:
    """`check_scenario_bytes` on the file at `path`. With `cache`, a file that passed every check
    before (same bytes, name, catalogue and validating code) skips the YAML and the checks.
    A file whose check takes more than `budget` seconds (None: no limit) is skipped with the
    problem `took_too_long` (see `deadline`); that verdict is never cached."""
    raw, problem = read_bytes(path)
    if problem:
        return None, [problem]
    key = cache_key(path.name, raw or b"", catalog) if cache is not None else None
    if cache is not None and key is not None:
        scenario = from_cache(cache, key, path.stem)
        if scenario is not None:
            return scenario, []
    try:
        with time_limit(budget) as deadline:
            scenario, problems, doc = _check_scenario(str(path), raw or b"", catalog, path.stem, deadline)
    except TooLong:
        return None, [make(str(path), 0, 0, "took_too_long", limit=f"{budget:g}")]
    if cache is not None and key is not None and scenario is not None and doc is not None:
        cache.put(key, path.stem, doc.data)             # only a file with no problem at all is kept
    return scenario, problems


def load_scenario(path: Path, catalog: Catalog) -> Scenario:
    scenario, problems = check_scenario_file(path, catalog)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files in `folder` (not the catalogue, the facts or a pack's pack.yaml), sorted by name."""
    return sorted(p for p in folder.glob("*.yaml")
                  if p.name not in (CATALOG_NAME, FACTS_NAME, "pack.yaml") and not p.name.startswith("."))


CATALOG_NAME = "red_flags.yaml"


def load_folder(folder: Path, catalog: Catalog, cache: ValidCache | None = None, *,
                budget: float | None = FILE_SECONDS) -> tuple[dict[str, Scenario], dict[str, list[Problem]]]:
    """Every scenario in `folder`: the valid ones by id, and the problems of the others by file.
    `cache` (see `check_scenario_file`) keeps start-up flat as the library grows. A file that
    cannot be read (a named pipe, a link out of the folder, …) or takes more than `budget`
    seconds to check is listed with its problem; the others load all the same."""
    valid: dict[str, Scenario] = {}
    invalid: dict[str, list[Problem]] = {}
    for path in scenario_files(folder):
        scenario, problems = check_scenario_file(path, catalog, cache, budget=budget)
        if scenario is None:
            invalid[str(path)] = problems
        else:
            valid[scenario.id] = scenario
    return valid, invalid
