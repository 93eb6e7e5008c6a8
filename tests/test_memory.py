"""Translation memory in `dalbit update`: untranslated messages are offered, fuzzy, the translation
of an equal or similar English message from the project's other catalogs and from compendia."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.po.reader import read_catalog

DALBIT = Path(sys.executable).parent / "dalbit"
POT_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko_KP\\n"\n'
             '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')

EXACT = "Return the current working directory of the process."
NEAR = "Return the current working directory of this process as a string."
NEAR_OLD = "Return the current working directory of the process as a string."
KEPT = "Remove the file at the given path."
NOTHING = "Rivers run into the sea, and nobody remembers why."
FROM_COMPENDIUM = "The file could not be opened for reading."


def pot(*msgids: str) -> str:
    return POT_HEADER + "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)


def po(*pairs: tuple[str, str], fuzzy: tuple[str, ...] = ()) -> str:
    return PO_HEADER + "".join(("#, fuzzy\n" if m in fuzzy else "") + f'msgid "{m}"\nmsgstr "{s}"\n\n'
                               for m, s in pairs)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A template folder, a locale folder with library/os.po translated, and a compendium."""
    pot_dir, locale = tmp_path / "pot", tmp_path / "locale"
    catalogs = locale / "ko_KP" / "LC_MESSAGES"
    (pot_dir / "library").mkdir(parents=True)
    (catalogs / "library").mkdir(parents=True)
    (pot_dir / "library" / "os.pot").write_text(pot(EXACT, NEAR_OLD), encoding="utf-8")
    (catalogs / "library" / "os.po").write_text(po(
        (EXACT, "프로쎄스의 현재 작업등록부를 돌려준다."),
        (NEAR_OLD, "프로쎄스의 현재 작업등록부를 문자렬로 돌려준다."),
        ("An old fuzzy one.", "흐린 번역."), fuzzy=("An old fuzzy one.",)), encoding="utf-8")
    (pot_dir / "page.pot").write_text(pot(EXACT, NEAR, KEPT, NOTHING, FROM_COMPENDIUM), encoding="utf-8")
    (catalogs / "page.po").write_text(po((KEPT, "주어진 경로의 파일을 지운다."),
                                         (EXACT, "")), encoding="utf-8")
    compendium = tmp_path / "compendium.po"
    compendium.write_text(po((FROM_COMPENDIUM, "파일을 읽기 위해 열수 없었다."),
                             (KEPT, "다른 번역: 파일을 없앤다."),
                             ("An untrusted guess.", "추측."), fuzzy=("An untrusted guess.",)),
                          encoding="utf-8")
    return pot_dir, locale, compendium


def update(pot_dir: Path, locale: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DALBIT), "update", str(pot_dir), str(locale), "-l", "ko_KP", *extra],
                          capture_output=True, text=True)


def entries(path: Path) -> dict:
    return {e.msgid: e for e in read_catalog(path).messages}


def test_memory_offers_exact_and_near_matches_fuzzy_with_their_source(project) -> None:
    pot_dir, locale, compendium = project
    done = update(pot_dir, locale, "--compendium", str(compendium))
    assert done.returncode == 0, done.stderr
    page = entries(locale / "ko_KP" / "LC_MESSAGES" / "page.po")

    exact = page[EXACT]  # an untranslated message of the catalog itself is filled too
    assert exact.msgstr == "프로쎄스의 현재 작업등록부를 돌려준다." and exact.fuzzy
    assert exact.translator_comments == ["dalbit-memory: from library/os.po"]
    assert exact.previous_msgid is None  # the same English: nothing to compare

    near = page[NEAR]
    assert near.msgstr == "프로쎄스의 현재 작업등록부를 문자렬로 돌려준다." and near.fuzzy
    assert near.translator_comments == ["dalbit-memory: from library/os.po"]
    assert near.previous_msgid == NEAR_OLD  # shows the translator what the offer translated

    compendium_offer = page[FROM_COMPENDIUM]
    assert compendium_offer.msgstr == "파일을 읽기 위해 열수 없었다." and compendium_offer.fuzzy
    assert compendium_offer.translator_comments == [f"dalbit-memory: from {compendium}"]

    kept = page[KEPT]  # never over a translation that exists
    assert kept.msgstr == "주어진 경로의 파일을 지운다." and not kept.fuzzy and not kept.translator_comments
    assert page[NOTHING].msgstr == "" and not page[NOTHING].fuzzy
    assert "3 fuzzy (3 from memory)" in done.stdout, done.stdout

    os_po = entries(locale / "ko_KP" / "LC_MESSAGES" / "library" / "os.po")
    assert not any(e.fuzzy or e.translator_comments for e in os_po.values() if not e.obsolete)

    again = update(pot_dir, locale, "--compendium", str(compendium))  # the offers are stable
    assert again.returncode == 0 and entries(locale / "ko_KP" / "LC_MESSAGES" / "page.po") == page


