"""Glossary interchange: TBX (ISO 30042, TBX-Basic dialect) and CSV, both ways.

TBX is what Weblate, OmegaT, Trados and memoQ import; CSV is for
spreadsheets and Poedit users. Export then import gives back the same
concepts; fields TBX-Basic has no element for (confidence, status, doubt,
required) travel as ``<note>key: value</note>``.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from dalbit.glossary import Concept, Glossary, GlossaryError, parse_concept

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"preferred": "preferredTerm-admn-sts", "acceptable": "admittedTerm-admn-sts",
          "forbidden": "deprecatedTerm-admn-sts"}
#: Our part of speech -> TBX-Basic's picklist value.
TBX_POS = {"noun": "noun", "verb": "verb", "adjective": "adjective", "proper-noun": "properNoun"}
NOTE_FIELDS = ("confidence", "status", "doubt", "required", "source")
CSV_FIELDS = ("id", "domain", "pos", "en", "preferred", "acceptable", "forbidden", "note", "source",
              "confidence", "status", "doubt", "required")
LIST_SEPARATOR = "|"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def to_tbx(glossary: Glossary) -> str:
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: glossary.source_language,
                              "xmlns": TBX_NS})
    header = _sub(root, "tbxHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "sourceDesc"), "p", "Dalbit terminology glossary")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary.concepts:
        entry = _sub(body, "conceptEntry", id=concept.id)
        _sub(entry, "descrip", concept.domain, type="subjectField")
        _sub(entry, "descrip", concept.note, type="definition")
        for key in NOTE_FIELDS:
            value = getattr(concept, key)
            if value not in ("", True) or key == "source":
                _sub(entry, "note", f"{key}: {json.dumps(value, ensure_ascii=False)}")
        english = _sub(entry, "langSec", **{XML_LANG: glossary.source_language})
        for form in concept.en:
            term_sec = _sub(english, "termSec")
            _sub(term_sec, "term", form)
            _sub(term_sec, "termNote", TBX_POS[concept.pos], type="partOfSpeech")
        korean = _sub(entry, "langSec", **{XML_LANG: glossary.target_language})
        for kind, forms in (("preferred", (concept.preferred,)), ("acceptable", concept.acceptable),
                            ("forbidden", concept.forbidden)):
            for form in forms:
                term_sec = _sub(korean, "termSec")
                _sub(term_sec, "term", form)
                _sub(term_sec, "termNote", TBX_POS[concept.pos], type="partOfSpeech")
                _sub(term_sec, "termNote", STATUS[kind], type="administrativeStatus")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def from_tbx(text: str, path: str = "<tbx>") -> Glossary:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise GlossaryError(path, error.position[0], f"not well-formed XML: {error}") from None
    ns = {"t": TBX_NS}
    source_language = root.get(XML_LANG, "en")
    target_language = ""
    concepts = []
    for index, entry in enumerate(root.iterfind(".//t:conceptEntry", ns)):
        raw: dict = {"id": entry.get("id", f"concept-{index + 1}"), "en": [], "acceptable": [],
                     "forbidden": []}
        for descrip in entry.iterfind("t:descrip", ns):
            key = {"subjectField": "domain", "definition": "note"}.get(descrip.get("type", ""))
            if key:
                raw[key] = descrip.text or ""
        for note in entry.iterfind("t:note", ns):
            key, _, value = (note.text or "").partition(": ")
            if key in NOTE_FIELDS:
                raw[key] = json.loads(value)
        for lang_sec in entry.iterfind("t:langSec", ns):
            language = lang_sec.get(XML_LANG, "")
            for term_sec in lang_sec.iterfind("t:termSec", ns):
                term = term_sec.findtext("t:term", "", ns)
                notes = {n.get("type"): n.text for n in term_sec.iterfind("t:termNote", ns)}
                pos = notes.get("partOfSpeech", "noun")
                raw.setdefault("pos", {v: k for k, v in TBX_POS.items()}.get(pos, "noun"))
                if language == source_language:
                    raw["en"].append(term)
                    continue
                target_language = target_language or language
                status = notes.get("administrativeStatus", STATUS["acceptable"])
                kind = next((k for k, v in STATUS.items() if v == status), "acceptable")
                if kind == "preferred" and "preferred" not in raw:
                    raw["preferred"] = term
                else:
                    raw["forbidden" if kind == "forbidden" else "acceptable"].append(term)
        raw.setdefault("status", "proposed")
        raw.setdefault("confidence", "low")
        raw.setdefault("source", "")
        concepts.append(parse_concept(raw, path, 0))
    return Glossary(path, source_language, target_language, concepts)


def to_csv(glossary: Glossary) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for concept in glossary.concepts:
        row = {}
        for key in CSV_FIELDS:
            value = getattr(concept, key)
            row[key] = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else (
                str(value).lower() if isinstance(value, bool) else value)
        writer.writerow(row)
    return out.getvalue()


def from_csv(text: str, path: str = "<csv>", target_language: str = "ko-KP") -> Glossary:
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in ("id", "en", "preferred") if f not in (reader.fieldnames or [])]
    if missing:
        raise GlossaryError(path, 1, f"CSV header lacks {', '.join(missing)}: the first line must name "
                                     f"the columns ({', '.join(CSV_FIELDS)})")
    concepts = []
    for row in reader:
        raw: dict = {k: v for k, v in row.items() if k in CSV_FIELDS and v not in (None, "")}
        for key in ("en", "acceptable", "forbidden"):
            if key in raw:
                raw[key] = [v for v in raw[key].split(LIST_SEPARATOR) if v]
        if "required" in raw:
            raw["required"] = raw["required"].lower() != "false"
        concepts.append(parse_concept(raw, path, reader.line_num))
    return Glossary(path, "en", target_language, concepts)


def _toml_value(value: object) -> str:
    # JSON strings are valid TOML basic strings for the text a glossary holds.
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def to_toml(glossary: Glossary, header: str = "") -> str:
    """The glossary in the file format Dalbit reads, fields in the documented order."""
    lines = [header.rstrip("\n")] if header else []
    lines += ["[glossary]", f"source_language = {_toml_value(glossary.source_language)}",
              f"target_language = {_toml_value(glossary.target_language)}", ""]
    for concept in glossary.concepts:
        lines.append("[[concept]]")
        for key in ("id", "domain", "pos", "en", "preferred", "acceptable", "forbidden", "note", "source",
                    "confidence", "status", "doubt", "required"):
            value = getattr(concept, key)
            if value in ((), "") or (key == "required" and value is True):
                continue
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def concepts_equal(a: Concept, b: Concept) -> bool:
    fields = ("id", "domain", "pos", "en", "preferred", "acceptable", "forbidden", "note", "source",
              "confidence", "status", "doubt", "required")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def read_any(path: Path) -> Glossary:
    """Read a glossary from TOML, TBX or CSV, by file extension."""
    from dalbit.glossary import load_glossary

    suffix = path.suffix.lower()
    if suffix == ".toml":
        return load_glossary(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(str(path), 0, f"cannot read: {error}") from None
    if suffix in (".tbx", ".xml"):
        return from_tbx(text, str(path))
    if suffix == ".csv":
        return from_csv(text, str(path))
    raise GlossaryError(str(path), 0, "unknown glossary format: use .toml, .tbx or .csv")
