"""What a reader sees: tables that keep words whole, a Korean font that travels with the book,
EPUBs a reader's library tells apart, and screenshots of the main pages to look at.

The browser here is started with no flag a reader's browser lacks (tests/browser.py's ARGS): pages
open from file:// as a reader opens them from a USB stick.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from browser import ARGS, chromium_path
from dalbit.fonts import FAMILY, korean_characters

WIDTHS = (1280, 390)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: What a Korean font cut for these readers must not name (fonts.md: a South Korean company).
FORBIDDEN_IN_FONT = ("Sandoll", "산돌", "Naver", "네이버", "South Korea", "대한민국")


def _launch(browser, env: dict[str, str] | None = None):
    """Another Chromium from the session's Playwright (one Playwright a process)."""
    return browser.browser_type.launch(executable_path=chromium_path(), args=ARGS, env=env)


@pytest.fixture(scope="module")
def reader(browser):
    """Chromium as a reader has it: the machine's fonts, no extra file access."""
    instance = _launch(browser)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def no_korean_fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose fontconfig knows no Korean font (DejaVu only, when it is there)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    dirs = f"<dir>{dejavu}</dir>" if dejavu.is_dir() else ""
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig>{dirs}<cachedir>{folder / 'cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
    if shutil.which("fc-list"):
        korean = subprocess.run(["fc-list", ":lang=ko"], env=env, capture_output=True, text=True).stdout
        assert not korean.strip(), f"the test's fontconfig still finds Korean fonts: {korean}"
    return env


@pytest.fixture(scope="module")
def no_korean_reader(browser, no_korean_fonts):
    instance = _launch(browser, env=no_korean_fonts)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def books(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each EPUB unpacked, to open its pages in the browser as a reading system would."""
    folder = tmp_path_factory.mktemp("books")
    unpacked = {}
    for book in sorted((built / "epub").glob("dalbit-*.epub")):
        target = folder / book.stem
        with zipfile.ZipFile(book) as archive:
            archive.extractall(target)
        unpacked[book.stem.removeprefix("dalbit-")] = target
    return unpacked


def _table_pages(built: Path) -> list[Path]:
    """Every page with a table of the book's own (not the index's layout table)."""
    table = re.compile(r'<table class="[^"]*\bdocutils\b')
    return sorted(p for p in (built / "html").rglob("*.html")
                  if "_static" not in p.parts and table.search(p.read_text(encoding="utf-8")))


# Every word (between spaces, or after a hyphen, slash, middle dot or dash, where lines may break) of every
# text in a table cell: the words whose boxes sit on more than one line.
BROKEN_WORDS_JS = r"""() => {
  const broken = [];
  for (const cell of document.querySelectorAll('div.body table td, div.body table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = /[^\s\-\/\u00b7\u2013\u2014]+/g;
      for (let match = words.exec(node.data); match; match = words.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                        .map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

SIDEWAYS_JS = r"""() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  tables: [...document.querySelectorAll('div.body table.docutils')].map(t => ({
    wider: t.scrollWidth > t.clientWidth + 1,
    scrolls: ['auto', 'scroll'].includes(getComputedStyle(t).overflowX),
    right: Math.round(t.getBoundingClientRect().right),
  })),
})"""


def test_no_word_in_a_table_breaks_across_lines(built: Path, reader):
    pages = _table_pages(built)
    assert any(p.name == "terminology.html" for p in pages) and any(p.name == "foreign-media.html" for p in pages)
    scrolled = 0
    for width in WIDTHS:
        page = reader.new_page(viewport={"width": width, "height": 900})
        for path in pages:
            page.goto(path.as_uri())
            broken = page.evaluate(BROKEN_WORDS_JS)
            where = f"{path.relative_to(built)} at {width} px"
            assert not broken, f"{where}: words broken across lines: {broken[:12]}"
            layout = page.evaluate(SIDEWAYS_JS)
            assert layout["page"] <= 1, f"{where}: the page itself scrolls sideways by {layout['page']} px"
            for table in layout["tables"]:
                assert not table["wider"] or table["scrolls"], f"{where}: a wide table does not scroll"
                assert table["right"] <= width + 1, f"{where}: a table sticks out of the page"
                scrolled += table["wider"]
        page.close()
    assert scrolled, "no table was wider than a phone: the sideways scrolling was never checked"


# Two different syllables drawn in the font of an element: with no font for Hangul both are the
# same box. The probes take the element's own font (headings, admonition titles, cells...).
PROBE_JS = r"""(selector) => {
  const host = document.querySelector(selector);
  if (!host) return false;
  for (const [id, text] of [['dalbit-probe-a', '조'], ['dalbit-probe-b', '선']]) {
    const probe = document.createElement('span');
    probe.id = id;
    probe.textContent = text;
    probe.style.cssText = 'display:inline-block;font-size:48px;line-height:1;color:#000;background:#fff';
    host.prepend(probe);
  }
  return true;
}"""


def _same_glyph(page, selector: str) -> bool:
    assert page.evaluate(PROBE_JS, selector), f"{page.url}: nothing matches {selector}"
    first = page.locator("#dalbit-probe-a").screenshot()
    second = page.locator("#dalbit-probe-b").screenshot()
    page.evaluate("() => { for (const id of ['dalbit-probe-a', 'dalbit-probe-b']) "
                  "document.getElementById(id).remove(); }")
    return first == second


KOREAN_ELEMENTS = ("div.body h1", "div.body h2", "div.body p", "div.admonition p.admonition-title",
                   "div.sphinxsidebar h3", "div.sphinxsidebar li")


def test_korean_shows_real_letters_without_a_korean_font(built: Path, books: dict[str, Path], no_korean_reader):
    page = no_korean_reader.new_page(viewport={"width": 1280, "height": 900})
    # The control: with no font for Hangul, two syllables are the same box.
    page.set_content('<p id="control" style="font-family: DejaVu Sans, monospace">x</p>')
    assert _same_glyph(page, "#control"), "this machine draws Hangul without any Korean font"
    checks = [(built / "html" / "index.html", ("h1", "p[lang|=ko]", "li[lang|=ko] a")),  # the chooser
              (built / "html" / "ko" / "index.html", KOREAN_ELEMENTS),
              (built / "html" / "ko" / "terminology.html", ("div.body table td", "div.body table th")),
              (built / "html" / "en" / "index.html", ("nav.dalbit-switch a",)),
              (built / "html" / "en" / "terminology.html", ("div.body table td",)),
              (books["ko"] / "titlepage.xhtml", ("section.dalbit-titlepage h1", "p.author")),
              (books["ko"] / "index.xhtml", ("div.body h1", "div.body p", "p.admonition-title")),
              (books["en-ko"] / "index.xhtml", ("div.body p",))]
    for path, selectors in checks:
        page.goto(path.as_uri())
        page.evaluate("document.fonts.ready")
        for selector in selectors:
            assert not _same_glyph(page, selector), f"{path.name}: {selector} shows boxes instead of Hangul"
        assert page.evaluate(f"document.fonts.check('16px \"{FAMILY}\"', '조선말')"), path
    page.close()


def _font_texts(folder: Path, suffixes: tuple[str, ...]) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
                   if p.suffix in suffixes and p.name != "korean-stemmer.js")


def test_the_font_has_every_korean_letter_of_its_book(built: Path, books: dict[str, Path]):
    from fontTools.ttLib import TTFont

    fonts = [(built / "html" / e, built / "html" / e / "_static" / "dalbit-sans.woff2", (".html", ".js"))
             for e in ("en", "ko", "en-ko")]
    fonts += [(books[e], books[e] / "_static" / "dalbit-sans.otf", (".xhtml", ".ncx", ".opf")) for e in books]
    for folder, font_file, suffixes in fonts:
        assert font_file.is_file(), f"{font_file} is missing"
        cmap = TTFont(str(font_file))["cmap"].getBestCmap()
        missing = sorted(c for c in korean_characters([_font_texts(folder, suffixes)]) if ord(c) not in cmap)
        assert not missing, f"{font_file}: no glyph for {''.join(missing)}"
    chooser = (built / "html" / "index.html").read_text(encoding="utf-8")
    font_href = re.search(r'src: url\("([^"]+)"\)', chooser).group(1)
    cmap = TTFont(str(built / "html" / font_href))["cmap"].getBestCmap()
    assert all(ord(c) in cmap for c in korean_characters([chooser])), "the chooser's font lacks letters"


def test_the_font_names_no_south_korean_company_and_keeps_its_license(built: Path, books: dict[str, Path]):
    from fontTools.ttLib import TTFont

    for font_file in [built / "html" / "ko" / "_static" / "dalbit-sans.woff2",
                      books["ko"] / "_static" / "dalbit-sans.otf"]:
        font = TTFont(str(font_file))
        names = {record.nameID: record.toUnicode() for record in font["name"].names}
        strings = list(names.values())
        if "CFF " in font:
            top = font["CFF "].cff.topDictIndex[0]
            strings += [str(getattr(top, key, "")) for key in ("Notice", "Copyright", "FullName", "FamilyName")]
            strings += list(font["CFF "].cff.fontNames)
        for forbidden in FORBIDDEN_IN_FONT:
            assert not any(forbidden in s for s in strings), f"{font_file.name} names {forbidden!r}"
        assert names[1] == FAMILY and "Adobe" in names[0] and "Open Font License" in names[13], names
        assert font_file.stat().st_size < 160 * 1024, f"{font_file}: {font_file.stat().st_size} bytes"
        sheet = (font_file.parent / "dalbit-sans.css").read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in sheet and "Copyright 2014-2021 Adobe" in sheet
    license_file = built / "html" / "ko" / "_static" / "dalbit-sans-OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in license_file.read_text(encoding="utf-8")


def test_books_have_their_own_titles_and_a_designed_title_page(built: Path, books: dict[str, Path]):
    titles = {}
    for edition, folder in books.items():
        opf = (folder / "content.opf").read_text(encoding="utf-8")
        titles[edition] = re.search(r"<dc:title[^>]*>([^<]*)</dc:title>", opf).group(1)
        titlepage = (folder / "titlepage.xhtml").read_text(encoding="utf-8")
        section = titlepage[titlepage.index('<section class="dalbit-titlepage"'):]
        author = re.search(r"<dc:creator[^>]*>([^<]*)<", opf).group(1)
        assert section.count(author) == 1, f"{edition}: the title page shows {author!r} more than once"
        edition_line = "Edition 1.0" if edition == "en" else "판 1.0"
        assert f'<p class="edition">{edition_line}</p>' in section, f"{edition}: {section}"
        assert 'class="description"' in section
    assert len(set(titles.values())) == len(titles), titles
    assert titles["en-ko"] == f"{titles['ko']} (English · 조선말)"


def test_every_lang_in_the_books_has_its_xml_lang(books: dict[str, Path]):
    checked = 0
    for edition, folder in books.items():
        for page in sorted(folder.glob("*.xhtml")):
            for element in ElementTree.parse(page).iter():
                if "lang" in element.attrib:
                    checked += 1
                    assert element.attrib.get(XML_LANG) == element.attrib["lang"], \
                        f"{edition}/{page.name}: <{element.tag.split('}')[-1]} lang={element.attrib['lang']}>"
    assert checked > 100


FOOTNOTE_TEXT_JS = r"""() => [...document.querySelectorAll('a.footnote-reference')].map(a => {
  const pseudo = (which) => {
    const content = getComputedStyle(a, which).content;
    return content === 'none' || content === 'normal' ? '' : content.replace(/^"|"$/g, '');
  };
  return pseudo('::before') + a.innerText + pseudo('::after');
})"""


def test_footnote_references_read_cleanly(built: Path, books: dict[str, Path], reader):
    page = reader.new_page()
    seen = 0
    for path in [books["ko"] / "technology.xhtml", books["en"] / "technology.xhtml",
                 built / "html" / "ko" / "technology.html", built / "html" / "en" / "state-response.html"]:
        page.goto(path.as_uri())
        for text in page.evaluate(FOOTNOTE_TEXT_JS):
            seen += 1
            assert re.fullmatch(r"\d+", text.strip()), f"{path.name}: a footnote reference reads {text!r}"
    assert seen >= 4
    page.close()


SCREENSHOT_PAGES = {
    "chooser": "index.html",
    "content": "ko/foreign-media.html",
    "terminology": "ko/terminology.html",
    "search": "ko/search.html?q=%EC%86%90%EC%A0%84%ED%99%94",
    "glossary": "ko/glossary.html",
    "bilingual": "en-ko/foreign-media.html",
    "english": "en/foreign-media.html",
}


def test_screenshots_of_the_main_pages(built: Path, reader, capsys: pytest.CaptureFixture[str]):
    folder = built / "screenshots"
    folder.mkdir(exist_ok=True)
    for width in WIDTHS:
        page = reader.new_page(viewport={"width": width, "height": 900})
        for name, address in SCREENSHOT_PAGES.items():
            page.goto((built / "html").as_uri() + "/" + address)
            page.wait_for_timeout(200)  # the search page fills in its results
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        page.close()
    shots = sorted(folder.glob("*.png"))
    assert len(shots) == len(SCREENSHOT_PAGES) * len(WIDTHS)
    with capsys.disabled():  # shown in every run, not only when a test fails
        print(f"\nscreenshots of the main pages at {' and '.join(map(str, WIDTHS))} px: {folder}")


def test_the_bundle_reports_the_fonts_size(built: Path, tmp_path: Path):
    from dalbit.bundle import make_bundle

    _folder, _archive, parts = make_bundle(built, tmp_path, "0-test", "book")
    font = next(part for part in parts if part.name == "of which Korean font")
    assert font.files == 6, font  # three sites (WOFF2) and three books (OTF)
    assert 100 * 1024 < font.size < 1024 * 1024, font
    result = subprocess.run(["dalbit", "bundle", str(built), str(tmp_path / "again"), "--version", "0-test"],
                            capture_output=True, text=True, env={**os.environ, "PATH": _venv_path()})
    assert result.returncode == 0, result.stderr
    assert re.search(r"of which Korean font\s+6 files\s+\d+\.\d KiB", result.stdout), result.stdout


def _venv_path() -> str:
    import sys

    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
