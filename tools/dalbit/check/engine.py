"""Running the rules over catalogs: ``dalbit check``.

Read top-down: the :class:`Matcher` finds glossary terms (English) and forms
(Korean) with Aho-Corasick automata built once; the :class:`Checker` prepares
each entry once (:class:`~dalbit.check.rules.EntryView`) and runs the selected
rules over it; :func:`check_paths` reads catalogs (in a plain process pool for
large sets) and adds the rules across catalogs.

Defer, don't guess: an entry whose Korean needs the analyzer (a form inside a
longer word, a verb in some ending) and whose questions are not remembered waits;
the questions of every waiting entry are answered in one batch, and then each
waiting entry is judged, once. Only questions whose answer can change a finding
are asked (:func:`_matters`).
"""
from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from itertools import compress
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from dalbit.analyzer import Analyzer, Question, user_words
from dalbit.check import cache
from dalbit.check.findings import Finding, Report, Waiver, apply_waivers, parse_waivers
from dalbit.check.rules import (
    RULES, EntryView, Hit, KoreanForm, Renderings, Rule, despace, needs_lemmas, noun_key, particle_disagreement,
)
from dalbit.errors import InputError
from dalbit.glossary import Concept, Glossary
from dalbit.korean import hangul_run, has_hangul, is_plain_tail, word_bounds
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import read_or_error
from dalbit.po.validate import catalog_plural_forms
from dalbit.rstmarkup import Markup, find_markup, split_noqa, strip_markup

_HANGUL_WORD = re.compile("[가-힣]+")

#: An English glossary term in a text: (start, end, its concept).
Term = tuple[int, int, Concept]

