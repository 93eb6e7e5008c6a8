"""Dalbit's settings in ``conf.py``: one typed, documented table.

The Sphinx extension registers these with ``app.add_config_value``; the
command line reads the same table (``dalbit.project``) so that every command
knows the project without paths; the configuration reference in the docs is
generated from it, so it cannot drift.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One ``dalbit_*`` value of conf.py."""

    name: str
    default: Any
    rebuild: str  # what Sphinx rebuilds when it changes: "env", "html" or ""
    types: tuple[type, ...]
    doc: str
    example: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "dalbit_editions", {}, "html", (dict,),
        "The editions to build, by output folder name: ``{name: {\"language\": ..., \"label\": ...}}``. "
        "``language`` is the Sphinx language (the catalog folder, e.g. ``ko_KP``), ``label`` the "
        "language's own name on the switch and the chooser. An edition with ``\"bilingual\": True`` "
        "shows the source language beside the translation. Empty: one edition of the source language.",
        '{"en": {"language": "en", "label": "English"}, "ko": {"language": "ko_KP", "label": "조선말"}}',
    ),
    Setting(
        "dalbit_languages", {}, "env", (dict,),
        "Per-language settings, by Sphinx language: ``glossary`` (path relative to conf.py; default "
        "``<locale_dir>/<language>/glossary.toml`` when it exists), ``spelling`` (default: "
        "``spelling.toml`` beside the glossary, else the list Dalbit ships for the language) and "
        "``search`` (``\"stems\"`` indexes Korean by stems, ``\"sphinx\"`` keeps Sphinx's own; "
        "default ``\"stems\"`` for Korean). A language with no glossary is still checked for "
        "markup, format directives and hidden characters.",
        '{"ko_KP": {"glossary": "locale/ko_KP/glossary.toml"}}',
    ),
    Setting(
        "dalbit_source_dir", ".", "", (str,),
        "Where the sources are, relative to conf.py (the book keeps conf.py at the root and its "
        "sources in ``docs``). Used by ``dalbit build``.",
        '"docs"',
    ),
    Setting(
        "dalbit_korean_font", "", "env", (str, type(None)),
        "The font the books' Korean fallback font is cut from (a ``.ttc`` or ``.otf``, relative to "
        "conf.py): only the letters the book uses, in every site and EPUB that shows Korean, used "
        "where the reader's own fonts have no Hangul. Empty: Noto Sans CJK KR where the system has it "
        "(Debian: ``fonts-noto-cjk``) or ``$DALBIT_KOREAN_FONT``; ``None``: no font.",
        '"fonts/NotoSansCJK-Regular.ttc"',
    ),
    Setting(
        "dalbit_translated_config",
        ["project", "html_title", "html_short_title", "epub_title", "epub_author", "epub_publisher",
         "epub_contributor", "epub_description", "copyright"],
        "env", (list, tuple),
        "Config values translated from each language's ``dalbit.po`` (the catalog for text that "
        "is in no document).",
    ),
    Setting(
        "dalbit_edition", "", "html", (str,),
        "The edition being built, when its language does not name it (set by ``dalbit build``).",
    ),
    Setting(
        "dalbit_bilingual_source", "", "env", (str,),
        "For a bilingual edition: the source edition's doctrees (set by ``dalbit build``).",
    ),
)


def defaults() -> dict[str, Any]:
    return {setting.name: setting.default for setting in SETTINGS}
