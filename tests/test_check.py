"""The checker on real Korean sentences: each rule has cases that must fire and cases that must not."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from dalbit.check.engine import Checker, select_rules
from dalbit.glossary import Concept, GlossaryError, load_glossary
from dalbit.migrate import rewrite
from dalbit.po.model import Catalog, Entry

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary(DATA / "glossary.toml"))


def findings(checker: Checker, english: str, korean: str) -> set[tuple[str, str]]:
    entry = Entry(msgid=english, msgstr=korean, line=7)
    return {(f.rule, f.found) for f in checker.check_entry(entry, "x.po")}


NFD = unicodedata.normalize("NFD", "손전화를 쓴다.")

CASES = [
    # term followed: nouns with particles, spacing, verbs in any ending
    ("The mobile phone is small.", "손전화는 작다.", set()),
    ("Mobile phones are everywhere.", "손전화기들이 어디에나 있다.", set()),
    ("A mobile phone's screen.", "손전화에서도 화면이 보인다.", set()),
    ("He uses the computer.", "그는 콤퓨터를 리용하였다.", set()),
    ("He used the computer.", "그는 콤퓨터를 써서 일하였다.", set()),
    ("The operating system.", "조작 체계가 바뀌였다.", set()),
    ("The mobile phone is small.", "작은 기계이다.", {("term-missing", "none of its forms")}),
    # terms inside literal markup do not count; :ref: labels are not prose
    ("Run ``phone`` now.", "지금 ``phone``\\ 을 실행한다.", set()),
    ("See :ref:`computer`.", ":ref:`computer`\\ 를 보라.", set()),
    # forbidden forms, with particles, and not inside unrelated words
    ("The mobile phone is small.", "휴대폰은 작다.", {("forbidden", "휴대폰")}),
    ("The mobile phone is small.", "휴대폰에서도 작다.", {("forbidden", "휴대폰")}),
    ("He uses the computer.", "그는 컴퓨터를 리용한다.", {("forbidden", "컴퓨터")}),
    ("He wears earphones.", "그는 이어폰을 낀다.", set()),
    ("The program runs.", "프로그람이 돈다.", set()),
    ("The program runs.", "프로그램이 돈다.", {("forbidden", "프로그램")}),
    # particle agreement, also after markup
    ("The mobile phone is small.", "손전화은 작다.", {("particle", "손전화은")}),
    ("Via the network.", "망로 보낸다.", {("particle", "망로")}),
    ("Via the network.", "콤퓨터망으로 보낸다.", set()),
    ("Via the network.", "망으로 보낸다.", set()),
    ("Use a :term:`mobile phone`.", ":term:`손전화 <mobile phone>`\\ 를 리용하라.", set()),
    ("Use a :term:`mobile phone`.", ":term:`손전화 <mobile phone>`\\ 을 리용하라.", {("particle", "손전화을")}),
    ("A :term:`computer` and a phone.", ":term:`콤퓨터 <computer>`\\ 와 손전화", set()),
    ("A :term:`computer` and a phone.", ":term:`콤퓨터 <computer>`\\ 과 손전화", {("particle", "콤퓨터과")}),
    # Inside a markup label the text is not checked as plain text; before markup it is, in its place.
    ("Use a :term:`mobile phone`.", ":term:`손전화을 쓰기 <mobile phone>`\\ 를 배운다.", set()),
    ("Use a :term:`mobile phone`.", "손전화을 :term:`손전화 <mobile phone>`\\ 로 쓴다.", {("particle", "손전화을")}),
    ("The phone is a mobile phone.", "그것은 손전화이며 작다.", set()),
    # markup kept and not glued
    ("See [LiNK2022]_ and |coi-report|.", "[LiNK2022]_ 와 |coi-report| 를 보라.", set()),
    ("See [LiNK2022]_ and |coi-report|.", "|coi-report| 를 보라.", {("markup", "nothing")}),
    ("Read :doc:`sources`.", ":doc:`sources`\\ 를 읽으라.", set()),
    ("Read :doc:`sources`.", ":doc:`sources`를 읽으라.", {("glued-markup", ":doc:`sources`를 읽")}),
    ("Read :doc:`sources`.", "원문:doc:`sources` 읽으라.", {("glued-markup", "원문:doc:`sources` 읽으")}),
    ("See `LiNK <https://example.org>`_.", "`LiNK <https://example.org>`_ 를 보라.", set()),
    ("See `LiNK <https://example.org>`_.", "`LiNK <https://example.com>`_ 를 보라.",
     {("markup", "`LiNK <https://example.com>`_")}),
    # spelling norm from the reviewed word list
    ("Women work.", "녀성들이 로동한다.", set()),
    ("Women work.", "여성들이 노동한다.", {("spelling", "여성"), ("spelling", "노동")}),
    ("A leaf.", "나뭇잎이 떨어졌다.", {("spelling", "나뭇잎")}),
    # NFD Hangul is normalized and reported, and still matched
    ("Use the mobile phone.", NFD, {("unicode", "decomposed (NFD) Hangul")}),
]


@pytest.mark.parametrize("english,korean,expected", CASES)
def test_rules(checker: Checker, english: str, korean: str, expected: set) -> None:
    assert findings(checker, english, korean) == expected


def write_po(path: Path, entries: list[tuple[str, str, str]]) -> Path:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for comment, msgid, msgstr in entries:
        if comment:
            lines.append(comment)
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True)


def test_cli_json_waivers_consistency_and_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "LC_MESSAGES"
    folder.mkdir()
    write_po(folder / "a.po", [
        ("", "The mobile phone is here.", "손전화."),
        ("# dalbit-waive: forbidden 휴대폰: quoting a South Korean advert", "An advert.", "휴대폰 광고."),
        ("#, fuzzy", "Fuzzy phone.", "휴대폰."),
        ("", "Untranslated.", ""),
    ])
    write_po(folder / "b.po", [("", "The mobile phone is here.", "손전화기."), ("", "Mobile phones.", "휴대폰들.")])
    glossary = str(DATA / "glossary.toml")
    result = run_cli("check", str(folder), "--glossary", glossary, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "dalbit-check/1"
    assert report["summary"]["fuzzy"] == 1 and report["summary"]["untranslated"] == 1
    rules = {(f["rule"], Path(f["path"]).name, f["line"]) for f in report["findings"]}
    assert ("forbidden", "b.po", 9) in rules  # at the msgstr, the line the translator changes
    # The rules across catalogs point at the msgstr too, and a waiver at the entry's msgstr.
    assert ("translation-consistency", "b.po", 6) in rules  # same English, two translations
    assert ("term-consistency", "b.po", 9) in rules  # 손전화, 손전화기 and, first here, the forbidden 휴대폰
    assert not any(r[1] == "a.po" and r[0] == "forbidden" for r in rules)  # waived
    assert report["waivers"] == [{"path": str(folder / "a.po"), "line": 10, "rule": "forbidden",
                                  "term": "휴대폰", "reason": "quoting a South Korean advert", "used": True}]
    assert report["renderings"]["mobile-phone"] == {"손전화": 1, "손전화기": 1, "휴대폰": 1}
    text = run_cli("check", str(folder), "--glossary", glossary)
    assert f"{folder / 'b.po'}:9: forbidden: mobile phone: expected 손전화, found 휴대폰" in text.stdout
    clean = write_po(tmp_path / "clean.po", [("", "The mobile phone.", "손전화.")])
    assert run_cli("check", str(clean), "--glossary", glossary).returncode == 0


def test_a_waiver_that_silences_nothing_says_why(tmp_path: Path) -> None:
    """A misspelt rule name or a waiver not written as the guide says silences nothing: the
    report says so at the waiver's line, and the finding stays."""
    catalog = write_po(tmp_path / "a.po", [
        ("# dalbit-waive: forbiden 휴대폰: misspelt rule", "An advert.", "휴대폰 광고."),
        ("# dalbit-waive forbidden 휴대폰", "Another advert.", "광고."),
        ("# dalbit-waive: forbidden 콤퓨터: nothing to silence", "A third advert.", "광고."),
    ])
    result = run_cli("check", str(catalog), "--glossary", str(DATA / "glossary.toml"))
    assert result.returncode == 1  # the forbidden 휴대폰 stays
    assert "[unused: no rule is named forbiden (dalbit check --list-rules)]" in result.stdout
    assert "[unused: not read, write it as dalbit-waive: RULE TERM: REASON]" in result.stdout
    assert "nothing to silence [unused: no such finding here]" in result.stdout
    assert "3 waivers" in result.stdout


