"""Cross-reference checks of a scenario, on the raw data so that they run even when the
structure has errors: one pass reports every problem in the file."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import deque
from collections.abc import Iterator, Mapping

from .errors import Problem
from .messages import Term, make
from .models import (
    BUILTIN_SENDERS,
    BUILTIN_VARS,
    FAKER_FIELDS,
    KINDS,
    LANG_PATTERN,
    LANGS,
    MAX_CHOICES,
    Fact,
    Region,
    huge_number,
    is_number,
    shown_number,
)
from .outcomes import OUTCOMES
from .templates import TemplateError, placeholders
from .values import Guard, Unproved, Values, number, parse_guard, uncovered, variable_values
from .yamlread import Document, Loc

#: How many "did you mean" hints one file gets (the rest get the plain message), and how many
#: names each hint compares the word with: a file with thousands of mistakes stays fast.
MAX_HINTS = 20
MAX_CANDIDATES = 300
#: How many names a message lists (a start step that does not exist: "name one of the steps").
MAX_LISTED = 12


#: Words authors write for values that carry a meaning, by meaning: "saved" is a safe ending,
#: never a scam. `closest` looks here before it looks for a typo.
SYNONYMS: dict[str, dict[str, str]] = {
    "outcome": {
        **dict.fromkeys(("saved", "rescued", "protected", "secure", "ok", "good", "won", "escaped", "kept",
                         "avoided", "resisted", "refused", "safe_exit", "success", "win", "fine"), "safe"),
        **dict.fromkeys(("lost", "robbed", "defrauded", "cheated", "conned", "fooled", "tricked", "victim",
                         "scam", "fail", "failed", "failure", "loss", "bad", "duped", "swindled"), "scammed"),
        **dict.fromkeys(("half", "partly", "partially", "some_loss", "mixed", "close_call", "recovered"), "partial"),
        **dict.fromkeys(("cautious", "over_cautious", "too_cautious", "overcareful", "too_careful", "paranoid",
                         "false_alarm", "suspicious", "distrust"), "overcautious"),
    },
    "kind": {
        **dict.fromkeys(("fraud", "scams", "fake", "phishing", "con", "swindle", "scammer"), "scam"),
        **dict.fromkeys(("legitimate", "genuine", "real", "safe", "normal", "honest", "true", "official",
                         "lookalike", "look_alike"), "legit"),
    },
    "role": {
        **dict.fromkeys(("fraudster", "criminal", "crook", "conman", "con_man", "scam", "attacker", "villain"),
                        "scammer"),
        **dict.fromkeys(("mule", "money_mule", "helper", "accessory", "partner", "collector"), "accomplice"),
        **dict.fromkeys(("real", "official", "legit", "legitimate", "bank", "police", "authority", "honest"),
                        "genuine"),
        **dict.fromkeys(("witness", "other", "neutral", "friend", "family", "passerby", "onlooker"), "bystander"),
    },
}


def _normal(word: str) -> str:
    return "_".join(word.strip().lower().replace("-", " ").split())


def closest(word: object, options: object, *, synonyms: Mapping[str, str] | None = None,
            meaningful: bool = False, cutoff: float = 0.6) -> str:
    """The option `word` most likely meant, or "": the same word in other letters case
    (`SMS` → `sms`), a synonym (`saved` → `safe`), else a close spelling. For values that carry a
    meaning, only a near-certain typo counts (`scamed` → `scammed`, never `saved` → `scammed`)."""
    if not isinstance(word, str) or not word.strip():
        return ""
    names = (options if isinstance(options, Names) else Names(options)).candidates(word)
    normal = _normal(word)
    same = [name for name in names if _normal(name) == normal]
    if same:
        return same[0]
    if synonyms and synonyms.get(normal) in names:
        return synonyms[normal]
    close = difflib.get_close_matches(normal if meaningful else word, names, n=1,
                                      cutoff=max(cutoff, 0.8) if meaningful else cutoff)
    return close[0] if close else ""


class Names:
    """Names to propose in "did you mean", sorted by how they begin and by how they end, so that
    a hint compares the word with at most MAX_CANDIDATES of them however many there are: those
    next to it (or to it without its last or first letters) in either order, which share the
    longest beginning or ending with it (a typo leaves one of the two intact)."""

    def __init__(self, options: object) -> None:
        self.names = [str(option) for option in options]     # type: ignore[attr-defined]
        self.starts: list[tuple[str, str]] = []
        self.ends: list[tuple[str, str]] = []
        if len(self.names) > MAX_CANDIDATES:
            normal = [(_normal(name), name) for name in self.names]
            self.starts = sorted(normal)
            self.ends = sorted((text[::-1], name) for text, name in normal)

    def candidates(self, word: str) -> list[str]:
        """Those worth comparing with `word`: all when they are few, else its neighbours in
        both orders (of a length a close match can have: difflib's ratio of 0.6 needs the
        shorter to be at least 3/7 of the longer)."""
        if len(self.names) <= MAX_CANDIDATES:
            return self.names
        size, normal, half = len(word), _normal(word), MAX_CANDIDATES // 12
        found: dict[str, None] = {}
        for cut in range(3):                # the word, and without its last (first) one or two letters
            for order, key in ((self.starts, normal[:len(normal) - cut]), (self.ends, normal[cut:][::-1])):
                at = bisect.bisect_left(order, (key,))
                for _, name in order[max(0, at - half): at + half]:
                    if 3 * max(size, len(name)) <= 7 * min(size, len(name)):
                        found[name] = None
        return list(found)


def _listed(names: object) -> tuple[str, ...]:
    """Names for a message: all of them, or the first MAX_LISTED and "…"."""
    names = tuple(str(name) for name in names)
    return names if len(names) <= MAX_LISTED else names[:MAX_LISTED] + ("…",)


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
        self.hints_left = MAX_HINTS
        self._names: dict[int, tuple[object, Names]] = {}

    def add(self, loc: Loc, key: str, /, **params: object) -> None:
        line, column = self.doc.where(loc)
        self.problems.append(make(self.label, line, column, key, **params))

    def closest(self, word: object, options: object) -> str:
        """`closest`, for the first MAX_HINTS mistakes of the file; "" after that."""
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        known = self._names.get(id(options))
        if known is None or known[0] is not options:        # indexed once per collection of names
            known = self._names[id(options)] = (options, Names(options))
        return closest(word, known[1])

    def run(self) -> list[Problem]:
        data = self.data
        if self.expected_id and isinstance(data.get("id"), str) and data["id"] != self.expected_id:
            self.add(("id",), "id_mismatch", id=data["id"], name=self.expected_id)
        self.cast = _dict(data.get("cast"))
        self.vars = _dict(data.get("vars"))
        self.steps = _dict(data.get("steps"))
        self.endings = _dict(data.get("endings"))
        self.nodes = set(self.steps) | set(self.endings)
        self.format = data.get("format")
        self.regions = self._check_regions()
        self.numbers = self._number_vars()
        self.values: dict[str, Values] = variable_values(self.vars, self._effects(), BUILTIN_VARS)
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
            self.add(("format",), "format2_needs_regions", regions=tuple(sorted(self.known_regions)) or ("CN",))
        declared = self.data.get("regions", ["CN"])
        regions = []
        for index, region in enumerate(_list(declared)):
            if not isinstance(region, str):
                continue
            if self.known_regions and region not in self.known_regions:
                self.add(("regions", index), "not_a_region", region=region, regions=tuple(sorted(self.known_regions)),
                         suggestion=self.closest(region, self.known_regions))
            else:
                regions.append(region)
        for name, spec in self.vars.items():
            by_region = _dict(spec).get("by_region")
            if not isinstance(by_region, dict):
                continue
            missing = [r for r in regions if r not in by_region]
            if missing:
                self.add(("vars", name), "var_region_missing", name=name, regions=tuple(missing))
            for region in by_region:
                if region not in regions and isinstance(region, str):
                    self.add(("vars", name, "by_region", region), "var_region_extra", name=name, region=region)
            kinds = {self._var_shape(v) for v in by_region.values()}
            if len(kinds) > 1:
                self.add(("vars", name), "var_region_mixed", name=name)
        return regions

    @staticmethod
    def _var_shape(spec: object) -> str:
        if is_number(spec) or huge_number(spec) or "between" in _dict(spec):
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
                    self.add(loc, "fact_region_missing", regions=tuple(missing))
                for region, fact_id in per_region.items():
                    self._check_fact(loc + ("by_region", region), fact_id, [region])
            elif isinstance(given, str):
                self._check_fact(loc, given, self.regions)

    def _check_fact(self, loc: Loc, fact_id: object, regions: list[str]) -> None:
        if not isinstance(fact_id, str):
            return
        fact = self.facts.get(fact_id)
        if fact is None:
            self.add(loc, "fact_unknown", fact=fact_id, suggestion=self.closest(fact_id, self.facts))
            return
        foreign = [r for r in regions if r not in fact.regions]
        if foreign:
            self.add(loc, "fact_wrong_region", fact=fact_id, about=tuple(fact.regions), shown=tuple(foreign))

    _MONEY_TEXT = re.compile(r"[¥$£€]\s*(\d[\d,.]*|\{[^{}]*\})|\d[\d,.]*\s*(元|块钱|美元|英镑|dollars|pounds|yuan)\b"
                             r"|(\{[^{}]*\}|\d[\d,.]*)\s*(元|块钱|美元|英镑)")

    def _check_money_text(self, loc: Loc, text: str) -> None:
        """Format 2 writes amounts as variables, shown in the player's currency: a currency
        symbol or a literal amount in a text would show ¥ to a learner in London."""
        match = self._MONEY_TEXT.search(text)
        if match:
            self.add(loc, "money_in_text", text=match.group(0))

    # -- names ----------------------------------------------------------------------------
    def _check_names(self) -> None:
        for name in self.cast:
            if name in BUILTIN_SENDERS:
                self.add(("cast", name), "cast_builtin", name=name)
        for name in self.vars:
            if name in BUILTIN_VARS:
                self.add(("vars", name), "var_builtin", name=name)
            if name in self.cast:
                self.add(("vars", name), "var_is_cast", name=name)
        for name, ending in self.endings.items():
            outcome, kind = _dict(ending).get("outcome"), self.data.get("kind")
            spec = OUTCOMES.get(outcome) if isinstance(outcome, str) else None
            if spec is not None and kind in KINDS and kind not in spec.kinds:     # a wrong kind is reported itself
                self.add(("endings", name, "outcome"), "outcome_wrong_kind", outcome=outcome, kinds=spec.kinds,
                         means=Term(f"outcome.{outcome}"), kind=kind,
                         allowed=tuple(o for o, s in OUTCOMES.items() if kind in s.kinds))
            if name in self.steps:
                self.add(("endings", name), "step_is_ending", name=name)

    def _check_target(self, loc: Loc, target: object) -> None:
        if isinstance(target, str) and target not in self.nodes:
            self.add(loc, "target_unknown", target=target, suggestion=self.closest(target, self.nodes))

    def _check_targets(self) -> None:
        start = self.data.get("start")
        if isinstance(start, str) and start not in self.steps:
            self.add(("start",), "start_unknown", start=start, steps=_listed(self.steps),
                     suggestion=self.closest(start, self.steps))
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
                        self.add(loc + ("id",), "choice_id_twice", id=choice_id)
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
                self.add(("steps", step_id, "with"), "counterpart_unknown", name=counterpart,
                         suggestion=self.closest(counterpart, self.cast))
            for index, message in enumerate(_list(step.get("messages"))):
                message = _dict(message)
                loc = ("steps", step_id, "messages", index)
                message_id = message.get("id")
                if isinstance(message_id, str):
                    if message_id in seen:
                        line, _ = self.doc.where(seen[message_id])
                        self.add(loc + ("id",), "message_id_twice", id=message_id, line=line)
                    else:
                        seen[message_id] = loc + ("id",)
                sender = message.get("from")
                if isinstance(sender, str) and sender not in senders:
                    self.add(loc + ("from",), "sender_unknown", name=sender, suggestion=self.closest(sender, senders))
                flags = _list(message.get("flags"))
                if flags and sender in BUILTIN_SENDERS:
                    self.add(loc + ("flags",), "flags_on_builtin", sender=sender)
                for flag_index, flag in enumerate(flags):
                    if isinstance(flag, str) and flag not in self.flag_ids:
                        self.add(loc + ("flags", flag_index), "flag_unknown", flag=flag,
                                 suggestion=self.closest(flag, self.flag_ids))
                for key in ("why", "instead"):
                    for flag in _dict(message.get(key)):
                        if flag not in flags:
                            self.add(loc + (key, flag), f"{key}_without_flag", flag=flag,
                                     suggestion=self.closest(flag, [f for f in flags if isinstance(f, str)]))
                if len(flags) != len({f for f in flags if isinstance(f, str)}):
                    self.add(loc + ("flags",), "flag_twice")

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

    def _effects(self) -> Iterator[dict]:
        """The `effects:` of every choice and timeout, as written."""
        for step in self.steps.values():
            step = _dict(step)
            for choice in _list(step.get("choices")):
                yield _dict(_dict(choice).get("effects"))
            yield _dict(_dict(step.get("timeout")).get("effects"))

    def _negative_vars(self) -> set[str]:
        """Number variables that can hold a negative number: declared so, or set or added to
        with a negative number (or with such a variable) anywhere in the file."""
        return {name for name, values in self.values.items() if values.negative and name not in BUILTIN_VARS}

    def _check_money(self, loc: Loc, value: object, what: str, **params: object) -> None:
        """Money paid, received, lost or recovered is never negative: the game would show "You
        lost ¥0" and mean nothing. `what` names the row: negative.payment, negative.loss, …"""
        if (is_number(value) and value < 0) or (
                isinstance(value, str) and value in self.negative):
            self.add(loc, f"negative.{what}", value=value, **params)

    def _check_wallet(self) -> None:
        """`wallet: {start: AMOUNT, min: AMOUNT}`: numbers or number variables, never negative,
        and the least the player keeps no more than what they start with."""
        wallet = self.data.get("wallet")
        if not isinstance(wallet, dict):
            return
        for key in ("start", "min"):
            if key in wallet:
                self._check_amount(("wallet", key), wallet[key])
                self._check_money(("wallet", key), wallet[key], "wallet", part=key)
        start, least = wallet.get("start"), wallet.get("min", 0)
        if is_number(start) and is_number(least) and 0 <= start < least:
            self.add(("wallet", "min"), "wallet_min_above_start", least=least, start=start)

    def _check_amount(self, loc: Loc, value: object, *, writable: bool = False) -> None:
        if not isinstance(value, str) or huge_number(value):      # a number too long to read: reported as such
            return
        numbers = self.numbers
        if value not in self.vars and value not in BUILTIN_VARS:
            self.add(loc, "var_unknown", name=value, suggestion=self.closest(value, numbers))
        elif value not in numbers:
            self.add(loc, "var_is_text", name=value)
        elif writable and value in BUILTIN_VARS:
            self.add(loc, "var_builtin_write", name=value)

    def _check_payment(self, loc: Loc, payment: object) -> None:
        payment = _dict(payment)
        self._check_amount(loc + ("amount",), payment.get("amount"))
        self._check_money(loc + ("amount",), payment.get("amount"), "payment")
        payee = payment.get("to")
        if isinstance(payee, str) and payee not in self.cast:
            self.add(loc + ("to",), "payee_unknown", name=payee, suggestion=self.closest(payee, self.cast))

    def _check_receipt(self, loc: Loc, receipt: object) -> None:
        """`receive: {amount: rebate, from: platform, clears: false}`."""
        receipt = _dict(receipt)
        self._check_amount(loc + ("amount",), receipt.get("amount"))
        self._check_money(loc + ("amount",), receipt.get("amount"), "receipt")
        payer = receipt.get("from")
        if isinstance(payer, str) and payer not in self.cast:
            self.add(loc + ("from",), "payer_unknown", name=payer, suggestion=self.closest(payer, self.cast))

    def _check_effects(self, loc: Loc, effects: object, step: dict | None = None) -> None:
        effects = _dict(effects)
        pay = effects.get("pay")
        if isinstance(pay, dict):
            self._check_payment(loc + ("pay",), pay)
        else:
            self._check_amount(loc + ("pay",), pay)
            self._check_money(loc + ("pay",), pay, "payment")
            asked = [_dict(_dict(m).get("payment")).get("amount") for m in _list(_dict(step).get("messages"))]
            if (isinstance(pay, str) or is_number(pay)) and pay not in asked:
                self.add(loc + ("pay",), "pay_without_payee", pay=shown_number(pay))
        if "receive" in effects:
            self._check_receipt(loc + ("receive",), effects.get("receive"))
        for index, item in enumerate(_list(effects.get("give"))):
            if isinstance(item, str) and item not in self.data_items:
                self.add(loc + ("give", index), "data_item_unknown", item=item, items=tuple(sorted(self.data_items)),
                         suggestion=self.closest(item, self.data_items))
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
            self._check_money(("endings", ending_id, "loss"), _dict(ending).get("loss"), "loss")
            recover = _dict(_dict(ending).get("recover"))
            loc = ("endings", ending_id, "recover", "amount")
            self._check_amount(loc, recover.get("amount"))
            self._check_money(loc, recover.get("amount"), "recovered")

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
            self.add(("cast", "region"), "cast_region")
        for member, spec in self.cast.items():
            spec = _dict(spec)
            for name, kind in spec.items():
                if name == "role":
                    continue
                if "role" not in spec and closest(name, ("role",)):       # `rol: scammer`: one mistake, one message
                    self.add(("cast", member, name), "unknown_key", key=name, suggestion="role")
                elif isinstance(kind, str) and kind not in FAKER_FIELDS:
                    suggestion = closest(kind, FAKER_FIELDS)
                    looks_like_text = not suggestion and not re.fullmatch(r"[a-z][a-z0-9_]*", kind)
                    self.add(("cast", member, name), "faker_field_text" if looks_like_text else "faker_field_unknown",
                             value=kind, field=name, fields=FAKER_FIELDS, suggestion=suggestion)
        for section in ("cast", "vars"):
            for loc, text in self._texts(self.data.get(section), (section,)):
                if "{" in text or "}" in text:
                    self.add(loc, "placeholder_in_cast")
        for section in ("title", "summary", "steps", "endings"):
            for loc, text in self._texts(self.data.get(section), (section,)):
                try:
                    names = placeholders(text)
                except TemplateError as exc:
                    self.add(loc, exc.key, **exc.params)
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
                    self.add(loc, "placeholder_unknown" if options else "placeholder_none_known", name=name,
                             known=_listed(f"{{{o}}}" for o in sorted(options)), suggestion=self.closest(name, options))

    def _check_region_key(self, loc: Loc, key: str) -> None:
        if not self.known_regions:
            return
        lacking = [r for r in self.regions if key not in self.known_regions[r].values]
        if lacking:
            everywhere = set.intersection(*(set(self.known_regions[r].values) for r in self.regions)) \
                if self.regions else set()
            self.add(loc, "region_key_missing" if everywhere else "region_key_unknown", key=key,
                     regions=tuple(lacking), keys=tuple(sorted(everywhere)),
                     suggestion=self.closest(f"region.{key}", [f"region.{k}" for k in everywhere]))

    # -- the graph ------------------------------------------------------------------------
    def _exits(self, step: object) -> list[tuple[object, Guard | None | bool]]:
        """A step's ways out, as (target, guard): guard None for one that is always open (a
        timeout; a choice without `when:` that the wallet never stops), the choice's parsed
        conditions, or False for a choice that may never be open (conditions that cannot be
        read; a payment the wallet may refuse). A target may be unknown (reported by itself)."""
        step = _dict(step)
        wallet = isinstance(self.data.get("wallet"), dict)
        exits: list[tuple[object, Guard | None | bool]] = []
        for choice in _list(step.get("choices")):
            choice = _dict(choice)
            guard = parse_guard(choice["when"]) if "when" in choice else {}
            if guard is None or (wallet and self._pays(choice)):
                exits.append((choice.get("to"), False))
            else:
                exits.append((choice.get("to"), guard or None))     # `when: {}` is no condition
        timeout = step.get("timeout")
        if isinstance(timeout, dict):
            exits.append((timeout.get("to"), None))
        return exits

    @staticmethod
    def _pays(choice: dict) -> bool:
        """Whether a choice may ask the player to pay (and so the wallet may stop it)."""
        pay = _dict(choice.get("effects")).get("pay")
        if isinstance(pay, dict):
            if pay.get("how") == "taken":
                return False
            pay = pay.get("amount")
        amount = number(pay)
        return pay is not None and (amount is None or amount > 0)

    def _check_graph(self) -> None:
        """One pass over the graph: every step's ways out are read once, then reachability from
        the start, which steps can reach an ending at all, and which reach one whatever the
        variables hold (the ending's "attractor": a step is in it when a way that is always
        open, or choices whose conditions cover every value, lead into it). Linear in the
        number of steps and choices: no step is visited again and again."""
        every = {step_id: self._exits(step) for step_id, step in self.steps.items()}
        way_out: dict[str, bool] = {}
        for step_id, found in every.items():
            if not found:
                self.add(("steps", step_id), "no_way_out", step=step_id)
                way_out[step_id] = False
            elif any(guard is None for _, guard in found) or len(found) > MAX_CHOICES + 1:
                way_out[step_id] = True      # (too many choices is reported by itself)
            else:
                way_out[step_id] = self._check_way_out(step_id, [guard for _, guard in found if guard])
        exits = {step_id: [(t, g) for t, g in found if isinstance(t, str) and t in self.nodes]
                 for step_id, found in every.items()}
        start = self.data.get("start")
        if not isinstance(start, str) or start not in self.steps:
            return
        reached = {start}
        queue = deque([start])
        before: dict[str, list[tuple[str, Guard | None | bool]]] = {}
        for step_id, found in exits.items():
            for target, guard in found:
                before.setdefault(target, []).append((step_id, guard))
        while queue:
            for target, _ in exits.get(queue.popleft(), ()):
                if target not in reached:
                    reached.add(target)
                    queue.append(target)
        for step_id in self.steps:
            if step_id not in reached:
                self.add(("steps", step_id), "step_unreachable", step=step_id)
        for ending_id in self.endings:
            if ending_id not in reached:
                self.add(("endings", ending_id), "ending_unreachable", ending=ending_id)
        # Back from the endings: which steps can reach one at all (`finishing`), and which
        # reach one whatever the variables hold (`sure`).
        finishing = set(self.endings)
        queue = deque(self.endings)
        while queue:
            for step_id, _ in before.get(queue.popleft(), ()):
                if step_id not in finishing:
                    finishing.add(step_id)
                    queue.append(step_id)
        sure = set(self.endings)
        towards: dict[str, list[Guard]] = {}       # the conditioned choices of a step that lead into `sure`
        queue = deque(self.endings)
        while queue:
            for step_id, guard in before.get(queue.popleft(), ()):
                if step_id in sure:
                    continue
                if guard is False:               # a way towards an ending that may never be open
                    towards.setdefault(step_id, [])
                    continue
                if guard is not None:
                    towards.setdefault(step_id, []).append(guard)
                    if len(towards[step_id]) > MAX_CHOICES or not self._covers(towards[step_id]):
                        continue
                sure.add(step_id)
                queue.append(step_id)
        for step_id in self.steps:
            if step_id not in reached or not way_out[step_id] or step_id in sure:
                continue
            if step_id not in finishing:
                loops = exits[step_id] and all(target == step_id for target, _ in exits[step_id])
                self.add(("steps", step_id), "self_loop" if loops else "no_ending_reachable", step=step_id)
            elif step_id in towards:
                self.add(("steps", step_id), "loop_without_exit", step=step_id)

    def _covers(self, guards: list[Guard]) -> bool:
        try:
            return uncovered(guards, self.values) is None
        except Unproved:
            return False

    def _check_way_out(self, step_id: str, guards: list[Guard]) -> bool:
        """A step whose every choice has a condition: whether one always holds (reported if not)."""
        try:
            missing = uncovered(guards, self.values)
        except Unproved:
            self.add(("steps", step_id), "way_out_unproved", step=step_id)
            return False
        if missing is None:
            return True
        example = ", ".join(f"{name} = {value}" for name, value in missing.items()) or "…"
        self.add(("steps", step_id), "no_way_out_when", step=step_id, example=example)
        return False
