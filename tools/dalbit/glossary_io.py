"""Glossary interchange: TBX-Basic, TBX 2008 and Weblate's CSV, both ways.

- TBX-Basic (ISO 30042:2019, ``<tbx type="TBX-Basic">``): for OmegaT, Trados, memoQ. It follows
  TBX-Basic's picklists: a proper noun is a ``noun`` with the note ``pos: "proper-noun"``.
- TBX 2008 (``<martif>``): what Translate Toolkit and Weblate read. Weblate takes one termEntry as
  one term with one translation, so each Korean form is an entry of its own, and a forbidden form has
  the administrative status ``forbidden`` (the word Weblate looks for).
- CSV: Weblate's glossary CSV (``source,target,context,developer_comments,translator_comments,flags``),
  one row per Korean form, forbidden forms with the ``forbidden`` flag; the columns after ``flags``
  keep what Weblate has no column for, so the file imports back to TOML as it was.

Levels of avoided forms: only ``forbidden`` ones are forbidden for Weblate (status ``forbidden``,
flag ``forbidden``). ``warn`` forms are deprecated terms (TBX-Basic: deprecated with the note
``level: "warn"``), ``prefer`` forms superseded ones; in the CSV both say so in the explanation.

Export then import gives back the same concepts (``concepts_equal``); fields TBX has no element
for (evidence, confidence, status, doubt, required) travel as ``<note>key: json</note>``.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from dalbit.glossary import (
    DOMAINS, FIELD_NAMES, LEVEL_FIELDS, LEVELS, Concept, Evidence, Glossary, GlossaryError, parse_concept,
)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Each kind of Korean form (preferred, acceptable, then the levels of avoided forms) -> its TBX
#: administrative status. TBX-Basic's picklist has no third "avoid" status: a warn form is deprecated
#: like a forbidden one, told apart by the note ``level: "warn"`` on its termSec.
STATUS = {"preferred": "preferredTerm-admn-sts", "acceptable": "admittedTerm-admn-sts",
          "forbidden": "deprecatedTerm-admn-sts", "warn": "deprecatedTerm-admn-sts",
          "prefer": "supersededTerm-admn-sts"}
#: TBX 2008 for Weblate: Weblate marks a term forbidden only when its status is "forbidden", which
#: only real forbidden forms get; warn and prefer forms keep statuses Weblate shows but lets pass.
STATUS_2008 = {**STATUS, "forbidden": "forbidden"}
#: Our part of speech -> TBX-Basic's; what has no value of its own travels in a note.
TBX_POS = {"noun": "noun", "verb": "verb", "adjective": "adjective", "proper-noun": "noun"}
#: Concept fields TBX has an element for; the others travel as notes.
TBX_ELEMENT_FIELDS = ("id", "domain", "pos", "en", "preferred", "acceptable", *LEVEL_FIELDS.values(), "note")
NOTE_FIELDS = tuple(name for name in FIELD_NAMES if name not in TBX_ELEMENT_FIELDS)
#: Weblate's glossary columns, then ours (what Weblate has no column for).
WEBLATE_FIELDS = ("source", "target", "context", "developer_comments", "translator_comments", "flags")
DALBIT_FIELDS = ("concept", "kind", "domain", "pos", "evidence", "confidence", "status", "required", "not_senses")
#: Kinds of CSV row: the preferred form, an English variant, then the Korean forms by kind.
CSV_KINDS = ("preferred", "variant", "acceptable", *LEVELS)
CSV_FIELDS = WEBLATE_FIELDS + DALBIT_FIELDS
#: The CSV this module wrote before it followed Weblate (still read).
OLD_CSV_FIELDS = ("id", "domain", "pos", "en", "preferred", "acceptable", "forbidden", "note", "source",
                  "confidence", "status", "doubt", "required")
LIST_SEPARATOR = "|"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _plain(value: object) -> object:
    """A field's value as JSON and TOML hold it: evidence as tables, tuples as lists."""
    if isinstance(value, Evidence):
        return {"kind": value.kind, "cite": value.cite, **({"url": value.url} if value.url else {})}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _note_fields(concept: Concept) -> list[tuple[str, object]]:
    """Concept fields TBX has no element for, as (key, value) for ``<note>key: json</note>``."""
    fields = [(key, _plain(getattr(concept, key))) for key in NOTE_FIELDS
              if getattr(concept, key) not in ("", True, ())]
    if TBX_POS[concept.pos] != concept.pos:
        fields.append(("pos", concept.pos))
    return fields


