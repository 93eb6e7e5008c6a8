"""Writers lose nothing and hide nothing: update, fmt and migrate-term share one model and one
writer, write atomically (through symbolic links), leave no temporary file behind, and exclude
each other with a lock."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dalbit.catalogs import LOCK_NAME, TEMP_SUFFIX, catalog_lock, remove_stale_temp_files
from dalbit.errors import InputError
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import parse_po, read_catalog
from dalbit.po.writer import canonical_header, format_catalog
from dalbit.update import merge

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals={n}; plural={rule};\\n"\n\n')
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None or shutil.which("msgcat") is None,
                                   reason="GNU gettext (msgmerge, msgcat, msgfmt) is not installed")


def dalbit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def po_text(body: str, nplurals: int = 1) -> str:
    return HEADER.format(n=nplurals, rule="0" if nplurals == 1 else "(n != 1)") + body


def msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(TEMP_SUFFIX) or p.name.endswith(".tmp"))


# -- migrate-term edits entries, never raw lines -------------------------------------------------

@needs_gettext
def test_migrate_term_keeps_escapes_and_multiline_msgctxt(tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(po_text(
        'msgid "Edition n\\n"\nmsgstr "판본 n\\n"\n\n'
        'msgctxt ""\n"multi\\n"\n"line"\nmsgid "The phone"\nmsgstr "휴대폰으로 보낸다"\n\n'
        '#, python-format\nmsgid "%d phone"\nmsgid_plural "%d phones"\nmsgstr[0] "휴대폰 %d대를"\n\n'
        '#~ msgid "Old phone"\n#~ msgstr "휴대폰"\n'), encoding="utf-8")
    assert msgfmt_accepts(po)
    result = dalbit("migrate-term", "n", "m", str(po))
    assert result.returncode == 0, result.stderr
    entries = {e.msgid: e for e in read_catalog(po).entries}
    assert entries["Edition n\n"].msgstr == "판본 m\n" and entries["Edition n\n"].fuzzy
    assert msgfmt_accepts(po)
    result = dalbit("migrate-term", "휴대폰", "손전화", str(po))
    assert result.returncode == 0, result.stderr
    assert msgfmt_accepts(po), po.read_text(encoding="utf-8")
    entries = {e.msgid: e for e in read_catalog(po).entries}
    phone = entries["The phone"]
    assert phone.msgctxt == "multi\nline" and phone.msgstr == "손전화로 보낸다" and phone.fuzzy
    assert entries["%d phone"].msgstr_plural == ["손전화 %d대를"] and entries["%d phone"].fuzzy
    assert entries["Old phone"].msgstr == "휴대폰"  # obsolete entries are history: left alone


@pytest.mark.parametrize("old", ["", " ", "\t"])
def test_migrate_term_refuses_an_empty_term(tmp_path: Path, old: str) -> None:
    po = tmp_path / "a.po"
    po.write_text(po_text('msgid "a"\nmsgstr "가"\n'), encoding="utf-8")
    before = po.read_bytes()
    try:
        result = subprocess.run([sys.executable, "-m", "dalbit.cli", "migrate-term", old, "x", str(po)],
                                capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("migrate-term with an empty term never ends")
    assert result.returncode == 2 and "empty" in result.stderr
    assert po.read_bytes() == before


# -- update: every translation placed exactly, offered fuzzy, or kept obsolete --------------------

def live(catalog: Catalog) -> dict[str, object]:
    return {e.msgid: e for e in catalog.entries if not e.is_header and not e.obsolete}


def shape(entry) -> tuple:
    return (entry.msgstr, tuple(entry.msgstr_plural), entry.fuzzy, entry.previous_msgid,
            entry.previous_msgid_plural)


MSGMERGE_CASES = {
    "becomes plural": ('msgid "%d file"\nmsgstr "파일 %d개"\n',
                       'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "stops being plural": ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "파일 %d개"\n'
                           'msgstr[1] "파일 %d개"\n', 'msgid "%d file"\nmsgstr ""\n'),
    "other plural": ('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "파일 %d개"\nmsgstr[1] "파일 %d개"\n',
                     'msgid "%d file"\nmsgid_plural "%d documents"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "new plural": ('msgid "Other"\nmsgstr "기타"\n',
                   'msgid "Other"\nmsgstr ""\n\nmsgid "%d new"\nmsgid_plural "%d news"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "obsolete comes back": ('#~ msgid "Gone"\n#~ msgstr "사라짐"\n', 'msgid "Gone"\nmsgstr ""\n'),
}


@needs_gettext
@pytest.mark.parametrize("nplurals", [1, 2])
@pytest.mark.parametrize("case", sorted(MSGMERGE_CASES))
def test_update_places_translations_as_msgmerge_does(tmp_path: Path, case: str, nplurals: int) -> None:
    old_body, pot_body = MSGMERGE_CASES[case]
    if nplurals == 1:
        old_body = old_body.replace('msgstr[1] "파일 %d개"\n', "")
    po, pot = tmp_path / "a.po", tmp_path / "a.pot"
    po.write_text(po_text(old_body, nplurals), encoding="utf-8")
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + pot_body,
                   encoding="utf-8")
    reference = subprocess.run(["msgmerge", "--previous", "-q", "-o", "-", str(po), str(pot)],
                               capture_output=True, text=True, check=True).stdout
    merged, _ = merge(read_catalog(pot), read_catalog(po), "ko_KP")
    ours = parse_po(format_catalog(merged))  # what is written is read back the same
    expected = live(parse_po(reference))
    assert {m: shape(e) for m, e in live(ours).items()} == {m: shape(e) for m, e in expected.items()}


def test_update_fills_a_live_message_from_its_obsolete_twin() -> None:
    old = parse_po(po_text('msgid "Gone"\nmsgstr ""\n\n#~ msgid "Gone"\n#~ msgstr "사라짐"\n'))
    merged, _ = merge(parse_po('msgid "Gone"\nmsgstr ""\n'), old, "ko_KP")
    entry = live(merged)["Gone"]
    assert entry.msgstr == "사라짐" and not entry.fuzzy  # an exact match, as msgmerge takes one


def test_update_marks_markup_moves_fuzzy() -> None:
    old = parse_po(po_text('msgid "Use the ``notel`` player."\nmsgstr "``notel`` 재생기를 쓴다."\n\n'
                           'msgid "Press the power button."\nmsgstr "전원 단추를 누른다."\n'))
    pot = parse_po('msgid "Use the ``notel player``."\nmsgstr ""\n\n'
                   'msgid "Press the :guilabel:`power` button."\nmsgstr ""\n')
    merged, _ = merge(pot, old, "ko_KP")
    into = live(merged)["Use the ``notel player``."]
    assert into.fuzzy and into.msgstr == "``notel`` 재생기를 쓴다."  # not rewritten into nonsense
    assert into.previous_msgid == "Use the ``notel`` player."
    inside = live(merged)["Press the :guilabel:`power` button."]
    assert inside.fuzzy and inside.msgstr == "전원 단추를 누른다."
    assert inside.previous_msgid == "Press the power button."


@needs_gettext
def test_writers_keep_a_symlinked_catalog_a_link(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.po").write_text(po_text('msgid "Hello"\nmsgstr "안녕"\n\nmsgid "The phone"\nmsgstr "휴대폰"\n'),
                                encoding="utf-8")
    folder = tmp_path / "locale/ko_KP/LC_MESSAGES"
    folder.mkdir(parents=True)
    link = folder / "a.po"
    link.symlink_to(store / "a.po")
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n',
                                encoding="utf-8")
    for args in (["migrate-term", "휴대폰", "손전화", str(link)],
                 ["update", str(pots), str(tmp_path / "locale"), "-l", "ko_KP"],
                 ["fmt", str(folder)]):
        (store / "a.po").write_text((store / "a.po").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        before = (store / "a.po").read_text(encoding="utf-8")
        result = dalbit(*args)
        assert result.returncode == 0, result.stderr
        assert link.is_symlink() and link.resolve() == store / "a.po", args
        assert (store / "a.po").read_text(encoding="utf-8") != before, args
        assert temp_files(tmp_path) == []
    assert "New" in live(read_catalog(store / "a.po")) and "손전화" in (store / "a.po").read_text()


# -- fmt changes the form only ---------------------------------------------------------------------

ODD = """#!not a translator comment to msgcat, but kept
#   indented
#TODO spaced by msgcat too
msgid ""
msgstr ""
"Project-Id-Version: odd\\n"
"a header line without a colon\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"X-Generator: Poedit 3.4\\n"

