"""The pipeline end to end: English sources to an English and a Korean site and EPUB."""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dalbit.epubvalidate import FAILING_LEVELS, validate_epub

HANGUL = re.compile(r"[\uac00-\ud7a3]")
EDITIONS = {"en": "en", "ko": "ko-KP"}


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.links: list[dict[str, str | None]] = []  # <a> and <link>
        self.resources: list[str] = []  # what the browser would fetch
        self.blocks: list[str] = []  # text of paragraphs, list items, headings...
        self.labels: list[str] = []  # texts in attributes a reader sees or hears
        self._block: list[str] | None = None
        self._skip = 0
        self._foreign: list[str] = []  # open elements marked lang="en...": quoted on purpose

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "figcaption", "caption", "th", "td"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **a})
        for label in ("placeholder", "title", "alt", "aria-label", "value"):
            if a.get(label) and tag != "link":
                self.labels.append(a[label])
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.resources.append(a.get("href") or "")
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and a.get("src"):
            self.resources.append(a["src"] or "")
        if tag in ("script", "style"):
            self._skip += 1
        # English marked lang="en" is quoted on purpose; code (setting names, commands) is never translated.
        if self._foreign or (a.get("lang") or "").startswith("en") and tag != "html" or tag == "code":
            self._foreign.append(tag)
        if tag in self.BLOCKS and self._block is None:
            self._block = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._foreign and self._foreign[-1] == tag:
            self._foreign.pop()
        if tag in self.BLOCKS and self._block is not None:
            self.blocks.append(" ".join("".join(self._block).split()))
            self._block = None

    def handle_data(self, data: str) -> None:
        if self._block is not None and not self._skip and not self._foreign:
            self._block.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def resolve(page: Path, href: str) -> Path:
    return (page.parent / unquote(urlsplit(href).path)).resolve()


def test_outputs_exist(built: Path) -> None:
    for name in EDITIONS:
        assert (built / "html" / name / "index.html").is_file()
        assert (built / "epub" / f"dalbit-{name}.epub").is_file()
    english = {p.relative_to(built / "html/en") for p in pages(built / "html/en")}
    korean = {p.relative_to(built / "html/ko") for p in pages(built / "html/ko")}
    assert english == korean and len(english) >= 11  # 9 documents + index + search


def test_chooser_links_every_edition_and_book(built: Path) -> None:
    chooser = built / "html" / "index.html"
    page = parse(chooser)
    targets = {resolve(chooser, link["href"]) for link in page.links if link.get("href")}
    for name in EDITIONS:
        assert (built / "html" / name / "index.html").resolve() in targets
        assert (built / "epub" / f"dalbit-{name}.epub").resolve() in targets
    text = chooser.read_text(encoding="utf-8")
    assert "Dalbit" in text and HANGUL.search(text)


@pytest.mark.parametrize("name", EDITIONS)
def test_every_page_has_lang_switch_and_alternates(built: Path, name: str) -> None:
    site = built / "html" / name
    other = next(n for n in EDITIONS if n != name)
    for path in pages(site):
        page = parse(path)
        assert page.html_lang == EDITIONS[name], path
        switches = [l for l in page.links if l.get("data-dalbit-switch") in EDITIONS]
        assert len(switches) == 1, path
        # The bilingual edition is offered last, at the same page.
        last = [l for l in page.links if l.get("data-dalbit-switch")][-1]
        assert last["data-dalbit-switch"] == "en-ko", path
        assert resolve(path, last["href"]) == (built / "html" / "en-ko" / path.relative_to(site)).resolve(), path
        target = resolve(path, switches[0]["href"])
        assert target == (built / "html" / other / path.relative_to(site)).resolve(), path
        assert target.is_file(), f"{path}: switch to missing {target}"
        alternates = {l["hreflang"]: l["href"] for l in page.links
                      if l["tag"] == "link" and l.get("rel") == "alternate"}
        assert set(alternates) == set(EDITIONS.values()), path
        for href in alternates.values():
            assert not urlsplit(href).scheme and resolve(path, href).is_file(), path


def test_korean_pages_are_in_korean(built: Path) -> None:
    english_words = re.compile(r"[A-Za-z]{2,}")
    for path in pages(built / "html" / "ko"):
        page = parse(path)
        korean = [b for b in page.blocks if HANGUL.search(b)]
        assert korean, f"{path}: no Korean text"
        for label in page.labels:  # what a screen reader says or a tooltip shows
            assert label == "English" or HANGUL.search(label) or not english_words.search(label), (path, label)
        for block in page.blocks:
            # A block of three or more English words and no Hangul is an untranslated paragraph.
            if not HANGUL.search(block) and len(english_words.findall(block)) >= 3:
                pytest.fail(f"{path}: untranslated: {block[:120]!r}")


REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def test_nothing_is_loaded_from_the_network(built: Path) -> None:
    checked = 0
    for path in built.rglob("*"):
        if path.suffix in {".html", ".xhtml", ".css", ".svg"} and "doctrees" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix in {".html", ".xhtml"}:
                for resource in parse(path).resources:
                    assert not urlsplit(resource).scheme and not resource.startswith("//"), (path, resource)
            else:
                assert not REMOTE.search(text), path
            checked += 1
    for book in (built / "epub").glob("*.epub"):
        with zipfile.ZipFile(book) as archive:
            for member in archive.namelist():
                if member.endswith((".xhtml", ".css", ".svg", ".opf")):
                    text = archive.read(member).decode("utf-8", "replace")
                    for match in re.finditer(r'(?:src|xlink:href)="([^"]+)"|url\(([^)]+)\)', text):
                        ref = (match.group(1) or match.group(2)).strip("'\" ")
                        assert not re.match(r"(?:https?:)?//", ref, re.I), (book, member, ref)
                    checked += 1
    assert checked > 40


def _opf(archive: zipfile.ZipFile) -> str:
    name = next(n for n in archive.namelist() if n.endswith(".opf"))
    return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("name", EDITIONS)
def test_epub_metadata_and_lang(built: Path, name: str) -> None:
    tag = EDITIONS[name]
    with zipfile.ZipFile(built / "epub" / f"dalbit-{name}.epub") as archive:
        opf = _opf(archive)
        assert f"<dc:language>{tag}</dc:language>" in opf
        title = re.search(r"<dc:title>(.*?)</dc:title>", opf).group(1)
        creator = re.search(r"<dc:creator[^>]*>(.*?)</dc:creator>", opf).group(1)
        nav = archive.read(next(n for n in archive.namelist() if n.endswith("nav.xhtml"))).decode()
        ncx = archive.read(next(n for n in archive.namelist() if n.endswith("toc.ncx"))).decode()
        if name == "ko":
            assert HANGUL.search(title) and HANGUL.search(creator), (title, creator)
            assert "Table of Contents" not in nav + opf + ncx
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", nav).group(1)
            assert HANGUL.search(heading)
        else:
            assert "Dalbit" in title
        assert any(n.endswith("titlepage.xhtml") for n in archive.namelist())
        for member in archive.namelist():
            if member.endswith(".xhtml"):
                head = archive.read(member).decode()[:600]
                assert f'lang="{tag}"' in head and f'xml:lang="{tag}"' in head, member


@pytest.mark.parametrize("name", EDITIONS)
def test_epubcheck_clean(built: Path, name: str) -> None:
    messages = validate_epub(built / "epub" / f"dalbit-{name}.epub")
    assert [str(m) for m in messages if m.level in FAILING_LEVELS] == []
