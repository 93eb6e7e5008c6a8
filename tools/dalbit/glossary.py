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
#: How bad a South Korean form is, worst first: ``forbidden`` (a reader is put at risk or does not
#: understand), ``warn`` (understood, but marks the text as South Korean), ``prefer`` (fine, but a
#: better word exists). A checker reports the first as an error, the other two as warnings.
LEVELS = ("forbidden", "warn", "prefer")
#: The concept field (and TOML key) that lists the forms of each level.
LEVEL_FIELDS = {"forbidden": "forbidden", "warn": "warn", "prefer": "prefer_over"}
#: Where a piece of evidence comes from: a source outside the team (a North Korean publication, a
#: dictionary, a study, reporting that quotes people inside) or the team's own research notes.
EVIDENCE_KINDS = ("outside", "own-notes")


@dataclass(frozen=True)
class Field:
    """One field of a concept, as the TOML file, the exports and the page name it."""

    name: str
    kind: str  # text | choice | forms (a list of Korean or English forms) | evidence | flag
    required: bool = False
    choices: tuple[str, ...] = ()


#: The fields of a concept, in the order the file documents and writers write them. The parser,
#: the writers (TOML, TBX, CSV) and the terminology page all read this one table.
FIELDS = (
    Field("id", "text", True),
    Field("domain", "choice", True, DOMAINS),
    Field("pos", "choice", True, PARTS_OF_SPEECH),
    Field("en", "forms", True),
    Field("preferred", "text", True),
    Field("acceptable", "forms"),
    Field("forbidden", "forms"),
    Field("warn", "forms"),
    Field("prefer_over", "forms"),
    Field("note", "text", True),
    Field("evidence", "evidence"),
    Field("confidence", "choice", True, CONFIDENCES),
    Field("status", "choice", True, STATUSES),
    Field("doubt", "text"),
    Field("not_senses", "forms"),
    Field("required", "flag"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)


class GlossaryError(InputError):
    """A glossary that cannot be used: ``file:line: what is wrong, how to fix``."""


@dataclass(frozen=True)
class Evidence:
    """Where a rendering is attested: a title (or description) and, if it has one, its address."""

    kind: str  # one of EVIDENCE_KINDS
    cite: str
    url: str = ""

    @property
    def is_outside(self) -> bool:
        return self.kind == "outside"


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
    warn: tuple[str, ...] = ()
    prefer_over: tuple[str, ...] = ()
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
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
    def avoided(self) -> tuple[str, ...]:
        """Every Korean form a translation should not use, worst level first."""
        return (*self.forbidden, *self.warn, *self.prefer_over)

    def forms_at(self, level: str) -> tuple[str, ...]:
        return getattr(self, LEVEL_FIELDS[level])

    def level_of(self, form: str) -> str | None:
        """The level of an avoided form (``forbidden``, ``warn``, ``prefer``), None if not avoided."""
        form = unicodedata.normalize("NFC", form)
        return next((level for level in LEVELS if form in self.forms_at(level)), None)

    @property
    def outside_evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.is_outside)

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
    #: ``inside_words = true``: the South form is a stem with its ending (되었, 되어), misspelt
    #: inside any word (추가되어야 -> 추가되여야), so it is found there without asking the analyzer.
    inside_words: bool = False


@dataclass
class Glossary:
    path: str
    source_language: str
    target_language: str
    concepts: list[Concept]
    spelling: list[SpellingWord] = field(default_factory=list)
    #: ``[glossary] require_outside_evidence = true``: an approved concept must cite at least one
    #: source outside the team's own notes. Glossaries written before evidence existed omit it.
    require_outside_evidence: bool = False
    #: ``[glossary] domains = [...]``: what the project's documents are about. Only the concepts
    #: of these domains are looked for in the English; every concept's avoided forms still count.
    domains: tuple[str, ...] = DOMAINS

    def looked_for(self) -> list[Concept]:
        """The concepts whose English terms a translation is checked for (see ``domains``)."""
        return [c for c in self.concepts if c.domain in self.domains]

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


def _evidence_list(value: object, path: str, line: int, concept_id: str) -> tuple[Evidence, ...]:
    example = '{ kind = "outside", cite = "title, date", url = "https://..." }'
    if not isinstance(value, list):
        raise GlossaryError(path, line, f"concept {concept_id!r}: evidence must be a list of tables like "
                                        f"[{example}]")
    entries = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("cite"), str) or not item["cite"].strip():
            raise GlossaryError(path, line, f"concept {concept_id!r}: every evidence entry needs a cite "
                                            f"(what the source is): {example}")
        if item.get("kind") not in EVIDENCE_KINDS:
            raise GlossaryError(path, line, f"concept {concept_id!r}: evidence kind = {item.get('kind')!r} "
                                            f"is not one of {', '.join(EVIDENCE_KINDS)} (outside: a "
                                            "publication, dictionary, study or report; own-notes: ours)")
        unknown = set(item) - {"kind", "cite", "url"}
        if unknown:
            raise GlossaryError(path, line, f"concept {concept_id!r}: evidence has unknown key(s) "
                                            f"{', '.join(sorted(unknown))}: use kind, cite and url")
        entries.append(Evidence(item["kind"], item["cite"].strip(), str(item.get("url", "")).strip()))
    return tuple(entries)


