"""The glossary and markup checker: ``dalbit check``.

Each rule is a small function over one entry (or, for consistency, over all
entries); candidates are found with Aho-Corasick automata built once from
the glossary, and the Korean analyzer is asked only when a hit is ambiguous.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from dalbit.glossary import Concept, Glossary
from dalbit.korean import (
    NOUN_TAILS, Analyzer, agreeing_particle, is_hangul, particle_of, word_bounds,
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

    def korean_hits(self, text: str) -> list[tuple[int, int, str, list, str]]:
        """Korean glossary and spelling forms standing as words (not inside a longer word).

        Each hit is (start, end, form, kinds, tail): tail is the rest of the word,
        the particles and endings glued to the form.
        """
        found = []
        for last, (form, kinds) in self.korean.iter(text):
            found.append((last + 1 - len(form), last + 1, form, kinds))
        if len(found) > 1:
            # A form inside a longer glossary form is that longer word, not a word of its own
            # (조선 in 조선민주주의인민공화국): drop it before anything costly looks at it.
            found.sort(key=lambda hit: (hit[0], -hit[1]))
            kept, reach = [], -1
            for hit in found:
                if hit[1] <= reach:
                    continue
                kept.append(hit)
                reach = max(reach, hit[1])
            found = kept
        hits = []
        tail_at = _HANGUL_RUN.match
        for start, end, form, kinds in found:
            tail = tail_at(text, end).group()
            at_word_start = start == 0 or not ("가" <= text[start - 1] <= "힣")
            if (at_word_start and (not tail or tail in NOUN_TAIL_SET)) or \
                    self._analyzer_says_word(text, start, end):
                hits.append((start, end, form, kinds, tail))
        return hits

    def _analyzer_says_word(self, text: str, start: int, end: int) -> bool:
        left, right = word_bounds(text, start, end)
        return self.analyzer.is_word_in(text[left:right], start - left, end - left)


_HANGUL_RUN = re.compile("[가-힣]*")
NOUN_TAIL_SET = frozenset(NOUN_TAILS)


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
        if source_markup or target_markup:
            findings += self._markup(entry, path, msgstr, source_markup, target_markup)
        visible = strip_markup(msgstr, target_markup) if target_markup else msgstr
        hits = self.matcher.korean_hits(visible)
        rendering: dict[str, str] = {}
        for start, end, form, kinds, tail in hits:
            for kind, what in kinds:
                if kind == "forbidden":
                    findings.append(Finding(path, entry.line, "forbidden", what.headword,
                                            what.preferred, form, f"concept {what.id}"))
                elif kind == "spelling":
                    findings.append(Finding(path, entry.line, "spelling", form, what.north, form,
                                            f"조선말규범집: {what.rule}"))
                    continue
                if len(form) > len(rendering.get(what.id, "")):
                    rendering[what.id] = form
            # A particle right after a glossary noun in plain text (not a verb stem, not markup).
            if tail and all(kind != "spelling" and (form in what.allowed or form in what.forbidden)
                            for kind, what in kinds) and visible[start:end] == msgstr[start:end]:
                findings += self._agreement(entry, path, form, tail)
        # A particle after inline markup: `:term:`손전화 <mobile phone>`\ 를`.
        for item in target_markup:
            if item.display and msgstr.startswith("\\ ", item.end):
                tail = _HANGUL_RUN.match(msgstr, item.end + 2).group()
                findings += self._agreement(entry, path, item.display.strip(), tail, shown=item.label)
        findings += self._terms(entry, path, source_markup, visible, rendering, usage)
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

    def _terms(self, entry: Entry, path: str, source_markup: list[Markup], visible: str,
               rendering: dict[str, str], usage: dict) -> list[Finding]:
        english = strip_markup(entry.msgid, source_markup) if source_markup else entry.msgid
        terms = self.matcher.english_terms(english)
        if not terms:
            return []
        findings = []
        flat = None
        for concept in {c.id: c for _, _, c in terms}.values():
            form = rendering.get(concept.id)
            if form is not None:
                usage[concept.id].append((form, path, entry.line))
                continue  # an allowed form, or a forbidden one the forbidden rule reports
            if not concept.required:
                continue
            flat = "".join(visible.split()) if flat is None else flat
            if self._follows(concept, flat, visible):
                continue
            findings.append(Finding(path, entry.line, "term-missing", concept.headword,
                                    " or ".join(concept.allowed), "none of its forms",
                                    f"concept {concept.id}"))
        return findings

    def _follows(self, concept: Concept, flat: str, visible: str) -> bool:
        for form in concept.allowed:
            if "".join(_noun_key(form, concept).split()) in flat:
                return True
        if concept.is_predicate and any(is_hangul(ch) for ch in visible):
            return bool(self.matcher.analyzer.lemmas(visible) & set(concept.allowed))
        return False

    @staticmethod
    def _agreement(entry: Entry, path: str, word: str, tail: str,
                   shown: str | None = None) -> list[Finding]:
        particle = particle_of(tail)
        if particle is None:
            return []
        right = agreeing_particle(word, particle)
        if right is None or right == particle:
            return []
        return [Finding(path, entry.line, "particle", shown or word, word + right, word + particle,
                        f"{word[-1]} takes {right}")]

    # -- all catalogs -----------------------------------------------------------------------

    def check_catalogs(self, catalogs: list[Catalog]) -> Report:
        report, translations, usage = self.check_entries(catalogs)
        report.findings += consistency(self.glossary, translations, usage, report)
        return report

    def check_entries(self, catalogs: list[Catalog]) -> tuple[Report, dict, dict]:
        """Every rule that looks at one entry; what consistency needs is returned beside."""
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
        report.analyzer_calls = self.matcher.analyzer.calls
        self.matcher.analyzer.save()
        return report, translations, usage

def consistency(glossary: Glossary, translations: dict, usage: dict, report: Report) -> list[Finding]:
    """Rules across catalogs: one English text, one translation; one concept, one allowed form."""
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
    concepts = glossary.by_id()
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


def _check_chunk(glossary: Glossary, paths: list[Path]) -> tuple[Report, dict, dict]:
    return Checker(glossary).check_entries([read_catalog(path) for path in paths])


#: Below this many catalogs a second process costs more than it saves.
PARALLEL_FROM = 64


def check_paths(glossary: Glossary, paths: list[Path], jobs: int | None = None) -> Report:
    """Read and check catalogs, on every core for large sets. Raises PoSyntaxError on a broken one."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(paths) < PARALLEL_FROM:
        return Checker(glossary).check_catalogs([read_catalog(path) for path in paths])
    chunks = [paths[i::jobs] for i in range(jobs)]
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
        else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        parts = list(pool.map(_check_chunk, [glossary] * jobs, chunks))
    report = Report(files=len(paths))
    translations: dict = defaultdict(list)
    usage: dict = defaultdict(list)
    for part, part_translations, part_usage in parts:
        for name in ("entries", "checked", "fuzzy", "untranslated", "analyzer_calls"):
            setattr(report, name, getattr(report, name) + getattr(part, name))
        report.findings += part.findings
        report.waivers += part.waivers
        for key, places in part_translations.items():
            translations[key] += places
        for key, uses in part_usage.items():
            usage[key] += uses
    # Consistency looks across all catalogs, in a stable order whatever the chunks were.
    order = {str(path): index for index, path in enumerate(paths)}
    for places in (*translations.values(), *usage.values()):
        places.sort(key=lambda place: (order.get(place[1], 0), place[2]))
    report.findings += consistency(glossary, translations, usage, report)
    return report
