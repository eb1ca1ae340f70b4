"""docs/diagnostics.md documents every code the game reports, and its examples behave as stated:
each broken example gets exactly its code, each fixed one no error and not that code.

RF codes are checked with `validate`; RL codes with `lint` (its `lint_paths`). An example marked
`file=red_flags.yaml` or `file=pack.yaml` is that whole file, saved beside the base scenario, and
the folder is validated. A few codes are about several packs or an archive and have no YAML
example (NO_EXAMPLE): tests/packs/ covers them.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from game.authoring import validate_paths
from game.scenario import errors_in
from tests.conftest import ROOT

DOCS = ROOT / "docs"
ENTRY = re.compile(r"^## (R[FL]\d{3}) — (\S.*)$", re.MULTILINE)
BLOCK = re.compile(r"^```yaml (base|broken|fixed)([^\n]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"\b(R[FL]\d{3})\b")
TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


@dataclass(frozen=True)
class Example:
    code: str
    kind: str          # broken | fixed
    attrs: tuple[str, ...]
    text: str

    def attr(self, name: str) -> str | None:
        for attr in self.attrs:
            key, _, value = attr.partition("=")
            if key == name:
                return value or key
        return None


SIDE_FILES = ("red_flags.yaml", "pack.yaml")     # a pack's files beside its scenarios
NO_EXAMPLE = {"RF061": "two packs adding one flag", "RF062": "a scenario id a built-in one has",
              "RF064": "an unsafe archive"}


def _pages() -> list[Path]:
    return [DOCS / "diagnostics.md"]


def _entries() -> dict[str, list[Example]]:
    entries: dict[str, list[Example]] = {}
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        heads = list(ENTRY.finditer(text))
        for index, head in enumerate(heads):
            body = text[head.end(): heads[index + 1].start() if index + 1 < len(heads) else len(text)]
            assert head.group(1) not in entries, f"{head.group(1)} has two entries"
            entries[head.group(1)] = [Example(head.group(1), kind, tuple(attrs.split()), block)
                                      for kind, attrs, block in BLOCK.findall(body) if kind != "base"]
    return entries


def _base() -> str:
    bases = [block for kind, _, block in BLOCK.findall((DOCS / "diagnostics.md").read_text(encoding="utf-8"))
             if kind == "base"]
    assert len(bases) == 1, "docs/diagnostics.md has one block marked `yaml base`"
    return bases[0]


ENTRIES = _entries()
EXAMPLES = [example for examples in ENTRIES.values() for example in examples]


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "game").rglob("*.py"):
        codes |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def _blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """A YAML text split into its top-level keys' lines: (key or None for the preamble, lines)."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        match = TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1), [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def _merge(base: object, change: object) -> object:
    if isinstance(base, dict) and isinstance(change, dict):
        merged = dict(base)
        for key, value in change.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = _merge(base.get(key), value)
        return merged
    return change


