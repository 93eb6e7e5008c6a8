"""The glossary and markup checker: ``dalbit check``.

Each rule is a small function over one entry (or, for consistency, over all
entries); candidates are found with Aho-Corasick automata built once from
the glossary, and the Korean analyzer is asked only when a hit is ambiguous.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import re
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from dalbit.errors import InputError
from dalbit.formats import format_problems
from dalbit.glossary import Concept, Glossary, SpellingWord
from dalbit.kiwi import Question, can_fork
from dalbit.korean import (
    Analyzer, agreeing_particle, hangul_run, is_hangul, is_plain_tail, particle_of, word_bounds,
)
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import read_catalog, read_or_error
from dalbit.po.validate import catalog_plural_forms
from dalbit.rstmarkup import Markup, find_markup, glued_markup, markup_difference, strip_markup

WAIVER = re.compile(r"dalbit-waive:\s*(?P<rule>[\w-]+)\s+(?P<term>[^:]+?)\s*:\s*(?P<reason>.+)")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    term: str
    expected: str
    found: str
    message: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.rule}: {self.term}: expected {self.expected}, found {self.found}"
        return text + (f" ({self.message})" if self.message else "")


@dataclass(frozen=True)
class Waiver:
    path: str
    line: int
    rule: str
    term: str
    reason: str
    used: bool = False


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    files: int = 0
    entries: int = 0
    checked: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    renderings: dict[str, Counter] = field(default_factory=dict)  # concept id -> form counts
    analyzer_calls: int = 0
    broken: list[InputError] = field(default_factory=list)  # catalogs that could not be read


@dataclass(frozen=True)
class KoreanForm:
    """One string the Korean automaton finds, and what it means (a form may mean several things)."""

    form: str
    forbidden_in: tuple[Concept, ...]  # concepts that forbid it
    spelling: SpellingWord | None  # the North Korean spelling, when the list has this word
    renders: tuple[tuple[str, str], ...]  # (concept id, glossary form) of the concepts it renders
    noun: bool  # a whole noun form, so a particle after it must agree (not a predicate stem)


#: A finding's fields after its place: (rule, term, expected, found, message).
FindingFields = tuple[str, str, str, str, str]
#: A Korean hit: (start, end, form, tail); tail is the rest of the word (를, 에서도).
KoreanHit = tuple[int, int, KoreanForm, str]


@dataclass(frozen=True, slots=True, eq=False)
class Verdict:
    """What the Korean rules say of some hits, whichever entry they stand in.

    A word says the same everywhere, so its verdict is worked out once a run
    and entries only place it (a catalog repeats its words). Compared by
    identity: ``None in verdicts`` runs for every entry, and a generated
    __eq__ would be called once a verdict there.
    """

    hits: tuple[KoreanHit, ...]  # offsets within the word (or text) judged
    findings: tuple[FindingFields, ...]  # forbidden and spelling, in the order of the hits
    particles: tuple[tuple[int, int, FindingFields], ...]  # (start, end, fields) of a noun whose particle disagrees
    renders: tuple[tuple[str, int, str], ...]  # (concept id, length of the key, glossary form), longest first found


def judge(hits: Iterable[KoreanHit]) -> Verdict:
    """The forbidden, spelling and particle rules, and the renderings, over some hits."""
    hits = tuple(hits)
    findings: list[FindingFields] = []
    particles = []
    renders: dict[str, tuple[int, str]] = {}
    for start, end, form, tail in hits:
        key = form.form
        for concept in form.forbidden_in:
            findings.append(("forbidden", concept.headword, concept.preferred, key, f"concept {concept.id}"))
        if form.spelling is not None:
            findings.append(("spelling", key, form.spelling.north, key, f"조선말규범집: {form.spelling.rule}"))
        for concept_id, shown in form.renders:
            if len(key) > renders.get(concept_id, (0, ""))[0]:
                renders[concept_id] = (len(key), shown)
        # A particle right after a glossary noun (not a verb stem).
        if tail and form.noun:
            fields = particle_disagreement(key, tail)
            if fields is not None:
                particles.append((start, end, fields))
    return Verdict(hits, tuple(findings), tuple(particles),
                   tuple((concept_id, length, shown) for concept_id, (length, shown) in renders.items()))


def particle_disagreement(word: str, tail: str, shown: str | None = None) -> FindingFields | None:
    """The particle finding when ``tail`` starts with a particle that does not agree with ``word``."""
    particle = particle_of(tail)
    if particle is None:
        return None
    right = agreeing_particle(word, particle)
    if right is None or right == particle:
        return None
    return ("particle", shown or word, word + right, word + particle, f"{word[-1]} takes {right}")


class Matcher:
    """Automata over the glossary, built once and shared by every entry."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.english = ahocorasick.Automaton()
        for concept in glossary.concepts:
            for form in concept.en:
                self.english.add_word(form.lower(), (len(form), concept))
        self.english.make_automaton()
        # Everything a Korean string can mean, gathered before the automaton is built.
        # A predicate is searched by its stem (따라하다 -> 따라), so several glossary forms
        # may share one key; the key renders the form it came from, the noun form first.
        meanings: dict[str, list[tuple[str, object, str]]] = defaultdict(list)
        for concept in glossary.concepts:
            for form in concept.allowed:
                meanings[_noun_key(form, concept)].append(("allowed", concept, form))
            for form in concept.avoided:  # every level; Concept.level_of(form) tells which
                meanings[_noun_key(form, concept)].append(("forbidden", concept, form))
        for word in glossary.spelling:
            meanings[word.south].append(("spelling", word, word.south))
        # Most keys are one Hangul word: they are found word by word, each distinct word
        # once (a catalog repeats its words), and only keys with a space or a Latin
        # letter (SD카드, 조작 체계) are searched in the whole text.
        self.korean = ahocorasick.Automaton()  # every key
        self.korean_word = ahocorasick.Automaton()  # keys that are one Hangul word
        self.korean_spanning = ahocorasick.Automaton()  # the others
        for key, kinds in meanings.items():
            renders: dict[str, str] = {}
            for kind, what, form in sorted(kinds, key=lambda k: k[2] != key):
                if kind != "spelling":
                    renders.setdefault(what.id, form)
            value = (len(key), KoreanForm(
                form=key,
                forbidden_in=tuple(dict.fromkeys(what for kind, what, _ in kinds if kind == "forbidden")),
                spelling=next((what for kind, what, _ in kinds if kind == "spelling"), None),
                renders=tuple(renders.items()),
                noun=bool(renders) and all(kind != "spelling" and form == key for kind, _, form in kinds)))
            self.korean.add_word(key, value)
            (self.korean_word if _HANGUL_WORD.fullmatch(key) else self.korean_spanning).add_word(key, value)
        for automaton in (self.korean, self.korean_word, self.korean_spanning):
            automaton.make_automaton()
        self._verdicts: dict[str, Verdict | tuple] = {}  # Hangul word -> its verdict, () for no hit
        # Hangul word -> (its verdict on a guess, the guesses made): while the analyzer's
        # answers are awaited, a word met again is not looked at again (forget_guesses).
        self._guessed_verdicts: dict[str, tuple[Verdict | tuple, list]] = {}
        user_words = {}
        for concept in glossary.concepts:
            # Only allowed forms: a short forbidden form (폰) as a user word would
            # make Kiwi cut unrelated words (이어폰) around it.
            for form in concept.allowed:
                if not concept.is_predicate and " " not in form and len(form) > 1:
                    user_words[form] = "NNP" if concept.pos == "proper-noun" else "NNG"
        self.analyzer = Analyzer(user_words)

    def english_terms(self, text: str) -> list[tuple[int, int, Concept]]:
        """Glossary terms in English text: whole words, longest match wins."""
        if self.english.kind != ahocorasick.AHOCORASICK:  # no glossary
            return []
        lowered = text.lower()
        size = len(lowered)
        hits = []
        for last, (length, concept) in self.english.iter(lowered):
            start = last - length + 1
            if (start and lowered[start - 1].isalnum()) or (last + 1 < size and lowered[last + 1].isalnum()):
                continue
            hits.append((start, last + 1, concept))
        if len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        kept: list[tuple[int, int, Concept]] = []
        for hit in hits:
            if kept and hit[0] < kept[-1][1]:
                continue
            kept.append(hit)
        return kept

    def korean_hits(self, text: str) -> list[KoreanHit]:
        """Korean glossary and spelling forms standing as words (not inside a longer word).

        Each hit is (start, end, form, tail): tail is the rest of the word,
        the particles and endings glued to the form.
        """
        return [(at + start, at + end, form, tail) for at, verdict in self.korean_verdicts(text, placed=True)
                for start, end, form, tail in verdict.hits]

    def korean_verdicts(self, text: str, placed: bool = False) -> list[tuple[int, Verdict]]:
        """The verdicts on the parts of ``text`` with hits, in order, each with the offset of
        its part in ``text`` (-1 unless ``placed``: finding a word's place costs time)."""
        if self.korean_spanning.kind == ahocorasick.AHOCORASICK and \
                next(self.korean_spanning.iter(text), None) is not None:
            hits = self._hits_in(text, self.korean)
            return [(0, judge(hits))] if hits else []
        known = self._verdicts
        words = _HANGUL_WORD.findall(text)
        per_word = list(map(known.get, words))
        if None in per_word:
            guesses = self.analyzer.guesses
            for index, word in enumerate(words):
                if per_word[index] is None:
                    guessed = self._guessed_verdicts.get(word)
                    if guessed is not None:
                        per_word[index] = guessed[0]
                        guesses += guessed[1]
                        continue
                    before = len(guesses)
                    hits = self._hits_in(word, self.korean_word)
                    per_word[index] = verdict = judge(hits) if hits else ()
                    if len(guesses) == before:
                        known[word] = verdict
                    else:  # a guess is not a decision to keep
                        self._guessed_verdicts[word] = (verdict, guesses[before:])
        if not placed:
            return [(-1, verdict) for verdict in per_word if verdict]
        found = []
        at = 0
        for index in [index for index, verdict in enumerate(per_word) if verdict]:
            # Where this word stands: its first occurrence after the last hit that is a whole
            # Hangul run (the words in between have no hits, so none of them is this word).
            word = words[index]
            at = text.find(word, at)
            while (at and "가" <= text[at - 1] <= "힣") or \
                    "가" <= text[at + len(word):at + len(word) + 1] <= "힣":
                at = text.find(word, at + 1)
            found.append((at, per_word[index]))
            at += len(word)
        return found

    def forget_guesses(self) -> None:
        """The analyzer has answered: words decided on a guess are looked at anew."""
        self._guessed_verdicts.clear()

    def _hits_in(self, text: str, automaton) -> list[KoreanHit]:
        if automaton.kind != ahocorasick.AHOCORASICK:  # no keys of this sort
            return []
        found = [(last + 1 - length, last + 1, form) for last, (length, form) in automaton.iter(text)]
        if len(found) > 1:
            # A form inside a longer glossary form is that longer word, not a word of its own
            # (조선 in 조선민주주의인민공화국): drop it before anything costly looks at it.
            found.sort(key=lambda hit: (hit[0], -hit[1]))
            kept, reach = [], -1
            for hit in found:
                if hit[1] > reach:
                    kept.append(hit)
                    reach = hit[1]
            found = kept
        hits = []
        read_until = -1  # the end of a word read as one form and its particles
        for start, end, form in found:
            if start < read_until:
                # Inside a word already read as a form and its particles (중국가: 중국+가),
                # nothing else is a word of its own: not 국가, which Kiwi would make of it.
                continue
            tail = hangul_run(text, end)
            if (start == 0 or not "가" <= text[start - 1] <= "힣") and is_plain_tail(tail):
                hits.append((start, end, form, tail))
                read_until = end + len(tail)
            elif self._analyzer_says_word(text, start, end):
                hits.append((start, end, form, tail))
        return hits

    def _analyzer_says_word(self, text: str, start: int, end: int) -> bool:
        left, right = word_bounds(text, start, end)
        return self.analyzer.is_word_in(text[left:right], start - left, end - left)


