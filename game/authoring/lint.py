"""`lint`: what a valid scenario teaches, checked beyond validity.

Every file is validated first; an invalid file is reported with validate's problems and not
linted further. A valid one goes through the rules of `RULES`, each with its code (RL001 …)
and severity. Errors are findings that make the scenario teach or score something wrong (an
over-cautious ending that punishes a player who never checked, a "safe" ending after money
went to the scammers, a scam the player cannot escape, a debrief total that the story
contradicts); warnings are quality and upkeep (unused variables, a missing translation, a text
too long for the phone). Warnings exit 0, errors 1, `--strict` fails on warnings too.

What counts as the *verification step* of a genuine contact: a choice marked `safe: true`.
The format defines `safe: true` as "the safe actions people really take" and the outcome
`overcautious` as turning away a contact "that their own check had shown to be genuine"
(docs/scenario-format.md, game/scenario/outcomes.py); in a `legit` scenario the safe actions
are exactly those checks (opening one's own app, calling the number on the card).
"""

from __future__ import annotations

import re

import yaml
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from game.scenario import (
    LANGS,
    ByRegion,
    Catalog,
    Effects,
    Payment,
    Problem,
    Scenario,
    Text,
    TextPick,
    ValidCache,
    check_scenario_bytes,
    check_scenario_file,
    errors_in,
    placeholders,
    read_bytes,
)

from .difficulty import difficulty_comment, rate
from .phonefit import WINDOW, box_for, estimated_lines, estimated_width
from .reach import CHECKED, EPS, PAID, SECRET, Exploration, Explorer, value_ranges
from .glyphs import glyph_problems
from .validate import expand

MAX_FLAGS = 3
Loc = tuple


@dataclass
class LintReport:
    files: int = 0
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    lang: str = "en"

    @property
    def errors(self) -> int:
        return sum(len(errors_in(p)) for p in self.problems.values())

    @property
    def warnings(self) -> int:
        return sum(len(p) for p in self.problems.values()) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def codes(self) -> list[str]:
        return [p.code for problems in self.problems.values() for p in problems]


@dataclass
class Subject:
    """One valid scenario, with what the rules read: its file's text and positions, the catalogue
    and the exploration of its ways through."""

    path: str
    scenario: Scenario
    raw: bytes
    catalog: Catalog
    explorer: Explorer
    ways: Exploration
    found: list[Problem] = field(default_factory=list)
    _doc: "Positions | None" = None
    _texts: list[tuple[Loc, Text]] | None = None

    @property
    def texts(self) -> list[tuple[Loc, Text]]:
        if self._texts is None:
            self._texts = list(story_texts(self.scenario))
        return self._texts

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8-sig", errors="replace")

    @property
    def doc(self) -> "Positions":
        """Where each value stands in the file, read when the first problem is found (a file with
        none, read from the cache, is never parsed)."""
        if self._doc is None:
            self._doc = Positions(self.raw)
        return self._doc

    def add(self, where: Loc, code: str, key: str, english: str, hint: str, **params: object) -> None:
        line, column = self.doc.where(where)
        self.found.append(Problem(self.path, line, column, code, english, hint, SEVERITY[code], f"lint.{key}",
                                  tuple(params.items())))


class Positions:
    """The line and column of a value of a valid file, found by walking its YAML nodes (the file
    passed validation, so the walk cannot fail on its shape)."""

    def __init__(self, raw: bytes) -> None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            self.root = yaml.compose(raw.decode("utf-8-sig"), Loader=loader)
        except (yaml.YAMLError, UnicodeDecodeError):
            self.root = None

    def where(self, loc: Loc) -> tuple[int, int]:
        node, found = self.root, self.root
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if pair is None:
                    break
                found = pair[0] if not isinstance(pair[1], yaml.ScalarNode) else pair[1]
                node = pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = found = node.value[part]
            else:
                break
        if found is None:
            return 1, 1
        return found.start_mark.line + 1, found.start_mark.column + 1


