"""The chooser page: the first page a reader opens, in every language at once."""
from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path

from dalbit.catalogs import atomic_write_bytes
from dalbit.fonts import unicode_range


#: The page's line, translated through dalbit.po: an edition whose catalog lacks it says it in English.
PROMPT = "Choose the edition you want to read."
#: The label of a card's book link, translated through dalbit.po like ``prompt``.
EPUB_LABEL = "EPUB"
LABELS = (PROMPT, EPUB_LABEL)


@dataclass(frozen=True)
class BuiltEdition:
    """What an HTML edition says about itself in ``dalbit-edition.json``."""

    name: str
    tag: str
    label: str
    title: str
    root: str
    prompt: str = ""  # PROMPT in the edition's language
    epub: str = ""  # the edition's EPUB file name (<epub_basename>-<name>.epub)
    readme: tuple[str, ...] = ()  # the bundle's README.txt paragraph, in the edition's language
    epub_label: str = EPUB_LABEL  # the book link's label in the edition's language


def find_editions(html_root: Path) -> list[BuiltEdition]:
    """Every edition built under ``html_root``, in folder order."""
    found = []
    for info in sorted(html_root.glob("*/dalbit-edition.json")):
        data = json.loads(info.read_text(encoding="utf-8"))
        fields = {key: data[key] for key in BuiltEdition.__dataclass_fields__ if key in data}
        fields["readme"] = tuple(fields.get("readme", ()))
        found.append(BuiltEdition(**fields))
    return found


def render_chooser(editions: list[BuiltEdition], html_prefix: str, epub_prefix: str,
                   epubs: dict[str, str], font_href: str = "") -> str:
    """The page. ``html_prefix``/``epub_prefix`` are relative to the page itself, and so is
    ``font_href``, an edition's Korean font (dalbit.fonts) for readers who have none."""
    items = []
    for edition in editions:
        href = f"{html_prefix}{edition.name}/{edition.root}"
        lang = html.escape(edition.tag)
        book = ""
        if edition.name in epubs:
            book = (f' <a class="epub" href="{html.escape(epub_prefix + epubs[edition.name])}" '
                    f'type="application/epub+zip">{html.escape(edition.epub_label)}</a>')
        items.append(
            f'<li lang="{lang}"><a class="edition" href="{html.escape(href)}" hreflang="{lang}">'
            f'<span class="label">{html.escape(edition.label)}</span> '
            f'<span class="title">{html.escape(edition.title)}</span></a>{book}</li>'
        )
    titles = " / ".join(dict.fromkeys(html.escape(edition.title) for edition in editions))
    # Each language's line once; an untranslated one is the English line, said once and tagged so.
    prompts = "".join(f'<p lang="{html.escape(tag)}">{html.escape(prompt)}</p>' for tag, prompt in
                      dict.fromkeys(("en" if e.prompt == PROMPT else e.tag, e.prompt) for e in editions if e.prompt))
    font_face = (f'@font-face {{ font-family: "Dalbit Sans"; src: url("{html.escape(font_href)}") '
                 f'format("woff2"); unicode-range: {unicode_range()}; }}\n') if font_href else ""
    return f"""<!DOCTYPE html>
<html lang="mul">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{titles}</title>
<style>
{font_face}body {{ font-family: system-ui, sans-serif, "Dalbit Sans"; max-width: 40em; margin: 2em auto; padding: 0 1em;
       line-height: 1.6; }}
:lang(ko) {{ word-break: keep-all; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: 1em 0; padding: 1em; border: 1px solid #999; border-radius: 0.4em; }}
a.edition {{ display: block; font-size: 1.3em; text-decoration: none; }}
.label {{ font-weight: bold; }}
a.epub {{ font-size: 0.9em; }}
</style>
</head>
<body>
<h1>{titles}</h1>
{prompts}
<ul>
{chr(10).join(items)}
</ul>
</body>
</html>
"""


def write_chooser(target: Path, html_root: Path, epub_root: Path | None) -> list[BuiltEdition]:
    """Write the chooser page at ``target`` linking the editions and, where
    ``epub_root`` holds it, each edition's EPUB."""
    editions = find_editions(html_root)
    html_prefix = os.path.relpath(html_root, target.parent).replace(os.sep, "/") + "/"
    if html_prefix == "./":
        html_prefix = ""
    epubs: dict[str, str] = {}
    epub_prefix = ""
    if epub_root is not None and epub_root.is_dir():
        epub_prefix = os.path.relpath(epub_root, target.parent).replace(os.sep, "/") + "/"
        epubs = {e.name: e.epub for e in editions if e.epub and (epub_root / e.epub).is_file()}
    # The Korean font of the edition that carries the most letters covers the chooser's titles.
    fonts = sorted((html_root / e.name / "_static" / "dalbit-sans.woff2" for e in editions),
                   key=lambda font: font.stat().st_size if font.is_file() else -1)
    font_href = (html_prefix + fonts[-1].relative_to(html_root).as_posix()
                 if fonts and fonts[-1].is_file() else "")
    atomic_write_bytes(target, render_chooser(editions, html_prefix, epub_prefix, epubs,
                                              font_href).encode())
    return editions
