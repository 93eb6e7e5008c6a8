"""The glossary exports as other tools read them: Translate Toolkit (Weblate's parser) reads the CSV
and the TBX 2008 file as English terms with Korean translations, forbidden forms marked the way
Weblate understands; the TBX-Basic file keeps to TBX-Basic's picklists and structure; every format
comes back to the same TOML through the real command."""
from __future__ import annotations

import copy
import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dalbit.glossary import load_glossary
from dalbit.glossary_io import TBX_NS, concepts_equal

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def dalbit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True)


def export(tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    result = dalbit("glossary", str(GLOSSARY), "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return out


def forbidden_pairs() -> set[tuple[str, str]]:
    return {(c.headword, form) for c in load_glossary(GLOSSARY).concepts for form in c.forbidden}


def test_translate_toolkit_reads_the_csv_as_weblate_does(tmp_path: Path) -> None:
    csvl10n = pytest.importorskip("translate.storage.csvl10n", reason="translate-toolkit is a test dependency")
    glossary = load_glossary(GLOSSARY)
    path = export(tmp_path, "glossary.csv")
    store = csvl10n.csvfile(io.BytesIO(path.read_bytes()))
    units = [u for u in store.units if not u.isheader()]
    # One unit per concept whose context is the concept's id, then one per other form.
    preferred = {u.getcontext(): u for u in units if "/" not in u.getcontext()}
    assert len(preferred) == len(glossary.concepts) >= 100
    for concept in glossary.concepts:
        unit = preferred[concept.id]
        assert (unit.source, unit.target) == (concept.headword, concept.preferred)
    # English source, Korean target (a few renderings are Latin letters, USB and the like).
    assert all(LATIN.search(u.source) for u in preferred.values())
    assert sum(bool(HANGUL.search(u.target)) for u in preferred.values()) >= 100
    assert len({(u.source, u.getcontext()) for u in units}) == len(units), "Weblate needs unique contexts"
    # Weblate marks forbidden forms by the flag `forbidden`: exactly the glossary's forbidden forms.
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0])[:6] == ["source", "target", "context", "developer_comments", "translator_comments",
                                 "flags"]
    flagged = {(r["source"], r["target"]) for r in rows if "forbidden" in r["flags"].split(",")}
    assert flagged == forbidden_pairs() and len(flagged) >= 50
    by_context = {u.getcontext(): u for u in units}
    assert {(by_context[r["context"]].source, by_context[r["context"]].target)
            for r in rows if r["flags"] == "forbidden"} == flagged


def test_translate_toolkit_reads_the_tbx2008_export(tmp_path: Path) -> None:
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is a test dependency")
    glossary = load_glossary(GLOSSARY)
    for name, extra in (("glossary.martif.tbx", ()), ("weblate.tbx", ("--format", "tbx2008"))):
        path = export(tmp_path, name, *extra)
        store = tbx.tbxfile.parsestring(path.read_bytes())
        statuses = {}
        for unit in store.units:
            terms = unit.get_target_terms("ko-KP")
            assert len(terms) == 1, unit.getid()
            statuses[(unit.source, unit.target)] = terms[0].administrative_status
            assert LATIN.search(unit.source) and unit.target, unit.getid()
        preferred = {(u.source, u.target) for u in store.units if "-variant-" not in u.getid()
                     and statuses[(u.source, u.target)] == "preferredTerm-admn-sts"}
        assert preferred == {(c.headword, c.preferred) for c in glossary.concepts}
        # Every English form is a term Weblate matches, translated by the preferred form.
        assert {(u.source, u.target) for u in store.units if "-variant-" in u.getid()} == {
            (english, c.preferred) for c in glossary.concepts for english in c.en[1:]}
        assert sum(bool(HANGUL.search(target)) for _, target in preferred) >= 100
        # Weblate: "forbidden" (or obsolete) administrative status -> the forbidden flag.
        assert {pair for pair, status in statuses.items() if status == "forbidden"} == forbidden_pairs()
        assert len(set(store.getids())) == len(store.units), "one id per entry"


TBX_BASIC_PARTS_OF_SPEECH = {"adjective", "noun", "other", "verb", "adverb"}
TBX_BASIC_STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                      "supersededTerm-admn-sts"}
#: Data categories TBX-Basic allows, by the level they sit at.
TBX_BASIC_LEVELS = {
    "conceptEntry": {("descrip", "subjectField"), ("note", None)},
    "langSec": {("descrip", "definition"), ("note", None)},
    "termSec": {("termNote", "partOfSpeech"), ("termNote", "administrativeStatus"), ("note", None)},
}


