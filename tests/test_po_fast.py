"""The fast path of parse_po reads exactly what the line parser reads: the same entries, the
same line numbers, and, for anything it does not take, the line parser's own error."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from dalbit.po import reader
from dalbit.po.model import Catalog, Entry, PoSyntaxError
from dalbit.po.reader import parse_po
from dalbit.po.writer import format_catalog

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
KOREAN_PYTHON_DOCS = CORPORA / "python-docs-ko-3.13"
FIELDS = [f.name for f in dataclasses.fields(Entry)]
HEADER = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"
                                "Plural-Forms: nplurals=2; plural=n!=1;\n")


def shape(catalog: Catalog) -> list[list[tuple[str, str]]]:
    """Every field of every entry; repr tells 1 from True and a tuple from a list."""
    return [[(name, repr(getattr(e, name))) for name in FIELDS] for e in catalog.entries]


def outcome(parse, text: str) -> tuple:
    try:
        catalog = parse(text, "x.po")
    except PoSyntaxError as error:
        return ("error", error.path, error.line, error.message)
    except Exception as error:  # noqa: BLE001 - whatever the line parser does, parse_po must do
        return ("crash", type(error).__name__, str(error))
    return ("ok", catalog.path, shape(catalog))


def assert_fast_reads_it(text: str) -> Catalog:
    """The fast path takes the text and gives the line parser's catalog."""
    slow = reader._parse_po_lines(text, "x.po")
    fast = reader._parse_po_fast(text, "x.po")
    assert fast is not None, "the fast path refused a catalog in the usual shape"
    assert fast.path == slow.path
    assert shape(fast) == shape(slow)
    # Each entry has lists of its own, as from the line parser: callers append to entry.flags.
    lists = [id(v) for e in fast.entries for v in (getattr(e, name) for name in FIELDS) if isinstance(v, list)]
    assert len(lists) == len(set(lists))
    assert_msgstr_lines(text, fast)
    return fast


def assert_msgstr_lines(text: str, catalog: Catalog) -> None:
    """Each entry's msgstr_line is the line of its msgstr keyword (msgstr[0] if plural)."""
    lines = text.split("\n")
    for entry in catalog.entries:
        keyword = "msgstr " if entry.msgid_plural is None else "msgstr[0] "
        line = lines[entry.msgstr_line - 1].strip()
        assert line.removeprefix("#~").strip().startswith(keyword), (entry, line)


# -- random catalogs ----------------------------------------------------------------------------

# Characters that matter to a .po reader: quotes, escapes, line ends of all kinds, comment marks,
# spaces str.strip() removes, Hangul.
PIECES = [*'ab z"\\\n\t\r\x0b\x07#~|:,.%', "가", "힣", "\u3000", "\u2028", "\x85", "%(n)s", "msgid ", "\\n"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)
FLAG = st.sampled_from(["fuzzy", "python-format", "no-python-format", "c-format", " odd flag "])


@st.composite
def entries(draw: st.DrawFn, plain: bool = False) -> Entry:
    """Any entry; plain: only what msgcat takes (no control characters, a msgid, no "#| msgctxt"
    without "#| msgid")."""
    text = TEXT.map(lambda s: "".join(c for c in s if c >= " " or c == "\n")) if plain else TEXT
    line = text.map(lambda s: s.replace("\n", " "))  # a comment is one line
    msgid = draw(text.map(lambda s: s or "m") if plain else text)
    plural = draw(st.integers(0, 4)) == 0
    forms = st.lists(text, min_size=2, max_size=2) if plain else st.lists(text, min_size=1, max_size=3)
    previous_msgid = draw(st.none() | text)
    return Entry(
        msgid=msgid,
        msgstr="" if plural else draw(text),
        msgctxt=draw(st.none() | text),
        msgid_plural=draw(text) if plural else None,
        msgstr_plural=draw(forms) if plural else [],
        flags=draw(st.lists(FLAG, max_size=3)),
        translator_comments=draw(st.lists(line, max_size=2)),
        extracted_comments=draw(st.lists(line, max_size=2)),
        reference_lines=draw(st.lists(line, max_size=2)),
        previous_msgid=previous_msgid,
        previous_msgctxt=None if plain and previous_msgid is None else draw(st.none() | text),
        obsolete=draw(st.integers(0, 5)) == 0,
    )


catalogs = st.builds(lambda header, body: Catalog("x.po", ([HEADER] if header else []) + body),
                     st.booleans(), st.lists(entries(), max_size=6))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs)
