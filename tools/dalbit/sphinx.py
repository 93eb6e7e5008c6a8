"""The Sphinx extension: ``extensions = ["dalbit.sphinx"]``.

What it adds to a plain Sphinx build, for each language edition:

* a language switch on every HTML page, relative so it works from ``file://``,
  plus ``hreflang`` alternates;
* translation of config values (project name, EPUB metadata) and of the few
  labels Sphinx hard-codes in English, from the catalog ``dalbit.po``;
* EPUBs with ``lang`` on every content file, localized navigation titles and
  a title page;
* a rebuild of every page whose ``.po`` changed, by content hash rather than
  by timestamp (sphinx #4476);
* the checker's findings on this language's catalogs as build warnings;
* the ``dalbit-terminology`` directive (the glossary as a page), a Korean
  search language, the browser's search labels (``translations.js``) and the
  bilingual edition (English beside each translated paragraph).
"""
from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translator
from sphinx.util import logging

from dalbit import __version__
from dalbit.bilingual import pair_document
from dalbit.bundle import README_LINES
from dalbit.catalogs import atomic_write_bytes, compile_mo, read_translations
from dalbit.config import SETTINGS
from dalbit.chooser import EPUB_LABEL, PROMPT
from dalbit.chooser import LABELS as CHOOSER_LABELS
from dalbit.editions import current_edition, language_tag, parse_editions, sibling_uri
from dalbit.project import glossary_path
from dalbit.reference import ReferenceDirective
from dalbit.epub import TITLE_PAGE_LABELS, setup_epub
from dalbit.fonts import setup_font
from dalbit.glossary_page import LABELS as TERMINOLOGY_LABELS
from dalbit.glossary_page import TerminologyDirective, depart_lang_span, lang_span, visit_lang_span
from dalbit.index_order import setup_order
from dalbit.reader_marks import LABELS as READER_LABELS
from dalbit.reader_marks import add_reader_marks, add_stylesheet
from dalbit.search_index import keep_index_entries
from dalbit.search_ko import SearchKorean, user_words_from_glossary
from dalbit.search_page import NO_RESULTS, drop_second_viewport, write_search_texts

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).parent

#: The catalog (``locale/<lang>/LC_MESSAGES/dalbit.po``) for text that is not
#: in any document: config values and labels Sphinx does not translate.
META_DOMAIN = "dalbit"

#: Labels that Sphinx's EPUB builder hard-codes in English, and the terminology page's.
UI_LABELS = ("Table of Contents", "Cover", "Title page",
             *TERMINOLOGY_LABELS, *TITLE_PAGE_LABELS, *README_LINES, *READER_LABELS,
             *CHOOSER_LABELS)

#: Sphinx's and Dalbit's interface labels in each language Dalbit knows
#: (``labels/<language>/LC_MESSAGES/sphinx.po``): after the project's own
#: ``sphinx.po``, before Sphinx's built-in catalog of the same language.
LABELS_DIR = PACKAGE_DIR / "locale"


def _is_epub(app: Sphinx) -> bool:
    return app.builder.name.startswith("epub")


def _catalog_folders(app: Sphinx) -> list[Path]:
    """``<locale_dir>/<language>/LC_MESSAGES`` for each locale dir (none for the source language)."""
    if not _translated(app):
        return []
    return [Path(app.srcdir, d, app.config.language, "LC_MESSAGES").resolve()
            for d in app.config.locale_dirs]


def _catalog(app: Sphinx, domain: str) -> Path | None:
    """The first ``<domain>.po`` of this language's catalogs, if there is one."""
    for folder in _catalog_folders(app):
        if (folder / f"{domain}.po").is_file():
            return folder / f"{domain}.po"
    return None


def language_glossary(app: Sphinx, language: str | None = None) -> Path | None:
    """This language's glossary (``dalbit_languages``, else beside its catalogs), if it has one."""
    locale_dirs = tuple(Path(app.srcdir, d).resolve() for d in app.config.locale_dirs)
    return glossary_path(Path(app.confdir), locale_dirs, app.config.dalbit_languages,
                         language or app.config.language or "en")


def korean_search(app: Sphinx) -> bool:
    language = app.config.language or ""
    default = "stems" if language.startswith("ko") else "sphinx"
    return app.config.dalbit_languages.get(language or "en", {}).get("search", default) == "stems"


