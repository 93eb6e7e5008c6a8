"""Marks for a reader of the offline book, added to every resolved page (HTML and EPUB).

* A link to a website says that it needs an internet connection: the book is
  read from a stick, mostly where there is none. The link keeps its address
  (a reader may copy it), gets the class ``dalbit-network`` and a translated
  title, which the stylesheet also shows after the link.
* In a translated edition, a run of English words (a source's title, a name)
  is marked ``lang="en"``, so a screen reader and the browser's fonts and
  hyphenation treat it as English.
"""
from __future__ import annotations

import re

from docutils import nodes

from dalbit.glossary_page import lang_span

#: The link's title, translated through dalbit.po.
NETWORK_LABEL = "opens only with an internet connection"
LABELS = (NETWORK_LABEL,)

#: Two or more English words in a row ("Foreign Media in North Korea - How Kpop is ...").
_WORD = r"[A-Za-z0-9](?:[\w'’.]*\w)?"
ENGLISH_RUN = re.compile(rf"[A-Za-z](?:[\w'’.]*\w)?(?:[ \-–—:,&]+{_WORD})+", re.ASCII)
#: Where text is not prose, or already says its language.
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.doctest_block,
         nodes.math, nodes.math_block, nodes.target, lang_span)


def is_network_uri(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "ftp://", "//"))


def mark_network_links(doctree: nodes.document, label: str) -> int:
    """Class and title on every link to the network; how many were marked."""
    marked = 0
    for reference in doctree.findall(nodes.reference):
        if is_network_uri(reference.get("refuri", "")):
            reference["classes"] = [*reference["classes"], "dalbit-network"]
            reference["reftitle"] = label
            marked += 1
    return marked


def _says_its_language(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, _SKIP) or (isinstance(node, nodes.Element) and any(
                cls.startswith("language-") for cls in node.get("classes", []))):
            return True
        node = node.parent
    return False


def mark_english_runs(doctree: nodes.document) -> int:
    """Wrap each run of two or more English words in ``<span lang="en">``; how many."""
    marked = 0
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or _says_its_language(parent):
            continue
        value = str(text)
        runs = [match for match in ENGLISH_RUN.finditer(value) if len(re.findall(r"[A-Za-z]+", match[0])) >= 2]
        if not runs:
            continue
        pieces: list[nodes.Node] = []
        at = 0
        for run in runs:
            if run.start() > at:
                pieces.append(nodes.Text(value[at:run.start()]))
            span = lang_span(lang="en")
            span += nodes.Text(run[0])
            pieces.append(span)
            at = run.end()
        if at < len(value):
            pieces.append(nodes.Text(value[at:]))
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)
        marked += len(runs)
    return marked


def add_reader_marks(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: the marks above, on HTML and EPUB pages."""
    if app.builder.format != "html":
        return
    ui = getattr(app, "dalbit_ui", {})
    mark_network_links(doctree, ui.get(NETWORK_LABEL, NETWORK_LABEL))
    language = app.config.language or "en"
    if not language.startswith("en"):
        mark_english_runs(doctree)


def add_stylesheet(app) -> None:
    """builder-inited: the stylesheet that shows the network note (static/dalbit-links.css)."""
    app.add_css_file("dalbit-links.css")