_HANGUL_WORD = re.compile("[가-힣]+")


def _noun_key(form: str, concept: Concept) -> str:
    """What to search for: a predicate by its stem (리용하다 -> 리용하), a noun as is."""
    if form.endswith("다") and (concept.is_predicate or " " in form):
        stem = form[:-1]
        return stem[:-1] if stem.endswith("하") and len(stem) > 1 else stem
    return form


def _despace(text: str) -> str:
    return "".join(text.split())


def concept_spans(matcher: Matcher, text: str, concept: Concept) -> list[tuple[int, int, str]]:
    """Where the checker sees ``concept`` in Korean ``text`` (the prose, as strip_markup leaves
    it): (start, end, glossary form), in order, for the review page to highlight.

    These are the forms the term and forbidden rules find (an allowed or forbidden form standing
    as a word, with its particles and endings) and, where none renders a required concept, an
    allowed form written with other spacing (외국 매체 for 외국매체), which term-missing accepts.
    Where term-missing accepts a predicate because the analyzer reads its dictionary form in
    the text (떠난 for 떠나다), the words that begin with its stem, contracted or not, are shown.
    """
    spans = [(start, end, dict(form.renders)[concept.id]) for start, end, form, _ in matcher.korean_hits(text)
             if any(concept_id == concept.id for concept_id, _ in form.renders)]  # allowed and forbidden
    if concept.required and not spans:
        for form in concept.allowed:
            letters = _despace(_noun_key(form, concept))
            pattern = r"\s*".join(map(re.escape, letters))
            spans += [(m.start(), m.end(), form) for m in re.finditer(pattern, text)]
    if concept.required and not spans and concept.is_predicate and any(is_hangul(ch) for ch in text):
        for lemma in sorted(matcher.analyzer.lemmas(text) & set(concept.allowed)):
            stem = lemma[:-1]
            spans += [(m.start(), m.end(), lemma) for m in _HANGUL_WORD.finditer(text)
                      if _begins_with_stem(m.group(), stem)]
    return sorted(spans)


