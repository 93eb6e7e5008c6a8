"""Korean books list their index and sorted glossaries in North Korean order.

Sphinx sorts both by Unicode (NFD), which is the South Korean order. The
general index is re-sorted in the page's context (``html-page-context`` for
``genindex``, in the HTML and EPUB builders alike) and sorted glossaries by a
transform that runs right after Sphinx's own ``GlossarySorter``. Both use
:func:`dalbit.collation.sort_key`; nothing changes for other languages.
"""
from __future__ import annotations

import unicodedata
from itertools import groupby
from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import GlossarySorter, SphinxTransform

from dalbit.collation import initial_letter, sort_key

#: One index entry as Sphinx's genindex template takes it: (word, (targets, subitems, category)).
IndexEntry = tuple[str, tuple[Any, list[tuple[str, Any]], str | None]]


def is_korean(language: str | None) -> bool:
    return bool(language) and language.split("_")[0].split("-")[0] == "ko"


def _entry_key(entry: IndexEntry) -> tuple[tuple[int, str], str]:
    """Sphinx's key (symbols first, then letters), with Hangul in the North's order."""
    word, (_targets, _subitems, category) = entry
    key = (category or word).removeprefix("\N{RIGHT-TO-LEFT MARK}")
    first = unicodedata.normalize("NFD", key.lower())[0:1]
    group = 1 if first.isalpha() or first == "_" else 0
    return (group, sort_key(key)), sort_key(word)


def _sub_key(item: tuple[str, Any]) -> str:
    key = item[0].removeprefix("\N{RIGHT-TO-LEFT MARK}")
    first = key[0:1]
    return (chr(127) if first.isalpha() or first == "_" else "") + sort_key(key)


def _heading(entry: IndexEntry, old_headings: dict[str, str]) -> str:
    word, (_targets, _subitems, category) = entry
    if category is not None:
        return category
    return initial_letter(word.removeprefix("\N{RIGHT-TO-LEFT MARK}")) or old_headings[word]


def north_korean_index(genindex: list[tuple[str, list[IndexEntry]]]) -> list[tuple[str, list[IndexEntry]]]:
    """Sphinx's grouped general index, re-sorted and re-grouped in North Korean order.

    Headings of Hangul entries are their initial consonant (ㄱ ... ㅎ ㄲ ... ㅉ ㅇ);
    the others keep Sphinx's heading (a letter, or "Symbols").
    """
    old_headings = {word: heading for heading, entries in genindex for word, _ in entries}
    flat = [(word, (targets, sorted(subitems, key=_sub_key), category))
            for _heading_, entries in genindex for word, (targets, subitems, category) in entries]
    flat.sort(key=_entry_key)
    return [(heading, list(group))
            for heading, group in groupby(flat, key=lambda entry: _heading(entry, old_headings))]


def sort_genindex(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """html-page-context: the general index of a Korean book in North Korean order."""
    if "genindexentries" not in context or not is_korean(app.config.language):
        return
    genindex = north_korean_index(context["genindexentries"])
    context["genindexentries"] = genindex
    context["genindexcounts"] = [sum(1 + len(subitems) for _, (_, subitems, _) in entries)
                                 for _heading_, entries in genindex]


class NorthKoreanGlossarySorter(SphinxTransform):
    """Sorted glossaries of a Korean book, in North Korean order (after i18n, like Sphinx's)."""

    default_priority = GlossarySorter.default_priority + 1

    def apply(self, **kwargs: Any) -> None:
        if not is_korean(self.config.language):
            return
        for glossary in self.document.findall(addnodes.glossary):
            if glossary["sorted"]:
                items = glossary[0]
                items[:] = sorted(items, key=lambda item: sort_key(item[0].astext()))


def setup_order(app: Sphinx) -> None:
    app.add_transform(NorthKoreanGlossarySorter)
    app.connect("html-page-context", sort_genindex)

