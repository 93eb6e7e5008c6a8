"""What msgfmt --check refuses beyond syntax: duplicates among obsolete entries, plural
counts, newlines at the ends of a translation, a charset other than UTF-8.

read_catalog runs it on every catalog it reads: a file msgfmt would refuse is unusable input
(exit 2), not a list of findings.
"""
from __future__ import annotations

from dalbit.plurals import PluralError, PluralForms, plural_forms
from dalbit.po.model import Catalog, Entry, PoSyntaxError


def validate_catalog(catalog: Catalog) -> None:
    """Raise PoSyntaxError, at the entry's line, for the first thing msgfmt --check refuses."""
    _check_header(catalog)
    _check_entries(catalog)


def catalog_plural_forms(catalog: Catalog) -> PluralForms | None:
    """The header's Plural-Forms, evaluated as msgfmt does; None when it has none.
    PoSyntaxError (at the header) for one msgfmt --check refuses."""
    header = catalog.header
    if header is None:
        return None
    for line in header.msgstr.split("\n"):
        key, _, value = line.partition(":")
        if key.strip().lower() == "plural-forms":
            try:
                return plural_forms(value)
            except PluralError as error:
                raise PoSyntaxError(catalog.path, header.line, f"Plural-Forms: {error}") from None
    return None


def _check_entries(catalog: Catalog) -> None:
    """What msgfmt --check rejects beyond syntax: duplicates among obsolete entries, plural
    counts, line structure. Like msgfmt it looks only at translated, non-fuzzy entries (the
    first form not empty): those are the ones a program shows. Format directives are the
    checker's findings (dalbit.formats), not a reason to refuse the whole file."""
    entries = catalog.entries
    keys = [(entry.msgctxt, entry.msgid) for entry in entries]
    if len(set(keys)) != len(keys):  # the parsers refuse duplicates among live entries only
        seen: dict[tuple[str | None, str], int] = {}
        for key, entry in zip(keys, entries):
            if key in seen:
                raise PoSyntaxError(catalog.path, entry.line, f"duplicate message definition (first at line "
                                    f"{seen[key]}, one of them obsolete #~): delete the obsolete one")
            seen[key] = entry.line
    forms = catalog_plural_forms(catalog)
    for entry in entries:
        if entry.fuzzy or entry.obsolete:
            continue
        msgid = entry.msgid
        if entry.msgid_plural is None:  # the usual entry: one msgstr, compared without a list
            if entry.msgstr and msgid:
                _same_newlines(catalog, entry, "msgstr", entry.msgstr)
            continue
        targets = entry.msgstr_plural
        if not targets or not targets[0]:
            continue
        if forms is None:
            raise PoSyntaxError(catalog.path, entry.line, "a plural message, but the header has no Plural-Forms "
                                "with nplurals= and plural=: add e.g. Plural-Forms: nplurals=1; plural=0;")
        if len(targets) != forms.nplurals:
            nplurals = forms.nplurals
            raise PoSyntaxError(catalog.path, entry.line, f"{len(targets)} plural forms but the "
                                f"header says nplurals={nplurals}: give msgstr[0] to msgstr[{nplurals - 1}]")
        _same_newlines(catalog, entry, "msgid_plural", entry.msgid_plural)
        for index, target in enumerate(targets):
            _same_newlines(catalog, entry, f"msgstr[{index}]", target)


def _same_newlines(catalog: Catalog, entry: Entry, field_name: str, text: str) -> None:
    """msgfmt --check: the msgid and each other string begin alike and end alike with \\n."""
    msgid = entry.msgid
    if not msgid:
        return
    if msgid.startswith("\n") != text.startswith("\n"):
        raise PoSyntaxError(catalog.path, entry.line, f"msgid and {field_name} do not both begin "
                                                      "with \\n: start the translation the same way")
    if msgid.endswith("\n") != text.endswith("\n"):
        raise PoSyntaxError(catalog.path, entry.line, f"msgid and {field_name} do not both end "
                                                      "with \\n: end the translation the same way")


def _check_header(catalog: Catalog) -> None:
    header = catalog.header
    if header is None:
        return
    for line in header.msgstr.split("\n"):
        key, _, value = line.partition(":")
        if key.strip().lower() == "content-type" and "charset=" in value:
            charset = value.split("charset=", 1)[1].strip().lower()
            if charset not in ("utf-8", "utf8", "charset"):
                raise PoSyntaxError(catalog.path, header.line, f"charset {charset} in the header: "
                                                               "Dalbit reads UTF-8 only; convert the "
                                                               "file (msgconv -t UTF-8) and say "
                                                               "charset=UTF-8")
