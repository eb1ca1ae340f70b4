"""Every ```yaml block of the docs (docs/*.md, README.md, scenarios/README.md) is checked: an
educator copies them, so each must be right.

How a block is checked (the convention is written for authors in docs/AUTHORING.md, "Examples in
these docs"):

- A **whole scenario** (it has `start:`, `steps:` and `endings:`) validates with no problem.
- A **fragment** is completed into a small scenario and validated with no error. What it is comes
  from its shape, or from an HTML comment on the line before the block:
  `<!-- check: fragment of KIND -->`, KIND one of: top (top-level keys), steps, messages, choices,
  effects, endings. Completing it adds a start step that leads to every step and ending nothing
  else reaches, and stubs for the names the fragment uses but does not define: an ending for a
  `to:`, a cast member (with the fields its placeholders name) for a `from:`/`with:`/payee, a
  number variable. Regions: the fragment's `regions:`, else the regions its `by_region` values
  name, else CN. More clauses, after `;`: `channel C` (the step that holds a messages or choices
  fragment; default chat, web when a message has a `look:`), `regions CN US`.
- A **deliberate mistake** is marked `<!-- check: broken RF020 -->` (or `broken RF020 RF021`, or
  with a kind: `<!-- check: fragment of steps; broken RF020 -->`): it must produce each code named.
- A **locale file** (`language:` and `strings:`) must parse as one, with keys and placeholders
  the game's English file has; a **facts file** (`facts:`) must validate as scenarios/facts.yaml;
  a **pack.yaml** (`name:`, `author:`, …) and a pack's **red_flags.yaml** (`red_flags:`) as in a
  pack (game.packs). The blocks after a red_flags.yaml in the same document are checked with the
  flags it adds.
- `<!-- check: skip (reason) -->` leaves a block out; every skip is listed below, in SKIPS.

docs/diagnostics.md is checked by
tests/content/test_diagnostics_doc.py in their own format, not here.
"""

from __future__ import annotations

import copy
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from game.locale import get_locale, parse_locale
from game.scenario import Problem, Scenario, check_facts_bytes, check_scenario_bytes, errors_in, placeholders
from game.scenario.models import BUILTIN_SENDERS, BUILTIN_VARS, Effects
from tests.conftest import ROOT

#: The documents whose YAML is checked here.
DOCUMENTS = sorted(
    [path for path in (ROOT / "docs").glob("*.md") if path.name != "diagnostics.md"]
    + [ROOT / "README.md", ROOT / "scenarios" / "README.md"])
#: Blocks deliberately left out, as (document, first words of the block): a new skip must be added here too,
#: so that skipping stays rare and visible.
SKIPS: set[tuple[str, str]] = set()

FENCE = re.compile(r"^(?P<indent>\s*)```(?:yaml|yml)\s*$")
END = re.compile(r"^\s*```\s*$")
DIRECTIVE = re.compile(r"<!--\s*check:\s*(?P<what>.*?)\s*-->")
KINDS = ("scenario", "top", "steps", "messages", "choices", "effects", "endings", "locale", "facts", "pack",
         "extension")
PACK_KEYS = {"name", "title", "author", "version", "description"}
TOP_KEYS = {spec.alias or name for name, spec in Scenario.model_fields.items()}
EFFECT_KEYS = set(Effects.model_fields)
CODE = re.compile(r"^R[FL]\d{3}$")


@dataclass
class Block:
    document: Path
    line: int                      # of the opening fence, 1-based
    text: str
    directive: str = ""

    @property
    def name(self) -> str:
        return f"{self.document.relative_to(ROOT).as_posix()}:{self.line}"

    @property
    def opening(self) -> str:
        return " ".join(self.text.split())[:40]


@dataclass
class Check:
    kind: str = ""                 # empty: from the block's shape
    broken: tuple[str, ...] = ()
    channel: str = ""
    regions: tuple[str, ...] = ()
    skip: str = ""                 # the reason
    errors: list[str] = field(default_factory=list)


