"""The checker's rules: each a named function with a severity, a one-line summary and a docstring.

A rule looks at one entry, prepared once by the engine (:class:`EntryView`), and
yields ``(term, expected, found, message)`` for each problem; the engine adds the
place and the rule's name. The rules across catalogs (the ``*-consistency`` ones)
look at what every entry used. ``dalbit check --list-rules`` and the translator's
guide are generated from :data:`RULES`.
"""
from __future__ import annotations

import inspect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from dalbit.formats import format_problems, from_documents
from dalbit.glossary import Concept, SpellingWord
from dalbit.korean import agreeing_particle, has_hangul, hangul_run, particle_of
from dalbit.po.model import Entry
from dalbit.rstmarkup import Markup, glued_markup, markup_difference, sphinx_compared

ERROR, WARNING = "error", "warning"
#: What a rule yields: (term, expected, found, message).
Fields = tuple[str, str, str, str]


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str  # error | warning
    summary: str  # one line
    doc: str  # the function's docstring: what it checks and how to fix it
    check: Callable
    #: "characters": the translation's characters alone (also run on a plural partly translated);
    #: "entry": one entry; "catalogs": every catalog at once.
    scope: str = "entry"
    needs_glossary: bool = False
    #: What of an entry the rule reads (EntryView.aspects): an entry without any of it is skipped.
    looks_at: tuple[str, ...] = ()
    #: The glossary target languages the rule is for (the North Korean norms: ko-KP); () for all.
    languages: tuple[str, ...] = ()


#: Every rule, by name, in the order they are listed.
RULES: dict[str, Rule] = {}


def rule(name: str, severity: str, summary: str, looks_at: tuple[str, ...] = (), scope: str = "entry",
         needs_glossary: bool = False):
    def register(function: Callable) -> Callable:
        RULES[name] = Rule(name, severity, summary, inspect.cleandoc(function.__doc__ or ""), function,
                           scope, needs_glossary, looks_at)
        return function
    return register


# -- what a rule sees ----------------------------------------------------------------------------

@dataclass(frozen=True)
class KoreanForm:
    """One string the Korean automaton finds, and what it means (a form may mean several things)."""

    form: str
    forbidden_in: tuple[Concept, ...]  # concepts that forbid it
    spelling: SpellingWord | None  # the North Korean spelling, when the list has this word
    renders: tuple[tuple[str, str], ...]  # (concept id, glossary form) of the concepts it renders
    noun: bool  # a whole noun form, so a particle after it must agree (not a predicate stem)


class Hit(NamedTuple):
    """A Korean form standing as a word in the visible text; ``tail`` is the rest of the word (를).
    (A tuple: an entry has several, made by the hundred thousand.)"""

    start: int
    end: int
    form: KoreanForm
    tail: str


@dataclass(slots=True)
class EntryView:
    """One translated entry as the rules see it, worked out once by the engine."""

    path: str
    entry: Entry
    msgstr: str  # NFC: what readers see, whatever the file holds
    source_markup: tuple[Markup, ...]
    target_markup: tuple[Markup, ...]
    visible: str  # msgstr with markup blanked, offsets kept (rstmarkup.strip_markup)
    often: tuple[bool, ...] | None  # the catalog's plural forms (formats.format_problems)
    lemmas: Callable[[str], set[str]]  # the analyzer's reading of the verbs, answered already
    # Set by the engine when there is a glossary (a new list or dict, never changed in place):
    hits: Sequence[Hit] = ()
    concepts: Sequence[Concept] = ()  # English terms of the entry, in context
    excluded: frozenset[str] = frozenset()  # concepts whose not_senses the English names
    rendering: Mapping[str, str] | None = None  # concept id -> form used, once the hits are set
    noqa: bool = False  # the translation ends in Sphinx's #noqa (msgstr is without it)

    def set_hits(self, hits: list[Hit]) -> None:
        """The Korean hits, and from them each concept's form: an allowed one before an avoided
        one (which may render another English word: 디스플레이 for "display" beside 화면 for
        "screen"), then the longest key found."""
        self.hits = hits
        found: dict[str, tuple[tuple[bool, int], str]] = {}
        for hit in hits:
            avoided = {concept.id for concept in hit.form.forbidden_in}
            for concept_id, shown in hit.form.renders:
                rank = (concept_id not in avoided, len(hit.form.form))
                if rank > found.get(concept_id, ((False, 0), ""))[0]:
                    found[concept_id] = (rank, shown)
        self.rendering = {concept_id: shown for concept_id, (_, shown) in found.items()}

    def aspects(self) -> frozenset[str]:
        """What of the entry there is for rules to read (Rule.looks_at names these)."""
        found = []
        if self.entry.flags:
            found.append("flags")
        if not all(text.isascii() and text.isprintable() for text in _targets(self)):
            found.append("characters")
        if self.source_markup or self.target_markup:
            found.append("markup")
        if self.hits:
            found.append("korean")
        if self.concepts:
            found.append("terms")
        if has_hangul(self.msgstr):
            found.append("hangul")
        return frozenset(found)