#: What a language without a glossary is checked against: the rules that need none still run.
NO_GLOSSARY = Glossary("", "en", "", [])


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules to run: ``select`` (all when empty) less ``ignore``. An unknown name is an InputError."""
    select, ignore = list(select), list(ignore)
    unknown = [name for name in (*select, *ignore) if name not in RULES]
    if unknown:
        raise InputError("dalbit check", 0, f"no rule named {', '.join(unknown)}: the rules are "
                                            f"{', '.join(RULES)} (dalbit check --list-rules)")
    return [r for name, r in RULES.items() if (not select or name in select) and name not in ignore]


class Matcher:
    """Automata over the glossary, built once and shared by every entry."""

    def __init__(self, glossary: Glossary, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        # An acronym (OS, DVD) is that word only in capitals: os is a module's name.
        self.english = _automaton((form.lower(), (len(form), concept, form if _is_acronym(form) else None))
                                  for concept in glossary.looked_for() for form in concept.en)
        # A sense excluded is excluded in the plural too (error messages for error message).
        self.not_senses = {concept.id: re.compile(r"(?<!\w)(?:%s)(?:e?s)?(?!\w)"
                                                  % "|".join(map(re.escape, concept.not_senses)), re.IGNORECASE)
                           for concept in glossary.concepts if concept.not_senses}
        # The avoided forms of those concepts, to pass over at once the many entries with none.
        excludable = sorted({form for concept in glossary.concepts if concept.not_senses for form in concept.avoided})
        self.excludable_forms = re.compile("|".join(map(re.escape, excludable))) if excludable else None
        # Everything a Korean string can mean. A predicate is searched by its stem (따라하다 ->
        # 따라), so several glossary forms may share one key; the key renders the form it came
        # from, the noun form first.
        meanings: dict[str, list[tuple[str, object, str]]] = defaultdict(list)
        for concept in glossary.concepts:
            for form in concept.allowed:
                meanings[noun_key(form, concept)].append(("allowed", concept, form))
            for form in concept.avoided:  # every level: Concept.level_of(form) tells which
                meanings[noun_key(form, concept)].append(("forbidden", concept, form))
        for word in glossary.spelling:
            meanings[word.south].append(("spelling", word, word.south))
        forms = {}
        for key, kinds in meanings.items():
            renders: dict[str, str] = {}
            for kind, what, form in sorted(kinds, key=lambda k: k[2] != key):
                if kind != "spelling":
                    renders.setdefault(what.id, form)
            forms[key] = KoreanForm(
                form=key,
                forbidden_in=tuple(dict.fromkeys(what for kind, what, _ in kinds if kind == "forbidden")),
                spelling=next((what for kind, what, _ in kinds if kind == "spelling"), None),
                renders=tuple(renders.items()),
                noun=bool(renders) and all(kind != "spelling" and form == key for kind, _, form in kinds))
        # Most keys are one Hangul word: they are found word by word, each distinct word once (a
        # catalog repeats its words); keys with a space or a Latin letter (SD카드, 조작 체계) are
        # searched in the whole text.
        self.korean = _automaton((key, (len(key), form)) for key, form in forms.items())
        self.spanning = _automaton((key, (len(key), form)) for key, form in forms.items()
                                   if not _HANGUL_WORD.fullmatch(key))
        self._word_hits: dict[str, tuple[Hit, ...]] = {}  # a Hangul word -> its hits, once decided

    def english_terms(self, text: str) -> list[Term]:
        """Glossary terms in English text: words of their own, longest match wins."""
        lowered = text.lower()
        hits = []
        for last, (length, concept, acronym) in _iter(self.english, lowered):
            start, end = last + 1 - length, last + 1
            if _stands_alone(lowered, start, end) and _written_as_the_word(text, start, end, acronym):
                hits.append((start, end, concept))
        if len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        kept: list[Term] = []
        for hit in hits:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        return kept

    def excluded(self, english: str, concepts: Iterable[Concept]) -> frozenset[str]:
        """The concepts whose excluded senses (not_senses) the English names."""
        return frozenset(c.id for c in concepts if c.id in self.not_senses and self.not_senses[c.id].search(english))

    def entry_terms(self, msgid: str, markup: Sequence[Markup], msgstr: str) -> tuple[list[Term], frozenset[str]]:
        """The glossary terms of an entry's English prose (``markup`` blanked, offsets kept),
        but those in a sense their concept excludes (escape in "escape sequence") and names
        the translation keeps as they are (a parameter, ``*data*``), and the ids of the
        concepts so excluded."""
        found = [term for term in self.english_terms(strip_markup(msgid, markup))
                 if not _kept_as_name(msgid, msgstr, term)]
        excluded = self.excluded(msgid, [concept for _, _, concept in found])
        return [hit for hit in found if hit[2].id not in excluded], excluded

    # -- Korean: candidates, the questions they raise, then the hits -----------------------------

    def _candidates(self, text: str, automaton) -> list[tuple[int, int, KoreanForm]]:
        found = sorted(((last + 1 - length, last + 1, form) for last, (length, form) in _iter(automaton, text)),
                       key=lambda hit: (hit[0], -hit[1]))
        # A form inside a longer glossary form is that longer word (조선 in 조선민주주의인민공화국).
        kept, reach = [], -1
        for hit in found:
            if hit[1] > reach:
                kept.append(hit)
                reach = hit[1]
        return kept

    def _plain(self, text: str, start: int, end: int) -> bool:
        """Does the text alone say the form stands as a word (nothing glued before it, and a
        particle run or nothing after it)? Otherwise the analyzer decides."""
        return (start == 0 or not "가" <= text[start - 1] <= "힣") and is_plain_tail(hangul_run(text, end))

    def korean_hits(self, text: str, concepts: Container[str] | None = None) -> tuple[list[Hit], set[Question]]:
        """Korean glossary and spelling forms standing as words (not inside a longer word), or,
        when the analyzer has not answered what some of them need, the questions to ask it.

        ``concepts``: the ids of the concepts an entry's English names. The analyzer is asked
        only about forms whose reading can change a finding of that entry (see _matters); a
        form that cannot is a hit only where the answer is known already. None: about every
        form (adapt and the review, which show every hit)."""
        if self.spanning.kind == ahocorasick.AHOCORASICK and next(self.spanning.iter(text), None) is not None:
            hits, asked, _ = self._hits_in(text, concepts)
            return hits, asked
        known = self._word_hits
        words = _HANGUL_WORD.findall(text)
        per_word = list(map(known.get, words))  # most words are known and have no hit
        if None in per_word:
            asked: set[Question] = set()
            for index in [index for index, found in enumerate(per_word) if found is None]:
                hits, questions, whole = self._hits_in(words[index], concepts)
                if questions:
                    asked |= questions
                else:
                    per_word[index] = tuple(hits)
                    if whole:  # decided for any entry: remembered for the others
                        known[words[index]] = per_word[index]
            if asked:
                return [], asked
        hits: list[Hit] = []
        at = 0
        for index in compress(range(len(words)), per_word):
            # Where this word stands: its first occurrence after the last word placed that is a
            # whole Hangul run (the words in between have no hits, so none of them is this word).
            word = words[index]
            at = text.find(word, at)
            while (at and "가" <= text[at - 1] <= "힣") or "가" <= text[at + len(word):at + len(word) + 1] <= "힣":
                at = text.find(word, at + 1)
            hits += [Hit(at + h.start, at + h.end, h.form, h.tail) for h in per_word[index]]
            at += len(word)
        return hits, set()

    def hits_now(self, text: str, concepts: Container[str] | None = None) -> list[Hit]:
        """korean_hits for a caller that cannot wait (adapt, the review): the analyzer answers
        at once what the text needs."""
        hits, asked = self.korean_hits(text, concepts)
        while asked:
            self.analyzer.answer(asked)
            hits, asked = self.korean_hits(text, concepts)
        return hits

    def _hits_in(self, text: str, concepts: Container[str] | None = None) -> tuple[list[Hit], set[Question], bool]:
        """The hits, the questions, and whether every form was decided (none passed over as
        mattering to no concept of ``concepts``)."""
        hits, asked, whole = [], set(), True
        read_until = -1  # the end of a word read as one form and its particles
        for start, end, form in self._candidates(text, self.korean):
            if start < read_until:
                # Inside a word read as a form and its particles (중국가: 중국+가), nothing else is
                # a word of its own: not 국가, which Kiwi would make of it.
                continue
            tail = hangul_run(text, end)
            if self._plain(text, start, end):
                hits.append(Hit(start, end, form, tail))
                read_until = end + len(tail)
                continue
            if form.spelling is not None and form.spelling.inside_words and not (form.renders or form.forbidden_in):
                hits.append(Hit(start, end, form, tail))  # a stem with its ending: misspelt in any word
                continue
            left, right = word_bounds(text, start, end)
            spans = self.analyzer.known(("spans", text[left:right]))
            if spans is None:
                if concepts is not None and not _matters(form, tail, concepts):
                    whole = False
                else:
                    asked.add(("spans", text[left:right]))
            elif any(s == start - left for s, _ in spans) and any(e == end - left for _, e in spans):
                hits.append(Hit(start, end, form, tail))
        return hits, asked, whole


def _matters(form: KoreanForm, tail: str, concepts: Container[str]) -> bool:
    """Can the form, read as a word of its own, change a finding of an entry whose English names
    ``concepts``? An avoided or misspelt form can (forbidden, spelling), a noun with a particle
    that disagrees can (particle), and so can a rendering of a concept the English names
    (term-missing, the renderings); a rendering of another concept cannot: that form need not
    be asked about (일 of 일하다 in 동일하다, where the English does not say "work")."""
    return bool(form.forbidden_in or form.spelling
                or form.noun and tail and particle_disagreement(form.form, tail) is not None
                or any(concept_id in concepts for concept_id, _ in form.renders))


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a word of its own, not part of a longer word or of a name in
    code (file_name, __file__, os.path, email.mime)?"""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (_in_word(before) or _in_word(after)
                or before == "." and start > 1 and _in_word(text[start - 2])
                or after == "." and end + 1 < len(text) and _in_word(text[end + 1]))


