"""``dalbit update``: merge new templates (.pot) into the catalogs (.po), losing nothing.

For each message of the template, in the template's order:

* the same msgid: the translation stays as it was;
* only whitespace or inline markup changed: the translation stays, its markup
  is updated where each piece maps one to one, and the update says so;
* a similar old msgid (msgmerge-style fuzzy match): the old translation comes
  back marked fuzzy, with the old msgid as ``#|`` so the translator sees the change;
* nothing similar: a new, empty message.

Old messages no template message took keep their translation as obsolete
(``#~``) entries, so a paragraph deleted by mistake can come back.

A message still without a translation is then offered, fuzzy, the translation of an equal or
similar English message from the translation memory: the project's other catalogs of the same
language and any compendium catalogs (``--compendium``, as msgmerge's), by the same measure as
the fuzzy match above, with its source in a translator comment (``# dalbit-memory: from os.po``).
A translation that exists is never replaced.
"""
from __future__ import annotations

import bisect
import copy
import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dalbit.catalogs import atomic_write_bytes, catalog_lock, lock_root, remove_stale_temp_files
from dalbit.errors import InputError
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import parse_po, raise_broken, read_or_error
from dalbit.po.writer import format_catalog
from dalbit.rstmarkup import find_markup

#: How similar an old msgid must be to be offered as a fuzzy translation (msgmerge uses 0.6).
FUZZY_CUTOFF = 0.6


@dataclass
class UpdateResult:
    path: str
    kept: int = 0
    markup_only: list[str] = field(default_factory=list)  # msgids whose markup or spacing alone changed
    retargeted: list[str] = field(default_factory=list)  # ... and whose translation's markup was updated
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    created: bool = False
    from_memory: int = 0  # of the fuzzy ones: offered by the translation memory
    changed: bool = False  # the catalog's bytes change (False: left as it was, whatever it holds)

    def summary(self) -> str:
        parts = [f"{self.kept} kept", f"{len(self.markup_only)} kept after a markup or whitespace change",
                 f"{self.fuzzy} fuzzy" + (f" ({self.from_memory} from memory)" if self.from_memory else ""),
                 f"{self.new} new", f"{self.obsolete} obsolete"]
        lines = [f"{self.path}: " + ", ".join(parts) + (" (created)" if self.created else "")]
        for msgid in self.markup_only:
            short = _normalized(msgid)
            what = ("only markup changed, the translation's markup updated and marked fuzzy for review"
                    if msgid in self.retargeted else "only spacing changed, translation kept")
            lines.append(f"{self.path}: {what}: {short[:70] + '…' if len(short) > 70 else short}")
        return "\n".join(lines)


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _prose(text: str) -> str:
    """The words of a message with each piece of markup reduced to its text."""
    out, last = [], 0
    for item in find_markup(text):
        out.append(text[last:item.start])
        out.append(item.display if item.display is not None else item.key)
        last = item.end
    out.append(text[last:])
    return _normalized("".join(out))


def _retarget_markup(old_msgid: str, new_msgid: str, msgstr: str) -> str | None:
    """The translation with each old markup piece replaced by its new one, or None if unsafe.

    Only a piece whose words stay the same is replaced (``notel`` becoming :term:`notel`):
    when words move into or out of markup, the translation needs a translator, not a rewrite.
    """
    old_items, new_items = find_markup(old_msgid), find_markup(new_msgid)
    if len(old_items) != len(new_items):
        return None
    for old, new in zip(old_items, new_items):
        if old.source == new.source:
            continue
        if _prose(old.source) != _prose(new.source) or msgstr.count(old.source) != 1:
            return None
        msgstr = msgstr.replace(old.source, new.source)
    return msgstr


