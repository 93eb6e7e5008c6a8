"""Hostile catalogs through every command: broken syntax, odd encodings and line endings,
plurals, escapes, huge entries, hidden characters, format directives, and files that are
not catalogs at all (a folder, a FIFO, a dangling link, a link loop, an editor's lock file).

Each case goes through check, stats, fmt --check, review, migrate-term, fmt and update,
in this process (dalbit.cli.main), and each must: end without a traceback, exit with the
documented status (0 clean, 1 findings, 2 unusable input), name file:line when it exits 2,
and leave every byte on disk as it was unless it exits 0. Where GNU msgfmt --check reads the
same file, its verdict and dalbit check's agree, or the difference is in DIFFERENCES with
its reason.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from dalbit.cli import main

PLURAL1 = "nplurals=1; plural=0;"
PLURAL2 = "nplurals=2; plural=(n != 1);"


def header(plural: str | None = PLURAL1, charset: str = "UTF-8") -> str:
    return ('msgid ""\nmsgstr ""\n"Language: ko_KP\\n"\n"MIME-Version: 1.0\\n"\n'
            f'"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
            + (f'"Plural-Forms: {plural}\\n"\n' if plural else "") + "\n")


HEAD_LINES = header().count("\n")  # the first entry's msgid is on line HEAD_LINES + 1


def po(body: str, plural: str | None = PLURAL1) -> bytes:
    return (header(plural) + body).encode("utf-8")


@dataclass(frozen=True)
class Case:
    data: bytes = b""  # the catalog's bytes (for kind "file")
    check: int = 0  # dalbit check's exit status
    line: int | None = None  # exit 2: the line the message names (0: the file as a whole)
    rule: str | None = None  # exit 1: a rule among the findings
    kind: str = "file"  # file, dir, fifo, dangling, loop, lock
    says: str = ""  # exit 2: words the message must hold (what is wrong, how to fix)


L = HEAD_LINES + 1  # line of the first entry's msgid
CASES: dict[str, Case] = {
    # -- syntax -----------------------------------------------------------------------------------
    "valid": Case(po('msgid "a"\nmsgstr "ㄱ"\n')),
    "unterminated string": Case(po('msgid "a"\nmsgstr "b\n'), 2, L + 1),
    "stray text": Case(po('msgid "a"\nmsgstr "b"\nhello\n'), 2, L + 2),
    "msgid without msgstr": Case(po('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n'), 2, L),
    "msgstr without msgid": Case(po('msgstr "c"\n'), 2, L),
    "duplicate msgid": Case(po('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'), 2, L + 3),
    "duplicate with context is fine": Case(po('msgid "a"\nmsgstr "b"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "c"\n')),
    "obsolete duplicates a live entry": Case(po('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'), 2, L + 3),
    "two obsolete duplicates": Case(po('#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n'), 2, L + 3),
    "invalid escape": Case(po('msgid "a"\nmsgstr "b\\q"\n'), 2, L + 1),
    "lone backslash": Case(po('msgid "a"\nmsgstr "b\\"\n'), 2, L + 1),
    "unescaped quote": Case(po('msgid "a"\nmsgstr "b"c"\n'), 2, L + 1),
    "msgctxt after msgid": Case(po('msgid "a"\nmsgctxt "x"\nmsgstr "b"\n'), 2, L + 1),
    "keyword twice": Case(po('msgid "a"\nmsgid "b"\nmsgstr "c"\n'), 2, L),
    "unknown keyword": Case(po('msgid "a"\nmsgstring "b"\n'), 2, L + 1),
    "string outside an entry": Case(b'"loose"\nmsgid "a"\nmsgstr "b"\n', 2, 1),
    "msgstr[0] without msgid_plural": Case(po('msgid "a"\nmsgstr[0] "b"\n'), 2, L),
    "plural with a plain msgstr": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n'), 2, L),
    "bad plural index": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[x] "b"\n'), 2, L + 2),
    "plural indexes not from 0": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n'), 2, L),
    "no trailing newline": Case(po('msgid "a"\nmsgstr "ㄱ"')),
    "no header": Case(b'msgid "a"\nmsgstr "\xe3\x84\xb1"\n'),
    "comments only": Case(b"# nothing here\n#. at all\n"),
    "empty file": Case(b""),
    "blank lines only": Case(b"\n\n\n"),
    "continuation lines": Case(po('msgid ""\n"a "\n"b"\nmsgstr ""\n"ㄱ "\n"ㄴ"\n')),
    "obsolete entry with previous msgid": Case(po('#~ #| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n')),
    "fuzzy with previous msgid": Case(po('#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n')),
    # -- encodings and line endings ---------------------------------------------------------------
    "UTF-8 BOM": Case(b"\xef\xbb\xbf" + po('msgid "a"\nmsgstr "ㄱ"\n')),
    "UTF-16 LE": Case("\ufeff".encode("utf-16-le") + po('msgid "a"\nmsgstr "ㄱ"\n').decode().encode("utf-16-le"),
                      2, 1, says="UTF-16 text: save the file as UTF-8"),
    "UTF-16 BE": Case("\ufeff".encode("utf-16-be") + po('msgid "a"\nmsgstr "ㄱ"\n').decode().encode("utf-16-be"),
                      2, 1),
    "Latin-1 header and text": Case((header(charset="ISO-8859-1") + 'msgid "a"\nmsgstr "caf\xe9"\n')
                                    .encode("latin-1"), 2, L + 1, says="charset=ISO-8859-1, and Dalbit reads "
                                    "UTF-8 only: convert it (msgconv -t UTF-8)"),
    "Latin-1 header, ASCII text": Case((header(charset="ISO-8859-1") + 'msgid "a"\nmsgstr "b"\n').encode(), 2, 1),
    "invalid UTF-8": Case(po('msgid "a"\nmsgstr "b"\n') + b'\nmsgid "c"\nmsgstr "\xff\xfe"\n', 2, L + 4),
    "binary": Case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", 2, 1),
    "CRLF line endings": Case(po('msgid "a"\nmsgstr "ㄱ"\n').replace(b"\n", b"\r\n")),
    "CR line endings": Case(po('msgid "a"\nmsgstr "ㄱ"\n').replace(b"\n", b"\r"), 2, 1, says="CR alone"),
    # -- plurals ----------------------------------------------------------------------------------
    "plural, one form": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n')),
    "plural, two forms for nplurals=1": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\nmsgstr[1] "ㄴ"\n'),
                                             2, L),
    "plural, one form for nplurals=2": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n', PLURAL2), 2, L),
    "plural, wrong count but fuzzy": Case(po('#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n', PLURAL2)),
    "plural, wrong count but untranslated": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n', PLURAL2)),
    "plural, two forms for nplurals=2": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\nmsgstr[1] "ㄴ"\n',
                                                PLURAL2)),
    "nplurals is no number": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n', "nplurals=x; plural=0;"),
                                  2, 1),
    "plural expression past nplurals": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=2; plural=(n > 1 ? 5 : 0);"),
                                            2, 1),
    "plural expression n": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=2; plural=n;"), 2, 1),
    "plural expression does not parse": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=2; plural=(n >;"), 2, 1),
    "plural expression with a minus sign": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=2; plural=-1;"), 2, 1),
    "plural expression divides by zero": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=2; plural=n/0;"), 2, 1),
    "nplurals=0": Case(po('msgid "a"\nmsgstr "ㄱ"\n', "nplurals=0; plural=0;"), 2, 1),
    "Russian plural forms": Case(po(
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")),
    "a form the expression never gives": Case(po(
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n', "nplurals=3; plural=(n != 1);")),
    "plural message, no plural= in the header": Case(po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n',
                                                        "nplurals=1;"), 2, L),
    "plural message, no Plural-Forms": Case(header(None).encode() + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "ㄱ"\n'
                                            .encode(), 2, L - 1),
    "untranslated plural message, no Plural-Forms": Case(header(None).encode() +
                                                         b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n'),
    # -- line structure ---------------------------------------------------------------------------
    "msgstr lacks the final newline": Case(po('msgid "a\\n"\nmsgstr "ㄱ"\n'), 2, L),
    "msgstr lacks the first newline": Case(po('msgid "\\na"\nmsgstr "ㄱ"\n'), 2, L),
    "newline mismatch but fuzzy": Case(po('#, fuzzy\nmsgid "a\\n"\nmsgstr "ㄱ"\n')),
    "msgid_plural lacks the newline": Case(po('msgid "a\\n"\nmsgid_plural "as"\nmsgstr[0] "ㄱ\\n"\n'), 2, L),
    "second plural form lacks the newline": Case(
        po('msgid "a\\n"\nmsgid_plural "as\\n"\nmsgstr[0] "ㄱ\\n"\nmsgstr[1] ""\n', PLURAL2), 2, L),
    # -- escapes ----------------------------------------------------------------------------------
    "tab and quote escapes": Case(po('msgid "a\\tb \\"c\\""\nmsgstr "ㄱ\\tㄴ \\"ㄷ\\""\n')),
    "backslash escape": Case(po('msgid "a\\\\b"\nmsgstr "ㄱ\\\\ㄴ"\n')),
    "octal escape": Case(po('msgid "a"\nmsgstr "\\101"\n'), 2, L + 1,
                         says="\\101 is 'A' for msgfmt but the characters \\101 for Babel"),
    "hex escape": Case(po('msgid "a"\nmsgstr "\\x41"\n'), 2, L + 1, says="write the character itself"),
    # -- size -------------------------------------------------------------------------------------
    "a 2 MB entry": Case(po('msgid "a"\nmsgstr "' + "가" * 700_000 + '"\n')),
    "20,000 entries": Case(po("".join(f'msgid "m{n}"\nmsgstr "ㄱ{n}"\n\n' for n in range(20_000)))),
    "a 10,000-line entry": Case(po('msgid ""\n' + '"a "\n' * 10_000 + 'msgstr ""\n' + '"ㄱ "\n' * 10_000)),
    # -- Unicode: what NFC changes ----------------------------------------------------------------
    "NFD Hangul": Case(po(f'msgid "a"\nmsgstr "{unicodedata.normalize("NFD", "손전화")}"\n'), 1, rule="unicode"),
    "Kelvin sign": Case(po('msgid "a"\nmsgstr "300 \u212a"\n'), 1, rule="unicode"),
    "fullwidth letters are NFC already": Case(po('msgid "a"\nmsgstr "ＡＢ ㈜"\n')),
    "Kelvin sign kept from the English": Case(po('msgid "\u212a (U+212A, Kelvin sign)"\n'
                                                 'msgstr "\u212a (U+212A, 켈빈 기호)"\n')),
    "Kelvin sign not in the English": Case(po('msgid "K (U+212A, Kelvin sign)"\n'
                                              'msgstr "\u212a (U+212A, 켈빈 기호)"\n'), 1, rule="unicode"),
    "decomposed accent kept from the English": Case(po('msgid "cafe\u0301"\nmsgstr "카페 (cafe\u0301)"\n')),
    # -- files that are not catalogs --------------------------------------------------------------
    "a folder named x.po": Case(kind="dir", check=2, line=0, says="a folder, not a catalog"),
    "a FIFO named x.po": Case(kind="fifo", check=2, line=0, says="not a regular file"),
    "a dangling link": Case(kind="dangling", check=2, line=0, says="which does not exist"),
    "a link loop": Case(kind="loop", check=2, line=0, says="a loop of symbolic links"),
    "an Emacs lock file": Case(kind="lock"),
}

# Hidden characters, one case each: in a translation they are a finding of their own rule.
HIDDEN = {**{ch: "bidi-control" for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"},
          **{ch: "zero-width" for ch in "\u200b\u200c\u200d\u2060\ufeff"},
          **{ch: "control-character" for ch in "\x01\x07\x1b\x7f"[:3]}}
for ch, rule in HIDDEN.items():
    CASES[f"{rule} U+{ord(ch):04X}"] = Case(po(f'msgid "admin"\nmsgstr "관리{ch}자"\n'), 1, rule=rule)
# \a \b \f \v: control characters for msgfmt, a backslash and a letter for Babel before 2.19.
for letter in "abfv":
    CASES[f"escape \\{letter}"] = Case(po(f'msgid "a"\nmsgstr "ㄱ\\{letter}"\n'), 2, L + 1,
                                      says=f"or write \\\\{letter} for a backslash and {letter}")
CASES["carriage return as an escape"] = Case(po('msgid "a"\nmsgstr "ㄱ\\r"\n'), 1, rule="control-character")
CASES["a waived zero-width joiner"] = Case(po('# dalbit-waive: zero-width U+200D: joins an emoji sequence\n'
                                              'msgid "family"\nmsgstr "👨\u200d👩"\n'))
CASES["a hidden character in a fuzzy entry"] = Case(po('#, fuzzy\nmsgid "a"\nmsgstr "ㄱ\u202e"\n'))
CASES["a hidden character in msgid only"] = Case(po('msgid "a\u200b"\nmsgstr "ㄱ"\n'))

# Format directives: (flags, msgid or (msgid, msgid_plural), msgstr or forms, plural rule, msgfmt rejects)
FORMATS = {
    "python: same directives": ("python-format", "%s of %d", "%s 중 %d", PLURAL1, False),
    "python: reordered unnamed": ("python-format", "%s of %d", "%d 중 %s", PLURAL1, True),
    "python: directive missing": ("python-format", "%s files", "화일", PLURAL1, True),
    "python: directive added": ("python-format", "files", "%d 화일", PLURAL1, True),
    "python: other type": ("python-format", "%d files", "%s 화일", PLURAL1, True),
    "python: %x and %d are both integers": ("python-format", "%x files", "%d 화일", PLURAL1, False),
    "python: %r and %s are both strings": ("python-format", "%r files", "%s 화일", PLURAL1, False),
    "python: %c is no string": ("python-format", "%c files", "%s 화일", PLURAL1, True),
    "python: %ld is %d": ("python-format", "%ld files", "%d 화일", PLURAL1, False),
    "python: named reordered": ("python-format", "%(a)s %(b)d", "%(b)d %(a)s", PLURAL1, False),
    "python: named missing": ("python-format", "%(n)s files", "화일", PLURAL1, True),
    "python: named added": ("python-format", "files", "%(n)s 화일", PLURAL1, True),
    "python: named other type": ("python-format", "%(a)d files", "%(a)s 화일", PLURAL1, True),
    "python: named twice": ("python-format", "%(a)s", "%(a)s %(a)s", PLURAL1, False),
    "python: mapping for a tuple": ("python-format", "%s files", "%(a)s 화일", PLURAL1, True),
    "python: English mixes named and unnamed": ("python-format", "%(a)s %s", "없음", PLURAL1, False),
    "python: English uses a name two ways": ("python-format", "%(a)s %(a)d", "없음", PLURAL1, False),
    "python: %% is no directive": ("python-format", "%d%% done", "%d 완료", PLURAL1, False),
    "python: translation ends in %": ("python-format", "%d done", "%d 완료 %", PLURAL1, True),
    "python: 100% in the translation": ("python-format", "%d done", "%d 100% 완료", PLURAL1, True),
    "python: English is no format string": ("python-format", "100%! sure", "확실", PLURAL1, False),
    "python: % s in the English is a directive": ("python-format", "100% sure", "확실", PLURAL1, True),
    "python: % a in the English (no %a in gettext 0.21)": ("python-format", "20% and 25%", "20%와 25%",
                                                           PLURAL1, False),
    "python: %1$s is not Python": ("python-format", "%s of %d", "%2$d 중 %1$s", PLURAL1, True),
    "python: star width": ("python-format", "%*d files", "%d 화일", PLURAL1, True),
    "python: precision 0 string": ("python-format", "%.0s a %d", "%d 가 %s", PLURAL1, True),
    "python: named with %": ("python-format", "%(a)% done", "완료", PLURAL1, True),
    "python: name with parentheses": ("python-format", "%(a(b))s", "%(a(b))s 값", PLURAL1, False),
    "python: fuzzy is not checked": ("fuzzy, python-format", "%s files", "화일", PLURAL1, False),
    "python: untranslated is not checked": ("python-format", "%s files", "", PLURAL1, False),
    "python: no-python-format": ("python-format, no-python-format", "%d files", "화일", PLURAL1, False),
    "python: no flag, not checked": ("", "%s of %d", "%d 중 %s", PLURAL1, False),
    "python: plural, one form": ("python-format", ("one", "%d files"), ["%d 화일"], PLURAL1, False),
    "python: plural, form lacks it": ("python-format", ("one", "%d files"), ["화일"], PLURAL1, True),
    "python: plural, second form empty": ("python-format", ("%d file", "%d files"), ["%d 화일", ""],
                                          PLURAL2, True),
    "python: plural, the singular may leave a name out": (
        "python-format", ("one file", "%(n)d files"), ["화일 하나", "%(n)d 화일"], PLURAL2, False),
    "python: plural, the plural may not": (
        "python-format", ("one file", "%(n)d files"), ["%(n)d 화일", "화일들"], PLURAL2, True),
    "python: plural, unnamed counts still": (
        "python-format", ("one file", "%d files"), ["화일 하나", "%d 화일"], PLURAL2, True),
    "python: plural, Russian forms": (
        "python-format", ("%(n)d file", "%(n)d files"), ["%(n)d 화일", "%(n)d 화일", "화일"],
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        True),
    "c: plural, the singular may leave the number out": (
        "c-format", ("one file", "%d files"), ["화일 하나", "%d 화일"], PLURAL2, False),
    "brace: plural, the singular may leave a field out": (
        "python-brace-format", ("one file", "{n} files"), ["화일 하나", "{n} 화일"], PLURAL2, False),
    "c: same directives": ("c-format", "%s of %d", "%s 중 %d", PLURAL1, False),
    "c: reordered unnumbered": ("c-format", "%s of %d", "%d 중 %s", PLURAL1, True),
    "c: reordered by number": ("c-format", "%s of %d", "%2$d 중 %1$s", PLURAL1, False),
    "c: numbered and unnumbered": ("c-format", "%s of %d", "%2$d 중 %s", PLURAL1, True),
    "c: a number skipped": ("c-format", "%s of %d", "%2$d 중", PLURAL1, True),
    "c: count": ("c-format", "%s of %d", "%s 중", PLURAL1, True),
    "c: %ld is not %d": ("c-format", "%ld files", "%d 화일", PLURAL1, True),
    "c: %x is not %d": ("c-format", "%x files", "%d 화일", PLURAL1, True),
    "c: %i is %d": ("c-format", "%i files", "%d 화일", PLURAL1, False),
    "c: %u is %x": ("c-format", "%u files", "%x 화일", PLURAL1, False),
    "c: %e is %f": ("c-format", "%e files", "%f 화일", PLURAL1, False),
    "c: %lf is %f": ("c-format", "%lf files", "%f 화일", PLURAL1, False),
    "c: %Lf is not %f": ("c-format", "%Lf files", "%f 화일", PLURAL1, True),
    "c: %hd is not %d": ("c-format", "%hd files", "%d 화일", PLURAL1, True),
    "c: %lld is %qd": ("c-format", "%lld files", "%qd 화일", PLURAL1, False),
    "c: %zd is not %td": ("c-format", "%td files", "%zd 화일", PLURAL1, True),
    "c: %p is not %s": ("c-format", "%p files", "%s 화일", PLURAL1, True),
    "c: %ls is %S": ("c-format", "%ls files", "%S 화일", PLURAL1, False),
    "c: %m takes nothing": ("c-format", "%m files", "화일", PLURAL1, False),
    "c: star width is an int": ("c-format", "%*d files", "%d %d 화일", PLURAL1, False),
    "c: numbered star": ("c-format", "%1$*2$d files", "%1$*2$d 화일", PLURAL1, False),
    "c: invalid conversion": ("c-format", "%d files", "%y 화일", PLURAL1, True),
    "c: English uses an argument two ways": ("c-format", "%1$s %1$d", "%1$s", PLURAL1, False),
    "c: the I flag": ("c-format", "%d files", "%Id 화일", PLURAL1, False),
    "c and python: both checked": ("c-format, python-format", "%d files", "화일", PLURAL1, True),
    "brace: same fields": ("python-brace-format", "{a} of {b}", "{b} 중 {a}", PLURAL1, False),
    "brace: field missing": ("python-brace-format", "{a} files", "화일", PLURAL1, True),
    "brace: field added": ("python-brace-format", "{a} files", "{a} {b} 화일", PLURAL1, True),
    "brace: numbers reordered": ("python-brace-format", "{0} of {1}", "{1} 중 {0}", PLURAL1, False),
    "brace: attribute is another field": ("python-brace-format", "{a.b} files", "{a} 화일", PLURAL1, True),
    "brace: item kept": ("python-brace-format", "{a[b]} files", "{a[b]} 화일", PLURAL1, False),
    "brace: format spec is part of the field": ("python-brace-format", "{a:>10} files", "{a} 화일", PLURAL1, True),
    "brace: escaped braces": ("python-brace-format", "{{a}} files", "화일", PLURAL1, False),
    "brace: {} is not valid in gettext 0.21": ("python-brace-format", "{} files", "화일", PLURAL1, False),
    "brace: !r in the English": ("python-brace-format", "{a!r} files", "{a} 화일", PLURAL1, False),
    "brace: !r in the translation": ("python-brace-format", "{a} files", "{a!r} 화일", PLURAL1, True),
    "brace: unclosed": ("python-brace-format", "{a} files", "{a 화일", PLURAL1, True),
    "brace: Hangul field name": ("python-brace-format", "{a} files", "{이름} 화일", PLURAL1, True),
    "brace: nested spec": ("python-brace-format", "{a:{b}} files", "{a:{b}} 화일", PLURAL1, False),
    "brace: nested twice": ("python-brace-format", "{a:{b:{c}}} files", "화일", PLURAL1, False),
    "brace: comma spec unknown to gettext 0.21": ("python-brace-format", "{a} files", "{a:,} 화일", PLURAL1, True),
    "brace: lone closing brace": ("python-brace-format", "{a} files", "} {a} 화일", PLURAL1, False),
}


def _format_entry(flags: str, msgid, msgstr) -> str:
    quote = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
    text = f"#, {flags}\n" if flags else ""
    if isinstance(msgid, tuple):
        text += f"msgid {quote(msgid[0])}\nmsgid_plural {quote(msgid[1])}\n"
        text += "".join(f"msgstr[{n}] {quote(form)}\n" for n, form in enumerate(msgstr))
    else:
        text += f"msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n"
    return text


for name, (flags, msgid, msgstr, plural, rejected) in FORMATS.items():
    rule = next((r for r in ("python-format", "python-brace-format", "c-format") if r in flags.split(", ")), None)
    CASES[f"format {name}"] = Case(po(_format_entry(flags, msgid, msgstr), plural), 1 if rejected else 0,
                                   rule=rule if rejected else None)

#: Where dalbit check's verdict differs from msgfmt --check's on the same file, and why.
DIFFERENCES = {
    "UTF-8 BOM": "msgfmt 0.21 does not skip a UTF-8 byte-order mark; Dalbit skips it, as Poedit and Python do",
    **{name: "msgfmt --check requires a header entry; Dalbit reads a catalog without one as UTF-8, "
             "its only encoding, so nothing is ambiguous" for name in
       ("no header", "comments only", "empty file", "blank lines only")},
    "Latin-1 header and text": "Dalbit reads UTF-8 only (the book's catalogs are UTF-8); msgfmt converts",
    "Latin-1 header, ASCII text": "Dalbit reads UTF-8 only: the header's charset is refused as such",
    **{name: "msgfmt decodes it, Babel (which compiles the book) keeps the backslash: Dalbit refuses it"
       for name in ("octal escape", "hex escape", "escape \\a", "escape \\b", "escape \\f", "escape \\v")},
    "CR line endings": "msgfmt reads a lone CR as a space inside a line; Dalbit refuses the file",
    "NFD Hangul": "not NFC: the checker's finding (matching and search need NFC); msgfmt does not look",
    "Kelvin sign": "not NFC: the checker's finding; msgfmt does not look",
    "Kelvin sign not in the English": "not NFC: the checker's finding; msgfmt does not look",
    "carriage return as an escape": "hidden characters are the checker's findings; msgfmt does not look",
    **{f"{rule} U+{ord(ch):04X}": "hidden characters are the checker's findings; msgfmt does not look"
       for ch, rule in HIDDEN.items()},
}


def make(case: Case, folder: Path) -> Path:
    """The case on disk as folder/x.po (or what stands there instead of a catalog)."""
    path = folder / "x.po"
    if case.kind == "file":
        path.write_bytes(case.data)
    elif case.kind == "dir":
        path.mkdir()
        (path / "inner.txt").write_text("not a catalog\n")
    elif case.kind == "fifo":
        os.mkfifo(path)
    elif case.kind == "dangling":
        path.symlink_to(folder / "missing.po")
    elif case.kind == "loop":
        path.symlink_to(folder / "y.po")
        (folder / "y.po").symlink_to(path)
    elif case.kind == "lock":  # what Emacs leaves beside a file being edited
        (folder / ".#x.po").symlink_to("someone@host.1234:1700000000")
        path = folder / ".#x.po"
    return path


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file's bytes (a link's target, a FIFO's or folder's kind) under root."""
    state: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            state[key] = "link:" + os.readlink(path)
        elif path.is_fifo():
            state[key] = "fifo"
        elif path.is_dir():
            state[key] = "dir"
        else:
            state[key] = path.read_bytes()
    return state