#: Keys a concept may have besides FIELDS: ``source``, the free-text field evidence replaced,
#: is still read (as own notes) so that older glossaries load.
LEGACY_KEYS = ("source",)


def parse_concept(raw: dict, path: str, line: int) -> Concept:
    concept_id = raw.get("id", "?")
    if "evidence" not in raw and str(raw.get("source", "")).strip():
        raw = {**raw, "evidence": [{"kind": "own-notes", "cite": str(raw["source"])}]}
    for key in REQUIRED:
        if key not in raw:
            raise GlossaryError(path, line, f"concept {concept_id!r} has no {key}: add "
                                            f"{key} = ... (see the comment at the top of the file)")
    unknown = [key for key in raw if key not in FIELD_NAMES and key not in LEGACY_KEYS]
    if unknown:
        raise GlossaryError(path, line, f"concept {concept_id!r}: unknown field {unknown[0]!r}: the fields "
                                        f"are {', '.join(FIELD_NAMES)}")
    values: dict[str, object] = {}
    for spec in FIELDS:
        if spec.name not in raw:
            continue
        value = raw[spec.name]
        if spec.kind == "choice":
            if value not in spec.choices:
                raise GlossaryError(path, line, f"concept {concept_id!r}: {spec.name} = {value!r} is not "
                                                f"one of {', '.join(spec.choices)}")
        elif spec.kind == "forms":
            value = _nfc_list(value, path, line, spec.name)
        elif spec.kind == "evidence":
            value = _evidence_list(value, path, line, concept_id)
        elif spec.kind == "flag":
            value = bool(value)
        elif spec.name == "preferred":
            forms = _nfc_list(value, path, line, "preferred")
            if len(forms) != 1:
                raise GlossaryError(path, line, f"concept {concept_id!r}: preferred is one form; put the "
                                                "others in acceptable")
            value = forms[0]
        elif not isinstance(value, str):
            raise GlossaryError(path, line, f"concept {concept_id!r}: {spec.name} must be a string")
        values[spec.name] = value
    if values["status"] == "proposed" and not str(values.get("doubt", "")).strip():
        raise GlossaryError(path, line, f"concept {concept_id!r} is proposed but says no doubt: "
                                        "write what is uncertain in doubt = \"...\"")
    concept = Concept(**values, line=line)
    seen: dict[str, str] = {}
    for level in LEVELS:
        for bad in concept.forms_at(level):
            if bad in seen:
                raise GlossaryError(path, line, f"concept {concept.id!r}: {bad!r} is listed in both "
                                                f"{LEVEL_FIELDS[seen[bad]]} and {LEVEL_FIELDS[level]}: "
                                                "keep it at one level")
            seen[bad] = level
            for good in concept.allowed:
                if bad in good:
                    raise GlossaryError(path, line, f"concept {concept.id!r}: {LEVEL_FIELDS[level]} {bad!r} "
                                                    f"is part of the allowed {good!r}: every use of {good!r} "
                                                    "would be flagged; drop or lengthen it")
    return concept


def check_evidence(concept: Concept, path: str) -> None:
    """An approved concept cites at least one source outside the team's own notes."""
    if concept.status == "approved" and not concept.outside_evidence:
        raise GlossaryError(path, concept.line, f"concept {concept.id!r} is approved but cites no source "
                                                "outside our own notes: add evidence = [{ kind = "
                                                "\"outside\", cite = \"...\", url = \"...\" }] (a North "
                                                "Korean publication, a dictionary, a study, a report quoting "
                                                "people inside), or set status = \"proposed\" and say why "
                                                "in doubt")


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
                        meta.get("target_language", ""), concepts,
                        require_outside_evidence=meta.get("require_outside_evidence", False) is True,
                        domains=_domains(meta["domains"], name, text) if "domains" in meta else DOMAINS)
    if glossary.require_outside_evidence:
        for concept in concepts:
            check_evidence(concept, name)
    if spelling_path is None:
        candidate = path.with_name("spelling.toml")
        spelling_path = candidate if candidate.is_file() else shipped_data(glossary.target_language,
                                                                          "spelling.toml")
    if spelling_path is not None:
        glossary.spelling = load_spelling(spelling_path)
    return glossary


def _domains(value: object, path: str, text: str) -> tuple[str, ...]:
    """``[glossary] domains``, checked: a list of known domains."""
    if isinstance(value, list) and value and all(domain in DOMAINS for domain in value):
        return tuple(value)
    line = next((n for n, raw in enumerate(text.splitlines(), 1) if raw.strip().startswith("domains")), 1)
    raise GlossaryError(path, line, f"domains must list some of {', '.join(DOMAINS)} (the subjects of the "
                                    "project's documents), or be left out for all of them")


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
        if not isinstance(raw.get("inside_words", False), bool):
            raise GlossaryError(str(path), line, f"inside_words = {raw['inside_words']!r} is not true or false: "
                                                 "write inside_words = true (or leave it out)")
        words.append(SpellingWord(unicodedata.normalize("NFC", raw["south"].strip()),
                                  unicodedata.normalize("NFC", raw["north"].strip()),
                                  raw["rule"], raw.get("note", ""), line, raw.get("inside_words", False)))
    return words