# -- the graph: endings and conditions --------------------------------------------------------------

def _ending_loc(ending_id: str) -> Loc:
    return ("endings", ending_id, "outcome")


def _first_taken(subject: Subject, path: list[str], test: Callable[[Effects], bool]) -> str:
    for taken in path:
        step_id, _, choice_id = taken.partition(".")
        step = subject.scenario.steps[step_id]
        effects = step.timeout.effects if choice_id == "timeout" and step.timeout else next(
            (c.effects for c in step.choices if c.id == choice_id), None)
        if effects is not None and test(effects):
            return taken
    return path[-1] if path else ""


def _way(path: list[str]) -> str:
    return " → ".join(path) or "the start"


def rule_overcautious(subject: Subject) -> None:
    """RL001: an `overcautious` ending a player can reach without having checked."""
    for ending_id, arrivals in subject.ways.arrivals.items():
        if subject.scenario.endings[ending_id].outcome != "overcautious":
            continue
        unchecked = next((path for (bits, _), path in arrivals.items() if not bits & CHECKED), None)
        if unchecked is not None:
            subject.add(_ending_loc(ending_id), "RL001", "overcautious_unchecked",
                        f"the overcautious ending '{ending_id}' can be reached without any check "
                        f"(by {_way(unchecked)})",
                        "overcautious means the player turned the contact away after their own check showed it "
                        "was genuine: lead this way to a partial ending, or through a choice marked safe: true "
                        "(the check) first", ending=ending_id, way=_way(unchecked))


def _loss_possible(subject: Subject, ending_id: str, frozen: tuple) -> bool:
    loss = subject.scenario.endings[ending_id].loss
    if loss is None:
        return True
    return any(high > EPS for _, high in subject.explorer.value(dict(frozen), loss))


def _pays(effects: Effects) -> bool:
    return effects.pay is not None


def _gives_secret(secrets: set[str]) -> Callable[[Effects], bool]:
    return lambda effects: any(item in secrets for item in effects.give)


def rule_safe_after_loss(subject: Subject) -> None:
    """RL002 (money paid to the wrong side) and RL003 (a secret handed over) before a `safe` ending."""
    secrets = set(subject.catalog.secrets)
    for ending_id, arrivals in subject.ways.arrivals.items():
        if subject.scenario.endings[ending_id].outcome != "safe":
            continue
        paid = next((path for (bits, frozen), path in arrivals.items()
                     if bits & PAID and _loss_possible(subject, ending_id, frozen)), None)
        if paid is not None:
            choice = _first_taken(subject, paid, _pays)
            subject.add(_ending_loc(ending_id), "RL002", "safe_after_payment",
                        f"the safe ending '{ending_id}' can be reached after paying ({choice}, by {_way(paid)})",
                        "a player who lost money did not end safe: lead that way to a partial or scammed ending "
                        "(when: {paid: 0} on the safe choice), or give the ending loss: 0 if the money came back",
                        ending=ending_id, choice=choice, way=_way(paid), condition="when: {paid: 0}")
        given = next((path for (bits, _), path in arrivals.items() if bits & SECRET), None)
        if given is not None:
            choice = _first_taken(subject, given, _gives_secret(secrets))
            subject.add(_ending_loc(ending_id), "RL003", "safe_after_secret",
                        f"the safe ending '{ending_id}' can be reached after handing over a secret "
                        f"({choice}); the game will show it as partial",
                        "make sure its title and debrief also fit a player who gave the secret away, or lead that "
                        "way to a partial ending of its own", ending=ending_id, choice=choice)


