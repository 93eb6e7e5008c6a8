"""Format directives (``%s``, ``%(name)d``, ``%1$s``) compared as GNU ``msgfmt --check`` does.

A program fills a translation's directives with the arguments it passes for
the English, so a translation with other arguments crashes or lies at run
time. msgfmt checks only entries flagged ``python-format``,
``python-brace-format`` or ``c-format`` (the flag says the text is a format string), only when the English itself
is a valid format string, and only translated, non-fuzzy entries. These
rules follow gettext's format-python.c, format-python-brace.c and format-c.c
(gettext 0.21, Debian's msgfmt), so
that our verdict and msgfmt's agree entry by entry; tests/test_hostile.py
holds the two to it.

A document's messages are never formatted, yet they may carry the flag: Babel's
``Message`` flags any text where a ``%`` reads as a directive (``30% faster``
reads as ``% f``), and ``sphinx-intl update`` goes through it
(sphinx-doc/sphinx-intl#58). :func:`from_documents` tells such messages apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dalbit.po.model import Entry


class _Invalid(Exception):
    """Not a valid format string: the reason, in words."""


@dataclass(frozen=True)
class FormatProblem:
    """What is wrong with one translation's directives."""

    flag: str  # python-format, python-brace-format or c-format
    english: str  # the English's directives, as written
    translation: str  # the translation's directives, as written
    reason: str


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


# -- Python: % formatting ------------------------------------------------------------------

# No %a and no %F: gettext 0.21 (Debian's msgfmt) does not know them, so neither do we.
_PY_TYPES = {"c": "character", "s": "string", "r": "string", "i": "integer",
             "d": "integer", "u": "integer", "o": "integer", "x": "integer", "X": "integer",
             "e": "float", "E": "float", "f": "float", "g": "float", "G": "float"}


@dataclass
class _PyFormat:
    named: dict[str, str]
    unnamed: list[str]
    written: list[str]


