"""Backslash escapes in .po strings: one table, for reading and for writing.

The book's .mo files are compiled by Babel (dalbit.catalogs.compile_mo), so what Babel decodes
is what readers see. Babel 2.16 to 2.18 decode exactly the five escapes below and keep any other
backslash as it is; 2.19 adds \\a \\b \\f \\v. GNU msgfmt, Poedit and the other gettext tools
also decode \\a \\b \\f \\v, octal (\\101) and hex (\\x41). So the checker reads these five only,
as every tool does, and refuses any other escape with the way to write it that all tools read
alike: otherwise the checker (and msgfmt) would judge one text and the book would show another.
"""
from __future__ import annotations

import re

#: Escape letter -> the character it stands for: what Babel (>= 2.16) and msgfmt agree on.
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
#: The writer's side of the same table: character -> its escape.
_QUOTE = str.maketrans({char: "\\" + letter for letter, char in ESCAPES.items()})

#: Escapes msgfmt decodes to control characters and Babel before 2.19 reads as two characters.
_CONTROL = {"a": "a bell", "b": "a backspace", "f": "a form feed", "v": "a vertical tab"}
_NUMERIC = re.compile(r"[0-7]{1,3}|x[0-9A-Fa-f]+")


def quote(text: str) -> str:
    """The text as one quoted .po string; the reader gives back ``text``."""
    return '"' + text.translate(_QUOTE) + '"'


def refused_escape(body: str, at: int) -> str:
    """Why the escape at ``body[at]`` (a backslash) is refused, and how to write it instead."""
    rest = body[at + 1:]
    letter = rest[:1]
    if letter in _CONTROL:
        return (f"\\{letter} is {_CONTROL[letter]} for msgfmt but a backslash and {letter} for Babel "
                f"before 2.19, which compiles the book: delete it, or write \\\\{letter} for a "
                f"backslash and {letter}")
    numeric = _NUMERIC.match(rest)
    if numeric:
        digits = numeric[0]
        value = int(digits[1:], 16) if digits[0] == "x" else int(digits, 8)
        meant = repr(chr(value)) if 0x20 <= value < 0x7f else f"the byte {value:#04x}"
        return (f"\\{digits} is {meant} for msgfmt but the characters \\{digits} for Babel, "
                "which compiles the book: write the character itself (UTF-8), or "
                f"\\\\{digits} for a backslash and {digits}")
    return f"invalid escape \\{letter}: write \\\\{letter} for a backslash"
