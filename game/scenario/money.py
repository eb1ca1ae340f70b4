"""Money as data: amounts are whole numbers or decimals with at most two places, never floats,
and they are written out per language by Babel (`¥3,000`, `US$400`, `£12.90`).

Amounts stay `int` while they are whole, so a file without decimals behaves exactly as
before; a decimal amount is a `Decimal`. Nothing here ever parses money out of text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

Number = int | Decimal

#: The largest amount a file may hold; larger numbers are typos (and 4,000-digit numbers
#: make formatting slow).
LIMIT = 10 ** 12


def to_number(value: object) -> Number:
    """A number from a file: `3000` → 3000, `12.9` → Decimal("12.9"). Raises ValueError with a
    sentence for anything else (more than two decimals, too large, not a number)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is true/false, not a number")
    if isinstance(value, int):
        number: Number = value
    elif isinstance(value, (float, Decimal)):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else value
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a number")
        if abs(number) <= LIMIT and number != number.quantize(Decimal("0.01")):
            raise ValueError(f"{value} has more than two decimals; amounts are written like 12.90")
        number = normalize(number)
    else:
        raise ValueError(f"{value!r} is not a number")
    if abs(number) > LIMIT:
        raise ValueError(f"{value} is too large; numbers may be at most {LIMIT:,}")
    return number


def normalize(value: Number) -> Number:
    """A whole Decimal becomes an int; others keep two places at most."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.quantize(Decimal("0.01")).normalize() if value.as_tuple().exponent < -2 else value
    return value


def dump(value: Number) -> int | str:
    """For JSON: ints stay ints, decimals become strings ("12.9")."""
    return value if isinstance(value, int) else str(value)


def load(value: object) -> Number:
    """The inverse of `dump`; raises ValueError for anything that is not a saved number."""
    if isinstance(value, str):
        try:
            return to_number(Decimal(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if isinstance(value, float):
        raise ValueError("a saved amount is never a float")
    return to_number(value)


@lru_cache(maxsize=1 << 16)       # bots play thousands of sessions with the same few amounts
def _format(amount: Number, currency: str, locale: str) -> str:
    from babel.numbers import UnknownCurrencyError, format_currency

    whole = isinstance(amount, int)
    pattern = "¤#,##0" if whole else "¤#,##0.00"
    try:
        text = format_currency(abs(amount), currency, format=pattern, locale=locale, currency_digits=False)
    except UnknownCurrencyError:
        text = f"{abs(amount):,} {currency}"
    return ("-" if amount < 0 else "") + text


_BABEL_LOCALES: dict[str, str] = {}


def _babel_locale(lang: str) -> str:
    """The Babel locale for a language code; an unknown code (a test pseudo-locale) writes
    numbers the English way."""
    if lang not in _BABEL_LOCALES:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(lang.replace("-", "_"))
            _BABEL_LOCALES[lang] = lang.replace("-", "_")
        except (UnknownLocaleError, ValueError):
            _BABEL_LOCALES[lang] = "en"
    return _BABEL_LOCALES[lang]


def format_money(amount: Number, currency: str = "CNY", lang: str = "en") -> str:
    """`format_money(3000, "CNY", "zh")` → "¥3,000"; `format_money(Decimal("12.9"), "GBP")` →
    "£12.90"; whole amounts show no decimals. An unknown currency code is written out."""
    return _format(normalize(amount), currency, _babel_locale(lang))