#: After a word, what makes it the name of a module or package ("the email package").
_NAMES_A_MODULE = re.compile(r" +(?:module|package)s?(?!\w)")


def _written_as_the_word(text: str, start: int, end: int, acronym: str | None) -> bool:
    """Is the glossary form at ``text[start:end]`` the word, not a name? An acronym is the word
    in its capitals only (OS, not the os module); another form is a name in capitals (FILE, a
    command's meta-variable or a constant) and before "module" or "package" (the signal module)."""
    written = text[start:end]
    if acronym is not None:
        return written == acronym
    return not (len(written) > 1 and written.isupper()) and not _NAMES_A_MODULE.match(text, end)


def _kept_as_name(msgid: str, msgstr: str, term: Term) -> bool:
    """Is the term a name the translation keeps as it is, not a word to translate: emphasized
    (``*data*``, how Sphinx projects write a parameter), or capitalized inside a sentence
    (a class, Screen; a product, Internet Explorer) where the glossary writes the word in small
    letters, and so, emphasis or capital and all, in the translation too?"""
    start, end = term[0], term[1]
    if start and msgid[start - 1] == "*" and msgid[end:end + 1] == "*":
        return msgid[start - 1:end + 1] in msgstr
    written = msgid[start:end]
    return written[0].isupper() and not written.isupper() and written in msgstr \
        and msgid[:start].rstrip()[-1:] not in ("", ".", "!", "?", ":", "*", "-") \
        and written.lower() in term[2].en  # the glossary writes it in small letters (not K-pop)


