"""``dalbit adapt``: catalogs written in South Korean norms become North Korean drafts for review.

Each rule finds words to change in a translation and says what they become; the changes of
an entry are applied together, the particle after a changed noun made to agree (파일을 ->
화일을, 데이터베이스를 -> 자료기지를). Words are found as the checker finds them (its
Matcher: a form is a word when nothing or only particles and 하다/되다 endings follow it,
else the Korean analyzer decides), so what adapt changes is what ``dalbit check`` reports.

Rules (each can be switched off, see RULES):

- ``vocabulary``: a form the glossary forbids becomes its concept's preferred form.
- ``spelling-list``: a South Korean spelling of the spelling word list becomes its North form.
- ``sino-korean``: initial ㄹ/ㄴ restored in Sino-Korean words of a reviewed table
  (sino_korean.py): 문자열 -> 문자렬, 배열 -> 배렬 (a word the spelling list has too, such as
  연결 -> 련결, is the list's); words the table cannot decide are left, reported.
- ``yeo-ending``: 되어/되었 -> 되여/되였 inside any word (조선말규범집, 맞춤법 제11항: 어 is
  written 여 after a stem ending in ㅚ); the word list knows them only as words of their own.
- the spacing rules of ``dalbit.spacing`` (``spacing-dependent-noun``: 할 수 -> 할수, ...), each by
  its checker name, applied last over the words the others wrote (:func:`spacing_edits`).

Never touched: inline markup (roles, literals, references, substitutions), URLs, and
everything that is not Hangul (code, placeholders). A changed entry is marked fuzzy and gets a
translator comment ``dalbit-adapt: 파일→화일, 연결→련결``; every other entry keeps its bytes.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from dalbit import spacing
from dalbit.catalogs import atomic_write_bytes, catalog_lock, lock_root, remove_stale_temp_files
from dalbit.analyzer import Analyzer, user_words
from dalbit.check.engine import Matcher
from dalbit.check.rules import KoreanForm, noun_key
from dalbit.errors import InputError
from dalbit.glossary import Glossary, SpellingWord
from dalbit.korean import agreeing_particle, particle_of
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import parse_po, raise_broken, read_catalog, read_catalogs
from dalbit.po.writer import format_entry
from dalbit.rstmarkup import protected_spans
from dalbit.sino_korean import SinoWord, load_table

#: The comment a changed entry gets: what changed, for the reviewer.
COMMENT_PREFIX = "dalbit-adapt: "
#: Where a spelling word comes from the Sino-Korean table (SpellingWord.note starts with it).
SINO_NOTE = "sino-korean: "
SCHEMA = "dalbit-adapt/1"

_YEO = re.compile("되(어|었)")


@dataclass(frozen=True)
class Edit:
    """One change in a text: ``text[start:end]`` (``before``) becomes ``after``."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    pair: str  # for the comment and the summary: 파일→화일 (the word, without its particle)


@dataclass(frozen=True)
class Left:
    """A word adapt did not change although a rule would report it."""

    line: int
    word: str
    reason: str


#: A rule over one segment of plain text (no markup in it): the edits it proposes and the
#: words it leaves, as (word, reason).
TextRule = Callable[[str], tuple[list[Edit], list[tuple[str, str]]]]
#: Rules of whole segments that do not need the Matcher: name -> function (each switchable by
#: its name, like the others).
TEXT_RULES: dict[str, TextRule] = {}


def yeo_ending(segment: str) -> tuple[list[Edit], list[tuple[str, str]]]:
    """되어/되었 -> 되여/되였 wherever they stand in a Hangul word (사용되었다, 되어야)."""
    edits = []
    for m in _YEO.finditer(segment):
        after = "되여" if m.group(1) == "어" else "되였"
        edits.append(Edit(m.start(), m.end(), m.group(), after, "yeo-ending", f"{m.group()}→{after}"))
    return edits, []