def rule_no_safe_exit(subject: Subject) -> None:
    """RL012: a scam the player cannot get out of safely."""
    if subject.scenario.kind != "scam" or not subject.ways.complete:
        return
    for ending_id, arrivals in subject.ways.arrivals.items():
        if subject.scenario.endings[ending_id].outcome != "safe":
            continue
        if any(not bits & SECRET and not (bits & PAID and _loss_possible(subject, ending_id, frozen))
               for bits, frozen in arrivals):
            return
    subject.add(("kind",), "RL012", "no_safe_exit", "no way through this scam reaches a safe ending",
                "give the player a way out: a choice marked safe: true (hang up, call the official number) that "
                "leads to an ending with outcome: safe before anything is paid or handed over")


def rule_never_offered(subject: Subject) -> None:
    """RL007: a choice whose `when:` never holds where it is offered."""
    if not subject.ways.complete:
        return
    for step_id, step in subject.scenario.steps.items():
        if step_id not in subject.ways.reached:
            continue
        for index, choice in enumerate(step.choices):
            if choice.when and (step_id, choice.id) not in subject.ways.offered:
                names = ", ".join(choice.when)
                subject.add(("steps", step_id, "choices", index, "when"), "RL007", "never_holds",
                            f"the choice '{choice.id}' is never offered: its when: ({names}) cannot hold at "
                            f"'{step_id}'",
                            "compare the numbers in when: with the values vars: starts with and what the effects on "
                            "the way set, add or pay", choice=choice.id, step=step_id, names=names)


# -- variables ---------------------------------------------------------------------------------------

def story_texts(scenario: Scenario) -> Iterator[tuple[Loc, Text]]:
    """The texts a player reads, with their places in the file: title, summary, messages (with
    their notes, why: and instead:), choices, timeout notes and endings."""
    yield ("title",), scenario.title
    yield ("summary",), scenario.summary
    for step_id, step in scenario.steps.items():
        for index, message in enumerate(step.messages):
            loc = ("steps", step_id, "messages", index)
            yield loc + ("text",), message.text
            if message.note is not None:
                yield loc + ("note",), message.note
            for key in ("why", "instead"):
                for flag, text in getattr(message, key).items():
                    yield loc + (key, flag), text
        for index, choice in enumerate(step.choices):
            yield ("steps", step_id, "choices", index, "text"), choice.text
        if step.timeout is not None and step.timeout.note is not None:
            yield ("steps", step_id, "timeout", "note"), step.timeout.note
    for ending_id, ending in scenario.endings.items():
        if ending.title is not None:
            yield ("endings", ending_id, "title"), ending.title
        yield ("endings", ending_id, "debrief"), ending.debrief


def _amounts(effects: Effects) -> Iterator[object]:
    pay = effects.pay
    yield pay.amount if isinstance(pay, Payment) else pay
    if effects.receive is not None:
        yield effects.receive.amount
    yield from effects.set.values()
    yield from effects.add.values()


def used_variables(scenario: Scenario, texts: list[tuple[Loc, Text]] | None = None) -> set[str]:
    """Variables something reads: a placeholder, a condition, an amount, a value set or added."""
    used: set[str] = set()
    for _, text in texts if texts is not None else story_texts(scenario):
        for lang in (*LANGS, *(text.model_extra or {})):
            try:
                used.update(placeholders(text.get(lang)))
            except ValueError:
                pass
    for step in scenario.steps.values():
        for message in step.messages:
            if message.payment is not None:
                used.add(str(message.payment.amount))
            used.add(str(message.balance))
        for choice in step.choices:
            used.update(choice.when)
            used.update(str(a) for a in _amounts(choice.effects))
        if step.timeout:
            used.update(str(a) for a in _amounts(step.timeout.effects))
    for ending in scenario.endings.values():
        used.add(str(ending.loss))
        if ending.recover is not None:
            used.add(str(ending.recover.amount))
    if scenario.wallet is not None:
        used.update((str(scenario.wallet.start), str(scenario.wallet.min)))
    return used