class _Timeout(Exception):
    pass


def run(*args: str) -> tuple[int, str, str]:
    """dalbit.cli.main in this process: (status, stdout, stderr); a hang fails after 20 s."""
    out, err = io.StringIO(), io.StringIO()

    def hang(signum, frame):
        raise _Timeout(f"dalbit {' '.join(args)} hung")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(20)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(list(args))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return status, out.getvalue(), err.getvalue()


TEMPLATE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n'


@pytest.mark.parametrize("name", CASES)
def test_every_command(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"  # no glossary.toml: the glossary-free rules
    folder.mkdir(parents=True)
    path = make(case, folder)
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "x.pot").write_text(TEMPLATE, encoding="utf-8")
    broken = case.check == 2
    readable = 2 if broken else 0
    commands = [  # (arguments, the statuses it may end with); readers first, then writers
        (["check", str(folder)], {case.check}),
        (["check", str(folder), "--format", "json"], {case.check}),
        (["stats", str(tmp_path / "locale"), "--no-check"], {readable}),
        (["fmt", "--check", str(folder)], {2} if broken else {0, 1}),
        (["review", str(folder), "-o", str(tmp_path / "review")], {readable}),
        (["migrate-term", "휴대폰", "손전화", str(folder)], {readable}),
        (["fmt", str(folder)], {readable}),
        (["update", str(pots), str(tmp_path / "locale"), "-l", "ko_KP"], {readable}),
    ]
    for args, statuses in commands:
        before = snapshot(folder)
        status, out, err = run(*args)
        assert "Traceback" not in out + err
        assert status in statuses, (args, status, out[-2000:], err[-2000:])
        if status != 0:
            assert snapshot(folder) == before, (args, "changed a file and exited", status)
        if status == 2:
            where = f"{path}:{case.line}: " if case.line else f"{path}: "
            assert where in err, (args, where, err[-2000:])
            assert case.says in err, (args, case.says, err[-2000:])
        if status == 1 and args[0] == "check" and case.rule and "json" not in args:
            assert f"{path}:" in out and f": {case.rule}: " in out, (args, out[-2000:])
        if case.kind == "lock" and args[0] != "update":  # update reads the catalogs its templates name
            assert "lock file" in err, (args, err)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_verdicts_agree_with_msgfmt(tmp_path: Path) -> None:
    """For every case msgfmt reads, dalbit check rejects (exit 1 or 2) exactly when msgfmt
    --check does, but for the differences listed, each of which must still be one."""
    disagree = {}
    for name, case in CASES.items():
        if case.kind != "file":
            continue
        folder = tmp_path / str(len(disagree)) / name.replace("/", "_")
        folder.mkdir(parents=True)
        path = make(case, folder)
        msgfmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
        status, _, _ = run("check", str(path))
        if (msgfmt.returncode != 0) != (status != 0):
            disagree[name] = f"msgfmt {msgfmt.returncode}, dalbit {status}"
    unexplained = {name: why for name, why in disagree.items() if name not in DIFFERENCES}
    assert not unexplained, unexplained
    stale = sorted(set(DIFFERENCES) - set(disagree))
    assert not stale, f"listed as differences but they agree now: {stale}"