TEXT_RULES["yeo-ending"] = yeo_ending
#: Every rule, in the order they win where two would change the same letters. The spacing
#: rules run last, over the words the others wrote (the checker's own rules, by their names).
RULES = ("vocabulary", "spelling-list", "sino-korean", *TEXT_RULES, *spacing.RULES_BY_NAME)


def spacing_edits(text: str, rules: tuple[spacing.SpacingRule, ...]) -> tuple[str, list[Edit]]:
    """``text`` spaced by ``rules`` (markup is skipped by the rules themselves) and the edits."""
    text, fixed = spacing.apply_fixes(text, rules)
    return text, [Edit(hit.start, hit.end, hit.found, hit.fix, rule.name, f"{hit.found}→{hit.fix}")
                  for rule, hit in fixed]


@dataclass
class EntryChange:
    line: int
    before: str
    after: str
    pairs: list[str]


@dataclass
class FileResult:
    source: Path
    target: Path
    entries: int = 0
    changed: list[EntryChange] = field(default_factory=list)
    changes: Counter = field(default_factory=Counter)  # rule -> words changed
    left: list[Left] = field(default_factory=list)
    original: str = ""
    text: str = ""  # what the target gets

    @property
    def differs(self) -> bool:
        return self.text != self.original


@dataclass
class AdaptReport:
    files: list[FileResult]
    rules: tuple[str, ...]
    written: list[Path] = field(default_factory=list)

    def total(self) -> dict:
        changes: Counter = Counter()
        for result in self.files:
            changes.update(result.changes)
        return {"files": len(self.files), "entries": sum(r.entries for r in self.files),
                "changed": sum(len(r.changed) for r in self.files),
                "changes": dict(sorted(changes.items())), "left": sum(len(r.left) for r in self.files)}