def _closest(text: str, candidates: list[Entry]) -> tuple[Entry | None, float]:
    """The candidate whose msgid is most similar to ``text``, by difflib's ratio over words
    (a paragraph is tens of words but hundreds of characters), with cheap bounds first."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    words = text.split()
    matcher.set_seq2(words)  # difflib caches what it learns about the second sequence
    best, score = None, 0.0
    length = len(words)
    for candidate in candidates:
        other_words = candidate.msgid.split()
        other = len(other_words)
        if not other or 2.0 * min(length, other) / (length + other) < max(score, FUZZY_CUTOFF):
            continue  # even a perfect overlap could not beat the best so far
        matcher.set_seq1(other_words)
        if matcher.quick_ratio() <= max(score, FUZZY_CUTOFF - 1e-9):
            continue
        value = matcher.ratio()
        if value > score:
            best, score = candidate, value
    return best, score


#: The translator comment that says where a translation memory's offer came from.
MEMORY_NOTE = "dalbit-memory: from "


@dataclass
class Memory:
    """Translated English messages of other catalogs, each with the catalog it was found in.

    The first catalog read that has a message gives its translation (the project's own
    catalogs before the compendia, each in order); fuzzy and plural messages are not offered."""

    by_msgid: dict[str, list[tuple[Entry, str]]] = field(default_factory=dict)
    candidates: list[Entry] = field(default_factory=list)  # one entry per msgid, for _closest
    unreadable: set[str] = field(default_factory=set)  # the project's catalogs left out, broken
    _postings: dict[str, list[int]] | None = None  # word -> indexes of the candidates holding it
    _words: list[tuple[int, frozenset[str]]] = field(default_factory=list)  # per candidate: length, words
    _lengths: dict[str, list[int]] = field(default_factory=dict)  # the lengths along each posting

    def add(self, catalog: Catalog, source: str) -> None:
        for entry in catalog.messages:
            if not entry.msgid or entry.msgid_plural is not None or not entry.translated:
                continue
            found = self.by_msgid.setdefault(entry.msgid, [])
            if not found:
                self.candidates.append(entry)
                self._postings = None
            found.append((entry, source))

    def offer(self, msgid: str, own: str) -> tuple[Entry, str] | None:
        """The remembered message equal to ``msgid``, else the most similar one (at least
        FUZZY_CUTOFF), and where it came from: another catalog than ``own`` where there is one."""
        found = self.by_msgid.get(msgid)
        if found is None:
            best, score = _closest(msgid, self._sharing_words(msgid))
            if best is None or score < FUZZY_CUTOFF:
                return None
            found = self.by_msgid[best.msgid]
        return next(((e, s) for e, s in found if s != own), found[0])

    def _sharing_words(self, msgid: str) -> list[Entry]:
        """The candidates that can reach FUZZY_CUTOFF, in the memory's order (so _closest picks
        what a scan of every candidate picks): a memory holds tens of thousands of messages.

        A prefix filter: a match of L + O words (O at least L * c / (2 - c), _closest's length
        bound) shares at least t = c * (L + O) / 2 of the L words of ``msgid``, so it holds one of
        the L - t + 1 rarest of them; only candidates holding one of those are compared."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            splits = [entry.msgid.split() for entry in self.candidates]
            self._words = [(len(split), frozenset(split)) for split in splits]
            # Each word's candidates shortest first, so a common word is looked up only
            # among the short candidates it can still decide (below).
            for index in sorted(range(len(self._words)), key=lambda i: self._words[i][0]):
                for word in self._words[index][1]:
                    postings.setdefault(word, []).append(index)
            self._postings = postings
            self._lengths = {w: [self._words[i][0] for i in held] for w, held in postings.items()}
        words = msgid.split()
        length = len(words)
        if not length:
            return []
        shortest = max(1, math.ceil(length * FUZZY_CUTOFF / (2 - FUZZY_CUTOFF) - 1e-9))
        shared = max(1, math.floor(FUZZY_CUTOFF * (length + shortest) / 2 - 1e-9))
        rarest = sorted(words, key=lambda w: (len(self._postings.get(w, ())), w))[:length - shared + 1]
        indexes: set[int] = set()
        seen: set[str] = set()
        for position, word in enumerate(rarest):
            if word in seen or word not in self._postings:
                continue
            seen.add(word)
            # The word at this position is among the rarest L - t + 1 only for candidates short
            # enough that t = c * (L + O) / 2 is at most L - position (one word of slack).
            longest = 2 * (length - position + 1) / FUZZY_CUTOFF - length + 1
            held = self._postings[word]
            indexes.update(held[:bisect.bisect_right(self._lengths[word], longest)])
        # Then the words they share, counted as often as msgid has them, bound the matches.
        counts = Counter(words)
        query = frozenset(counts)
        kept = []
        for i in sorted(indexes):
            other, held = self._words[i]
            bound = sum(counts[w] for w in query & held)
            if 2.0 * min(bound, other) >= (FUZZY_CUTOFF - 1e-9) * (length + other):
                kept.append(self.candidates[i])
        return kept