def parse_python(text: str) -> _PyFormat:
    """The arguments a Python %-format string takes; _Invalid where msgfmt rejects it."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    written: list[str] = []
    i, n, number = 0, len(text), 0
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        number += 1
        name = None
        if i < n and text[i] == "(":
            depth, j = 0, i + 1
            while j < n and not (text[j] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if j >= n:
                raise _Invalid("the string ends in the middle of a directive")
            name, i = text[i + 1:j], j + 1
        while i < n and text[i] in "-+ #0":
            i += 1
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if i < n and text[i] == ".":
                    i += 1
                else:
                    break
            if i < n and text[i] == "*":
                i += 1
                if named:
                    raise _Invalid("the string mixes named and unnamed directives")
                unnamed.append("integer")
            else:
                digits = i
                while i < n and text[i].isdigit():
                    i += 1
                if part == "precision":
                    zero_precision = i > digits and not text[digits:i].strip("0")
        if i < n and text[i] in "hlL":
            i += 1
        if i >= n:
            raise _Invalid("the string ends in the middle of a directive")
        conversion = text[i]
        if conversion == "%":
            kind = "none"
        elif conversion in _PY_TYPES:
            kind = _PY_TYPES[conversion]
            if kind == "string" and zero_precision:
                kind = "any"
        else:
            raise _Invalid(f"in directive number {number}, {conversion!r} is not a valid conversion")
        i += 1
        written.append(text[start:i])
        if name is not None:
            if unnamed:
                raise _Invalid("the string mixes named and unnamed directives")
            if name in named and kind != named[name] and "any" not in (kind, named[name]):
                raise _Invalid(f"the string uses the argument named {name!r} in incompatible ways")
            if named.get(name) in (None, "any"):
                named[name] = kind
        elif conversion != "%":
            if named:
                raise _Invalid("the string mixes named and unnamed directives")
            unnamed.append(kind)
    return _PyFormat(named, unnamed, [w for w in written if w != "%%"])


def _compare_python(english: _PyFormat, translation: _PyFormat, strict: bool = True) -> str | None:
    if english.named and translation.unnamed:
        return "the English takes a mapping (%(name)s), the translation a tuple: use the same names"
    if english.unnamed and translation.named:
        return "the English takes a tuple, the translation a mapping (%(name)s): use unnamed directives"
    for name in sorted(translation.named):
        if name not in english.named:
            return f"%({name}) is not in the English: use only the English's names"
    for name in sorted(english.named):
        if name not in translation.named:
            if not strict:  # a plural form for one n may leave the number out
                continue
            return f"%({name}) of the English is missing: keep every named directive"
        if english.named[name] != translation.named[name] and \
                (strict or "any" not in (english.named[name], translation.named[name])):
            return (f"%({name}) is {_a(english.named[name])} in the English but "
                    f"{_a(translation.named[name])} in the translation: keep its conversion")
    if len(english.unnamed) != len(translation.unnamed):
        return (f"{len(english.unnamed)} unnamed directives in the English, {len(translation.unnamed)} in "
                "the translation: keep every one")
    for number, (want, got) in enumerate(zip(english.unnamed, translation.unnamed), 1):
        if want != got and (strict or "any" not in (want, got)):
            return (f"argument {number} is {_a(want)} in the English but {_a(got)} in the translation: unnamed "
                    "directives must stay in the English's order (use %(name)s in both to reorder)")
    return None


# -- C: printf ------------------------------------------------------------------------------

_C_SIZES = ("hh", "h", "ll", "l", "L", "q", "j", "z", "Z", "t")
_C_SIZE_NAMES = {"hh": "char", "h": "short", "l": "long", "ll": "long long", "L": "long long",
                 "q": "long long", "j": "intmax_t", "z": "size_t", "Z": "size_t", "t": "ptrdiff_t"}


def _c_type(conversion: str, size: str) -> str | None:
    """The argument type of a C conversion; None for one that takes no argument (%m)."""
    size_name = _C_SIZE_NAMES.get(size, "")
    if conversion in "di":
        return size_name or "int"
    if conversion in "ouxX":
        return f"unsigned {size_name or 'int'}"
    if conversion in "eEfFgGaA":
        return "long double" if size in ("L", "ll", "q") else "double"
    if conversion == "c":
        return "wide character" if size == "l" else "character"
    if conversion == "C":
        return "wide character"
    if conversion == "s":
        return "wide string" if size == "l" else "string"
    if conversion == "S":
        return "wide string"
    if conversion == "p":
        return "pointer"
    if conversion == "n":
        return f"pointer to {size_name or 'int'}"
    return None


def _c_number(text: str, i: int) -> tuple[int | None, int]:
    """An argument number ``N$`` at i, and where it ends; (None, i) when there is none."""
    j = i
    while j < len(text) and text[j].isdigit():
        j += 1
    if j > i and j < len(text) and text[j] == "$":
        number = int(text[i:j])
        if number == 0:
            raise _Invalid("argument numbers start at 1, not 0")
        return number, j + 1
    return None, i


def parse_c(text: str, translated: bool = False) -> tuple[dict[int, str], list[str]]:
    """(argument number -> type, the directives as written) of a printf format string.
    glibc's I flag (the locale's digits) is for translations only, as gettext says."""
    numbered: dict[int, str] = {}
    written: list[str] = []
    unnumbered = 0  # arguments taken in order
    uses_numbers = False
    i, n, count = 0, len(text), 0

    def take(number: int | None, kind: str) -> None:
        nonlocal unnumbered, uses_numbers
        if number is None:
            if uses_numbers:
                raise _Invalid("the string mixes numbered (%1$s) and unnumbered directives")
            unnumbered += 1
            number = unnumbered
        else:
            if unnumbered:
                raise _Invalid("the string mixes numbered (%1$s) and unnumbered directives")
            uses_numbers = True
        if numbered.get(number, kind) != kind:
            raise _Invalid(f"the string uses argument {number} in incompatible ways")
        numbered[number] = kind

    while i < n:
        if text[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        count += 1
        if i < n and text[i] == "%":
            i += 1
            continue
        number, i = _c_number(text, i)
        while i < n and text[i] in ("'-+ #0I" if translated else "'-+ #0"):
            i += 1
        stars: list[int | None] = []  # the argument numbers of a * width and a * precision
        if i < n and text[i] == "*":
            star, i = _c_number(text, i + 1)
            stars.append(star)
        else:
            while i < n and text[i].isdigit():
                i += 1
        if i < n and text[i] == ".":
            i += 1
            if i < n and text[i] == "*":
                star, i = _c_number(text, i + 1)
                stars.append(star)
            else:
                while i < n and text[i].isdigit():
                    i += 1
        size = next((s for s in _C_SIZES if text.startswith(s, i)), "")
        i += len(size)
        if i >= n:
            raise _Invalid("the string ends in the middle of a directive")
        conversion = text[i]
        if conversion == "%":  # "% %" and the like: a percent sign after all
            i += 1
            continue
        if conversion not in "diouxXeEfFgGaAcCsSpnm":
            raise _Invalid(f"in directive number {count}, {conversion!r} is not a valid conversion")
        i += 1
        for star in stars:
            take(star, "int")
        kind = _c_type(conversion, size)
        if kind is not None:
            take(number, kind)
        written.append(text[start:i])
    if numbered and max(numbered) != len(numbered):
        missing = min(set(range(1, max(numbered) + 1)) - set(numbered))
        raise _Invalid(f"the string refers to argument {max(numbered)} but not to argument {missing}")
    return numbered, written


def _compare_c(english: dict[int, str], translation: dict[int, str], strict: bool = True) -> str | None:
    if len(english) != len(translation) and (strict or len(translation) > len(english)):
        return (f"{len(english)} arguments in the English, {len(translation)} in the translation: "
                "keep every directive (reorder with %1$s, %2$d)")
    for number in sorted(translation):
        if english[number] != translation[number]:
            return (f"argument {number} is {_a(english[number])} in the English but {_a(translation[number])} "
                    "in the translation: keep its conversion and order (reorder with %1$s, %2$d)")
    return None


# -- Python: str.format ----------------------------------------------------------------------

def _ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _name_char(ch: str, first: bool) -> bool:
    """gettext reads field names as ASCII: a letter or _ first, then letters, digits, _."""
    return ch == "_" or ("a" <= ch.lower() <= "z") or (not first and _ascii_digit(ch))


def _field(text: str, j: int, numeric: bool = True) -> int:
    """Where a field name (a number or an identifier) starting at j ends; j if there is none."""
    n = len(text)
    if numeric and j < n and _ascii_digit(text[j]):
        while j < n and _ascii_digit(text[j]):
            j += 1
    elif j < n and _name_char(text[j], True):
        while j < n and _name_char(text[j], False):
            j += 1
    return j


def _brace_directive(text: str, i: int, number: int, toplevel: bool) -> tuple[int, str]:
    """One ``{...}`` directive at i: (where it ends, its field as gettext names it)."""
    n = len(text)
    start = i + 1
    j = _field(text, start)
    if j == start:
        if j >= n:
            raise _Invalid("the string ends in the middle of a directive")
        raise _Invalid(f"in directive number {number}, {text[j]!r} cannot start a field name")
    while j < n and text[j] in ".[":
        opened = text[j]
        after = _field(text, j + 1, numeric=opened == "[")
        if after == j + 1:
            raise _Invalid(f"in directive number {number}, a {'getattr' if opened == '.' else 'getitem'} "
                           "argument is missing")
        j = after
        if opened == "[":
            if j >= n or text[j] != "]":
                raise _Invalid(f"in directive number {number}, a getitem argument is not closed with ]")
            j += 1
    if j < n and text[j] == ":":
        if not toplevel:
            raise _Invalid(f"in directive number {number}, no more nesting is allowed in a format specifier")
        j += 1
        if j < n and text[j] == "{":
            j, _ = _brace_directive(text, j, number, toplevel=False)
        else:  # [[fill]align][sign][#][0][width][.precision][type]
            if j + 1 < n and text[j + 1] in "<>=^":
                j += 2
            elif j < n and text[j] in "<>=^":
                j += 1
            if j < n and text[j] in "+- ":
                j += 1
            for flag in "#0":
                if j < n and text[j] == flag:
                    j += 1
            while j < n and _ascii_digit(text[j]):
                j += 1
            if j < n and text[j] == ".":
                j += 1
                while j < n and _ascii_digit(text[j]):
                    j += 1
            if j < n and text[j] in "bcdoxXneEfFgG%":
                j += 1
    if j >= n:
        raise _Invalid("the string ends in the middle of a directive")
    if text[j] != "}":
        raise _Invalid(f"in directive number {number}, the directive is not closed with }}")
    return j + 1, text[start:j]


@dataclass
class _BraceFormat:
    names: set[str]
    written: list[str]


def parse_brace(text: str) -> _BraceFormat:
    """The fields a str.format string names (gettext 0.21: {} and {a!r} are not valid)."""
    names: set[str] = set()
    written: list[str] = []
    i, n, number = 0, len(text), 0
    while i < n:
        if text.startswith("{{", i):
            i += 2
        elif text[i] == "{":
            number += 1
            end, name = _brace_directive(text, i, number, toplevel=True)
            names.add(name)
            written.append(text[i:end])
            i = end
        else:
            i += 1
    return _BraceFormat(names, written)


def _compare_brace(english: _BraceFormat, translation: _BraceFormat, strict: bool = True) -> str | None:
    if not strict:  # gettext 0.21 holds a plural form used for few n to nothing but validity
        return None
    if extra := translation.names - english.names:
        return f"{{{min(extra)}}} is not in the English: use only the English's fields"
    if missing := english.names - translation.names:
        return f"{{{min(missing)}}} of the English is missing: keep every field"
    return None


# -- entries -------------------------------------------------------------------------------

#: Each flag msgfmt --check checks here: (parse(text, translated), compare, the directives as written).
_KINDS = {
    "python-format": (lambda text, translated: parse_python(text), _compare_python, lambda parsed: parsed.written),
    "python-brace-format": (lambda text, translated: parse_brace(text), _compare_brace,
                            lambda parsed: parsed.written),
    "c-format": (parse_c, lambda english, translation, strict: _compare_c(english[0], translation[0], strict),
                 lambda parsed: parsed[1]),
}


def _is_format(entry: Entry, flag: str) -> bool:
    """Flagged as this kind of format string (of flag and no-flag, the last one counts)."""
    said = [f for f in entry.flags if f in (flag, "no-" + flag)]
    return bool(said) and said[-1] == flag


#: A reference to a document's source, as Sphinx's gettext builder writes it (``../../c-api/bytes.rst:67``).
_DOCUMENT = re.compile(r"\.(?:rst|md|txt)(?::\d+)?$")


def from_documents(entry: Entry) -> bool:
    """Does the message come from documents only (its references name .rst, .md or .txt files, or
    a docstring that autodoc read), so that no program ever formats it?"""
    return bool(entry.references) and all(
        ":docstring of " in line or all(_DOCUMENT.search(reference) for reference in line.split())
        for line in entry.reference_lines)


def _around(text: str, mark: str) -> str:
    """The first few % (or {) of a text with a little context: where an invalid directive may be."""
    marks = [i for i, ch in enumerate(text) if ch == mark][:3]
    return " … ".join(text[max(0, at - 6):at + 6].replace("\n", " ") for at in marks) or f"no {mark}"


def format_problems(entry: Entry, often: tuple[bool, ...] | None = None) -> list[FormatProblem]:
    """What msgfmt --check would reject in this entry's directives (one problem a flag and form).

    ``often`` is the catalog's PluralForms.often: a plural form used for few n (the singular)
    is held less strictly, as msgfmt does (it may leave the number out)."""
    if not entry.flags or entry.fuzzy or entry.obsolete:  # most entries: no flag at all
        return []
    targets = [entry.msgstr] if entry.msgid_plural is None else entry.msgstr_plural
    if not targets or not targets[0]:  # untranslated: msgfmt leaves it out, unchecked
        return []
    english = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    problems = []
    for flag, (parse, compare, written) in _KINDS.items():
        if not _is_format(entry, flag):
            continue
        try:
            source = parse(english, False)
        except _Invalid:  # the English is no format string: nothing to hold the translation to
            continue
        shown = " ".join(written(source)) or "none"
        for index, target in enumerate(targets):
            # msgfmt's rule: strict, unless this is one of several plural forms, used for few n.
            strict = entry.msgid_plural is None or len(targets) < 2 or \
                (often is not None and index < len(often) and often[index])
            try:
                parsed = parse(target, True)
            except _Invalid as error:
                problems.append(FormatProblem(flag, shown, _around(target, "{" if "brace" in flag else "%"),
                                              f"not a valid {flag} string: {error}"))
                continue
            reason = compare(source, parsed, strict)
            if reason is not None:
                problems.append(FormatProblem(flag, shown, " ".join(written(parsed)) or "none", reason))
    return problems