msgid "Kelvin, ohm and a compatibility ideograph"
msgstr "300 \u212a, 5 \u2126, \uf900 (NFC would change all three)"

#, fuzzy
#| msgid "%d file"
#| msgid_plural "%d files"
msgid "%d item"
msgid_plural "%d items"
msgstr[0] "항목 %d개"

#~| msgctxt "was"
#~| msgid "old"
#~| msgid_plural "olds"
#~ msgid "obsolete"
#~ msgid_plural "obsoletes"
#~ msgstr[0] "폐기"

#, fuzzy
#~| msgid ""
#~| "previous on "
#~| "two lines"
#~ msgid "obsolete two"
#~ msgstr "폐기 둘"
"""


def msgcat_sections(path: Path) -> tuple[str | None, str] | None:
    """``msgcat --no-wrap`` of a catalog: its header fields in canonical order, and the rest as text
    (None when msgcat rejects the catalog)."""
    done = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        return None
    text = done.stdout
    catalog = parse_po(text)
    if catalog.header is None:
        return None, text
    return canonical_header(catalog.header.msgstr), text.split("\n\n", 1)[1]


def assert_fmt_changes_form_only(sources: list[Path], folder: Path) -> None:
    """fmt of each catalog (copied) is what msgcat --no-wrap reads as the same catalog: the same
    bytes from msgcat, but for the documented header normalisation (field order, noise fields)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for index, source in enumerate(sources):
        copy = folder / f"{index}.po"
        shutil.copyfile(source, copy)
        copies.append((source, copy))
    result = dalbit("fmt", str(folder))
    assert result.returncode == 0, result.stderr
    with ThreadPoolExecutor(4) as pool:
        pairs = list(pool.map(lambda pair: (pair[0], msgcat_sections(pair[0]), msgcat_sections(pair[1])),
                              copies))
    compared = 0
    for source, before, after in pairs:
        if before is not None:  # msgcat reads the catalog: then it reads ours the same
            assert after == before, source
            compared += 1
    assert compared >= len(pairs) * 0.9, "msgcat rejects most of these catalogs: nothing was compared"


