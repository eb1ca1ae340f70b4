"""The JSON Schemas of scenario files and the red-flag catalogue, for editors.

Generated from the pydantic models (`Scenario.model_json_schema()`), then:
- reshaped where the YAML a person writes differs from the model's input (a cast member's fields
  sit beside `role`; durations may be written "30m"; a text may hold other languages);
- given a description, and examples, for every field (kept here, not in the models);
- converted from draft 2020-12, which pydantic writes, to draft 07, which every editor reads
  (`$defs` → `definitions`, `prefixItems` → `items`, a `$ref` with siblings → `allOf`).

`python tools/make_schema.py` (or `python -m game.authoring.schema`) writes `schema/*.schema.json`;
a test fails when the checked-in files differ from a fresh generation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from game.scenario import OUTCOMES, Catalog, Scenario

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schema"
SCENARIO_SCHEMA = "scenario.schema.json"
CATALOG_SCHEMA = "red_flags.schema.json"

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
LANG_PATTERN = r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$"
#: What `parse_duration` in the models accepts as text: "45s", "30m", "3h", "2d", "1d 6h".
DURATION_PATTERN = r"^\s*(\d+(\.\d+)?\s*[smhd]\s*)+$"

_TEXT = {"en": "Hello", "zh": "你好"}

#: Per definition: "" is the description of the object itself; any other key is a property,
#: with a description, or (description, examples).
DOCS: dict[str, dict[str, Any]] = {
    "Scenario": {
        "": "A Red Flag scenario: one con, or one genuine contact that looks like a con, as steps and "
            "endings. See docs/scenario-format.md.",
        "format": ("The file format: 2 (regions, money in the region's currency); 1 for older files.", [2]),
        "id": ("The scenario's ID: lower-case letters, digits and _, starting with a letter; the same as "
               "the file name.", ["toll_text"]),
        "regions": ("The regions the story fits (required in format 2). Each is a file in "
                    "scenarios/regions/: CN, US, GB.", [["CN"], ["US", "GB"]]),
        "version": ("A number you raise when you change the scenario (saves remember it).", [1]),
        "kind": ("`scam`, or `legit` for a genuine contact that resembles a scam.", ["scam"]),
        "category": ("The kind of con (or of genuine contact), as in scenarios/README.md.",
                     ["fake_loan", "impersonation"]),
        "resembles": ("For `legit` scenarios: the category of the scam it looks like.", ["bank_impersonation"]),
        "difficulty": ("1, 2 or 3, by the rubric in docs/difficulty.md. The comment beside it says "
                       "`premise: low|medium|high`.", [2]),
        "title": "The scenario's title, in every language.",
        "summary": "One or two sentences the picker shows before the story starts.",
        "sources": ("The public guidance the story rests on, each with its publisher and date.",
                    [["FTC consumer alert: Got a text about unpaid tolls? It's probably a scam, January 2025"]]),
        "starts_at": ("The time of day the story begins, \"HH:MM\".", ["20:00"]),
        "cast": "The people and organisations who send messages, by key (used in `from:` and `{key.field}`).",
        "vars": ("Numbers and words that vary with the seed (and the region), and counters.",
                 [{"fee": {"between": [2000, 9000], "step": 500}, "warnings": 0}]),
        "money": ("Number variables that are money but are never paid, asked for or lost (a loan offered).",
                  [["loan", "prize"]]),
        "wallet": "The player's own money: replies that cost too much are shown but cannot be taken.",
        "start": ("The ID of the first step.", ["contact"]),
        "steps": "The steps, by ID: each shows messages on one channel and offers choices.",
        "endings": "The endings, by ID: each has an outcome and a debrief.",
    },
    "Text": {
        "": "A player-facing text in every language: `en` and `zh` always, other languages beside them "
            "(a language a text lacks falls back to English). `{name}`, `{member.field}` and "
            "`{region.KEY}` are placeholders.",
        "en": ("The English text.", ["Your parcel is held at customs."]),
        "zh": ("The Chinese text.", ["您的包裹被海关扣留。"]),
    },
    "TextPick": {
        "": "One of several texts, chosen by the seed.",
        "pick": ("The texts to choose from.", [[{"en": "insurance fee", "zh": "保险费"}]]),
    },
    "CastMember": {
        "": "A person or organisation. `role` is never shown to the player; every other key is a field "
            "(`name`, `phone`, `card`, `bank`, `account`, `title`, …): a Faker kind filled from the "
            "region's locale, a fixed text, or a `pick` of texts.",
        "role": ("What the member is in the story.", ["scammer"]),
    },
    "Between": {
        "": "A whole number in [low, high], a multiple of `step` above `low`, chosen by the seed.",
        "between": ("The lowest and the highest value.", [[2000, 9000]]),
        "step": ("The value is `low` plus a multiple of this.", [500]),
    },
    "NumberPick": {
        "": "One of these numbers, chosen by the seed.",
        "pick": ("The numbers (up to two decimals).", [[200, 300, 500]]),
    },
    "ByRegion": {
        "": "A variable whose value depends on the region: one value for every region of `regions:`.",
        "by_region": ("The value in each region.", [{"CN": 3000, "US": 400, "GB": 350}]),
    },
    "Wallet": {
        "": "The player's own money: `{start: savings, min: rent}`.",
        "start": ("The balance when the story starts: a number or a number variable.", ["savings"]),
        "min": ("A reply whose payment would take the balance below this cannot be taken.", ["rent", 0]),
    },
    "Step": {
        "": "One scene on one channel: messages arrive, then the player chooses (or time runs out).",
        "channel": ("Where the messages appear on the player's phone, or `in_person`.", ["sms"]),
        "gap": ("Game time before this step: seconds, or \"45s\", \"30m\", \"3h\", \"2d\", \"1d 6h\".",
                [0, "2h"]),
        "thread": ("Steps with the same thread appear in one conversation (a group chat).", ["agent_chat"]),
        "with": ("Who the conversation is with: a cast key (shown at the top).", ["agent"]),
        "messages": "The messages, in order.",
        "choices": "What the player may do once every message has arrived (at most 12).",
        "timeout": "What happens if the player waits.",
    },
    "Message": {
        "": "One message: a text from a cast member, the player or the narrator.",
        "id": ("Unique in the scenario; results and drills refer to it.", ["fee_demand"]),
        "from": ("Who sends it: a cast key, `player` or `narrator`.", ["agent", "narrator"]),
        "text": "What it says.",
        "flags": ("Red flags from the catalogue (scenarios/red_flags.yaml) this message carries.",
                  [["urgency_deadline", "upfront_fee"]]),
        "note": "For a message with no red flag: why it is fine (the debrief shows it if the player flags it).",
        "delay": ("Seconds after the previous message (typing time).", [2]),
        "payment": "This message asks the player to send money: how much and to whom.",
        "balance": ("A balance the page shows (a number or number variable); a thread's balances make its chart.",
                    [1200, "balance"]),
        "look": ("On web and app pages: how it is drawn.", ["button"]),
        "why": ("Per red flag: why it is one on this message (replaces the catalogue's explanation).",
                [{"urgency_deadline": {"en": "...", "zh": "..."}}]),
        "instead": ("Per red flag: what to do here (replaces the catalogue's safe response).",
                    [{"urgency_deadline": {"en": "...", "zh": "..."}}]),
    },
    "Payment": {
        "": "Money going to someone: `{amount: fee, to: mule}`. The payee's name, bank, card and account "
            "come from that cast member's fields.",
        "amount": ("A number or a number variable.", ["fee", 300]),
        "to": ("The cast member who receives it.", ["mule"]),
        "how": ("`transfer` (the player confirms a transfer) or `taken` (it leaves with no transfer: a code "
                "read out).", ["transfer"]),
    },
    "Receipt": {
        "": "Money coming in to the player (a rebate, an overpayment).",
        "amount": ("A number or a number variable.", ["rebate"]),
        "from": ("The cast member who pays it.", ["platform"]),
        "clears": ("false: it shows in the balance but is taken back later (a cheque that bounces).", [True]),
    },
    "Choice": {
        "": "A reply or action the player can take.",
        "id": ("Unique within the step.", ["call_bank"]),
        "text": "What the button says.",
        "to": ("The step or ending it leads to.", ["end_safe"]),
        "when": ("Offered only if every test holds: `{paid: {gte: 5000}}`; `{warnings: 0}` means eq.",
                 [{"paid": {"gte": 5000}}]),
        "effects": "What changes as it is taken.",
        "safe": ("Marks the safe actions people really take (verifying through a channel you choose).", [True]),
    },
    "Timeout": {
        "": "What happens if the player waits: after this long (game time) the story moves on.",
        "after": ("Seconds, or \"90s\", \"30m\", \"24h\" (at most 7 days).", [60, "1h"]),
        "to": ("The step or ending it leads to.", ["reminder"]),
        "effects": "What changes when time runs out.",
        "note": "What the player is told when time runs out.",
    },
    "Effects": {
        "": "Changes a choice or a timeout makes, in this order: set, add, pay, receive, give.",
        "pay": ("The player pays: an amount (`fee`), or `{amount, to, how}`.", ["fee", {"amount": "fee", "to": "mule"}]),
        "give": ("Data the player hands over (IDs from data_items in red_flags.yaml).", [["verification_code"]]),
        "set": ("Set number variables (to a number or another variable).", [{"warnings": 0}]),
        "add": ("Add to number variables.", [{"warnings": 1}]),
        "receive": "Money coming in to the player.",
    },
    "Compare": {
        "": "A test on a number: one or more of eq, ne, lt, lte, gt, gte (all must hold).",
        "eq": "Equal to.", "ne": "Not equal to.", "lt": "Less than.", "lte": "At most.",
        "gt": "More than.", "gte": "At least.",
    },
    "Ending": {
        "": "How the story ends.",
        "outcome": ("; ".join(f"`{name}`: {spec.hint}" for name, spec in OUTCOMES.items()) + ".", ["safe"]),
        "title": "The ending's headline (optional).",
        "loss": ("What the player lost; default: everything paid, less the money received that cleared.",
                 ["paid"]),
        "recover": "Part of the loss comes back (funds frozen by the police or the bank).",
        "debrief": "What happened and what the real-world pattern is. The game adds the red flags, the fact "
                   "and the region's help lines.",
        "fact": ("One statistic from scenarios/facts.yaml, or one per region.",
                 ["cn_2023_top10_share", {"by_region": {"US": "us_fact", "GB": "gb_fact"}}]),
    },
    "Recovery": {
        "": "Part of the loss comes back: `{amount: seized, pending: true}`.",
        "amount": ("A number or a number variable.", ["seized"]),
        "pending": ("true: it may come back once the case is closed; false: it was returned.", [True]),
    },
    "FactByRegion": {
        "": "One fact per region the scenario declares.",
        "by_region": ("A fact ID for each region.", [{"US": "us_fact", "GB": "gb_fact"}]),
    },
}

CATALOG_DOCS: dict[str, dict[str, Any]] = {
    "Catalog": {
        "": "The red-flag catalogue (scenarios/red_flags.yaml): every red flag once, and the data items a "
            "player can give away.",
        "format": ("The catalogue's format.", [1]),
        "red_flags": "The red flags, by ID.",
        "data_items": "What a player can hand over (`give:`), by ID, with its name.",
        "secrets": ("Data items that let someone take money on their own: a `safe` ending reached after "
                    "handing one over counts as `partial`.", [["card_pin", "verification_code"]]),
    },
    "RedFlag": {
        "": "One red flag: a sign of fraud a player can spot.",
        "group": ("What it is about.", ["pressure"]),
        "name": "Its short name.",
        "why": "Why it signals fraud.",
        "safe": "What to do instead.",
        "sources": ("The public guidance it rests on.", [["FTC: How to recognize and avoid phishing scams"]]),
    },
    "Text": DOCS["Text"],
}

_FAKER_DOC = ("A Faker kind filled from the region's locale (`bank` gives real bank names), a fixed text "
              "{en, zh}, or {pick: [texts]}.")
_SCHEMA_KEYS_WITH_SCHEMA = ("additionalProperties", "items", "not", "if", "then", "else", "propertyNames",
                            "contains", "additionalItems")
_SCHEMA_KEYS_WITH_LIST = ("anyOf", "oneOf", "allOf", "prefixItems", "items")
_SCHEMA_KEYS_WITH_MAP = ("properties", "patternProperties", "$defs", "definitions")
_PYDANTIC_BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}
_NUM = [{"type": "integer"}, {"type": "number"}, {"type": "string"}]


def scenario_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a scenario file."""
    raw = Scenario.model_json_schema(mode="validation", by_alias=True)
    defs = raw["$defs"]
    defs["CastMember"] = _cast_member(defs["CastMember"])
    _duration(defs["Step"]["properties"], "gap", minimum=0, maximum=366 * 86400, exclusive=False)
    _duration(defs["Timeout"]["properties"], "after", minimum=0, maximum=7 * 86400, exclusive=True)
    defs["Compare"]["minProperties"] = 1
    raw["if"] = {"properties": {"format": {"const": 2}}, "required": ["format"]}
    raw["then"] = {"required": ["regions"]}
    return _finish(raw, DOCS, "Red Flag scenario", SCENARIO_SCHEMA)


