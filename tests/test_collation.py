"""North Korean dictionary order: the sort key, the general index, sorted glossaries and the
terminology page of the Korean book."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

import pytest

from dalbit.collation import FINALS, INITIALS, VOWELS, initial_letter, sort_key
from dalbit.index_order import north_korean_index

ROOT = Path(__file__).resolve().parent.parent

# The orders of the North's dictionaries, as the brief for this work spells them out.
NORTH_INITIALS = "ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ ㄲ ㄸ ㅃ ㅆ ㅉ ㅇ".split()
NORTH_VOWELS = "ㅏ ㅑ ㅓ ㅕ ㅗ ㅛ ㅜ ㅠ ㅡ ㅣ ㅐ ㅒ ㅔ ㅖ ㅚ ㅟ ㅢ ㅘ ㅝ ㅙ ㅞ".split()
NORTH_FINALS = "ㄱ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ ㄲ ㅆ".split()

_UNICODE_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_UNICODE_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_UNICODE_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def syllable(initial: str, vowel: str, final: str = "") -> str:
    """Compose a syllable from compatibility jamo (independent of the code under test)."""
    code = 0xAC00 + (_UNICODE_INITIALS.index(initial) * 21 + _UNICODE_VOWELS.index(vowel)) * 28
    return chr(code + (_UNICODE_FINALS.index(final) + 1 if final else 0))


def test_the_orders_are_the_norths():
    assert list(INITIALS) == NORTH_INITIALS
    assert list(VOWELS) == NORTH_VOWELS
    assert list(FINALS) == NORTH_FINALS


def test_initials_in_north_korean_order():
    words = [syllable(initial, "ㅏ") for initial in NORTH_INITIALS]  # 가 나 ... 하 까 ... 짜 아
    assert sorted(reversed(words), key=sort_key) == words
    assert sorted(words) != words  # Unicode puts 아 between 사 and 자, 까 after 가


def test_vowels_in_north_korean_order():
    words = [syllable("ㄱ", vowel) for vowel in NORTH_VOWELS]  # 가 갸 거 ... 기 개 걔 ... 궤
    assert sorted(reversed(words), key=sort_key) == words


def test_finals_in_north_korean_order():
    words = [syllable("ㄱ", "ㅏ")] + [syllable("ㄱ", "ㅏ", final) for final in NORTH_FINALS]
    assert sorted(reversed(words), key=sort_key) == words
    # As a final, ㅇ keeps its place between ㅅ and ㅈ; ㄲ and ㅆ come last.
    assert sort_key("갓") < sort_key("강") < sort_key("갖") < sort_key("갛") < sort_key("갂")


def test_syllable_by_syllable_and_other_text():
    assert sorted(["아이", "자유", "사람", "하늘", "까치", "가방", "각도"], key=sort_key) == \
        ["가방", "각도", "사람", "자유", "하늘", "까치", "아이"]
    assert sort_key("가") < sort_key("가나") < sort_key("각")
    # Latin text sorts as in Sphinx's index (lower case), before Hangul.
    assert sorted(["USB", "손전화", "apple", "SD카드"], key=sort_key) == ["apple", "SD카드", "USB", "손전화"]
    assert sort_key("ㅇ") > sort_key("짜") and sort_key("ㄱ") < sort_key("가")


def test_initial_letter():
    assert [initial_letter(w) for w in ("아이", "까치", "손전화", "USB", "")] == ["ㅇ", "ㄲ", "ㅅ", None, None]


def test_index_regrouped_in_north_korean_order():
    # Sphinx's grouping: by the first NFD letter, in Unicode order.
    entry = lambda word: (word, ([], [], None))  # noqa: E731
    sphinx = [("S", [entry("SD카드")]), ("ᄉ", [entry("손전화")]), ("ᄋ", [entry("알판")]),
              ("ᄌ", [entry("장마당")]), ("ᄁ", [entry("까치")])]
    regrouped = north_korean_index(sphinx)
    assert [heading for heading, _ in regrouped] == ["S", "ㅅ", "ㅈ", "ㄲ", "ㅇ"]
    assert [entries[0][0] for _, entries in regrouped] == ["SD카드", "손전화", "장마당", "까치", "알판"]


def _hangul_headings(html: str) -> list[str]:
    return [h for h in re.findall(r'<h2 id="[^"]*">([^<]*)</h2>', html) if re.match("[\u3131-\u314e]", h)]


def test_built_index_headings_in_north_korean_order(built: Path):
    for edition in ("ko", "en-ko"):
        headings = _hangul_headings((built / "html" / edition / "genindex.html").read_text(encoding="utf-8"))
        assert "ㅇ" in headings and "ㅈ" in headings, headings
        assert headings == sorted(headings, key=NORTH_INITIALS.index), f"{edition}: {headings}"
    with zipfile.ZipFile(built / "epub" / "dalbit-ko.epub") as book:  # the EPUB's index too
        headings = _hangul_headings(book.read("genindex.xhtml").decode())
    assert headings and headings == sorted(headings, key=NORTH_INITIALS.index), headings


def _first_cells(table: str) -> list[str]:
    return [unescape(re.sub("<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", table, re.S)]


def test_built_terminology_page_in_north_korean_order(built: Path):
    html = (built / "html" / "ko" / "terminology.html").read_text(encoding="utf-8")
    tables = [_first_cells(table) for table in re.findall(r"<tbody>(.*?)</tbody>", html, re.S)]
    assert len(tables) >= 5
    first_header = re.search(r"<thead>.*?<th[^>]*>(.*?)</th>", html, re.S).group(1)
    assert re.sub("<[^>]+>", "", first_header).strip() == "쓰는 말"  # the Korean word first
    for words in tables:
        assert words == sorted(words, key=sort_key), words
    assert any(words != sorted(words) for words in tables)  # somewhere the North's order is not Unicode's


GLOSSARY_PAGE = """\
Words
=====

.. glossary::
   :sorted:

   아이
      A child.

   자유
      Freedom.

   까치
      A magpie.

   사람
      A person.

   하늘
      The sky.
"""


@pytest.mark.parametrize("language, expected", [
    ("ko_KP", ["사람", "자유", "하늘", "까치", "아이"]),
    ("en", ["까치", "사람", "아이", "자유", "하늘"]),  # other languages keep Sphinx's order
])
def test_sorted_glossary_in_north_korean_order(tmp_path: Path, language: str, expected: list[str]):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["dalbit.sphinx"]\nproject = "Words"\n'
                                    "dalbit_korean_font = None\n", encoding="utf-8")
    (source / "index.rst").write_text(GLOSSARY_PAGE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"language={language}",
                             str(source), str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="term-[^"]*">([^<]*)<', html)
    assert terms == expected