def _in_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _is_acronym(form: str) -> bool:
    """OS, TV, and their plurals OSes, TVs (pcs is pieces, not PCs)."""
    singular = form[:-2] if form.endswith("es") else form[:-1] if form.endswith("s") else form
    return len(singular) > 1 and singular.isupper()


def _automaton(items: Iterable[tuple[str, tuple]]):
    automaton = ahocorasick.Automaton()
    for key, value in items:
        automaton.add_word(key, value)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def _iter(automaton, text: str):
    return automaton.iter(text) if automaton.kind == ahocorasick.AHOCORASICK else ()


@dataclass
class Part:
    """What checking some catalogs found, before the waiting entries and the rules across catalogs."""

    report: Report = field(default_factory=Report)
    #: (msgctxt, msgid) -> [(NFC msgstr, path, line)], for translation-consistency.
    translations: dict[tuple, list[tuple[str, str, int]]] = field(default_factory=lambda: defaultdict(list))
    uses: list[tuple[str, str, str, int]] = field(default_factory=list)  # (concept id, form, path, line)
    waiting: list[tuple[str, Entry, tuple | None]] = field(default_factory=list)  # (path, entry, often)
    questions: set[Question] = field(default_factory=set)  # what the waiting entries need answered


class Checker:
    """The selected rules over entries, with one glossary."""

    def __init__(self, glossary: Glossary | None, rules: list[Rule] | None = None,
                 remember: bool = True) -> None:
        self.glossary = glossary or NO_GLOSSARY
        rules = list(RULES.values()) if rules is None else rules
        # No glossary rule selected (--select markup): no term is looked for and the analyzer
        # is never asked, as without a glossary.
        self.uses_glossary = bool(self.glossary.concepts or self.glossary.spelling) \
            and any(r.needs_glossary for r in rules)
        self.rules = [r for r in rules if r.scope != "catalogs" and (self.uses_glossary or not r.needs_glossary)
                      and (not r.languages or self.glossary.target_language in r.languages)]
        self.across = {r.name for r in rules if r.scope == "catalogs"}
        self.analyzer = Analyzer(user_words(self.glossary) if self.uses_glossary else {}, remember)
        self.matcher = Matcher(self.glossary, self.analyzer)
        self.concepts = self.glossary.by_id()
        self._rules_for: dict[frozenset[str], list[Rule]] = {}  # judge: the rules for each set of aspects

    # -- one entry -------------------------------------------------------------------------------

    def view(self, entry: Entry, path: str, often: tuple | None = None) -> EntryView:
        """The entry as the rules see it, before anything is asked of the analyzer."""
        msgstr, noqa = split_noqa(entry.msgstr)
        if not msgstr.isascii() and not unicodedata.is_normalized("NFC", msgstr):
            msgstr = unicodedata.normalize("NFC", msgstr)  # the unicode rule says so; match what readers see
        source, target = find_markup(entry.msgid), find_markup(msgstr)
        view = EntryView(path, entry, msgstr, source, target, strip_markup(msgstr, target),
                         often, self.analyzer.lemmas, noqa=noqa)
        if self.uses_glossary:
            terms, excluded = self.matcher.entry_terms(entry.msgid, source, msgstr)
            view.concepts = list({c.id: c for _, _, c in terms}.values())
            view.excluded = excluded | self.matcher.excluded(entry.msgid, self._forbidding(view))
        return view

    def _forbidding(self, view: EntryView) -> list[Concept]:
        """Concepts with not_senses whose forbidden forms may stand in the text."""
        if self.matcher.excludable_forms is None or not self.matcher.excludable_forms.search(view.visible):
            return []
        return [self.concepts[i] for i in self.matcher.not_senses
                if any(form in view.visible for form in self.concepts[i].avoided)]

    def pending(self, view: EntryView) -> set[Question]:
        """Find the entry's Korean hits; what the analyzer must answer first, if anything."""
        if not self.uses_glossary:
            return set()
        hits, asked = self.matcher.korean_hits(view.visible, {c.id for c in view.concepts})
        if not asked:
            view.set_hits(hits)
        # The lemmas too, whatever the hits say (a concept rendered needs none): asked with the
        # spans, so that the entry waits for one batch only.
        predicates = [c for c in view.concepts if c.required and c.is_predicate and c.id not in (view.rendering or ())]
        if predicates and any(needs_lemmas(c, view, despace(view.visible)) for c in predicates) \
                and self.analyzer.known(("lemmas", view.visible)) is None:
            asked.add(("lemmas", view.visible))
        return asked

    def judge(self, view: EntryView, rules: list[Rule] | None = None) -> list[Finding]:
        """Every selected rule over one entry (pending has found its hits; nothing is pending)."""
        aspects = view.aspects()
        if rules is None:  # the rules for this set of aspects, chosen once (a few sets in a run)
            rules = self._rules_for.get(aspects)
            if rules is None:
                rules = self._rules_for[aspects] = _looking_at(self.rules, aspects)
        else:
            rules = _looking_at(rules, aspects)
        found = []
        line = view.entry.translation_line
        for r in rules:
            for fields in r.check(view):
                found.append(Finding(view.path, line, r.name, *fields))
        return found

    def check_entry(self, entry: Entry, path: str) -> list[Finding]:
        """Every rule that looks at one entry, the analyzer asked at once where needed."""
        view = self.view(entry, path)
        asked = self.pending(view)
        while asked:  # spans first, then maybe the lemmas
            self.analyzer.answer(asked)
            asked = self.pending(view)
        return self.judge(view)

    # -- catalogs --------------------------------------------------------------------------------

    def check_part(self, catalogs: Iterable[Catalog | InputError]) -> Part:
        """Every entry of some catalogs judged, but those waiting for the analyzer (part.waiting)."""
        part = Part()
        report = part.report
        characters = [r for r in self.rules if r.scope == "characters"]
        for catalog in catalogs:
            if isinstance(catalog, InputError):  # a broken catalog: reported, the others still checked
                report.broken.append(catalog)
                continue
            report.files += 1
            forms = catalog_plural_forms(catalog)  # read_catalog has checked it: no error here
            often = forms.often if forms else None
            for entry in catalog.messages:
                report.entries += 1
                if entry.fuzzy:
                    report.fuzzy += 1
                elif not entry.translated:
                    report.untranslated += 1
                    # A plural entry with some forms empty is still shown (msgfmt keeps it).
                    if entry.msgstr_plural and entry.msgstr_plural[0]:
                        self._keep(part, self.view(entry, catalog.path, often), characters)  # no hits needed
                else:
                    report.checked += 1
                    view = self.view(entry, catalog.path, often)
                    part.translations[(entry.msgctxt, entry.msgid)].append((view.msgstr, catalog.path, entry.translation_line))
                    asked = self.pending(view)
                    if asked:
                        part.waiting.append((catalog.path, entry, often))
                        part.questions |= asked
                    else:
                        self._keep(part, view)
        return part

    def _keep(self, part: Part, view: EntryView, rules: list[Rule] | None = None) -> None:
        found = self.judge(view, rules)
        if rules is None:
            part.uses += [(concept_id, form, view.path, view.entry.translation_line)
                          for concept_id, form in (view.rendering or {}).items()
                          if concept_id in {c.id for c in view.concepts}]
        waivers: list[Waiver] = []
        if view.entry.translator_comments:
            waivers = parse_waivers(view.entry.translator_comments, view.path, view.entry.translation_line)
            found, waivers = apply_waivers(found, waivers)
        part.report.findings += found
        part.report.waivers += waivers

    def judge_waiting(self, waiting: list[tuple[str, Entry, tuple | None]]) -> Part:
        """The entries that waited for the analyzer, judged now that its answers are in (an entry
        that waited for spans may then need the lemmas of its verbs: asked together, once)."""
        part, later = Part(), []
        views = [self.view(entry, path, often) for path, entry, often in waiting]
        for view in views:
            asked = self.pending(view)
            if asked:
                part.questions |= asked
                later.append(view)
            else:
                self._keep(part, view)
        if later:
            self.analyzer.answer(part.questions)
            for view in later:
                self.pending(view)
                self._keep(part, view)
        return part

    def finish(self, parts: list[Part], paths: list[str]) -> Report:
        """One report: the waiting entries judged after one batch of answers, then the rules
        across catalogs. Parts come in the catalogs' order."""
        self.analyzer.answer(set().union(*(part.questions for part in parts)))
        report = Report()
        translations: dict[tuple, list] = defaultdict(list)
        uses = []
        for part in parts:
            judged = self.judge_waiting(part.waiting)
            part.waiting, part.questions = [], set()  # judged: the part is whole (and kept so)
            part.report.findings += judged.report.findings
            part.report.waivers += judged.report.waivers
            part.uses += judged.uses
            for name in ("files", "entries", "checked", "fuzzy", "untranslated"):
                setattr(report, name, getattr(report, name) + getattr(part.report, name))
            report.findings += part.report.findings
            report.waivers += part.report.waivers
            report.broken += part.report.broken
            for key, places in part.translations.items():
                translations[key] += places
            uses += part.uses
        self.analyzer.save()  # after judge_waiting, which may have asked for lemmas too
        order = {path: index for index, path in enumerate(paths)}
        uses.sort(key=lambda use: (order.get(use[2], 0), use[3]))
        report.waivers.sort(key=lambda w: (order.get(w.path, 0), w.line))
        report.analyzer_calls = self.analyzer.calls
        report.renderings, usage = _renderings(uses)
        across = []
        if "translation-consistency" in self.across:
            repeated = {key: places for key, places in translations.items() if len(places) > 1}
            across += [("translation-consistency", place, fields)
                       for place, fields in RULES["translation-consistency"].check(repeated)]
        if "term-consistency" in self.across and self.uses_glossary:
            across += [("term-consistency", place, fields)
                       for place, fields in RULES["term-consistency"].check(self.concepts, usage)]
        # A waiver on the entry where a finding across catalogs stands silences it too.
        at = {(w.path, w.line): index for index, w in enumerate(report.waivers)}
        for name, (path, line), fields in across:
            finding = Finding(path, line, name, *fields)
            waivers = [(i, w) for i, w in enumerate(report.waivers) if (path, line) == (w.path, w.line)] \
                if (path, line) in at else []
            index = next((i for i, w in waivers if w.silences(finding)), None)
            if index is None:
                report.findings.append(finding)
            else:
                report.waivers[index] = dataclasses.replace(report.waivers[index], used=True)
        return report

    def check_catalogs(self, catalogs: list[Catalog | InputError]) -> Report:
        """Check catalogs read already; the errors of broken ones go into the report."""
        return self.finish([self.check_part(catalogs)], [c.path for c in catalogs])