def init_labels(app: Sphinx, config: Config) -> None:
    """config-inited: put Dalbit's interface labels between the project's and Sphinx's.

    Sphinx reads its translations before any extension is set up, so the
    chain is made again: the project's ``sphinx.po`` first, then ours (compiled
    beside the doctrees, since the package folder may be read-only), then
    Sphinx's own, which for ``ko_KP`` would be its South Korean ``ko``.
    """
    from sphinx import locale, package_dir
    from sphinx.util.i18n import CatalogRepository

    language = config.language
    source = LABELS_DIR / str(language) / "LC_MESSAGES" / "sphinx.po"
    if not language or not source.is_file():
        return
    compiled = Path(app.doctreedir, "dalbit-labels")
    mo = compiled / language / "LC_MESSAGES" / "sphinx.mo"
    if not mo.is_file() or mo.stat().st_mtime < source.stat().st_mtime:
        compile_mo(source, mo)
    project = CatalogRepository(app.srcdir, config.locale_dirs, language, config.source_encoding)
    locale.translators.pop(("general", "sphinx"), None)
    app.translator, _ = locale.init(
        [*project.locale_dirs, compiled, None, Path(package_dir, "locale")], language)


def translate_config(app: Sphinx, config: Config) -> None:
    """config-inited: translate the listed config values for this language."""
    if korean_search(app):
        app.add_search_language(SearchKorean)
    app.add_js_file("dalbit.js")
    app.add_css_file("dalbit.css")
    config.templates_path.append(str(PACKAGE_DIR / "templates"))
    config.html_static_path.append(str(PACKAGE_DIR / "static"))
    # EPUB 3 needs a version; a project that sets only its release means that one.
    if not config.version and config.release:
        config.version = config.release
    # EPUB wants a BCP 47 tag (ko-KP), not a gettext locale name (ko_KP).
    if config.language:
        config.epub_language = language_tag(config.language)
    # Sphinx keeps the previous build info beside the output when the config changes.
    config.epub_exclude_files = [*config.epub_exclude_files, ".buildinfo.bak"]
    # A stable identifier: the same book gets the same id in every build.
    if config.epub_identifier in ("", "unknown"):
        name = f"{config.epub_basename}/{config.language or 'en'}/{config.release}"
        config.epub_identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        config.epub_uid = "bookid"
    meta_catalog = _catalog(app, META_DOMAIN)
    translations = read_translations(meta_catalog) if meta_catalog else {}
    app.dalbit_ui = {label: translations.get(label) or app.translator.gettext(label) for label in UI_LABELS}
    for name in config.dalbit_translated_config:
        value = getattr(config, name, None)
        if isinstance(value, str) and value in translations:
            setattr(config, name, translations[value])


def _config_line(app: Sphinx, value: str) -> int:
    """The line of conf.py that spells a value, so the .pot points at it."""
    conf = Path(app.confdir, "conf.py")
    for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
        if repr(value) in line or f'"{value}"' in line:
            return number
    return 0


def add_meta_messages(app: Sphinx) -> None:
    """builder-inited (gettext): put config values and UI labels in ``dalbit.pot``."""
    if app.builder.name != "gettext":
        return
    # The gettext builder also extracts the messages of every template folder into
    # sphinx.pot; ours only use Sphinx's own labels, which locale/<lang>/sphinx.po overrides.
    ours = str(PACKAGE_DIR / "templates")
    app.config.templates_path = [path for path in app.config.templates_path if path != ours]
    catalog = app.builder.catalogs[META_DOMAIN]
    for name in app.config.dalbit_translated_config:
        value = getattr(app.config, name, None)
        if isinstance(value, str) and value:
            catalog.add(value, MsgOrigin("conf.py", _config_line(app, value)))
    for label in UI_LABELS:
        catalog.add(label, MsgOrigin("dalbit", 0))


def localize_epub(app: Sphinx) -> None:
    """builder-inited (epub): translated guide titles and a title page first."""
    if not _is_epub(app):
        return
    ui = app.dalbit_ui
    app.builder.guide_titles = {"toc": ui["Table of Contents"], "cover": ui["Cover"]}
    _fix_ncx_uid(app.builder)
    title_file = "titlepage" + app.builder.out_suffix
    if all(file != title_file for file, _ in app.config.epub_pre_files):
        app.config.epub_pre_files = [(title_file, ui["Title page"]), *app.config.epub_pre_files]


def _fix_ncx_uid(builder: Any) -> None:
    """Sphinx writes the identifier's XML id, not its value, into toc.ncx (sphinx #11184,
    epubcheck NCX-001); put the value there once the file is written."""
    build_toc = builder.build_toc

    def build_toc_with_uid() -> None:
        build_toc()
        ncx = Path(builder.outdir, "toc.ncx")
        config = builder.config
        text = ncx.read_text(encoding="utf-8").replace(
            f'<meta name="dtb:uid" content="{config.epub_uid}"/>',
            f'<meta name="dtb:uid" content="{config.epub_identifier}"/>')
        atomic_write_bytes(ncx, text.encode("utf-8"))

    builder.build_toc = build_toc_with_uid