def test_formatted_catalogs(catalog: Catalog) -> None:
    text = format_catalog(catalog)
    result = outcome(reader._parse_po_lines, text)
    event(result[0])
    if result[0] == "ok":
        assert_fast_reads_it(text)
        assert_fast_reads_it(text.rstrip("\n"))  # no newline at the end of the file
        assert_fast_reads_it("\n\n" + text.replace("\n\n", "\n\n\n"))  # more empty lines
        assert_fast_reads_it(text.replace("\n\n", "\n"))  # none at all
        # Spaces after comments, which the line parser strips, "\r" and "\u3000" too.
        assert_fast_reads_it(re.sub(r"(?m)^#(?![~|]).*$", lambda m: m[0] + " \r\u3000", text))
    else:  # a duplicate, a plural without msgstr[N], ...: the line parser's error, line and all
        assert reader._parse_po_fast(text, "x.po") is None
        assert outcome(parse_po, text) == result


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A catalog with a few lines broken, moved, doubled or dropped."""
    lines = format_catalog(draw(catalogs)).split("\n")
    odd = st.sampled_from([
        "", " ", "\t", "\r", "#", "#~", "#|", "# c", "#, fuzzy", "#: a.rst:1", 'msgid "x"', 'msgstr "y"',
        'msgctxt "c"', 'msgid_plural "p"', 'msgstr[0] "a"', 'msgstr[1] "b"', 'msgstr[00] "a"', 'msgstr[x] "a"',
        'msgstr[99999999999999999999] "a"', '"more"', '#~ "more"', '#~ msgid "x"', '#~ msgstr "y"',
        '#| msgid "old"', '#| "older"', '#~| msgid "o"', '#~ #| msgctxt "o"', 'msgid "a\\q"', 'msgid "a\\"',
        'msgid "a', 'msgid "a" "b"', 'msgid  "x"', ' msgid "x"', 'msgid "x" ', 'msgid "x"\r', "bogus", '"\\\\"',
        'msgid "\\\\"', "\ufeffmsgid \"x\"", 'msgid ""', 'msgstr ""',
    ])
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines)))
        j = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(st.sampled_from(["insert", "delete", "double", "swap", "suffix", "prefix"]))
        if action == "insert" or not lines:
            lines.insert(i, draw(odd))
        elif action == "delete":
            del lines[j]
        elif action == "double":
            lines.insert(j, lines[j])
        elif action == "swap":
            k = draw(st.integers(0, len(lines) - 1))
            lines[j], lines[k] = lines[k], lines[j]
        else:
            bit = draw(st.sampled_from([" ", "\r", "\t", "#~ ", "\u3000", '"']))
            lines[j] = lines[j] + bit if action == "suffix" else bit + lines[j]
    return ("\r\n" if draw(st.integers(0, 9)) == 0 else "\n").join(lines)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_broken_catalogs(text: str) -> None:
    """Whatever the text, parse_po gives what the line parser gives: a catalog or an error."""
    result = outcome(reader._parse_po_lines, text)
    event(f"{result[0]}, {'fast path' if reader._parse_po_fast(text, 'x.po') else 'line parser'}")
    assert outcome(parse_po, text) == result


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext's msgcat is not installed")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(plain=True), max_size=5, unique_by=lambda e: (e.msgctxt, e.msgid)),
       st.sampled_from(["--width=12", "--width=30", "--width=79", "--no-wrap"]))
def test_what_gettext_writes(tmp_path_factory: pytest.TempPathFactory, body: list[Entry], width: str) -> None:
    """msgcat's wrapping, "#~| msgid" and all: the fast path reads it as the line parser does."""
    source = tmp_path_factory.mktemp("po") / "x.po"
    source.write_text(format_catalog(Catalog("x.po", [HEADER, *body])), encoding="utf-8")
    result = subprocess.run(["msgcat", width, str(source)], capture_output=True, text=True)
    assume(result.returncode == 0)
    assert_fast_reads_it(result.stdout)


# -- real catalogs and known errors -------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((ROOT / "locale").rglob("*.po")), ids=lambda p: p.name)
def test_project_catalogs(path: Path) -> None:
    assert assert_fast_reads_it(path.read_text(encoding="utf-8")).entries


def test_msgstr_line() -> None:
    """The line a finding about the translation points at: the msgstr's, after a msgid of any
    length, a msgctxt, a msgid_plural of several lines, in an obsolete entry too."""
    text = (HEADER_TEXT +                                                # msgstr on line 2
            '#: a.rst:1\nmsgid "one"\nmsgstr "하나"\n\n'                   # 8
            'msgctxt "c"\nmsgid ""\n"two\\n"\n"lines"\nmsgstr ""\n"두\\n"\n"줄"\n\n'  # 14
            'msgid "file"\nmsgid_plural ""\n"files\\n"\n"more"\nmsgstr[0] "화일"\nmsgstr[1] "화일들"\n\n'  # 22
            '#~ msgid "old"\n#~ msgstr "옛"\n')                          # 26
    for parse in (reader._parse_po_fast, reader._parse_po_lines):
        catalog = parse(text, "x.po")
        assert [e.msgstr_line for e in catalog.entries] == [2, 8, 14, 22, 26]
        assert [e.line for e in catalog.entries] == [1, 7, 11, 18, 25]