def load_memory(own_dir: Path | None, compendia: list[Path]) -> Memory:
    """The translation memory for one language: every readable catalog under ``own_dir`` (named
    from there, e.g. ``library/os.po``), then each compendium file or folder of catalogs.

    A broken catalog of the project is left out here (updating it names it); a broken
    compendium is an InputError, as it was named on the command line."""
    memory, broken = Memory(), []
    if own_dir is not None and own_dir.is_dir():
        for path in sorted(own_dir.rglob("*.po")):
            catalog = read_or_error(path)
            if isinstance(catalog, InputError):
                memory.unreadable.add(path.relative_to(own_dir).as_posix())
            else:
                memory.add(catalog, path.relative_to(own_dir).as_posix())
    for compendium in compendia:
        if not compendium.exists():
            broken.append(InputError(str(compendium), 0, "no such compendium: give a .po file or a "
                                                        "folder of them to --compendium"))
            continue
        for path in sorted(compendium.rglob("*.po")) if compendium.is_dir() else [compendium]:
            catalog = read_or_error(path)
            if isinstance(catalog, InputError):
                broken.append(catalog)
            else:
                memory.add(catalog, str(path))
    raise_broken(broken)
    return memory


def _offer_from_memory(entry: Entry, memory: Memory, own: str) -> bool:
    """Fill an untranslated singular message from the memory, fuzzy, saying where from."""
    found = memory.offer(entry.msgid, own)
    if found is None:
        return False
    remembered, source = found
    entry.msgstr = remembered.msgstr
    entry.flags = sorted(set(entry.flags) | {"fuzzy"})
    entry.translator_comments = [c for c in entry.translator_comments if not c.startswith(MEMORY_NOTE)]
    entry.translator_comments.append(MEMORY_NOTE + source)
    if remembered.msgid != entry.msgid:  # show the translator what the offered translation said
        entry.previous_msgid, entry.previous_msgctxt = remembered.msgid, remembered.msgctxt
        entry.previous_msgid_plural = None
    return True


def _has_translation(entry: Entry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural)


def _nplurals(catalog: Catalog | None) -> int:
    """nplurals of the catalog's Plural-Forms (1, Korean's, when it says none)."""
    header = catalog.header if catalog is not None else None
    if header is not None and (m := re.search(r"nplurals\s*=\s*([0-9]+)", header.msgstr)):
        return max(1, int(m.group(1)))
    return 1


def _previous_messages(old: Catalog | None) -> tuple[dict[tuple[str | None, str], Entry], list[Entry]]:
    """The old messages by (msgctxt, msgid), and obsolete twins of live messages to keep as they are.

    A live message comes first; its obsolete twin fills it when it has no translation of its
    own (an exact match, as msgmerge would take it), and stays obsolete when it says something else.
    """
    previous: dict[tuple[str | None, str], Entry] = {}
    twins: list[Entry] = []
    if old is None:
        return previous, twins
    for e in sorted((e for e in old.entries if not e.is_header), key=lambda e: e.obsolete):
        key = (e.msgctxt, e.msgid)
        live = previous.get(key)
        if live is None:
            previous[key] = e
        elif not _has_translation(live) and _has_translation(e):
            filled = copy.copy(live)
            filled.msgstr, filled.msgstr_plural = e.msgstr, list(e.msgstr_plural)
            filled.flags = [f for f in live.flags if f != "fuzzy"] + (["fuzzy"] if e.fuzzy else [])
            filled.msgid_plural = e.msgid_plural  # the translation's shape: _carry fits it to the template
            previous[key] = filled
        elif _has_translation(e) and (e.msgstr, e.msgstr_plural) != (live.msgstr, live.msgstr_plural):
            twins.append(e)
    return previous, twins


