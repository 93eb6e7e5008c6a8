"""The Korean font the books carry: what is cut, what it says about itself, what a build says
when there is nothing to cut it from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.fonts import FAMILY, OTF, WOFF2, find_source_font, korean_characters, subset_font

SOURCE = find_source_font()
needs_font = pytest.mark.skipif(SOURCE is None, reason="no Noto Sans CJK: run tools/setup/need-korean-font")


def test_korean_characters():
    assert korean_characters(["손전화를 《USB》 ㄱ abc", "가"]) == set("손전화를《》ㄱ가")


@needs_font
@pytest.mark.parametrize("fmt", [WOFF2, OTF])
def test_the_cut_has_the_letters_asked_our_name_and_no_credits(fmt, tmp_path: Path):
    from fontTools.ttLib import TTFont

    data = subset_font(SOURCE, set("조선말《》"), fmt)
    assert data == subset_font(SOURCE, set("조선말《》"), fmt)  # the same bytes every time
    (tmp_path / "font").write_bytes(data)
    font = TTFont(str(tmp_path / "font"))
    cmap = font["cmap"].getBestCmap()
    assert {chr(c) for c in cmap} >= set("조선말《》") and "가" not in {chr(c) for c in cmap}
    names = {record.nameID: record.toUnicode() for record in font["name"].names}
    assert names[1] == FAMILY and sorted(names) == [0, 1, 2, 3, 4, 5, 6, 10, 13, 14]
    assert "Sandoll" not in str(names) and "산돌" not in str(names)
    assert len(data) < 20_000


SMALL_BOOK = "Words\n=====\n\nThe Korean for freedom is 자유.\n"


def _build(tmp_path: Path, conf: str) -> subprocess.CompletedProcess:
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text('extensions = ["dalbit.sphinx"]\nproject = "Words"\n' + conf, encoding="utf-8")
    if not (source / "index.rst").exists():
        (source / "index.rst").write_text(SMALL_BOOK, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(source),
                           str(tmp_path / "out")], capture_output=True, text=True)


def test_a_build_without_a_font_to_cut_says_so(tmp_path: Path):
    result = _build(tmp_path, 'dalbit_korean_font = "no-such-font.ttc"\n')
    assert result.returncode != 0  # -W, as `make` builds: no book without its font by accident
    assert "no Korean font to ship with the book" in result.stderr
    assert "no-such-font.ttc" in result.stderr and "fonts-noto-cjk" in result.stderr


def test_no_font_when_asked_for_none(tmp_path: Path):
    result = _build(tmp_path, "dalbit_korean_font = None\n")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "_static" / "dalbit-sans.css").exists()
    assert "dalbit-sans.css" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@needs_font
def test_a_book_with_korean_carries_the_font(tmp_path: Path):
    result = _build(tmp_path, "")
    assert result.returncode == 0, result.stderr
    static = tmp_path / "out" / "_static"
    assert (static / "dalbit-sans.woff2").is_file() and (static / "dalbit-sans-OFL.txt").is_file()
    assert '_static/dalbit-sans.css' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_book_without_korean_needs_no_font(tmp_path: Path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.rst").write_text("Words\n=====\n\nNo Korean here.\n", encoding="utf-8")
    result = _build(tmp_path, 'dalbit_korean_font = "no-such-font.ttc"\n')
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "_static" / "dalbit-sans.css").exists()
