"""Problems in the reader's language: `path:line:col: message [CODE]` and a hint line.

A problem carries English text and, in `key` and `params`, what it says: the locale strings
`diag.KEY` and `diag.KEY.hint` say it in any language (a "did you mean" hint is
`diag.did_you_mean`, with `diag.did_you_mean.meaning` for values that carry a meaning, and
words the params refer to are `diag.term.KEY`). A problem without a key, or whose key a
language lacks, is shown in its English words. docs/diagnostics.md explains every code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from game.locale import Translator, get_locale
from game.scenario import Problem, Term, render


def _strings(lang: str) -> Mapping[str, str]:
    return get_locale(lang).strings


def _say(value: object, tr: Translator, strings: Mapping[str, str]) -> str:
    """One param in the reader's language: terms translated, lists joined as the language does."""
    if isinstance(value, Term):
        return strings.get(f"diag.term.{value.key}") or str(value)
    if isinstance(value, tuple):
        if any(isinstance(item, Term) for item in value):
            return tr.t("validate.term_separator").join(_say(item, tr, strings) for item in value)
        return tr.join(_say(item, tr, strings) for item in value)
    return str(value)


def localize(problem: Problem, lang: str) -> tuple[str, str]:
    """The problem's (message, hint) in `lang`; its English words when `lang` has no string for it."""
    strings = _strings(lang)
    template = strings.get(f"diag.{problem.key}") if problem.key else None
    if template is None:
        return problem.message, problem.hint
    tr = Translator(lang)
    params = dict(problem.params)
    values = {name: _say(value, tr, strings) for name, value in params.items()}
    message = render(template, values)
    if not problem.hint:
        return message, ""
    if "suggestion" in params:
        hint_key = "diag.did_you_mean.meaning" if "meaning" in params else "diag.did_you_mean"
    else:
        hint_key = f"diag.{problem.key}.hint"
    hint_template = strings.get(hint_key)
    return message, (render(hint_template, values) if hint_template is not None else problem.hint)


def format_problem(problem: Problem, lang: str) -> str:
    """`path:line:col: message [CODE]`, then `    hint: …` when there is one, in `lang`."""
    tr = Translator(lang)
    message, hint = localize(problem, lang)
    label = tr.label("validate.warning", "") if problem.severity == "warning" else ""
    text = f"{problem.path}:{problem.line}:{problem.column}: {label}{message} [{problem.code}]"
    if hint:
        text += "\n    " + tr.label("validate.hint", hint)
    return text


def format_problems(problems: Iterable[Problem], lang: str) -> str:
    return "\n".join(format_problem(problem, lang) for problem in problems)