def rule_unused_variables(subject: Subject) -> None:
    """RL006: a variable nothing reads."""
    used = used_variables(subject.scenario, subject.texts)
    for name in subject.scenario.vars:
        if name not in used:
            subject.add(("vars", name), "RL006", "unused_variable", f"the variable '{name}' is never used",
                        f"use it ({{{name}}} in a text, in when:, or as an amount), or remove it", name=name,
                        placeholder=f"{{{name}}}")


# -- texts ---------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]{3,}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def rule_languages(subject: Subject) -> None:
    """RL008: a text present in one language only: a language other texts of the file have is
    missing here, or the Chinese is a copy of the English."""
    texts = subject.texts
    extra = sorted({code for _, text in texts for code in (text.model_extra or {})})
    for loc, text in texts:
        for code in extra:
            if not text.has(code):
                subject.add(loc, "RL008", "missing_language",
                            f"this text has no '{code}' version (other texts of the file have one); "
                            "players in that language read the English",
                            f"add a line '{code}: \"...\"' beside en and zh", lang=code)
        english = _PLACEHOLDER.sub("", text.en)
        chinese = _PLACEHOLDER.sub("", text.zh)
        if _WORD.search(english) and not _CJK.search(chinese) and _WORD.search(chinese):
            subject.add(loc + ("zh",), "RL008", "untranslated",
                        "the Chinese (zh) text is English: this text exists in one language only",
                        "translate it into Chinese", lang="zh")