def noun_key(form: str, concept: Concept) -> str:
    """What to search for: a predicate by its stem (리용하다 -> 리용), a noun as is."""
    if form.endswith("다") and (concept.is_predicate or " " in form):
        stem = form[:-1]
        return stem[:-1] if stem.endswith("하") and len(stem) > 1 else stem
    return form


def despace(text: str) -> str:
    return "".join(text.split())


def needs_lemmas(concept: Concept, view: EntryView, flat: str) -> bool:
    """Is the analyzer's reading of the verbs needed to know whether ``concept`` is followed?
    (A predicate none of whose stems stands in the text: 따라하다 may be 따라한다 or 따라했다.)"""
    return concept.is_predicate and not any(despace(noun_key(form, concept)) in flat for form in concept.allowed) \
        and has_hangul(view.visible)


# -- characters and directives: rules that need no glossary --------------------------------------

def _targets(view: EntryView) -> list[str]:
    return [view.entry.msgstr] if view.entry.msgid_plural is None else view.entry.msgstr_plural


def _format(view: EntryView, flag: str) -> list[Fields]:
    # Most entries have no flag; a document's prose is guessed-format-flag's.
    if not view.entry.flags or from_documents(view.entry):
        return []
    return [(problem.english, problem.english or "none", problem.translation, problem.reason)
            for problem in format_problems(view.entry, view.often) if problem.flag == flag]


@rule("python-format", ERROR, "a %-directive that msgfmt -c rejects", ("flags",), "characters")
def python_format(view: EntryView) -> Iterator[Fields]:
    """In an entry flagged ``python-format``, the translation's ``%s`` and ``%(name)s`` directives
    must match the English ones, as ``msgfmt --check`` requires: keep them as they are."""
    return _format(view, "python-format")


@rule("python-brace-format", ERROR, "a {}-directive that msgfmt -c rejects", ("flags",), "characters")
def python_brace_format(view: EntryView) -> Iterator[Fields]:
    """In an entry flagged ``python-brace-format``, the ``{name}`` fields must match the English."""
    return _format(view, "python-brace-format")


@rule("c-format", ERROR, "a printf directive that msgfmt -c rejects", ("flags",), "characters")
def c_format(view: EntryView) -> Iterator[Fields]:
    """In an entry flagged ``c-format``, the ``%d`` and ``%1$s`` directives must match the English."""
    return _format(view, "c-format")


@rule("guessed-format-flag", WARNING, "a format flag guessed on a document's prose, which msgfmt -c rejects",
      ("flags",), "characters")
