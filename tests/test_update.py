"""Updating catalogs never loses a translation; catalogs have one canonical form."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import parse_po, read_catalog
from dalbit.po.writer import format_catalog
from dalbit.update import merge

ROOT = Path(__file__).resolve().parent.parent


def template(*msgids: str) -> Catalog:
    header = Entry(msgid="", msgstr="Project-Id-Version: t\nContent-Type: text/plain; charset=UTF-8\n")
    return Catalog("t.pot", [header, *(Entry(msgid=m) for m in msgids)])


def catalog(pairs: list[tuple[str, str]]) -> Catalog:
    header = Entry(msgid="", msgstr="Language: ko_KP\nContent-Type: text/plain; charset=UTF-8\n")
    return Catalog("t.po", [header, *(Entry(msgid=m, msgstr=s) for m, s in pairs)])


def by_id(result: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in result.entries if not e.is_header}


def test_merge_cases() -> None:
    old = catalog([
        ("Keep this sentence.", "이 문장은 그대로."),
        ("The phone is small and cheap.", "손전화는 작고 싸다."),
        ("Use ``notel`` players.", "``notel`` 재생기를 쓴다."),
        ("Spaces  here.", "빈칸."),
        ("Removed later.", "지워진다."),
    ])
    new = template("Keep this sentence.", "The phone is small and very cheap.",
                   "Use :term:`notel` players.", "Spaces here.", "Quite unrelated text, about rivers.")
    merged, result = merge(new, old, "ko_KP")
    entries = by_id(merged)
    assert entries["Keep this sentence."].msgstr == "이 문장은 그대로." and not entries["Keep this sentence."].fuzzy
    fuzzy = entries["The phone is small and very cheap."]
    assert fuzzy.fuzzy and fuzzy.msgstr == "손전화는 작고 싸다."
    assert fuzzy.previous_msgid == "The phone is small and cheap."
    moved = entries["Use :term:`notel` players."]  # the translation is rewritten: someone reviews it
    assert moved.msgstr == ":term:`notel` 재생기를 쓴다." and moved.fuzzy
    assert moved.previous_msgid == "Use ``notel`` players."
    assert entries["Spaces here."].msgstr == "빈칸." and not entries["Spaces here."].fuzzy
    assert entries["Quite unrelated text, about rivers."].msgstr == ""
    assert entries["Removed later."].obsolete and entries["Removed later."].msgstr == "지워진다."
    assert (result.kept, len(result.markup_only), result.fuzzy, result.new, result.obsolete) == (1, 2, 1, 1, 1)
    text = format_catalog(merged)
    assert '#| msgid "The phone is small and cheap."' in text and '#~ msgid "Removed later."' in text


def test_merge_takes_format_flags_from_the_template() -> None:
    """A python-format flag Babel guessed on prose (sphinx-intl) goes, as msgmerge's would; the
    translator's fuzzy stays. The guessed-format-flag finding tells translators so."""
    old = catalog([("It is 30% faster.", "30% 더 빠르다."), ("Slower by 5%.", "5% 느리다.")])
    for entry, flags in zip(old.messages, (["python-format"], ["fuzzy", "python-format"])):
        entry.flags = flags
    merged, _ = merge(template("It is 30% faster.", "Slower by 5%."), old, "ko_KP")
    entries = by_id(merged)
    assert entries["It is 30% faster."].flags == [] and entries["It is 30% faster."].msgstr == "30% 더 빠르다."
    assert entries["Slower by 5%."].flags == ["fuzzy"]


def test_long_messages_still_match() -> None:
    """Babel sends long messages to obsolete (babel #969); a long paragraph with one word changed stays."""
    long = " ".join(f"word{i} is part of a long paragraph" for i in range(60))
    merged, _ = merge(template(long.replace("word30", "term30")), catalog([(long, "긴 문단")]), "ko_KP")
    entry = next(e for e in merged.entries if e.msgid.startswith("word0"))
    assert entry.fuzzy and entry.msgstr == "긴 문단"


words = st.sampled_from("phone radio market border film music drama state law woman china river "
                        "sticks cards player signal news secret police trader price".split())
