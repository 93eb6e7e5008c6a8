"""The terminology glossary: data in TOML beside the catalogs, read into dataclasses.

TOML because translators and reviewers edit it by hand and read it in diffs:
one ``[[concept]]`` block per concept, one field per line, comments allowed,
and Python reads it with no extra dependency (``tomllib``).
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dalbit.errors import InputError

#: Data Dalbit ships per language: ``data/<language>/spelling.toml`` and ``glossary.toml``,
#: the glossary ``dalbit init`` gives a new project.
DATA_DIR = Path(__file__).parent / "data"

DOMAINS = ("media", "technology", "daily-life", "politics", "places")
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "proper-noun")
CONFIDENCES = ("high", "medium", "low")
STATUSES = ("approved", "proposed")
REQUIRED = ("id", "domain", "pos", "en", "preferred", "note", "source", "confidence", "status")


class GlossaryError(InputError):
    """A glossary that cannot be used: ``file:line: what is wrong, how to fix``."""


@dataclass(frozen=True)
class Concept:
    """One concept: an English term and how to say it for North Korean readers."""

    id: str
    domain: str
    pos: str
    en: tuple[str, ...]  # headword first, then variant forms
    preferred: str
    acceptable: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    confidence: str = "medium"
    status: str = "proposed"
    doubt: str = ""
    # False for words with too many senses ("use", "work") to demand a rendering:
    # only their forbidden forms are checked.
    required: bool = True
    # English phrases naming senses this concept is not ("escape sequence" for escape, "cert
    # store" for shop): in an entry whose English has one, the concept is not looked for.
    not_senses: tuple[str, ...] = ()
    line: int = 0

    @property
    def headword(self) -> str:
        return self.en[0]

    @property
    def allowed(self) -> tuple[str, ...]:
        """Every Korean form that follows the glossary."""
        return (self.preferred, *self.acceptable)

    @property
    def is_predicate(self) -> bool:
        return self.pos in ("verb", "adjective")


@dataclass(frozen=True)
class SpellingWord:
    """A word South Korean spelling writes one way and 조선말규범집 another."""

    south: str
    north: str
    rule: str
    note: str = ""
    line: int = 0


@dataclass
class Glossary:
    path: str
    source_language: str
    target_language: str
    concepts: list[Concept]
    spelling: list[SpellingWord] = field(default_factory=list)

    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}


def _table_lines(text: str, header: str) -> list[int]:
    """Line numbers of each ``[[header]]`` block, in order: tomllib keeps no positions."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == f"[[{header}]]"]


