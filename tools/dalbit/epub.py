"""What an EPUB reader shows: a title of its own for each book, and languages
an XHTML reader understands.

* The bilingual book is built from the Korean catalogs, so it got the Korean
  book's title and a reader's library showed two identical books; it is named
  after its edition's label: "달빛: 정보와 조선 (English · 조선말)".
* XHTML readers go by ``xml:lang``, browsers by ``lang``: every element that
  carries one in a book's page carries both.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from dalbit.editions import current_edition, parse_editions

#: The title page's labels, translated through dalbit.po like the other labels.
TITLE_PAGE_LABELS = ("Edition",)

# An opening tag with lang="..." and no xml:lang (attributes as Sphinx writes them, double-quoted).
_TAG_WITH_LANG = re.compile(r'<[a-zA-Z][^<>]*?\slang="([^"]*)"[^<>]*>')


def add_xml_lang(html: str) -> str:
    """``xml:lang`` beside every ``lang`` of the tags in ``html``."""
    def both(match: re.Match[str]) -> str:
        tag = match.group(0)
        if "xml:lang=" in tag:
            return tag
        return tag.replace(f' lang="{match.group(1)}"',
                           f' lang="{match.group(1)}" xml:lang="{match.group(1)}"', 1)

    return _TAG_WITH_LANG.sub(both, html)


def book_title(title: str, edition_label: str) -> str:
    """The title of an edition's book that is not the plain language edition."""
    return f"{title} ({edition_label})"


def distinct_epub_title(app: Any, config: Any) -> None:
    """config-inited (after the title is translated): the bilingual book's own title."""
    editions = parse_editions(config.dalbit_editions)
    this = current_edition(editions, config.language or "en", config.dalbit_edition)
    if this is not None and this.bilingual and config.epub_title:
        config.epub_title = book_title(config.epub_title, this.label)


def xml_lang_in_epub(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    """html-page-context (epub): ``xml:lang`` wherever the page's parts set ``lang``."""
    if not app.builder.name.startswith("epub"):
        return
    for part in ("body", "title", "toc", "display_toc", "metatags"):
        if isinstance(context.get(part), str):
            context[part] = add_xml_lang(context[part])


def names_sphinx_cannot_spine(app: Any, env: Any) -> None:
    """env-updated (epub): a page whose name has a space or a letter outside ASCII (소개.rst)
    makes a book no reader opens: Sphinx's EPUB builder gives the page's manifest item and its
    spine entry different ids (one made from the file name, one from the address,
    %EC%86%8C%EA%B0%9C.xhtml; epubcheck RSC-005). Said here, with the fix, before the book is written."""
    if not app.builder.name.startswith("epub"):
        return
    from sphinx.util import logging

    for docname in sorted(env.found_docs):
        if quote(docname) != docname:
            ascii_name = re.sub(r"[^A-Za-z0-9_/.-]+", "-", docname).strip("-")
            example = f" (e.g. {ascii_name}{env.doc2path(docname).suffix})" if ascii_name else ""
            logging.getLogger(__name__).warning(
                "the page name %r has a space or a letter outside ASCII, which Sphinx's EPUB builder "
                "cannot put in the book's reading order (epubcheck RSC-005): rename the file with "
                "ASCII letters, digits, - and _%s", docname, example,
                location=docname, type="dalbit", subtype="epub_name")


def setup_epub(app: Any) -> None:
    app.connect("env-updated", names_sphinx_cannot_spine)
    app.connect("config-inited", distinct_epub_title, priority=600)
    app.connect("html-page-context", xml_lang_in_epub, priority=600)