def catalog_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of the red-flag catalogue (regions and facts sit in files of their own)."""
    raw = Catalog.model_json_schema(mode="validation", by_alias=True)
    for key in ("regions", "facts"):
        raw["properties"].pop(key, None)
    for key in [k for k in raw["$defs"] if k not in ("RedFlag", "Text")]:
        del raw["$defs"][key]
    return _finish(raw, CATALOG_DOCS, "Red Flag red-flag catalogue", CATALOG_SCHEMA)


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by file name."""
    return {SCENARIO_SCHEMA: scenario_schema(), CATALOG_SCHEMA: catalog_schema()}


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema into `folder`; returns the files written."""
    from game.storage import write_text_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_text_atomic(path, dumps(schema))
        path.chmod(0o644)                        # the temporary file it was written as is private
        written.append(path)
    return written


# -- reshaping: the YAML a person writes ---------------------------------------------------------
def _cast_member(generated: dict[str, Any]) -> dict[str, Any]:
    """`{role: scammer, name: name, phone: phone_number}`: the model gathers every key besides
    `role` into `fields`; the file has them beside it."""
    field = generated["properties"]["fields"]["patternProperties"][ID_PATTERN]
    return {
        "type": "object",
        "description": generated.get("description", ""),
        "properties": {"role": generated["properties"]["role"]},
        "required": ["role"],
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {**field, "description": _FAKER_DOC, "examples": ["name", "phone_number", _TEXT]},
    }


def _duration(properties: dict[str, Any], key: str, *, minimum: float, maximum: float, exclusive: bool) -> None:
    number: dict[str, Any] = {"type": "number", "maximum": maximum}
    number["exclusiveMinimum" if exclusive else "minimum"] = minimum
    default = properties[key].get("default")
    properties[key] = {"anyOf": [number, {"type": "string", "pattern": DURATION_PATTERN}]}
    if default is not None:
        properties[key]["default"] = default


def _text_languages(definition: dict[str, Any]) -> None:
    definition["propertyNames"] = {"pattern": LANG_PATTERN}
    definition["additionalProperties"] = {"type": "string", "minLength": 1, "maxLength": 4000}


# -- descriptions and the draft-07 conversion ----------------------------------------------------
def _finish(raw: dict[str, Any], docs: dict[str, dict[str, Any]], title: str, file_name: str) -> dict[str, Any]:
    defs = raw.pop("$defs", {})
    root_name = raw.get("title", "")
    if "Text" in defs:
        _text_languages(defs["Text"])
    for name, definition in [(root_name, raw), *defs.items()]:
        _describe(definition, docs.get(name, {}))
    schema: dict[str, Any] = {"$schema": DRAFT_07, "$id": file_name, "title": title}
    body = _convert(raw, top=True)
    body.pop("title", None)
    schema.update(body)
    schema["definitions"] = {name: _convert(definition, top=True) for name, definition in defs.items()}
    return schema


def _describe(definition: dict[str, Any], docs: dict[str, Any]) -> None:
    if "" in docs:
        definition["description"] = docs[""]
    for key, spec in definition.get("properties", {}).items():
        doc = docs.get(key)
        if doc is None:
            continue
        text, examples = doc if isinstance(doc, tuple) else (doc, None)
        spec["description"] = text
        if examples is not None:
            spec["examples"] = examples


def _convert(node: Any, *, top: bool = False) -> Any:
    """One schema object from pydantic's 2020-12 output to draft 07, recursively."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("discriminator",) or (key == "title" and not top):
            continue
        if key in _PYDANTIC_BOUNDS:              # constraints pydantic leaves unconverted on annotated floats
            out[_PYDANTIC_BOUNDS[key]] = value
        elif key == "$ref":
            out[key] = value.replace("#/$defs/", "#/definitions/")
        elif key in _SCHEMA_KEYS_WITH_MAP:
            out[key] = {name: _convert(sub) for name, sub in value.items()}
        elif key in _SCHEMA_KEYS_WITH_LIST and isinstance(value, list):
            out[key] = [_convert(sub) for sub in value]
        elif key in _SCHEMA_KEYS_WITH_SCHEMA and isinstance(value, dict):
            out[key] = _convert(value)
        else:
            out[key] = value
    if "prefixItems" in out:                      # a fixed-length tuple
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    for key in ("anyOf", "oneOf"):
        if key in out:
            out[key] = _numbers(out[key])
            if len(out[key]) == 1:
                only = out.pop(key)[0]
                out = {**only, **out}
    if "$ref" in out and len(out) > 1:            # draft 07 ignores the siblings of $ref
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    if "patternProperties" in out and len(out["patternProperties"]) == 1 and "properties" not in out \
            and "additionalProperties" not in out:
        (pattern, value), = out.pop("patternProperties").items()
        out["propertyNames"] = {"pattern": pattern}
        out["additionalProperties"] = value
    return out


def _numbers(options: list[Any]) -> list[Any]:
    """pydantic writes a number of the models (int or Decimal) as integer | number | string (the
    Decimal's text form); a scenario file writes a number."""
    if all(item in options for item in _NUM):
        at = options.index(_NUM[0])
        rest = [item for item in options if item not in _NUM]
        return rest[:at] + [{"type": "number"}] + rest[at:]
    return options


def main(argv: list[str] | None = None) -> int:
    """Write the schemas (default: into schema/ of the project); `--check`: exit 1 if they differ."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--check" in args:
        stale = [name for name, schema in schemas().items()
                 if not (SCHEMA_DIR / name).is_file() or (SCHEMA_DIR / name).read_text(encoding="utf-8") != dumps(schema)]
        for name in stale:
            print(f"{SCHEMA_DIR / name} is out of date: run python tools/make_schema.py")
        return 1 if stale else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
