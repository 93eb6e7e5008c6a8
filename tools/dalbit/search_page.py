"""The search page's snippets, from a file the page loads with ``<script src>``.

Sphinx's search page fetches each result page to cut a snippet from it. A
browser forbids that on ``file://`` (Chromium logs a CORS error per result and
shows bare titles), and ``file://`` is how a reader opens the book from a
stick. ``<script src>`` is allowed there, so the build writes
``searchtexts.js`` beside ``searchindex.js``: the plain text of each page's
main block, with the span of every element that has an id (sections, glossary
terms, index targets), which the page's script (``static/dalbit-search.js``)
cuts snippets and result labels from.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dalbit.catalogs import atomic_write_bytes

#: Sphinx's message for a search with no result, which translations.js must carry.
NO_RESULTS = ("Your search did not match any documents. Please make sure that all words are spelled "
              "correctly and that you've selected enough categories.")
#: The file beside searchindex.js.
TEXTS_FILE = "searchtexts.js"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Elements that end a run of words: a space keeps words of two blocks apart.
_BLOCKS = {*_HEADINGS, "p", "div", "section", "li", "dt", "dd", "td", "th", "tr", "table", "caption", "figcaption",
           "blockquote", "pre", "br", "aside", "dl", "ul", "ol"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')


def _units(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript indexes strings."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    ids: list[str]
    start: int
    label: list[str] | None = None  # the heading's or term's words, while they are read
    heading: str = ""  # a section's heading, a definition's term


@dataclass
class PageText:
    """A page's main text and, for each id in it, ``[start, end, label]`` (UTF-16 offsets)."""

    text: str = ""
    ids: dict[str, list[Any]] = field(default_factory=dict)


class _MainText(HTMLParser):
    """Reads the text of ``[role=main]`` as a browser's textContent would give it, minus
    the ``¶`` links, scripts and styles (what Sphinx's ``Search.htmlToText`` removes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units in parts
        self.ids: dict[str, list[Any]] = {}
        self._stack: list[_Open] = []
        self._main_depth = 0  # open elements inside [role=main], 0 outside
        self._skip = 0  # open script/style/headerlink elements
        self._sections: list[_Open] = []  # open <section>s with their heading labels
        self._last_dt: _Open | None = None  # a term whose definition extends its span

    def _write(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text)
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.length += _units(text)
            for item in self._stack:
                if item.label is not None:
                    item.label.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if not self._main_depth:
            if a.get("role") == "main" and tag not in _VOID:
                self._main_depth = 1
            return
        if tag in _VOID:
            if tag == "br":
                self._write(" ")
            return
        self._main_depth += 1
        if self._skip or tag in ("script", "style") or "headerlink" in (a.get("class") or "").split():
            self._skip += 1
            self._stack.append(_Open(tag, [], self.length))
            return
        if tag in _BLOCKS:
            self._write(" ")
        # Results link to sections, terms and targets, never to a link's own id (a citation's).
        ids = [a["id"]] if a.get("id") and tag != "a" else []
        item = _Open(tag, ids, self.length, [] if tag in _HEADINGS or tag == "dt" else None)
        self._stack.append(item)
        if tag == "section":
            self._sections.append(item)
        if tag == "dd" and self._last_dt is not None:
            # A term's span runs to its definition's end.
            item.ids, item.start, item.heading = self._last_dt.ids, self._last_dt.start, self._last_dt.heading
            self._last_dt = None

    def handle_endtag(self, tag: str) -> None:
        if not self._main_depth or tag in _VOID:
            return
        self._main_depth -= 1
        if not self._main_depth or not self._stack:
            return
        item = self._stack.pop()
        if self._skip:
            self._skip -= 1
            return
        label = " ".join("".join(item.label).split()) if item.label is not None else item.heading
        if item.tag in _HEADINGS and self._sections and not self._sections[-1].heading:
            self._sections[-1].heading = label
        if item.tag == "section" and self._sections:
            self._sections.pop()
        for name in item.ids:
            self.ids[name] = [item.start, self.length, label]
        if item.tag == "dt" and item.ids:
            item.heading, self._last_dt = label, item
        if item.tag in _BLOCKS:
            self._write(" ")

    def handle_data(self, data: str) -> None:
        if self._main_depth and not self._skip:
            self._write(data)

    def close(self) -> None:
        super().close()
        # An empty target (<span id="index-0">) stands for what follows it in its section.
        for name, (start, end, label) in self.ids.items():
            if start == end:
                section = min((span for span in self.ids.values() if span[0] <= start < span[1]),
                              key=lambda span: span[1] - span[0], default=None)
                if section is not None:
                    self.ids[name] = [start, section[1], section[2]]


def page_text(html: str) -> PageText:
    """The main text of a built HTML page and the spans of its ids."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return PageText("".join(parser.parts).rstrip(), parser.ids)


def texts_script(pages: dict[str, PageText]) -> str:
    """``searchtexts.js``: one global the search page's script reads."""
    data = {name: {"text": page.text, "ids": page.ids} for name, page in sorted(pages.items())}
    return "var DALBIT_SEARCH_TEXTS = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


def write_search_texts(app, exception: Exception | None) -> None:
    """build-finished (html): write ``searchtexts.js`` from the pages just written."""
    if exception or app.builder.format != "html" or app.builder.name.startswith("epub") \
            or app.builder.name == "singlehtml" or not app.builder.search:
        return
    pages = {}
    for docname in sorted(app.env.found_docs):
        path = Path(app.builder.get_outfilename(docname))  # not the URI: "a page" is a%20page.html there
        if path.is_file():
            pages[docname] = page_text(path.read_text(encoding="utf-8"))
    atomic_write_bytes(Path(app.outdir, TEXTS_FILE), texts_script(pages).encode("utf-8"))


def drop_second_viewport(app, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """html-page-context: docutils puts a viewport tag in ``metatags`` and Sphinx's layout
    writes its own; a page needs one."""
    if "metatags" in context:
        context["metatags"] = _VIEWPORT.sub("", context["metatags"])