def collect_title_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if not _is_epub(app):
        return []
    context = {
        "title": app.config.epub_title,
        "dalbit_author": app.config.epub_author,
        "dalbit_publisher": app.config.epub_publisher,
        "dalbit_release": app.config.release,
        "dalbit_description": app.config.epub_description,
        "dalbit_edition_label": app.dalbit_ui["Edition"],
    }
    return [("titlepage", context, "dalbit-titlepage.html")]


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: ``lang`` for EPUB pages, the switch for HTML pages."""
    tag = language_tag(app.config.language or "en")
    if _is_epub(app):
        context["html_tag"] = (
            '<html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{tag}" xml:lang="{tag}">'
        )
        # EPUB 3.3 deprecates the ARIA role Sphinx gives citations (epubcheck RSC-017).
        if "body" in context:
            context["body"] = context["body"].replace(' role="doc-biblioentry"', "")
        return
    editions = parse_editions(app.config.dalbit_editions)
    this = current_edition(editions, app.config.language or "en", app.config.dalbit_edition)
    if this is None:
        return
    target = app.builder.get_target_uri(pagename)
    depth = pagename.count("/")
    links = []
    alternates = []
    # The language editions first, the bilingual one last: a reader of either language
    # may want the other beside it (make and the bundle build it).
    for other in sorted(editions, key=lambda edition: edition.bilingual):
        uri = sibling_uri(target, depth, other)
        if not other.bilingual:
            alternates.append(f'<link rel="alternate" hreflang="{other.tag}" href="{uri}" />')
        if other != this:
            lang = "" if other.bilingual else f' lang="{other.tag}"'  # two languages: the page's
            links.append(
                f'<a href="{uri}" hreflang="{other.tag}"{lang} '
                f'data-dalbit-switch="{other.name}">{other.label}</a>'
            )
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates)
    context["dalbit_switch"] = (
        f'<nav class="dalbit-switch" aria-label="{this.label}">' + " ".join(links) + "</nav>"
    )


def outdated_by_catalog(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: re-read every document whose .po content changed.

    Sphinx compares timestamps, which a checkout, a copy or an editor that
    keeps mtimes defeats; a hash does not. The .mo is rewritten too, so the
    re-read sees the new translation.
    """
    seen: dict[str, str] = getattr(env, "dalbit_po_hashes", {})
    current: dict[str, str] = {}
    stale = []
    for docname in env.found_docs:
        po = _catalog(app, docname)
        if po is None:
            continue
        digest = hashlib.sha256(po.read_bytes()).hexdigest()
        current[docname] = digest
        if seen.get(docname) != digest:
            compile_mo(po, po.with_suffix(".mo"))
            if docname not in added and docname not in changed:
                stale.append(docname)
    env.dalbit_po_hashes = current
    return stale


#: Messages Sphinx's search page translates in the browser (searchtools.js).
JS_MESSAGES = ("Search Results", "Searching", "Preparing search...", "Hide Search Matches", ", in ",
               NO_RESULTS)
JS_PLURALS = (("Search finished, found one page matching the search query.",
               "Search finished, found ${resultCount} pages matching the search query."),)


def prepare_korean_search(app: Sphinx) -> None:
    """builder-inited: the analyzer keeps the glossary's words whole (손전화, not 손+전화)."""
    path = language_glossary(app)
    if korean_search(app) and path is not None and path.is_file():
        SearchKorean.user_words = user_words_from_glossary(path)


def add_translations_js(app: Sphinx) -> None:
    """builder-inited (html): write ``_static/translations.js`` and make pages load it.

    Sphinx ships one only for the languages it knows (``ko``, not ``ko_KP``)
    and looks for the project's own relative to the working directory. It is
    written before any page, so every build gives pages the same ``?v=`` checksum.
    """
    if app.builder.format != "html" or _is_epub(app) or not _translated(app):
        return
    if app.builder._get_translations_js() is None:
        app.add_js_file("translations.js")
    write_translations_js(app)


def _translated(app: Sphinx) -> bool:
    return bool(app.config.language) and app.config.language != "en"


def write_translations_js(app: Sphinx) -> None:
    """The browser's labels, from the same catalogs as the pages."""
    translator = get_translator("sphinx", "general")
    messages: dict[str, Any] = {m: translator.gettext(m) for m in JS_MESSAGES}
    for singular, plural in JS_PLURALS:
        messages[singular] = [translator.ngettext(singular, plural, n) for n in (1, 2)]
    data = {"locale": app.config.language, "messages": messages, "plural_expr": "(n != 1) ? 1 : 0"}
    atomic_write_bytes(
        Path(app.outdir, "_static", "translations.js"),
        ("Documentation.addTranslations(" + json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
         + ");\n").encode(),
    )