def test_fuzzy_and_untranslated_messages_are_never_offered(project) -> None:
    pot_dir, locale, compendium = project
    (pot_dir / "more.pot").write_text(pot("An old fuzzy one.", "An untrusted guess."), encoding="utf-8")
    assert update(pot_dir, locale, "--compendium", str(compendium)).returncode == 0
    more = entries(locale / "ko_KP" / "LC_MESSAGES" / "more.po")
    assert all(e.msgstr == "" and not e.fuzzy for e in more.values())


def test_no_memory_and_a_folder_compendium(project, tmp_path: Path) -> None:
    pot_dir, locale, compendium = project
    folder = tmp_path / "compendia" / "sub"
    folder.mkdir(parents=True)
    shutil.move(compendium, folder / "other.po")
    done = update(pot_dir, locale, "--no-memory", "--compendium", str(tmp_path / "compendia"))
    assert done.returncode == 0, done.stderr
    page = entries(locale / "ko_KP" / "LC_MESSAGES" / "page.po")
    assert page[EXACT].msgstr == "" and page[NEAR].msgstr == ""  # the project's catalogs not offered
    assert page[FROM_COMPENDIUM].translator_comments == [f"dalbit-memory: from {folder / 'other.po'}"]


def test_a_missing_or_broken_compendium_is_unusable_input(project, tmp_path: Path) -> None:
    pot_dir, locale, _ = project
    before = (locale / "ko_KP" / "LC_MESSAGES" / "page.po").read_bytes()
    missing = update(pot_dir, locale, "--compendium", str(tmp_path / "nowhere.po"))
    assert missing.returncode == 2 and "nowhere.po" in missing.stderr, missing.stderr
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    refused = update(pot_dir, locale, "--compendium", str(broken))
    assert refused.returncode == 2 and "broken.po:" in refused.stderr, refused.stderr
    assert (locale / "ko_KP" / "LC_MESSAGES" / "page.po").read_bytes() == before


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="msgmerge (gettext) is not installed")
def test_agrees_with_msgmerge_compendium(tmp_path: Path) -> None:
    """On a small example, the same translations as `msgmerge --compendium`: exact and near
    matches, none for an unrelated message, an existing translation kept. (msgmerge takes an
    exact compendium match as translated; Dalbit offers every match fuzzy, for review.)"""
    pot_dir, locale = tmp_path / "pot", tmp_path / "locale"
    catalogs = locale / "ko_KP" / "LC_MESSAGES"
    pot_dir.mkdir()
    catalogs.mkdir(parents=True)
    (pot_dir / "page.pot").write_text(pot(EXACT, NEAR, KEPT, NOTHING), encoding="utf-8")
    (catalogs / "page.po").write_text(po((KEPT, "주어진 경로의 파일을 지운다.")), encoding="utf-8")
    compendium = tmp_path / "compendium.po"
    compendium.write_text(po((EXACT, "프로쎄스의 현재 작업등록부를 돌려준다."),
                             (NEAR_OLD, "프로쎄스의 현재 작업등록부를 문자렬로 돌려준다."),
                             (KEPT, "다른 번역.")), encoding="utf-8")
    reference = tmp_path / "msgmerge.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "--compendium", str(compendium),
                    str(catalogs / "page.po"), str(pot_dir / "page.pot"), "-o", str(reference)], check=True)
    assert update(pot_dir, locale, "--compendium", str(compendium)).returncode == 0

    theirs, ours = entries(reference), entries(catalogs / "page.po")
    assert {m: e.msgstr for m, e in ours.items()} == {m: e.msgstr for m, e in theirs.items()}
    assert theirs[NEAR].fuzzy and ours[NEAR].fuzzy
    assert theirs[NEAR].previous_msgid == ours[NEAR].previous_msgid == NEAR_OLD
    assert not theirs[EXACT].fuzzy and ours[EXACT].fuzzy  # the one documented difference
    assert not ours[KEPT].fuzzy and not theirs[KEPT].fuzzy


def test_the_memory_search_finds_what_a_full_scan_finds() -> None:
    """The memory compares only messages that can reach the cutoff: the same offer as _closest
    over every message, on sentences from a small vocabulary (many near matches, repeated words)."""
    import random

    from dalbit.po.model import Catalog, Entry
    from dalbit.update import FUZZY_CUTOFF, Memory, _closest

    rng = random.Random(18)
    vocabulary = "the a of file path process return value error list open read write to is in".split()
    rare = [f"word{i}" for i in range(40)]

    def sentence() -> str:
        return " ".join(rng.choice(vocabulary if rng.random() < 0.6 else rare)
                        for _ in range(rng.randint(1, 25)))

    memory = Memory()
    memory.add(Catalog("m.po", [Entry(msgid=sentence(), msgstr=f"번역 {i}") for i in range(1500)]), "m.po")
    offered = 0
    for _ in range(300):
        query = sentence()
        if query in memory.by_msgid:
            continue
        best, score = _closest(query, memory.candidates)
        found = memory.offer(query, "")
        expected = best if best is not None and score >= FUZZY_CUTOFF else None
        assert (found[0] if found else None) is expected, query
        offered += found is not None
    assert offered > 10  # the example has near matches to find
