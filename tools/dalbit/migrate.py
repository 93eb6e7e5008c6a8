"""``dalbit migrate-term OLD NEW``: when the glossary changes a rendering,
rewrite it in every catalog, fix the particle it carries, and mark each
changed entry fuzzy so a reviewer looks at it.

The catalogs are edited as text, line by line, so nothing else in them moves.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dalbit.catalogs import atomic_write_bytes
from dalbit.korean import NOUN_TAILS, agreeing_particle, hangul_run, is_hangul, particle_at
from dalbit.errors import InputError
from dalbit.po import raise_broken, read_catalog


@dataclass(frozen=True)
class Change:
    path: str
    line: int
    before: str
    after: str


def rewrite(text: str, old: str, new: str) -> str:
    """Replace ``old`` where it stands as a word (particles may follow) and fix the particle."""
    out = []
    i = 0
    while True:
        j = text.find(old, i)
        if j < 0:
            out.append(text[i:])
            break
        end = j + len(old)
        starts_word = j == 0 or not is_hangul(text[j - 1])
        if not starts_word or hangul_run(text, end) not in NOUN_TAILS + ("",):
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


def migrate_file(path: Path, old: str, new: str) -> tuple[list[Change], str]:
    """One catalog rewritten (not written): only msgstr lines change; each changed entry gets fuzzy."""
    old, new = unicodedata.normalize("NFC", old), unicodedata.normalize("NFC", new)
    catalog = read_catalog(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    changes = []
    flag_at: list[int] = []  # 0-based index of the msgid line of each changed entry
    for entry in catalog.messages:
        if not entry.msgstr or old not in entry.msgstr:
            continue
        index = entry.line - 1
        # The msgstr lines: from the msgstr keyword to the next line that is not a string.
        k = index + 1
        while not lines[k].lstrip().startswith("msgstr"):
            k += 1
        changed = False
        while k < len(lines) and (lines[k].lstrip().startswith(("msgstr", '"'))):
            updated = rewrite(lines[k], old, new)
            if updated != lines[k]:
                lines[k], changed = updated, True
            k += 1
        if changed:
            changes.append(Change(str(path), entry.line, entry.msgstr, rewrite(entry.msgstr, old, new)))
            if not entry.fuzzy:
                flag_at.append(index)
    for index in sorted(flag_at, reverse=True):
        # Put the flag on the entry's "#," line, or add one just before msgctxt/msgid/#|.
        top = index
        while top > 0 and lines[top - 1].startswith(("#|", "msgctxt")):
            top -= 1
        if top > 0 and lines[top - 1].startswith("#,"):
            lines[top - 1] = lines[top - 1].replace("#,", "#, fuzzy,", 1)
        else:
            lines.insert(top, "#, fuzzy")
    return changes, "\n".join(lines)


def migrate_term(paths: list[Path], old: str, new: str, write: bool = True) -> list[Change]:
    """Rewrite every catalog; all are read first, so a broken one leaves every file as it was."""
    rewritten, broken = [], []
    for path in paths:
        try:
            rewritten.append((path, *migrate_file(path, old, new)))
        except InputError as error:  # every broken file is named in one run
            broken.append(error)
    raise_broken(broken)
    if write:
        for path, changes, text in rewritten:
            if changes:
                atomic_write_bytes(path, text.encode("utf-8"))
    return [change for _, changes, _ in rewritten for change in changes]
