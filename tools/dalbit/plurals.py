"""The header's ``Plural-Forms: nplurals=N; plural=EXPRESSION;``, read as GNU gettext reads it.

msgfmt --check evaluates the expression for n = 0..1000: a value past nplurals, a division
by zero or an expression it cannot parse is a fatal error, and a plural form used for fewer
than five of those n (the singular of most languages) is checked less strictly for format
directives (it may leave out the number: "one file" for "%d files").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[<>+\-*/%!?:()]))")
_MASK = (1 << 64) - 1  # gettext computes in unsigned long
#: A form used for at least this many n in 0..1000 is used "often" (gettext's msgl-check.c).
OFTEN = 5
#: Binary operators, loosest first, as in gettext's plural.y.
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


class PluralError(ValueError):
    """An expression gettext cannot use: the reason."""


class _DivisionByZero(ArithmeticError):
    pass


Expression = Callable[[int], int]


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%"):
        if b == 0:
            raise _DivisionByZero
        return a // b if op == "/" else a % b
    value = {"||": lambda: int(bool(a or b)), "&&": lambda: int(bool(a and b)), "==": lambda: int(a == b),
             "!=": lambda: int(a != b), "<": lambda: int(a < b), ">": lambda: int(a > b),
             "<=": lambda: int(a <= b), ">=": lambda: int(a >= b), "+": lambda: a + b, "-": lambda: a - b,
             "*": lambda: a * b}[op]()
    return value & _MASK


def parse_expression(text: str) -> Expression:
    """The plural expression as a function of n; PluralError if gettext would not parse it."""
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise PluralError(f"invalid plural expression at {text[pos:pos + 10]!r}")
        tokens.append(m.group(m.lastindex))
        pos = m.end()
    at = 0

    def peek() -> str | None:
        return tokens[at] if at < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal at
        token = peek()
        if token is None or (expected is not None and token != expected):
            raise PluralError("invalid plural expression")
        at += 1
        return token

    def condition() -> Expression:
        test = binary(0)
        if peek() != "?":
            return test
        take("?")
        yes = condition()
        take(":")
        no = condition()
        return lambda n: yes(n) if test(n) else no(n)

    def binary(level: int) -> Expression:
        if level == len(_LEVELS):
            return unary()
        left = binary(level + 1)
        while peek() in _LEVELS[level]:
            op = take()
            right = binary(level + 1)
            left = (lambda op, l, r: lambda n: _apply(op, l(n), r(n)))(op, left, right)
        return left

    def unary() -> Expression:
        token = take()
        if token == "!":
            inner = unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = condition()
            take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise PluralError("invalid plural expression")

    expression = condition()
    if at != len(tokens):
        raise PluralError("invalid plural expression")
    return expression


@dataclass(frozen=True)
class PluralForms:
    nplurals: int
    often: tuple[bool, ...]  # for each form: used for at least OFTEN values of n in 0..1000


@lru_cache(maxsize=64)  # a project's catalogs share one or two headers: evaluated once each
def plural_forms(value: str) -> PluralForms | None:
    """The Plural-Forms header value read and evaluated; None without nplurals= and plural=.
    PluralError for what msgfmt --check refuses."""
    nplurals_text = re.search(r"nplurals\s*=\s*([^;]*)", value)
    plural_text = re.search(r"plural\s*=\s*([^;]*)", value.replace("nplurals", "#"))
    if nplurals_text is None or plural_text is None:
        return None
    try:
        nplurals = int(nplurals_text.group(1).strip())
    except ValueError:
        raise PluralError("nplurals= is not a number: write e.g. nplurals=1; plural=0;") from None
    expression = parse_expression(plural_text.group(1))
    counts = [0] * max(nplurals, 0)
    for n in range(1001):
        try:
            form = expression(n)
        except _DivisionByZero:
            raise PluralError("the plural expression divides by zero") from None
        if form >= nplurals:
            raise PluralError(f"nplurals = {nplurals} but the plural expression gives {form} for n = {n}: "
                              f"forms are numbered 0 to nplurals - 1")
        counts[form] += 1
    return PluralForms(nplurals, tuple(count >= OFTEN for count in counts))