def test_tbx_basic_export_keeps_to_tbx_basic(tmp_path: Path) -> None:
    """A structural check of TBX-Basic's rules (ISO 30042:2019, DCA style): root, header, levels,
    picklists; it runs everywhere, test_tbx_basic_schema runs TBX-Basic's own schemas where they are.
    It also covers the Schematron rules lxml cannot compile (levels of definition, source, ref)."""
    glossary = load_glossary(GLOSSARY)
    root = ET.parse(export(tmp_path, "glossary.tbx")).getroot()
    t = f"{{{TBX_NS}}}"
    assert root.tag == f"{t}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.get(XML_LANG) == "en"
    assert [child.tag for child in root] == [f"{t}tbxHeader", f"{t}text"]
    assert root.find(f"{t}tbxHeader/{t}fileDesc/{t}sourceDesc/{t}p") is not None
    entries = root.findall(f"{t}text/{t}body/{t}conceptEntry")
    assert len(entries) == len(glossary.concepts) >= 100
    seen_pos = set()
    for entry in entries:
        assert entry.get("id"), "every conceptEntry has an id"
        lang_secs = entry.findall(f"{t}langSec")
        assert {s.get(XML_LANG) for s in lang_secs} == {"en", "ko-KP"}, entry.get("id")
        levels = [("conceptEntry", entry)] + [("langSec", s) for s in lang_secs] + [
            ("termSec", term_sec) for s in lang_secs for term_sec in s.findall(f"{t}termSec")]
        for level, element in levels:
            for child in element:
                name = child.tag.removeprefix(t)
                if name in ("langSec", "termSec", "term"):
                    continue
                kind = child.get("type")
                assert (name, kind) in TBX_BASIC_LEVELS[level], (entry.get("id"), level, name, kind)
        for lang_sec in lang_secs:
            term_secs = lang_sec.findall(f"{t}termSec")
            assert term_secs, entry.get("id")
            for term_sec in term_secs:
                assert term_sec[0].tag == f"{t}term" and term_sec[0].text, entry.get("id")
                for note in term_sec.findall(f"{t}termNote"):
                    picklist = (TBX_BASIC_PARTS_OF_SPEECH if note.get("type") == "partOfSpeech"
                                else TBX_BASIC_STATUSES)
                    assert note.text in picklist, (entry.get("id"), note.get("type"), note.text)
                    if note.get("type") == "partOfSpeech":
                        seen_pos.add(note.text)
    assert "noun" in seen_pos and any(c.pos == "proper-noun" for c in glossary.concepts)


#: Where the TBX-Basic dialect's schemas are read from: DALBIT_TBX_BASIC, else tests/data/tbx-basic/
#: (its README says which files of which commit, and why they are not in the repository).
TBX_BASIC_DIR = Path(os.environ.get("DALBIT_TBX_BASIC") or ROOT / "tests" / "data" / "tbx-basic")
TBX_BASIC_RNG = "TBXcoreStructV03_TBX-Basic_integrated.rng"
TBX_BASIC_SCH = "TBX-Basic_DCA.sch"
STARTER_GLOSSARY = ROOT / "tools" / "dalbit" / "data" / "ko_KP" / "glossary.toml"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"


def schematron_patterns(path: Path) -> tuple[list, list[str]]:
    """The Schematron's patterns lxml can run, one validator each, and the ids of those it cannot.

    lxml.isoschematron is ISO Schematron's skeleton for XSLT 1.0 (libxslt): it refuses a schema
    declaring queryBinding="xslt2", as TBX-Basic's does, and a few of TBX-Basic 1.2's rules are
    XPath 2: libxslt cannot compile ``parent::adminGrp/(parent::tbx:conceptEntry or ...)``, and
    it would fail on ``matches(@target, ...)`` when it ran it, which it does only on a ``@target``
    our export never writes (libxslt looks functions up at run time). Every other rule is plain
    XPath 1, so each pattern is compiled on its own under queryBinding="xslt" and the ones that do
    not compile (module.basic.admin, module.basic.descrip, module.basic.ref in TBX-Basic 1.2) are
    left out by name; test_tbx_basic_export_keeps_to_tbx_basic checks the levels they check."""
    from lxml import etree, isoschematron

    schema = etree.parse(str(path)).getroot()
    namespaces = schema.findall(f"{{{SCHEMATRON_NS}}}ns")
    runnable, refused = [], []
    for pattern in schema.findall(f"{{{SCHEMATRON_NS}}}pattern"):
        single = etree.Element(f"{{{SCHEMATRON_NS}}}schema", queryBinding="xslt")
        single.extend([copy.deepcopy(ns) for ns in namespaces] + [copy.deepcopy(pattern)])
        try:
            runnable.append((pattern.get("id"), isoschematron.Schematron(single, store_report=True)))
        except (etree.XSLTParseError, etree.XSLTApplyError, etree.SchematronParseError):
            refused.append(pattern.get("id"))
    return runnable, refused


