"""`migrate`: rewrite a format-1 scenario as format 2, keeping its comments and layout.

Format 1 files keep playing unchanged (as CN files whose texts write "¥{fee}"). Migrating
makes the story's money follow the player's region: `format: 2`, `regions: [CN]`, and every
currency sign or unit written next to a money placeholder is dropped, because in format 2
`{fee}` itself shows "¥3,000" (or "$400" once the scenario declares US). Amounts typed into
the text ("¥500") cannot be moved into variables by a machine; `validate` lists them after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from game.scenario import Catalog, Problem, check_scenario_bytes, read_bytes
from game.storage import write_text_atomic

_FORMAT_LINE = re.compile(r"^format:\s*1\s*(#.*)?$", re.MULTILINE)


@dataclass
class Migration:
    path: Path
    changed: bool = False
    edits: list[str] = field(default_factory=list)        # what was done, one line each
    problems: list[Problem] = field(default_factory=list)  # what is left for the author


def _money_patterns(names: frozenset[str]) -> list[tuple[re.Pattern[str], str]]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    placeholder = rf"\{{(?:{alternatives})\}}"
    return [
        (re.compile(rf"(?:[¥$£€]|RMB|CNY)\s?({placeholder})"), r"\1"),
        (re.compile(rf"({placeholder})\s?(?:元|块钱|块|yuan|RMB)(?![A-Za-z])"), r"\1"),
    ]


def _written_as_money(text: str, numbers: frozenset[str]) -> set[str]:
    """Number variables the text writes next to a currency: "¥{loan}", "{loan}元"."""
    found = set()
    for name in numbers:
        if _money_patterns(frozenset({name}))[0][0].search(text) or _money_patterns(frozenset({name}))[1][0].search(text):
            found.add(name)
    return found


def migrate_text(text: str, money_vars: frozenset[str], numbers: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """The format-2 version of a format-1 file's text, and what changed. `money_vars` are the
    variables the file uses as money; `numbers` its other number variables (any of them the text
    writes next to a currency is declared under `money:`)."""
    edits: list[str] = []
    match = _FORMAT_LINE.search(text)
    if not match:
        return text, edits
    extra = sorted(_written_as_money(text, numbers - money_vars))
    comment = f"  {match.group(1)}" if match.group(1) else ""
    added = f"\nmoney: [{', '.join(extra)}]" if extra else ""
    text = text[:match.start()] + f"format: 2{comment}\nregions: [CN]{added}" + text[match.end():]
    edits.append("format: 1 → format: 2, with regions: [CN]")
    if extra:
        edits.append(f"declared money: [{', '.join(extra)}] (numbers the text writes as an amount of money)")
    money_vars = money_vars | frozenset(extra)
    count = 0
    for pattern, replacement in _money_patterns(money_vars):
        text, n = pattern.subn(replacement, text)
        count += n
    if count:
        edits.append(f"removed the currency written beside a money placeholder {count} time{'s' if count != 1 else ''} "
                     "(in format 2 {fee} shows the currency itself)")
    return text, edits


def migrate_file(path: Path, catalog: Catalog, *, write: bool = True) -> Migration:
    """Migrate one file. It must be a valid format-1 file; a format-2 file is left alone."""
    result = Migration(path)
    raw, problem = read_bytes(path)
    if problem:
        result.problems.append(problem)
        return result
    scenario, problems = check_scenario_bytes(str(path), raw or b"", catalog, expected_id=path.stem)
    if scenario is None:
        result.problems = problems
        return result
    if scenario.format != 1:
        return result
    text = (raw or b"").decode("utf-8")
    from game.scenario import ByRegion, Between, NumberPick
    from decimal import Decimal

    numbers = frozenset(name for name, spec in scenario.vars.items()
                        if isinstance(spec, (int, Decimal, Between, NumberPick, ByRegion)))
    new_text, result.edits = migrate_text(text, scenario.money_vars, numbers)
    if new_text == text:
        return result
    _, result.problems = check_scenario_bytes(str(path), new_text.encode("utf-8"), catalog, expected_id=path.stem)
    result.changed = True
    if write:
        write_text_atomic(path.with_name(path.name + ".v1"), text)
        write_text_atomic(path, new_text)
    return result