def guessed_format_flag(view: EntryView) -> Iterator[Fields]:
    """A message from a document (its references name .rst, .md or .txt files, or a docstring) is
    never formatted, yet it may be flagged ``python-format``: Babel guesses the flag from a ``%``
    in the prose (``30% faster`` reads as the directive ``% f``), and ``sphinx-intl update`` adds
    it. The translation is right, but ``msgfmt --check`` and Poedit reject it. Remove the flag:
    ``dalbit update`` takes the flags of Sphinx's templates, which have none. (The format rules
    above skip these messages.)"""
    if not view.entry.flags or not from_documents(view.entry):
        return []
    return [(problem.english, f"no {problem.flag} flag", problem.translation,
             f"{problem.flag} is a guess on prose that Sphinx never formats; msgfmt -c rejects the "
             f"translation, {problem.reason}; remove the flag, as dalbit update does")
            for problem in format_problems(view.entry, view.often)]


#: Characters that reorder what a reader sees (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Characters that take no room: a word that looks the same but is not.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
#: C0 controls but the newline and the tab: NUL ends a C string, ESC drives a terminal.
CONTROLS = frozenset(chr(code) for code in range(32)) - {"\n", "\t"}


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"


_HIDDEN = re.compile("[" + re.escape("".join(sorted(BIDI_CONTROLS | ZERO_WIDTH | CONTROLS))) + "]")


def _hidden(view: EntryView, name: str, chars: frozenset[str], why: str) -> Iterator[Fields]:
    for target in _targets(view):
        if (target.isascii() and target.isprintable()) or not _HIDDEN.search(target):
            continue
        for ch in dict.fromkeys(c for c in target if c in chars):
            code = f"U+{ord(ch):04X}"
            yield (code, "no such character", _char_name(ch),
                   f"{why}; at offset {target.index(ch)}: delete it, or waive it with "
                   f"'# dalbit-waive: {name} {code}: why it is needed'")


@rule("bidi-control", ERROR, "a character that reverses the direction of the text", ("characters",),
      "characters")
def bidi_control(view: EntryView) -> Iterator[Fields]:
    """A bidirectional control character reorders what a reader sees (Trojan Source): delete it."""
    return _hidden(view, "bidi-control", BIDI_CONTROLS, "it reorders the text a reader sees")


@rule("zero-width", ERROR, "an invisible character that takes no room", ("characters",), "characters")
def zero_width(view: EntryView) -> Iterator[Fields]:
    """A zero-width character makes a word look the same as another but not be it: delete it."""
    return _hidden(view, "zero-width", ZERO_WIDTH, "it takes no room, so the text is not what it looks like")


@rule("control-character", ERROR, "another invisible character that controls the text", ("characters",),
      "characters")
def control_character(view: EntryView) -> Iterator[Fields]:
    """A control character (NUL, ESC, ...) is invisible and can cut the text or drive a terminal."""
    return _hidden(view, "control-character", CONTROLS,
                   "it is invisible, and can cut the text (NUL) or drive a terminal (ESC)")


_JAMO_RUN = re.compile("[\uac00-\ud7a3]?[\u1100-\u11ff]+")


@rule("unicode", WARNING, "text not stored in composed (NFC) form", ("characters",), "characters")
def unicode_nfc(view: EntryView) -> Iterator[Fields]:
    """The translation is not in NFC, the composed form Poedit and most editors save. The finding
    names what NFC would change: decomposed (NFD) Hangul, or a character NFC replaces (U+212A
    KELVIN SIGN by K). A character the English has too is kept: a text about it must show it."""
    for target in _targets(view):
        if target.isascii() or unicodedata.is_normalized("NFC", target):
            continue
        found = _not_nfc(target, view.entry.msgid)
        if found is not None:
            yield ("NFC", "NFC (composed) text", found,
                   "save the text in NFC, as Poedit and most editors do; the other rules read it as NFC")