def _looking_at(rules: list[Rule], aspects: frozenset[str]) -> list[Rule]:
    """The rules that read something an entry with these aspects has (or read every entry)."""
    return [r for r in rules if not r.looks_at or not aspects.isdisjoint(r.looks_at)]


def _renderings(uses: list[tuple[str, str, str, int]]) -> tuple[dict[str, Counter], dict[str, Renderings]]:
    """Each concept's forms and counts, from its uses in the catalogs' order."""
    usage: dict[str, Renderings] = {}
    for concept_id, form, path, line in uses:
        rendered = usage.setdefault(concept_id, Renderings(Counter(), set(), {}))
        rendered.counts[form] += 1
        rendered.files.add(path)
        rendered.first.setdefault(form, (path, line))
    return {concept_id: r.counts for concept_id, r in usage.items()}, usage


#: Below this many catalogs a second process costs more than it saves.
PARALLEL_FROM = 64
_worker: Checker | None = None  # the checker of a pool's process


def _start(checker: Checker) -> None:
    global _worker
    _worker = checker


def _check_each(checker: Checker, paths: list[Path]) -> list[tuple[bytes | None, Part]]:
    """A part per catalog, with the digest of the very bytes checked: what the cache keeps (a
    catalog saved again during the check is kept under the bytes that were checked)."""
    checked = []
    for path in paths:
        data = cache.plain_bytes(path)
        checked.append((None if data is None else cache.digest(data),
                        checker.check_part([read_or_error(path, data)])))
    return checked