def tbx_basic_errors(document, rng, patterns: list) -> list[str]:
    """Every complaint of the RelaxNG grammar and of the runnable Schematron patterns."""
    errors = []
    if not rng.validate(document):
        errors += [f"rng:{e.line}: {e.message}" for e in rng.error_log]
    svrl = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    for pattern_id, schematron in patterns:
        if not schematron.validate(document):
            for failed in schematron.validation_report.getroot().iterfind(".//svrl:failed-assert", svrl):
                where = document.xpath(failed.get("location"))
                line = where[0].sourceline if where else failed.get("location")
                errors.append(f"sch {pattern_id}:{line}: "
                              f"{' '.join(failed.findtext('svrl:text', '', svrl).split())}")
    return errors


def test_tbx_basic_schema(tmp_path: Path) -> None:
    """The TBX-Basic export of the book's glossary and of the starter glossary validates against
    TBX-Basic's own schemas (LTAC-Global/TBX-Basic_dialect, DCA style, namespace
    urn:iso:std:iso:30042:ed-2): the RelaxNG grammar with lxml, and the Schematron's rules that
    lxml can run (see schematron_patterns for the XPath 2 ones it cannot). A broken export, a
    picklist value outside TBX-Basic's list or a termNote after a note, fails the same check."""
    from lxml import etree

    rng_path, sch_path = TBX_BASIC_DIR / TBX_BASIC_RNG, TBX_BASIC_DIR / TBX_BASIC_SCH
    # Both or nothing: TBX-Basic 1.2's grammar checks the structure only, its Schematron the picklists.
    missing = [path.name for path in (rng_path, sch_path) if not path.is_file()]
    if missing:
        pytest.skip(f"TBX-Basic's schemas are not in {TBX_BASIC_DIR} (missing {', '.join(missing)}): "
                    "tests/data/tbx-basic/README.md says which files of which commit to put there "
                    "(or point DALBIT_TBX_BASIC at them) and why they are not in the repository")
    rng = etree.RelaxNG(etree.parse(str(rng_path)))
    patterns, refused = schematron_patterns(sch_path)
    # The picklist rules are plain XPath 1: if they stop running the check has lost its teeth.
    assert "module.min.termNote" in dict(patterns) and "dialectEnforcement" in dict(patterns), refused
    for name, source in (("book", GLOSSARY), ("starter", STARTER_GLOSSARY)):
        out = tmp_path / f"{name}.tbx"
        result = dalbit("glossary", str(source), "-o", str(out))
        assert result.returncode == 0, result.stderr
        document = etree.parse(str(out))
        errors = tbx_basic_errors(document, rng, patterns)
        assert not errors, f"{source}: {len(errors)} errors, first: {errors[:3]}"
        assert len(document.getroot().findall(f".//{{{TBX_NS}}}conceptEntry")) >= 100, source

    def broken(mutate) -> list[str]:
        document = etree.parse(str(tmp_path / "book.tbx"))
        mutate(document.getroot())
        return tbx_basic_errors(document, rng, patterns)

    pos_xpath = f".//{{{TBX_NS}}}termNote[@type='partOfSpeech']"

    def proper_noun(root) -> None:
        root.find(pos_xpath).text = "proper-noun"

    def note_first(root) -> None:
        term_sec = root.find(pos_xpath).getparent()
        term_sec.insert(1, etree.Element(f"{{{TBX_NS}}}note"))

    assert any(e.startswith("sch module.min.termNote:") for e in broken(proper_noun)), \
        "a partOfSpeech outside TBX-Basic's picklist passed"
    assert any(e.startswith("rng:") for e in broken(note_first)), "a note before a termNote passed"


