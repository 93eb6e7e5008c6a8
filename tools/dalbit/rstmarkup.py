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
from collections.abc import Container, Sequence
from functools import lru_cache
from typing import NamedTuple

from dalbit.korean import has_hangul

_TOKEN = re.compile(
    # Every alternative's first character is consumed by the leading class and checked again
    # by a lookbehind: a pattern that starts with a plain class lets the engine skip every
    # position where no markup can start in a tight loop (a third faster than a lookahead).
    # The named groups leave out that character; find_markup takes m[0] and m.start().
    r"[`:_\[|](?:"
    r"(?<=`)(?P<literal>`(?P<lit>[^`]|[^`].*?[^`])``)"
    r"|(?<=:)(?P<role>(?P<rname>[A-Za-z][\w.+:-]*):`(?P<rtext>(?:[^`\\]|\\.)+)`)"
    # As docutils has it, a target or reference starts after no letter of a name (not at the
    # _` or the ` that end `__getattr__`) and before no space. After Hangul it is found, to be
    # reported as glued.
    r"|(?<=(?<![A-Za-z0-9_])_)(?P<target>`(?P<ttext>[^`\s][^`]*)`)"
    r"|(?<=(?<![A-Za-z0-9_])`)(?P<ref>(?P<reftext>(?:[^`\\\s]|\\.)(?:[^`\\]|\\.)*)`(?P<refsuffix>__?))"
    r"|(?<=\[)(?P<footnote>(?P<fn>#[\w.-]*|\*|\d+)\]_)"
    r"|(?<=\[)(?P<citation>(?P<cit>[A-Za-z][\w.-]*)\]_)"
    r"|(?<=\|)(?P<subst>(?P<sub>[^|\s](?:[^|]*[^|\s])?)\|(?P<subsuffix>__?)?))",
    re.S,
)
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: A simple reference (dest_, and vectorcall_, which `벡터콜 <vectorcall_>`_ links to as well):
#: a name of letters and digits with single - . _ + : inside, then _ or __ (anonymous), after
#: no letter of a name and before a space or punctuation, as docutils reads it.
_SIMPLE_REFERENCE = re.compile(r"(?<![\w`\\])([A-Za-z0-9]+(?:[-.+:_][A-Za-z0-9]+)*)(__?)(?=[\s.,:;!?)\]}'\">/\\-]|$)")

#: Roles whose text names something that must survive translation.
TARGET_ROLES = {"term", "ref", "doc", "numref", "any", "download", "keyword", "option", "envvar"}
#: Roles whose text is code (a name in a program, a path, a key, an option), in any domain
#: (c:func, py:attr): no prose, so no glossary term is looked for in it, as in a literal;
#: but a title given to one (:data:`사용자 디렉터리 <site.USER_SITE>`) is prose.
CODE_ROLES = {"func", "meth", "class", "attr", "mod", "data", "const", "exc", "obj", "type", "member", "macro",
              "var", "struct", "union", "enum", "enumerator", "expr", "texpr", "concept", "file", "samp", "kbd",
              "code", "command", "program", "option", "envvar", "makevar", "mimetype", "token", "regexp",
              "manpage", "source"}  # source: a file in the repository, the CPython docs' own role

#: Python roles that link to the same object whatever their name: Sphinx's Python domain looks an
#: exact name up without its type (:func:`classmethod` and :meth:`classmethod` are one link). Only
#: :func: and :meth: show () after the name, so they are a kind of their own.
_PYTHON_OBJECT_ROLES = {"func": "py()", "meth": "py()", "class": "py", "attr": "py", "data": "py", "const": "py",
                        "exc": "py", "obj": "py", "type": "py"}


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
    found = _tokens(text) if "`" in text or "|" in text or "]_" in text else []
    if "_" in text:
        found = _with_simple_references(text, found)
    return tuple(found)


#: ``#noqa`` at the end of a translation, as Sphinx reads it (sphinx.transforms.i18n.parse_noqa):
#: the translator accepts that its references differ from the English; Sphinx drops the mark.
_NOQA = re.compile(r"(?<!\\)#\s*noqa\s*$")


def split_noqa(msgstr: str) -> tuple[str, bool]:
    """The translation as readers see it, and whether it ends in Sphinx's ``#noqa``."""
    if "noqa" not in msgstr:
        return msgstr, False
    m = _NOQA.search(msgstr)
    return (msgstr[:m.start()], True) if m else (msgstr, False)


