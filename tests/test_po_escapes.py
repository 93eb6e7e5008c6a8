"""The checker and the build read one text: every escape the reader takes, Babel (which compiles
the book's .mo files) and GNU msgfmt decode alike, and every other escape is refused at its
line with the way to write it that all of them read alike."""
from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.catalogs import compile_mo
from dalbit.po.escapes import ESCAPES
from dalbit.po.model import Catalog, Entry, PoSyntaxError
from dalbit.po.reader import read_catalog
from dalbit.po.writer import format_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
MSGSTR_LINE = HEADER.count("\n") + 2  # the msgstr of the one entry after the header
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")


def catalog_file(folder: Path, msgid: str, msgstr: str) -> Path:
    """A catalog of one entry, msgid and msgstr written as they stand between the quotes."""
    path = folder / "x.po"
    path.write_text(f'{HEADER}msgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return path


def babel_reads(po: Path) -> dict[str, str]:
    """The messages of the .mo the build compiles (dalbit.catalogs.compile_mo, through Babel)."""
    mo = po.with_suffix(".babel.mo")
    compile_mo(po, mo)
    with mo.open("rb") as handle:
        return {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}


def msgfmt_reads(po: Path) -> dict[str, str]:
    mo = po.with_suffix(".msgfmt.mo")
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True, capture_output=True)
    with mo.open("rb") as handle:
        return {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}


@pytest.mark.parametrize("letter", sorted(ESCAPES))
def test_every_escape_read_alike_by_the_checker_and_the_build(tmp_path: Path, letter: str) -> None:
    po = catalog_file(tmp_path, f"a\\{letter}b", f"가\\{letter}나")
    entry = read_catalog(po).messages[0]
    assert (entry.msgid, entry.msgstr) == (f"a{ESCAPES[letter]}b", f"가{ESCAPES[letter]}나")
    assert babel_reads(po) == {entry.msgid: entry.msgstr}
    if shutil.which("msgfmt"):
        assert msgfmt_reads(po) == {entry.msgid: entry.msgstr}


def test_written_catalogs_read_alike_by_the_checker_and_the_build(tmp_path: Path) -> None:
    """Whatever a text holds, the writer writes only escapes that Babel decodes as the reader
    does (other control characters go as they are), so a formatted catalog compiles to what the
    checker read."""
    texts = ["".join(chr(c) for c in range(1, 32)) + '\x7f"\\', "\\a \\x41 \\101", 'end \\"']
    po = tmp_path / "x.po"
    header = Entry("", "Content-Type: text/plain; charset=UTF-8\n")
    entries = [Entry(f"m{i} {text}", f"번역 {text}") for i, text in enumerate(texts)]
    text = format_catalog(Catalog(str(po), [header, *entries]))
    assert set(re.findall(r"\\(.)", text)) <= set(ESCAPES)  # pairs left to right, as both read them
    po.write_text(text, encoding="utf-8")
    read = {e.msgid: e.msgstr for e in read_catalog(po).messages}
    assert read == {e.msgid: e.msgstr for e in entries}
    assert babel_reads(po) == read


# Escapes GNU msgfmt decodes and the Babel versions Dalbit builds with read otherwise (or reject).
REFUSED = {
    "\\a": "\\a is a bell for msgfmt but a backslash and a for Babel before 2.19",
    "\\b": "or write \\\\b for a backslash and b",
    "\\f": "\\f is a form feed",
    "\\v": "\\v is a vertical tab",
    "\\101": "\\101 is 'A' for msgfmt but the characters \\101 for Babel, which compiles the book: "
             "write the character itself (UTF-8), or \\\\101 for a backslash and 101",
    "\\x41": "\\x41 is 'A' for msgfmt",
    "\\0": "\\0 is the byte 0x00 for msgfmt",
    "\\xc3\\xa9": "\\xc3 is the byte 0xc3 for msgfmt",
    "\\q": "invalid escape \\q: write \\\\q for a backslash",
    "\\'": "invalid escape \\': write \\\\' for a backslash",
}


@pytest.mark.parametrize("escape", REFUSED)
def test_other_escapes_refused_at_their_line_with_the_fix(tmp_path: Path, escape: str) -> None:
    po = catalog_file(tmp_path, "a", f"가{escape}나")
    with pytest.raises(PoSyntaxError) as refused:
        read_catalog(po)
    assert refused.value.line == MSGSTR_LINE
    assert REFUSED[escape] in refused.value.message


@needs_msgfmt
@pytest.mark.parametrize("escape", ["\\101", "\\x41"])
def test_numeric_escapes_are_read_otherwise_by_babel(tmp_path: Path, escape: str) -> None:
    """Why they are refused: the book would show what msgfmt (and a checker reading like it)
    does not."""
    po = catalog_file(tmp_path, "a", f"가{escape}")
    assert msgfmt_reads(po) == {"a": "가A"}
    assert babel_reads(po) == {"a": f"가{escape}"}


def test_the_command_names_the_line_and_the_fix(tmp_path: Path) -> None:
    po = catalog_file(tmp_path, "Ring the bell", "종을 울려라\\a")
    done = subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(po)], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert f"{po}:{MSGSTR_LINE}: \\a is a bell for msgfmt" in done.stderr
    fixed = catalog_file(tmp_path, "Ring the bell", "종을 울려라")
    assert subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(fixed)],
                          capture_output=True).returncode == 0