_MONEY = re.compile(r"(?:[¥$£€]|RMB|CNY|USD|GBP)\s*\d[\d,]*(?:\.\d+)?"
                    r"|\d[\d,]*(?:\.\d+)?\s*(?:元|块钱|美元|英镑|万元|dollars|pounds|yuan)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _typed_amounts(text: str) -> list[tuple[str, float]]:
    found = []
    for match in _MONEY.finditer(text):
        number = _NUMBER.search(match.group(0))
        if number:
            value = float(number.group(0).replace(",", ""))
            if "万" in match.group(0):
                value *= 10_000
            found.append((match.group(0), value))
    return found


def _payment_totals(scenario: Scenario, explorer: Explorer) -> dict[str, list[tuple[float, float]]]:
    """For each ending, the totals the player can have paid on the way (conditions ignored, loops cut)."""
    totals: dict[str, set[tuple[float, float]]] = {}
    start = (scenario.start, 0.0, 0.0)
    seen, queue = {start}, deque([start])
    while queue and len(seen) < 20_000:
        node, low, high = queue.popleft()
        if node in scenario.endings:
            totals.setdefault(node, set()).add((low, high))
            continue
        step = scenario.steps[node]
        moves = [(c.effects, c.to) for c in step.choices] + ([(step.timeout.effects, step.timeout.to)]
                                                              if step.timeout else [])
        for effects, target in moves:
            pay = effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay
            ranges = explorer.value({}, pay) if pay is not None else [(0.0, 0.0)]
            for a, b in ranges:
                child = (target, low + max(a, 0.0), high + max(b, 0.0))
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    return {ending: sorted(found) for ending, found in totals.items()}


def rule_typed_amounts(subject: Subject) -> None:
    """RL004: an amount typed into a format-1 text; RL005: a typed total in an ending that no
    way to it pays."""
    scenario = subject.scenario
    totals: dict[str, list[tuple[float, float]]] | None = None
    for loc, text in subject.texts:
        for lang in (*LANGS, *(text.model_extra or {})):
            for written, value in _typed_amounts(text.get(lang)):
                if loc[0] == "endings":
                    if totals is None:
                        totals = _payment_totals(scenario, subject.explorer)
                    ending = scenario.endings[loc[1]]
                    possible = totals.get(loc[1], [])
                    if ending.loss is None and not any(low - EPS <= value <= high + EPS for low, high in possible):
                        shown = ", ".join(_range_text(low, high) for low, high in possible[:4]) or "nothing"
                        subject.add(loc + (lang,), "RL005", "debrief_total",
                                    f"the text says {written}, but the ways to '{loc[1]}' pay {shown}",
                                    "write {paid} (what the player paid) instead of a typed total",
                                    written=written, ending=loc[1], totals=shown, placeholder="{paid}")
                        continue
                if scenario.format == 1:
                    subject.add(loc + (lang,), "RL004", "typed_amount",
                                f"'{written}' is an amount typed into the text",
                                "put it in a variable (vars: fee: 300) and write ¥{fee}; after migrating to "
                                "format 2, {fee} writes the currency itself", written=written, example="¥{fee}",
                                placeholder="{fee}")


def _range_text(low: float, high: float) -> str:
    def number(value: float) -> str:
        return f"{value:,.2f}".removesuffix(".00")
    return number(low) if abs(high - low) <= EPS else f"{number(low)}–{number(high)}"


# -- the phone ------------------------------------------------------------------------------------------

_FAKER_WIDEST = {   # the longest a Faker field (or our own) usually gets, per language
    "en": {"name": "Christopher Montgomery", "first_name": "Christopher", "last_name": "Montgomery",
           "phone_number": "+1-555-555-5555x12345", "company": "Williams, Montgomery and Johnson",
           "city": "North Christopherland", "email": "christopher.montgomery@example.com",
           "user_name": "christophermontgomery", "job": "Administrator, charities/voluntary organisations",
           "bank": "Metropolitan Commercial Bank", "domain": "montgomery-williams.com",
           "odd_domain": "secure-verify-account88.top", "card_tail": "8888", "overseas_phone": "+855 96 888 8888"},
    "zh": {"name": "欧阳建国", "first_name": "建国", "last_name": "欧阳", "phone_number": "+86 188 8888 8888",
           "company": "东方国际信息科技有限公司", "city": "乌鲁木齐市", "email": "montgomery88@example.com",
           "user_name": "montgomery88", "job": "信息系统运维工程师", "bank": "中国农业发展银行",
           "domain": "montgomery-williams.com", "odd_domain": "secure-verify-account88.top", "card_tail": "8888",
           "overseas_phone": "+855 96 888 8888"},
}


def _widest(texts: list[str], font: int) -> str:
    return max(texts, key=lambda t: estimated_width(t, font), default="")


def _number_text(spec: object) -> str:
    values: list[float] = []
    for low, high in value_ranges(spec):
        values += [low, high]
    biggest = max((abs(v) for v in values), default=99_999.0)
    return f"CN¥{biggest:,.2f}" if biggest != int(biggest) else f"CN¥{int(biggest):,}"


def placeholder_values(subject: Subject, lang: str) -> dict[str, str]:
    """For each placeholder of the file, about the widest text it can show in `lang`."""
    scenario, font = subject.scenario, 17
    values: dict[str, str] = {"paid": "CN¥999,999"}
    for name, spec in scenario.vars.items():
        specs = list(spec.by_region.values()) if isinstance(spec, ByRegion) else [spec]
        texts = [t.get(lang) for s in specs if isinstance(s, TextPick) for t in s.pick]
        values[name] = _widest(texts, font) if texts else _number_text(spec)
    faker = _FAKER_WIDEST["zh" if lang == "zh" else "en"]
    for member, cast in scenario.cast.items():
        for field_name, spec in cast.fields.items():
            if isinstance(spec, str):
                shown = faker.get(spec, "W" * 12)
            elif isinstance(spec, TextPick):
                shown = _widest([t.get(lang) for t in spec.pick], font)
            else:
                shown = spec.get(lang)
            values[f"{member}.{field_name}"] = shown
    for region_id in scenario.regions:
        region = subject.catalog.regions.get(region_id)
        if region is None:
            continue
        for key in region.values:
            shown = region.value(key, lang) or ""
            known = values.get(f"region.{key}", "")
            values[f"region.{key}"] = _widest([known, shown], font)
    return values


def _filled(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(0)[1:-1], "W" * 12), text.replace("{{", "{").replace("}}", "}")
                            if "{{" in text else text)


