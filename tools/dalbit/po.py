"""A fast, strict reader for gettext .po files, with line numbers.

Babel and polib are the references for what a catalog means; this reader
exists because the checker must read 76,000 entries in well under Babel's
time, and must say ``file:line`` for every entry and every syntax error.
It reads what GNU gettext writes and nothing looser.
"""
from __future__ import annotations

import errno
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dalbit.errors import InputError, InputErrors
from dalbit.plurals import PluralError, PluralForms, plural_forms


class PoSyntaxError(InputError):
    """A catalog that cannot be read: ``file:line: what is wrong, how to fix``."""


@dataclass(slots=True)
class Entry:
    """One message of a catalog."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    reference_lines: list[str] = field(default_factory=list)  # "#:" comments as written
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    line: int = 0  # line of the msgid keyword
    previous_msgid_plural: str | None = None  # "#| msgid_plural": the entry was plural before

    @property
    def references(self) -> list[str]:
        return [r for line in self.reference_lines for r in line.split()]

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Translated and not fuzzy: what a reader will see."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


@dataclass
class Catalog:
    path: str
    entries: list[Entry]

    @property
    def header(self) -> Entry | None:
        return self.entries[0] if self.entries and self.entries[0].is_header else None

    @property
    def messages(self) -> list[Entry]:
        """Live messages: no header, no obsolete entries."""
        return [e for e in self.entries if not e.is_header and not e.obsolete]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}


def _unquote(text: str, path: str, line: int) -> str:
    """The value of one quoted C string: ``"a\\"b"`` -> ``a"b``."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoSyntaxError(path, line, "expected a string in double quotes: quote the text "
                                        'as "..." and escape inner quotes as \\"')
    body = text[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise PoSyntaxError(path, line, 'unescaped " inside a string: write \\"')
        return body
    out = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            if i + 1 >= n:
                raise PoSyntaxError(path, line, "string ends with a lone backslash: write \\\\")
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise PoSyntaxError(path, line, f"invalid escape \\{nxt}: write \\\\{nxt} for a backslash")
            out.append(_ESCAPES[nxt])
            i += 2
        elif ch == '"':
            raise PoSyntaxError(path, line, 'unescaped " inside a string: write \\"')
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading and checking catalogs make many small containers and no reference cycle.

    Left on, the cyclic garbage collector would walk them again and again for
    nothing: a tenth of the time of reading a project's catalogs, a fifth of
    checking them. Mercurial's util.nogc does this for the same reason.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def translator_comment(line: str) -> str:
    """The text of a "# ..." line (stripped), as format_entry writes it back: the one space
    after "#" is the form, the rest is the comment ("#  indented" keeps its indent, and "#!"
    stays "#!", not "# !")."""
    text = line[1:]
    if text.startswith(" ") and not text.lstrip(" ").startswith("!"):
        return text[1:]
    return text


def parse_po(text: str, path: str = "<string>") -> Catalog:
    """Parse the text of a catalog. Raises PoSyntaxError on anything msgfmt rejects."""
    with no_cycle_collection():
        return _parse_po_fast(text, path) or _parse_po_lines(text, path)


# -- the fast path ------------------------------------------------------------------------------
#
# One regular expression matches a whole entry in the shape GNU gettext and format_catalog
# write: comments, previous msgctxt/msgid ("#|"), msgctxt, msgid, then msgstr or msgid_plural
# and msgstr[0], msgstr[1], ...; each line exactly `keyword "..."` or `"..."`, "#~ " before every
# field line of an obsolete entry, entries separated by empty lines. Anything else, and any entry
# the line parser would reject, sends the whole text to _parse_po_lines: it stays the reference,
# so every result and every error message is its own. tests/test_po_fast.py holds the two to
# the same Entry, line numbers included.

class _Unusual(Exception):
    """The text is not in the shape the fast path reads: the line parser must read it."""


_BODY = r'[^"\\\n]*+(?:\\.[^"\\\n]*+)*+'  # inside a string: no raw quote, no newline; _decode checks escapes
_Q = rf'"{_BODY}"'
_PREVIOUS = r"\#(?:~\ ?\#?)?\|\ "  # "#| ", and "#~| " or "#~ #| ", which the line parser reads alike
# Possessive quantifiers: an entry can be read one way only, so backtracking would only waste time.
_ENTRY = re.compile(rf"""
    ((?:\#(?![|~])[^\n]*+\n)*+)                                    # 1 comments: "# ", "#.", "#:", "#,"
    ((?:{_PREVIOUS}msgctxt\ {_Q}\n(?:{_PREVIOUS}{_Q}\n)*+)?+)       # 2 previous msgctxt
    ((?:{_PREVIOUS}msgid\ {_Q}\n(?:{_PREVIOUS}{_Q}\n)*+)?+)         # 3 previous msgid
    (?P<o>(?:\#~\ )?+)                                             # 4 obsolete, then on every field line
    (?:msgctxt\ ({_Q}\n(?:(?P=o){_Q}\n)*+)(?P=o))?+                # 5 msgctxt
    msgid\ "({_BODY})"\n((?:(?P=o){_Q}\n)*+)                       # 6 first string of msgid, 7 the others
    (?:(?P=o)msgstr\ "({_BODY})"\n((?:(?P=o){_Q}\n)*+)             # 8, 9 the same for msgstr
      |(?P=o)msgid_plural\ ({_Q}\n(?:(?P=o){_Q}\n)*+)              # 10 msgid_plural
       ((?:(?P=o)msgstr\[[0-9]+\]\ {_Q}\n(?:(?P=o){_Q}\n)*+)++))   # 11 msgstr[N]
    \n*+""", re.VERBOSE)
_STRING = re.compile(rf'"({_BODY})"')  # each string of a matched field; keywords and prefixes have no quote
_FORM = re.compile(rf'msgstr\[([0-9]+)\]|"({_BODY})"')  # msgstr[N] keywords and strings, in order
_ESCAPE = re.compile(r"\\(.)")


def _decode(body: str) -> str:
    """What _unquote gives for a string with this inside (the pattern has checked the rest)."""
    if "\\" not in body:
        return body
    try:
        # Pairs taken left to right, as _unquote does: \\n is a backslash then an n.
        return _ESCAPE.sub(lambda m: _ESCAPES[m[1]], body)
    except KeyError:  # an escape msgfmt rejects: the line parser says where
        raise _Unusual from None


def _strings(block: str) -> str:
    """The value of a matched field, from all its lines."""
    return _decode("".join(_STRING.findall(block)))


def _forms(block: str) -> list[str]:
    """msgstr[0], msgstr[1], ... of a matched plural entry."""
    forms: list[str] = []
    for index, body in _FORM.findall(block):
        if not index:
            forms[-1] += body
        elif index == str(len(forms)):
            forms.append(body)
        else:  # out of order, repeated, missing or spelt "00": the line parser decides
            raise _Unusual
    return [_decode(form) for form in forms]


def _parse_po_fast(text: str, path: str) -> Catalog | None:
    """parse_po for the usual shape of a catalog; None when the line parser must read it."""
    if not text.endswith("\n"):
        text += "\n"  # the line parser skips the empty last line this adds
    end = len(text)
    pos = end - len(text.lstrip("\n"))
    line, counted = 1, 0  # the number of the line at offset counted
    entries: list[Entry] = []
    seen: set[str | tuple[str, str]] = set()  # msgid, or (msgctxt, msgid): a tuple only when needed
    match, findall = _ENTRY.match, _STRING.findall
    try:
        while pos < end:
            m = match(text, pos)
            if m is None:
                return None
            comments, prev_ctxt, prev_id, prefix, ctxt, msgid, id_more, msgstr, str_more, \
                plural, forms = m.groups()
            pos = m.end()
            at = m.start(6)
            line += text.count("\n", counted, at)  # from one msgid to the next: one count an entry
            counted = at
            translator: list[str] = []
            extracted: list[str] = []
            references: list[str] = []
            flags: list[str] = []
            if comments:
                for raw in comments[:-1].split("\n"):
                    comment = raw.strip()  # the line parser's strips and slices, to the space
                    kind = comment[1:2]
                    if kind == ":":
                        references.append(comment[2:].strip())
                    elif kind == ".":
                        extracted.append(comment[2:].strip())
                    elif kind == ",":
                        flags += [f.strip() for f in comment[2:].strip().split(",") if f.strip()]
                    else:
                        translator.append(translator_comment(comment))
            # Most fields are one string without a backslash: nothing to join or decode.
            if id_more:
                msgid += "".join(findall(id_more))
            if "\\" in msgid:
                msgid = _decode(msgid)
            if forms is None:
                if str_more:
                    msgstr += "".join(findall(str_more))
                if "\\" in msgstr:
                    msgstr = _decode(msgstr)
                plurals: list[str] = []
            else:
                msgstr, plural, plurals = "", _strings(plural), _forms(forms)
            if ctxt is not None:
                ctxt = _strings(ctxt)
            if not prefix:
                key = msgid if ctxt is None else (ctxt, msgid)
                if key in seen:  # a duplicate: the line parser reports it, with both lines
                    raise _Unusual
                seen.add(key)
            # Positional: keywords would make this a third of the time spent on an entry.
            entries.append(Entry(msgid, msgstr, ctxt, plural, plurals, flags, translator, extracted,
                                 references, _strings(prev_id) if prev_id else None,
                                 _strings(prev_ctxt) if prev_ctxt else None, bool(prefix), line))
    except _Unusual:
        return None
    return Catalog(path, entries)


# -- the line parser: the reference -------------------------------------------------------------

def _parse_po_lines(text: str, path: str = "<string>") -> Catalog:
    """parse_po, one line at a time: reads (or rejects) everything, with the line of each error."""
    entries: list[Entry] = []
    seen: dict[tuple[str | None, str], int] = {}
    # State of the entry being read.
    comments: dict[str, list[str]] = {"#": [], "#.": [], "#:": [], "#,": []}
    prev: dict[str, str | None] = {"msgctxt": None, "msgid": None, "msgid_plural": None}
    fields: dict[str, str] = {}
    plurals: dict[int, str] = {}
    current: str | None = None  # key of the field continuation lines append to
    obsolete = False
    entry_line = 0
    prev_current: str | None = None

    def finish(lineno: int) -> None:
        nonlocal fields, plurals, comments, prev, obsolete
        if "msgid" not in fields:
            if fields or plurals:
                raise PoSyntaxError(path, lineno, "entry without msgid: every entry needs "
                                                  'msgid "..." before its msgstr')
            return
        if "msgstr" not in fields and not plurals:
            raise PoSyntaxError(path, entry_line, 'msgid without msgstr: add msgstr "" after it')
        if "msgid_plural" in fields and "msgstr" in fields:
            raise PoSyntaxError(path, entry_line, "plural message with a plain msgstr: "
                                                  "use msgstr[0], msgstr[1], ...")
        if plurals and "msgid_plural" not in fields:
            raise PoSyntaxError(path, entry_line, "msgstr[N] without msgid_plural: add "
                                                  "msgid_plural or use a plain msgstr")
        flag_lines = comments["#,"]
        flags = [f.strip() for c in flag_lines for f in c.split(",") if f.strip()] if flag_lines else []
        entry = Entry(
            msgid=fields["msgid"],
            msgstr=fields.get("msgstr", ""),
            msgctxt=fields.get("msgctxt"),
            msgid_plural=fields.get("msgid_plural"),
            msgstr_plural=[plurals[i] for i in sorted(plurals)] if plurals else [],
            flags=flags,
            translator_comments=comments["#"],
            extracted_comments=comments["#."],
            reference_lines=comments["#:"],
            previous_msgid=prev["msgid"],
            previous_msgctxt=prev["msgctxt"],
            obsolete=obsolete,
            line=entry_line,
            previous_msgid_plural=prev["msgid_plural"],
        )
        if plurals and sorted(plurals) != list(range(len(plurals))):
            raise PoSyntaxError(path, entry_line, "msgstr[N] indexes are not 0, 1, 2, ...")
        if not obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                raise PoSyntaxError(path, entry_line, f"duplicate message definition (first at "
                                                      f"line {seen[key]}): merge the two entries")
            seen[key] = entry_line
        entries.append(entry)
        comments = {"#": [], "#.": [], "#:": [], "#,": []}
        prev = {"msgctxt": None, "msgid": None, "msgid_plural": None}
        fields, plurals = {}, {}
        obsolete = False

    lines = text.split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        first = line[0]
        if first == '"' and current is not None:  # the common case: a continuation line
            value = _unquote(line, path, lineno)
            if current[-1] == "]":
                plurals[int(current[7:-1])] += value
            else:
                fields[current] += value
            continue
        if first == "#" and line[1:2] in (":", ".") and not ("msgid" in fields or "msgctxt" in fields):
            comments["#" + line[1]].append(line[2:].strip())
            continue
        is_obsolete = line.startswith("#~")
        if is_obsolete:
            line = line[2:].strip()
            if not line:
                continue
        if line.startswith("#|") or (is_obsolete and line.startswith("|")):
            # previous msgid/msgctxt of a fuzzy entry
            body = line[2:].strip() if line.startswith("#|") else line[1:].strip()
            if "msgid" in fields or "msgctxt" in fields:
                finish(lineno)
                current = None
            if body.startswith("msgctxt "):
                prev["msgctxt"] = _unquote(body[8:].strip(), path, lineno)
                prev_current = "msgctxt"
            elif body.startswith("msgid "):
                prev["msgid"] = _unquote(body[6:].strip(), path, lineno)
                prev_current = "msgid"
            elif body.startswith("msgid_plural "):
                prev["msgid_plural"] = _unquote(body[13:].strip(), path, lineno)
                prev_current = "msgid_plural"
            elif body.startswith('"') and prev_current:
                prev[prev_current] = (prev[prev_current] or "") + _unquote(body, path, lineno)
            continue
        if line.startswith("#"):
            if "msgid" in fields or "msgctxt" in fields:
                finish(lineno)
                current = None
            kind = line[:2] if line[1:2] in (".", ":", ",") else "#"
            comments[kind].append(line[len(kind):].strip() if kind != "#" else translator_comment(line))
            continue
        if line.startswith('"'):
            if current is None:
                raise PoSyntaxError(path, lineno, "string outside an entry: a continuation line "
                                                  "must follow msgid, msgstr or msgctxt")
            value = _unquote(line, path, lineno)
            if current.startswith("msgstr["):
                index = int(current[7:-1])
                plurals[index] += value
            else:
                fields[current] += value
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith("msgstr[") and keyword.endswith("]"):
            try:
                index = int(keyword[7:-1])
            except ValueError:
                raise PoSyntaxError(path, lineno, f"bad plural index in {keyword}: write msgstr[0], "
                                                  "msgstr[1], ...") from None
            if "msgid" not in fields:
                raise PoSyntaxError(path, lineno, "msgstr without msgid: add the msgid above it")
            plurals[index] = _unquote(rest.strip(), path, lineno)
            current = keyword
            continue
        if keyword not in _KEYWORDS:
            raise PoSyntaxError(path, lineno, f"unknown keyword {keyword[:20]!r}: expected msgctxt, "
                                              "msgid, msgid_plural, msgstr or a comment starting with #")
        if keyword in ("msgctxt", "msgid") and ("msgstr" in fields or plurals):
            finish(lineno)
        elif keyword == "msgctxt" and "msgid" in fields:
            raise PoSyntaxError(path, lineno, "msgctxt after msgid: msgctxt comes first")
        if keyword in ("msgid", "msgctxt") and "msgid" in fields and "msgstr" not in fields and not plurals:
            raise PoSyntaxError(path, entry_line, 'msgid without msgstr: add msgstr "" after it')
        if keyword in fields:
            raise PoSyntaxError(path, lineno, f"{keyword} given twice in one entry: is a msgstr "
                                              "line missing, or a quote unbalanced?")
        if keyword == "msgstr" and "msgid" not in fields:
            raise PoSyntaxError(path, lineno, "msgstr without msgid: add the msgid above it")
        if keyword == "msgid":
            entry_line = lineno
            obsolete = is_obsolete
        fields[keyword] = _unquote(rest.strip(), path, lineno)
        current = keyword
    finish(len(lines))
    return Catalog(path, entries)


def _regular_file(path: Path, name: str) -> None:
    """Refuse what is not a regular file before opening it: a FIFO would block the reader
    for ever, and a folder, a dangling link or a link loop would end in a traceback."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise PoSyntaxError(name, 0, f"a symbolic link to {os.readlink(path)!r}, which does not exist: "
                                         "remove the link or restore the file") from None
        raise PoSyntaxError(name, 0, "no such file: check the path") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise PoSyntaxError(name, 0, "a loop of symbolic links: remove the link") from None
        raise PoSyntaxError(name, 0, f"cannot be read ({error.strerror}): check its permissions") from None
    if stat.S_ISDIR(mode):
        raise PoSyntaxError(name, 0, "a folder, not a catalog: rename it (folders named *.po are not read)")
    if not stat.S_ISREG(mode):
        raise PoSyntaxError(name, 0, "not a regular file (a FIFO, socket or device): "
                                     "give the path of a .po file")


def read_catalog(path: Path | str) -> Catalog:
    """Read a .po file; anything that is not a readable UTF-8 catalog is a PoSyntaxError
    naming the file and line (line 0: the file as a whole)."""
    name = str(path)
    _regular_file(Path(path), name)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PoSyntaxError(name, 0, f"cannot be read ({error.strerror}): check its permissions") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PoSyntaxError(name, 1, "UTF-16 text: save the file as UTF-8 (and say charset=UTF-8 in the header)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        declared = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4000])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            raise PoSyntaxError(name, line, f"not UTF-8: the header says charset={declared.group(1).decode()}, "
                                            "and Dalbit reads UTF-8 only: convert it (msgconv -t UTF-8) and "
                                            "say charset=UTF-8") from None
        raise PoSyntaxError(name, line, "invalid UTF-8: save the file as UTF-8 "
                                        "(and say charset=UTF-8 in the header)") from None
    if "\r" in text and "\n" not in text:
        raise PoSyntaxError(name, 1, "lines end with CR alone (classic Mac OS): save the file with LF "
                                     "line endings")
    catalog = parse_po(text, name)
    _check_header(catalog)
    _check_entries(catalog)
    return catalog


def read_or_error(path: Path | str) -> Catalog | InputError:
    """The catalog, or why it cannot be read: one broken catalog does not stop the others."""
    try:
        return read_catalog(path)
    except InputError as error:
        return error


def read_catalogs(paths: Iterable[Path]) -> tuple[list[Catalog], list[InputError]]:
    """Every catalog that can be read, and an error for each one that cannot: one broken
    catalog does not hide the others (raise_broken reports them all)."""
    catalogs, broken = [], []
    for path in paths:
        read = read_or_error(path)
        (broken if isinstance(read, InputError) else catalogs).append(read)
    return catalogs, broken


def raise_broken(broken: list[InputError]) -> None:
    """Raise one error naming every broken input, if there is any."""
    if len(broken) == 1:
        raise broken[0]
    if broken:
        raise InputErrors(broken)


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


# -- writing: one canonical form --------------------------------------------------------------

#: Header fields in the order gettext writes them; others follow, sorted.
HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "Plural-Forms")
#: Fields editors add on every save, which would put noise in every diff.
HEADER_NOISE = ("X-Generator", "Generated-By", "X-Poedit-Basepath", "X-Poedit-SourceCharset")
_WRITE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
                  "\f": "\\f", "\v": "\\v"}


def _quote(text: str) -> str:
    out = []
    for ch in text:
        if ch in _WRITE_ESCAPES:
            out.append(_WRITE_ESCAPES[ch])
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _field(keyword: str, text: str, prefix: str = "") -> list[str]:
    """A keyword and its string: one line, or split after each \\n (never by width).

    No wrapping by width: a changed word changes one line of the diff, and
    whatever width an editor used, formatting again gives the same bytes.
    """
    parts = text.split("\n")
    if len(parts) <= 2 and not parts[-1] or len(parts) == 1:
        return [f"{prefix}{keyword} {_quote(text)}"]
    chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return [f'{prefix}{keyword} ""'] + [f"{prefix}{_quote(c)}" for c in chunks]


def canonical_header(msgstr: str) -> str:
    """The header's fields in gettext's order (others after, sorted), each as ``Key: value``,
    editors' noise fields left out. Nothing else goes: a line without a colon stays after the
    field it followed, a field given twice stays twice."""
    lines = msgstr.split("\n")
    if lines[-1] == "":
        lines.pop()  # the "\n" that ends the last field
    leading: list[str] = []  # lines before the first field
    fields: list[tuple[str, list[str]]] = []  # (key, its line and the colon-less lines after it)
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields.append((key.strip(), [f"{key.strip()}: {value.strip()}"]))
        elif fields:
            fields[-1][1].append(line)
        else:
            leading.append(line)
    rank = {key: index for index, key in enumerate(HEADER_ORDER)}
    kept = sorted((f for f in fields if f[0] not in HEADER_NOISE),
                  key=lambda f: (0, rank[f[0]], "") if f[0] in rank else (1, 0, f[0]))
    return "".join(line + "\n" for line in leading + [line for _, group in kept for line in group])


def _comment(text: str) -> str:
    """A translator comment's line; translator_comment reads it back as ``text``."""
    if not text:
        return "#"
    return "#" + text if text.lstrip(" ").startswith("!") else "# " + text


def format_entry(entry: Entry) -> list[str]:
    """The lines of one entry. Only the form is canonical: every text is written as it is
    (no Unicode normalisation: that would change translations, e.g. KELVIN SIGN into K)."""
    lines = [_comment(c.rstrip()) for c in entry.translator_comments]
    lines += [f"#. {c}".rstrip() for c in entry.extracted_comments]
    lines += [f"#: {c}" for c in entry.reference_lines if c]
    flags = sorted(set(entry.flags), key=lambda f: (f != "fuzzy", f))
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    if entry.previous_msgctxt is not None:
        lines += _field("msgctxt", entry.previous_msgctxt, prefix + "#| ")
    if entry.previous_msgid is not None:
        lines += _field("msgid", entry.previous_msgid, prefix + "#| ")
    if entry.previous_msgid_plural is not None:
        lines += _field("msgid_plural", entry.previous_msgid_plural, prefix + "#| ")
    if entry.msgctxt is not None:
        lines += _field("msgctxt", entry.msgctxt, prefix)
    lines += _field("msgid", entry.msgid, prefix)
    if entry.msgid_plural is not None:
        lines += _field("msgid_plural", entry.msgid_plural, prefix)
        for index, text in enumerate(entry.msgstr_plural):
            lines += _field(f"msgstr[{index}]", text, prefix)
    else:
        msgstr = canonical_header(entry.msgstr) if entry.is_header else entry.msgstr
        lines += _field("msgstr", msgstr, prefix)
    return lines


def format_catalog(catalog: Catalog) -> str:
    """The canonical text of a catalog: header, live entries in order, then obsolete ones."""
    live = [e for e in catalog.entries if not e.obsolete]
    dead = [e for e in catalog.entries if e.obsolete]
    blocks = ["\n".join(format_entry(e)) for e in live + dead]
    return "\n\n".join(blocks) + "\n"
