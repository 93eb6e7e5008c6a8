"""The glossary data: it loads, it is big enough, and it survives TBX and CSV both ways."""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from dalbit.glossary import DOMAINS, FIELD_NAMES, GlossaryError, load_glossary, shipped_data
from dalbit.po.reader import read_catalog
from dalbit.glossary_io import (TBX_NS, concepts_equal, from_csv, from_tbx, to_csv, to_tbx, to_tbx2008,
                                 to_toml)

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"


def test_project_glossary_covers_the_domains() -> None:
    glossary = load_glossary(GLOSSARY)
    assert len(glossary.concepts) >= 100
    per_domain = Counter(c.domain for c in glossary.concepts)
    assert set(per_domain) == set(DOMAINS) and min(per_domain.values()) >= 10
    assert all(c.doubt for c in glossary.concepts if c.status == "proposed")
    assert len(glossary.spelling) >= 50


def test_tbx_and_csv_round_trip(tmp_path: Path) -> None:
    glossary = load_glossary(GLOSSARY)
    tbx = to_tbx(glossary)
    root = ET.fromstring(tbx)
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic"
    assert len(root.findall(f".//{{{TBX_NS}}}conceptEntry")) == len(glossary.concepts)
    for back in (from_tbx(tbx), from_tbx(to_tbx2008(glossary)), from_csv(to_csv(glossary))):
        assert len(back.concepts) == len(glossary.concepts)
        assert all(concepts_equal(a, b) for a, b in zip(glossary.concepts, back.concepts))
    again = tmp_path / "glossary.toml"
    again.write_text(to_toml(from_tbx(tbx)), encoding="utf-8")
    assert all(concepts_equal(a, b) for a, b in zip(glossary.concepts, load_glossary(again).concepts))