def _is_whole(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and lines[0].startswith("format:")


def materialize(example: Example, base: str) -> str | None:
    """The file an example stands for (None: no file at all)."""
    if example.attr("absent"):
        return None
    if _is_whole(example.text) or example.attr("file") in SIDE_FILES:
        return example.text
    if example.attr("raw"):
        replacements = {key: "\n".join(lines) for key, lines in _blocks(example.text) if key}
        # all of a repeated key's lines go where the key stood in the base
        raw_blocks = _blocks(example.text)
        text_of = {key: "\n".join("\n".join(lines) for k, lines in raw_blocks if k == key) for key in replacements}
    else:
        change = yaml.safe_load(example.text) or {}
        assert isinstance(change, dict), f"{example.code}: a fragment is a mapping"
        data = yaml.safe_load(base)
        text_of = {}
        for key, value in change.items():
            merged = _merge(data.get(key), value)
            text_of[key] = "" if merged is None else yaml.safe_dump(
                {key: merged}, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
    out: list[str] = []
    done: set[str] = set()
    for key, lines in _blocks(base):
        if key in text_of:
            if key not in done:
                out.append(text_of[key])
                done.add(key)
        else:
            out.append("\n".join(lines))
    out += [text for key, text in text_of.items() if key not in done]
    return "\n".join(part for part in out if part) + "\n"


def _file_name(example: Example, text: str | None) -> str:
    named = example.attr("file")
    if named and named != "file":
        return named
    try:
        data = yaml.safe_load(text or "")
    except yaml.YAMLError:
        data = None
    ident = data.get("id") if isinstance(data, dict) else None
    return f"{ident if isinstance(ident, str) else 'example'}.yaml"


def _lint_function():
    if importlib.util.find_spec("game.authoring.lint") is None:
        return None
    from game.authoring import lint

    return getattr(lint, "lint_paths", None)


def _problems(result: object) -> list:
    problems = getattr(result, "problems", result)
    if isinstance(problems, dict):
        return [p for found in problems.values() for p in found]
    return list(problems)


def run_example(example: Example, folder: Path, catalog) -> list:
    """Every problem the example's file gets: from validate (RF) or lint (RL)."""
    text = materialize(example, _base())
    path = folder / _file_name(example, text)
    if text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if example.attr("file") in SIDE_FILES:
        (folder / "example.yaml").write_text(_base(), encoding="utf-8")
        path = folder
    if example.code.startswith("RL"):
        lint_paths = _lint_function()
        if lint_paths is None:
            pytest.skip("game/authoring/lint.py does not exist yet")
        return _problems(lint_paths([path], catalog, "en"))
    return _problems(validate_paths([path], catalog))


def test_every_code_in_the_game_has_an_entry_and_every_entry_a_code():
    used = _codes_in_source()
    assert sorted(used - set(ENTRIES)) == [], "document these codes in docs/diagnostics.md"
    assert sorted(set(ENTRIES) - used) == [], "these entries document codes the game no longer reports"


def test_every_entry_has_a_broken_and_a_fixed_example():
    assert set(NO_EXAMPLE) <= set(ENTRIES)
    for code, examples in ENTRIES.items():
        kinds = [example.kind for example in examples]
        if code in NO_EXAMPLE:
            assert not kinds, f"{code} has an example now: take it out of NO_EXAMPLE"
            continue
        assert "broken" in kinds and "fixed" in kinds, f"{code}: needs a `yaml broken` and a `yaml fixed` block"


def test_the_base_scenario_is_valid(tmp_path, catalog):
    path = tmp_path / "example.yaml"
    path.write_text(_base(), encoding="utf-8")
    problems = _problems(validate_paths([path], catalog))
    assert problems == [], [p.format() for p in problems]


@pytest.mark.parametrize("code", sorted(set(ENTRIES) - set(NO_EXAMPLE)))
def test_each_example_behaves_as_documented(code, tmp_path, catalog):
    examples = ENTRIES[code]
    fixed_codes: set[str] = set()
    for index, example in enumerate(e for e in examples if e.kind == "fixed"):
        problems = run_example(example, tmp_path / f"fixed{index}", catalog)
        assert not errors_in(problems) and code not in {p.code for p in problems}, \
            f"{code} fixed example:\n" + "\n".join(p.format() for p in problems)
        fixed_codes |= {p.code for p in problems}
    for index, example in enumerate(e for e in examples if e.kind == "broken"):
        problems = run_example(example, tmp_path / f"broken{index}", catalog)
        codes = {p.code for p in problems}
        shown = "\n".join(p.format() for p in problems)
        if code.startswith("RF"):
            assert codes == {code}, f"{code} broken example gets {sorted(codes)}:\n{shown}"
        else:   # lint also reports what the base scenario teaches badly, if anything: the change is `code`
            assert code in codes and codes - fixed_codes == {code}, f"{code} broken example:\n{shown}"


def test_a_fragment_changes_only_what_it_names():
    example = Example("RF013", "broken", (), "steps: {call: {channel: SMS}}\n")
    text = materialize(example, _base())
    data, base = yaml.safe_load(text), yaml.safe_load(_base())
    assert data["steps"]["call"]["channel"] == "SMS"
    data["steps"]["call"]["channel"] = base["steps"]["call"]["channel"]
    assert data == base
    assert "# cues: 2" in text                   # untouched keys keep their lines, comments and all
    removed = materialize(Example("RF011", "broken", (), "summary: ~\n"), _base())
    assert "summary" not in yaml.safe_load(removed)