def test_broken_input_exits_2_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = run_cli("check", str(broken), "--glossary", str(DATA / "glossary.toml"))
    assert result.returncode == 2 and f"{broken}:5:" in result.stderr and "Traceback" not in result.stderr
    bad_glossary = tmp_path / "glossary.toml"
    bad_glossary.write_text('[[concept]]\nid = "x"\nen = ["x"]\n', encoding="utf-8")
    result = run_cli("check", str(broken), "--glossary", str(bad_glossary))
    assert result.returncode == 2 and f"{bad_glossary}:1:" in result.stderr
    with pytest.raises(GlossaryError):
        load_glossary(bad_glossary)


def test_migrate_rewrites_particles() -> None:
    assert rewrite("휴대폰으로 보낸다", "휴대폰", "손전화") == "손전화로 보낸다"
    assert rewrite("컴퓨터를 켠다", "컴퓨터", "콤퓨터") == "콤퓨터를 켠다"
    assert rewrite("조작체계과 망", "조작체계", "운영체제") == "운영체제와 망"
    assert rewrite("이어폰을 낀다", "폰", "손전화") == "이어폰을 낀다"


def test_migrate_leaves_code_addresses_and_placeholders_but_rewrites_link_texts() -> None:
    """A literal quotes what is written (the guide quoting markup), an address is where a page is:
    neither is prose. A role's display text is what the reader sees, and is rewritten."""
    quoted = "``:term:`손전화 <mobile phone>`\\ 를``처럼 쓴다"
    assert rewrite(quoted, "손전화", "손전화통") == quoted
    assert rewrite("https://example.org/손전화 에서 손전화를 산다", "손전화", "손전화통") \
        == "https://example.org/손전화 에서 손전화통을 산다"
    assert rewrite("%(손전화)s 손전화", "손전화", "손전화통") == "%(손전화)s 손전화통"
    assert rewrite(":term:`손전화를 <mobile phone>` 켠다", "손전화", "손전화통") \
        == ":term:`손전화통을 <mobile phone>` 켠다"