@needs_gettext
def test_fmt_changes_form_only_on_odd_catalogs(tmp_path: Path) -> None:
    odd = tmp_path / "odd.po"
    odd.write_text(ODD, encoding="utf-8")
    assert msgfmt_accepts(odd)
    assert_fmt_changes_form_only([odd], tmp_path / "formatted")
    text = (tmp_path / "formatted/0.po").read_text(encoding="utf-8")
    for kept in ("\u212a", "\u2126", "\uf900", "#!not a translator", "#   indented", '#| msgid_plural "%d files"',
                 '"a header line without a colon\\n"', '#~ #| msgid_plural "olds"', '#~ #| msgctxt "was"',
                 '#~ #| msgid "previous on two lines"'):
        assert kept in text, kept
    assert "X-Generator" not in text  # documented: editors' noise fields go
    assert dalbit("fmt", "--check", str(tmp_path / "formatted")).returncode == 0  # stable


@needs_gettext
def test_fmt_changes_form_only_on_our_catalogs(tmp_path: Path) -> None:
    assert_fmt_changes_form_only(sorted((ROOT / "locale").rglob("*.po")), tmp_path / "ours")


@needs_gettext
def test_fmt_changes_form_only_on_the_corpus(tmp_path: Path) -> None:
    corpus = CORPORA / "python-docs-ko-3.13"
    if not corpus.is_dir():
        pytest.skip(f"{corpus}: no corpus (set DALBIT_CORPORA to the folder holding python-docs-ko-3.13)")
    readable = []
    for path in sorted(corpus.rglob("*.po")):
        try:
            read_catalog(path)
        except InputError:  # catalogs the reader rejects are the readers' tests' business
            continue
        readable.append(path)
    assert len(readable) > 400
    assert_fmt_changes_form_only(readable, tmp_path / "corpus")