def blocks_of(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and not END.match(lines[index]):
            body.append(lines[index])
            index += 1
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        directive = DIRECTIVE.search(lines[before]) if before >= 0 else None
        found.append(Block(path, start + 1, textwrap.dedent("\n".join(body)) + "\n",
                           directive.group("what") if directive else ""))
        index += 1
    return found


def parse_directive(text: str) -> Check:
    check = Check()
    for clause in filter(None, (part.strip() for part in text.split(";"))):
        words = clause.split()
        if words[0] == "skip":
            check.skip = clause[4:].strip(" ()") or "?"
        elif words[0] == "fragment" and len(words) == 3 and words[1] == "of" and words[2] in KINDS:
            check.kind = words[2]
        elif words[0] in KINDS and len(words) == 1:
            check.kind = words[0]
        elif words[0] == "broken" and len(words) > 1 and all(CODE.match(w) for w in words[1:]):
            check.broken = tuple(words[1:])
        elif words[0] == "channel" and len(words) == 2:
            check.channel = words[1]
        elif words[0] == "regions" and len(words) > 1:
            check.regions = tuple(words[1:])
        else:
            check.errors.append(f"unknown check clause {clause!r}")
    if check.skip and not check.skip.strip("?"):
        check.errors.append("a skip needs its reason: <!-- check: skip (why) -->")
    return check


def shape_of(data: object) -> str:
    """What a block is, from its shape ("" when it cannot be told)."""
    if isinstance(data, dict) and data:
        keys = set(data)
        values = list(data.values())
        if keys == {"language", "strings"}:
            return "locale"
        if "facts" in keys:
            return "facts"
        if "red_flags" in keys:
            return "extension"
        if keys <= PACK_KEYS and keys & {"name", "author", "description"}:
            return "pack"
        if {"start", "steps", "endings"} <= keys:
            return "scenario"
        if keys <= TOP_KEYS:
            return "top"
        if all(isinstance(v, dict) and "channel" in v for v in values):
            return "steps"
        if all(isinstance(v, dict) and "outcome" in v for v in values):
            return "endings"
        if keys <= EFFECT_KEYS or keys == {"effects"}:
            return "effects"
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        if all("from" in item for item in data):
            return "messages"
        if all("from" not in item and "id" in item for item in data):
            return "choices"
    return ""


# -- completing a fragment into a scenario --------------------------------------------------------
def _text(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _by_region_keys(data: object) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        if isinstance(data.get("by_region"), dict):
            found |= set(data["by_region"])
        for value in data.values():
            found |= _by_region_keys(value)
    elif isinstance(data, list):
        for value in data:
            found |= _by_region_keys(value)
    return found


def _strings(data: object):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _amount_names(value: object, names: set[str]) -> None:
    if isinstance(value, str):
        names.add(value)


def _effects_refs(effects: object, members: dict[str, set[str]], numbers: set[str]) -> None:
    if not isinstance(effects, dict):
        return
    for key in ("set", "add"):
        for name, value in (effects.get(key) or {}).items():
            numbers.add(name)
            _amount_names(value, numbers)
    pay = effects.get("pay")
    if isinstance(pay, dict):
        _amount_names(pay.get("amount"), numbers)
        if isinstance(pay.get("to"), str):
            members.setdefault(pay["to"], set())
    else:
        _amount_names(pay, numbers)
    receive = effects.get("receive")
    if isinstance(receive, dict):
        _amount_names(receive.get("amount"), numbers)
        if isinstance(receive.get("from"), str):
            members.setdefault(receive["from"], set())


def references(scenario: dict) -> tuple[set[str], dict[str, set[str]], set[str]]:
    """The targets (`to:`), cast members (with the fields placeholders name) and number variables
    the scenario uses."""
    targets: set[str] = set()
    members: dict[str, set[str]] = {}
    numbers: set[str] = set()
    for text in _strings({k: v for k, v in scenario.items() if k not in ("cast", "vars")}):
        try:
            names = placeholders(text)
        except Exception:  # noqa: BLE001 — a malformed placeholder is validate's to report
            continue
        for name in names:
            head, _, tail = name.partition(".")
            if tail:
                members.setdefault(head, set()).add(tail)
            else:
                numbers.add(head)
    for step in (scenario.get("steps") or {}).values():
        if not isinstance(step, dict):
            continue
        if isinstance(step.get("with"), str):
            members.setdefault(step["with"], set())
        for message in step.get("messages") or ():
            if not isinstance(message, dict):
                continue
            if isinstance(message.get("from"), str):
                members.setdefault(message["from"], set())
            payment = message.get("payment")
            if isinstance(payment, dict):
                _amount_names(payment.get("amount"), numbers)
                if isinstance(payment.get("to"), str):
                    members.setdefault(payment["to"], set())
            _amount_names(message.get("balance"), numbers)
        for choice in [*(step.get("choices") or ()), step.get("timeout")]:
            if not isinstance(choice, dict):
                continue
            if isinstance(choice.get("to"), str):
                targets.add(choice["to"])
            numbers |= set(choice.get("when") or {})
            _effects_refs(choice.get("effects"), members, numbers)
    for ending in (scenario.get("endings") or {}).values():
        if isinstance(ending, dict):
            _amount_names(ending.get("loss"), numbers)
            if isinstance(ending.get("recover"), dict):
                _amount_names(ending["recover"].get("amount"), numbers)
    wallet = scenario.get("wallet")
    if isinstance(wallet, dict):
        _amount_names(wallet.get("start"), numbers)
        _amount_names(wallet.get("min"), numbers)
    numbers |= {name for name in scenario.get("money") or () if isinstance(name, str)}
    for name in (*BUILTIN_SENDERS, "region"):
        members.pop(name, None)
    numbers -= {*BUILTIN_VARS, "region"}
    return targets, members, numbers


def _reachable(scenario: dict) -> set[str]:
    steps = scenario.get("steps") or {}
    seen, todo = set(), [scenario.get("start")]
    while todo:
        node = todo.pop()
        if node in seen or not isinstance(node, str):
            continue
        seen.add(node)
        step = steps.get(node)
        if isinstance(step, dict):
            for choice in [*(step.get("choices") or ()), step.get("timeout")]:
                if isinstance(choice, dict):
                    todo.append(choice.get("to"))
    return seen


def complete(data: object, kind: str, check: Check) -> dict:
    """A small scenario around the fragment `data` of `kind`."""
    fragment = copy.deepcopy(data)
    if kind == "effects" and isinstance(fragment, dict) and set(fragment) == {"effects"}:
        fragment = fragment["effects"]          # `effects:` written with its key
    top = fragment if kind == "top" else {}
    regions = list(check.regions or top.get("regions") or sorted(_by_region_keys(fragment)) or ["CN"])
    legit = top.get("kind") == "legit" or (kind == "endings" and any(
        isinstance(e, dict) and e.get("outcome") == "overcautious" for e in fragment.values()))
    hub = {"channel": check.channel or "chat",
           "messages": [{"id": "doc_hello", "from": "doc_sender", "text": _text("Hello.", "你好。")}],
           "choices": []}
    scenario: dict = {
        "format": 2, "id": "doc_example", "regions": regions, "kind": "legit" if legit else "scam",
        "category": "impersonation", "difficulty": 1,
        "title": _text("Docs example", "文档示例"), "summary": _text("An example.", "一个示例。"),
        "sources": ["Red Flag docs, 2025"],
        "cast": {"doc_sender": {"role": "genuine" if legit else "scammer", "name": "name"}},
        "start": "doc_start", "steps": {"doc_start": hub},
        "endings": {"doc_end": {"outcome": "safe", "title": _text("The end", "结束"),
                                "debrief": _text("The example ends.", "示例结束。")}},
    }
    if legit:
        scenario["resembles"] = "impersonation"
    if kind == "top":
        for key, value in fragment.items():
            if key in ("cast", "vars", "steps", "endings") and isinstance(value, dict):
                scenario[key] = {**scenario[key], **value} if key in scenario else value
            else:
                scenario[key] = value
        if "start" in fragment:
            scenario["steps"].pop("doc_start", None)
    elif kind in ("steps", "endings"):
        scenario[kind].update(fragment)
    elif kind == "messages":
        if not check.channel and any(isinstance(m, dict) and "look" in m for m in fragment):
            hub["channel"] = "web"
        hub["messages"] += fragment
    elif kind == "choices":
        hub["choices"] += fragment
    elif kind == "effects":
        hub["choices"].append({"id": "doc_effects", "text": _text("Go on", "继续"), "to": "doc_end",
                               "effects": fragment})
    pay = fragment.get("pay") if kind == "effects" else None
    if isinstance(pay, str):                 # a bare `pay: fee` goes to whoever asked for it
        hub["messages"][0]["payment"] = {"amount": pay, "to": "doc_sender"}
    targets, members, numbers = references(scenario)
    steps, endings = scenario.setdefault("steps", {}), scenario.setdefault("endings", {})
    for target in sorted(targets - set(steps) - set(endings)):
        endings[target] = {"outcome": "safe", "title": _text("An ending", "一个结局"),
                           "debrief": _text("The example ends here.", "示例在此结束。")}
    cast = scenario.setdefault("cast", {})
    for member, fields in sorted(members.items()):
        entry = cast.setdefault(member, {"role": "genuine" if legit else "scammer", "name": "name"})
        for name in sorted(fields):
            if isinstance(entry, dict) and name not in entry:
                entry[name] = _text("Example", "示例")
    variables = scenario.setdefault("vars", {})
    for name in sorted(numbers - set(variables)):
        variables[name] = 100
    if not variables:
        del scenario["vars"]
    if "doc_start" in steps:
        for group in (steps, [e for e in endings if e != "doc_end"]):
            reached = _reachable(scenario)
            for node in [n for n in group if n not in reached]:
                hub["choices"].append({"id": f"doc_to_{node}"[:64], "text": _text("Go on", "继续"), "to": node})
                reached |= _reachable({"start": node, "steps": steps})
        if not hub["choices"]:
            hub["choices"].append({"id": "doc_done", "text": _text("Go on", "继续"), "to": "doc_end"})
    if "doc_end" not in _reachable(scenario):
        del endings["doc_end"]
    return scenario


# -- checking -------------------------------------------------------------------------------------
def _problems(label: str, raw: bytes, catalog) -> list[Problem]:
    return check_scenario_bytes(label, raw, catalog, expected_id=None)[1]


def _shown(problems: list[Problem]) -> str:
    return "\n".join(p.format() for p in problems)


def check_block(block: Block, catalog) -> list[str]:
    """What is wrong with the block (empty when it is right)."""
    check = parse_directive(block.directive)
    if check.errors:
        return check.errors
    if check.skip:
        return [] if (block.document.relative_to(ROOT).as_posix(), block.opening) in SKIPS else [
            f"skipped ({check.skip}) but not listed in SKIPS: add ({block.document.relative_to(ROOT).as_posix()!r}, "
            f"{block.opening!r})"]
    label = block.name
    try:
        data = yaml.safe_load(block.text)
    except yaml.YAMLError:
        data = None
    kind = check.kind or shape_of(data)
    if not kind and not check.broken:
        return ["cannot tell what this block is: mark it <!-- check: fragment of KIND --> "
                f"(KIND: {', '.join(KINDS)}) or <!-- check: skip (why) -->"]
    if kind == "locale":
        return _check_locale(block)
    if kind == "facts":
        facts_problems = check_facts_bytes(label, block.text.encode(), catalog.regions)[1]
        return [_shown(facts_problems)] if facts_problems else []
    if kind in ("pack", "extension"):
        found = _pack_file(block, kind, catalog)[1]
        if check.broken:
            missing = [code for code in check.broken if code not in {p.code for p in found}]
            return [f"marked broken {' '.join(missing)}, not reported; got:\n{_shown(found)}"] if missing else []
        return [_shown(found)] if found else []
    catalog = document_catalog(block.document, catalog)
    if kind == "scenario" or data is None or not kind:
        raw = block.text.encode()
        shown = block.text
    else:
        scenario = complete(data, kind, check)
        shown = yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False)
        raw = shown.encode()
    problems = _problems(label, raw, catalog)
    codes = {p.code for p in problems}
    if check.broken:
        missing = [code for code in check.broken if code not in codes]
        return [f"marked broken {' '.join(check.broken)} but {' '.join(missing)} not reported; got:\n"
                f"{_shown(problems)}\n--- as checked:\n{shown}"] if missing else []
    wrong = problems if kind == "scenario" else errors_in(problems)
    return [f"{_shown(wrong)}\n--- as checked ({kind}):\n{shown}"] if wrong else []


def _pack_file(block: Block, kind: str, catalog):
    """A pack.yaml or a pack's red_flags.yaml, checked as `pack build` does: (extension, problems)."""
    import tempfile

    from game import packs

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("pack.yaml" if kind == "pack" else "red_flags.yaml")
        path.write_text(block.text, encoding="utf-8")
        if kind == "pack":
            return None, packs.read_meta(path)[1]
        extension = packs.check_extension(path, catalog, label=block.name)
        return extension, list(extension.problems)


_EXTENDED: dict[Path, object] = {}


def document_catalog(document: Path, catalog):
    """The catalogue the blocks of `document` are checked with: the game's, plus the flags of any
    pack red_flags.yaml the document shows (when it has no errors)."""
    if document not in _EXTENDED:
        _EXTENDED[document] = catalog
        if document.is_file():
            for block in blocks_of(document):
                check = parse_directive(block.directive)
                try:
                    data = yaml.safe_load(block.text)
                except yaml.YAMLError:
                    continue
                if (check.kind or shape_of(data)) == "extension" and not check.broken and not check.skip:
                    from game import packs

                    extension, problems = _pack_file(block, "extension", catalog)
                    if extension is not None and not errors_in(problems):
                        _EXTENDED[document] = packs.extend(_EXTENDED[document], extension)
    return _EXTENDED[document]


def _check_locale(block: Block) -> list[str]:
    data = yaml.safe_load(block.text)
    code = (data.get("language") or {}).get("code", "xx") if isinstance(data, dict) else "xx"
    try:
        locale = parse_locale(str(code), block.text.encode(), block.name)
    except Exception as exc:  # noqa: BLE001 — LocaleError, reported as the example's fault
        return [str(exc)]
    english = get_locale("en").strings
    wrong = []
    for key, text in locale.strings.items():
        if key not in english:
            wrong.append(f"{key}: the game has no such string")
        elif set(placeholders(text)) != set(placeholders(english[key])):
            wrong.append(f"{key}: placeholders {sorted(placeholders(text))} differ from English "
                         f"{sorted(placeholders(english[key]))}")
    return wrong


ALL_BLOCKS = [block for path in DOCUMENTS if path.is_file() for block in blocks_of(path)]


def test_the_docs_have_yaml_examples():
    documents = {block.document.name for block in ALL_BLOCKS}
    assert {"scenario-format.md", "AUTHORING.md"} & documents, documents
    assert len(ALL_BLOCKS) >= 15


def test_every_skip_is_still_used():
    used = {(b.document.relative_to(ROOT).as_posix(), b.opening) for b in ALL_BLOCKS
            if parse_directive(b.directive).skip}
    assert SKIPS <= used, sorted(SKIPS - used)


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=[block.name for block in ALL_BLOCKS])
def test_the_example_is_right(catalog, block):
    wrong = check_block(block, catalog)
    assert not wrong, f"{block.name}: the ```yaml block is wrong:\n" + "\n".join(wrong)