@pytest.mark.parametrize("name,extra,written", [
    ("g.tbx", (), '<tbx type="TBX-Basic"'),
    ("g.martif.tbx", (), '<martif type="TBX"'),
    ("g.xml", ("--format", "tbx2008"), '<martif type="TBX"'),
    ("g.csv", (), "source,target,context,developer_comments,translator_comments,flags,"),
])
def test_every_format_comes_back_to_the_same_toml(tmp_path: Path, name: str, extra: tuple[str, ...],
                                                   written: str) -> None:
    glossary = load_glossary(GLOSSARY)
    exported = export(tmp_path, name, *extra)
    text = exported.read_text(encoding="utf-8")
    assert written in "\n".join(text.splitlines()[:2]), "the format the name asks for"
    assert "properNoun" not in text
    back = tmp_path / "back.toml"
    result = dalbit("glossary", str(exported), "-o", str(back))
    assert result.returncode == 0, result.stderr
    again = load_glossary(back).concepts
    assert len(again) == len(glossary.concepts)
    assert all(concepts_equal(a, b) for a, b in zip(glossary.concepts, again))
    assert {c.pos for c in again} == {c.pos for c in glossary.concepts} >= {"proper-noun", "verb"}
    assert any(not c.required for c in again) and any(c.acceptable for c in again)


def test_csv_import_reads_ours_and_the_older_csv_and_refuses_others(tmp_path: Path) -> None:
    plain = tmp_path / "weblate.csv"
    plain.write_text("source,target\nmobile phone,손전화\n", encoding="utf-8")
    result = dalbit("glossary", str(plain))
    assert result.returncode == 2 and f"{plain}:1:" in result.stderr and "concept" in result.stderr
    assert "Traceback" not in result.stderr
    # What `dalbit glossary -o x.csv` wrote before it followed Weblate still imports.
    old = tmp_path / "old.csv"
    old.write_text("id,domain,pos,en,preferred,acceptable,forbidden,note,source,confidence,status,doubt,required\n"
                   "seoul,places,proper-noun,Seoul|Soul,서울,,,The capital of the South.,atlas,high,approved,,\n",
                   encoding="utf-8")
    back = tmp_path / "back.toml"
    assert dalbit("glossary", str(old), "-o", str(back)).returncode == 0
    (concept,) = load_glossary(back).concepts
    assert (concept.id, concept.pos, concept.en, concept.preferred) == ("seoul", "proper-noun", ("Seoul", "Soul"), "서울")


def test_levels_travel_as_weblate_and_tbx_understand_them(tmp_path: Path) -> None:
    """Only forbidden forms are forbidden for Weblate; warn and prefer forms keep statuses that say
    "avoid" without blocking (deprecated, superseded), and every format imports the level back."""
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is a test dependency")
    glossary = load_glossary(GLOSSARY)
    pairs = {level: {(c.headword, f) for c in glossary.concepts for f in c.forms_at(level)}
             for level in ("forbidden", "warn", "prefer")}
    assert ("South Korea", "남조선") in pairs["warn"] and ("Jilin", "지린") in pairs["prefer"]
    store = tbx.tbxfile.parsestring(export(tmp_path, "g.martif.tbx").read_bytes())
    statuses = {(u.source, u.target): u.get_target_terms("ko-KP")[0].administrative_status for u in store.units}
    assert {statuses[p] for p in pairs["warn"]} == {"deprecatedTerm-admn-sts"}
    assert {statuses[p] for p in pairs["prefer"]} == {"supersededTerm-admn-sts"}
    rows = list(csv.DictReader(io.StringIO(export(tmp_path, "g.csv").read_text(encoding="utf-8"))))
    warned = [r for r in rows if r["kind"] == "warn"]
    assert {(r["source"], r["target"]) for r in warned} == pairs["warn"]
    assert all(not r["flags"] and "marks the text as South Korean" in r["developer_comments"] for r in warned)
    # TBX-Basic has one "avoid" status, deprecated: the termSec's note tells warn from forbidden.
    root = ET.parse(export(tmp_path, "g.tbx")).getroot()
    t = f"{{{TBX_NS}}}"
    noted = {ts.findtext(f"{t}term") for ts in root.iter(f"{t}termSec")
             if ts.findtext(f"{t}note") == 'level: "warn"'}
    assert noted == {form for _, form in pairs["warn"]}
    for name in ("g.tbx", "g.martif.tbx", "g.csv"):
        back = tmp_path / f"{name}.toml"
        assert dalbit("glossary", str(tmp_path / name), "-o", str(back)).returncode == 0
        again = load_glossary(back).by_id()
        assert again["south-korea"].level_of("남조선") == "warn", name
        assert again["jilin"].level_of("지린") == "prefer", name
        assert again["south-korea"].level_of("괴뢰") == "forbidden", name
        assert again["television"].outside_evidence == glossary.by_id()["television"].outside_evidence, name