def _not_nfc(text: str, english: str) -> str | None:
    """What NFC would change in a text, named; None when it only keeps what the English has."""
    parts = []
    jamo = [run for run in _JAMO_RUN.findall(text) if unicodedata.normalize("NFC", run) != run]
    if jamo and not all(run in english for run in jamo):
        parts.append("decomposed (NFD) Hangul")
    outside = _JAMO_RUN.sub("", text)  # what NFC changes apart from Hangul
    replaced = [ch for ch in dict.fromkeys(outside) if unicodedata.normalize("NFC", ch) != ch
                and ch not in english]
    if replaced:
        parts.append(", ".join(f"{_char_name(ch)}, which NFC replaces with "
                               f"{' '.join(map(_char_name, unicodedata.normalize('NFC', ch)))}"
                               for ch in replaced[:3]))
    elif not parts and not unicodedata.is_normalized("NFC", outside) and \
            unicodedata.is_normalized("NFC", english):
        parts.append("decomposed letters and combining marks")
    return "; ".join(parts) or None


# -- markup --------------------------------------------------------------------------------------

@rule("markup", ERROR, "markup missing from the translation, or not in the English", ("markup",))
def markup(view: EntryView) -> Iterator[Fields]:
    """Every role, reference (``name_`` too), literal and substitution of the English must be in
    the translation, and no other: copy the markup as it is and translate only its label. A code
    role (``:func:``, ``:class:``) must name the same object, with or without ``~``. A literal may be
    said more or fewer times than in the English, its English words translated around the code
    it holds (``'r' 또는 'r:*'``), and added where the translation glosses a word as code; a link
    may point to the page in the reader's language (docs.python.org/ko/3/). Footnotes, targets
    and anonymous references must be as many. Where the markup differs on purpose, end the
    translation with ``#noqa``, as Sphinx takes it: Sphinx drops the mark, and then neither it
    nor this rule warns about the references."""
    if view.noqa or not view.source_markup and not view.target_markup:
        return
    missing, extra = markup_difference(view.source_markup, view.target_markup, view.entry.msgid)
    on_purpose = "; if the difference is on purpose, end the translation with #noqa"
    for kind in dict.fromkeys(m.kind for m in (*missing, *extra)):
        gone = [m.label for m in missing if m.kind == kind]
        added = [m.label for m in extra if m.kind == kind]
        for old, new in zip(gone, added):  # one piece changed (a typo in a link's target): one finding
            yield old, old, new, "this markup differs from the English: copy it as it is" + on_purpose
        for old in gone[len(added):]:
            yield old, old, "nothing", "copy this markup into the translation" + on_purpose
        for new in added[len(gone):]:
            yield new, "nothing", new, "this markup is not in the English: remove it" + on_purpose


@rule("inconsistent-references", ERROR, "references Sphinx warns about: written otherwise or in another order",
      ("markup",))
def inconsistent_references(view: EntryView) -> Iterator[Fields]:
    """Sphinx holds some references of a translation to the English as they are written and in
    their order: named references (```Python`_``, ``name_``), footnote references (``[#]_``,
    ``[1]_``) and citations; and, in any order, what roles such as ``:func:`` or ``:term:`` link
    to. Written otherwise (```파이썬 <Python_>`_`` for ```Python`_``), said more or fewer times
    (one ``:func:`len``` for two), or in another order, they make Sphinx warn "inconsistent references", and
    ``dalbit build``, which takes warnings as errors, fails, though the link still works. To keep
    the translation, end it with ``#noqa``, which tells Sphinx (and this rule) that the difference
    is on purpose; or write the references as the English does. A reference missing or added is
    the markup rule's finding."""
    if view.noqa or [m.source for m in view.source_markup] == [m.source for m in view.target_markup]:
        return  # the markup written as in the English: nothing for Sphinx to warn about
    english, translation = sphinx_compared(view.source_markup), sphinx_compared(view.target_markup)
    if english == translation:
        return
    missing, extra = markup_difference(view.source_markup, view.target_markup, view.entry.msgid)
    if any(m.kind in ("reference", "footnote", "citation", "role", "code") for m in (*missing, *extra)):
        return
    for said, written in zip(english, translation):
        if said != written:
            yield (" ".join(said) or "none", " ".join(said) or "none", " ".join(written) or "none",
                   "Sphinx warns (inconsistent references) and dalbit build fails; the link works: to keep "
                   "the translation, end it with #noqa")