@pytest.mark.skipif(not KOREAN_PYTHON_DOCS.is_dir(), reason=f"the corpus {KOREAN_PYTHON_DOCS} is not there")
def test_msgstr_line_in_real_catalogs() -> None:
    """The Korean Python docs, as their tools wrapped them: every msgstr_line is a msgstr's."""
    paths = sorted(KOREAN_PYTHON_DOCS.rglob("*.po"))
    assert len(paths) > 500
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert_msgstr_lines(text, parse_po(text, str(path)))


HEADER_TEXT = format_catalog(Catalog("x.po", [HEADER])) + "\n"

GOOD = format_catalog(Catalog("x.po", [HEADER, *(Entry(msgid=f"m{i}", msgstr=f"번역 {i}",
                                                      reference_lines=[f"a.rst:{i}"]) for i in range(50))]))
BROKEN = {
    "duplicate": GOOD + '\nmsgid "m7"\nmsgstr "again"\n',
    "duplicate with context": GOOD + '\nmsgctxt "c"\nmsgid "m7"\nmsgstr "a"\n' * 2,
    "invalid escape late": GOOD + '\nmsgid "z"\nmsgstr "b\\q"\n',
    "lone backslash": GOOD + '\nmsgid "z"\nmsgstr "b\\"\n',
    "unterminated string": GOOD + '\nmsgid "z"\nmsgstr "b\n',
    "msgid without msgstr": GOOD.replace('msgstr "번역 9"\n', ""),
    "stray text": GOOD + "hello\n",
    "string outside an entry": '"Content-Type: text/plain; charset=UTF-8\\n"\n' + GOOD,
    "plural gap": GOOD + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
    "plural index too long": GOOD + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[' + "9" * 5000 + '] "x"\n',
    "plural with msgstr": GOOD + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr "x"\n',
    "msgstr[N] without msgid_plural": GOOD + '\nmsgid "a"\nmsgstr[0] "x"\n',
    "msgctxt after msgid": GOOD + '\nmsgid "a"\nmsgctxt "c"\nmsgstr "x"\n',
    "given twice": GOOD + '\nmsgid "a"\nmsgstr "x"\nmsgstr "y"\n',
    "unknown keyword": GOOD + '\nmsgid "a"\nmsgstr "x"\nmsgfoo "y"\n',
    "byte order mark": "\ufeff" + GOOD,
}


# Valid, but not in the shape the fast path takes: the line parser reads them.
UNUSUAL = {
    "plural forms out of order": GOOD + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\nmsgstr[0] "y"\n',
    "plural index 00": GOOD + '\nmsgid "a"\nmsgid_plural "b"\nmsgstr[00] "x"\nmsgstr[1] "y"\n',
    "CRLF": GOOD.replace("\n", "\r\n"),
    "indented": GOOD.replace('\nmsgstr "번역 3"', '\n  msgstr "번역 3"'),
    "spaces after a string": GOOD.replace('"번역 3"', '"번역 3"  '),
    "spaces on an empty line": GOOD.replace("\n\n", "\n \n"),
    "comment after #|": GOOD + '\n#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "x"\n',
    "comment at the end": GOOD + "\n# the end\n",
    "only comments": "# nothing here\n#, fuzzy\n",
    "string after an empty line": GOOD + '\nmsgid "a"\n\n"b"\nmsgstr "x"\n',
}


@pytest.mark.parametrize("name", UNUSUAL)
def test_unusual_shapes(name: str) -> None:
    text = UNUSUAL[name]
    slow = outcome(reader._parse_po_lines, text)
    assert slow[0] == "ok"
    assert outcome(parse_po, text) == slow


@pytest.mark.parametrize("name", BROKEN)
def test_same_error(name: str) -> None:
    text = BROKEN[name]
    with pytest.raises(PoSyntaxError) as slow:
        reader._parse_po_lines(text, "x.po")
    with pytest.raises(PoSyntaxError) as fast:
        parse_po(text, "x.po")
    assert (fast.value.path, fast.value.line, fast.value.message) == \
        (slow.value.path, slow.value.line, slow.value.message)


def test_same_error_from_read_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks after parsing see the same entries, so they stop at the same line."""
    po_file = tmp_path / "x.po"
    po_file.write_text(GOOD + '\nmsgid "files\\n"\nmsgstr "화일"\n', encoding="utf-8")
    with pytest.raises(PoSyntaxError) as fast:
        reader.read_catalog(po_file)
    monkeypatch.setattr(reader, "_parse_po_fast", lambda text, path: None)
    with pytest.raises(PoSyntaxError) as slow:
        reader.read_catalog(po_file)
    assert str(fast.value) == str(slow.value) and fast.value.line == slow.value.line > 100