def test_our_catalogs_are_clean() -> None:
    root = Path(__file__).resolve().parent.parent / "locale" / "ko_KP"
    result = run_cli("check", str(root / "LC_MESSAGES"), "--format", "json")
    report = json.loads(result.stdout)
    assert report["findings"] == [] and result.returncode == 0
    assert report["summary"]["checked"] > 200


def test_analyses_are_remembered_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    glossary = load_glossary(DATA / "glossary.toml")
    entry = Entry(msgid="He wears earphones.", msgstr="그는 이어폰을 낀다.", line=1)
    first = Checker(glossary)
    report = first.check_catalogs([Catalog("x.po", [entry])])
    assert report.analyzer_calls == 1 and list(tmp_path.glob("analyses-*.json"))
    second = Checker(glossary)
    again = second.check_catalogs([Catalog("x.po", [entry])])
    assert again.analyzer_calls == 0
    assert again.findings == report.findings == []
    # A glossary edit forgets only the analyses of texts that contain the edited word.
    elsewhere = Concept(id="radio", domain="media", pos="noun", en=("radio",), preferred="라지오")
    edited = dataclasses.replace(glossary, concepts=[*glossary.concepts, elsewhere])
    assert Checker(edited).check_catalogs([Catalog("x.po", [entry])]).analyzer_calls == 0
    inside = Concept(id="ear", domain="media", pos="noun", en=("ear",), preferred="이어")
    edited = dataclasses.replace(glossary, concepts=[*glossary.concepts, inside])
    assert Checker(edited).check_catalogs([Catalog("x.po", [entry])]).analyzer_calls == 1


