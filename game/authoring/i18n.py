"""`i18n`: translation of scenario texts and of the game's own words.

- `i18n check [PATH…]`: every string missing in a language: scenario texts (`{en, zh, …}`)
  lacking a language the game has a locale file for, or that other texts of the file have, and
  keys of `game/locales/*.yaml` some language lacks. Exit 1 when something is missing.
- `i18n export PATH… -o FILE.csv`: one row per text (id, each language, context) in story order:
  title and summary, the people and words of the cast and vars, then the steps as a player meets
  them (breadth first from `start`, choices in order, then the timeout), each ending where it is
  first reached. Ids are stable: `scenario_id:steps.s1.messages.0.text`. UTF-8 with a BOM so that
  Excel opens the Chinese right.
- `i18n import FILE.csv PATH… [--dry-run]`: changed translations go back into the YAML files,
  each edited in place (the scalar's span, found with `yaml.compose`), so comments and layout
  stay; a language a text lacks is added beside the others. Every file is validated again before
  it is written; a row whose id no longer exists is refused with a message.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from game.scenario import Catalog, Problem, Scenario, Text, TextPick, check_scenario_bytes, read_bytes

from .lint import Positions, story_texts
from .validate import expand

Loc = tuple


@dataclass(frozen=True)
class Entry:
    id: str
    texts: dict[str, str]
    context: str
    path: str
    loc: Loc


def _loc_id(scenario_id: str, loc: Loc) -> str:
    return f"{scenario_id}:" + ".".join(str(part) for part in loc)


def _cast_and_vars(scenario: Scenario) -> Iterator[tuple[Loc, Text, str]]:
    for member, cast in scenario.cast.items():
        for name, spec in cast.fields.items():
            if isinstance(spec, Text):
                yield ("cast", member, name), spec, f"{member}'s {name}"
            elif isinstance(spec, TextPick):
                for index, text in enumerate(spec.pick):
                    yield ("cast", member, name, "pick", index), text, f"{member}'s {name} (one of several)"
    for name, spec in scenario.vars.items():
        specs = [((), spec)] if not hasattr(spec, "by_region") else [(("by_region", r), s)
                                                                       for r, s in spec.by_region.items()]
        for prefix, plain in specs:
            if isinstance(plain, TextPick):
                for index, text in enumerate(plain.pick):
                    yield ("vars", name, *prefix, "pick", index), text, f"the word {{{name}}} (one of several)"


def story_order(scenario: Scenario) -> list[str]:
    """Steps and endings in the order a player meets them: breadth first from `start`."""
    order, seen = [], {scenario.start}
    queue = deque([scenario.start])
    while queue:
        node = queue.popleft()
        order.append(node)
        if node in scenario.endings:
            continue
        step = scenario.steps[node]
        for target in [c.to for c in step.choices] + ([step.timeout.to] if step.timeout else []):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    rest = [n for n in (*scenario.steps, *scenario.endings) if n not in seen]
    return order + rest


def _context(scenario: Scenario, loc: Loc) -> str:
    if loc[0] in ("title", "summary"):
        return f"the scenario's {loc[0]}"
    if loc[0] == "endings":
        ending = scenario.endings[loc[1]]
        return f"ending {loc[1]} ({ending.outcome}): its {loc[2]}"
    step = scenario.steps[loc[1]]
    if loc[2] == "messages":
        message = step.messages[loc[3]]
        what = {"text": "message", "note": "note (why it is fine)", "why": f"why '{loc[5]}' is a red flag here"
                if len(loc) > 5 else "why", "instead": f"what to do about '{loc[5]}'" if len(loc) > 5 else "instead"}
        return f"{step.channel}, step {loc[1]}, {what.get(loc[4], loc[4])} {message.id} from {message.sender}"
    if loc[2] == "choices":
        return f"{step.channel}, step {loc[1]}: the player's choice {step.choices[loc[3]].id}"
    return f"{step.channel}, step {loc[1]}: what the player is told when time runs out"


def entries(path: str, scenario: Scenario) -> list[Entry]:
    """Every text of a scenario, in story order."""
    by_node: dict[str, list[tuple[Loc, Text]]] = {}
    head: list[Entry] = []
    for loc, text in story_texts(scenario):
        if loc[0] in ("steps", "endings"):
            by_node.setdefault(loc[1], []).append((loc, text))
        else:
            head.append(Entry(_loc_id(scenario.id, loc), _languages(text), _context(scenario, loc), path, loc))
    for loc, text, context in _cast_and_vars(scenario):
        head.append(Entry(_loc_id(scenario.id, loc), _languages(text), context, path, loc))
    body = [Entry(_loc_id(scenario.id, loc), _languages(text), _context(scenario, loc), path, loc)
            for node in story_order(scenario) for loc, text in by_node.get(node, [])]
    return head + body


def _languages(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh, **{k: v for k, v in (text.model_extra or {}).items()}}


@dataclass
class Loaded:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, tuple[Scenario, bytes]] = field(default_factory=dict)


def load(paths: list[Path], catalog: Catalog) -> Loaded:
    files, problems = expand([Path(p) for p in paths], content=False)
    loaded = Loaded(problems=list(problems))
    for path in files:
        raw, problem = read_bytes(path)
        if problem:
            loaded.problems.append(problem)
            continue
        scenario, found = check_scenario_bytes(str(path), raw or b"", catalog, expected_id=path.stem)
        if scenario is None:
            loaded.problems += found
            continue
        loaded.files[str(path)] = (scenario, raw or b"")
        loaded.entries += entries(str(path), scenario)
    return loaded


# -- check ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Missing:
    where: str          # "path:line:col" or "game/locales"
    id: str
    lang: str


def missing_in_scenarios(loaded: Loaded, languages: tuple[str, ...]) -> list[Missing]:
    found: list[Missing] = []
    by_file: dict[str, list[Entry]] = {}
    for entry in loaded.entries:
        by_file.setdefault(entry.path, []).append(entry)
    for path, file_entries in by_file.items():
        wanted = list(dict.fromkeys([*languages, *(code for e in file_entries for code in e.texts)]))
        positions: Positions | None = None
        for entry in file_entries:
            for code in wanted:
                if not entry.texts.get(code):
                    positions = positions or Positions(loaded.files[path][1])
                    line, column = positions.where(entry.loc)
                    found.append(Missing(f"{path}:{line}:{column}", entry.id, code))
    return found


def missing_in_locales() -> list[Missing]:
    from game.locale import STRINGS, language_codes

    codes = language_codes()
    return [Missing("game/locales", key, code) for key in STRINGS for code in codes if code not in STRINGS[key]]


# -- export --------------------------------------------------------------------------------------------

def export_csv(loaded: Loaded, languages: tuple[str, ...]) -> str:
    wanted = list(dict.fromkeys([*languages, *(code for e in loaded.entries for code in e.texts)]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", *wanted, "context"])
    for entry in loaded.entries:
        writer.writerow([entry.id, *(entry.texts.get(code, "") for code in wanted), entry.context])
    return buffer.getvalue()


# -- import --------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    changed: dict[str, list[str]] = field(default_factory=dict)     # path → "id lang" changed
    refused: list[str] = field(default_factory=list)                # messages about rows not used
    problems: list[Problem] = field(default_factory=list)           # files that would not validate
    written: list[str] = field(default_factory=list)


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    rows = [row for row in reader]
    return list(reader.fieldnames or []), rows


def _node_at(root: yaml.Node, loc: Loc) -> yaml.Node | None:
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)       # a JSON string is a YAML double-quoted scalar


def _edits_for(source: str, node: yaml.MappingNode, texts: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) spans that give the text mapping `node` these languages."""
    edits = []
    present = {k.value: v for k, v in node.value}
    for code, text in texts.items():
        value = present.get(code)
        if isinstance(value, yaml.ScalarNode):
            edits.append((value.start_mark.index, value.end_mark.index, _quoted(text)))
        elif value is None:
            if node.flow_style:
                end = node.end_mark.index - 1          # just before the closing brace
                edits.append((end, end, f", {code}: {_quoted(text)}"))
            else:
                last_key, last_value = node.value[-1]
                indent = " " * last_key.start_mark.column
                at = last_value.end_mark.index
                line_end = source.find("\n", at)
                at = len(source) if line_end < 0 else line_end
                edits.append((at, at, f"\n{indent}{code}: {_quoted(text)}"))
    return edits


