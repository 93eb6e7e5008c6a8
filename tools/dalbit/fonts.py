"""A Korean font that travels with the book, for readers who have none.

Without a Korean font every Hangul syllable is a box. Each book that shows
Korean carries "Dalbit Sans": Noto Sans CJK KR (SIL Open Font License 1.1)
cut down to the Korean letters the book can show, as WOFF2 for the sites and
OTF for the EPUBs. Style sheets name it last, after the reader's own fonts
(``sans-serif`` finds a Korean system font by the page's language), so it is
only used where nothing else can draw Hangul.

The font's ``name`` table keeps the copyright notice and the license and
drops the designers' and vendors' credits: one of them names a South Korean
company, which is what a reader must not be found with. The full license
travels beside the font, as a comment at the top of its style sheet (which the
OFL allows) and, in the sites, as a text file.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dalbit.catalogs import atomic_write_bytes
from dalbit.collation import INITIALS

FAMILY = "Dalbit Sans"
POSTSCRIPT_NAME = "DalbitSans-Regular"
#: The face of a font collection (.ttc) this font is cut from.
SOURCE_FAMILY = "Noto Sans CJK KR"
#: Where Debian's fonts-noto-cjk (and Fedora's google-noto-sans-cjk-fonts) put it.
SOURCE_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKkr-Regular.otf",
)
LICENSE = Path(__file__).parent / "fonts" / "OFL.txt"

#: What the font is for: Hangul (syllables, jamo, compatibility jamo) and the
#: CJK punctuation Korean text uses (《》「」, full-width forms).
UNICODE_RANGES = ((0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xAC00, 0xD7A3),
                  (0xFF01, 0xFF60))
_KOREAN = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in UNICODE_RANGES) + "]")

#: Name records kept: copyright, version, license and its URL (family names are rewritten).
KEPT_NAME_IDS = (0, 5, 13, 14)
#: Bump when the subset changes for the same letters, so cached cuts are not reused.
CUT_VERSION = "2"

STYLE_SHEET = "dalbit-sans.css"
LICENSE_FILE = "dalbit-sans-OFL.txt"


@dataclass(frozen=True)
class FontFormat:
    suffix: str  # of the font file
    flavor: str | None  # fontTools' name for the container: woff2, or None for plain OTF
    css_format: str  # the format() hint in @font-face


WOFF2 = FontFormat(".woff2", "woff2", "woff2")
OTF = FontFormat(".otf", None, "opentype")


def korean_characters(texts: Iterable[str]) -> set[str]:
    """The characters of ``texts`` the font is for."""
    return {character for text in texts for character in _KOREAN.findall(text)}


def find_source_font(configured: str = "") -> Path | None:
    """The configured font (only that one), else ``$DALBIT_KOREAN_FONT``, else Noto Sans CJK
    where systems put it."""
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for candidate in (os.environ.get("DALBIT_KOREAN_FONT", ""), *SOURCE_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _face_number(path: Path) -> int:
    """The Korean face of a collection (.ttc), 0 for a single font."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for number, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == SOURCE_FAMILY:
            return number
    raise ValueError(f"{path}: no {SOURCE_FAMILY} face in this collection")


def _rename(font: Any, version: str) -> None:
    """Our name on the cut, and no credits but the copyright and license."""
    name = font["name"]
    name.names = [record for record in name.names if record.nameID in KEPT_NAME_IDS]
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT_NAME};{version}"),
                          (4, f"{FAMILY} Regular"), (6, POSTSCRIPT_NAME),
                          (10, f"A subset of {SOURCE_FAMILY} for the Dalbit books.")):
        name.setName(text, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT_NAME]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = f"{FAMILY} Regular", FAMILY


def subset_font(source: Path, characters: set[str], fmt: FontFormat) -> bytes:
    """The source font cut down to ``characters``, renamed, in ``fmt``; the same bytes every time."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=_face_number(source), recalcTimestamp=False, lazy=False)
    version = font["name"].getDebugName(5) or ""
    options = subset.Options()
    options.name_IDs = list(KEPT_NAME_IDS)
    options.name_languages = [0x409]
    options.notdef_outline = True  # a missing letter shows as a box, not as nothing
    # Without hints the cut is a quarter smaller; screens that smooth outlines barely use them.
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    _rename(font, version)
    font.flavor = fmt.flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cached_subset(source: Path, characters: set[str], fmt: FontFormat) -> bytes:
    """:func:`subset_font`, remembered by source file, letters and format (a cut takes seconds)."""
    from dalbit.analyzer import cache_dir

    stat = source.stat()
    key = hashlib.sha256("\n".join([
        CUT_VERSION, str(source.resolve()), str(stat.st_size), str(stat.st_mtime_ns), fmt.suffix,
        "".join(sorted(characters))]).encode()).hexdigest()[:32]
    cached = cache_dir() / "fonts" / f"{key}{fmt.suffix}"
    if cached.is_file():
        return cached.read_bytes()
    data = subset_font(source, characters, fmt)
    try:
        atomic_write_bytes(cached, data)
    except OSError:
        pass  # a read-only cache only costs time
    return data


def unicode_range() -> str:
    return ", ".join(f"U+{a:04X}-{b:04X}" for a, b in UNICODE_RANGES)


def style_sheet(font_file: str, fmt: FontFormat) -> str:
    """The @font-face rule, with the font's license in the comment the OFL asks for."""
    license_text = LICENSE.read_text(encoding="utf-8").replace("*/", "* /")
    return (f"/*\n{license_text}*/\n\n"
            "/* Used only where the reader's own fonts have no Hangul (see dalbit.css). */\n"
            "@font-face {\n"
            f'  font-family: "{FAMILY}";\n'
            f'  src: url("{font_file}") format("{fmt.css_format}");\n'
            f"  unicode-range: {unicode_range()};\n"
            "  font-display: swap;\n"
            "}\n")


