"""The loader never raises and always says where: structured YAML (dicts, lists, scalars with
huge integers, NaN and infinities, deep nesting, anchors and aliases, tags) and byte mutants go
through `check_scenario_bytes`, `check_catalog_bytes`, the region and facts checks and a pack's
`red_flags.yaml`, `pack.yaml` and `.zip`; every problem names the file and a line (≥ 1) or
says it is about the whole file (line 0, column 0)."""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.packs import PackError, check_extension, read_meta, read_zip
from game.scenario import (check_catalog_bytes, check_facts_bytes, check_region_bytes, check_scenario_bytes,
                           errors_in)

from .figures import write_figures
from .mutants import (SCENARIOS, base_catalog, byte_mutant, dump, shipped_bytes, shipped_doc, shipped_names)

SLOW = 20_000
COUNT: Counter = Counter()          # cases tried per target, for the slow run's figures
_SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)

KEYS = ["format", "id", "steps", "endings", "start", "choices", "to", "when", "timeout", "after", "messages",
        "from", "text", "en", "zh", "flags", "vars", "cast", "role", "red_flags", "data_items", "pay", "effects",
        "between", "pick", "by_region", "name", "title", "help", "facts", "regions", "amount", "gap", "delay"]


# -- what a problem must look like ------------------------------------------------------------

def located(label: str, problems) -> None:
    for problem in problems:
        assert problem.path.endswith(Path(label).name) or problem.path == label, (problem.path, label)
        assert problem.message and problem.code, problem
        assert problem.line >= 1 or (problem.line == 0 and problem.column == 0), problem.format()
        assert problem.column >= 0, problem.format()


def scenario_ok(data: bytes, label: str = "fuzz.yaml") -> None:
    COUNT["scenario"] += 1
    scenario, problems = check_scenario_bytes(label, data, base_catalog())
    assert (scenario is None) == bool(errors_in(problems))
    located(label, problems)


def catalog_ok(data: bytes) -> None:
    COUNT["catalog"] += 1
    catalog, problems = check_catalog_bytes("red_flags.yaml", data, base_catalog().regions)
    assert (catalog is None) == bool(errors_in(problems))
    located("red_flags.yaml", problems)
    region, problems = check_region_bytes("regions/CN.yaml", data, "CN")
    located("regions/CN.yaml", problems)
    facts, problems = check_facts_bytes("facts.yaml", data, base_catalog().regions)
    located("facts.yaml", problems)


def pack_ok(folder: Path, data: bytes) -> None:
    COUNT["pack"] += 1
    (folder / "red_flags.yaml").write_bytes(data)
    found = check_extension(folder / "red_flags.yaml", base_catalog())
    located(str(folder / "red_flags.yaml"), found.problems)
    (folder / "pack.yaml").write_bytes(data)
    meta, problems = read_meta(folder / "pack.yaml")
    located(str(folder / "pack.yaml"), problems)


def zip_ok(folder: Path, data: bytes) -> None:
    COUNT["zip"] += 1
    path = folder / "town.zip"
    path.write_bytes(data)
    try:
        read_zip(path)
    except PackError as exc:
        assert exc.problems
        located(str(path), exc.problems)


# -- structured YAML ------------------------------------------------------------------------

HUGE_INT = st.integers(300, 6000).map(lambda n: "9" * n)          # as text: Python won't print it
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e400", ".nan", "-.inf", "~", "yes", "no", "12:30", "2026-01-01", "0x1F",
                     "0o17", "1_000", "45s", "1d 6h", "{paid}", "{x.y}", "\x1b[2J", "\u202e", "\x00"]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6)),
    max_leaves=40)

DECORATIONS = ("none", "none", "none", "huge", "huge", "tag", "tag", "anchor", "anchor", "bomb", "deep", "deep_flow", "merge", "unsafe_tag", "dup_key",
               "tabs", "bom", "doc_markers")


@st.composite
def yaml_texts(draw) -> bytes:
    """A YAML document: dumped structured data, then decorated the way a hostile file would be."""
    value = draw(values)
    text = yaml.safe_dump(value, allow_unicode=True, width=4096) if draw(st.booleans()) else \
        yaml.safe_dump({"format": 2, "id": "fuzz", draw(st.sampled_from(KEYS)): value}, allow_unicode=True)
    how = draw(st.sampled_from(DECORATIONS))
    if how == "huge":
        text += f"\nbig: {draw(HUGE_INT)}\n"
    elif how == "tag":
        tag = draw(st.sampled_from(["!!str", "!!int", "!!float", "!!binary", "!!timestamp", "!!set", "!!omap",
                                    "!custom", "!<tag:example.com,2000:x>", "!!bool", "!!null", "!!map"]))
        text = f"key: {tag} {draw(st.sampled_from(['1', 'abc', 'aGk=', '2001-12-14', '{a: 1}', '[1]', '']))}\n" + text
    elif how == "anchor":
        text = f"a: &x {json.dumps(draw(values), ensure_ascii=False)}\nb: *x\nc: [*x, *x]\n" + \
            ("" if text.startswith(("-", "[")) else text)
    elif how == "bomb":
        depth = draw(st.integers(3, 8))
        lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, depth)]
        text = "\n".join(lines) + "\n"
    elif how == "deep":
        depth = draw(st.integers(30, 3000))
        text = "".join("  " * i + "k:\n" for i in range(min(depth, 200))) + "  " * min(depth, 200) + "v\n"
    elif how == "deep_flow":
        depth = draw(st.integers(30, 20_000))
        text = "x: " + "[" * depth + "]" * depth + "\n"
    elif how == "merge":
        text = "base: &b {to: end, after: 1}\nsteps:\n  s: {<<: *b, id: s}\n" + text
    elif how == "unsafe_tag":
        text = draw(st.sampled_from(["!!python/object/apply:os.system ['echo hi']\n",
                                     "x: !!python/name:builtins.eval\n", "!!python/object:__main__.X {}\n"])) + text
    elif how == "dup_key":
        text = "id: a\nid: b\n" + text
    elif how == "tabs":
        text = text.replace("  ", "\t")
    elif how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    elif how == "doc_markers":
        text = "---\n" + text + "\n...\n---\nsecond: doc\n"
    return text.encode("utf-8", "surrogatepass")