class Adapter:
    """The rules, built once from a glossary (vocabulary and word list) and the Sino-Korean table."""

    def __init__(self, glossary: Glossary, rules: Iterable[str] = RULES,
                 table: tuple[SinoWord, ...] | None = None) -> None:
        rules = set(rules)
        self.rules = tuple(rule for rule in RULES if rule in rules)
        self.spacing_rules = tuple(rule for rule in spacing.RULES if rule.name in rules)
        unknown = rules - set(RULES)
        if unknown:
            raise InputError("--rules", 0, f"no such rule: {', '.join(sorted(unknown))}; the rules are "
                                           f"{', '.join(RULES)}")
        table = load_table() if table is None else table
        listed = {word.south for word in glossary.spelling}
        # The table's words join the word list (the list wins where both have a word): one Matcher
        # finds them all, as the checker finds the list's.
        sino = [SpellingWord(word.south, word.north, "initial-sound", SINO_NOTE + word.hanja)
                for word in table if (word.changes or word.ambiguous) and word.south not in listed]
        words = replace(glossary, spelling=[*glossary.spelling, *sino])
        self.matcher = Matcher(words, Analyzer(user_words(glossary)))
        # While prepare() runs: the analyzer's questions the entries raise, asked at its end, and
        # how many texts have waited for them (an entry whose texts waited is adapted again).
        self._asked: set | None = None
        self._waited = 0
        # What prepare() worked out for entries that raised no question: id(entry) -> result.
        self._ready: dict[int, tuple[Entry | None, list[Edit], list[tuple[str, str]]]] = {}

    # -- one text -----------------------------------------------------------------------------

    def adapt_text(self, text: str) -> tuple[str, list[Edit], list[tuple[str, str]]]:
        """The text adapted, the edits made (in order) and the words left, as (word, reason).

        Again over its own result until nothing changes: a word joined by a spacing rule
        (파일일 수 -> 파일일수) can read differently to the analyzer, and a second run of adapt
        must change nothing."""
        edits: list[Edit] = []
        for _ in range(3):
            new, found, left = self._adapt_once(text)
            if not found:
                break
            text, edits = new, edits + found
        return text, edits, left

    def _adapt_once(self, text: str) -> tuple[str, list[Edit], list[tuple[str, str]]]:
        if not text or text.isascii():
            return text, [], []
        protected = protected_spans(text)
        edits: list[Edit] = []
        left: list[tuple[str, str]] = []
        at = 0
        for start, end in [*protected, (len(text), len(text))]:
            if start > at:
                found, kept = self._segment_edits(text[at:start])
                edits += [replace(e, start=e.start + at, end=e.end + at) for e in found]
                left += kept
            at = max(at, end)
        for start, end in protected:  # what a rule would report inside markup stays, reported
            for _, _, form, _ in self._hits(text[start:end]):
                if self._reported(form):
                    left.append((form.form, "inside markup or a URL: change it by hand if it is shown text"))
        out, at = [], 0
        for edit in edits:
            out.append(text[at:edit.start] + edit.after)
            at = edit.end
        out.append(text[at:])
        spaced, spaced_edits = spacing_edits("".join(out), self.spacing_rules)
        return spaced, edits + spaced_edits, left

    def _reported(self, form: KoreanForm) -> bool:
        """Is the form one to change or report: forbidden in a concept, or a spelling that a
        chosen rule changes?"""
        return bool(form.forbidden_in) or (form.spelling is not None and self._spelling_rule(form.spelling) is not None)

    def _spelling_rule(self, word: SpellingWord) -> str | None:
        rule = "sino-korean" if word.note.startswith(SINO_NOTE) else "spelling-list"
        return rule if rule in self.rules else None

    def _segment_edits(self, segment: str) -> tuple[list[Edit], list[tuple[str, str]]]:
        if segment.isascii():
            return [], []
        edits, left = [], []
        for start, end, form, tail in self._hits(segment):
            new, rule = None, None
            if start and "가" <= segment[start - 1] <= "힣":
                # Inside a longer word (파일 in 컴파일, 이용 in 재이용): the analyzer may call
                # it a word of its own, but its cuts are not sure enough to rewrite a word.
                if self._reported(form):
                    left.append((start, end, form.form, "inside a longer word: decide by hand"))
                continue
            if form.forbidden_in and "vocabulary" in self.rules:
                preferred = {noun_key(c.preferred, c) for c in form.forbidden_in}
                forbidding = {c.id for c in form.forbidden_in}
                if any(concept_id not in forbidding for concept_id, _ in form.renders):
                    left.append((start, end, form.form, "forbidden in one concept, allowed in another: "
                                                        "decide by hand"))
                elif len(preferred) > 1:
                    left.append((start, end, form.form, f"forbidden in several concepts "
                                                        f"({', '.join(sorted(preferred))}): decide by hand"))
                else:
                    new, rule = preferred.pop(), "vocabulary"
            elif form.spelling is not None and self._spelling_rule(form.spelling):
                if form.spelling.north == "?":
                    left.append((start, end, form.form, "ambiguous Sino-Korean root "
                                 f"({form.spelling.note.removeprefix(SINO_NOTE)}): decide by hand"))
                else:
                    new, rule = form.spelling.north, self._spelling_rule(form.spelling)
            if new is None or new == form.form:
                continue
            pair = f"{form.form}→{new}"
            particle = particle_of(tail)
            verb = rule == "vocabulary" and any(c.is_predicate for c in form.forbidden_in)
            if particle is not None and not verb:
                right = agreeing_particle(new, particle)
                if right and right != particle:
                    edits.append(Edit(start, end + len(particle), segment[start:end + len(particle)],
                                      new + right, rule, pair))
                    continue
            edits.append(Edit(start, end, segment[start:end], new, rule, pair))
        for name, text_rule in TEXT_RULES.items():
            if name in self.rules:
                found, kept = text_rule(segment)
                edits += found
                left += [(0, 0, word, reason) for word, reason in kept]
        edits = _without_overlaps(edits)
        # A word one rule leaves and another changes (되었 in 변경되었다) is not left.
        return edits, [(word, reason) for start, end, word, reason in left
                       if not any(start < edit.end and edit.start < end for edit in edits)]

    # -- one catalog --------------------------------------------------------------------------

    def adapt_entry(self, entry: Entry) -> tuple[Entry | None, list[Edit], list[tuple[str, str]]]:
        """The entry adapted (None when nothing changes), its edits and the words left."""
        forms = entry.msgstr_plural if entry.msgid_plural is not None else [entry.msgstr]
        new_forms, edits, left = [], [], []
        for form in forms:
            text = unicodedata.normalize("NFC", form) if not form.isascii() else form
            new, found, kept = self.adapt_text(text)
            new_forms.append(new if found else form)
            edits += found
            left += kept
        if not edits:
            return None, [], left
        pairs = list(dict.fromkeys(edit.pair for edit in edits))
        comments = [c for c in entry.translator_comments if not c.startswith(COMMENT_PREFIX)]
        earlier = [c for c in entry.translator_comments if c.startswith(COMMENT_PREFIX)]
        for comment in earlier:  # an earlier run's changes stay listed
            pairs = [p for p in comment.removeprefix(COMMENT_PREFIX).split(", ") if p and p not in pairs] + pairs
        changed = replace(entry, translator_comments=[*comments, COMMENT_PREFIX + ", ".join(pairs)],
                          flags=entry.flags if entry.fuzzy else ["fuzzy", *entry.flags])
        if entry.msgid_plural is not None:
            changed.msgstr_plural = new_forms
        else:
            changed.msgstr = new_forms[0]
        return changed, edits, left

    def prepare(self, catalogs: Iterable[Catalog]) -> None:
        """Ask the Korean analyzer every question these catalogs raise in one batch (it reads
        a batch far faster than text by text), and remember the answers for the next run.
        Entries that raised no question keep what they gave (``self._ready``)."""
        ready = {}
        self._asked = set()
        try:
            for catalog in catalogs:
                for entry in catalog.messages:
                    # Counted, not read off the set: a question another entry asked first
                    # leaves the set as it was, yet this entry's hits still wait for it.
                    before = self._waited
                    result = self.adapt_entry(entry)
                    if self._waited == before:
                        ready[id(entry)] = result
            asked = self._asked
        finally:
            self._asked = None
        self.matcher.analyzer.answer(asked)
        self.matcher.analyzer.save()
        self._ready = ready

    def _hits(self, text: str) -> list:
        """The checker's Korean hits in ``text``. While prepare() runs, a text that needs the
        analyzer gives none and its questions wait for the batch (its entry is adapted again)."""
        hits, asked = self.matcher.korean_hits(text)
        if not asked:
            return hits
        if self._asked is not None:
            self._asked |= asked
            self._waited += 1
            return []
        return self.matcher.hits_now(text)

    def adapt_file(self, source: Path, target: Path, catalog: Catalog | None = None) -> FileResult:
        """One catalog adapted, not written: changed entries are written anew, the rest of the
        file keeps its bytes."""
        catalog = read_catalog(source) if catalog is None else catalog
        data = source.read_bytes()
        original = data.decode("utf-8-sig")
        bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
        result = FileResult(source, target, original=bom + original)
        replaced: list[tuple[Entry, Entry]] = []
        ready = self._ready
        for entry in catalog.messages:
            result.entries += 1
            changed, edits, left = ready.pop(id(entry), None) or self.adapt_entry(entry)
            result.left += [Left(entry.line, word, reason) for word, reason in left]
            if changed is None:
                continue
            replaced.append((entry, changed))
            result.changes.update(edit.rule for edit in edits)
            result.changed.append(EntryChange(entry.line, _plain(entry), _plain(changed),
                                              list(dict.fromkeys(edit.pair for edit in edits))))
        result.text = bom + _splice(original, replaced) if replaced else result.original
        if replaced:
            by_id = {id(entry): changed for entry, changed in replaced}
            _verify(result.text.removeprefix("\ufeff"), [by_id.get(id(e), e) for e in catalog.entries],
                    {id(changed) for changed in by_id.values()}, str(source))
        if target != source and target.parent.name == "LC_MESSAGES":
            result.text = _with_language(result.text, target.parent.parent.name)
        return result