sentences = st.lists(words, min_size=4, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")


@st.composite
def edits(draw):
    paragraphs = draw(st.lists(sentences, min_size=1, max_size=12, unique=True))
    new = list(paragraphs)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["edit", "move", "split", "delete", "add"]))
        if not new:
            break
        i = draw(st.integers(0, len(new) - 1))
        if kind == "edit":
            w = new[i].split()
            w[draw(st.integers(0, len(w) - 1))] = draw(words)
            new[i] = " ".join(w)
        elif kind == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(i))
        elif kind == "split":
            w = new[i].split()
            if len(w) >= 4:
                cut = draw(st.integers(2, len(w) - 2))
                new[i:i + 1] = [" ".join(w[:cut]) + ".", " ".join(w[cut:]).capitalize()]
        elif kind == "delete":
            new.pop(i)
        else:
            new.insert(i, draw(sentences))
    return paragraphs, list(dict.fromkeys(new))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_no_translation_is_ever_lost(case) -> None:
    before, after = case
    old = catalog([(p, f"번역 {i}") for i, p in enumerate(before)])
    merged, _ = merge(template(*after), old, "ko_KP")
    reread = parse_po(format_catalog(merged), "t.po")  # survives writing and reading, too
    surviving = {e.msgstr for e in reread.entries if not e.is_header and e.msgstr}
    for i in range(len(before)):
        assert f"번역 {i}" in surviving
    for entry in reread.entries:
        if not entry.is_header and not entry.obsolete and entry.msgstr:
            assert entry.translated or entry.fuzzy


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_fmt_is_canonical_whatever_wrote_the_file(tmp_path: Path) -> None:
    source = ROOT / "locale/ko_KP/LC_MESSAGES/technology.po"
    canonical = format_catalog(read_catalog(source))
    assert source.read_text(encoding="utf-8") == canonical  # our catalogs are kept canonical
    for args in (["--no-wrap"], ["-w", "40"], []):  # as msgcat, or an editor, saves them
        saved = tmp_path / "saved.po"
        saved.write_text(subprocess.run(["msgcat", *args, str(source)], capture_output=True,
                                        text=True, check=True).stdout, encoding="utf-8")
        assert run("fmt", "--check", str(saved)).returncode == (0 if saved.read_text() == canonical else 1)
        assert run("fmt", str(saved)).returncode == 0
        assert saved.read_text(encoding="utf-8") == canonical
    assert run("fmt", "--check", str(ROOT / "locale")).returncode == 0


def test_update_cli_writes_nothing_when_a_catalog_is_broken(tmp_path: Path) -> None:
    pots = tmp_path / "pot"
    pots.mkdir()
    (pots / "a.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n', encoding="utf-8")
    (pots / "b.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n', encoding="utf-8")
    target = tmp_path / "locale/ko_KP/LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "a.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr "안녕"\n', encoding="utf-8")
    broken = 'msgid ""\nmsgstr ""\n\nmsgid "Bye"\nmsgstr "잘 가\n'
    (target / "b.po").write_text(broken, encoding="utf-8")
    before = (target / "a.po").read_bytes()
    result = run("update", str(pots), str(tmp_path / "locale"), "-l", "ko_KP")
    assert result.returncode == 2 and f"{target / 'b.po'}:5:" in result.stderr
    assert (target / "a.po").read_bytes() == before and (target / "b.po").read_text() == broken


def test_update_that_changes_nothing_changes_no_byte(tmp_path: Path) -> None:
    old = catalog([("Same.", "같다.")])
    old.entries[0].msgstr += "POT-Creation-Date: 2026-01-01 00:00+0000\n"
    pot = template("Same.")
    pot.entries[0].msgstr += "POT-Creation-Date: 2026-11-25 12:00+0000\n"
    merged, _ = merge(pot, old, "ko_KP")
    assert "2026-01-01" in merged.entries[0].msgstr
    pot = template("Same.", "New.")
    pot.entries[0].msgstr += "POT-Creation-Date: 2026-11-25 12:00+0000\n"
    merged, _ = merge(pot, old, "ko_KP")
    assert "2026-11-25 12:00" in merged.entries[0].msgstr


def test_update_says_nothing_of_a_catalog_it_leaves_as_it_was(tmp_path: Path, capsys) -> None:
    from dalbit.cli import main

    pot_dir = tmp_path / "pot"
    pot_dir.mkdir()
    (pot_dir / "a.pot").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                   'msgid "Kept."\nmsgstr ""\n', encoding="utf-8")
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                 'msgid "Kept."\nmsgstr "남았다."\n\nmsgid "Gone."\nmsgstr "사라졌다."\n',
                                 encoding="utf-8")
    args = ["update", str(pot_dir), str(tmp_path / "locale"), "-l", "ko_KP"]
    assert main(args) == 0
    assert "1 obsolete" in capsys.readouterr().out  # the first run moves "Gone." to the end, as #~
    before = (folder / "a.po").read_bytes()
    assert main(args) == 0
    assert capsys.readouterr().out == ""  # the obsolete entry is still there, but nothing changed
    assert (folder / "a.po").read_bytes() == before
    assert main([*args, "-v"]) == 0 and "1 obsolete" in capsys.readouterr().out
