"""Placeholders in scenario text: `{fee}` and `{agent.name}`, from an allow-list only.

Parsing uses `string.Formatter().parse`, but nothing is ever formatted with `str.format`:
rendering looks each name up in a plain dict, so `{x.__class__}` can never be evaluated.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
_FORMATTER = string.Formatter()


class TemplateError(ValueError):
    """A text's placeholders are malformed; the message says how (`key` and `params` name the
    row of scenario/messages.py that says it in every language)."""

    def __init__(self, message: str, key: str = "template_name", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, in order. Raises TemplateError when one is not allowed."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise TemplateError(f"unbalanced braces ({exc}); write {{{{ and }}}} for a literal brace",
                            "template_braces") from None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if conversion or spec:
            shown = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            raise TemplateError(f"'{shown}' has a conversion or format; write just {{name}} or {{member.field}}",
                                "template_format", placeholder=shown)
        if not _NAME.match(name):
            raise TemplateError(f"'{{{name}}}' is not a placeholder; use {{variable}} or {{member.field}}",
                                "template_name", placeholder=f"{{{name}}}")
        names.append(name)
    return names


@lru_cache(maxsize=16384)
def _parts(text: str) -> tuple[tuple[str, str | None], ...]:
    """`text` split into (literal, placeholder name or None) pairs: parsed once per text."""
    return tuple((literal, name) for literal, name, _spec, _conversion in _FORMATTER.parse(text))


def render(text: str, values: Mapping[str, str]) -> str:
    """Replace each placeholder by `values[name]`; an unknown name shows as ⟦name⟧."""
    if "{" not in text and "}" not in text:        # no placeholder and no escaped brace: most texts
        return text
    parts = _parts(text)
    out = []
    for literal, name in parts:
        out.append(literal)
        if name is not None:
            out.append(values.get(name, f"⟦{name}⟧"))
    return "".join(out)