def test_enough_cases() -> None:
    assert len(CASES) >= 80


def test_every_broken_catalog_named_in_one_run(tmp_path: Path) -> None:
    """Three broken catalogs among good ones: each command names all three (file:line), the
    readers still report on the good ones, and the writers write nothing."""
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.po").write_bytes(po('#, python-format\nmsgid "%s of %d"\nmsgstr "%d 중 %s"\n'))
    (folder / "sub" / "good.po").write_bytes(po('msgid "a"\nmsgstr "ㄱ\u202e"\n'))
    broken = {folder / "a.po": L + 1, folder / "sub" / "b.po": L + 3, folder / "z.po": 0}
    (folder / "a.po").write_bytes(po('msgid "a"\nmsgstr "b\n'))
    (folder / "sub" / "b.po").write_bytes(po('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'))
    (folder / "z.po").mkdir()
    pots = tmp_path / "pot"
    (pots / "sub").mkdir(parents=True)
    for name in ("a", "good", "z", "sub/b", "sub/good"):
        (pots / f"{name}.pot").write_text(TEMPLATE, encoding="utf-8")
    before = snapshot(folder)
    for args in (["check", str(folder)], ["stats", str(folder)], ["fmt", "--check", str(folder)],
                 ["review", str(folder), "-o", str(tmp_path / "review")],
                 ["fmt", str(folder)], ["migrate-term", "중", "가운데", str(folder)],
                 ["update", str(pots), str(tmp_path / "locale"), "-l", "ko_KP"]):
        status, out, err = run(*args)
        assert status == 2, (args, out, err)
        for path, line in broken.items():
            assert (f"{path}:{line}: " if line else f"{path}: ") in err, (args, err)
        assert snapshot(folder) == before, args
        if args[0] == "check":  # no glossary: a warning, and the rules that need none
            assert "no glossary.toml beside the catalogs" in err
            assert f"{folder / 'good.po'}:{L + 2}: python-format: " in out  # the msgstr's line
            assert f"{folder / 'sub' / 'good.po'}:{L + 1}: bidi-control: U+202E" in out
        if args[0] == "stats":
            assert "good" in out and "sub/good" in out  # two documents, not one
        if args[0] == "review":
            page = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
            assert 'data-file="good.po"' in page and 'data-file="sub/good.po"' in page
        if args[0] in ("fmt", "migrate-term", "update") and "--check" not in args:
            assert err.rstrip().endswith("nothing was written"), (args, err)


