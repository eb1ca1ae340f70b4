"""Cross-reference checks of a scenario, on the raw data so that they run even when the
structure has errors: one pass reports every problem in the file."""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Iterator, Mapping

from .errors import Problem
from .models import BUILTIN_SENDERS, BUILTIN_VARS, FAKER_FIELDS, LANG_PATTERN, LANGS, Fact, Region, is_number
from .outcomes import OUTCOMES
from .templates import TemplateError, placeholders
from .yamlread import Document, Loc


def did_you_mean(word: object, options: object) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(o) for o in options], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


class ScenarioChecker:
    """Collects problems about references between the parts of one scenario."""

    def __init__(self, label: str, doc: Document, flag_ids: set[str], data_items: set[str],
                 expected_id: str | None, regions: Mapping[str, Region] | None = None,
                 facts: Mapping[str, Fact] | None = None) -> None:
        self.label = label
        self.doc = doc
        self.data = _dict(doc.data)
        self.flag_ids = flag_ids
        self.data_items = data_items
        self.expected_id = expected_id
        self.known_regions = dict(regions or {})
        self.facts = dict(facts or {})
        self.problems: list[Problem] = []

    def add(self, loc: Loc, code: str, message: str, hint: str = "") -> None:
        line, column = self.doc.where(loc)
        self.problems.append(Problem(self.label, line, column, code, message, hint))

    def run(self) -> list[Problem]:
        data = self.data
        if self.expected_id and isinstance(data.get("id"), str) and data["id"] != self.expected_id:
            self.add(("id",), "RF028", f"the id '{data['id']}' differs from the file name '{self.expected_id}'",
                     f"rename the file to {data['id']}.yaml or set id: {self.expected_id}")
        self.cast = _dict(data.get("cast"))
        self.vars = _dict(data.get("vars"))
        self.steps = _dict(data.get("steps"))
        self.endings = _dict(data.get("endings"))
        self.nodes = set(self.steps) | set(self.endings)
        self.format = data.get("format")
        self.regions = self._check_regions()
        self.numbers = self._number_vars()
        self.negative = self._negative_vars()
        for index, name in enumerate(_list(data.get("money"))):
            self._check_amount(("money", index), name)
        self._check_wallet()
        self._check_names()
        self._check_targets()
        self._check_messages()
        self._check_numbers()
        self._check_texts()
        self._check_facts()
        self._check_graph()
        return self.problems

    # -- regions and facts ------------------------------------------------------------------
    def _check_regions(self) -> list[str]:
        """The regions the scenario declares (format 1: CN), each checked against the region files."""
        if self.format == 2 and "regions" not in self.data:
            self.add(("format",), "RF011", "a format 2 scenario needs 'regions:'",
                     f"add regions: [{', '.join(sorted(self.known_regions)) or 'CN'}] with the regions the story fits")
        declared = self.data.get("regions", ["CN"])
        regions = []
        for index, region in enumerate(_list(declared)):
            if not isinstance(region, str):
                continue
            if self.known_regions and region not in self.known_regions:
                self.add(("regions", index), "RF036", f"'{region}' is not a region",
                         did_you_mean(region, self.known_regions)
                         or f"the regions are {', '.join(sorted(self.known_regions))} (scenarios/regions/)")
            else:
                regions.append(region)
        for name, spec in self.vars.items():
            by_region = _dict(spec).get("by_region")
            if not isinstance(by_region, dict):
                continue
            missing = [r for r in regions if r not in by_region]
            if missing:
                self.add(("vars", name), "RF036", f"'{name}' has no value for {', '.join(missing)}",
                         "give by_region a value for every region in regions:")
            for region in by_region:
                if region not in regions and isinstance(region, str):
                    self.add(("vars", name, "by_region", region), "RF036",
                             f"'{name}' has a value for {region}, which regions: does not list",
                             "add the region to regions:, or remove this value")
            kinds = {self._var_shape(v) for v in by_region.values()}
            if len(kinds) > 1:
                self.add(("vars", name), "RF012", f"'{name}' holds a number in one region and text in another",
                         "use the same kind of value in every region")
        return regions

    @staticmethod
    def _var_shape(spec: object) -> str:
        if is_number(spec) or "between" in _dict(spec):
            return "number"
        picks = _list(_dict(spec).get("pick"))
        return "number" if picks and all(is_number(p) for p in picks) else "text"

    def _check_facts(self) -> None:
        for ending_id, ending in self.endings.items():
            given = _dict(ending).get("fact")
            loc = ("endings", ending_id, "fact")
            if isinstance(given, dict) and isinstance(given.get("by_region"), dict):
                per_region = given["by_region"]
                missing = [r for r in self.regions if r not in per_region]
                if missing:
                    self.add(loc, "RF037", f"the fact has no entry for {', '.join(missing)}",
                             "give by_region a fact for every region in regions:")
                for region, fact_id in per_region.items():
                    self._check_fact(loc + ("by_region", region), fact_id, [region])
            elif isinstance(given, str):
                self._check_fact(loc, given, self.regions)

    def _check_fact(self, loc: Loc, fact_id: object, regions: list[str]) -> None:
        if not isinstance(fact_id, str):
            return
        fact = self.facts.get(fact_id)
        if fact is None:
            self.add(loc, "RF037", f"'{fact_id}' is not in facts.yaml",
                     did_you_mean(fact_id, self.facts) or "add it to scenarios/facts.yaml with its year and source")
            return
        foreign = [r for r in regions if r not in fact.regions]
        if foreign:
            self.add(loc, "RF037", f"the fact '{fact_id}' is about {', '.join(fact.regions)}, "
                     f"but it would be shown in {', '.join(foreign)}",
                     "give one fact per region: fact: {by_region: {CN: …, US: …, GB: …}}")

    _MONEY_TEXT = re.compile(r"[¥$£€]\s*(\d[\d,.]*|\{[^{}]*\})|\d[\d,.]*\s*(元|块钱|美元|英镑|dollars|pounds|yuan)\b"
                             r"|(\{[^{}]*\}|\d[\d,.]*)\s*(元|块钱|美元|英镑)")

    def _check_money_text(self, loc: Loc, text: str) -> None:
        """Format 2 writes amounts as variables, shown in the player's currency: a currency
        symbol or a literal amount in a text would show ¥ to a learner in London."""
        match = self._MONEY_TEXT.search(text)
        if match:
            self.add(loc, "RF038", f"'{match.group(0)}' writes money into the text",
                     "put the amount in a variable (vars: fee: 300) and write {fee}: it shows in the player's currency")

    # -- names ----------------------------------------------------------------------------
    def _check_names(self) -> None:
        for name in self.cast:
            if name in BUILTIN_SENDERS:
                self.add(("cast", name), "RF022", f"'{name}' is built in and cannot be a cast member",
                         "choose another key, e.g. 'friend' or 'agent'")
        for name in self.vars:
            if name in BUILTIN_VARS:
                self.add(("vars", name), "RF029", f"'{name}' is built in (the money paid so far) and cannot be declared",
                         "remove it; read it as {paid} or in when: {paid: ...}")
            if name in self.cast:
                self.add(("vars", name), "RF027", f"'{name}' is both a variable and a cast member", "rename one")
        for name, ending in self.endings.items():
            outcome, kind = _dict(ending).get("outcome"), self.data.get("kind")
            spec = OUTCOMES.get(outcome) if isinstance(outcome, str) else None
            if spec is not None and isinstance(kind, str) and kind not in spec.kinds:
                self.add(("endings", name, "outcome"), "RF013",
                         f"'{outcome}' is only for {' and '.join(spec.kinds)} scenarios",
                         f"'{outcome}' means {spec.hint}; in a {kind} scenario use "
                         + ", ".join(o for o, s in OUTCOMES.items() if kind in s.kinds))
            if name in self.steps:
                self.add(("endings", name), "RF027", f"'{name}' is both a step and an ending", "rename one of them")

    def _check_target(self, loc: Loc, target: object) -> None:
        if isinstance(target, str) and target not in self.nodes:
            self.add(loc, "RF020", f"'{target}' is not a step or an ending",
                     did_you_mean(target, self.nodes) or "add a step or ending with that ID")

    def _check_targets(self) -> None:
        start = self.data.get("start")
        if isinstance(start, str) and start not in self.steps:
            self.add(("start",), "RF020", f"the start step '{start}' does not exist",
                     did_you_mean(start, self.steps) or "name one of the steps")
        for step_id, step in self.steps.items():
            step = _dict(step)
            seen: dict[str, int] = {}
            for index, choice in enumerate(_list(step.get("choices"))):
                choice = _dict(choice)
                loc = ("steps", step_id, "choices", index)
                self._check_target(loc + ("to",), choice.get("to"))
                choice_id = choice.get("id")
                if isinstance(choice_id, str):
                    if choice_id in seen:
                        self.add(loc + ("id",), "RF027", f"the choice id '{choice_id}' is used twice in this step",
                                 "give each choice of a step its own id")
                    seen[choice_id] = index
            timeout = _dict(step.get("timeout"))
            self._check_target(("steps", step_id, "timeout", "to"), timeout.get("to"))

    # -- messages -------------------------------------------------------------------------
    def _check_messages(self) -> None:
        seen: dict[str, Loc] = {}
        senders = set(self.cast) | set(BUILTIN_SENDERS)
        for step_id, step in self.steps.items():
            step = _dict(step)
            counterpart = step.get("with")
            if isinstance(counterpart, str) and counterpart not in self.cast:
                self.add(("steps", step_id, "with"), "RF022", f"'{counterpart}' is not in the cast",
                         did_you_mean(counterpart, self.cast) or "declare it under cast:")
            for index, message in enumerate(_list(step.get("messages"))):
                message = _dict(message)
                loc = ("steps", step_id, "messages", index)
                message_id = message.get("id")
                if isinstance(message_id, str):
                    if message_id in seen:
                        line, _ = self.doc.where(seen[message_id])
                        self.add(loc + ("id",), "RF027", f"the message id '{message_id}' is already used on line {line}",
                                 "message ids must be unique in the scenario")
                    else:
                        seen[message_id] = loc + ("id",)
                sender = message.get("from")
                if isinstance(sender, str) and sender not in senders:
                    self.add(loc + ("from",), "RF022", f"'{sender}' is not in the cast",
                             did_you_mean(sender, senders) or "declare it under cast:, or use player / narrator")
                flags = _list(message.get("flags"))
                if flags and sender in BUILTIN_SENDERS:
                    self.add(loc + ("flags",), "RF032", f"messages from {sender} cannot carry red flags",
                             "put the red flags on the message of the cast member who says it")
                for flag_index, flag in enumerate(flags):
                    if isinstance(flag, str) and flag not in self.flag_ids:
                        self.add(loc + ("flags", flag_index), "RF021", f"'{flag}' is not in the red-flag catalogue",
                                 did_you_mean(flag, self.flag_ids) or "see scenarios/red_flags.yaml for the IDs")
                for key in ("why", "instead"):
                    for flag in _dict(message.get(key)):
                        if flag not in flags:
                            self.add(loc + (key, flag), "RF035",
                                     f"'{key}' {'explains' if key == 'why' else 'advises on'} '{flag}', "
                                     "which this message does not carry",
                                     did_you_mean(flag, [f for f in flags if isinstance(f, str)])
                                     or "write it for one of the red flags listed under flags:")
                if len(flags) != len({f for f in flags if isinstance(f, str)}):
                    self.add(loc + ("flags",), "RF027", "a red flag is listed twice on this message", "list each once")

    # -- numbers: effects, conditions, losses ------------------------------------------
    def _number_vars(self) -> set[str]:
        numbers = set(BUILTIN_VARS)
        for name, spec in self.vars.items():
            by_region = _dict(spec).get("by_region")
            shapes = {self._var_shape(v) for v in _dict(by_region).values()} if isinstance(by_region, dict) \
                else {self._var_shape(spec)}
            if shapes == {"number"}:
                numbers.add(name)
        return numbers

    def _negative_vars(self) -> set[str]:
        """Number variables that can hold a negative number: declared so, or set or added to
        with a negative number (or with such a variable) anywhere in the file."""
        def negative_start(spec: object) -> bool:
            if is_number(spec):
                return spec < 0
            spec = _dict(spec)
            if isinstance(spec.get("by_region"), dict):
                return any(negative_start(v) for v in spec["by_region"].values())
            values = list(_list(spec.get("between"))) + list(_list(spec.get("pick")))
            return any(is_number(v) and v < 0 for v in values)

        negative = {name for name, spec in self.vars.items() if negative_start(spec)}
        changes = []
        for step in self.steps.values():
            step = _dict(step)
            for effects in [_dict(c).get("effects") for c in _list(step.get("choices"))] + [
                    _dict(step.get("timeout")).get("effects")]:
                for op in ("set", "add"):
                    changes += list(_dict(_dict(effects).get(op)).items())
        for _ in range(len(changes) + 1):
            grown = {name for name, value in changes
                     if (is_number(value) and value < 0) or (isinstance(value, str) and value in negative)}
            if grown <= negative:
                break
            negative |= grown
        return negative

    def _check_money(self, loc: Loc, value: object, what: str,
                     hint: str = "money coming back to the player is receive: {amount: ..., from: ...}, "
                                 "not a negative payment; keep amounts at 0 or more") -> None:
        """Money paid, received, lost or recovered is never negative: the game would show "You
        lost ¥0" and mean nothing."""
        if (is_number(value) and value < 0) or (
                isinstance(value, str) and value in self.negative):
            self.add(loc, "RF034", f"{what} cannot be negative ({value} can be below 0)", hint)

    def _check_wallet(self) -> None:
        """`wallet: {start: AMOUNT, min: AMOUNT}`: numbers or number variables, never negative,
        and the least the player keeps no more than what they start with."""
        wallet = self.data.get("wallet")
        if not isinstance(wallet, dict):
            return
        for key in ("start", "min"):
            if key in wallet:
                self._check_amount(("wallet", key), wallet[key])
                self._check_money(("wallet", key), wallet[key], f"the wallet's {key}",
                                  "the wallet holds the player's own money: 0 or more")
        start, least = wallet.get("start"), wallet.get("min", 0)
        if is_number(start) and is_number(least) and 0 <= start < least:
            self.add(("wallet", "min"), "RF013", f"the wallet's min ({least}) is more than its start ({start})",
                     "min is the least the player must keep; make it smaller than start")

    def _check_amount(self, loc: Loc, value: object, *, writable: bool = False) -> None:
        if not isinstance(value, str):
            return
        numbers = self.numbers
        if value not in self.vars and value not in BUILTIN_VARS:
            self.add(loc, "RF029", f"'{value}' is not a variable", did_you_mean(value, numbers) or "declare it under vars:")
        elif value not in numbers:
            self.add(loc, "RF029", f"'{value}' holds text, not a number", "use a number variable here")
        elif writable and value in BUILTIN_VARS:
            self.add(loc, "RF029", f"'{value}' is built in and cannot be changed", "use effects: {pay: ...} to pay money")

    def _check_payment(self, loc: Loc, payment: object) -> None:
        payment = _dict(payment)
        self._check_amount(loc + ("amount",), payment.get("amount"))
        self._check_money(loc + ("amount",), payment.get("amount"), "a payment")
        payee = payment.get("to")
        if isinstance(payee, str) and payee not in self.cast:
            self.add(loc + ("to",), "RF022", f"'{payee}' is not in the cast",
                     did_you_mean(payee, self.cast) or "the money goes to a cast member: declare it under cast:")

    def _check_receipt(self, loc: Loc, receipt: object) -> None:
        """`receive: {amount: rebate, from: platform, clears: false}`."""
        receipt = _dict(receipt)
        self._check_amount(loc + ("amount",), receipt.get("amount"))
        self._check_money(loc + ("amount",), receipt.get("amount"), "money received",
                          "money the player sends is pay:, not a negative receipt; keep amounts at 0 or more")
        payer = receipt.get("from")
        if isinstance(payer, str) and payer not in self.cast:
            self.add(loc + ("from",), "RF022", f"'{payer}' is not in the cast",
                     did_you_mean(payer, self.cast) or "the money comes from a cast member: declare it under cast:")

    def _check_effects(self, loc: Loc, effects: object, step: dict | None = None) -> None:
        effects = _dict(effects)
        pay = effects.get("pay")
        if isinstance(pay, dict):
            self._check_payment(loc + ("pay",), pay)
        else:
            self._check_amount(loc + ("pay",), pay)
            self._check_money(loc + ("pay",), pay, "a payment")
            asked = [_dict(_dict(m).get("payment")).get("amount") for m in _list(_dict(step).get("messages"))]
            if (isinstance(pay, str) or is_number(pay)) and pay not in asked:
                self.add(loc + ("pay",), "RF033", f"nothing in this step says who receives {pay}",
                         f"add payment: {{amount: {pay}, to: CAST_MEMBER}} to the message that asks for the money, "
                         f"or write pay: {{amount: {pay}, to: CAST_MEMBER}}")
        if "receive" in effects:
            self._check_receipt(loc + ("receive",), effects.get("receive"))
        for index, item in enumerate(_list(effects.get("give"))):
            if isinstance(item, str) and item not in self.data_items:
                self.add(loc + ("give", index), "RF030", f"'{item}' is not a data item",
                         did_you_mean(item, self.data_items) or f"use one of: {', '.join(sorted(self.data_items))}")
        for op in ("set", "add"):
            for name, value in _dict(effects.get(op)).items():
                self._check_amount(loc + (op, name), name, writable=True)
                self._check_amount(loc + (op, name), value)

    def _check_numbers(self) -> None:
        for step_id, step in self.steps.items():
            step = _dict(step)
            for index, choice in enumerate(_list(step.get("choices"))):
                choice = _dict(choice)
                loc = ("steps", step_id, "choices", index)
                self._check_effects(loc + ("effects",), choice.get("effects"), step)
                for name in _dict(choice.get("when")):
                    self._check_amount(loc + ("when", name), name)
            self._check_effects(("steps", step_id, "timeout", "effects"), _dict(step.get("timeout")).get("effects"), step)
            for index, message in enumerate(_list(step.get("messages"))):
                message = _dict(message)
                loc = ("steps", step_id, "messages", index)
                if "payment" in message:
                    self._check_payment(loc + ("payment",), message.get("payment"))
                self._check_amount(loc + ("balance",), message.get("balance"))
        for ending_id, ending in self.endings.items():
            self._check_amount(("endings", ending_id, "loss"), _dict(ending).get("loss"))
            self._check_money(("endings", ending_id, "loss"), _dict(ending).get("loss"), "a loss")
            recover = _dict(_dict(ending).get("recover"))
            loc = ("endings", ending_id, "recover", "amount")
            self._check_amount(loc, recover.get("amount"))
            self._check_money(loc, recover.get("amount"), "money recovered",
                              "recover says how much of the loss comes back: 0 or more")

    # -- texts: placeholders --------------------------------------------------------------
    def _texts(self, value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
        if isinstance(value, dict):
            is_text = isinstance(value.get("en"), str)   # {en: …, zh: …, vi: …}: a text in every language
            for key, item in value.items():
                if isinstance(item, str) and (key in LANGS or (is_text and isinstance(key, str)
                                                                and LANG_PATTERN.match(key))):
                    yield loc + (key,), item
                else:
                    yield from self._texts(item, loc + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self._texts(item, loc + (index,))

    def _check_texts(self) -> None:
        allowed = set(self.vars) | set(BUILTIN_VARS)
        fields = {f"{member}.{name}" for member, spec in self.cast.items()
                  for name in _dict(spec) if name != "role"}
        if "region" in self.cast:
            self.add(("cast", "region"), "RF022", "'region' is built in ({region.emergency} and the like) "
                     "and cannot be a cast member", "choose another key")
        for member, spec in self.cast.items():
            for name, kind in _dict(spec).items():
                if name != "role" and isinstance(kind, str) and kind not in FAKER_FIELDS:
                    self.add(("cast", member, name), "RF013", f"'{kind}' is not a persona field Faker can fill",
                             did_you_mean(kind, FAKER_FIELDS) or f"use one of: {', '.join(FAKER_FIELDS)}")
        for section in ("cast", "vars"):
            for loc, text in self._texts(self.data.get(section), (section,)):
                if "{" in text or "}" in text:
                    self.add(loc, "RF023", "placeholders cannot be used in cast or vars",
                             "write plain text here; use placeholders in messages, choices and debriefs")
        for section in ("title", "summary", "steps", "endings"):
            for loc, text in self._texts(self.data.get(section), (section,)):
                try:
                    names = placeholders(text)
                except TemplateError as exc:
                    self.add(loc, "RF023", str(exc), "see 'Placeholders' in docs/scenario-format.md")
                    continue
                if self.format == 2:
                    self._check_money_text(loc, text)
                for name in names:
                    if name in allowed or name in fields:
                        continue
                    if name.startswith("region."):
                        self._check_region_key(loc, name.removeprefix("region."))
                        continue
                    options = allowed | fields
                    hint = did_you_mean(name, options) or (
                        f"known placeholders: {', '.join(sorted(options))}" if options else "declare vars or cast fields first")
                    self.add(loc, "RF023", f"unknown placeholder {{{name}}}", hint)

    def _check_region_key(self, loc: Loc, key: str) -> None:
        if not self.known_regions:
            return
        lacking = [r for r in self.regions if key not in self.known_regions[r].values]
        if lacking:
            everywhere = set.intersection(*(set(self.known_regions[r].values) for r in self.regions)) \
                if self.regions else set()
            self.add(loc, "RF036", f"{{region.{key}}} is not defined for {', '.join(lacking)}",
                     did_you_mean(key, everywhere) and did_you_mean(f"region.{key}", [f"region.{k}" for k in everywhere])
                     or (f"keys every region here has: {', '.join(sorted(everywhere))}" if everywhere
                         else "see scenarios/regions/"))

    # -- the graph ------------------------------------------------------------------------
    def _exits(self, step: object) -> list[str]:
        step = _dict(step)
        targets = [_dict(c).get("to") for c in _list(step.get("choices"))]
        targets.append(_dict(step.get("timeout")).get("to"))
        return [t for t in targets if isinstance(t, str) and t in self.nodes]

    def _check_graph(self) -> None:
        start = self.data.get("start")
        if not isinstance(start, str) or start not in self.steps:
            return
        reached = {start}
        queue = deque([start])
        while queue:
            for target in self._exits(self.steps.get(queue.popleft())):
                if target not in reached:
                    reached.add(target)
                    if target in self.steps:
                        queue.append(target)
        for step_id in self.steps:
            if step_id not in reached:
                self.add(("steps", step_id), "RF024", f"the step '{step_id}' can never be reached",
                         "lead a choice or timeout to it from another step, or remove it")
        for ending_id in self.endings:
            if ending_id not in reached:
                self.add(("endings", ending_id), "RF024", f"the ending '{ending_id}' can never be reached",
                         "lead a choice or timeout to it, or remove it")
        # Steps from which no ending can be reached (dead ends and closed loops).
        finishing = set(self.endings)
        changed = True
        while changed:
            changed = False
            for step_id, step in self.steps.items():
                if step_id not in finishing and any(t in finishing for t in self._exits(step)):
                    finishing.add(step_id)
                    changed = True
        for step_id, step in self.steps.items():
            step_dict = _dict(step)
            if not _list(step_dict.get("choices")) and not step_dict.get("timeout"):
                self.add(("steps", step_id), "RF025", f"the step '{step_id}' has no way out",
                         "give it choices or a timeout; a finished story goes to an ending")
            elif step_id not in finishing and step_id in reached:
                self.add(("steps", step_id), "RF031", f"no ending can be reached from the step '{step_id}'",
                         "the choices here only loop back; lead one of them towards an ending")