def _check_some(paths: list[Path]) -> list[tuple[bytes | None, Part]]:
    return _check_each(_worker, paths)


def check_paths(glossary: Glossary | None, paths: list[Path], jobs: int | None = None,
                rules: list[Rule] | None = None, remember: bool = True) -> Report:
    """Read and check catalogs, in a pool of processes for large sets.

    A catalog that cannot be read is in ``report.broken`` (file:line) and the
    others are still checked. Without a glossary (None) only the rules that
    need none run. The processes take runs of catalogs in order and send back
    what they found and what waits for the analyzer. The pool ends before this
    process asks the analyzer (a model of 250 MB beside the workers would pass
    the 400 MB a check may take), then judges the waiting entries.

    With ``remember``, a catalog whose bytes are those of an earlier check (same
    glossary, rules and Dalbit) is not read again: its part comes from
    :mod:`dalbit.check.cache`, and the analyses are remembered too.
    """
    checker = Checker(glossary, rules, remember)
    names = [str(path) for path in paths]
    # The glossary by its content, not by the path it was read from (make check and a build name it two ways).
    key = cache.key(dataclasses.replace(checker.glossary, path=""),
                    [r.name for r in checker.rules] + sorted(checker.across)) if remember else ""
    remembered = cache.load(key) if remember else {}
    digests = {name: cache.file_digest(path) if remember else None for name, path in zip(names, paths)}
    parts = _remembered_parts(remembered, digests)
    todo = [path for name, path in zip(names, paths) if name not in parts]
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(todo) < PARALLEL_FROM:
        checked = dict(zip(map(str, todo), _check_each(checker, todo)))
    else:
        with ProcessPoolExecutor(jobs, initializer=_start, initargs=(checker,)) as pool:
            checked = dict(zip(map(str, todo), (each for run in pool.map(_check_some, _runs(todo, jobs * 4))
                                                for each in run)))
    parts.update((name, part) for name, (_, part) in checked.items())
    report = checker.finish([parts[name] for name in names], names)
    # A large set's report is large too: the model goes before the results are kept and the
    # caller writes the report out, so that they are not in memory at once (the first run's
    # peak stays under 400 MB).
    checker.analyzer.release()
    if todo and remember:
        remembered.update((os.path.abspath(name), (digest, name, part))
                          for name, (digest, part) in checked.items() if digest is not None)
        cache.save(key, remembered)
    return report