def _read_notes(entry: ET.Element, tag: str, raw: dict) -> None:
    for note in entry.iterfind(tag):
        key, _, value = (note.text or "").partition(": ")
        if key in (*NOTE_FIELDS, "pos", "concept", "kind", "source"):
            try:
                raw[key] = json.loads(value)
            except json.JSONDecodeError:
                continue


def _xml_text(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_tbx(glossary: Glossary) -> str:
    """TBX-Basic: one conceptEntry per concept, every form a termSec with its status."""
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: glossary.source_language,
                              "xmlns": TBX_NS})
    header = _sub(root, "tbxHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "sourceDesc"), "p", "Dalbit terminology glossary")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary.concepts:
        entry = _sub(body, "conceptEntry", id=concept.id)
        _sub(entry, "descrip", concept.domain, type="subjectField")
        for key, value in _note_fields(concept):
            _sub(entry, "note", f"{key}: {json.dumps(value, ensure_ascii=False)}")
        english = _sub(entry, "langSec", **{XML_LANG: glossary.source_language})
        # TBX-Basic puts a definition in a language section, not on the concept.
        _sub(english, "descrip", concept.note, type="definition")
        for form in concept.en:
            term_sec = _sub(english, "termSec")
            _sub(term_sec, "term", form)
            _sub(term_sec, "termNote", TBX_POS[concept.pos], type="partOfSpeech")
        korean = _sub(entry, "langSec", **{XML_LANG: glossary.target_language})
        for kind, forms in _korean_forms(concept):
            for form in forms:
                term_sec = _sub(korean, "termSec")
                _sub(term_sec, "term", form)
                _sub(term_sec, "termNote", TBX_POS[concept.pos], type="partOfSpeech")
                _sub(term_sec, "termNote", STATUS[kind], type="administrativeStatus")
                if kind == "warn":
                    _sub(term_sec, "note", 'level: "warn"')
    return _xml_text(root)


def _korean_forms(concept: Concept) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, forms): preferred, acceptable, then each level of avoided forms, worst first."""
    return (("preferred", (concept.preferred,)), ("acceptable", concept.acceptable),
            *((level, concept.forms_at(level)) for level in LEVELS))


def _other_forms(concept: Concept) -> list[tuple[str, int, str, str]]:
    """(kind, number, English, Korean) for the entries or rows after a concept's first: each English
    variant with the preferred form, then each other Korean form with the headword; numbered within its kind."""
    variants = [("variant", n, english, concept.preferred) for n, english in enumerate(concept.en[1:], 1)]
    return variants + [(kind, n, concept.headword, form) for kind, forms in _korean_forms(concept)[1:]
                       for n, form in enumerate(forms, 1)]


def _kind_of(status: str | None, table: dict[str, str], level_note: str | None = None) -> str:
    """The kind of Korean form a TBX status (and a termSec's ``level`` note) stands for."""
    status = (status or "").strip()
    if level_note == "warn" and status == table["warn"]:
        return "warn"
    return next((kind for kind, value in table.items() if value == status), "acceptable")


def _add_form(raw: dict, kind: str, term: str) -> None:
    if kind == "preferred" and "preferred" not in raw:
        raw["preferred"] = term
    else:
        key = LEVEL_FIELDS.get(kind, "acceptable")
        raw.setdefault(key, []).append(term)


def _pos_of(tbx_pos: str | None) -> str:
    return tbx_pos if tbx_pos in ("noun", "verb", "adjective") else "noun"


def _finish(raw: dict, path: str, line: int) -> Concept:
    raw.setdefault("status", "proposed")
    raw.setdefault("confidence", "low")
    raw.setdefault("note", "")
    return parse_concept(raw, path, line)


def from_tbx(text: str, path: str = "<tbx>") -> Glossary:
    """Read TBX-Basic (``<tbx>``) or TBX 2008 (``<martif>``)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise GlossaryError(path, error.position[0], f"not well-formed XML: {error}") from None
    if root.tag == "martif":
        return _from_tbx2008(root, path)
    if root.tag != f"{{{TBX_NS}}}tbx":
        raise GlossaryError(path, 1, f"root element is {root.tag!r}: expected TBX (<tbx> of ISO 30042:2019 "
                                     "or <martif> of TBX 2008)")
    ns = {"t": TBX_NS}
    source_language = root.get(XML_LANG, "en")
    target_language = ""
    concepts = []
    for index, entry in enumerate(root.iterfind(".//t:conceptEntry", ns)):
        raw: dict = {"id": entry.get("id", f"concept-{index + 1}"), "en": [], "acceptable": [],
                     "forbidden": []}
        # Definitions sit in a langSec (TBX-Basic) or, from older exports, on the concept.
        for descrip in entry.iterfind(".//t:descrip", ns):
            key = {"subjectField": "domain", "definition": "note"}.get(descrip.get("type", ""))
            if key:
                raw[key] = descrip.text or ""
        _read_notes(entry, f"{{{TBX_NS}}}note", raw)
        for lang_sec in entry.iterfind("t:langSec", ns):
            language = lang_sec.get(XML_LANG, "")
            for term_sec in lang_sec.iterfind("t:termSec", ns):
                term = term_sec.findtext("t:term", "", ns)
                notes = {n.get("type"): n.text for n in term_sec.iterfind("t:termNote", ns)}
                raw.setdefault("pos", _pos_of(notes.get("partOfSpeech")))
                if language == source_language:
                    raw["en"].append(term)
                    continue
                target_language = target_language or language
                level = next((json.loads(n.text.partition(": ")[2]) for n in term_sec.iterfind("t:note", ns)
                              if (n.text or "").startswith("level: ")), None)
                _add_form(raw, _kind_of(notes.get("administrativeStatus"), STATUS, level), term)
        concepts.append(_finish(raw, path, 0))
    return Glossary(path, source_language, target_language, concepts)


def to_tbx2008(glossary: Glossary) -> str:
    """TBX 2008 (``<martif>``) as Translate Toolkit and Weblate read it: Weblate takes one termEntry
    as one English term with one translation, so the preferred form comes first with the concept's
    fields, then one entry per English variant (so that Weblate matches it too) and per other Korean
    form, each naming its concept in ``<note>concept: "id"</note>``."""
    root = ET.Element("martif", {"type": "TBX", XML_LANG: glossary.source_language})
    file_desc = _sub(_sub(root, "martifHeader"), "fileDesc")
    _sub(_sub(file_desc, "sourceDesc"), "p", "Dalbit terminology glossary")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary.concepts:
        for kind, number, english, korean in [("preferred", 1, concept.headword, concept.preferred),
                                              *_other_forms(concept)]:
            entry_id = concept.id if kind == "preferred" else f"{concept.id}-{kind}-{number}"
            entry = _sub(body, "termEntry", id=entry_id)
            if kind == "preferred":
                _sub(entry, "descrip", concept.domain, type="subjectField")
                # Weblate shows a termEntry's <descrip> as the term's explanation.
                _sub(entry, "descrip", concept.note, type="definition")
                for key, value in _note_fields(concept):
                    _sub(entry, "note", f"{key}: {json.dumps(value, ensure_ascii=False)}")
            else:
                _sub(entry, "note", f"concept: {json.dumps(concept.id, ensure_ascii=False)}")
                if kind == "variant":
                    _sub(entry, "note", 'kind: "variant"')
            tig = _sub(_sub(entry, "langSet", **{XML_LANG: glossary.source_language}), "tig")
            _sub(tig, "term", english)
            _sub(tig, "termNote", TBX_POS[concept.pos], type="partOfSpeech")
            tig = _sub(_sub(entry, "langSet", **{XML_LANG: glossary.target_language}), "tig")
            _sub(tig, "term", korean)
            _sub(tig, "termNote", STATUS_2008["preferred" if kind == "variant" else kind],
                 type="administrativeStatus")
    return _xml_text(root)


def _from_tbx2008(root: ET.Element, path: str) -> Glossary:
    source_language = root.get(XML_LANG, "en")
    target_language = ""
    raws: dict[str, dict] = {}
    for index, entry in enumerate(root.iterfind(".//termEntry")):
        fields: dict = {}
        _read_notes(entry, "note", fields)
        concept_id = fields.pop("concept", None) or entry.get("id", f"concept-{index + 1}")
        variant = fields.pop("kind", None) == "variant"  # an English form only: its Korean is the preferred
        raw = raws.setdefault(concept_id, {"id": concept_id, "en": [], "acceptable": [], "forbidden": []})
        raw.update(fields)
        for descrip in entry.iterfind(".//descrip"):
            key = {"subjectField": "domain", "definition": "note"}.get(descrip.get("type", ""))
            if key:
                raw[key] = descrip.text or ""
        for lang_set in entry.iterfind("langSet"):
            language = lang_set.get(XML_LANG, "")
            for tig in lang_set.iterfind("tig"):
                term = tig.findtext("term", "")
                notes = {n.get("type"): n.text for n in tig.iterfind("termNote")}
                if language == source_language:
                    raw.setdefault("pos", _pos_of(notes.get("partOfSpeech")))
                    if term not in raw["en"]:
                        raw["en"].append(term)
                    continue
                target_language = target_language or language
                if variant:
                    continue
                _add_form(raw, _kind_of(notes.get("administrativeStatus"), STATUS_2008), term)
    concepts = [_finish(raw, path, 0) for raw in raws.values()]
    return Glossary(path, source_language, target_language, concepts)


def to_csv(glossary: Glossary) -> str:
    """Weblate's glossary CSV: one row per Korean form (and per English variant), each with a
    context of its own so that Weblate keeps them apart; forbidden forms carry the flag
    ``forbidden``. The concept's fields ride on its preferred row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for concept in glossary.concepts:
        writer.writerow({
            "source": concept.headword, "target": concept.preferred, "context": concept.id,
            "developer_comments": concept.note, "translator_comments": concept.doubt, "flags": "",
            "concept": concept.id, "kind": "preferred", "domain": concept.domain, "pos": concept.pos,
            "evidence": json.dumps(_plain(concept.evidence), ensure_ascii=False) if concept.evidence else "",
            "confidence": concept.confidence, "status": concept.status,
            "required": "true" if concept.required else "false",
            "not_senses": LIST_SEPARATOR.join(concept.not_senses)})
        for kind, number, english, korean in _other_forms(concept):
            writer.writerow({"source": english, "target": korean, "context": f"{concept.id}/{kind}/{number}",
                             "developer_comments": CSV_EXPLANATIONS.get(kind, "").format(concept.preferred),
                             "flags": "forbidden" if kind == "forbidden" else "",
                             "concept": concept.id, "kind": kind})
    return out.getvalue()


#: What Weblate shows beside a warn or prefer form, which it does not flag (only forbidden it does).
CSV_EXPLANATIONS = {
    "warn": "Avoid (warn): understood, but marks the text as South Korean; write {0}.",
    "prefer": "Avoid (prefer): understood, but {0} is the better word.",
}


def from_csv(text: str, path: str = "<csv>", target_language: str = "ko-KP") -> Glossary:
    """Read the CSV ``to_csv`` writes (and the older ``id,domain,pos,en,preferred,...`` one)."""
    reader = csv.DictReader(io.StringIO(text))
    fieldnames = reader.fieldnames or []
    if "preferred" in fieldnames:
        return _from_old_csv(reader, path, target_language)
    missing = [f for f in ("source", "target", "concept", "kind") if f not in fieldnames]
    if missing:
        raise GlossaryError(path, 1, f"CSV header lacks {', '.join(missing)}: the first line must name "
                                     f"the columns ({', '.join(CSV_FIELDS)}), as `dalbit glossary -o x.csv` "
                                     "writes them")
    raws: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for row in reader:
        concept_id, kind = row.get("concept") or "", row.get("kind") or ""
        if not concept_id or kind not in CSV_KINDS:
            raise GlossaryError(path, reader.line_num, f"row names no concept or an unknown kind {kind!r}: "
                                                       f"kind is one of {', '.join(CSV_KINDS)}")
        raw = raws.setdefault(concept_id, {"id": concept_id, "en": [], "acceptable": [], "forbidden": []})
        if kind == "preferred":
            lines[concept_id] = reader.line_num
            raw["en"].insert(0, row["source"])
            raw["preferred"] = row["target"]
            for column, key in (("developer_comments", "note"), ("translator_comments", "doubt"),
                                ("domain", "domain"), ("pos", "pos"), ("citation", "source"),
                                ("confidence", "confidence"), ("status", "status")):
                if row.get(column) not in (None, ""):
                    raw[key] = row[column]  # citation: the free-text source older exports wrote
            if row.get("evidence"):
                try:
                    raw["evidence"] = json.loads(row["evidence"])
                except json.JSONDecodeError:
                    raise GlossaryError(path, reader.line_num, "the evidence column is not JSON: write it "
                                                               'as [{"kind": "outside", "cite": "..."}]') from None
            raw["required"] = (row.get("required") or "true").lower() != "false"
            if row.get("not_senses"):
                raw["not_senses"] = [v for v in row["not_senses"].split(LIST_SEPARATOR) if v]
        elif kind == "variant":
            raw["en"].append(row["source"])
        else:
            _add_form(raw, kind, row["target"])
    concepts = [_finish(raw, path, lines.get(concept_id, 0)) for concept_id, raw in raws.items()]
    return Glossary(path, "en", target_language, concepts)


def _from_old_csv(reader: csv.DictReader, path: str, target_language: str) -> Glossary:
    concepts = []
    for row in reader:
        raw: dict = {k: v for k, v in row.items() if k in OLD_CSV_FIELDS and v not in (None, "")}
        for key in ("en", "acceptable", "forbidden"):
            if key in raw:
                raw[key] = [v for v in raw[key].split(LIST_SEPARATOR) if v]
        if "required" in raw:
            raw["required"] = raw["required"].lower() != "false"
        concepts.append(parse_concept(raw, path, reader.line_num))
    return Glossary(path, "en", target_language, concepts)


def _toml_value(value: object) -> str:
    # JSON strings are valid TOML basic strings for the text a glossary holds.
    if isinstance(value, Evidence):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in _plain(value).items()) + " }"
    if isinstance(value, tuple) and value and isinstance(value[0], Evidence):
        # One source a line: each is read, and changed, on its own.
        return "[\n" + "".join(f"  {_toml_value(v)},\n" for v in value) + "]"
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def to_toml(glossary: Glossary, header: str = "") -> str:
    """The glossary in the file format Dalbit reads, fields in the documented order."""
    lines = [header.rstrip("\n")] if header else []
    lines += ["[glossary]", f"source_language = {_toml_value(glossary.source_language)}",
              f"target_language = {_toml_value(glossary.target_language)}"]
    if glossary.require_outside_evidence:
        lines.append("require_outside_evidence = true")
    if glossary.domains != DOMAINS:
        lines.append(f"domains = {_toml_value(list(glossary.domains))}")
    lines.append("")
    for concept in glossary.concepts:
        lines.append("[[concept]]")
        for key in FIELD_NAMES:
            value = getattr(concept, key)
            if value in ((), "") or (key == "required" and value is True):
                continue
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def concepts_equal(a: Concept, b: Concept) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in FIELD_NAMES)


#: Output formats by name, and the file names that choose them.
WRITERS = {"tbx": to_tbx, "tbx2008": to_tbx2008, "csv": to_csv, "toml": to_toml}


def format_for(output: str) -> str:
    """The output format a file name asks for: ``x.martif.tbx`` is TBX 2008, ``x.tbx`` TBX-Basic."""
    name = Path(output).name.lower()
    if name.endswith(".martif.tbx"):
        return "tbx2008"
    return Path(name).suffix.lstrip(".")


def read_any(path: Path) -> Glossary:
    """Read a glossary from TOML, TBX (TBX-Basic or TBX 2008) or CSV, by file extension."""
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