def test_check_in_parallel_reports_every_broken_catalog(tmp_path: Path) -> None:
    """Catalogs read in several processes: the broken ones come back, in order, with the rest."""
    from dalbit.check.engine import PARALLEL_FROM, check_paths

    paths = []
    for n in range(PARALLEL_FROM + 6):
        path = tmp_path / f"c{n:03}.po"
        body = 'msgid "a"\nmsgstr "b\n' if n % 20 == 3 else f'msgid "m{n}"\nmsgstr "ㄱ\u200b{n}"\n'
        path.write_bytes(po(body))
        paths.append(path)
    report = check_paths(None, paths, jobs=2)
    assert [(e.path, e.line) for e in report.broken] == [(str(tmp_path / f"c{n:03}.po"), L + 1)
                                                         for n in (3, 23, 43, 63)]
    assert report.files == len(paths) - 4
    assert len([f for f in report.findings if f.rule == "zero-width"]) == len(paths) - 4


@pytest.mark.parametrize("kind", ["missing", "fifo", "dangling", "loop", "lock"])
def test_odd_paths_given_as_arguments(tmp_path: Path, kind: str) -> None:
    """Given by name: a clear message and exit 2 (a lock file: skipped with a warning); never
    a traceback, never a hang on a FIFO."""
    folder = tmp_path / "f"
    folder.mkdir()
    path = folder / "missing.po" if kind == "missing" else make(Case(kind=kind), folder)
    for args in (["check", str(path)], ["stats", str(path)], ["fmt", "--check", str(path)], ["fmt", str(path)],
                 ["review", str(path), "-o", str(tmp_path / "r")], ["migrate-term", "가", "나", str(path)]):
        status, out, err = run(*args)
        if kind == "lock":
            assert status == 0 and "lock file" in err, (args, status, err)
        else:
            assert status == 2 and err.startswith(f"{path}: "), (args, status, err)