def rule_phone_length(subject: Subject) -> None:
    """RL009: a message that does not fit on the phone at 1024×640 at once."""
    values = {lang: placeholder_values(subject, lang) for lang in LANGS}
    for step_id, step in subject.scenario.steps.items():
        for index, message in enumerate(step.messages):
            box = box_for(step.channel, message.look, message.sender == "narrator")
            for lang in LANGS:
                lines = estimated_lines(_filled(message.text.get(lang), values[lang]), box, at_least=box.lines + 1)
                if lines > box.lines:
                    subject.add(("steps", step_id, "messages", index, "text", lang), "RL009", "too_long",
                                f"the {lang} text of '{message.id}' takes about {lines} lines on the phone at "
                                f"{WINDOW}, where {box.lines} fit at once",
                                "shorten it, or split it into two messages", message=message.id, lang=lang,
                                lines=lines, fit=box.lines, window=WINDOW)


def rule_flag_count(subject: Subject) -> None:
    """RL010: more than three red flags on one message."""
    for step_id, step in subject.scenario.steps.items():
        for index, message in enumerate(step.messages):
            if len(message.flags) > MAX_FLAGS:
                subject.add(("steps", step_id, "messages", index, "flags"), "RL010", "many_flags",
                            f"'{message.id}' carries {len(message.flags)} red flags; a player can name only one "
                            f"per message, so keep it to {MAX_FLAGS} at most",
                            "split the message in two, or keep the flags the message shows most clearly",
                            message=message.id, count=len(message.flags), most=MAX_FLAGS)


# -- the header: kind, sources, difficulty ---------------------------------------------------------------

def rule_resembles(subject: Subject) -> None:
    """RL011: a genuine contact that does not say which scam it looks like."""
    if subject.scenario.kind == "legit" and not subject.scenario.resembles:
        subject.add(("kind",), "RL011", "no_resembles", "this legit scenario names no scam it resembles",
                    "add resembles: with the category of the scam it looks like (e.g. resembles: bank_impersonation)")


_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_EMPTY_SOURCE = re.compile(r"^\W*(todo|tbd|tba|fixme|xxx+|source|sources|unknown|n/?a|none|see above)?\W*$", re.I)


def rule_sources(subject: Subject) -> None:
    """RL013: a source that names nothing; RL014: a source without a year."""
    for index, source in enumerate(subject.scenario.sources):
        loc = ("sources", index)
        if _EMPTY_SOURCE.match(source):
            subject.add(loc, "RL013", "source_missing", f"the source '{source}' names no source",
                        "name the publisher and the document, with its year: \"FTC: toll text scams, 2024\"",
                        source=source)
        elif not _YEAR.search(source):
            subject.add(loc, "RL014", "source_undated", f"the source '{source}' has no year",
                        "add the year it was published (\"…, 2024\"), so readers know how current it is",
                        source=source)


def rule_difficulty(subject: Subject) -> None:
    """RL015: a difficulty the rubric of docs/difficulty.md does not give."""
    comment = difficulty_comment(subject.text)
    rating = rate(subject.scenario, comment)
    if rating.difficulty is None:
        subject.add(("difficulty",), "RL015", "difficulty_no_premise",
                    "the comment beside difficulty: names no premise, so the rubric cannot be checked",
                    "write the premise in the comment: difficulty: 2   # premise: medium (why)")
    elif rating.difficulty != subject.scenario.difficulty:
        subject.add(("difficulty",), "RL015", "difficulty_differs",
                    f"difficulty is {subject.scenario.difficulty}, but the rubric gives {rating.difficulty} "
                    f"({rating.cues} cues in the opening)",
                    f"write difficulty: {rating.difficulty} (how the rubric counts: docs/difficulty.md)",
                    given=subject.scenario.difficulty, computed=rating.difficulty, cues=rating.cues)


