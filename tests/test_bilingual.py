"""The bilingual edition: every Korean paragraph sits next to the English paragraph it translates."""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import reader_page


class Paragraphs(HTMLParser):
    """Paragraph texts of a page's body, in order, and the bilingual pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.pairs: list[list[str]] = []
        self._text: list[str] | None = None
        self._in_body = 0
        self._depth = 0
        self._pair_depth: int | None = None
        self._skip_title = False
        self._figcaption = 0
        self._term: str | None = None  # id of the glossary term whose definition is being read
        self.by_term: dict[str, list] = {}  # term id -> its definition's paragraphs or pairs

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div":
            self._depth += 1
            if "body" in classes and self._in_body == 0:
                self._in_body = self._depth
            if "dalbit-pair" in classes:
                self._pair_depth = self._depth
                self.pairs.append([])
        if tag == "dt" and (a.get("id") or "").startswith("term-"):
            self._term = a["id"]
        if tag == "p" and self._in_body:
            self._text = []
            # Titles of admonitions and rubrics are labels, not paragraphs of the text.
            self._skip_title = bool({"dalbit-original-title", "admonition-title", "rubric",
                                     "attribution"} & set(classes))
        if tag == "figcaption":
            self._figcaption += 1

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._figcaption -= 1
        if tag == "p" and self._text is not None:
            text = " ".join("".join(self._text).split())
            if not self._skip_title and not self._figcaption:
                if self._pair_depth is not None:
                    self.pairs[-1].append(text)
                else:
                    self.paragraphs.append(text)
                if self._term and self._pair_depth is None:
                    self.by_term.setdefault(self._term, []).append(text)
                elif self._term and len(self.pairs[-1]) == 2:  # a pair is complete
                    self.by_term.setdefault(self._term, []).append(self.pairs[-1])
            self._text = None
        if tag == "div":
            if self._pair_depth == self._depth:
                self._pair_depth = None
            if self._in_body == self._depth:
                self._in_body = 0
            self._depth -= 1

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def read(path: Path) -> Paragraphs:
    parser = Paragraphs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


PAGES = ["index", "information-control", "foreign-media", "technology", "changing-minds",
         "state-response", "women-in-china", "glossary", "sources", "translating"]


def test_glossary_definitions_pair_by_term(built: Path) -> None:
    """The Korean glossary is sorted in Korean order: pair definitions by their term's anchor."""
    english = read(built / "html" / "en" / "glossary.html").by_term
    korean = read(built / "html" / "ko" / "glossary.html").by_term
    bilingual = read(built / "html" / "en-ko" / "glossary.html").by_term
    assert len(bilingual) >= 12 and set(bilingual) == set(english) == set(korean)
    for term, pairs in bilingual.items():
        assert [pair[0] for pair in pairs] == english[term]
        assert [pair[1] for pair in pairs] == korean[term]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "glossary"])
def test_pairs_align_with_both_editions(built: Path, page: str) -> None:
    english = read(built / "html" / "en" / f"{page}.html").paragraphs
    korean = read(built / "html" / "ko" / f"{page}.html").paragraphs
    bilingual = read(built / "html" / "en-ko" / f"{page}.html")
    assert bilingual.pairs, page
    translated = [i for i, (e, k) in enumerate(zip(english, korean)) if e != k]
    assert len(english) == len(korean)
    assert len(bilingual.pairs) == len(translated), (len(bilingual.pairs), len(translated))
    for index, pair in zip(translated, bilingual.pairs):
        assert pair == [english[index], korean[index]], (page, index, pair)


def test_captions_and_attributions_carry_the_english(built: Path) -> None:
    page = (built / "html" / "en-ko" / "changing-minds.html").read_text(encoding="utf-8")
    assert re.search(r'class="attribution">.*?[\uac00-\ud7a3].*?<span class="dalbit-original" lang="en"> / '
                     r"—?Danbi", page, re.S)
    figure = (built / "html" / "en-ko" / "foreign-media.html").read_text(encoding="utf-8")
    assert '<span class="dalbit-original" lang="en"> / How foreign media travels.' in figure


def test_bilingual_outputs_and_chooser(built: Path) -> None:
    chooser = (built / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="en-ko/index.html"' in chooser and "dalbit-en-ko.epub" in chooser
    page = (built / "html" / "en-ko" / "technology.html").read_text(encoding="utf-8")
    switches = re.findall(r'<a href="([^"]+)"[^>]*data-dalbit-switch', page)
    assert switches == ["../en/technology.html", "../ko/technology.html"]
    with zipfile.ZipFile(built / "epub" / "dalbit-en-ko.epub") as book:
        xhtml = book.read("technology.xhtml").decode()
    assert 'class="dalbit-original" lang="en"' in xhtml and "dalbit-side-by-side" not in xhtml


@pytest.mark.parametrize("width,side_by_side", [(1300, True), (600, False)])
def test_side_by_side_only_on_wide_screens(stick: Path, browser, width: int, side_by_side: bool) -> None:
    with reader_page(browser, stick, viewport={"width": width, "height": 900}) as page:
        page.goto((stick / "en-ko" / "technology.html").as_uri())
        boxes = page.eval_on_selector(".dalbit-pair", "pair => [...pair.children].map(p => { "
                                      "const r = p.getBoundingClientRect(); return [r.x, r.y]; })")
    (en_x, en_y), (ko_x, ko_y) = boxes
    if side_by_side:
        assert en_y == ko_y and en_x < ko_x
    else:
        assert en_x == ko_x and en_y < ko_y
