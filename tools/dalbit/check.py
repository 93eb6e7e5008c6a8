"""The glossary and markup checker: ``dalbit check``.

Each rule is a small function over one entry (or, for consistency, over all
entries); candidates are found with Aho-Corasick automata built once from
the glossary, and the Korean analyzer is asked only when a hit is ambiguous.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from dalbit.glossary import Concept, Glossary
from dalbit.korean import (
    NOUN_TAILS, Analyzer, agreeing_particle, is_hangul, particle_at, word_bounds,
)
from dalbit.po import Catalog, Entry, read_catalog
from dalbit.rstmarkup import Markup, find_markup, glued_markup, markup_difference, strip_markup

RULES = ("term-missing", "forbidden", "particle", "consistency", "markup", "glued-markup",
         "spelling", "unicode")
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


class Matcher:
    """Automata over the glossary, built once and shared by every entry."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.english = ahocorasick.Automaton()
        for concept in glossary.concepts:
            for form in concept.en:
                self.english.add_word(form.lower(), (form.lower(), concept))
        self.english.make_automaton()
        # Korean forms: kind is "allowed", "forbidden" or "spelling".
        korean: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for concept in glossary.concepts:
            for form in concept.allowed:
                korean[_noun_key(form, concept)].append(("allowed", concept))
            for form in concept.forbidden:
                korean[_noun_key(form, concept)].append(("forbidden", concept))
        for word in glossary.spelling:
            korean[word.south].append(("spelling", word))
        self.korean = ahocorasick.Automaton()
        for form, kinds in korean.items():
            self.korean.add_word(form, (form, kinds))
        self.korean.make_automaton()
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
        lowered = text.lower()
        hits = []
        for end, (form, concept) in self.english.iter(lowered):
            start = end - len(form) + 1
            if start > 0 and lowered[start - 1].isalnum():
                continue
            if end + 1 < len(lowered) and lowered[end + 1].isalnum():
                continue
            hits.append((start, end + 1, concept))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        kept: list[tuple[int, int, Concept]] = []
        for hit in hits:
            if kept and hit[0] < kept[-1][1]:
                continue
            kept.append(hit)
        return kept

    def korean_hits(self, text: str) -> list[tuple[int, int, str, list]]:
        """Korean glossary and spelling forms standing as words (not inside a longer word)."""
        hits = []
        for end, (form, kinds) in self.korean.iter(text):
            start = end - len(form) + 1
            if self.stands_alone(text, start, end + 1):
                hits.append((start, end + 1, form, kinds))
        return hits

    def stands_alone(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] a word of its own, with at most particles after it?"""
        left, right = word_bounds(text, start, end)
        tail = text[end:right]
        if left == start and (tail == "" or tail in NOUN_TAILS):
            return True
        word = text[left:right]
        return self.analyzer.is_word_in(word, start - left, end - left)


def _noun_key(form: str, concept: Concept) -> str:
    """What to search for: a predicate by its stem (리용하다 -> 리용하), a noun as is."""
    if form.endswith("다") and (concept.is_predicate or " " in form):
        stem = form[:-1]
        return stem[:-1] if stem.endswith("하") and len(stem) > 1 else stem
    return form


def _despace(text: str) -> str:
    return "".join(text.split())


def parse_waivers(entry: Entry, path: str) -> list[Waiver]:
    waivers = []
    for comment in entry.translator_comments:
        m = WAIVER.search(comment)
        if m:
            waivers.append(Waiver(path, entry.line, m.group("rule"), m.group("term").strip(),
                                  m.group("reason").strip()))
    return waivers


class Checker:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.matcher = Matcher(glossary)

    # -- one entry --------------------------------------------------------------------------

    def check_entry(self, entry: Entry, path: str, report: Report,
                    usage: dict[str, list[tuple[str, str, int]]]) -> list[Finding]:
        findings: list[Finding] = []
        msgstr = entry.msgstr
        if not unicodedata.is_normalized("NFC", msgstr):
            findings.append(Finding(path, entry.line, "unicode", "NFC", "NFC (composed) Hangul",
                                    "decomposed (NFD) text",
                                    "normalize the file to NFC; matching used the normalized text"))
            msgstr = unicodedata.normalize("NFC", msgstr)
        source_markup = find_markup(entry.msgid)
        target_markup = find_markup(msgstr)
        findings += self._markup(entry, path, msgstr, source_markup, target_markup)
        visible = strip_markup(msgstr, target_markup)
        hits = self.matcher.korean_hits(visible)
        findings += self._forbidden_and_spelling(entry, path, hits)
        findings += self._terms(entry, path, source_markup, visible, hits, usage)
        findings += self._particles(entry, path, msgstr, target_markup, hits)
        return findings

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

    def _forbidden_and_spelling(self, entry: Entry, path: str, hits: list) -> list[Finding]:
        findings = []
        for start, end, form, kinds in hits:
            for kind, what in kinds:
                if kind == "forbidden":
                    findings.append(Finding(path, entry.line, "forbidden", what.headword,
                                            what.preferred, form, f"concept {what.id}"))
                elif kind == "spelling":
                    findings.append(Finding(path, entry.line, "spelling", form, what.north, form,
                                            f"조선말규범집: {what.rule}"))
        return findings

    def _terms(self, entry: Entry, path: str, source_markup: list[Markup], visible: str,
               hits: list, usage: dict) -> list[Finding]:
        english = strip_markup(entry.msgid, source_markup)
        terms = self.matcher.english_terms(english)
        if not terms:
            return []
        findings = []
        flat = _despace(visible)
        for concept in {c.id: c for _, _, c in terms}.values():
            rendering = self._rendering(concept, hits)
            if rendering is not None:
                usage[concept.id].append((rendering, path, entry.line))
            if rendering is not None or not concept.required:
                continue  # an allowed form, or a forbidden one the forbidden rule reports
            if self._follows(concept, flat, visible):
                continue
            findings.append(Finding(path, entry.line, "term-missing", concept.headword,
                                    " or ".join(concept.allowed), "none of its forms",
                                    f"concept {concept.id}"))
        return findings

    @staticmethod
    def _rendering(concept: Concept, hits: list) -> str | None:
        """The glossary form (allowed or forbidden) used for a concept, longest first."""
        best = None
        for _, _, form, kinds in hits:
            if any(what is concept for _, what in kinds) and (best is None or len(form) > len(best)):
                best = form
        return best

    def _follows(self, concept: Concept, flat: str, visible: str) -> bool:
        for form in concept.allowed:
            key = _noun_key(form, concept)
            if _despace(key) in flat:
                return True
        if concept.is_predicate and any(is_hangul(ch) for ch in visible):
            return bool(self.matcher.analyzer.lemmas(visible) & set(concept.allowed))
        return False

    def _particles(self, entry: Entry, path: str, msgstr: str, markup: list[Markup],
                   hits: list) -> list[Finding]:
        findings = []
        # A particle right after a glossary word in plain text.
        visible = strip_markup(msgstr, markup)
        for start, end, form, kinds in hits:
            # Only nouns take these particles: skip spelling words and verb stems.
            if any(kind == "spelling" or (form not in what.allowed and form not in what.forbidden)
                   for kind, what in kinds):
                continue
            if visible[start:end] != msgstr[start:end]:
                continue  # inside markup: handled below
            findings += self._agreement(entry, path, form, msgstr, end)
        # A particle after inline markup: `:term:`손전화 <mobile phone>`\ 를`.
        for item in markup:
            if item.display and msgstr.startswith("\\ ", item.end):
                findings += self._agreement(entry, path, item.display.strip(), msgstr, item.end + 2,
                                            shown=item.label)
        return findings

    @staticmethod
    def _agreement(entry: Entry, path: str, word: str, text: str, pos: int,
                   shown: str | None = None) -> list[Finding]:
        particle = particle_at(text, pos)
        if particle is None:
            return []
        right = agreeing_particle(word, particle)
        if right is None or right == particle:
            return []
        return [Finding(path, entry.line, "particle", shown or word, word + right, word + particle,
                        f"{word[-1]} takes {right}")]

    # -- all catalogs -----------------------------------------------------------------------

    def check_catalogs(self, catalogs: list[Catalog]) -> Report:
        report = Report(files=len(catalogs))
        usage: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        translations: dict[tuple[str | None, str], list[tuple[str, str, int]]] = defaultdict(list)
        for catalog in catalogs:
            for entry in catalog.messages:
                report.entries += 1
                if entry.fuzzy:
                    report.fuzzy += 1
                    continue
                if not entry.translated:
                    report.untranslated += 1
                    continue
                report.checked += 1
                waivers = parse_waivers(entry, catalog.path)
                found = self.check_entry(entry, catalog.path, report, usage)
                translations[(entry.msgctxt, entry.msgid)].append((entry.msgstr, catalog.path, entry.line))
                report.findings += _apply_waivers(found, waivers, report)
        report.findings += self._consistency(translations, usage, report)
        report.analyzer_calls = self.matcher.analyzer.calls
        return report

    def _consistency(self, translations: dict, usage: dict, report: Report) -> list[Finding]:
        findings = []
        for (_, msgid), places in translations.items():
            variants = {text for text, _, _ in places}
            if len(variants) > 1:
                first_text, first_path, first_line = places[0]
                for text, path, line in places[1:]:
                    if text != first_text:
                        findings.append(Finding(path, line, "consistency", _short(msgid),
                                                _short(first_text), _short(text),
                                                f"same English translated differently at {first_path}:{first_line}"))
        concepts = self.glossary.by_id()
        for concept_id, uses in usage.items():
            counts = Counter(form for form, _, _ in uses)
            report.renderings[concept_id] = counts
            concept = concepts[concept_id]
            # Mixing allowed forms is shown to reviewers (renderings), not a finding;
            # a forbidden form among the renderings is.
            if len(counts) > 1 and any(form not in concept.allowed for form in counts):
                files = len({path for _, path, _ in uses})
                summary = ", ".join(f"{form} ×{n}" for form, n in counts.most_common())
                odd = next((u for u in uses if u[0] != concept.preferred), uses[0])
                findings.append(Finding(odd[1], odd[2], "consistency", concept.headword,
                                        concept.preferred, summary, f"in {files} files"))
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


def catalog_paths(root: Path) -> list[Path]:
    """The catalogs to check: a .po file, or every .po under a folder."""
    if root.is_file():
        return [root]
    return sorted(root.rglob("*.po"))


def check_paths(glossary: Glossary, paths: list[Path]) -> Report:
    """Read and check catalogs. Raises PoSyntaxError on a broken one."""
    catalogs = [read_catalog(path) for path in paths]
    return Checker(glossary).check_catalogs(catalogs)