def test_rules_without_the_glossary_never_ask_the_analyzer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 새손전화은 needs the analyzer (see below) for the particle rule; --select markup does not.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    glossary = load_glossary(DATA / "glossary.toml")
    entries = [Entry(msgid="The new mobile phone.", msgstr="새손전화은 좋다.", line=3),
               Entry(msgid="Run ``ls`` now.", msgstr="지금 실행한다.", line=6)]
    everything = Checker(glossary).check_catalogs([Catalog("x.po", entries)])
    markup = Checker(glossary, select_rules(["markup"])).check_catalogs([Catalog("x.po", entries)])
    assert everything.analyzer_calls == 1 and everything.renderings
    assert (markup.analyzer_calls, markup.renderings) == (0, {})
    assert markup.findings == [f for f in everything.findings if f.rule == "markup"] != []


def korean_hits(checker: Checker, text: str) -> list:
    hits, asked = checker.matcher.korean_hits(text)
    while asked:
        checker.analyzer.answer(asked)
        hits, asked = checker.matcher.korean_hits(text)
    return hits


def test_a_hit_is_placed_on_its_own_word_not_inside_a_longer_one(checker: Checker) -> None:
    # 폰을 is also the end of 이어폰을, a word with no hit: the hit is the second 폰을.
    text = "이어폰을 낀 그는 폰을 본다."
    hits = korean_hits(checker, text)
    assert [(hit.start, hit.end, hit.form.form, hit.tail) for hit in hits] == [(10, 11, "폰", "을")]


def test_a_word_read_as_a_form_and_its_particle_holds_no_other_word(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # 학교가 is 학교 and 가, not 학 and 교가 (a school song); 중국가 is 중국 with the wrong
    # particle, where Kiwi, trying to make sense of it, reads 중 and 국가. Rules decide both.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    concepts = [Concept(id=id_, domain="test", pos="noun", en=(en,), preferred=ko)
                for id_, en, ko in (("school", "school", "학교"), ("school-song", "school song", "교가"),
                                    ("china", "China", "중국"), ("state", "state", "국가"))]
    checker = Checker(dataclasses.replace(load_glossary(DATA / "glossary.toml"), concepts=concepts))
    hits, asked = checker.matcher.korean_hits("학교가 크다. 중국가 크다.")
    assert not asked
    assert [(hit.start, hit.form.form, hit.tail) for hit in hits] == [(0, "학교", "가"), (8, "중국", "가")]
    entry = Entry(msgid="China is big.", msgstr="중국가 크다.", line=1)
    report = checker.check_catalogs([Catalog("x.po", [entry])])
    assert [(f.rule, f.found) for f in report.findings] == [("particle", "중국가")]
    assert report.analyzer_calls == 0


def test_an_entry_that_needs_the_analyzer_waits_for_its_answer(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # 손전화 inside 새손전화은 is for the analyzer; a run that never saw the word must not judge
    # the entry before the answer is in, and then finds the particle error.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    entry = Entry(msgid="The new mobile phone.", msgstr="새손전화은 좋다.", line=3)
    report = Checker(load_glossary(DATA / "glossary.toml")).check_catalogs([Catalog("x.po", [entry])])
    assert report.analyzer_calls == 1
    assert [(f.rule, f.found) for f in report.findings] == [("particle", "손전화은")]


def test_parallel_check_finds_what_one_process_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from workload import write_workload

    from dalbit.check.engine import check_paths

    folder = write_workload(tmp_path / "w", files=70, entries=70 * 12, concepts=250)
    glossary = load_glossary(folder / "glossary.toml")
    paths = sorted((folder / "LC_MESSAGES").glob("*.po"))
    # One English sentence translated two ways, in catalogs that different workers may read.
    for path, korean in ((paths[3], "같은 문장이다."), (paths[66], "다른 문장이다.")):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f'\nmsgid "A sentence shared by two catalogs."\nmsgstr "{korean}"\n')
    # Each run starts with no analyses remembered, so that the workers' questions go to the
    # parent, which loads the analyzer while they work.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path / "one"))
    one = check_paths(glossary, paths, jobs=1)
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path / "two"))
    two = check_paths(glossary, paths, jobs=2)
    assert one.analyzer_calls and two.analyzer_calls
    assert [(f.path, f.expected, f.found) for f in two.findings if f.message.startswith("same English")] == \
        [(str(paths[66]), "같은 문장이다.", "다른 문장이다.")]
    assert one.findings and sorted(map(str, one.findings)) == sorted(map(str, two.findings))
    assert (one.entries, one.checked, one.fuzzy, one.untranslated) == \
        (two.entries, two.checked, two.fuzzy, two.untranslated)
    assert {k: dict(v) for k, v in one.renderings.items()} == {k: dict(v) for k, v in two.renderings.items()}
    # A large set's model goes once the report is made, before the report is written out.
    from dalbit.analyzer import _models, user_words

    assert (tuple(sorted(user_words(glossary).items())), True) not in _models