def import_csv(csv_text: str, loaded: Loaded, catalog: Catalog, *, write: bool = True) -> ImportResult:
    from game.storage import write_text_atomic

    result = ImportResult()
    fields, rows = read_csv(csv_text)
    languages = [f for f in fields if f not in ("id", "context")]
    known = {entry.id: entry for entry in loaded.entries}
    changes: dict[str, list[tuple[Entry, dict[str, str]]]] = {}
    for number, row in enumerate(rows, start=2):
        row_id = (row.get("id") or "").strip()
        entry = known.get(row_id)
        if entry is None:
            result.refused.append(f"row {number}: '{row_id}' is not a text of these files (was it renamed or "
                                  "removed?); it was not imported")
            continue
        wanted = {code: (row.get(code) or "").strip() for code in languages}
        changed = {code: text for code, text in wanted.items() if text and text != entry.texts.get(code, "")}
        if changed:
            changes.setdefault(entry.path, []).append((entry, changed))
    for path, items in changes.items():
        raw = loaded.files[path][1]
        source = raw.decode("utf-8-sig")
        root = yaml.compose(source, Loader=yaml.SafeLoader)
        edits: list[tuple[int, int, str]] = []
        for entry, changed in items:
            node = _node_at(root, entry.loc)
            if not isinstance(node, yaml.MappingNode):
                result.refused.append(f"{entry.id}: not a text mapping in {path}; it was not imported")
                continue
            edits += _edits_for(source, node, changed)
            result.changed.setdefault(path, []).extend(f"{entry.id} [{code}]" for code in changed)
        text = source
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        scenario, problems = check_scenario_bytes(path, text.encode("utf-8"), catalog, expected_id=Path(path).stem)
        if scenario is None:
            result.problems += problems
            result.changed.pop(path, None)
            continue
        if write and text != source:
            write_text_atomic(Path(path), text)
            result.written.append(path)
    return result