# -- temporary files and the lock -----------------------------------------------------------------

def test_a_killed_writers_temp_files_are_removed_by_the_next(tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text(po_text('msgid "a"\nmsgstr "가"\n'), encoding="utf-8")
    # Whatever the pid in its name: pids are reused (in a container every run may be pid 1).
    stale = [tmp_path / f".a.po.{pid}-0a1b2c3d{TEMP_SUFFIX}" for pid in (1, os.getpid(), 999999)]
    mo = tmp_path / f".a.mo.1-0a1b2c3d{TEMP_SUFFIX}"  # not a catalog's: a build may be writing it
    for path in [*stale, mo]:
        path.write_text("half a catal", encoding="utf-8")
    assert sorted(remove_stale_temp_files([tmp_path])) == sorted(stale)
    assert mo.exists()
    for path in stale:
        path.write_text("half a catal", encoding="utf-8")
    assert dalbit("fmt", str(po)).returncode == 0
    assert not any(path.exists() for path in stale) and mo.exists()
    stale = stale[0]
    for name in (f"locale/ko_KP/LC_MESSAGES/{stale.name}", f"locale/{LOCK_NAME}"):
        ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", name])
        assert ignored.returncode == 0, f".gitignore does not cover {name}"


def test_a_second_writer_waits_then_names_the_holder(tmp_path: Path) -> None:
    folder = tmp_path / "locale/ko_KP/LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "a.po"
    po.write_text(po_text('msgid "The phone"\nmsgstr "휴대폰"\n'), encoding="utf-8")
    before = po.read_bytes()
    with catalog_lock(tmp_path / "locale", "dalbit update build/gettext locale -l ko_KP"):
        started = time.monotonic()
        result = dalbit("migrate-term", "휴대폰", "손전화", str(po), env={"DALBIT_LOCK_TIMEOUT": "0.5"})
        waited = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert f"pid {os.getpid()} (dalbit update build/gettext locale -l ko_KP)" in result.stderr
    assert "nothing was written" in result.stderr and waited >= 0.5
    assert po.read_bytes() == before
    result = dalbit("fmt", str(po), env={"DALBIT_LOCK_TIMEOUT": "0.5"})  # the lock is free again
    assert result.returncode == 0, result.stderr


# -- update loses nothing across plural changes and markup moves (property) ------------------------

WORDS = "phone radio market border film music drama state law woman river signal".split()
TOKEN = "번역 #{}#"  # each old translation carries its own token, which must survive somewhere


@dataclass(frozen=True)
class Message:
    words: tuple[str, ...]
    markup: str | None  # None, "``" or "term"
    at: int  # first word in markup
    span: int  # how many words the markup holds
    plural: bool
    spaced: bool = False  # a doubled space: a whitespace-only change

    def markup_source(self) -> str:
        inside = " ".join(self.words[self.at:self.at + self.span])
        return f"``{inside}``" if self.markup == "``" else f":term:`{inside}`"

    def text(self) -> str:
        words = list(self.words)
        if self.markup:
            words[self.at:self.at + self.span] = [self.markup_source()]
        return ("  " if self.spaced else " ").join(words).capitalize() + "."


@st.composite
def message(draw) -> Message:
    words = tuple(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=7)))
    markup = draw(st.sampled_from([None, "``", "term"]))
    at = draw(st.integers(1, len(words) - 1))  # not the first word: capitalize() would change it
    return Message(words, markup, at, 1, draw(st.booleans()))