def test_update_names_a_broken_template_and_its_broken_catalog(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "x.po").write_bytes(po('msgid "a"\nmsgstr "b\n'))
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "x.pot").write_bytes(po('msgid "a"\nmsgid "b"\nmsgstr ""\n'))
    before = snapshot(folder)
    status, _, err = run("update", str(pots), str(tmp_path / "locale"), "-l", "ko_KP")
    assert status == 2 and f"{pots / 'x.pot'}:{L}: " in err and f"{folder / 'x.po'}:{L + 1}: " in err, err
    assert snapshot(folder) == before


#: Pieces of format strings, valid and not, for the differential test below.
PIECES = {
    "python-format": ["%s", "%d", "%i", "%u", "%o", "%x", "%X", "%e", "%E", "%f", "%F", "%g", "%G", "%c", "%r",
                      "%a", "%b", "%%", "% d", "%-5s", "%05.2f", "%.0s", "%*d", "%.*f", "%(a)s", "%(b)d",
                      "%(a)d", "%(c)r", "%(a).0s", "%ld", "%hd", "%Ld", "%", "%(", "%(a", "%$", "%1$s",
                      "100%", "50% ", "%q", "%(a)%", "% %"],
    "c-format": ["%s", "%d", "%i", "%u", "%o", "%x", "%X", "%e", "%f", "%g", "%a", "%c", "%p", "%n", "%m", "%%",
                 "%ld", "%lld", "%hd", "%hhd", "%zu", "%zd", "%td", "%jd", "%Lf", "%lf", "%lc", "%ls", "%S",
                 "%C", "%1$s", "%2$d", "%3$s", "%*d", "%.*s", "%1$*2$d", "%'d", "%Id", "%qd", "%", "%y",
                 "%0$s", "100%", "%-5s", "%#x", "% %"],
    "python-brace-format": ["{a}", "{b}", "{0}", "{1}", "{a.b}", "{a[0]}", "{a[b]}", "{a:>10}", "{a:.2f}",
                            "{a:,}", "{a!r}", "{}", "{{", "}}", "}", "{a", "{a:{b}}", "{a:{b:{c}}}", "{이름}",
                            "{_x}", "{a:<5d}", "{0.real}", "{a:x}", "{a:%}"],
}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_format_verdicts_agree_with_msgfmt_entry_by_entry(tmp_path: Path) -> None:
    """3,000 random entries (singular and plural, each kind of format string, valid or not):
    msgfmt --check rejects exactly the entries that have a format finding."""
    import random
    import re

    from dalbit.formats import format_problems
    from dalbit.po.reader import read_catalog
    from dalbit.po.validate import catalog_plural_forms

    rng = random.Random(int(os.environ.get("FUZZ_SEED", 15)))  # FUZZ_SEED=N tries another sample
    words = ["x", "y", "가", "나", " "]

    def text(flag: str) -> str:
        return "".join(rng.choice(PIECES[flag]) if rng.random() < 0.5 else rng.choice(words)
                       for _ in range(rng.randint(0, 4)))

    def quote(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    entries = []
    for n in range(3000):
        flag = rng.choice(list(PIECES))
        english = text(flag)
        forms = [text(flag) if rng.random() < 0.7 else english for _ in range(2)]
        forms = [form or "z" for form in forms]
        if rng.random() < 0.3:  # a plural entry: its singular form is held less strictly
            entries.append(f"#, {flag}\nmsgid {quote(f'm{n} one')}\nmsgid_plural {quote(f'm{n} {english}')}\n"
                           f"msgstr[0] {quote(forms[0])}\nmsgstr[1] {quote(forms[1])}\n")
        else:
            entries.append(f"#, {flag}\nmsgid {quote(f'm{n} {english}')}\nmsgstr {quote(forms[0])}\n")
    path = tmp_path / "formats.po"
    path.write_bytes(po("\n".join(entries), PLURAL2))
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
    flagged = {int(line) for line in re.findall(rb"formats\.po:(\d+): ", result.stderr)}
    catalog = read_catalog(path)
    often = catalog_plural_forms(catalog).often
    ours, theirs = set(), set()
    for entry in catalog.messages:
        last = entry.line + (3 if entry.msgid_plural is not None else 1)  # msgfmt names a line of the entry
        if flagged & set(range(entry.line, last + 1)):
            theirs.add(entry.line)
        if format_problems(entry, often):
            ours.add(entry.line)
    assert len(theirs) > 500  # the sample is hostile enough to mean something
    assert ours == theirs, (sorted(ours - theirs)[:10], sorted(theirs - ours)[:10])
