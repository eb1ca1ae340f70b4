"""The English wording of every problem the scenario layer reports: one row per kind.

A row is `key: (code, message, hint)`. The message and hint are templates whose `{name}`
placeholders are filled from the problem's `params`; `Problem.message` and `Problem.hint` are
rendered from here, and the authoring tools say the same in the player's language from the
locale strings `diag.KEY` and `diag.KEY.hint`. This table is the one source of the English
text: a test checks that game/locales/en.yaml holds exactly these rows (the scenario layer
imports nothing from `game`, so it cannot read the locale files itself, and a problem must
read well in English without them, e.g. in `ScenarioError`'s text).

A hint that proposes a value ("did you mean …?") is `SUGGESTION` (`diag.did_you_mean`) and,
for values that carry a meaning (an outcome, a kind, a role), `SUGGESTION_MEANING`, which
also says what the value means, so a typo is never silently turned into its opposite.
`TERMS` are words that params refer to (`Term("outcome.safe")`): `diag.term.KEY`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import Problem
from .outcomes import OUTCOMES
from .templates import render


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase a message's params refer to, translated as `diag.term.KEY`."""

    key: str

    def __str__(self) -> str:
        return TERMS[self.key]


SUGGESTION = "did you mean '{suggestion}'?"
SUGGESTION_MEANING = "did you mean '{suggestion}'? ({meaning})"
LIST_SEPARATOR = ", "
TERM_SEPARATOR = "; "          # between phrases that may contain commas (the outcomes and their meanings)

_MEANINGS = {
    **{f"outcome.{name}": f"{name}: {spec.hint}" for name, spec in OUTCOMES.items()},
    "kind.scam": "scam: a fraud the player should see through",
    "kind.legit": "legit: a genuine contact that only looks like a scam",
    "role.scammer": "scammer: the fraudster",
    "role.accomplice": "accomplice: works for the scammer (receives the money, runs the fake site)",
    "role.genuine": "genuine: a real bank, courier, police station or person",
    "role.bystander": "bystander: someone who takes no side",
}

TERMS: Mapping[str, str] = MappingProxyType({
    **_MEANINGS,
    "language.en": "English (en)",
    "language.zh": "Chinese (zh)",
    "shape.mapping": "a mapping",
    "shape.list": "a list",
    "shape.nothing": "nothing",
    "type.text": "text",
    "type.whole_number": "a whole number",
    "type.number": "a number",
    "type.bool": "true or false",
    "type.mapping": "a mapping (key: value lines)",
    "type.list": "a list",
})

_DOC = "docs/scenario-format.md"