def check_catalogs(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: report the checker's findings on this language's catalogs as warnings.

    A language with no glossary still gets the checks that need none (markup,
    format directives, hidden characters)."""
    if not _translated(app) or app.builder.name == "gettext":
        return
    glossary = language_glossary(app)
    from dalbit.check.engine import check_paths
    from dalbit.errors import InputError
    from dalbit.glossary import load_glossary

    paths = sorted(p for folder in _catalog_folders(app) if folder.is_dir() for p in folder.glob("*.po")
                   if p.name != "sphinx.po")
    try:
        report = check_paths(load_glossary(glossary) if glossary else None, paths)
    except InputError as error:
        logger.warning(error.message, location=f"{error.path}:{error.line}", type="dalbit",
                       subtype="input")
        return
    for error in report.broken:  # catalogs that could not be read: the others were still checked
        logger.warning(error.message, location=f"{error.path}:{error.line}", type="dalbit", subtype="input")
    for finding in report.findings:
        text = f"{finding.rule}: {finding.term}: expected {finding.expected}, found {finding.found}"
        logger.warning(text, location=f"{finding.path}:{finding.line}", type="dalbit",
                       subtype=finding.rule)


#: Attributes the basic and alabaster themes write in English without asking gettext.
THEME_ATTRIBUTES = (("aria-label", "Main"), ("title", "Previous document"), ("title", "Next document"))


def translate_theme_attributes(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (html): translate the few labels themes hard-code in English."""
    if exception or app.builder.format != "html" or _is_epub(app) or not _translated(app):
        return
    translator = get_translator("sphinx", "general")
    swaps = [(f'{name}="{text}"', f'{name}="{translator.gettext(text)}"') for name, text in THEME_ATTRIBUTES]
    for page in Path(app.outdir).rglob("*.html"):
        html = original = page.read_text(encoding="utf-8")
        for old, new in swaps:
            html = html.replace(old, new)
        if html != original:
            atomic_write_bytes(page, html.encode("utf-8"))


def write_edition_info(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (html): ``dalbit-edition.json`` tells the chooser page about this edition."""
    if exception or app.builder.format != "html" or _is_epub(app):
        return
    editions = parse_editions(app.config.dalbit_editions)
    this = current_edition(editions, app.config.language or "en", app.config.dalbit_edition)
    if this is None:
        return
    info = {
        "name": this.name,
        "tag": this.tag,
        "label": this.label,
        "title": app.config.project,
        "root": app.builder.get_target_uri(app.config.root_doc),
        "epub": f"{app.config.epub_basename}-{this.name}.epub",
        "readme": [app.dalbit_ui[line] for line in README_LINES],
        "prompt": app.dalbit_ui[PROMPT],
        "epub_label": app.dalbit_ui[EPUB_LABEL],
    }
    atomic_write_bytes(
        Path(app.outdir, "dalbit-edition.json"),
        json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    keep_index_entries()  # dalbit.search_index: Sphinx drops them on incremental builds
    for setting in SETTINGS:  # typed and documented in dalbit.config
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=setting.types,
                             description=setting.doc.split(". ")[0])
    app.add_directive("dalbit-terminology", TerminologyDirective)
    app.add_directive("dalbit-reference", ReferenceDirective)
    app.add_node(lang_span, html=(visit_lang_span, depart_lang_span))
    app.connect("config-inited", init_labels)
    app.connect("config-inited", translate_config)
    app.connect("builder-inited", add_meta_messages)
    app.connect("builder-inited", localize_epub)
    app.connect("html-collect-pages", collect_title_page)
    app.connect("html-page-context", page_context)
    app.connect("env-get-outdated", outdated_by_catalog)
    app.connect("env-updated", check_catalogs)
    app.connect("doctree-resolved", pair_document)
    app.connect("doctree-resolved", add_reader_marks)
    app.connect("builder-inited", add_stylesheet)
    app.connect("builder-inited", add_translations_js)
    app.connect("builder-inited", prepare_korean_search)
    app.connect("build-finished", write_edition_info)
    app.connect("build-finished", translate_theme_attributes)
    setup_font(app)  # dalbit.fonts: the Korean font the book carries
    setup_order(app)  # dalbit.index_order: North Korean order in the index and glossaries
    setup_epub(app)  # dalbit.epub: the bilingual book's title, xml:lang
    app.connect("build-finished", write_search_texts)
    app.connect("html-page-context", drop_second_viewport)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