@st.composite
def scenario_mutants(draw) -> bytes:
    """A shipped scenario with one value anywhere in it replaced by a random structure."""
    doc = shipped_doc(draw(st.sampled_from(shipped_names())))
    node, steps = doc, draw(st.integers(1, 8))
    for _ in range(steps):
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or not child or draw(st.integers(0, 3)) == 0:
            node[key] = draw(values)
            break
        node = child
    return dump(doc)


def _zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD_ZIP = _zip_of({"town/pack.yaml": b"name: town\ntitle: Town\n",
                    "town/tiny.yaml": shipped_bytes("first_steps"), "town/README.md": b"# hi\n"})


@st.composite
def zip_mutants(draw) -> bytes:
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(["../evil.yaml", "/abs.yaml", "a/b/c/d.yaml", "x.exe", "CON.yaml",
                                               "town/ok.yaml", "town/../../up.yaml", "e\x1b[2J.yaml", "é.yaml",
                                               "town/", "a\\b.yaml", ""]), min_size=1, max_size=5))
        return _zip_of({name: draw(st.binary(max_size=60)) for name in names if name})
    data = bytearray(GOOD_ZIP)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data)


# -- the default run ------------------------------------------------------------------------

@settings(max_examples=120, **_SETTINGS)
@given(scenario_mutants())
def test_structured_scenario_mutants_are_located(data):
    scenario_ok(data)


@settings(max_examples=100, **_SETTINGS)
@given(yaml_texts())
def test_hostile_yaml_is_refused_with_a_place(tmp_path_factory, data):
    scenario_ok(data)
    catalog_ok(data)
    pack_ok(tmp_path_factory.mktemp("pack"), data)


@settings(max_examples=40, **_SETTINGS)
@given(zip_mutants())
def test_pack_archives_never_raise_but_pack_error(tmp_path_factory, data):
    zip_ok(tmp_path_factory.mktemp("zip"), data)


def test_byte_mutants_of_every_shipped_file():
    rng = random.Random(13)
    for name in shipped_names():
        for _ in range(3):
            data, _ = byte_mutant(shipped_bytes(name), rng)
            scenario_ok(data, f"{name}.yaml")
    catalog = (SCENARIOS / "red_flags.yaml").read_bytes()
    for _ in range(20):
        catalog_ok(byte_mutant(catalog, rng)[0])


def test_a_problem_without_a_place_fails_the_check():
    """The guard itself: a problem on line 0 with a column, or for another file, is refused."""
    from game.scenario import Problem

    with pytest.raises(AssertionError):
        located("a.yaml", [Problem("a.yaml", 0, 4, "RF000", "somewhere")])
    with pytest.raises(AssertionError):
        located("a.yaml", [Problem("b.yaml", 3, 1, "RF000", "elsewhere")])


# -- at scale -------------------------------------------------------------------------------

@pytest.mark.slow
def test_loader_fuzz_at_scale(tmp_path):
    """20,000+ inputs, each through one checker in turn (an alias bomb costs about a second to
    refuse, so each hostile text goes to one target rather than all of them)."""
    started, failures = time.perf_counter(), []
    worst = [0.0, ""]
    COUNT.clear()

    def guarded(check, *args) -> None:
        begun = time.perf_counter()
        try:
            check(*args)
        except Exception as exc:            # noqa: BLE001 - counted, then reported
            failures.append(f"{check.__name__}: {type(exc).__name__}: {str(exc)[:200]} :: {args[-1][:80]!r}")
        spent = (time.perf_counter() - begun) * 1000
        if spent > worst[0]:
            worst[:] = [spent, f"{check.__name__} {args[-1][:80]!r}"]

    def pack_here(data: bytes) -> None:
        pack_ok(tmp_path, data)

    targets = (scenario_ok, catalog_ok, pack_here)
    turn = iter(range(10 ** 9))
    for strategy, share, run in ((scenario_mutants(), 7000, lambda d: guarded(scenario_ok, d)),
                                 (yaml_texts(), 6000, lambda d: guarded(targets[next(turn) % 3], d)),
                                 (zip_mutants(), 1000, lambda d: guarded(zip_ok, tmp_path, d))):
        @settings(max_examples=share, **_SETTINGS)
        @given(strategy)
        def each(data):
            run(data)
        each()
    rng = random.Random(20_000)
    names = shipped_names()
    for index in range(6000):
        name = names[index % len(names)]
        guarded(scenario_ok, byte_mutant(shipped_bytes(name), rng)[0], f"{name}.yaml")
    cases = sum(COUNT.values())
    write_figures("loader_fuzz", {"inputs_tried": cases, "by_target": dict(COUNT), "failures": len(failures),
                                  "first_failures": failures[:40], "worst_case_ms": round(worst[0], 1),
                                  "worst_case": worst[1], "seconds": round(time.perf_counter() - started, 1)})
    assert cases >= SLOW
    assert not failures, "\n".join(failures[:30])