def changed(draw, old: Message) -> Message | None:
    """The message in the new template: the same, or one change (None: deleted)."""
    kind = draw(st.sampled_from(["keep", "plural", "into", "out of", "role", "edit", "respace", "delete"]))
    if kind == "plural":
        return replace(old, plural=not old.plural)
    if kind == "into":  # a word moves into markup
        if old.markup is None:
            return replace(old, markup="``")
        if old.at + old.span < len(old.words):
            return replace(old, span=old.span + 1)
    if kind == "out of":  # the markup's words move out of it
        return replace(old, markup=None)
    if kind == "role" and old.markup:
        return replace(old, markup="term" if old.markup == "``" else "``")
    if kind == "edit":
        i = draw(st.integers(0, len(old.words) - 1))
        return replace(old, words=old.words[:i] + (draw(st.sampled_from(WORDS)),) + old.words[i + 1:])
    if kind == "respace":
        return replace(old, spaced=not old.spaced)
    if kind == "delete":
        return None
    return old


@st.composite
def plural_and_markup_edits(draw) -> tuple[list[Message], list[Message]]:
    before = list({m.text(): m for m in draw(st.lists(message(), min_size=1, max_size=8))}.values())
    after = [m for m in (changed(draw, m) for m in before) if m is not None]
    after += draw(st.lists(message(), max_size=2))
    return before, list({m.text(): m for m in after}.values())


def as_entry(m: Message, translation: str = "") -> Entry:
    if m.plural:
        return Entry(msgid=m.text(), msgid_plural=m.text() + " (many)", msgstr_plural=[translation])
    return Entry(msgid=m.text(), msgstr=translation)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plural_and_markup_edits())
def test_update_loses_no_translation_across_plural_changes_and_markup_moves(case) -> None:
    before, after = case
    header = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n")
    translations = {m.text(): (m.markup_source() + " " if m.markup else "") + TOKEN.format(i)
                    for i, m in enumerate(before)}
    old = Catalog("a.po", [header, *(as_entry(m, translations[m.text()]) for m in before)])
    pot = Catalog("a.pot", [Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
                            *(as_entry(m) for m in after)])
    for entry in pot.entries[1:]:
        entry.msgstr_plural = ["", ""] if entry.msgid_plural else []
    merged, _ = merge(pot, old, "ko_KP")
    result = parse_po(format_catalog(merged), "a.po")  # what is written reads back: no error
    texts = [t for e in result.entries if not e.is_header for t in [e.msgstr, *e.msgstr_plural] if t]
    for i in range(len(before)):  # every old translation is somewhere: live, fuzzy or obsolete
        assert any(TOKEN.format(i) in t for t in texts), (i, before[i].text(), format_catalog(merged))
    old_by_words = {" ".join(m.text().split()): (translations[m.text()], m.plural) for m in before}
    for entry in result.messages:
        translation = entry.msgstr or "".join(entry.msgstr_plural)
        if translation and not entry.fuzzy:  # unreviewed: the very translation of the same words
            assert old_by_words.get(" ".join(entry.msgid.split())) == \
                (translation, entry.msgid_plural is not None), entry
        if entry.fuzzy and translation:
            assert entry.previous_msgid is not None  # the translator sees what changed


# -- killed writers and two writers at once, on a few hundred catalogs -----------------------------

def make_catalog_set(root: Path, count: int) -> tuple[Path, Path]:
    """``count`` catalogs (not in canonical form, with 휴대폰 to migrate) and templates that change
    each of them: root/locale/ko_KP/LC_MESSAGES/*.po and root/pot/*.pot."""
    folder, pots = root / "locale/ko_KP/LC_MESSAGES", root / "pot"
    folder.mkdir(parents=True)
    pots.mkdir()
    head = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=1; plural=0;\\n"\n"Generated-By: Babel 2.17.0\\n"\n\n')
    for k in range(count):
        body = [f'msgid "The phone, part {k}."\nmsgstr "휴대폰으로 보낸다 {k}."\n']
        body += [f'msgid "Paragraph {i} of document {k} says something long enough to match."\n'
                 f'msgstr "문서 {k}의 {i}번째 문단은 휴대폰을 말한다."\n' for i in range(12)]
        (folder / f"doc{k}.po").write_text(head + "\n".join(body), encoding="utf-8")
        template = [f'msgid "The phone, part {k}."\nmsgstr ""\n', f'msgid "New message {k}."\nmsgstr ""\n']
        template += [f'msgid "Paragraph {i} of document {k} says something {"very " if i == 3 else ""}long '
                     f'enough to match."\nmsgstr ""\n' for i in range(12)]
        (pots / f"doc{k}.pot").write_text('msgid ""\nmsgstr ""\n\n' + "\n".join(template), encoding="utf-8")
    return folder, pots


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.po"))}