@rule("glued-markup", ERROR, "a letter glued to markup, which docutils then does not recognise", ("markup",))
def glued(view: EntryView) -> Iterator[Fields]:
    """Markup glued to a letter (``:doc:`x`를``) is shown as plain text: write a backslash and a
    space between the markup and the particle. Markup glued the same way in the English (code
    copied verbatim, ``(4|6)(Address|Net``) is what the author wrote, not a finding."""
    text, english = view.msgstr, view.entry.msgid
    for item in glued_markup(text, view.target_markup):
        if text[max(0, item.start - 1):item.end + 1] in english:
            continue
        yield (item.label, "a space or `\\ ` between markup and Hangul", text[max(0, item.start - 2):item.end + 3],
               "docutils drops markup glued to letters: write `\\ ` before the particle")


# -- the glossary --------------------------------------------------------------------------------

def _avoiding(view: EntryView, hit: Hit) -> list[Concept]:
    """The concepts that avoid the hit's form in this entry (not where the English names a sense
    they exclude): forbidden and its kin report it for them; where there are none, spelling may."""
    return [concept for concept in hit.form.forbidden_in if concept.id not in view.excluded]


def _avoided(view: EntryView, level: str) -> Iterator[Fields]:
    """The hits of forms a concept lists at ``level`` (forbidden, warn, prefer)."""
    for hit in view.hits:
        for concept in _avoiding(view, hit):
            if any(noun_key(form, concept) == hit.form.form for form in concept.forms_at(level)):
                yield concept.headword, concept.preferred, hit.form.form, f"concept {concept.id}"


@rule("forbidden", ERROR, "a word the glossary forbids, even with a particle attached", ("korean",),
      needs_glossary=True)
def forbidden(view: EntryView) -> Iterator[Fields]:
    """A forbidden form (휴대폰 for 손전화: a reader is put at risk or does not understand it) as a
    word of its own, with or without a particle, but not inside an unrelated word (이어폰). Not in
    an entry whose English names a sense the concept excludes (``not_senses``). Use the preferred
    form the finding shows."""
    return _avoided(view, "forbidden")


@rule("south-korean-form", WARNING, "a word the glossary marks as South Korean (its warn list)", ("korean",),
      needs_glossary=True)
def south_korean_form(view: EntryView) -> Iterator[Fields]:
    """A form the glossary lists under ``warn`` (스마트폰, 남조선): understood, but it marks the
    text as South Korean. Use the preferred form the finding shows, as for ``forbidden``."""
    return _avoided(view, "warn")


@rule("better-form", WARNING, "a word for which the glossary has a better one (its prefer_over list)",
      ("korean",), needs_glossary=True)
def better_form(view: EntryView) -> Iterator[Fields]:
    """A form the glossary lists under ``prefer_over`` (파일 beside 화일, 단둥 beside 단동): fine,
    but the book uses the preferred form the finding shows."""
    return _avoided(view, "prefer")


@rule("spelling", WARNING, "South Korean spelling where 조선말규범집 writes otherwise", ("korean",),
      needs_glossary=True)
def spelling(view: EntryView) -> Iterator[Fields]:
    """A word of the spelling list in its South Korean form (여성, 노동): write the North Korean
    form (녀성, 로동) the finding shows, with the rule of 조선말규범집 it follows. A stem with its
    ending (되어, 되었) is found inside any word too (추가되어야: 추가되여야). Not a word a
    glossary concept lists as avoided (파일, 프로그램): forbidden, south-korean-form or
    better-form reports it once, at the concept's level; but where the English names a sense the
    concept excludes (to program), the spelling is still wrong, and this rule reports it."""
    for hit in view.hits:
        if hit.form.spelling is not None and not _avoiding(view, hit):
            word = hit.form.spelling
            yield hit.form.form, word.north, hit.form.form, f"조선말규범집: {word.rule}"