def merge(template: Catalog, old: Catalog | None, language: str,
          memory: Memory | None = None, own: str = "") -> tuple[Catalog, UpdateResult]:
    """The old catalog's translations placed on the template's messages. None is lost: what
    cannot be placed exactly comes back fuzzy (with its old msgid as ``#|``) or stays obsolete.
    Messages left untranslated are offered the memory's translation, fuzzy (``own`` is this
    catalog's name in the memory: an offer from elsewhere is named first)."""
    result = UpdateResult(old.path if old else template.path)
    nplurals = _nplurals(old)
    previous, twins = _previous_messages(old)
    used: set[tuple[str | None, str]] = set()
    entries: list[Entry] = []
    by_prose: dict[str, Entry] = {}  # words -> the first old singular message with them and a translation
    for entry in previous.values():
        if entry.msgid_plural is None and (entry.translated or (entry.fuzzy and entry.msgstr)):
            by_prose.setdefault(_prose(entry.msgid), entry)
    candidates = [e for e in previous.values() if _has_translation(e) and e.msgid]
    for source in template.messages:
        key = (source.msgctxt, source.msgid)
        entry = Entry(msgid=source.msgid, msgctxt=source.msgctxt, msgid_plural=source.msgid_plural,
                      msgstr_plural=[""] * nplurals if source.msgid_plural is not None else [],
                      extracted_comments=list(source.extracted_comments),
                      reference_lines=list(source.reference_lines),
                      flags=[f for f in source.flags if f != "fuzzy"])
        match = previous.get(key)
        if match is not None:
            # The same key: like msgmerge, msgstr[0] alone goes on when the message stops being
            # plural (an obsolete twin of a live message is a duplicate to msgfmt). Korean has one form.
            _carry(match, entry, nplurals)
            if match.msgid_plural != source.msgid_plural and _has_translation(match):
                _mark_fuzzy(entry, match)  # msgmerge: a plural changed is a fuzzy match
            used.add(key)
            if entry.fuzzy and not match.fuzzy:
                result.fuzzy += 1
            else:
                result.kept += 1
        elif (same := by_prose.get(_prose(source.msgid))) is not None and source.msgid_plural is None:
            moved = _retarget_markup(same.msgid, source.msgid, same.msgstr)
            _carry(same, entry, nplurals)
            used.add((same.msgctxt, same.msgid))
            if moved is None:  # words moved into or out of markup: the old translation, to review
                _mark_fuzzy(entry, same)
                result.fuzzy += 1
            else:
                result.markup_only.append(source.msgid)
                if _normalized(same.msgid) != _normalized(source.msgid):
                    # Markup changed: a translation rewritten by us (or markup that moved to
                    # other words) is reviewed by someone. Only spacing changed: nothing to review.
                    entry.msgstr = moved
                    _mark_fuzzy(entry, same)
                    result.retargeted.append(source.msgid)
        else:
            best, score = _closest(source.msgid, candidates)
            if best is not None and score >= FUZZY_CUTOFF:
                if _carry(best, entry, nplurals):
                    used.add((best.msgctxt, best.msgid))
                _mark_fuzzy(entry, best)
                result.fuzzy += 1
            elif memory is None or source.msgid_plural is not None \
                    or not _offer_from_memory(entry, memory, own):
                result.new += 1
            else:
                result.fuzzy += 1
                result.from_memory += 1
        if match is not None and memory is not None and source.msgid_plural is None \
                and not _has_translation(entry) and _offer_from_memory(entry, memory, own):
            result.kept -= 1  # an old untranslated message: now offered a translation
            result.fuzzy += 1
            result.from_memory += 1
        entries.append(entry)
    # Like msgmerge, an old message whose translation now lives in a fuzzy or moved
    # entry is not kept twice; every other translated one is kept as obsolete.
    for key, entry in previous.items():
        if key in used or not _has_translation(entry):
            continue
        entry.obsolete = True
        entries.append(entry)
        result.obsolete += 1
    for twin in twins:
        entries.append(twin)
        result.obsolete += 1
    changed = old is None or result.fuzzy or result.new or result.markup_only \
        or [(e.msgctxt, e.msgid) for e in entries if not e.obsolete] != \
        [(e.msgctxt, e.msgid) for e in old.messages]
    return Catalog(result.path, [_header(template, old, language, bool(changed)), *entries]), result


def _mark_fuzzy(entry: Entry, old: Entry) -> None:
    """Fuzzy, with the old msgid (and msgctxt, msgid_plural) as ``#|`` for the translator."""
    if not _has_translation(entry):
        return
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not old.fuzzy or old.previous_msgid is None:  # an older #| stays: it is what was translated
        entry.previous_msgid, entry.previous_msgctxt = old.msgid, old.msgctxt
        entry.previous_msgid_plural = old.msgid_plural


def _carry(old: Entry, new: Entry, nplurals: int) -> bool:
    """Copy what belongs to the translation, not to the template, in the new message's shape
    (as msgmerge does: a singular translation fills every plural form; a plural one gives
    msgstr[0]). False when some of the old translation does not fit: then it is kept obsolete too."""
    whole = True
    if new.msgid_plural is None:
        forms = old.msgstr_plural if old.msgid_plural is not None else [old.msgstr]
        new.msgstr = forms[0] if forms else ""
        whole = all(form in ("", new.msgstr) for form in forms)
    elif old.msgid_plural is None:
        new.msgstr_plural = [old.msgstr] * nplurals
    else:
        new.msgstr_plural = list(old.msgstr_plural)
    new.translator_comments = list(old.translator_comments)
    new.flags = sorted(set(new.flags) | {f for f in old.flags if f == "fuzzy" or f.startswith("dalbit")})
    if old.fuzzy:
        new.previous_msgid = old.previous_msgid
        new.previous_msgctxt = old.previous_msgctxt
        new.previous_msgid_plural = old.previous_msgid_plural
    return whole


