"""The bilingual edition: each English paragraph beside its translation.

Built with the translated language from the same catalogs, no extra work: the
English doctrees of the English build are read back, and each translated
paragraph is paired with the English paragraph from the same source line.
Section titles get their English title under them. In HTML the pairs sit side
by side on a wide screen; on a narrow one and in the EPUB they interleave.
"""
from __future__ import annotations

import pickle
from collections import defaultdict
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import docname_join
from sphinx.util.docutils import LoggingReporter


def _read_english(app: Sphinx, docname: str) -> nodes.document | None:
    source = Path(app.confdir, app.config.dalbit_bilingual_source, docname + ".doctree")
    if not source.is_file():
        return None
    with open(source, "rb") as handle:
        return pickle.load(handle)


def _english_title(app: Sphinx, docname: str, section_id: str | None = None) -> str | None:
    """A document's (or one of its sections') title in the English build."""
    cache = app.env.__dict__.setdefault("_dalbit_english_titles", {})
    if docname not in cache:
        doctree = _read_english(app, docname)
        titles: dict[str | None, str] = {}
        if doctree is not None:
            for section in doctree.findall(nodes.section):
                if section.children and isinstance(section[0], nodes.title):
                    titles.setdefault(None, section[0].astext())
                    for section_ids in section["ids"]:
                        titles[section_ids] = section[0].astext()
        cache[docname] = titles
    return cache[docname].get(section_id)


def _english_link_texts(app: Sphinx, doctree: nodes.document) -> None:
    """Links to pages and sections show the English titles in the English column."""
    std = app.env.domains.standard_domain
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refexplicit") or xref.get("refdomain") != "std":
            continue
        title = None
        if xref["reftype"] == "doc":
            title = _english_title(app, docname_join(xref["refdoc"], xref["reftarget"]))
        elif xref["reftype"] == "ref" and xref["reftarget"].lower() in std.labels:
            target_doc, label_id, _ = std.labels[xref["reftarget"].lower()]
            title = _english_title(app, target_doc, label_id)
        if title:
            xref["refexplicit"] = True
            inline = xref.children[0] if xref.children else nodes.inline()
            inline.children = []
            inline += nodes.Text(title)


def _load_english(app: Sphinx, docname: str) -> nodes.document | None:
    doctree = _read_english(app, docname)
    if doctree is None:
        return None
    _english_link_texts(app, doctree)
    doctree.settings.env = app.env
    doctree.reporter = LoggingReporter(app.env.doc2path(docname))
    doctree["dalbit-original"] = True  # resolving emits doctree-resolved again: not for this one
    app.env.resolve_references(doctree, docname, app.builder)
    return doctree


def _key(node: nodes.Node) -> tuple[str, int | None]:
    return (Path(node.source or "").name, node.line)


def _own_nodes(doctree: nodes.document, kind: type[nodes.Element] = nodes.paragraph) -> list[nodes.Element]:
    """Paragraphs (or other nodes) written in a source file (not generated: those have no source)."""
    return [node for node in doctree.findall(kind) if node.source and node.line]


def _strip_ids(node: nodes.Element) -> None:
    for child in node.findall(nodes.Element):
        child["ids"] = []
        if isinstance(child, nodes.target):
            child["names"] = []


def pair_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: put the English next to each translated paragraph and title."""
    if not app.config.dalbit_bilingual_source or doctree.get("dalbit-original"):
        return
    english = _load_english(app, docname)
    if english is None:
        return
    side_by_side = not app.builder.name.startswith("epub")
    by_key: dict[tuple[str, int | None], list[nodes.paragraph]] = defaultdict(list)
    for paragraph in _own_nodes(english):
        by_key[_key(paragraph)].append(paragraph)
    for paragraph in _own_nodes(doctree):
        candidates = by_key.get(_key(paragraph))
        if not candidates:
            continue
        original = candidates.pop(0)
        if original.astext() == paragraph.astext():
            continue  # not translated (or nothing to translate): no need to say it twice
        copy = original.deepcopy()
        _strip_ids(copy)
        copy["classes"] = [*copy["classes"], "dalbit-original", "language-en"]
        paragraph["classes"] = [*paragraph["classes"], "dalbit-translation"]
        pair = nodes.container(classes=["dalbit-pair"] + (["dalbit-side-by-side"] if side_by_side else []))
        paragraph.parent.replace(paragraph, pair)  # replace_self would copy the ids onto the pair
        pair += copy
        pair += paragraph
    # Captions and attributions are not paragraphs: the English follows in the same line.
    for kind in (nodes.caption, nodes.attribution):
        originals = {_key(n): n for n in _own_nodes(english, kind)}
        for node in _own_nodes(doctree, kind):
            original = originals.get(_key(node))
            if original is not None and original.astext() != node.astext():
                node += nodes.inline("", " / " + original.astext(), classes=["dalbit-original", "language-en"])
    english_titles = {section["ids"][0]: section[0].astext() for section in english.findall(nodes.section)
                      if section["ids"] and section.children and isinstance(section[0], nodes.title)}
    for section in doctree.findall(nodes.section):
        title = english_titles.get(section["ids"][0]) if section["ids"] else None
        if title and section.children and section[0].astext() != title:
            section.insert(1, nodes.paragraph(title, title,
                                              classes=["dalbit-original-title", "language-en"]))