#: The header's Language line, as gettext writes it.
_LANGUAGE = re.compile(r'^"Language: [^"\\]*\\n"(?=\r?$)', re.MULTILINE)


def _with_language(text: str, language: str) -> str:
    """A catalog adapted into another language's folder (ko_KR -> ko_KP) says that language in
    its header, as Poedit and Weblate read it; nothing else of the header changes."""
    blank = re.search(r"\r?\n\r?\n", text)  # the header is the first entry
    m = _LANGUAGE.search(text, 0, blank.start() if blank else len(text))
    if m is None:
        return text
    return f'{text[:m.start()]}"Language: {language}\\n"{text[m.end():]}'


def _plain(entry: Entry) -> str:
    return entry.msgstr if entry.msgid_plural is None else "\n".join(entry.msgstr_plural)


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """Edits in text order; where two touch the same letters, the first found (the earlier rule) wins."""
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: e.start):  # a stable sort: of two at one start, the first found
        if any(edit.start < other.end and other.start < edit.end for other in kept):
            continue
        kept.append(edit)
    return sorted(kept, key=lambda e: e.start)


def _splice(text: str, replaced: list[tuple[Entry, Entry]]) -> str:
    """The catalog's text with each changed entry's block (its comments to its last string, up
    to the empty lines around it) written anew by format_entry; every other byte kept."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    for entry, changed in sorted(replaced, key=lambda pair: -pair[0].line):
        at = entry.line - 1  # the msgid line
        start = at
        while start > 0 and lines[start - 1].strip():
            start -= 1
        end = at
        while end < len(lines) and lines[end].strip():
            end += 1
        last = lines[end - 1] if end > 0 else ""
        block = [line + newline for line in format_entry(changed)]
        if not last.endswith("\n"):  # the file's last line had no newline: it still has none
            block[-1] = block[-1].rstrip("\r\n")
        lines[start:end] = block
    return "".join(lines)


def _verify(text: str, expected: list[Entry], changed: set, path: str) -> None:
    """Never write what does not read back as the intended entries (a catalog whose entries are
    not separated by empty lines, say): stop instead. The entries left alone kept their bytes,
    so their msgids are enough; the changed ones are compared whole."""
    got = parse_po(text, path).entries
    if len(got) != len(expected) or any(
            (a.msgctxt, a.msgid) != (b.msgctxt, b.msgid) or (id(b) in changed and replace(a, line=b.line, msgstr_line=b.msgstr_line) != b)
            for a, b in zip(got, expected)):
        raise InputError(path, 1, "adapt could not rewrite its changed entries alone (are entries "
                                  "separated by empty lines?): run dalbit fmt on it, then adapt again")


# -- many catalogs ----------------------------------------------------------------------------

def plan(sources: list[Path], roots: list[Path], output: Path | None) -> list[tuple[Path, Path]]:
    """(source, target) for each catalog: the same path under ``output`` as under its root
    (the folder given, or a file's own folder), or the source itself when output is None."""
    pairs = []
    for source, root in zip(sources, roots):
        if output is None:
            pairs.append((source, source))
        else:
            relative = source.relative_to(root) if root.is_dir() else Path(source.name)
            pairs.append((source, output / relative))
    return pairs


def adapt_paths(pairs: list[tuple[Path, Path]], adapter: Adapter, write: bool = True,
                overwrite: bool = False, command: str = "dalbit adapt") -> AdaptReport:
    """Adapt every catalog; all are read first, so a broken one leaves every file as it was.

    In place, only catalogs with a change are written; into another folder every catalog is
    (the adapted set is complete), and a target that exists with other contents is refused
    unless ``overwrite``.
    """
    def adapt_all() -> list[FileResult]:
        catalogs, broken = read_catalogs(source for source, _ in pairs)
        raise_broken(broken)
        adapter.prepare(catalogs)
        results = []
        for (source, target), catalog in zip(pairs, catalogs):
            try:
                results.append(adapter.adapt_file(source, target, catalog))
            except InputError as error:
                broken.append(error)
        raise_broken(broken)
        return results

    if not write:
        return AdaptReport(adapt_all(), adapter.rules)
    targets = [target for _, target in pairs]
    with catalog_lock(lock_root(targets), command):
        remove_stale_temp_files(target.parent for target in targets)
        results = adapt_all()
        report = AdaptReport(results, adapter.rules)
        if not overwrite:
            clashes = [r.target for r in results if r.target != r.source and r.target.exists()
                       and r.target.read_bytes() != r.text.encode("utf-8")]
            if clashes:
                raise InputError(str(clashes[0]), 0, f"exists with other contents ({len(clashes)} "
                                 "targets do): adapt it in place (--in-place), choose another -o "
                                 "folder, or give --overwrite")
        for result in results:
            if result.target == result.source and not result.differs:
                continue
            data = result.text.encode("utf-8")
            if result.target.exists() and result.target.read_bytes() == data:
                continue
            atomic_write_bytes(result.target, data)
            report.written.append(result.target)
    return report


def adapted_spans(entry: Entry) -> list[tuple[int, int]]:
    """Where the words an earlier ``dalbit adapt`` wrote stand in the translation, from its
    comment (파일→화일: every 화일): what a review page highlights. Empty for other entries."""
    spans = []
    for comment in entry.translator_comments:
        if comment.startswith(COMMENT_PREFIX):
            for pair in comment.removeprefix(COMMENT_PREFIX).split(", "):
                new = pair.partition("→")[2]
                if new:
                    spans += [m.span() for m in re.finditer(re.escape(new), entry.msgstr)]
    return sorted(spans)


# -- output -----------------------------------------------------------------------------------

def diff(report: AdaptReport) -> str:
    """What --dry-run shows: a unified diff per catalog that would change."""
    out = []
    for result in report.files:
        if result.differs:
            out += difflib.unified_diff(result.original.splitlines(keepends=True),
                                        result.text.splitlines(keepends=True),
                                        str(result.source), str(result.target))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def summary_text(report: AdaptReport, verbose_left: bool = True) -> str:
    lines = []
    for result in report.files:
        if not result.changed and not result.left:
            continue
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(result.changes.items()))
        lines.append(f"{result.target}: {len(result.changed)} of {result.entries} entries changed"
                     + (f" ({rules})" if rules else "") + f", {len(result.left)} words left")
        if verbose_left:
            for left in result.left:
                lines.append(f"{result.source}:{left.line}: left {left.word}: {left.reason}")
    total = report.total()
    rules = ", ".join(f"{rule} {n}" for rule, n in total["changes"].items()) or "none"
    lines.append(f"{total['changed']} of {total['entries']} entries in {total['files']} catalogs changed "
                 f"and marked fuzzy; words changed by rule: {rules}; {total['left']} words left for review")
    return "\n".join(lines) + "\n"


def to_json_data(report: AdaptReport, dry_run: bool) -> dict:
    """The JSON summary (``dalbit adapt --format json``), schema ``dalbit-adapt/1``:

    ``{"schema": "dalbit-adapt/1", "dry_run": bool, "rules": [rule, ...],
    "files": [{"source": path, "target": path, "entries": int, "changed": int,
    "changes": {rule: words changed}, "entries_changed": [{"line": int, "changes": ["파일→화일", ...]}],
    "left": [{"line": int, "word": str, "reason": str}]}],
    "total": {"files": int, "entries": int, "changed": int, "changes": {rule: int}, "left": int},
    "written": [path, ...]}``. Lines are the msgid lines in the source catalog.
    """
    return {
        "schema": SCHEMA, "dry_run": dry_run, "rules": list(report.rules),
        "files": [{"source": str(r.source), "target": str(r.target), "entries": r.entries,
                   "changed": len(r.changed), "changes": dict(sorted(r.changes.items())),
                   "entries_changed": [{"line": c.line, "changes": c.pairs} for c in r.changed],
                   "left": [{"line": left.line, "word": left.word, "reason": left.reason} for left in r.left]}
                  for r in report.files],
        "total": report.total(),
        "written": [str(path) for path in report.written],
    }
