"""``dalbit init``: make an existing Sphinx project a Dalbit project.

It appends what is missing to conf.py (never changing a line the user
wrote), creates each language's catalog folder, gives Korean for North
Korean readers the starter glossary, and says what to do next. Running it
again changes nothing; running it with a new language adds that edition.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dalbit.catalogs import LOCK_NAME, atomic_write_bytes
from dalbit.errors import InputError
from dalbit.glossary import DOMAINS, shipped_data
from dalbit.project import find_conf, read_conf

#: Labels for languages whose Babel name is not the one their readers use.
LANGUAGE_LABELS = {"ko_KP": "조선말"}

BLOCK_HEADER = "# -- Dalbit (added by `dalbit init`; see Dalbit's configuration reference) ----------"


@dataclass
class InitResult:
    conf: Path
    diff: str
    created: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    catalogs: str = "locale/<language>/LC_MESSAGES"  # where the translators' catalogs are, from the root


def edition_name(language: str) -> str:
    """The edition's folder name: ``ko_KP`` -> ``ko-kp``; the source language keeps its code."""
    return language.replace("_", "-").lower()


def language_label(language: str) -> str:
    """The language's own name, for the switch and the chooser."""
    if language in LANGUAGE_LABELS:
        return LANGUAGE_LABELS[language]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:]


def _check_language(language: str, conf: Path) -> None:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        raise InputError(str(conf), 0, f"unknown language {language!r}: give a gettext locale "
                                       "name such as ko_KP, ko_KR or zh_CN") from None


def planned_lines(raw: dict[str, Any], languages: list[str], notes: list[str]) -> list[str]:
    """The conf.py lines that add what is missing, given the values conf.py sets."""
    lines = []
    extensions = list(raw.get("extensions", []))
    if "dalbit.sphinx" not in extensions:
        lines.append('extensions = [*extensions, "dalbit.sphinx"]' if "extensions" in raw
                     else 'extensions = ["dalbit.sphinx"]')
    if "locale_dirs" not in raw:
        lines.append('locale_dirs = ["locale/"]')
    # One catalog per document, no churn from UUIDs and source locations.
    lines += [f"{name} = False" for name in ("gettext_compact", "gettext_uuid", "gettext_location") if name not in raw]
    # Sphinx warns of these in an EPUB build, and dalbit build stops at a warning.
    if not (raw.get("copyright") or raw.get("epub_copyright")):
        notes.append('conf.py sets no copyright, which every EPUB needs: add copyright = "<year>, <who>"')
    if not (raw.get("release") or raw.get("version")):
        notes.append('conf.py sets no release, which every EPUB needs: add release = "1.0" (your version)')
    if raw.get("gettext_compact", False) is not False:
        notes.append("conf.py sets gettext_compact: Dalbit rebuilds a page when its own catalog "
                     "changes, so set gettext_compact = False for one catalog per document")
    source = str(raw.get("language") or "en")
    editions = raw.get("dalbit_editions")
    wanted = [source, *(lang for lang in languages if lang != source)]
    if not editions:
        entries = "".join(f'\n    "{edition_name(lang) if lang != source else lang}": {_edition_spec(lang)},'
                          for lang in wanted)
        lines.append("dalbit_editions = {" + entries + "\n}")
    else:
        present = {spec.get("language") for spec in editions.values()}
        lines += [f'dalbit_editions["{edition_name(lang)}"] = {_edition_spec(lang)}'
                  for lang in wanted if lang not in present]
    return lines


def _edition_spec(language: str) -> str:
    """An edition's entry in ``dalbit_editions``, as conf.py writes it."""
    return f'{{"language": "{language}", "label": "{language_label(language)}"}}'


def init_project(root: Path, languages: list[str], conf_dir: Path | None = None,
                 write: bool = True, domains: tuple[str, ...] = ()) -> InitResult:
    """Set the project up; ``domains`` (technology, ...) limits a starter glossary to the
    subjects of the project's documents (``[glossary] domains``)."""
    confdir = find_conf(root, conf_dir)
    conf = confdir / "conf.py"
    for language in languages:
        _check_language(language, conf)
    unknown = [domain for domain in domains if domain not in DOMAINS]
    if unknown:
        raise InputError("dalbit init", 0, f"no domain named {', '.join(unknown)}: the domains are "
                                           f"{', '.join(DOMAINS)}")
    raw = read_conf(confdir)
    result = InitResult(conf, "")
    lines = planned_lines(raw, languages, result.notes)
    if lines:
        before = conf.read_text(encoding="utf-8")
        block = [] if BLOCK_HEADER in before else ["", BLOCK_HEADER]
        after = before.rstrip("\n") + "\n" + "\n".join([*block, *lines]) + "\n"
        result.diff = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                   str(conf), str(conf)))
        if write:
            atomic_write_bytes(conf, after.encode("utf-8"))
            raw = read_conf(confdir)
    srcdir = (confdir / str(raw.get("dalbit_source_dir", "."))).resolve()
    locale_dir = srcdir / (raw.get("locale_dirs") or ["locale/"])[0]
    source = str(raw.get("language") or "en")
    result.catalogs = os.path.relpath(locale_dir / "<language>" / "LC_MESSAGES", root)
    ignore = locale_dir / ".gitignore"  # the writers' lock (catalogs.LOCK_NAME) is no file to commit
    if not ignore.exists() and any(language != source for language in languages):
        result.created.append(ignore)
        if write:
            locale_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(ignore, f"{LOCK_NAME}\n".encode())
    for language in languages:
        if language == source:
            continue
        folder = locale_dir / language / "LC_MESSAGES"
        if not folder.is_dir():
            result.created.append(folder)
            if write:
                folder.mkdir(parents=True)
        starter = shipped_data(language, "glossary.toml")
        glossary = locale_dir / language / "glossary.toml"
        if starter is not None and not glossary.exists():
            result.created.append(glossary)
            if write:
                text = starter.read_text(encoding="utf-8")
                if domains:
                    listed = ", ".join(f'"{domain}"' for domain in domains)
                    text = text.replace("\n[glossary]\n", f"\n[glossary]\ndomains = [{listed}]\n", 1)
                atomic_write_bytes(glossary, text.encode("utf-8"))
        elif starter is not None and domains:
            result.notes.append(f"{glossary} exists and is left as it is: write domains = [...] in its "
                                "[glossary] table yourself")
        elif domains:
            result.notes.append(f"{language}: Dalbit has no starter glossary for it, so --domains is not used: "
                                "write domains = [...] in the [glossary] table of the glossary you give it")
    return result


def next_steps(result: InitResult) -> str:
    return "\n".join([
        "Next:",
        "  dalbit update         extract the messages and create or update each language's catalogs",
        f"  (translate {result.catalogs}/*.po in Poedit, Lokalize or Weblate)",
        "  dalbit check          glossary, markup and format checks of the translations",
        "  dalbit build          every edition's HTML and EPUB, the chooser and the offline bundle",
        "  dalbit build html     the sites only, rebuilding just what changed",
    ])