def write_font(static: Path, source: Path, characters: set[str], fmt: FontFormat) -> None:
    """The font and its style sheet in a site's or book's ``_static`` folder."""
    font_name = "dalbit-sans" + fmt.suffix
    atomic_write_bytes(static / font_name, cached_subset(source, characters, fmt))
    atomic_write_bytes(static / STYLE_SHEET, style_sheet(font_name, fmt).encode("utf-8"))


# The Sphinx side: which letters a book can show, and the font in its _static folder.

def book_characters(app: Any) -> set[str]:
    """Every Korean letter the book being built can show.

    Read from what the pages are made of, before any page is written: the
    sources, this language's catalogs, the glossary (the terminology page shows
    Korean in every edition), the editions' labels (the language switch) and
    Sphinx's own messages in this language. A test checks the built pages
    against it.
    """
    texts: list[str] = []
    src = Path(app.srcdir)
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(src.rglob("*"))
              if p.suffix in (".rst", ".md", ".txt") and p.is_file()]
    language = app.config.language or "en"
    if language != "en":
        for folder in app.config.locale_dirs:
            catalogs = Path(src, folder, language, "LC_MESSAGES")
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(catalogs.glob("*.po"))]
        from sphinx.locale import get_translator

        translator = get_translator("sphinx", "general")
        while translator is not None:
            texts += [str(value) for value in getattr(translator, "_catalog", {}).values()]
            translator = getattr(translator, "_fallback", None)
    from dalbit.sphinx import language_glossary

    for edition_language in {spec.get("language", "") for spec in app.config.dalbit_editions.values()}:
        glossary = language_glossary(app, edition_language)  # a terminology page may show any of them
        if glossary is not None and glossary.is_file():
            texts.append(glossary.read_text(encoding="utf-8"))
    if any(".. dalbit-reference::" in text for text in texts):  # generated pages: their text too
        from dalbit.reference import ReferenceDirective

        texts += [generate() for generate in ReferenceDirective.GENERATORS.values()]
    texts += [str(spec.get("label", "")) for spec in app.config.dalbit_editions.values()]
    texts += [str(getattr(app.config, name, "") or "") for name in app.config.dalbit_translated_config]
    characters = korean_characters(texts)
    if language.startswith("ko"):
        characters.update(INITIALS)  # the index's headings (dalbit.index_order)
    return characters


def add_book_font(app: Any) -> None:
    """builder-inited (html, epub): the cut font and its style sheet, for a book that shows Korean."""
    from sphinx.util import logging

    if app.builder.format != "html" or app.config.dalbit_korean_font is None:
        return
    characters = book_characters(app)
    if not characters:
        return
    configured = app.config.dalbit_korean_font
    if configured:
        configured = str(Path(app.confdir, configured))
    source = find_source_font(configured)
    if source is None:
        where = f"dalbit_korean_font = {app.config.dalbit_korean_font!r} is not a file" if configured \
            else "Noto Sans CJK is not installed"
        logging.getLogger(__name__).warning(
            f"no Korean font to ship with the book ({where}): readers without one will see boxes. "
            "Install Noto Sans CJK (tools/setup/need-korean-font; Debian: apt-get install fonts-noto-cjk), "
            "or set dalbit_korean_font to a .ttc/.otf file (None ships no font)",
            type="dalbit", subtype="font")
        return
    epub = app.builder.name.startswith("epub")
    static = Path(app.outdir, "_static")
    write_font(static, source, characters, OTF if epub else WOFF2)
    if not epub:  # an EPUB lists no text files; there the license is the style sheet's comment
        atomic_write_bytes(static / LICENSE_FILE, LICENSE.read_bytes())
    app.add_css_file(STYLE_SHEET)


def setup_font(app: Any) -> None:
    # dalbit_korean_font is declared with the other settings (dalbit.config).
    app.connect("builder-inited", add_book_font)