# -- the command ---------------------------------------------------------------------------------------

def main_i18n(args, folder: Path, out: TextIO) -> int:
    from game.content import command_catalog     # not game.cli: tools never import the command line
    from game.locale import language_codes

    command = getattr(args, "i18n_command", None)
    if command not in ("check", "export", "import"):
        print("use: python main.py i18n check [PATH…] | export PATH… -o FILE.csv | import FILE.csv PATH… [--dry-run]",
              file=out)
        return 2
    catalog = command_catalog(args, folder)
    languages = language_codes()
    paths = list(args.paths) or [folder]
    loaded = load(paths, catalog)
    for problem in loaded.problems:
        print(problem.format(), file=out)
    if command == "check":
        missing = missing_in_scenarios(loaded, languages)
        if not args.paths:
            missing += missing_in_locales()
        for item in missing:
            print(f"{item.where}: missing {item.lang}: {item.id}", file=out)
        if missing or loaded.problems:
            print(f"✗ {len(missing)} strings missing a language", file=out)
            return 1
        print(f"✓ every string has {', '.join(languages)} ({len(loaded.entries)} scenario texts)", file=out)
        return 0
    if command == "export":
        if loaded.problems:
            print("✗ fix the files above first: only valid scenarios are exported", file=out)
            return 1
        from game.storage import write_text_atomic

        write_text_atomic(args.output, "\ufeff" + export_csv(loaded, languages))
        print(f"✓ wrote {args.output}: {len(loaded.entries)} texts", file=out)
        return 0
    try:
        csv_text = args.csv.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.csv}: {exc}", file=out)
        return 2
    result = import_csv(csv_text, loaded, catalog, write=not args.dry_run)
    for message in result.refused:
        print(f"refused: {message}", file=out)
    for problem in result.problems:
        print(problem.format(), file=out)
    for path, changed in result.changed.items():
        print(f"{'would change' if args.dry_run else 'changed'} {path}: {len(changed)} texts", file=out)
        for item in changed:
            print(f"    {item}", file=out)
    if result.problems or result.refused or loaded.problems:
        return 1
    if not result.changed:
        print("✓ nothing to change: the files already hold these translations", file=out)
    return 0
