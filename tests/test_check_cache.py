"""Remembered results: a second check reads only the catalogs that changed, and finds what a
check from scratch finds, across catalogs too."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.check import cache, engine
from dalbit.check.engine import check_paths, select_rules
from dalbit.glossary import Concept, load_glossary

DATA = Path(__file__).parent / "data"

CATALOG = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "A sentence shared by two catalogs."
msgstr "{shared}"

msgid "The mobile phone is small."
msgstr "{phone}"

msgid "The new mobile phone."
msgstr "새손전화은 좋다."
'''


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path / "cache"))
    for name, shared, phone in (("a.po", "같은 문장이다.", "손전화는 작다."), ("b.po", "같은 문장이다.", "손전화는 작다.")):
        (tmp_path / name).write_text(CATALOG.format(shared=shared, phone=phone), encoding="utf-8")
    return tmp_path


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs the engine reads from now on."""
    read: list[str] = []
    original = engine.read_or_error
    monkeypatch.setattr(engine, "read_or_error",
                        lambda path, *data: read.append(Path(path).name) or original(path, *data))
    return read


def described(report) -> list[str]:
    return sorted(map(str, report.findings)) + [f"{report.files} {report.checked}"]


PARTICLE = ["particle"]  # 새손전화은, an entry that waits for the analyzer, in every catalog


