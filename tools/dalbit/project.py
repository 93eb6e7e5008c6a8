"""The project the command line works on: found from ``conf.py``, read as Sphinx reads it.

Inside an initialized project every command knows its catalogs, templates,
editions and each language's glossary without paths. The project root is
the folder the command runs in: ``build/`` and ``dist/`` land there, and
``conf.py`` is found there or in one of the usual source folders.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dalbit.config import defaults
from dalbit.editions import Edition, parse_editions
from dalbit.errors import InputError

#: Where sphinx-quickstart and the common layouts put conf.py, relative to the project root.
CONF_FOLDERS = (".", "docs", "doc", "docs/source", "doc/source", "source")


class NoProject(InputError):
    """No conf.py where a project was expected."""


@dataclass(frozen=True)
class Project:
    root: Path
    confdir: Path
    srcdir: Path
    locale_dirs: tuple[Path, ...]
    release: str
    basename: str  # epub_basename: names the EPUBs and the bundle
    source_language: str
    editions: tuple[Edition, ...]
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    @property
    def translated_languages(self) -> list[str]:
        """Every language with catalogs, in edition order."""
        return list(dict.fromkeys(e.language for e in self.editions
                                  if e.language != self.source_language))

    @property
    def locale_dir(self) -> Path:
        return self.locale_dirs[0]

    def catalog_dir(self, language: str) -> Path:
        for folder in self.locale_dirs:
            if (folder / language / "LC_MESSAGES").is_dir():
                return folder / language / "LC_MESSAGES"
        return self.locale_dir / language / "LC_MESSAGES"

    def glossary_path(self, language: str) -> Path | None:
        return glossary_path(self.confdir, self.locale_dirs, self.languages, language)


def glossary_path(confdir: Path, locale_dirs: tuple[Path, ...], languages: dict[str, dict[str, Any]],
                  language: str) -> Path | None:
    """The language's glossary: set in ``dalbit_languages``, else ``<locale_dir>/<language>/glossary.toml``."""
    configured = languages.get(language, {}).get("glossary")
    if configured:
        return (confdir / configured).resolve()
    for folder in locale_dirs:
        if (folder / language / "glossary.toml").is_file():
            return folder / language / "glossary.toml"
    return None


def find_conf(root: Path, conf_dir: Path | None = None) -> Path:
    """The folder holding conf.py: ``conf_dir`` when given, else the first usual place under ``root``."""
    candidates = [conf_dir] if conf_dir is not None else [root / folder for folder in CONF_FOLDERS]
    for folder in candidates:
        if (folder / "conf.py").is_file():
            return folder.resolve()
    where = conf_dir or root
    raise NoProject(str(where), 0, "no conf.py here: run dalbit in a Sphinx project's folder "
                                   "(conf.py at its root, in docs/ or in docs/source/), or give --conf-dir")


def read_conf(confdir: Path) -> dict[str, Any]:
    """conf.py's values, executed the way Sphinx executes it."""
    from sphinx.config import Config
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    try:
        config = Config.read(confdir, overrides={}, tags=Tags())
    except ConfigError as error:
        raise InputError(str(confdir / "conf.py"), 0, f"conf.py does not run: {error}") from None
    return dict(config._raw_config)


def load_project(root: Path | None = None, conf_dir: Path | None = None) -> Project:
    from sphinx.util.osutil import make_filename

    root = (root or Path.cwd()).resolve()
    confdir = find_conf(root, conf_dir)
    raw = read_conf(confdir)
    settings = {**defaults(), **{k: v for k, v in raw.items() if k.startswith("dalbit_")}}
    srcdir = (confdir / settings["dalbit_source_dir"]).resolve()
    locale_dirs = tuple((srcdir / d).resolve() for d in raw.get("locale_dirs", ["locales"]))
    name = str(raw.get("project", "Project"))
    source_language = str(raw.get("language") or "en")
    editions = parse_editions(settings["dalbit_editions"]) or [
        Edition(source_language, source_language, source_language)]
    return Project(
        root=root, confdir=confdir, srcdir=srcdir, locale_dirs=locale_dirs,
        release=str(raw.get("release") or raw.get("version") or "0"),
        # Sphinx's own default (sphinx.builders.epub3): the HTML build names the EPUB it links so.
        basename=str(raw.get("epub_basename") or make_filename(name)),
        source_language=source_language, editions=tuple(editions),
        languages=dict(settings["dalbit_languages"]),
    )