def _remembered_parts(remembered: dict[str, cache.Kept], digests: dict[str, bytes | None]) -> dict[str, Part]:
    """The parts the cache kept of the catalogs whose bytes are the same now, by this run's names."""
    parts = {}
    for name, digest in digests.items():
        kept = remembered.get(os.path.abspath(name))
        if digest is not None and kept is not None and kept[0] == digest:
            part = _renamed(kept[2], kept[1], name)
            if part is not None:
                parts[name] = part
    return parts


def _renamed(part: Part, old: str, new: str) -> Part | None:
    """A remembered part with the path this run names its catalog by (``make check`` gives a
    relative one, a Sphinx build an absolute one); None for a broken catalog's, read again."""
    if old == new:
        return part
    if part.report.broken:
        return None
    report = dataclasses.replace(part.report, findings=[dataclasses.replace(f, path=new) for f in part.report.findings],
                                 waivers=[dataclasses.replace(w, path=new) for w in part.report.waivers])
    translations = defaultdict(list, {key: [(text, new, line) for text, _, line in places]
                                      for key, places in part.translations.items()})
    return Part(report, translations, [(concept_id, form, new, line) for concept_id, form, _, line in part.uses])


def _runs(paths: list[Path], count: int) -> list[list[Path]]:
    """The paths in ``count`` runs of about the same size in bytes, in order."""
    sizes = [path.stat().st_size if path.is_file() else 0 for path in paths]
    share = sum(sizes) / count or 1
    runs, run, size = [], [], 0.0
    for path, bytes_ in zip(paths, sizes):
        run.append(path)
        size += bytes_
        if size >= share:
            runs.append(run)
            run, size = [], 0.0
    return [*runs, run] if run else runs


