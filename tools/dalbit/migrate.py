"""``dalbit migrate-term OLD NEW``: when the glossary changes a rendering,
rewrite it in every catalog, fix the particle it carries, and mark each
changed entry fuzzy so a reviewer looks at it.

The catalogs are read into entries and written back by format_catalog, the one
writer of catalogs: only translations change (escapes, multi-line msgctxt and the
rest of the file are the writer's business, not a text substitution's).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dalbit.catalogs import atomic_write_bytes, catalog_lock, lock_root, remove_stale_temp_files
from dalbit.errors import InputError
from dalbit.korean import NOUN_TAILS, agreeing_particle, hangul_run, is_hangul, particle_at
from dalbit.po.model import Entry
from dalbit.po.reader import parse_po, raise_broken, read_catalog
from dalbit.po.writer import format_catalog
from dalbit.rstmarkup import protected_spans


@dataclass(frozen=True)
class Change:
    path: str
    line: int
    before: str
    after: str


def usable_term(term: str, what: str) -> str:
    """The term NFC-normalised; an empty or blank one is unusable (it is found everywhere)."""
    if not term.strip():
        raise InputError(what, 0, "the term is empty: give the rendering to replace, e.g. "
                                  "dalbit migrate-term 뇌물 뢰물")
    return unicodedata.normalize("NFC", term)


#: Markup whose text the reader sees as written (``code``, :func:`name`): not prose to rewrite.
#: A role's or a link's display text is prose (:term:`손전화 <mobile phone>`), and is rewritten.
_CODE = ("literal", "code")


def rewrite(text: str, old: str, new: str) -> str:
    """Replace ``old`` where it stands as a word (particles may follow) and fix the particle;
    not inside code, an address or a placeholder."""
    if not old:
        return text  # an empty term is found at every position: nothing to replace
    protected = protected_spans(text, _CODE) if old in text else []
    out = []
    i = 0
    while True:
        j = text.find(old, i)
        if j < 0:
            out.append(text[i:])
            break
        end = j + len(old)
        starts_word = j == 0 or not is_hangul(text[j - 1])
        inside = any(start < end and j < stop for start, stop in protected)
        if inside or not starts_word or hangul_run(text, end) not in NOUN_TAILS + ("",):
            out.append(text[i:end])
            i = end
            continue
        out.append(text[i:j] + new)
        particle = particle_at(text, end)
        if particle is not None:
            right = agreeing_particle(new, particle)
            if right and right != particle:
                out.append(right)
                end += len(particle)
        i = end
    return "".join(out)


def _rewrite_entry(entry: Entry, old: str, new: str) -> bool:
    """Rewrite the translation (every plural form) of one entry; True when it changed."""
    if entry.msgid_plural is not None:
        forms = [rewrite(form, old, new) for form in entry.msgstr_plural]
        changed = forms != entry.msgstr_plural
        entry.msgstr_plural = forms
    else:
        text = rewrite(entry.msgstr, old, new)
        changed = text != entry.msgstr
        entry.msgstr = text
    if changed and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    return changed


def migrate_file(path: Path, old: str, new: str) -> tuple[list[Change], str]:
    """One catalog rewritten (not written), the terms NFC already: only translations change, each changed
    entry gets fuzzy."""
    catalog = read_catalog(path)
    changes = []
    for entry in catalog.messages:
        before = entry.msgstr if entry.msgid_plural is None else "\n".join(entry.msgstr_plural)
        if old in before and _rewrite_entry(entry, old, new):
            after = entry.msgstr if entry.msgid_plural is None else "\n".join(entry.msgstr_plural)
            changes.append(Change(str(path), entry.line, before, after))
    text = format_catalog(catalog)
    parse_po(text, str(path))  # never write what we could not read back
    return changes, text


def migrate_term(paths: list[Path], old: str, new: str, write: bool = True,
                 command: str = "dalbit migrate-term") -> list[Change]:
    """Rewrite every catalog; all are read first, so a broken one leaves every file as it was
    (and every broken one is named in one run). Writing, the catalogs' lock is held from the
    first read to the last write."""
    old, new = usable_term(old, "OLD"), unicodedata.normalize("NFC", new)

    def rewrite_all() -> list[tuple[Path, list[Change], str]]:
        rewritten, broken = [], []
        for path in paths:
            try:
                rewritten.append((path, *migrate_file(path, old, new)))
            except InputError as error:
                broken.append(error)
        raise_broken(broken)
        return rewritten

    if not write:
        return [change for _, changes, _ in rewrite_all() for change in changes]
    with catalog_lock(lock_root(paths), command):
        remove_stale_temp_files(path.parent for path in paths)
        rewritten = rewrite_all()
        for path, changes, text in rewritten:
            if changes:
                atomic_write_bytes(path, text.encode("utf-8"))
    return [change for _, changes, _ in rewritten for change in changes]