def test_parallel_check_reports_the_first_broken_catalog(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from workload import write_workload

    folder = write_workload(tmp_path / "w", files=70, entries=70 * 4, concepts=50)
    paths = sorted((folder / "LC_MESSAGES").glob("*.po"))
    for broken in (paths[60], paths[40]):
        with broken.open("a", encoding="utf-8") as handle:
            handle.write('\nmsgid "x"\nmsgstr "unclosed\n')
    # Raised in a worker process, the error must come back whole: file:line and exit 2.
    result = run_cli("check", str(folder / "LC_MESSAGES"), "--glossary", str(folder / "glossary.toml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{paths[40]}:"), result.stderr


def test_migrate_term_cli_marks_fuzzy_and_writes_nothing_on_broken_input(tmp_path: Path) -> None:
    good = write_po(tmp_path / "a.po", [("", "The phone.", "휴대폰으로 보낸다.")])
    result = run_cli("migrate-term", "휴대폰", "손전화", str(tmp_path))
    assert result.returncode == 0, result.stderr
    text = good.read_text(encoding="utf-8")
    assert '"손전화로 보낸다."' in text and "#, fuzzy" in text
    write_po(good, [("", "The phone.", "휴대폰을 쓴다.")])
    before = good.read_bytes()
    (tmp_path / "b.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr "y\n', encoding="utf-8")
    result = run_cli("migrate-term", "휴대폰", "손전화", str(tmp_path))
    assert result.returncode == 2 and "nothing was written" in result.stderr
    assert good.read_bytes() == before


def test_the_analyzer_is_asked_only_where_its_answer_can_change_a_finding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 손전화 inside 새손전화 is a word of its own or not, as Kiwi reads it. That matters where the
    # English says "mobile phone" (term-missing) or the particle after it disagrees; elsewhere
    # no finding depends on it, and the entry does not wait for the analyzer.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    glossary = load_glossary(DATA / "glossary.toml")

    def check(english: str, korean: str) -> tuple[int, list[tuple[str, str]]]:
        report = Checker(glossary, remember=False).check_catalogs(
            [Catalog("x.po", [Entry(msgid=english, msgstr=korean, line=1)])])
        return report.analyzer_calls, [(f.rule, f.found) for f in report.findings]

    assert check("The new one is good.", "새손전화가 좋다.") == (0, [])
    assert check("The new mobile phone is good.", "새손전화가 좋다.") == (1, [])
    assert check("The new one is good.", "새손전화은 좋다.") == (1, [("particle", "손전화은")])
    assert check("The new one is good.", "새휴대폰이 좋다.")[0] == 1  # a forbidden form: always asked


def test_a_stem_with_its_ending_is_misspelt_inside_any_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 되어 (spelling list: inside_words) is 되여 in 추가되어야 and 되여서 too, with no analyzer asked;
    # Kiwi reads 되/어야, so asking it missed them. 이었다, without the flag, is asked about.
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path))
    glossary = load_glossary(DATA / "glossary.toml", ROOT / "tools/dalbit/data/ko_KP/spelling.toml")
    entries = [Entry(msgid="It must be added.", msgstr="추가되어야 한다.", line=1),
               Entry(msgid="It was added, so it runs.", msgstr="추가되어서 실행된다.", line=4)]
    report = Checker(glossary, remember=False).check_catalogs([Catalog("x.po", entries)])
    assert [(f.line, f.rule, f.found, f.expected) for f in report.findings] == \
        [(1, "spelling", "되어", "되여"), (4, "spelling", "되어", "되여")]
    assert report.analyzer_calls == 0