# -- the checker itself -----------------------------------------------------------------------
def test_a_fragment_with_a_mistake_fails(catalog):
    """The completion supplies only names; a wrong key, a flag not in the catalogue or a bad value
    still fail."""
    steps = textwrap.dedent("""\
          ad:
            channel: search_ad
            messages:
              - id: ad_text
                from: agent
                text: {en: "Cheap loans for {agent.name}.", zh: "低息贷款。"}
                flags: [not_a_flag]
            choices:
              - {id: open, text: {en: "Open", zh: "打开"}, to: landing}
        """)
    block = Block(ROOT / "docs" / "x.md", 1, steps)
    assert any("RF021" in line for line in check_block(block, catalog))
    good = Block(ROOT / "docs" / "x.md", 1, steps.replace("not_a_flag", "too_easy_credit"))
    assert check_block(good, catalog) == []
    wrong_key = Block(ROOT / "docs" / "x.md", 1, steps.replace("channel: search_ad", "channel: search_ad\n  gapp: 3"))
    assert any("RF010" in line for line in check_block(wrong_key, catalog))


def test_a_block_marked_broken_must_report_its_code(catalog):
    text = textwrap.dedent("""\
        - id: go
          text: {en: "Go", zh: "走"}
          to: doc_start
          effects: {give: [not_an_item]}
        """)
    assert check_block(Block(ROOT / "docs" / "x.md", 1, text, "broken RF030"), catalog) == []
    assert check_block(Block(ROOT / "docs" / "x.md", 1, text, "broken RF020"), catalog)
    assert check_block(Block(ROOT / "docs" / "x.md", 1, text), catalog)