_FIELD = re.compile(r"^([^:]+):(.*)$")


def _fields(header: str) -> dict[str, str]:
    """A header's ``Key: value`` lines, in order (of a key written twice, the last value)."""
    return {m.group(1).strip(): m.group(2).strip() for line in header.split("\n") if (m := _FIELD.match(line))}


def _header(template: Catalog, old: Catalog | None, language: str, changed: bool) -> Entry:
    """The catalog's header: the translator's fields kept; the template's date only when
    the messages changed, so an update that changes nothing changes no byte."""
    source = _fields(template.header.msgstr if template.header else "")
    if old is not None and old.header is not None:
        fields = _fields(old.header.msgstr)
        comments = list(old.header.translator_comments)
    else:
        fields = {**source, "Language": language, "Plural-Forms": "nplurals=1; plural=0;",
                  "Content-Type": "text/plain; charset=UTF-8",
                  "PO-Revision-Date": source.get("POT-Creation-Date", ""),
                  "Last-Translator": "", "Language-Team": ""}
        comments = []
    for key, value in source.items():
        if key == "Project-Id-Version" or (key == "POT-Creation-Date" and changed):
            fields[key] = value
    text = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return Entry(msgid="", msgstr=text, translator_comments=comments)


def merge_file(pot: Path, po: Path, language: str, memory: Memory | None = None,
               own: str = "") -> tuple[str, UpdateResult]:
    """The updated text of one catalog (nothing written)."""
    # Both read before either error is raised: a broken template does not hide a broken catalog.
    template = read_or_error(pot)
    old = read_or_error(po) if po.exists() or po.is_symlink() else None  # a FIFO or folder: an error
    raise_broken([item for item in (template, old) if isinstance(item, InputError)])
    merged, result = merge(template, old, language, memory, own)
    result.path, result.created = str(po), old is None
    text = format_catalog(merged)
    parse_po(text, str(po))  # never write what we could not read back
    return text, result


def update_all(pot_dir: Path, locale_dir: Path, languages: list[str], write: bool = True,
               command: str = "dalbit update", compendia: list[Path] | None = None,
               use_memory: bool = True) -> list[UpdateResult]:
    """Merge every template into every language's catalogs.

    With ``use_memory``, untranslated messages are offered translations from the language's
    other catalogs and from ``compendia`` (files or folders of catalogs), fuzzy.

    Everything is read and merged before anything is written: one broken catalog
    (a PoSyntaxError) leaves every file as it was. Writing, the command holds the catalogs'
    lock from the first read to the last write, so no other writer's edits are lost.
    """
    def merged() -> list[tuple[Path, str, UpdateResult]]:
        updates = _merge_all(pot_dir, locale_dir, languages, compendia, use_memory)
        for po, text, result in updates:
            result.changed = not po.is_file() or po.read_bytes() != text.encode("utf-8")
        return updates

    if not write:
        return [result for _, _, result in merged()]
    with catalog_lock(lock_root([locale_dir]), command):
        updates = merged()
        remove_stale_temp_files(po.parent for po, _, _ in updates)
        for po, text, result in updates:
            if result.changed:
                atomic_write_bytes(po, text.encode("utf-8"))
    return [result for _, _, result in updates]


def _merge_all(pot_dir: Path, locale_dir: Path, languages: list[str], compendia: list[Path] | None,
               use_memory: bool) -> list[tuple[Path, str, UpdateResult]]:
    updates, broken = [], []
    pots = sorted(pot_dir.rglob("*.pot"))
    names = [pot.relative_to(pot_dir).with_suffix(".po").as_posix() for pot in pots]  # each catalog's, from LC_MESSAGES
    for language in languages:
        target = locale_dir / language / "LC_MESSAGES"
        memory = load_memory(target if use_memory else None, list(compendia or [])) \
            if use_memory or compendia else None
        if memory is not None and memory.unreadable & set(names):
            memory = None  # a catalog to update is broken: nothing will be written, so search nothing
        for pot, name in zip(pots, names):
            po = target / name
            try:
                updates.append((po, *merge_file(pot, po, language, memory, name)))
            except InputError as error:  # every broken file is named in one run
                broken.append(error)
    raise_broken(broken)
    return updates