def test_a_second_check_reads_only_what_changed_and_finds_what_a_fresh_one_finds(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = load_glossary(DATA / "glossary.toml")
    paths = [folder / "a.po", folder / "b.po"]
    first = check_paths(glossary, paths)
    assert [f.rule for f in first.findings] == PARTICLE * 2
    read = reads(monkeypatch)
    assert described(check_paths(glossary, paths)) == described(first) and read == []
    # b.po now says the shared sentence another way and uses a forbidden form: a.po, not read
    # again, still takes part in translation-consistency.
    text = (folder / "b.po").read_text(encoding="utf-8")
    (folder / "b.po").write_text(text.replace("같은 문장", "다른 문장").replace("손전화는", "휴대폰은"), encoding="utf-8")
    again = check_paths(glossary, paths)
    assert read == ["b.po"]
    fresh = check_paths(glossary, paths, remember=False)
    assert read == ["b.po", "a.po", "b.po"]
    assert described(again) == described(fresh)
    assert sorted(f.rule for f in again.findings) == \
        ["forbidden", "particle", "particle", "term-consistency"] + ["translation-consistency"] * 2


def test_the_glossary_and_the_rules_are_part_of_what_is_remembered(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = load_glossary(DATA / "glossary.toml")
    paths = [folder / "a.po"]
    assert [f.rule for f in check_paths(glossary, paths).findings] == PARTICLE
    read = reads(monkeypatch)
    # 손전화 becomes a forbidden form: the same bytes give findings now.
    edited = dataclasses.replace(glossary, concepts=[
        dataclasses.replace(c, forbidden=(*c.forbidden, "손전화")) if "손전화" in c.allowed else c
        for c in glossary.concepts])
    assert "forbidden" in {f.rule for f in check_paths(edited, paths).findings} and read == ["a.po"]
    assert check_paths(glossary, paths, rules=select_rules(["markup"])).findings == [] and len(read) == 2
    assert [f.rule for f in check_paths(glossary, paths).findings] == PARTICLE and len(read) == 2  # kept


def test_dalbits_own_code_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "dalbit"
    package.mkdir()
    (package / "rules.py").write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.key(None, ["markup"])
    (package / "rules.py").write_text("RULES = 2\n", encoding="utf-8")
    assert cache.key(None, ["markup"]) != before


def test_a_broken_or_missing_cache_is_an_empty_one(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = load_glossary(DATA / "glossary.toml")
    paths = [folder / "a.po"]
    check_paths(glossary, paths)
    [kept] = (folder / "cache").glob("results-*.pickle")
    kept.write_bytes(kept.read_bytes()[:100])  # cut short, as a full disk leaves it
    read = reads(monkeypatch)
    assert [f.rule for f in check_paths(glossary, paths).findings] == PARTICLE and read == ["a.po"]
    assert [f.rule for f in check_paths(glossary, paths).findings] == PARTICLE and read == ["a.po"]  # kept again


def test_without_remember_nothing_is_written(folder: Path) -> None:
    check_paths(load_glossary(DATA / "glossary.toml"), [folder / "a.po"], remember=False)
    assert not (folder / "cache").exists()


def test_only_the_newest_results_files_are_kept(folder: Path) -> None:
    glossary = load_glossary(DATA / "glossary.toml")
    for n in range(cache.KEEP + 2):
        extra = Concept(id=f"c{n}", domain="test", pos="noun", en=(f"word{n}",), preferred="말")
        check_paths(dataclasses.replace(glossary, concepts=[*glossary.concepts, extra]), [folder / "a.po"])
    assert len(list((folder / "cache").glob("results-*.pickle"))) == cache.KEEP


def test_no_cache_on_the_command_line(folder: Path) -> None:
    def check(*options: str) -> str:
        result = subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(folder / "a.po"), "--glossary",
                                 str(DATA / "glossary.toml"), "--format", "json", *options],
                                capture_output=True, text=True)
        assert result.returncode == 1, result.stderr  # the particle finding
        return result.stdout

    fresh = check("--no-cache")
    assert not (folder / "cache").exists()
    assert check() == check() == fresh and len(list((folder / "cache").glob("results-*.pickle"))) == 1


def test_a_cache_folder_that_cannot_be_written_checks_everything(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = folder / "file"
    not_a_folder.write_text("a file where the cache folder should be\n", encoding="utf-8")
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(not_a_folder))
    glossary = load_glossary(DATA / "glossary.toml")
    read = reads(monkeypatch)
    for _ in range(2):
        assert [f.rule for f in check_paths(glossary, [folder / "a.po"]).findings] == PARTICLE
    assert read == ["a.po", "a.po"] and not_a_folder.is_file()


def test_a_catalog_named_another_way_and_a_check_of_some_catalogs_keep_the_results(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # make check names catalogs relative to the project, a Sphinx build absolute: one result each.
    glossary = load_glossary(DATA / "glossary.toml")
    monkeypatch.chdir(folder)
    # The glossary too, read by a relative path: the same content, the same results.
    relative = check_paths(load_glossary(Path(os.path.relpath(DATA / "glossary.toml"))), [Path("a.po"), Path("b.po")])
    assert {f.path for f in relative.findings} == {"a.po", "b.po"}
    read = reads(monkeypatch)
    absolute = [folder / "a.po", folder / "b.po"]
    assert described(check_paths(glossary, absolute)) == described(check_paths(glossary, absolute, remember=False))
    assert read == ["a.po", "b.po"]  # only the run with nothing remembered read them
    # Checking one catalog after an edit keeps what the others found.
    text = (folder / "a.po").read_text(encoding="utf-8")
    (folder / "a.po").write_text(text.replace("손전화는", "휴대폰은"), encoding="utf-8")
    check_paths(glossary, [Path("a.po")])
    assert read == ["a.po", "b.po", "a.po"]
    both = check_paths(glossary, absolute)
    assert read == ["a.po", "b.po", "a.po"]
    assert described(both) == described(check_paths(glossary, absolute, remember=False))


def test_a_catalog_saved_while_it_is_checked_is_remembered_by_the_bytes_checked(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The translator saves a.po (B) between the lookup of its digest (A) and its reading: the
    results of B must not be kept as A's, or A, restored, would show B's findings."""
    glossary = load_glossary(DATA / "glossary.toml")
    path = folder / "a.po"
    before = path.read_bytes()  # A: clean
    after = CATALOG.format(shared="같은 문장이다.", phone="휴대폰은 작다.").encode()  # B: a forbidden word
    looked_up = cache.file_digest

    def saved_meanwhile(file: Path) -> bytes | None:
        digest = looked_up(file)
        if file == path:
            path.write_bytes(after)
        return digest

    monkeypatch.setattr(cache, "file_digest", saved_meanwhile)
    assert any(f.term == "mobile phone" for f in check_paths(glossary, [path]).findings)
    monkeypatch.setattr(cache, "file_digest", looked_up)
    path.write_bytes(before)
    assert described(check_paths(glossary, [path])) == described(check_paths(glossary, [path], remember=False))