#: code → severity, and the rules in the order they run.
SEVERITY = {"RL001": "error", "RL002": "error", "RL003": "warning", "RL004": "warning", "RL005": "error",
            "RL006": "warning", "RL007": "warning", "RL008": "warning", "RL009": "warning", "RL010": "warning",
            "RL011": "warning", "RL012": "error", "RL013": "warning", "RL014": "warning", "RL015": "warning"}
RULES: tuple[Callable[[Subject], None], ...] = (
    rule_overcautious, rule_safe_after_loss, rule_typed_amounts, rule_unused_variables, rule_never_offered,
    rule_languages, rule_phone_length, rule_flag_count, rule_resembles, rule_no_safe_exit, rule_sources,
    rule_difficulty,
)


# -- files ---------------------------------------------------------------------------------------------

def lint_scenario(label: str, scenario: Scenario, raw: bytes, catalog: Catalog) -> list[Problem]:
    """lint's problems for one valid scenario (`raw`: its file's bytes, for positions)."""
    explorer = Explorer(scenario, catalog)
    subject = Subject(label, scenario, raw, catalog, explorer, explorer.explore())
    for rule in RULES:
        rule(subject)
    return sorted(subject.found, key=lambda p: (p.line, p.column, p.code))


def lint_bytes(label: str, raw: bytes, catalog: Catalog, expected_id: str | None = None) -> list[Problem]:
    """validate's problems for one file and, if it is valid, lint's."""
    scenario, problems = check_scenario_bytes(label, raw, catalog, expected_id=expected_id)
    if scenario is None:
        return problems
    return problems + lint_scenario(label, scenario, raw, catalog)


def lint_paths(paths: list[Path], catalog: Catalog, lang: str = "en", cache: ValidCache | None = None) -> LintReport:
    """Lint the scenario files named and those in the folders named. `cache` (the game's
    scenario cache) spares validating again the files that passed every check before."""
    files, problems = expand([Path(p) for p in paths], content=False)
    report = LintReport(files=len(files), lang=lang)
    for problem in problems:
        report.problems.setdefault(problem.path, []).append(problem)
    for path in files:
        raw, problem = read_bytes(path)
        if problem:
            report.problems[str(path)] = [problem]
            continue
        scenario, found = check_scenario_file(path, catalog, cache)
        if scenario is not None:
            found = found + lint_scenario(str(path), scenario, raw or b"", catalog)
        report.problems[str(path)] = found + glyph_problems(str(path), raw or b"")  # RF039, as validate
    return report


# -- the command ----------------------------------------------------------------------------------------

def main_lint(args, folder: Path, out: TextIO) -> int:
    """`python main.py lint PATH... [--strict] [--lang]`: 0 clean (or warnings only), 1 errors
    (or, with --strict, warnings), 2 a usage problem."""
    from game.content import command_catalog
    from game.locale import Translator, default_lang
    from game.scenario import RedFlagError

    from .diagnostics import format_problem

    lang = args.lang or default_lang()
    t = Translator(lang).t
    try:
        catalog = command_catalog(args, folder)
    except RedFlagError as exc:  # an invalid catalogue: say so, as validate does
        for problem in getattr(exc, "problems", ()):
            print(format_problem(problem, lang), file=out)
        print(t("lint.bad_catalog"), file=out)
        return 1
    from game.cache import ScenarioCache

    report = lint_paths(args.paths, catalog, lang, ScenarioCache.default())
    for problems in report.problems.values():
        for problem in problems:
            print(format_problem(problem, lang), file=out)
    errors, warnings = report.errors, report.warnings
    failed = errors > 0 or (args.strict and warnings > 0)
    if not errors and not warnings:
        print(t("lint.clean", files=report.files), file=out)
    else:
        print(t("lint.summary_failed" if failed else "lint.summary", files=report.files, errors=errors,
                warnings=warnings), file=out)
    return 1 if failed else 0