def restore(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def writer_commands(root: Path, pots: Path | None = None) -> dict[str, list[str]]:
    return {"update": ["update", str(pots or root / "pot"), str(root / "locale"), "-l", "ko_KP"],
            "fmt": ["fmt", str(root / "locale")],
            "migrate-term": ["migrate-term", "휴대폰", "손전화", str(root / "locale")]}


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dalbit.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def kill_while_writing(args: list[str], folder: Path, delay: float | None) -> None:
    """Start a writer and SIGKILL it: ``delay`` seconds after its start, or (None) as soon as a
    temporary file shows that it is writing."""
    process = start(args)
    started = time.monotonic()
    if delay is None:
        while process.poll() is None and time.monotonic() - started < 20:
            if any(name.startswith(".doc") for name in os.listdir(folder)):
                break
            time.sleep(0.002)
    else:
        time.sleep(delay)
    process.kill()
    process.communicate()


def test_killed_writers_leave_old_or_new_files_and_no_temp_file(tmp_path: Path) -> None:
    count = 250
    folder, pots = make_catalog_set(tmp_path / "base", count)
    old = snapshot(folder)
    left_behind = 0
    for name in ("update", "fmt", "migrate-term"):
        reference = tmp_path / name / "reference"
        restore(reference / "locale/ko_KP/LC_MESSAGES", old)
        started = time.monotonic()
        result = dalbit(*writer_commands(reference, pots)[name])
        duration = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        new = snapshot(reference / "locale/ko_KP/LC_MESSAGES")
        assert sum(new[n] != old[n] for n in old) == count  # every file is written
        # Once as soon as it writes (a temporary file is then likely to be left), once at random.
        for trial, delay in enumerate([None, random.Random(name).uniform(0.3, 1.0) * duration]):
            work = tmp_path / name / f"trial{trial}"
            folder = work / "locale/ko_KP/LC_MESSAGES"
            restore(folder, old)
            kill_while_writing(writer_commands(work, pots)[name], folder, delay)
            now = snapshot(folder)
            assert set(now) == set(old)
            broken = [n for n in now if now[n] not in (old[n], new[n])]
            assert not broken, f"{name}: killed after {delay} s, {len(broken)} files half written"
            left_behind += len(temp_files(work))
            result = dalbit(*writer_commands(work, pots)[name])  # the next run finishes the work ...
            assert result.returncode == 0, result.stderr
            assert temp_files(work) == [], f"{name}: a killed run's temporary files survive the next run"
            assert snapshot(folder) == new  # ... and gives what one whole run gives
    print(f"temporary files left by killed writers, removed by the next run: {left_behind}")


@pytest.mark.parametrize("first", ["update", "migrate-term"])
def test_two_writers_at_once_lose_nothing(tmp_path: Path, first: str) -> None:
    folder, _ = make_catalog_set(tmp_path, 229)
    commands = writer_commands(tmp_path)
    second = "migrate-term" if first == "update" else "update"
    processes = {first: start(commands[first])}
    processes[second] = start(commands[second])
    outcomes = {}
    for name, process in processes.items():
        stderr = process.communicate(timeout=60)[1]
        outcomes[name] = (process.returncode, stderr)
    for name, (code, stderr) in outcomes.items():
        assert code in (0, 2), stderr
        if code == 2:  # refused after waiting: says who holds the catalogs
            other = "migrate-term" if name == "update" else "update"
            assert "pid " in stderr and f"dalbit {other}" in stderr, stderr
    lost = []
    for path in sorted(folder.glob("*.po")):
        messages = read_catalog(path).messages
        updated = any(e.msgid.startswith("New message") for e in messages)
        migrated = not any("휴대폰" in e.msgstr for e in messages)
        if (outcomes["update"][0] == 0 and not updated) or (outcomes["migrate-term"][0] == 0 and not migrated):
            lost.append(path.name)
    assert not lost, f"edits lost in {len(lost)} of 229 catalogs: {lost[:5]}"