def _begins_with_stem(word: str, stem: str) -> bool:
    """Does a word begin with a predicate's stem, maybe with an ending's consonant merged into
    its last syllable (지우 in 지운다, 떠나 in 떠난)?"""
    if not stem or len(word) < len(stem) or word[:len(stem) - 1] != stem[:-1]:
        return False
    last, own = ord(word[len(stem) - 1]) - 0xAC00, ord(stem[-1]) - 0xAC00
    return last == own or (last // 28 == own // 28 and own % 28 == 0)


def parse_waivers(entry: Entry, path: str) -> list[Waiver]:
    waivers = []
    for comment in entry.translator_comments:
        m = WAIVER.search(comment)
        if m:
            waivers.append(Waiver(path, entry.line, m.group("rule"), m.group("term").strip(),
                                  m.group("reason").strip()))
    return waivers


#: What a language without a glossary is checked against: no terms, no spelling list. The
#: rules that need none still run (markup, format directives, hidden characters, NFC).
NO_GLOSSARY = Glossary("", "en", "", [])


class Checker:
    def __init__(self, glossary: Glossary | None) -> None:
        self.glossary = glossary or NO_GLOSSARY
        self.matcher = Matcher(self.glossary)
        self.uses_glossary = bool(self.glossary.concepts or self.glossary.spelling)
        self.plural_often: dict[str, tuple[bool, ...] | None] = {}  # path -> PluralForms.often

    # -- one entry --------------------------------------------------------------------------

    def check_entry(self, entry: Entry, path: str) -> list[Finding]:
        """Every rule that looks at one entry, the analyzer asked at once where needed."""
        return self._check_entry(entry, path)[0]

    def _check_entry(self, entry: Entry, path: str) -> tuple[list[Finding], list[tuple[str, str]]]:
        """(findings, uses): uses are (concept id, Korean form) pairs for the consistency rule."""
        findings = text_findings(entry, path, self.plural_often.get(path))
        msgstr = entry.msgstr
        if not msgstr.isascii() and not unicodedata.is_normalized("NFC", msgstr):
            msgstr = unicodedata.normalize("NFC", msgstr)  # text_findings said so; match what readers see
        source_markup = find_markup(entry.msgid)
        target_markup = find_markup(msgstr)
        if source_markup or target_markup:
            findings += self._markup(entry, path, msgstr, source_markup, target_markup)
        visible = strip_markup(msgstr, target_markup) if target_markup else msgstr
        rendering: dict[str, tuple[int, str]] = {}  # concept id -> (length of the key, form)
        line = entry.line
        placed = bool(target_markup)  # only then can a hit be in a markup label, not plain text
        for at, verdict in self.matcher.korean_verdicts(visible, placed):
            if verdict.findings:
                findings += [Finding(path, line, *fields) for fields in verdict.findings]
            for start, end, fields in verdict.particles:
                if not placed or visible[at + start:at + end] == msgstr[at + start:at + end]:
                    findings.append(Finding(path, line, *fields))
            for concept_id, length, shown in verdict.renders:
                if length > rendering.get(concept_id, (0, ""))[0]:
                    rendering[concept_id] = (length, shown)
        # A particle after inline markup: `:term:`손전화 <mobile phone>`\ 를`.
        for item in target_markup:
            if item.display and msgstr.startswith("\\ ", item.end):
                fields = particle_disagreement(item.display.strip(), hangul_run(msgstr, item.end + 2),
                                               shown=item.label)
                if fields is not None:
                    findings.append(Finding(path, line, *fields))
        uses: list[tuple[str, str]] = []
        findings += self._terms(entry, path, source_markup, visible, rendering, uses)
        return findings, uses

    def _markup(self, entry: Entry, path: str, msgstr: str, source: list[Markup],
                target: list[Markup]) -> list[Finding]:
        findings = []
        missing, extra = markup_difference(source, target)
        for item in missing:
            findings.append(Finding(path, entry.line, "markup", item, item, "nothing",
                                    "copy this markup into the translation"))
        for item in extra:
            findings.append(Finding(path, entry.line, "markup", item, "nothing", item,
                                    "this markup is not in the English"))
        for item in glued_markup(msgstr, target):
            findings.append(Finding(path, entry.line, "glued-markup", item.label,
                                    "a space or `\\ ` between markup and Hangul",
                                    msgstr[max(0, item.start - 2):item.end + 3],
                                    "docutils drops markup glued to letters: write `\\ ` before the particle"))
        return findings

    def _terms(self, entry: Entry, path: str, source_markup: list[Markup], visible: str,
               rendering: dict[str, tuple[int, str]], uses: list[tuple[str, str]]) -> list[Finding]:
        english = strip_markup(entry.msgid, source_markup) if source_markup else entry.msgid
        terms = self.matcher.english_terms(english)
        if not terms:
            return []
        findings = []
        flat = None
        for concept in {c.id: c for _, _, c in terms}.values():
            if concept.id in rendering:
                uses.append((concept.id, rendering[concept.id][1]))
                continue  # an allowed form, or a forbidden one the forbidden rule reports
            if not concept.required:
                continue
            flat = _despace(visible) if flat is None else flat
            if self._follows(concept, flat, visible):
                continue
            findings.append(Finding(path, entry.line, "term-missing", concept.headword,
                                    " or ".join(concept.allowed), "none of its forms",
                                    f"concept {concept.id}"))
        return findings

    def _follows(self, concept: Concept, flat: str, visible: str) -> bool:
        for form in concept.allowed:
            if _despace(_noun_key(form, concept)) in flat:
                return True
        if concept.is_predicate and any(is_hangul(ch) for ch in visible):
            return bool(self.matcher.analyzer.lemmas(visible) & set(concept.allowed))
        return False

    # -- all catalogs -----------------------------------------------------------------------

    def check_catalogs(self, catalogs: list[Catalog | InputError]) -> Report:
        """Check catalogs read already; the errors of broken ones go into the report."""
        by_path = {catalog.path: catalog for catalog in catalogs if isinstance(catalog, Catalog)}
        return finish(self.glossary, [self.check_entries(catalogs)], [c.path for c in catalogs],
                      lambda places: _texts_in(places, by_path.__getitem__))

    def check_entries(self, catalogs: Iterable[Catalog | InputError], ask: Answerer | None = None) -> Part:
        """Every rule that looks at one entry, over catalogs.

        The analyzer reads about 57,000 tokens a second but takes about a
        second to load, so it is not asked entry by entry: an entry that meets
        a word never analyzed before is checked on a guess (the analyzer says
        no) and set aside with its guesses. Then every question is answered in
        one batch, here, or by ``ask``, which is asked even with no question
        (it gathers every process's questions, answers them together and
        remembers the answers), and only the entries whose guesses were wrong
        are checked again.
        """
        part = Part(Report())
        analyzer = self.matcher.analyzer
        # Entries checked on a guess, kept as checked (most guesses hold), and each guess
        # with the entries that made it: a wrong guess is found once, however many made it.
        waiting: list[tuple[str, Entry, list[Finding], list[tuple[str, str]]]] = []
        guessed_by: dict[tuple, list[int]] = defaultdict(list)
        analyzer.guessing = True
        try:
            for catalog in catalogs:
                if isinstance(catalog, InputError):  # a broken catalog: reported, the others still checked
                    part.report.broken.append(catalog)
                    continue
                part.report.files += 1
                forms = catalog_plural_forms(catalog)  # read_catalog has checked it: no error here
                self.plural_often[catalog.path] = forms.often if forms else None
                for entry in catalog.messages:
                    part.report.entries += 1
                    if entry.fuzzy:
                        part.report.fuzzy += 1
                        continue
                    if not entry.translated:
                        part.report.untranslated += 1
                        # A plural entry with some forms empty is still shown (msgfmt keeps it).
                        if entry.msgstr_plural and entry.msgstr_plural[0]:
                            part.report.findings += part._waived(
                                catalog.path, entry, text_findings(entry, catalog.path,
                                                                   self.plural_often[catalog.path]))
                        continue
                    part.report.checked += 1
                    analyzer.guesses = []
                    found, uses = self._check_entry(entry, catalog.path)
                    if analyzer.guesses:
                        for guess in analyzer.guesses:
                            guessed_by[guess].append(len(waiting))
                        waiting.append((catalog.path, entry, found, uses))
                    part.keep(catalog.path, entry, found, uses)
        finally:
            analyzer.guessing = False
            analyzer.guesses = []
        if ask is not None:
            analyzer.learn(ask(set(analyzer.pending)))
        elif analyzer.pending:
            analyzer.learn(analyzer.answer(set(analyzer.pending)))
        self.matcher.forget_guesses()
        wrong = sorted({n for guess, made in guessed_by.items() if not analyzer.guess_holds(guess) for n in made})
        part.replace([(waiting[n], self._check_entry(waiting[n][1], waiting[n][0])) for n in wrong])
        part.sum_up()
        part.report.analyzer_calls = analyzer.calls
        if ask is None:
            analyzer.save()
        return part


#: Answers the analyzer's questions in one batch (Analyzer.answer, maybe in another process).
Answerer = Callable[[set[Question]], dict[Question, list]]


@dataclass
class Renderings:
    """How one concept was rendered in some catalogs: what the consistency rule needs."""

    counts: Counter  # Korean form -> entries
    files: int  # catalogs with a use
    first: dict[str, tuple[str, int]]  # Korean form -> where it is first used (path, line)


@dataclass
class Part:
    """What checking some catalogs found, before the rules across all catalogs run."""

    report: Report
    # Every translated entry, for "one English text, one translation", as four columns of
    # numbers: a worker sends its part to the parent, and texts, or a tuple an entry, would
    # cost more to send than to check. hash() agrees between workers forked from one parent.
    msgid_hashes: array = field(default_factory=lambda: array("q"))  # hash((msgctxt, msgid))
    msgstr_hashes: array = field(default_factory=lambda: array("q"))
    file_numbers: array = field(default_factory=lambda: array("L"))  # index in files
    lines: array = field(default_factory=lambda: array("L"))
    files: list[str] = field(default_factory=list)
    usage: dict = field(default_factory=lambda: defaultdict(list))  # concept id -> (form, path, line)
    # The uses summed up by sum_up, once every entry is kept: the same in far less to send.
    renderings: dict[str, Renderings] = field(default_factory=dict)

    def sum_up(self) -> None:
        """Sum the uses up by concept (each catalog is read by one process only, so the
        counts of catalogs add up across parts) and forget them one by one."""
        for concept_id, uses in self.usage.items():
            forms = [form for form, _, _ in uses]
            counts = Counter(forms)  # uses are in order: the first of each form is its first use
            self.renderings[concept_id] = Renderings(
                counts, len({path for _, path, _ in uses}),
                {form: uses[forms.index(form)][1:] for form in counts})
        self.usage.clear()

    def keep(self, path: str, entry: Entry, found: list[Finding], uses: list[tuple[str, str]]) -> None:
        if not self.files or self.files[-1] != path:
            self.files.append(path)
        self.msgid_hashes.append(hash((entry.msgctxt, entry.msgid)))
        self.msgstr_hashes.append(hash(entry.msgstr))
        self.file_numbers.append(len(self.files) - 1)
        self.lines.append(entry.line)
        for concept_id, form in uses:
            self.usage[concept_id].append((form, path, entry.line))
        self.report.findings += self._waived(path, entry, found)

    def _waived(self, path: str, entry: Entry, found: list[Finding]) -> list[Finding]:
        if entry.translator_comments:
            return _apply_waivers(found, parse_waivers(entry, path), self.report)
        return found

    def replace(self, checked_again: list[tuple[tuple, tuple]]) -> None:
        """Entries kept on a wrong guess, each with what checking it again found instead:
        ((path, entry, findings, uses) as kept, (findings, uses) now)."""
        if not checked_again:
            return
        dropped = set()
        for (path, entry, found, uses), (found_now, uses_now) in checked_again:
            dropped.update(map(id, found))
            if entry.translator_comments:  # its waivers are listed again below
                dropped.update(id(w) for w in self.report.waivers if w.path == path and w.line == entry.line)
            for concept_id, form in uses:
                self.usage[concept_id].remove((form, path, entry.line))
        self.report.findings = [f for f in self.report.findings if id(f) not in dropped]
        self.report.waivers = [w for w in self.report.waivers if id(w) not in dropped]
        touched = set()
        for (path, entry, _, _), (found_now, uses_now) in checked_again:
            for concept_id, form in uses_now:
                self.usage[concept_id].append((form, path, entry.line))
                touched.add(concept_id)
            self.report.findings += self._waived(path, entry, found_now)
        # Uses stay in the order of the catalogs (this process reads them in that order).
        number = {path: n for n, path in enumerate(self.files)}
        for concept_id in touched:
            self.usage[concept_id].sort(key=lambda use: (number[use[1]], use[2]))


#: The (msgid, msgstr) at each (path, line): the texts behind the fingerprints, for a finding.
TextLookup = Callable[[set[tuple[str, int]]], dict[tuple[str, int], tuple[str, str]]]


def _texts_in(places: set[tuple[str, int]], catalog_at: Callable[[str], Catalog]) -> dict:
    texts = {}
    for path in sorted({path for path, _ in places}):
        for entry in catalog_at(path).messages:
            if (path, entry.line) in places:
                texts[(path, entry.line)] = (entry.msgid, entry.msgstr)
    return texts


def finish(glossary: Glossary, parts: list[Part], paths: list[str], texts: TextLookup) -> Report:
    """One report from parts, with the rules across catalogs, in an order that does not
    depend on how the catalogs were split among processes."""
    report = Report()
    order = {path: index for index, path in enumerate(paths)}

    def place(where: tuple[str, int]) -> tuple[int, int]:
        return order.get(where[0], 0), where[1]

    usage: dict[str, Renderings] = {}
    for part in parts:
        for name in ("files", "entries", "checked", "fuzzy", "untranslated", "analyzer_calls"):
            setattr(report, name, getattr(report, name) + getattr(part.report, name))
        report.findings += part.report.findings
        report.waivers += part.report.waivers
        report.broken += part.report.broken
        for key, rendered in part.renderings.items():
            if key not in usage:
                usage[key] = Renderings(Counter(), 0, {})
            total = usage[key]
            total.counts.update(rendered.counts)
            total.files += rendered.files
            for form, where in rendered.first.items():
                if form not in total.first or place(where) < place(total.first[form]):
                    total.first[form] = where
    for total in usage.values():  # forms in the order first used: ties in a count keep it
        total.first = dict(sorted(total.first.items(), key=lambda item: place(item[1])))
        total.counts = Counter({form: total.counts[form] for form in total.first})
    # Only English texts found more than once can be translated two ways.
    counts: Counter = Counter()
    for part in parts:
        counts.update(part.msgid_hashes)
    repeated = {key for key, count in counts.items() if count > 1}
    translations: dict = defaultdict(list)  # hash((msgctxt, msgid)) -> [(hash(msgstr), path, line)]
    for part in parts if repeated else ():
        for key, text, file, line in zip(part.msgid_hashes, part.msgstr_hashes, part.file_numbers, part.lines):
            if key in repeated:
                translations[key].append((text, part.files[file], line))
    # The processes took catalogs in turns: put each text's places in the catalogs' order.
    for places in translations.values():
        if len(places) > 1:
            places.sort(key=lambda where: (order.get(where[1], 0), where[2]))
    report.waivers.sort(key=lambda w: (order.get(w.path, 0), w.line))
    report.broken.sort(key=lambda error: (order.get(error.path, len(order)), error.line))
    report.findings += consistency(glossary, translations, usage, report, texts)
    return report


def consistency(glossary: Glossary, translations: dict, usage: dict[str, Renderings], report: Report,
                texts: TextLookup) -> list[Finding]:
    """Rules across catalogs: one English text, one translation; one concept, one allowed form."""
    findings = []
    differing = [(places[0], place) for places in translations.values() if len(places) > 1
                 for place in places[1:] if place[0] != places[0][0]]
    if differing:  # rare: only now are the texts looked up
        said = texts({(path, line) for pair in differing for _, path, line in pair})
        for (_, first_path, first_line), (_, path, line) in differing:
            msgid, first_text = said[(first_path, first_line)]
            text = said[(path, line)][1]
            findings.append(Finding(path, line, "consistency", _short(msgid), _short(first_text), _short(text),
                                    f"same English translated differently at {first_path}:{first_line}"))
    concepts = glossary.by_id()
    for concept_id, rendered in usage.items():
        counts = rendered.counts
        report.renderings[concept_id] = counts
        concept = concepts[concept_id]
        # Mixing allowed forms is shown to reviewers (renderings), not a finding;
        # a forbidden form among the renderings is.
        if len(counts) > 1 and any(form not in concept.allowed for form in counts):
            summary = ", ".join(f"{form} ×{n}" for form, n in counts.most_common())
            # Where the first form other than the preferred one is used (forms are in order).
            path, line = next(where for form, where in rendered.first.items() if form != concept.preferred)
            findings.append(Finding(path, line, "consistency", concept.headword,
                                    concept.preferred, summary, f"in {rendered.files} files"))
    return findings


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _apply_waivers(findings: list[Finding], waivers: list[Waiver], report: Report) -> list[Finding]:
    kept = []
    used = set()
    for finding in findings:
        waiver = next((i for i, w in enumerate(waivers)
                       if w.rule == finding.rule and w.term in (finding.term, finding.found)), None)
        if waiver is None:
            kept.append(finding)
        else:
            used.add(waiver)
    for i, waiver in enumerate(waivers):
        report.waivers.append(Waiver(waiver.path, waiver.line, waiver.rule, waiver.term,
                                     waiver.reason, i in used))
    return kept


def is_lock_file(path: Path) -> bool:
    """An editor's lock or backup beside a catalog (Emacs: .#x.po), not a catalog."""
    return path.name.startswith(".#")


def catalog_paths(root: Path) -> list[Path]:
    """The catalogs to read: a .po file, or every *.po under a folder.

    Whatever else is named *.po (a folder, a FIFO, a dangling link) is listed
    too, so that reading it says what it is; editors' lock files are skipped
    with a warning. A path that does not exist is an InputError.
    """
    if not root.exists() and not root.is_symlink():
        raise InputError(str(root), 0, "no such file or folder: give a .po file or a folder of them "
                                       "(locale/<lang>/LC_MESSAGES)")
    if not root.is_dir():
        return [] if _skipped(root) else [root]
    return sorted(path for path in root.rglob("*.po") if not _skipped(path))


def _skipped(path: Path) -> bool:
    if is_lock_file(path):
        print(f"{path}: skipped: an editor's lock file, not a catalog", file=sys.stderr)
        return True
    return False


# -- rules that need no glossary: what a reader cannot see --------------------------------------

#: Characters that reorder what a reader sees (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Characters that take no room: a word that looks the same but is not.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
#: C0 controls but the newline and the tab: NUL ends a C string, ESC drives a terminal.
CONTROLS = frozenset(chr(code) for code in range(32)) - {"\n", "\t"}
_HIDDEN = re.compile("[" + re.escape("".join(sorted(BIDI_CONTROLS | ZERO_WIDTH | CONTROLS))) + "]")
_HIDDEN_RULES = (
    ("bidi-control", BIDI_CONTROLS, "it reorders the text a reader sees"),
    ("zero-width", ZERO_WIDTH, "it takes no room, so the text is not what it looks like"),
    ("control-character", CONTROLS, "it is invisible, and can cut the text (NUL) or drive a terminal (ESC)"),
)


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _char_name(ch: str) -> str:
    return f"{_code_point(ch)} {unicodedata.name(ch, 'control character')}"


def text_findings(entry: Entry, path: str, often: tuple[bool, ...] | None = None) -> list[Finding]:
    """Rules on a translation's characters and directives, which need no glossary: format
    directives as msgfmt --check (``often``: see format_problems), hidden characters, text
    that is not NFC."""
    findings = [Finding(path, entry.line, problem.flag, problem.english, problem.english or "none",
                        problem.translation, problem.reason) for problem in format_problems(entry, often)]
    targets = [entry.msgstr] if entry.msgid_plural is None else entry.msgstr_plural
    for target in targets:
        if target.isascii() and target.isprintable():
            continue
        if _HIDDEN.search(target):
            for rule, chars, why in _HIDDEN_RULES:
                for ch in dict.fromkeys(c for c in target if c in chars):
                    findings.append(Finding(
                        path, entry.line, rule, _code_point(ch), "no such character", _char_name(ch),
                        f"{why}; at offset {target.index(ch)}: delete it, or waive it with "
                        f"'# dalbit-waive: {rule} {_code_point(ch)}: why it is needed'"))
        if not target.isascii() and not unicodedata.is_normalized("NFC", target):
            found = _not_nfc(target, entry.msgid)
            if found is not None:
                findings.append(Finding(path, entry.line, "unicode", "NFC", "NFC (composed) text", found,
                                        "save the text in NFC, as Poedit and most editors do; the other "
                                        "rules read it as NFC"))
    return findings


def _not_nfc(text: str, english: str) -> str | None:
    """What NFC would change in a text, named: decomposed Hangul, or characters it replaces.
    None when the translation only keeps what the English has (a text about U+212A KELVIN
    SIGN must show it)."""
    replaced = [ch for ch in dict.fromkeys(text) if unicodedata.normalize("NFC", ch) != ch]
    jamo = any("\u1100" <= ch <= "\u11ff" for ch in text)
    if not jamo and (all(ch in english for ch in replaced) if replaced
                     else not unicodedata.is_normalized("NFC", english)):
        return None
    parts = []
    if jamo:
        parts.append("decomposed (NFD) Hangul")
    if replaced:
        parts.append(", ".join(f"{_char_name(ch)}, which NFC replaces with "
                               f"{' '.join(map(_char_name, unicodedata.normalize('NFC', ch)))}"
                               for ch in replaced[:3]))
    if not parts:
        parts.append("decomposed letters and combining marks")
    return "; ".join(parts)


#: Below this many catalogs a second process costs more than it saves.
PARALLEL_FROM = 64
#: What a worker inherits at fork: the parent's checker (automata built once), its line to
#: the parent (requests, one answer queue per worker) and the number of the next catalog to take.
_inherited: tuple | None = None


def _start_worker(checker, requests, answers, next_catalog) -> None:
    global _inherited
    _inherited = (checker, requests, answers, next_catalog)
    checker.matcher.analyzer.in_forked_process()


def _take_catalogs(paths: list[Path], next_catalog, between: Callable[[], object] = lambda: None
                   ) -> Iterator[Catalog | InputError]:
    """Read catalogs until none is left, taking them one at a time from the number all
    processes share, so that they finish together however uneven the catalogs or the cores."""
    while True:
        between()
        with next_catalog.get_lock():
            taken = next_catalog.value
            next_catalog.value += 1
        if taken >= len(paths):
            return
        yield read_or_error(paths[taken])


def _worker(index: int, paths: list[Path]) -> Part:
    """Check catalogs in a forked process; questions for the analyzer go to the parent."""
    checker, requests, answers, next_catalog = _inherited
    answers = answers[index]

    def ask(questions: set[Question]) -> dict[Question, list]:
        requests.put((index, questions))
        reply = answers.get()
        if isinstance(reply, str):  # the parent could not load the analyzer: try here
            return checker.matcher.analyzer.answer(questions)
        return reply

    # The first unseen word tells the parent to load the analyzer while this worker goes on.
    checker.matcher.analyzer.on_first_guess = lambda: requests.put((index, None))
    return checker.check_entries(_take_catalogs(paths, next_catalog), ask)


def check_paths(glossary: Glossary | None, paths: list[Path], jobs: int | None = None) -> Report:
    """Read and check catalogs, on every core for large sets.

    A catalog that cannot be read is in ``report.broken`` (file:line) and the
    others are still checked. Without a glossary (None) only the rules that
    need none run: markup, format directives, hidden characters, NFC.

    This process and jobs - 1 forked workers check the catalogs. The analyzer
    takes over half a second to load, and no more processes than cores
    should run meanwhile: on a first run this process loads it at once while
    the workers start, and otherwise when a worker first meets a word never
    seen; then it checks catalogs too. At the end each worker sends its
    questions here in one batch.
    """
    return _check_paths(glossary, paths, jobs or os.cpu_count() or 1)


def _check_paths(glossary: Glossary, paths: list[Path], jobs: int) -> Report:
    # Only forked workers: they share the parent's hash() (see Part.translations).
    if jobs < 2 or len(paths) < PARALLEL_FROM or not can_fork():
        return Checker(glossary).check_catalogs([read_or_error(path) for path in paths])
    context = multiprocessing.get_context("fork")
    requests = context.Queue()
    answers = [context.Queue() for _ in range(jobs - 1)]
    next_catalog = context.Value("i", 0)
    main = Checker(glossary)
    analyzer = main.matcher.analyzer
    first_run = analyzer.first_run and main.uses_glossary  # without a glossary no word is analyzed
    if first_run:  # the model will be needed: it loads on a core of its own meanwhile
        analyzer.load_elsewhere()
    pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context, initializer=_start_worker,
                               initargs=(main, requests, answers, next_catalog))

    asked: dict[int, set[Question]] = {}  # worker -> its questions, awaiting an answer

    def serve(block: bool = False) -> None:
        """Take what the workers sent so far (between two catalogs of this process's own)."""
        while True:
            try:
                index, questions = requests.get(timeout=0.01) if block else requests.get_nowait()
            except queue.Empty:
                return
            if questions is not None:
                asked[index] = questions
                continue
            try:
                analyzer.load()
            except Exception:  # noqa: BLE001 - asked again at the end, the error then goes back
                pass

    def answer(own: set[Question] = frozenset()) -> dict[Question, list]:
        """This process's questions and the waiting workers', answered in one batch."""
        every = own.union(*asked.values())
        try:
            reply = analyzer.answer(every) if every else {}
        except Exception as error:  # noqa: BLE001 - the workers then try on their own
            for index in asked:
                answers[index].put(f"{type(error).__name__}: {error}")
            asked.clear()
            raise
        analyzer.learn(reply)
        for index, questions in asked.items():
            answers[index].put({question: reply[question] for question in questions})
        asked.clear()
        return {question: reply[question] for question in own}

    def gather(own: set[Question]) -> dict[Question, list]:
        """The last questions of every process go in one batch: wait for the workers'."""
        while not all(index in asked or future.done() for index, future in enumerate(futures)):
            serve(block=True)
        return answer(own)

    try:
        futures = [pool.submit(_worker, index, paths) for index in range(jobs - 1)]
        if first_run:
            # No more processes than cores at work: this one waits while the model loads.
            analyzer.load()
        analyzer.on_first_guess = analyzer.load  # while the workers go on
        # Broken catalogs are in each part's report (read_or_error): only a bug raises here.
        own = main.check_entries(_take_catalogs(paths, next_catalog, serve), gather)
        wait(futures)  # gather answered every worker: nothing more will be asked, only results sent
        parts = [own, *(future.result() for future in futures)]
    finally:
        # Waiting for the workers to end takes milliseconds (they end without freeing
        # anything), and a process that exits at once (dalbit.cli.run) leaves none behind.
        pool.shutdown(wait=True, cancel_futures=True)
        analyzer.close()
    analyzer.save()  # what every process asked: the workers remember nothing themselves
    own.report.analyzer_calls = 0  # counted below, with the questions answered for the workers
    report = finish(main.glossary, parts, [str(path) for path in paths],
                    lambda places: _texts_in(places, read_catalog))
    report.analyzer_calls += analyzer.calls
    return report
