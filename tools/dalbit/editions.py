"""Editions: one built language of the same sources, and the links between them.

An edition is a folder beside the others (``build/html/en``, ``build/html/ko``),
so every cross-edition link is a relative path that works from ``file://``
on a USB stick: up to the edition root, over to the sibling, down to the page.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """One language edition of the site."""

    name: str  # folder name under the html output root, e.g. "ko"
    language: str  # Sphinx language (catalog folder), e.g. "ko_KP"
    label: str  # the language's own name, shown on the switch, e.g. "조선말"
    bilingual: bool = False  # English beside the translation; linked from the chooser only

    @property
    def tag(self) -> str:
        """BCP 47 tag for ``lang``/``hreflang``/``dc:language`` (ko_KP -> ko-KP)."""
        return language_tag(self.language)


def language_tag(language: str) -> str:
    """Turn a gettext locale name into a BCP 47 language tag."""
    return language.replace("_", "-")


def parse_editions(raw: dict[str, dict[str, str]]) -> list[Edition]:
    """Read ``dalbit_editions`` from conf.py: ``{name: {"language": ..., "label": ...}}``."""
    return [Edition(name, spec["language"], spec["label"], bool(spec.get("bilingual")))
            for name, spec in raw.items()]


def current_edition(editions: Iterable[Edition], language: str, name: str = "") -> Edition | None:
    """The edition being built: by name when given (``-D dalbit_edition=en-ko``), else by language."""
    for edition in editions:
        if (edition.name == name) if name else (edition.language == language and not edition.bilingual):
            return edition
    return None


def sibling_uri(target_uri: str, depth: int, edition: Edition) -> str:
    """The relative URI of the same page in another edition.

    ``target_uri`` is the page's URI inside its edition (``technology.html``),
    ``depth`` how many folders deep the page sits inside the edition.
    """
    return "../" * (depth + 1) + edition.name + "/" + target_uri