def _load_toml(path: Path) -> tuple[dict, str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise GlossaryError(str(path), 0, "no such file: create it or pass --glossary") from None
    except UnicodeDecodeError:
        raise GlossaryError(str(path), 1, "not UTF-8: save the file as UTF-8") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise GlossaryError(str(path), line, f"not valid TOML: {error}") from None


def _line_from_message(message: str) -> int:
    # Python 3.11's tomllib says "... (at line 12, column 3)".
    if "at line " in message:
        try:
            return int(message.split("at line ", 1)[1].split(",", 1)[0].split(")", 1)[0])
        except ValueError:
            pass
    return 1


def _nfc_list(value: object, path: str, line: int, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryError(path, line, f"{name} must be a list of non-empty strings")
    return tuple(unicodedata.normalize("NFC", v.strip()) for v in value)


def parse_concept(raw: dict, path: str, line: int) -> Concept:
    for key in REQUIRED:
        if key not in raw:
            raise GlossaryError(path, line, f"concept {raw.get('id', '?')!r} has no {key}: add "
                                            f"{key} = ... (see the comment at the top of the file)")
    for key, allowed in (("domain", DOMAINS), ("pos", PARTS_OF_SPEECH),
                         ("confidence", CONFIDENCES), ("status", STATUSES)):
        if raw[key] not in allowed:
            raise GlossaryError(path, line, f"concept {raw['id']!r}: {key} = {raw[key]!r} is not "
                                            f"one of {', '.join(allowed)}")
    if raw["status"] == "proposed" and not str(raw.get("doubt", "")).strip():
        raise GlossaryError(path, line, f"concept {raw['id']!r} is proposed but says no doubt: "
                                        "write what is uncertain in doubt = \"...\"")
    preferred = _nfc_list(raw["preferred"], path, line, "preferred")
    if len(preferred) != 1:
        raise GlossaryError(path, line, f"concept {raw['id']!r}: preferred is one form; put the "
                                        "others in acceptable")
    concept = Concept(
        id=raw["id"], domain=raw["domain"], pos=raw["pos"],
        en=_nfc_list(raw["en"], path, line, "en"),
        preferred=preferred[0],
        acceptable=_nfc_list(raw.get("acceptable", []), path, line, "acceptable"),
        forbidden=_nfc_list(raw.get("forbidden", []), path, line, "forbidden"),
        note=raw["note"], source=raw["source"], confidence=raw["confidence"],
        status=raw["status"], doubt=raw.get("doubt", ""),
        required=bool(raw.get("required", True)),
        not_senses=_nfc_list(raw.get("not_senses", []), path, line, "not_senses"), line=line,
    )
    for bad in concept.forbidden:
        for good in concept.allowed:
            if bad in good:
                raise GlossaryError(path, line, f"concept {concept.id!r}: forbidden {bad!r} is part "
                                                f"of the allowed {good!r}: every use of {good!r} "
                                                "would be flagged; drop or lengthen it")
    return concept


def load_glossary(path: Path, spelling_path: Path | None = None) -> Glossary:
    """Read and validate the glossary (and the spelling word list beside it)."""
    data, text = _load_toml(path)
    name = str(path)
    lines = _table_lines(text, "concept")
    raw_concepts = data.get("concept", [])
    if not isinstance(raw_concepts, list) or not raw_concepts:
        raise GlossaryError(name, 1, "no [[concept]] entries")
    concepts = []
    ids: dict[str, int] = {}
    english: dict[str, str] = {}
    for index, raw in enumerate(raw_concepts):
        line = lines[index] if index < len(lines) else 0
        concept = parse_concept(raw, name, line)
        if concept.id in ids:
            raise GlossaryError(name, line, f"id {concept.id!r} is used twice (first at line "
                                            f"{ids[concept.id]}): ids must be unique")
        ids[concept.id] = line
        for form in concept.en:
            key = form.lower()
            if key in english and english[key] != concept.id:
                raise GlossaryError(name, line, f"English form {form!r} belongs to {english[key]!r} "
                                                f"and {concept.id!r}: keep it in one concept")
            english[key] = concept.id
        concepts.append(concept)
    meta = data.get("glossary", {})
    glossary = Glossary(name, meta.get("source_language", "en"),
                        meta.get("target_language", ""), concepts)
    if spelling_path is None:
        candidate = path.with_name("spelling.toml")
        spelling_path = candidate if candidate.is_file() else shipped_data(glossary.target_language,
                                                                          "spelling.toml")
    if spelling_path is not None:
        glossary.spelling = load_spelling(spelling_path)
    return glossary


def shipped_data(language: str, name: str) -> Path | None:
    """A data file Dalbit ships for a language (``ko-KP`` or ``ko_KP``), if there is one."""
    path = DATA_DIR / language.replace("-", "_") / name
    return path if language and path.is_file() else None


def load_spelling(path: Path) -> list[SpellingWord]:
    data, text = _load_toml(path)
    lines = _table_lines(text, "word")
    words = []
    for index, raw in enumerate(data.get("word", [])):
        line = lines[index] if index < len(lines) else 0
        for key in ("south", "north", "rule"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise GlossaryError(str(path), line, f"word has no {key}: add {key} = \"...\"")
        words.append(SpellingWord(unicodedata.normalize("NFC", raw["south"].strip()),
                                  unicodedata.normalize("NFC", raw["north"].strip()),
                                  raw["rule"], raw.get("note", ""), line))
    return words
