"""Inline reStructuredText in one message: find it, compare it, strip it.

A message is one paragraph; what matters to a translation is the inline
markup that carries a link or a name: roles, references, literals, footnote,
citation and substitution references, inline targets. docutils recognizes
inline markup only between whitespace or punctuation, so Hangul glued to it
(``:term:`손전화`를``) silently turns the link into plain text.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

_TOKEN = re.compile(
    # Every alternative's first character is consumed by the leading class and checked again
    # by a lookbehind: a pattern that starts with a plain class lets the engine skip every
    # position where no markup can start in a tight loop (a third faster than a lookahead).
    # The named groups leave out that character; find_markup takes m[0] and m.start().
    r"[`:_\[|](?:"
    r"(?<=`)(?P<literal>`(?P<lit>[^`]|[^`].*?[^`])``)"
    r"|(?<=:)(?P<role>(?P<rname>[A-Za-z][\w.+:-]*):`(?P<rtext>(?:[^`\\]|\\.)+)`)"
    r"|(?<=_)(?P<target>`(?P<ttext>[^`]+)`)"
    r"|(?<=`)(?P<ref>(?P<reftext>(?:[^`\\]|\\.)+)`(?P<refsuffix>__?))"
    r"|(?<=\[)(?P<footnote>(?P<fn>#[\w.-]*|\*|\d+)\]_)"
    r"|(?<=\[)(?P<citation>(?P<cit>[A-Za-z][\w.-]*)\]_)"
    r"|(?<=\|)(?P<subst>(?P<sub>[^|\s](?:[^|]*[^|\s])?)\|(?P<subsuffix>__?)?))",
    re.S,
)
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)

#: Roles whose text names something that must survive translation.
TARGET_ROLES = {"term", "ref", "doc", "numref", "any", "download", "keyword", "option", "envvar"}
#: Roles whose text is code (a name in a program, a path, a key, an option), in any domain
#: (c:func, py:attr): no prose, so no glossary term is looked for in it, as in a literal;
#: but a title given to one (:data:`사용자 디렉터리 <site.USER_SITE>`) is prose.
CODE_ROLES = {"func", "meth", "class", "attr", "mod", "data", "const", "exc", "obj", "type", "member", "macro",
              "var", "struct", "union", "enum", "enumerator", "expr", "texpr", "concept", "file", "samp", "kbd",
              "code", "command", "program", "option", "envvar", "makevar", "mimetype", "token", "regexp",
              "manpage", "source"}  # source: a file in the repository, the CPython docs' own role


class Markup(NamedTuple):
    """One piece of inline markup (a tuple: a message can hold dozens, made by the thousand)."""

    kind: str  # role, code (a role in CODE_ROLES), literal, reference, footnote, citation, substitution, target
    key: str  # what must be the same in the translation
    display: str | None  # the text a reader sees, when known
    start: int
    end: int
    source: str  # the markup as written

    @property
    def label(self) -> str:
        return self.source if len(self.source) <= 60 else self.source[:57] + "..."


@lru_cache(maxsize=64)
def find_markup(text: str) -> tuple[Markup, ...]:
    """Every piece of inline markup in a message, in order.

    Remembered for the last messages: the checker's view of an entry and its spacing rules
    read the same message's markup."""
    if "`" not in text and "|" not in text and "]_" not in text:
        return ()
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup  # the outer group: each alternative's inner groups close before it
        if kind == "literal":
            found.append(Markup("literal", m["lit"], m["lit"], m.start(), m.end(), m[0]))
        elif kind == "role":
            name, body = m["rname"], m["rtext"]
            explicit = _EXPLICIT.match(body)
            title, target = (explicit["title"], explicit["target"]) if explicit else (None, body)
            local = name.rsplit(":", 1)[-1]
            targeted = local in TARGET_ROLES or ":" in name
            key = f"{name}:{' '.join(target.split())}" if targeted else name
            display = title if explicit else (body if local not in ("ref", "doc", "numref") else None)
            role_kind = "code" if local in CODE_ROLES and not explicit else "role"  # a title is prose
            found.append(Markup(role_kind, key, display, m.start(), m.end(), m[0]))
        elif kind == "target":
            found.append(Markup("target", "_`", m["ttext"], m.start(), m.end(), m[0]))
        elif kind == "ref":
            body, suffix = m["reftext"], m["refsuffix"]
            explicit = _EXPLICIT.match(body)
            if explicit:
                target = explicit["target"]
                # `title <name_>`_ is an embedded alias: the same link as `name`_.
                key = _name_key(target[:-1]) if target.endswith("_") and not target.endswith("\\_") \
                    else target + suffix
                found.append(Markup("reference", key, explicit["title"], m.start(), m.end(), m[0]))
            else:
                key = suffix if suffix == "__" else _name_key(body)
                found.append(Markup("reference", key, body, m.start(), m.end(), m[0]))
        elif kind == "footnote":
            found.append(Markup("footnote", m["fn"], None, m.start(), m.end(), m[0]))
        elif kind == "citation":
            found.append(Markup("citation", m["cit"], None, m.start(), m.end(), m[0]))
        else:
            found.append(Markup("substitution", m["sub"], None, m.start(), m.end(), m[0]))
    return tuple(found)


def _name_key(name: str) -> str:
    """What a named reference points at, as docutils normalises it (case and spaces)."""
    return " ".join(name.split()).lower() + "_"


def markup_difference(source: Sequence[Markup], translation: Sequence[Markup]) -> tuple[list[str], list[str]]:
    """(missing from the translation, not in the source), as written in the source."""
    if [(m.kind, m.key) for m in source] == [(m.kind, m.key) for m in translation]:
        return [], []
    want = Counter((m.kind, m.key) for m in source)
    have = Counter((m.kind, m.key) for m in translation)
    by_key = {(m.kind, m.key): m.label for m in source}
    by_key_tr = {(m.kind, m.key): m.label for m in translation}
    missing = [by_key[k] for k in (want - have).elements()]
    extra = [by_key_tr[k] for k in (have - want).elements()]
    return missing, extra


def _separates(ch: str) -> bool:
    """Can this character stand next to inline markup? (docutils' rule, simplified)."""
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZ" or ch == "\\"


def glued_markup(text: str, markup: Sequence[Markup]) -> list[Markup]:
    """Markup with a letter glued before or after it, which docutils will not recognize."""
    glued = []
    for m in markup:
        before = text[m.start - 1] if m.start > 0 else " "
        after = text[m.end] if m.end < len(text) else " "
        if not _separates(before) or not _separates(after):
            glued.append(m)
    return glued


def strip_markup(text: str, markup: Sequence[Markup] | None = None) -> str:
    """The prose a reader sees, for term matching: literals, code roles and labels blanked out.

    Offsets are kept (blanked characters become spaces) so positions still
    point into the original message.
    """
    markup = find_markup(text) if markup is None else markup
    if not markup:
        return text
    out, at = [], 0
    for m in markup:
        keep = m.display if m.kind in ("role", "reference", "target") and m.display else ""
        span = m.end - m.start
        out += (text[at:m.start], (" " + keep).ljust(span)[:span] if keep else " " * span)
        at = m.end
    out.append(text[at:])
    return "".join(out)