def test_cli_converts_and_reports_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "g.tbx"
    run = lambda *a: subprocess.run([sys.executable, "-m", "dalbit.cli", *a], capture_output=True, text=True)  # noqa: E731
    assert run("glossary", str(GLOSSARY), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").count("<conceptEntry") >= 100
    broken = tmp_path / "broken.toml"
    broken.write_text('[[concept]]\nid = "a"\nid = "b"\n', encoding="utf-8")
    result = run("glossary", str(broken))
    assert result.returncode == 2 and f"{broken}:3:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("body,message", [
    ('[[concept]]\nid = "a"\n', "has no domain"),
    ('[[concept]]\nid = "a"\ndomain = "media"\npos = "noun"\nen = ["a"]\npreferred = "가"\n'
     'forbidden = ["가"]\nnote = ""\nsource = ""\nconfidence = "high"\nstatus = "approved"\n', "is part of"),
    ('[[concept]]\nid = "a"\ndomain = "media"\npos = "noun"\nen = ["a"]\npreferred = "가"\n'
     'note = ""\nsource = ""\nconfidence = "low"\nstatus = "proposed"\n', "says no doubt"),
])
def test_bad_glossary_says_where_and_why(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text("\n\n" + body, encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    assert message in str(error.value) and str(error.value).startswith(f"{path}:3:")


# --- levels, evidence, the one field table -------------------------------------------------------

STARTER = ROOT / "tools" / "dalbit" / "data" / "ko_KP" / "glossary.toml"
OUTSIDE = '{ kind = "outside", cite = "Daily NK 2023-07-19", url = "https://www.dailynk.com/20230719-4/" }'


def concept_toml(extra: str = "", status: str = 'status = "approved"',
                 evidence: str = f"evidence = [{OUTSIDE}]") -> str:
    return ('[glossary]\nrequire_outside_evidence = true\n\n[[concept]]\nid = "korea"\ndomain = "places"\n'
            'pos = "proper-noun"\nen = ["North Korea"]\npreferred = "조선"\n' + extra +
            f'note = "Why."\n{evidence}\nconfidence = "high"\n{status}\n')


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    return path, load_glossary(path)


def test_each_avoided_form_has_its_level(tmp_path: Path) -> None:
    _, glossary = load_text(tmp_path, concept_toml('forbidden = ["괴뢰"]\nwarn = ["북한", "북측"]\n'
                                                   'prefer_over = ["북조선"]\n'))
    (concept,) = glossary.concepts
    assert [concept.level_of(f) for f in ("괴뢰", "북한", "북측", "북조선", "조선", "서울")] == \
        ["forbidden", "warn", "warn", "prefer", None, None]
    assert concept.avoided == ("괴뢰", "북한", "북측", "북조선")
    # NFD input (as some editors on macOS save it) finds the same level.
    assert concept.level_of(unicodedata.normalize("NFD", "북한")) == "warn"


@pytest.mark.parametrize("extra,message", [
    ('forbidden = ["북한"]\nwarn = ["북한"]\n', "in both forbidden and warn"),
    ('prefer_over = ["조"]\n', "prefer_over '조' is part of the allowed '조선'"),
    ('warn = "북한"\nwarning = ["북측"]\n', "unknown field 'warning'"),
])
def test_bad_levels_say_where_and_why(tmp_path: Path, extra: str, message: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(concept_toml(extra), encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    assert message in str(error.value) and str(error.value).startswith(f"{path}:4:")


def test_an_approved_concept_needs_an_outside_source(tmp_path: Path) -> None:
    path, glossary = load_text(tmp_path, concept_toml())
    assert glossary.concepts[0].outside_evidence[0].url == "https://www.dailynk.com/20230719-4/"
    own = 'evidence = [{ kind = "own-notes", cite = "nk-terminology.md draft (M)" }]'
    for evidence in (own, 'source = "nk-terminology.md draft (M)"', ""):
        path.write_text(concept_toml(evidence=evidence), encoding="utf-8")
        with pytest.raises(GlossaryError) as error:
            load_glossary(path)
        assert str(error.value).startswith(f"{path}:4: concept 'korea' is approved but cites no source "
                                           "outside our own notes"), str(error.value)
        assert 'status = "proposed"' in str(error.value)
        # Proposed, with its doubt, it loads: that is where unsupported renderings belong.
        path.write_text(concept_toml(status='status = "proposed"\ndoubt = "No outside source yet."',
                                     evidence=evidence), encoding="utf-8")
        assert load_glossary(path).concepts[0].status == "proposed"
    # A glossary that does not ask for it (one written before evidence existed) still loads.
    path.write_text(concept_toml(evidence=own).replace("require_outside_evidence = true\n", ""), encoding="utf-8")
    assert load_glossary(path).concepts[0].evidence[0].kind == "own-notes"
    path.write_text(concept_toml(evidence='evidence = [{ kind = "hearsay", cite = "x" }]'), encoding="utf-8")
    with pytest.raises(GlossaryError, match="kind = 'hearsay' is not one of outside, own-notes"):
        load_glossary(path)


def test_dalbit_check_refuses_an_approved_concept_without_outside_source(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "ko_KP"
    (folder / "LC_MESSAGES").mkdir(parents=True)
    (folder / "LC_MESSAGES" / "page.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "North Korea"\nmsgstr "조선"\n', encoding="utf-8")
    glossary = folder / "glossary.toml"
    glossary.write_text(concept_toml(evidence='evidence = [{ kind = "own-notes", cite = "ours" }]'),
                        encoding="utf-8")
    run = lambda: subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(folder / "LC_MESSAGES")],  # noqa: E731
                                 capture_output=True, text=True)
    result = run()
    assert result.returncode == 2 and f"{glossary}:4: concept 'korea' is approved but cites no source" \
        in result.stderr and "Traceback" not in result.stderr
    glossary.write_text(concept_toml(), encoding="utf-8")
    assert run().returncode == 0


def test_the_field_table_is_what_the_file_documents_and_the_writer_writes(tmp_path: Path) -> None:
    header = GLOSSARY.read_text(encoding="utf-8").split("[glossary]")[0]
    documented = re.findall(r"^#   ([a-z_]+) +\S", header, re.M)
    assert [name for name in documented if name in FIELD_NAMES] == list(FIELD_NAMES)
    full = concept_toml('acceptable = ["조선민주주의인민공화국"]\nforbidden = ["괴뢰"]\nwarn = ["북한"]\n'
                        'prefer_over = ["북조선"]\n', status='status = "proposed"\ndoubt = "d"\nnot_senses = ["cert store"]\nrequired = false')
    _, glossary = load_text(tmp_path, full)
    written = to_toml(glossary)
    keys = [line.split(" = ")[0] for line in written.split("[[concept]]")[1].splitlines() if " = " in line
            and not line.startswith(" ")]
    assert keys == list(FIELD_NAMES)
    assert "require_outside_evidence = true" in written


@pytest.mark.parametrize("path", [GLOSSARY, STARTER], ids=["book", "starter"])
def test_shipped_glossaries_cite_outside_sources_and_carry_levels(path: Path) -> None:
    glossary = load_glossary(path)
    assert glossary.require_outside_evidence
    approved = [c for c in glossary.concepts if c.status == "approved"]
    assert len(approved) >= 30
    for concept in approved:
        assert all(e.url.startswith(("http://", "https://")) for e in concept.outside_evidence), concept.id
    by_id = glossary.by_id()
    # The research notes' "warn" forms are warnings, never errors; 괴뢰 is never to be used.
    assert by_id["smartphone"].level_of("스마트폰") == "warn"
    if path == GLOSSARY:
        assert by_id["south-korea"].level_of("괴뢰") == "forbidden"
        assert by_id["north-korea"].level_of("북한") == by_id["north-korea"].level_of("북측") == "warn"
        assert by_id["south-korea"].level_of("남조선") == "warn"
        assert "광명" in by_id["intranet"].acceptable and by_id["app"].level_of("앱") == "forbidden"
        # A compound noun is one word in the North Korean norms (제2항): the book writes 외국매체.
        assert by_id["foreign-media"].preferred == "외국매체"
        assert not any("외국 매체" in entry.msgstr for path in sorted((ROOT / "locale" / "ko_KP" / "LC_MESSAGES").glob("*.po"))
                       for entry in read_catalog(path).entries)


def test_the_starter_glossary_judges_its_concepts_as_the_book_does() -> None:
    """The starter is a subset of the book's concepts: the same English forms (an acronym in
    capitals, OS, so that the os module is not the operating system), the same senses excluded,
    the same forms at the same levels, evidence and status."""
    book = load_glossary(GLOSSARY).by_id()
    starter = load_glossary(STARTER).concepts
    fields = ("en", "not_senses", "required", "preferred", "acceptable", "forbidden", "warn", "prefer_over",
              "evidence", "status", "doubt")
    different = [(c.id, f) for c in starter for f in fields if getattr(c, f) != getattr(book[c.id], f)]
    assert len(starter) >= 100 and not different


def test_the_terminology_page_shows_levels_and_evidence(built: Path) -> None:
    english = (built / "html" / "en" / "terminology.html").read_text(encoding="utf-8")
    korean = (built / "html" / "ko" / "terminology.html").read_text(encoding="utf-8")
    # 남조선 is a warning, 괴뢰 never: each group of forms says its level.
    assert re.search(r"괴뢰</span>\s*<span class=\"dalbit-level-forbidden\"> \(never\)", english), "forbidden"
    assert re.search(r"남조선, 남한</span>\s*<span class=\"dalbit-level-warn\"> \(marked as South Korean\)",
                     english), "warn"
    assert "dalbit-level-prefer" in english and "(한국식 말)" in korean and "(쓰지 말것)" in korean
    # Every concept's sources under its term; outside ones link to what was read.
    glossary = load_glossary(GLOSSARY)
    for page, label in ((english, "Evidence"), (korean, "근거")):
        assert page.count('class="dalbit-evidence ') == len(glossary.concepts)
        assert page.count(f"<strong>{label}: </strong>") == len(glossary.concepts)
    # Each source by its title, linked; what it shows stays in the glossary file.
    assert re.search(r'<a [^>]*href="https://www\.dailynk\.com/20230719-4/"[^>]*>(<span lang="en">)?'
                     r'Daily NK 2023-07-19(</span>)?</a>', korean)
    assert "; our notes</p>" in english and "; 우리의 조사 기록</p>" in korean
    assert "man arrested watching" not in english


def test_domains_limit_the_english_terms_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # corpus (the Korean Python docs): "execution" is code being run, never the death penalty.
    # A project about technology says so; the avoided forms of every concept still count.
    from dalbit.check.engine import Checker
    from dalbit.po.model import Catalog, Entry

    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    text = concept_toml().replace('domain = "places"', 'domain = "politics"').replace(
        'en = ["North Korea"]', 'en = ["North Korea", "DPRK"]').replace(
        'preferred = "조선"\n', 'preferred = "조선"\nforbidden = ["북한"]\n')
    entries = [Entry(msgid="The DPRK runs it.", msgstr="그 나라가 실행한다.", line=1),
               Entry(msgid="The DPRK runs it.", msgstr="북한이 실행한다.", line=5, msgctxt="b")]

    def rules(path: Path) -> list[str]:
        report = Checker(load_glossary(path)).check_catalogs([Catalog("x.po", entries)])
        return sorted(f.rule for f in report.findings)

    everything, _ = load_text(tmp_path, text)
    assert rules(everything) == ["forbidden", "term-missing"]
    limited, glossary = load_text(tmp_path, text.replace("[glossary]\n", '[glossary]\ndomains = ["technology"]\n'))
    assert glossary.domains == ("technology",) and rules(limited) == ["forbidden"]
    assert 'domains = ["technology"]' in to_toml(glossary)
    for wrong in ('"technology"', '["tech"]', "[]"):
        path = tmp_path / "bad.toml"
        path.write_text(text.replace("[glossary]\n", f"[glossary]\ndomains = {wrong}\n"), encoding="utf-8")
        with pytest.raises(GlossaryError, match="domains must list some of") as error:
            load_glossary(path)
        assert str(error.value).startswith(f"{path}:2:")


#: corpus (the Korean Python docs): (English, Korean, does term-missing fire) for the senses the
#: shipped glossaries tell apart: "signal" as a verb, "display" the verb, "storage" as memory,
#: "a copy" made (사본), a buffer's watermarks, the web (not the internet); the noun senses still fire.
SENSES = [
    ("Raised to signal an error from the underlying SSL implementation.", "SSL 구현의 오류를 알리기 위해 발생한다.", False),
    ("Signal the executor that it should free any resources.", "실행기에 자원을 해제해야 한다고 알린다.", False),
    ("Send a signal to the subprocess.", "서브 프로세스에 시그널을 보낸다.", True),
    ("Send a signal to the subprocess.", "서브 프로세스에 신호를 보낸다.", False),
    ("Display the panel (which might have been hidden).", "패널을 표시한다 (숨겨졌을 수 있다).", False),
    ("The returned string points into static storage.", "반환된 문자렬은 정적 저장소를 가리킨다.", False),
    ("Data is read from some storage device.", "어떤 저장 장치에서 자료를 읽는다.", True),
    ("Otherwise, return a copy of the original string.", "그렇지 않으면 원래 문자렬의 사본을 돌려준다.", False),
    ("The screen is dark.", "판이 어둡다.", True),
    ("If the buffer size equals the high watermark, nothing is called.", "완충기 크기가 상한 수위와 같으면 아무것도 부르지 않는다.", False),
    ("The photo carries a watermark.", "사진에 글자가 있다.", True),
    ("Links of the World Wide Web.", "월드 와이드 웨브의 련결들.", False),  # the web is not the internet
    ("The screen is dark.", "화면이 어둡다.", False),
]


@pytest.mark.parametrize("path", [GLOSSARY, STARTER], ids=["book", "starter"])
def test_shipped_glossaries_tell_senses_apart(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dalbit.check.engine import Checker
    from dalbit.check.rules import RULES
    from dalbit.po.model import Entry

    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    checker = Checker(load_glossary(path), [RULES["term-missing"]])
    fired = [bool(checker.check_entry(Entry(msgid=english, msgstr=korean, line=1), "x.po"))
             for english, korean, _ in SENSES]
    assert fired == [fires for _, _, fires in SENSES]


def test_init_limits_the_starter_glossary_to_the_projects_domains(tmp_path: Path) -> None:
    # A software project's docs are not about escapes from the North: corpus (Python docs), term-missing
    # 1,899 with every domain, 1,043 with technology only.
    from dalbit.errors import InputError
    from dalbit.init import init_project

    (tmp_path / "conf.py").write_text('project = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="no domain named software"):
        init_project(tmp_path, ["ko_KP"], domains=("software",))
    assert not (tmp_path / "locale").exists()
    init_project(tmp_path, ["ko_KP"], domains=("technology",))
    written = tmp_path / "locale" / "ko_KP" / "glossary.toml"
    glossary = load_glossary(written)
    assert glossary.domains == ("technology",)
    assert len(glossary.concepts) == len(load_glossary(shipped_data("ko_KP", "glossary.toml")).concepts)
    before = written.read_bytes()
    again = init_project(tmp_path, ["ko_KP", "zh_CN"], domains=("media",))
    assert written.read_bytes() == before and "left as it is" in again.notes[-2]
    assert "zh_CN: Dalbit has no starter glossary" in again.notes[-1]
    assert not (tmp_path / "locale" / "zh_CN" / "glossary.toml").exists()


def test_a_spelling_word_with_inside_words_not_a_boolean_is_reported_at_its_line(tmp_path: Path) -> None:
    from dalbit.glossary import load_spelling

    spelling = tmp_path / "spelling.toml"
    spelling.write_text('[[word]]\nsouth = "되어"\nnorth = "되여"\nrule = "other"\n\n'
                        '[[word]]\nsouth = "되었"\nnorth = "되였"\nrule = "other"\ninside_words = "yes"\n',
                        encoding="utf-8")
    with pytest.raises(GlossaryError, match="inside_words = 'yes' is not true or false") as error:
        load_spelling(spelling)
    assert error.value.line == 6
    spelling.write_text(spelling.read_text(encoding="utf-8").replace('"yes"', "true"), encoding="utf-8")
    assert [word.inside_words for word in load_spelling(spelling)] == [False, True]