def concept_spans(matcher: Matcher, text: str, concept: Concept) -> list[tuple[int, int, str]]:
    """Where the checker sees ``concept`` in Korean ``text`` (the prose, as strip_markup leaves
    it): (start, end, glossary form), in order, for the review page to highlight.

    These are the forms the term and forbidden rules find (an allowed or avoided form standing
    as a word, with its particles and endings) and, where none renders a required concept, an
    allowed form written with other spacing (외국 매체 for 외국매체), which term-missing accepts.
    Where term-missing accepts a predicate because the analyzer reads its dictionary form in
    the text (떠난 for 떠나다), the words that begin with its stem, contracted or not, are shown.
    """
    # Asked as the checker asked (about this concept's forms, not about forms no finding needs).
    spans = [(start, end, dict(form.renders)[concept.id])
             for start, end, form, _ in matcher.hits_now(text, {concept.id})
             if any(concept_id == concept.id for concept_id, _ in form.renders)]
    if concept.required and not spans:
        for form in concept.allowed:
            letters = despace(noun_key(form, concept))
            pattern = r"\s*".join(map(re.escape, letters))
            spans += [(m.start(), m.end(), form) for m in re.finditer(pattern, text)]
    if concept.required and not spans and concept.is_predicate and has_hangul(text):
        # Only what the checker asked: where it did not need the lemmas, neither does the page.
        for lemma in sorted(set(matcher.analyzer.known(("lemmas", text)) or ()) & set(concept.allowed)):
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