def particle_disagreement(word: str, tail: str, shown: str | None = None) -> Fields | None:
    """The finding when ``tail`` starts with a particle that does not agree with ``word``."""
    particle = particle_of(tail)
    right = agreeing_particle(word, particle) if particle else None
    if right is None or right == particle:
        return None
    return shown or word, word + right, word + particle, f"{word[-1]} takes {right}"


@rule("particle", WARNING, "a particle that does not agree with the glossary word before it",
      ("korean", "markup"), needs_glossary=True)
def particle(view: EntryView) -> Iterator[Fields]:
    """After a glossary noun, 을/를, 이/가, 은/는, 과/와 and 으로/로 follow its last syllable
    (손전화를, 콤퓨터를, 망으로), also after inline markup (``:term:`손전화 <...>`\\ 를``)."""
    for hit in view.hits:
        # Not inside a markup label: the visible text there is not where it stands in the file.
        if hit.tail and hit.form.noun and view.visible[hit.start:hit.end] == view.msgstr[hit.start:hit.end]:
            found = particle_disagreement(hit.form.form, hit.tail)
            if found is not None:
                yield found
    for item in view.target_markup:
        if item.display and view.msgstr.startswith("\\ ", item.end):
            found = particle_disagreement(item.display.strip(), hangul_run(view.msgstr, item.end + 2),
                                          shown=item.label)
            if found is not None:
                yield found


def _as_fixed(view: EntryView) -> str:
    """The visible text with each avoided or misspelt word as the finding on it says to write it
    (응용 프로그램 -> 응용 프로그람): a term written with such a word is not missing as well,
    one mistake, one finding."""
    text = view.visible
    for hit in reversed(view.hits):  # as forbidden (and its kin) and spelling report them
        avoiding = _avoiding(view, hit)
        fix = noun_key(avoiding[0].preferred, avoiding[0]) if avoiding else \
            hit.form.spelling.north if hit.form.spelling else None
        if fix:
            text = text[:hit.start] + fix + text[hit.end:]
    return text


@rule("term-missing", WARNING, "a glossary term of the English with none of its Korean forms",
      ("terms",), needs_glossary=True)
def term_missing(view: EntryView) -> Iterator[Fields]:
    """Each glossary term of the English (outside literals and labels) is translated with its
    preferred or an acceptable form; verbs in any ending (리용하였다). Not for concepts marked
    ``required = false``, nor where the English names a sense the concept excludes
    (``not_senses``, e.g. "escape sequence" for the concept escape), nor where the translation
    has no Hangul (code or a name kept as the English wrote it). A term written with a word that
    another rule reports (응용 프로그램 for 응용프로그람) is that rule's finding only."""
    if not has_hangul(view.visible):
        return
    rendering = view.rendering or {}
    flat = None
    for concept in view.concepts:
        if concept.id in rendering or not concept.required:
            continue
        flat = despace(_as_fixed(view)) if flat is None else flat
        if any(despace(noun_key(form, concept)) in flat for form in concept.allowed):
            continue
        if needs_lemmas(concept, view, flat) and view.lemmas(view.visible) & set(concept.allowed):
            continue
        yield concept.headword, " or ".join(concept.allowed), "none of its forms", f"concept {concept.id}"


# -- across catalogs -----------------------------------------------------------------------------

#: (path, line) of an entry.
Place = tuple[str, int]


@rule("translation-consistency", WARNING, "the same English text translated differently elsewhere",
      scope="catalogs")