def _tokens(text: str) -> list[Markup]:
    found = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup  # the outer group: each alternative's inner groups close before it
        if kind == "literal":
            found.append(Markup("literal", m["lit"], m["lit"], m.start(), m.end(), m[0]))
        elif kind == "role":
            name, body = m["rname"], m["rtext"]
            local = name.rsplit(":", 1)[-1]
            if local in CODE_ROLES and body.startswith("!"):  # no link: the reader sees a literal
                found.append(Markup("literal", body[1:], body[1:], m.start(), m.end(), m[0]))
                continue
            explicit = _EXPLICIT.match(body)
            title, target = (explicit["title"], explicit["target"]) if explicit else (None, body)
            # What a role links to or names must be the same; the text of any other role
            # (:dfn:, :guilabel:) is prose to translate. ~ only shortens what a reader sees.
            targeted = local in TARGET_ROLES or local in CODE_ROLES or ":" in name
            role = _PYTHON_OBJECT_ROLES.get(name.removeprefix("py:"), name)
            key = f"{role}:{' '.join(target.removeprefix('~').split())}" if targeted else name
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
                # `title <name_>`_ is an embedded alias: the same link as `name`_. A link with its
                # address is the same link, anonymous (__) or not.
                key = _name_key(target[:-1]) if target.endswith("_") and not target.endswith("\\_") \
                    else target
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
    return found


def _with_simple_references(text: str, found: list[Markup]) -> list[Markup]:
    """``found`` and the simple references outside it, in order."""
    taken = [(m.start, m.end) for m in found]
    references = [Markup("reference", "__" if m[2] == "__" else _name_key(m[1]), m[1], m.start(), m.end(), m[0])
                  for m in _SIMPLE_REFERENCE.finditer(text)
                  if not any(start < m.end() and m.start() < end for start, end in taken)]
    return sorted(found + references, key=lambda m: m.start) if references else found


def _name_key(name: str) -> str:
    """What a named reference points at, as docutils normalises it (case and spaces)."""
    return " ".join(name.split()).lower() + "_"


def markup_difference(source: Sequence[Markup], translation: Sequence[Markup],
                      english: str = "") -> tuple[list[Markup], list[Markup]]:
    """(markup of the English missing from the translation, markup of the translation not in
    the English), each in its text's order.

    What a reader gets the same way is the same markup: a literal whose English words were
    translated while its code is kept (``'r' 또는 'r:*'`` for ``'r' or 'r:*'``), a literal
    without the English plural or past ending (``Handler`` for ``Handlers``), a link to the
    page in the translation's language (docs.python.org/ko/3.11/ for docs.python.org/3.11/).
    A translation may say a literal, a role or a named reference more or fewer times than the
    English, and may add a literal of its own (a word glossed as code: ``__cause__``, ``()``),
    unless one of the English is missing: then it is that one changed. Footnotes, targets and
    anonymous references must be as many, as docutils pairs them in order.
    """
    if [(m.kind, m.key) for m in source] == [(m.kind, m.key) for m in translation]:
        return [], []
    keys = {(m.kind, m.key) for m in source}
    meant = [_meant_keys(m, source, keys) for m in translation]
    counted_source = Counter((m.kind, m.key) for m in source if _counted(m))
    counted_translation = Counter((m.kind, m.key) for m in translation if _counted(m))
    missing_counts = counted_source - counted_translation
    extra_counts = counted_translation - counted_source
    said = set().union(*meant)
    missing, reported = [], set()
    for m in source:
        key = (m.kind, m.key)
        if _counted(m):
            if missing_counts[key] > 0:
                missing.append(m)
                missing_counts[key] -= 1
        elif key not in said and key not in reported:
            missing.append(m)
            reported.add(key)
    extra, reported = [], set()
    for m, stands_for in zip(translation, meant):
        key = (m.kind, m.key)
        if _counted(m):
            if extra_counts[key] > 0:
                extra.append(m)
                extra_counts[key] -= 1
        elif not stands_for and key not in reported and not (m.kind == "literal" and _in_words(m.key, english)):
            extra.append(m)
            reported.add(key)
    if not any(m.kind == "literal" for m in missing):
        extra = [m for m in extra if m.kind != "literal"]
    return missing, extra


#: Roles above that make no cross-reference (Sphinx's pending_xref): a literal, a path, a key.
_NO_XREF_ROLES = {"download", "file", "samp", "kbd", "code", "command", "program", "makevar", "mimetype", "regexp",
                  "manpage", "source", "expr", "texpr"}


def sphinx_compared(markup: Sequence[Markup]) -> list[list[str]]:
    """What Sphinx's i18n transform holds to the English, else it warns "inconsistent ...
    references" (sphinx.transforms.i18n): as written and in order, named references,
    auto-numbered footnote references ([#]_, [#name]_, [*]_), named ones ([1]_, [#name]_) and
    citations; in any order, the targets of cross-reference roles (:func:, :term:, :ref:...)."""
    footnotes = [m for m in markup if m.kind == "footnote"]
    return [[m.source for m in markup if m.kind == "reference" and m.key.endswith("_") and m.key != "__"],
            [m.source for m in footnotes if m.key.startswith("#") or m.key == "*"],
            [m.source for m in footnotes if m.key not in ("#", "*")],
            [m.source for m in markup if m.kind == "citation"],
            sorted(m.key for m in markup if m.kind in ("role", "code") and _cross_reference(m.source))]