def test_an_unrecognised_block_or_directive_fails(catalog):
    assert check_block(Block(ROOT / "docs" / "x.md", 1, "just: [a, list]\n"), catalog)
    assert check_block(Block(ROOT / "docs" / "x.md", 1, "format: 2\n", "fragment of everything"), catalog)
    assert check_block(Block(ROOT / "docs" / "x.md", 1, "format: 2\n", "skip"), catalog)


def test_pack_files_are_checked_as_in_a_pack(catalog):
    doc = ROOT / "docs" / "x.md"
    assert check_block(Block(doc, 1, 'name: town\ntitle: {en: "Town", zh: "本地"}\nauthor: "Me"\n'), catalog) == []
    assert check_block(Block(doc, 1, 'name: town\nauthr: "Me"\n'), catalog)
    flag = ('red_flags:\n  {id}:\n    group: money\n    name: {{en: "A fee", zh: "收费"}}\n'
            '    why: {{en: "Why.", zh: "为什么。"}}\n    safe: {{en: "Check.", zh: "核实。"}}\n'
            '    sources: ["A notice, 2025"]\n')
    assert check_block(Block(doc, 1, flag.format(id="courier_fee_local")), catalog) == []
    assert check_block(Block(doc, 1, flag.format(id="urgency_deadline")), catalog)


def test_the_format_guide_shows_each_outcome_headline_as_the_game_writes_it():
    """docs/scenario-format.md lists the fixed debrief headline of each outcome in en and zh: the
    table must say what the locale files say."""
    from game.scenario import OUTCOMES

    guide = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)`[^|]*\| ([^|]+) \| ([^|]+) \|$", guide, flags=re.MULTILINE)
    shown = {(en.strip(), zh.strip()) for name, en, zh in rows if name in OUTCOMES}
    english, chinese = get_locale("en").strings, get_locale("zh").strings
    wanted = {(english[key], chinese[key]) for spec in OUTCOMES.values()
              for key in {spec.headline, spec.headline_no_loss}}
    assert wanted <= shown, sorted(wanted - shown)