MESSAGES: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    # -- reading the file (RF001-RF006) --------------------------------------------------------
    "no_such_path": ("RF001", "no such file or folder", "check the spelling of the path"),
    "empty_folder": ("RF001", "this folder holds no .yaml files",
                     "scenario files end in .yaml; name a folder that holds some"),
    "is_folder": ("RF001", "this is a folder, not a file", "name a .yaml file inside it"),
    "cannot_read": ("RF001", "cannot read the file: {reason}", "check that the file exists and that you may read it"),
    "not_regular_file": ("RF001", "this is not a regular file (a named pipe, a device or a socket); it was skipped",
                         "a content folder holds only .yaml files; remove this one from the folder"),
    "link_outside": ("RF001", "this link leads outside its folder; it was skipped",
                     "copy the file into the folder instead of linking to it"),
    "link_broken": ("RF001", "this link leads to nothing; it was skipped", "remove the link, or make it lead to a file"),
    "not_utf8": ("RF001", "the file is not UTF-8 text (byte 0x{byte} cannot be read)",
                 "save the file with the encoding UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
    "syntax_tab": ("RF002", "a tab is used for indentation; YAML allows only spaces",
                   "indent with spaces, never with tabs (most editors can turn tabs into spaces)"),
    "syntax_quote": ("RF002", "a quote opened on line {line} is not closed",
                     "end the text with the same quote mark on that line; inside \"…\" write a quote mark as \\\""),
    "syntax_quote_early": ("RF002", "a quote opened on line {line} is not closed where the text ends "
                           "(it closes at column {closed}, and more follows)",
                           "close the quote where the text ends; inside \"…\" write a quote mark as \\\", "
                           "inside '…' as ''"),
    "syntax_bracket": ("RF002", "a '{bracket}' opened on line {line} is not closed, or an item in it is not "
                       "followed by a comma", "close it with '{closing}', and separate the items with commas"),
    "syntax_colon": ("RF002", "a ': ' stands where YAML does not expect one",
                     "a text that contains ': ' must be put in double quotes; otherwise check the indentation"),
    "syntax_no_colon": ("RF002", "YAML expected 'key: value' here",
                        "each line of a mapping needs 'key: value'; check the indentation above"),
    "syntax_indent": ("RF002", "the indentation does not line up here",
                      "items at the same level must start in the same column"),
    "syntax_dash": ("RF002", "a list item ('- ') cannot start on the same line as its key",
                    "put each '- item' on a line of its own below the key, indented; or write the list as [a, b]"),
    "syntax_no_value": ("RF002", "a value is missing here", "write a value after the ':' or '- ', or remove the line"),
    "syntax_alias": ("RF002", "the alias *{name} has no anchor", "an *alias needs an &anchor defined earlier in the file"),
    "syntax_documents": ("RF002", "the file holds more than one YAML document",
                         "remove the '---' line: one scenario per file"),
    "syntax_reserved": ("RF002", "a value cannot start with '{char}'", "put the text in double quotes: \"{char}…\""),
    "syntax_other": ("RF002", "YAML cannot read this line ({detail})",
                     "compare the line and the one above with an example in docs/examples/"),
    "duplicate_key": ("RF003", "duplicate key '{key}' (first used on line {first})",
                      "YAML would silently keep only the last one; remove or rename one of them"),
    "tag": ("RF004", "the tag {tag} is not allowed", "remove the '!' tag: scenario files hold plain data only"),
    "merge_key": ("RF004", "merge keys (<<) are not supported", "write the keys out in full"),
    "key_not_plain": ("RF004", "a key must be a plain word, not a list or mapping",
                      "write the key as a word followed by ':'"),
    "unsupported_value": ("RF004", "this kind of YAML value is not supported",
                          "write plain texts, numbers, lists and key: value lines"),
    "file_too_large": ("RF005", "the file is too large ({size} bytes)",
                       "a content file may be at most {limit} bytes; split it into several files"),
    "too_deep": ("RF005", "the file is nested too deeply",
                 "scenarios need far fewer than {limit} levels of indentation; check the brackets and indentation"),
    "too_many_values": ("RF005", "the file expands to more than {limit} values",
                        "remove anchors and aliases (&name / *name) that repeat large parts"),
    "took_too_long": ("RF005", "the file took too long to check (more than {limit} s); it was skipped",
                      "split it into smaller files; very long chains of steps or many unknown names are slow to check"),
    "yaml_bool": ("RF006", "'{raw}' was read as true/false, not as text",
                  "YAML reads a bare {raw} as a yes/no value; put it in double quotes: \"{raw}\""),
    # -- keys and shapes (RF010-RF013) ---------------------------------------------------------
    "unknown_key": ("RF010", "unknown key '{key}'", f"remove it, or check the spelling against {_DOC}"),
    "chart_key": ("RF010", "unknown key 'chart'", "the balance chart needs no key: it appears by itself when the "
                  "messages of an app step show a balance: (see 'Balances and the chart' in " + _DOC + ")"),
    "catalog_regions_key": ("RF010", "unknown key 'regions'",
                            "regions live in their own files beside the catalogue (regions/*.yaml)"),
    "catalog_facts_key": ("RF010", "unknown key 'facts'", "facts live in their own file beside the catalogue (facts.yaml)"),
    "empty_file": ("RF011", "the file is empty",
                   "start from a copy of docs/examples/parcel_refund.yaml, or run: python main.py new ID"),
    "missing_key": ("RF011", "'{key}' is missing in {where}", "add '{key}:'"),
    "missing_key_top": ("RF011", "the file has no '{key}:'", f"add '{{key}}:' (see {_DOC})"),
    "format2_needs_regions": ("RF011", "a format 2 scenario needs 'regions:'",
                              "add regions: [{regions}] with the regions the story fits"),
    "not_a_mapping": ("RF012", "a scenario file must be a mapping of keys such as id:, steps:",
                      "start from a copy of docs/examples/parcel_refund.yaml"),
    "wrong_type.text": ("RF012", "{where} should be text, not {shown}", "put the text in double quotes: \"…\""),
    "wrong_type.whole_number": ("RF012", "{where} should be a whole number, not {shown}",
                                "write digits only, without quotes or units: 300"),
    "wrong_type.number": ("RF012", "{where} should be a number, not {shown}",
                          "write digits only, without quotes or units: 12.5"),
    "wrong_type.bool": ("RF012", "{where} should be true or false, not {shown}", "write true or false, without quotes"),
    "wrong_type.mapping": ("RF012", "{where} should be a mapping (key: value lines), not {shown}",
                           f"write it as indented 'key: value' lines; see {_DOC}"),
    "wrong_type.list": ("RF012", "{where} should be a list, not {shown}",
                        "write it as [a, b] or as lines that start with '- '"),
    "wrong_type.quoted": ("RF012", "{where} should be {expected}, not the text \"{value}\"", "remove the quotes: {value}"),
    "wrong_type.yaml_bool": ("RF012", "{where} should be {expected}, not {raw}",
                             "YAML read the bare word {raw} as true/false; write what is meant"),
    "wrong_shape": ("RF012", "{where} has the wrong shape", f"see '{{field}}' in {_DOC}"),
    "var_region_mixed": ("RF012", "'{name}' holds a number in one region and text in another",
                         "use the same kind of value in every region"),
    "not_one_of": ("RF013", "{where} is '{value}', but must be one of: {allowed}", "use one of: {allowed}"),
    "not_one_of_meaning": ("RF013", "{where} is '{value}', but must be one of: {allowed}",
                           "what they mean: {meanings}"),
    "bad_id": ("RF013", "'{value}' is not a valid ID",
               "IDs use lower-case letters, digits and _, start with a letter, and are at most 64 long"),
    "bad_time": ("RF013", "'{value}' is not a time of day", "write it as \"HH:MM\", e.g. \"21:40\""),
    "bad_region_code": ("RF013", "'{value}' is not a region code", "a region code is two capital letters: CN, US, GB"),
    "bad_currency": ("RF013", "'{value}' is not a currency code", "a currency code is three capital letters: CNY, USD, GBP"),
    "bad_faker_locale": ("RF013", "'{value}' is not a Faker locale", "write language_REGION, e.g. zh_CN or en_US"),
    "bad_language_code": ("RF013", "'{value}' is not a language code", "write a code such as en, zh or vi"),
    "bad_value": ("RF013", "'{value}' is not allowed here", f"see '{{field}}' in {_DOC}"),
    "empty_text": ("RF013", "the text at {where} is empty", "write the text, or remove the line"),
    "text_control": ("RF013", "this text holds an invisible control character ({char})",
                     "remove it: a terminal would obey it (clear the screen, fake a line) and the phone would show "
                     "a box; write a line break as a new line of a block text (|)"),
    "text_too_long": ("RF013", "the text at {where} is {actual} characters long; at most {limit} are allowed",
                      "shorten it, or split it over several messages"),
    "empty.sources": ("RF013", "sources: is empty",
                      "name where the story comes from, with a date: sources: [\"Police notice, 2024-05\"]"),
    "empty.messages": ("RF013", "the step at {where} has no messages", "every step needs at least one message"),
    "empty.list": ("RF013", "{where} is empty", f"give it at least one item (see '{{field}}' in {_DOC})"),
    "too_many": ("RF013", "{where} has {actual} items; at most {limit} are allowed", "split it up or remove some"),
    "too_small": ("RF013", "{where} is {value}, but must be at least {limit}", f"see '{{field}}' in {_DOC}"),
    "too_big": ("RF013", "{where} is {value}, but must be at most {limit}", f"see '{{field}}' in {_DOC}"),
    "not_above": ("RF013", "{where} is {value}, but must be more than {limit}", f"see '{{field}}' in {_DOC}"),
    "difficulty_range": ("RF013", "difficulty is {value}, but must be 1, 2 or 3",
                         "1 is easy, 3 is hard: docs/difficulty.md says how to rate a scenario"),
    "between_order": ("RF013", "the first number of 'between' is larger than the second",
                      "write the smaller number first: between: [1000, 3000]"),
    "compare_empty": ("RF013", "the condition at {where} compares with nothing",
                      "give one of eq, ne, lt, lte, gt, gte, e.g. {{gte: 1000}}"),
    "language_code": ("RF013", "'{code}' is not a language code (such as en, zh or vi)",
                      "a text holds one line per language: en: \"…\", zh: \"…\""),
    "language_text_empty": ("RF013", "the {code} text is empty", "write the text, or remove the line"),
    "not_duration": ("RF013", "'{value}' is not a duration",
                     "write seconds (90) or e.g. \"45s\", \"30m\", \"3h\", \"2d\", \"1d 6h\""),
    "amount_bool": ("RF013", "true/false is not an amount",
                    "write a number (300 or 12.90) or the name of a number variable"),
    "amount_shape": ("RF013", "{shown} is not an amount",
                     "write a number (300 or 12.90) or the name of a number variable"),
    "number_invalid": ("RF013", "{value} is not a number", "write digits, e.g. 300 or 12.90"),
    "number_decimals": ("RF013", "{value} has more than two decimals", "amounts are written like 12.90"),
    "number_too_large": ("RF013", "{value} is too large", "numbers may be at most {limit}"),
    "timeout_too_short": ("RF013", "the timeout runs out after {value} s; the shortest allowed is {limit} s",
                          "give the player time to read and choose: after: 20 or more is usual"),
    "secrets_unknown": ("RF013", "secrets names {items}, which data_items does not have",
                        "add them to data_items, or remove them from secrets"),
    "invalid_value": ("RF013", "{where}: {detail}", f"see '{{field}}' in {_DOC}"),
    "outcome_wrong_kind": ("RF013", "'{outcome}' is only for {kinds} scenarios",
                           "{means}; in a {kind} scenario use: {allowed}"),
    "wallet_min_above_start": ("RF013", "the wallet's min ({least}) is more than its start ({start})",
                               "min is the least the player must keep; make it smaller than start"),
    "faker_field_unknown": ("RF013", "'{value}' is not a persona field Faker can fill", "use one of: {fields}"),
    "faker_field_text": ("RF013", "'{value}' is not a persona field Faker can fill",
                         "to give a fixed text, write {field}: {{en: \"{value}\", zh: \"…\"}}"),
    # -- references (RF020-RF038) -------------------------------------------------------------
    "target_unknown": ("RF020", "'{target}' is not a step or an ending", "add a step or ending with that ID"),
    "start_unknown": ("RF020", "the start step '{start}' does not exist", "name one of the steps: {steps}"),
    "flag_unknown": ("RF021", "'{flag}' is not in the red-flag catalogue", "see scenarios/red_flags.yaml for the IDs"),
    "cast_builtin": ("RF022", "'{name}' is built in and cannot be a cast member", "choose another key, e.g. 'friend' or 'agent'"),
    "cast_region": ("RF022", "'region' is built in ({{region.emergency}} and the like) and cannot be a cast member",
                    "choose another key"),
    "counterpart_unknown": ("RF022", "'{name}' is not in the cast", "declare it under cast:"),
    "sender_unknown": ("RF022", "'{name}' is not in the cast", "declare it under cast:, or use player / narrator"),
    "payee_unknown": ("RF022", "'{name}' is not in the cast",
                      "the money goes to a cast member: declare it under cast:"),
    "payer_unknown": ("RF022", "'{name}' is not in the cast",
                      "the money comes from a cast member: declare it under cast:"),
    "placeholder_in_cast": ("RF023", "placeholders cannot be used in cast or vars",
                            "write plain text here; use placeholders in messages, choices and debriefs"),
    "template_braces": ("RF023", "a brace {{ or }} is not matched",
                        "write {{{{ and }}}} for a literal brace; a placeholder is {{name}}"),
    "template_format": ("RF023", "'{placeholder}' has a conversion or format",
                        "write just {{name}} or {{member.field}}"),
    "template_name": ("RF023", "'{placeholder}' is not a placeholder", "use {{variable}} or {{member.field}}"),
    "placeholder_unknown": ("RF023", "unknown placeholder {{{name}}}", "known placeholders: {known}"),
    "placeholder_none_known": ("RF023", "unknown placeholder {{{name}}}", "declare vars or cast fields first"),
    "step_unreachable": ("RF024", "the step '{step}' can never be reached",
                         "lead a choice or timeout to it from another step, or remove it"),
    "ending_unreachable": ("RF024", "the ending '{ending}' can never be reached", "lead a choice or timeout to it, or remove it"),
    "no_way_out": ("RF025", "the step '{step}' has no way out",
                   "give it choices or a timeout; a finished story goes to an ending"),
    "no_way_out_when": ("RF025", "every choice of the step '{step}' has a condition, and none holds when {example}",
                        "add a choice without when: or a timeout, or make the conditions cover every value"),
    "way_out_unproved": ("RF025", "the step '{step}' has too many conditions to check that one of its choices "
                         "always holds", "add a choice without when: or a timeout"),
    "missing_language": ("RF026", "the text at {where} has no {language} version",
                         "add a line '{lang}: \"…\"' beside the other language"),
    "var_is_cast": ("RF027", "'{name}' is both a variable and a cast member", "rename one of them"),
    "step_is_ending": ("RF027", "'{name}' is both a step and an ending", "rename one of them"),
    "choice_id_twice": ("RF027", "the choice id '{id}' is used twice in this step", "give each choice of a step its own id"),
    "message_id_twice": ("RF027", "the message id '{id}' is already used on line {line}",
                         "message ids must be unique in the scenario"),
    "flag_twice": ("RF027", "a red flag is listed twice on this message", "list each once"),
    "id_mismatch": ("RF028", "the id '{id}' differs from the file name '{name}'",
                    "rename the file to {id}.yaml or set id: {name}"),
    "region_id_mismatch": ("RF028", "the id '{id}' differs from the file name '{name}'", "rename the file to {id}.yaml"),
    "var_builtin": ("RF029", "'{name}' is built in (the money paid so far) and cannot be declared",
                    "remove it; read it as {{paid}} or in when: {{paid: ...}}"),
    "var_unknown": ("RF029", "'{name}' is not a variable", "declare it under vars:"),
    "var_is_text": ("RF029", "'{name}' holds text, not a number", "use a number variable here"),
    "var_builtin_write": ("RF029", "'{name}' is built in and cannot be changed", "use effects: {{pay: ...}} to pay money"),
    "data_item_unknown": ("RF030", "'{item}' is not a data item", "use one of: {items}"),
    "no_ending_reachable": ("RF031", "no ending can be reached from the step '{step}'",
                            "the choices here only loop back; lead one of them towards an ending"),
    "self_loop": ("RF031", "no ending can be reached from the step '{step}': its every choice and timeout leads back to it",
                  "lead a choice or the timeout to another step or an ending"),
    "loop_without_exit": ("RF031", "from the step '{step}', every way towards an ending may be closed (by a when: "
                          "condition, or a payment the wallet may refuse); then the story can only go round in a loop",
                          "give the loop a way out that is always open (a choice without when: or a timeout) "
                          "leading towards an ending"),
    "flags_on_builtin": ("RF032", "messages from {sender} cannot carry red flags",
                         "put the red flags on the message of the cast member who says it"),
    "pay_without_payee": ("RF033", "nothing in this step says who receives {pay}",
                          "add payment: {{amount: {pay}, to: CAST_MEMBER}} to the message that asks for the money, "
                          "or write pay: {{amount: {pay}, to: CAST_MEMBER}}"),
    "negative.payment": ("RF034", "a payment cannot be negative ({value} can be below 0)",
                         "money coming back to the player is receive: {{amount: ..., from: ...}}, not a negative "
                         "payment; keep amounts at 0 or more"),
    "negative.receipt": ("RF034", "money received cannot be negative ({value} can be below 0)",
                         "money the player sends is pay:, not a negative receipt; keep amounts at 0 or more"),
    "negative.loss": ("RF034", "a loss cannot be negative ({value} can be below 0)",
                      "money coming back to the player is receive: or recover:, not a negative loss; "
                      "keep amounts at 0 or more"),
    "negative.recovered": ("RF034", "money recovered cannot be negative ({value} can be below 0)",
                           "recover says how much of the loss comes back: 0 or more"),
    "negative.wallet": ("RF034", "the wallet's {part} cannot be negative ({value} can be below 0)",
                        "the wallet holds the player's own money: 0 or more"),
    "why_without_flag": ("RF035", "'why' explains '{flag}', which this message does not carry",
                         "write it for one of the red flags listed under flags:"),
    "instead_without_flag": ("RF035", "'instead' advises on '{flag}', which this message does not carry",
                             "write it for one of the red flags listed under flags:"),
    "not_a_region": ("RF036", "'{region}' is not a region", "the regions are {regions} (scenarios/regions/)"),
    "var_region_missing": ("RF036", "'{name}' has no value for {regions}",
                           "give by_region a value for every region in regions:"),
    "var_region_extra": ("RF036", "'{name}' has a value for {region}, which regions: does not list",
                         "add the region to regions:, or remove this value"),
    "region_key_missing": ("RF036", "{{region.{key}}} is not defined for {regions}",
                           "keys every region here has: {keys}"),
    "region_key_unknown": ("RF036", "{{region.{key}}} is not defined for {regions}", "see scenarios/regions/"),
    "catalog_placeholder": ("RF036", "{{{name}}} is not a placeholder every region defines",
                            "the catalogue may only use {{region.KEY}} placeholders that every region has: {keys}"),
    "fact_region_missing": ("RF037", "the fact has no entry for {regions}",
                            "give by_region a fact for every region in regions:"),
    "fact_unknown": ("RF037", "'{fact}' is not in facts.yaml", "add it to scenarios/facts.yaml with its year and source"),
    "fact_wrong_region": ("RF037", "the fact '{fact}' is about {about}, but it would be shown in {shown}",
                          "give one fact per region: fact: {{by_region: {{CN: …, US: …, GB: …}}}}"),
    "money_in_text": ("RF038", "'{text}' writes money into the text",
                      "put the amount in a variable (vars: fee: 300) and write {{fee}}: it shows in the player's currency"),
})


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        separator = TERM_SEPARATOR if any(isinstance(v, Term) for v in value) else LIST_SEPARATOR
        return separator.join(_plain(v) for v in value)
    return str(value)


def fill(template: str, params: Mapping[str, object]) -> str:
    """`template` with its placeholders filled (tuples become lists, Terms their English)."""
    return render(template, {name: _plain(value) for name, value in params.items()})


class Fault(ValueError):
    """A model validator's complaint, with its row of MESSAGES: the loader turns it into a
    Problem at the place pydantic reports (pydantic keeps the exception in the error's ctx)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(fill(MESSAGES[key][1], params))


def make(label: str, line: int, column: int, key: str, /, *, suggestion: str = "", meaning: Term | None = None,
         severity: str = "error", **params: object) -> Problem:
    """The Problem of row `key` at (line, column), its message and hint filled from `params`.
    With `suggestion` the hint is "did you mean …?" (and what the value means, with `meaning`)."""
    code, message, hint = MESSAGES[key]
    if suggestion:
        params["suggestion"] = suggestion
        hint = SUGGESTION
        if meaning is not None:
            params["meaning"] = meaning
            hint = SUGGESTION_MEANING
    return Problem(label, line, column, code, fill(message, params), fill(hint, params), severity,
                   key, tuple(params.items()))