def translation_consistency(translations: dict[tuple, list[tuple[str, str, int]]]) -> Iterator[tuple]:
    """One English text (with its context), one translation. Translations that differ only in
    spacing or punctuation are the same. A short text (fewer than four words: a heading, a table
    header, an index entry) is not compared, since the same words name different things on
    different pages (a catalog holds each text once). An English text translated more than one way is reported
    once, at the first translation other than the most common one: the words where the two
    differ, and each way's count and first place (the mistake may be at either place).
    Where two places really need different words, waive the finding on that entry."""
    for (_, msgid), places in translations.items():
        if len(msgid.split()) < _SHORT_TEXT_WORDS:
            continue
        compared = [_comparable(text) for text, _, _ in places]
        ways = Counter(compared)
        if len(ways) < 2:
            continue
        first: dict[str, tuple[str, str, int]] = {}  # each way as first written, and where
        for way, place in zip(compared, places):
            first.setdefault(way, place)
        common = ways.most_common(1)[0][0]
        here, (text, path, line) = next((way, place) for way, place in zip(compared, places) if way != common)
        summary = ", ".join(f"×{count} " + ("as here" if way == here else f"as at {first[way][1]}:{first[way][2]}")
                            for way, count in ways.most_common())
        yield (path, line), (_short(msgid), *_differing_words(first[common][0], text),
                             f"same English translated {len(ways)} ways: {summary}")


def _differing_words(expected: str, found: str) -> tuple[str, str]:
    """Where two translations first differ: the words of each, with a word either side."""
    a, b = expected.split(), found.split()
    _, i1, i2, j1, j2 = next(op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
                             if op[0] != "equal")

    def excerpt(words: list[str], start: int, end: int) -> str:
        left, right = max(0, start - 1), min(len(words), end + 1)
        return ("…" if left else "") + " ".join(words[left:right]) + ("…" if right < len(words) else "")

    return excerpt(a, i1, i2), excerpt(b, j1, j2)


_SHORT_TEXT_WORDS = 4


def _comparable(text: str) -> str:
    """A translation as a reader compares it: its letters and digits (not spacing, not punctuation)."""
    return "".join(character for character in text if character.isalnum())


@dataclass
class Renderings:
    """How one concept was rendered in some catalogs."""

    counts: Counter  # Korean form -> entries
    files: set[str]  # catalogs with a use
    first: dict[str, Place]  # Korean form -> where it is first used, in the catalogs' order


@rule("term-consistency", WARNING, "one concept rendered with an avoided form beside allowed ones",
      scope="catalogs", needs_glossary=True)
def term_consistency(concepts: dict[str, Concept], usage: dict[str, Renderings]) -> Iterator[tuple]:
    """Mixing allowed forms of one concept is shown to reviewers (the renderings), not a finding;
    an avoided form (forbidden, warn or prefer_over) among them is, at the first use of an
    avoided form."""
    for concept_id, rendered in usage.items():
        concept, counts = concepts[concept_id], rendered.counts
        if len(counts) > 1 and any(form not in concept.allowed for form in counts):
            summary = ", ".join(f"{form} ×{n}" for form, n in counts.most_common())
            place = next(where for form, where in rendered.first.items() if form not in concept.allowed)
            yield place, (concept.headword, concept.preferred, summary, f"in {len(rendered.files)} files")


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- spacing (띄여쓰기) -----------------------------------------------------------------------------

def _spacing_check(find: Callable, article: str) -> Callable:
    def check(view: EntryView) -> Iterator[Fields]:
        for hit in find(view.msgstr):
            yield hit.found, hit.fix, hit.found, f"조선말규범집 띄여쓰기규정 {article}"
    return check


def _register_spacing() -> None:
    """The North Korean spacing rules (dalbit.spacing), each under its own name, for ko-KP."""
    from dalbit import spacing

    for spacing_rule in spacing.RULES:
        doc = inspect.cleandoc(spacing_rule.find.__doc__ or "")
        RULES[spacing_rule.name] = Rule(spacing_rule.name, spacing_rule.severity, spacing_rule.summary, doc,
                                        _spacing_check(spacing_rule.find, spacing_rule.article),
                                        looks_at=("hangul",), languages=("ko-KP",))


_register_spacing()