def _cross_reference(source: str) -> bool:
    """Is this role (as written: ``:c:func:`x```) one of Sphinx's cross-references?"""
    local = source[1:source.index(":`")].rsplit(":", 1)[-1]
    return (local in TARGET_ROLES or local in CODE_ROLES) and local not in _NO_XREF_ROLES


def _counted(m: Markup) -> bool:
    return m.kind in ("footnote", "target") or (m.kind == "reference" and m.key == "__")


def _meant_keys(m: Markup, source: Sequence[Markup], keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The keys of the English markup a piece of the translation stands for (none: its own is new)."""
    meant = {(m.kind, m.key)} & keys
    if m.kind == "literal":
        meant |= {(s.kind, s.key) for s in source if s.kind == "literal" and _same_literal(s.key, m.key)}
    elif m.kind == "reference":
        meant |= {("reference", _without_language(m.key))} & keys
    return meant


_INFLECTIONS = ("s", "es", "ed", "d")


def _same_literal(english: str, translated: str) -> bool:
    """Does a reader get the same from ``translated`` as from the English literal?"""
    if english.isidentifier() and translated.isidentifier():
        return any(english == translated + ending for ending in _INFLECTIONS)  # Handlers, flushed
    if not has_hangul(translated):
        return False
    # English words translated between pieces of code, and strings of several words (a prompt,
    # text for people; a one-word string is a value, 'strict'): the code, word by word, is the same.
    code = [word for word in _PROSE_STRING.sub("''", english).split() if not word.isalpha()]
    return bool(code) and code == [word for word in _TRANSLATED_STRING.sub("''", translated).split()
                                   if not word.isalpha()]


_PROSE_STRING = re.compile(r"'[^'\n]* [^'\n]*'|\"[^\"\n]* [^\"\n]*\"")
_TRANSLATED_STRING = re.compile(r"'[^'\n]*[ 가-힣][^'\n]*'|\"[^\"\n]*[ 가-힣][^\"\n]*\"")


#: A path segment naming a language (ko, ko-kr, pt_BR) in a link to a page's translation.
_LANGUAGE_SEGMENT = re.compile(r"/[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?(?=/)")


def _without_language(target: str) -> str:
    """A link's target without the language segment a translation adds to it."""
    if not target.startswith(("http://", "https://")):
        return target
    return _LANGUAGE_SEGMENT.sub("", target, count=1)


def _in_words(text: str, english: str) -> bool:
    """Is ``text`` written in ``english`` as a word of its own (end in "followed by end")?"""
    return bool(text) and re.search(r"(?<!\w)%s(?!\w)" % re.escape(text), english) is not None


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


#: A web or mail address written out, which docutils links as it stands (a standalone hyperlink).
STANDALONE_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+|www\.\S+|\S+@\S+\.\w+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where addresses are written out in a text (most texts have none: no search then)."""
    if "://" in text or "www." in text or "@" in text:
        return [m.span() for m in STANDALONE_URL.finditer(text)]
    return []


def strip_markup(text: str, markup: Sequence[Markup] | None = None) -> str:
    """The prose a reader sees, for term matching: literals, code roles, labels and addresses
    written out (https://ko.wikipedia.org/wiki/휴대폰) blanked out.

    Offsets are kept (blanked characters become spaces) so positions still
    point into the original message.
    """
    markup = find_markup(text) if markup is None else markup
    if markup:
        out, at = [], 0
        for m in markup:
            keep = m.display if m.kind in ("role", "reference", "target") and m.display else ""
            span = m.end - m.start
            out += (text[at:m.start], (" " + keep).ljust(span)[:span] if keep else " " * span)
            at = m.end
        out.append(text[at:])
        text = "".join(out)
    for start, end in url_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


#: Format placeholders whose names may be Hangul: %(이름)s, {이름}, {0:>{폭}}.
PLACEHOLDER = re.compile(r"%\([^()]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}\s]*(?:\{[^{}\s]*\}[^{}\s]*)*\}")


def protected_spans(text: str, kinds: Container[str] | None = None) -> list[tuple[int, int]]:
    """Markup (of ``kinds``, or all), URLs and placeholders, in order, merged where they overlap:
    nothing in them changes."""
    spans = [(item.start, item.end) for item in find_markup(text) if kinds is None or item.kind in kinds]
    spans += url_spans(text)
    if "%(" in text or "{" in text:
        spans += [m.span() for m in PLACEHOLDER.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
