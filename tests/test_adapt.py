"""`dalbit adapt`: South Korean catalogs into North Korean drafts (issue 19).

Sentences in, sentences out, per rule, with the traps; then real files through the real
command; then the Korean Python docs (skipped where ../shared/corpora is absent).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.adapt import COMMENT_PREFIX, RULES, Adapter, adapt_paths
from dalbit.glossary import load_glossary
from dalbit.po.reader import read_catalog, read_or_error
from dalbit.rstmarkup import find_markup, glued_markup

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"
DALBIT = Path(sys.executable).parent / "dalbit"
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")


@pytest.fixture(scope="module")
def adapter() -> Adapter:
    return Adapter(load_glossary(GLOSSARY))


# (rule, South Korean sentence, North Korean draft): each changed word with its particle.
CHANGED = [
    ("vocabulary", "파일을 엽니다.", "화일을 엽니다."),
    ("vocabulary", "데이터베이스를 씁니다.", "자료기지를 씁니다."),
    ("vocabulary", "메시지를 보냅니다.", "통보문을 보냅니다."),  # 를 -> 을 after a final consonant
    ("vocabulary", "메시지가 옵니다.", "통보문이 옵니다."),  # 가 -> 이
    ("vocabulary", "메시지는 짧습니다.", "통보문은 짧습니다."),  # 는 -> 은
    ("vocabulary", "메시지와 화일", "통보문과 화일"),  # 와 -> 과
    ("vocabulary", "네트워크로 보냅니다.", "통신망으로 보냅니다."),  # 로 -> 으로
    ("vocabulary", "서버에서 디렉터리를 만듭니다.", "봉사기에서 등록부를 만듭니다."),
    ("vocabulary", "노동자가 일합니다.", "로동자가 일합니다."),
    ("spelling-list", "양심과 예의", "량심과 례의"),
    ("spelling-list", "역사와 문화", "력사와 문화"),
    ("spelling-list", "되었습니다.", "되였습니다."),
    ("spelling-list", "예외가 발생합니다.", "례외가 발생합니다."),
    ("sino-korean", "문자열을 돌려줍니다.", "문자렬을 돌려줍니다."),
    ("sino-korean", "효율적으로 련속된", "효률적으로 련속된"),
    ("sino-korean", "연속된 열거형을", "련속된 렬거형을"),
    ("sino-korean", "위에 나열된 배열", "위에 라렬된 배렬"),
    ("sino-korean", "논리적인 줄", "론리적인 줄"),
    ("yeo-ending", "호출되어야 합니다.", "호출되여야 합니다."),
    ("yeo-ending", "변경되었습니다.", "변경되였습니다."),
    ("yeo-ending", "포함되어 있습니다.", "포함되여있습니다."),  # and 있다 joins (spacing-auxiliary-verb)
    ("spacing-dependent-noun", "열 수 있습니다.", "열수 있습니다."),
    ("spacing-auxiliary-verb", "파일을 읽고 있습니다.", "화일을 읽고있습니다."),  # over the word another rule wrote
    ("spacing-number-unit", "두 개의 값", "두개의 값"),
    ("spacing-place-noun", "그들 가운데", "그들가운데"),
    # corpus (tutorial/modules.po): the word spacing joins is read again (a second run changes nothing)
    ("vocabulary", "그냥 빈 파일일 수 있지만", "그냥 빈 화일일수 있지만"),
]


@pytest.mark.parametrize("rule,before,after", CHANGED, ids=[c[1] for c in CHANGED])
def test_each_rule_changes_the_word_and_its_particle(adapter, rule, before, after):
    text, edits, _ = adapter.adapt_text(before)
    assert text == after
    assert rule in {edit.rule for edit in edits}


UNCHANGED = [
    "이것은 이번에 여기서 이제 이전과 같습니다.",  # native words and 以: 이 stays 이
    "연구와 영향",  # 硏究, 影響: ㅇ in the North too
    "노래를 부릅니다.",  # native 노래 (the table also has a rare 老來)
    "코드를 컴파일되는 대로",  # 파일 inside 컴파일 is not the word 파일
    "문을 열거나 닫습니다.",  # 열다 + 거나, not 列擧
    "``파일`` 과 ``연결``",  # literals
    ":term:`연결고리 <link>`\\ 를 보십시오.",  # a role's text is markup
    "`데이터베이스 <https://example.com/데이터베이스>`_ 참조",  # a link and its URL
    "https://예외.example/파일 에 있습니다.",  # a URL
    "%(파일)s 와 {데이터}",  # placeholders are not Hangul words... and Hangul in them stays
    "print('hello')",
    "터미널 장치를 나타내는 문자",  # corpus (library/os.po): a computer terminal, not the bus-station concept's sense
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_words_that_must_not_change(adapter, text):
    assert adapter.adapt_text(text)[0] == text


def test_ambiguous_roots_are_left_and_reported(adapter):
    text, edits, left = adapter.adapt_text("이의를 제기합니다.")  # 異議 (이의) or 理義 (리의)
    assert text == "이의를 제기합니다." and not edits
    assert [word for word, _ in left] == ["이의"] and "ambiguous" in left[0][1]


def test_words_in_markup_are_reported_not_changed(adapter):
    text, _, left = adapter.adapt_text("``파일`` 을 엽니다.")
    assert text == "``파일`` 을 엽니다."
    assert left == [("파일", "inside markup or a URL: change it by hand if it is shown text")]


def test_rules_can_be_switched_off():
    only_vocabulary = Adapter(load_glossary(GLOSSARY), ["vocabulary"])
    assert only_vocabulary.adapt_text("파일의 문자열이 포함되어")[0] == "화일의 문자열이 포함되어"
    no_spacing = Adapter(load_glossary(GLOSSARY), [r for r in RULES if not r.startswith("spacing-")])
    assert no_spacing.adapt_text("열 수 있는 파일")[0] == "열 수 있는 화일"
    with pytest.raises(Exception, match="no such rule"):
        Adapter(load_glossary(GLOSSARY), ["vocabulary", "spacing-of-everything"])


def test_entries_that_wait_for_the_same_question_are_all_adapted(tmp_path, monkeypatch):
    """A first run (nothing remembered): the second entry needs the answer the first one asked
    for already, and is adapted once it is in, not kept as it was (the corpus's second run
    changed 266 entries)."""
    monkeypatch.setenv("DALBIT_CACHE_DIR", str(tmp_path / "cache"))  # no answer remembered
    source = tmp_path / "ko_KR" / "a.po"
    source.parent.mkdir()
    source.write_text('msgid "a"\nmsgstr "문자열화된 값"\n\nmsgid "b"\nmsgstr "문자열화된 값입니다"\n',
                      encoding="utf-8")
    adapter = Adapter(load_glossary(GLOSSARY))
    assert adapter.matcher.korean_hits("문자열화된 값")[1]  # the word needs the analyzer
    adapt_paths([(source, tmp_path / "out.po")], adapter)
    assert [e.msgstr for e in read_catalog(tmp_path / "out.po").messages] == ["문자렬화된 값", "문자렬화된 값입니다"]


# -- real files, real command -------------------------------------------------------------------

CATALOG = """\
# Korean translation.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"

#: a.rst:1
msgid "Open the file."
msgstr "파일을 엽니다."

# A translator's note.
#: a.rst:2
msgid "This stays."
msgstr  "이것은 "
"그대로입니다."

#: a.rst:3
#, python-format
msgid "%(n)s messages were sent to the server."
msgstr "%(n)s개의 메시지가 서버로 전송되었습니다."

#: a.rst:4
msgid "See ``file``."
msgstr "``파일`` 을 보십시오."

#, fuzzy
#| msgid "Old"
msgid "A connection"
msgstr "연결"

#~ msgid "Gone"
#~ msgstr "파일"
"""


def dalbit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(DALBIT), *args], capture_output=True, text=True, cwd=cwd)


def test_adapt_writes_drafts_into_the_target_folder(tmp_path):
    source = tmp_path / "ko" / "LC_MESSAGES"
    source.mkdir(parents=True)
    (source / "a.po").write_text(CATALOG, encoding="utf-8")
    out = tmp_path / "ko_KP" / "LC_MESSAGES"
    done = dalbit("adapt", str(source), "-o", str(out), "--glossary", str(GLOSSARY))
    assert done.returncode == 0, done.stderr
    assert (source / "a.po").read_text(encoding="utf-8") == CATALOG  # the source is never touched
    text = (out / "a.po").read_text(encoding="utf-8")
    catalog = {e.msgid: e for e in read_catalog(out / "a.po").messages}
    assert catalog["Open the file."].msgstr == "화일을 엽니다."
    assert catalog["Open the file."].fuzzy
    assert catalog["Open the file."].translator_comments == [COMMENT_PREFIX + "파일→화일"]
    sent = catalog["%(n)s messages were sent to the server."]
    assert sent.msgstr == "%(n)s개의 통보문이 봉사기로 전송되였습니다."
    assert sent.flags[0] == "fuzzy" and "python-format" in sent.flags
    assert sent.translator_comments == [COMMENT_PREFIX + "메시지→통보문, 서버→봉사기, 되었→되였"]
    assert catalog["A connection"].msgstr == "련결" and catalog["A connection"].previous_msgid == "Old"
    # Entries with nothing to change keep their bytes (this one's odd spacing and wrapping too),
    # and so does the obsolete entry.
    for block in ('# A translator\'s note.\n#: a.rst:2\nmsgid "This stays."\nmsgstr  "이것은 "\n"그대로입니다."\n',
                  '#: a.rst:4\nmsgid "See ``file``."\nmsgstr "``파일`` 을 보십시오."\n',
                  '#~ msgid "Gone"\n#~ msgstr "파일"\n'):
        assert block in text
    # The header says the folder's language, as Poedit and Weblate read it; the rest is kept.
    assert '"Language: ko_KP\\n"' in text and text.startswith('# Korean translation.\nmsgid ""\nmsgstr ""\n'
                                                                 '"Content-Type: text/plain; charset=UTF-8\\n"\n')
    assert "3 of 5 entries in 1 catalogs changed" in done.stdout
    # msgfmt accepts the result.
    assert subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(out / "a.po")]).returncode == 0
    # Twice: nothing changes the second time.
    before = (out / "a.po").read_bytes()
    again = dalbit("adapt", str(out), "--in-place", "--glossary", str(GLOSSARY), "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["total"]["changed"] == 0
    assert (out / "a.po").read_bytes() == before
    # The same source again into the same folder: the same result, no refusal.
    assert dalbit("adapt", str(source), "-o", str(out), "--glossary", str(GLOSSARY)).returncode == 0
    assert (out / "a.po").read_bytes() == before


def test_dry_run_shows_the_diff_and_writes_nothing(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    done = dalbit("adapt", str(tmp_path / "a.po"), "--in-place", "--dry-run", "--glossary", str(GLOSSARY))
    assert done.returncode == 0, done.stderr
    assert '-msgstr "파일을 엽니다."' in done.stdout and '+msgstr "화일을 엽니다."' in done.stdout
    assert (tmp_path / "a.po").read_text(encoding="utf-8") == CATALOG


def test_json_summary(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    done = dalbit("adapt", str(tmp_path / "a.po"), "-o", str(tmp_path / "out"), "--glossary", str(GLOSSARY),
                  "--format", "json")
    data = json.loads(done.stdout)
    assert data["schema"] == "dalbit-adapt/1" and data["dry_run"] is False
    [result] = data["files"]
    assert result["changed"] == 3 and result["entries"] == 5
    assert result["changes"] == {"spelling-list": 1, "vocabulary": 3, "yeo-ending": 1}
    assert {"line": 8, "changes": ["파일→화일"]} in result["entries_changed"]
    assert result["left"] == [{"line": 23, "word": "파일",
                               "reason": "inside markup or a URL: change it by hand if it is shown text"}]
    assert data["total"]["changed"] == 3 and data["written"] == [str(tmp_path / "out" / "a.po")]


def test_a_target_with_other_contents_is_refused(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.po").write_text(CATALOG.replace("Open", "Shut"), encoding="utf-8")
    done = dalbit("adapt", str(tmp_path / "a.po"), "-o", str(tmp_path / "out"), "--glossary", str(GLOSSARY))
    assert done.returncode == 2 and "--overwrite" in done.stderr
    assert done.stderr.count("nothing was written") == 1, done.stderr
    assert "Shut" in (tmp_path / "out" / "a.po").read_text(encoding="utf-8")
    assert dalbit("adapt", str(tmp_path / "a.po"), "-o", str(tmp_path / "out"), "--glossary", str(GLOSSARY),
                  "--overwrite").returncode == 0
    assert "화일을" in (tmp_path / "out" / "a.po").read_text(encoding="utf-8")


def test_a_broken_catalog_stops_everything(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "b.po").write_text('msgid "x"\nmsgstr "파일\n', encoding="utf-8")
    done = dalbit("adapt", str(tmp_path), "--in-place", "--glossary", str(GLOSSARY))
    assert done.returncode == 2 and "b.po:2" in done.stderr and "nothing was written" in done.stderr
    assert (tmp_path / "a.po").read_text(encoding="utf-8") == CATALOG


def test_no_target_folder_outside_a_project(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    done = dalbit("adapt", str(tmp_path / "a.po"), "--glossary", str(GLOSSARY), cwd=tmp_path)
    assert done.returncode == 2 and "-o FOLDER" in done.stderr


# -- the Korean Python docs ---------------------------------------------------------------------

def test_on_the_korean_python_docs(tmp_path):
    corpus = CORPORA / "python-docs-ko-3.13"
    if not corpus.is_dir():
        pytest.skip(f"{corpus}: no corpus (set DALBIT_CORPORA to the folder holding python-docs-ko-3.13)")
    # Every fifth readable catalog: the whole corpus is the benchmark's (bench/bench_adapt.py).
    paths = [p for p in sorted(corpus.rglob("*.po")) if not isinstance(read_or_error(p), Exception)][::5]
    source = tmp_path / "source"
    for path in paths:
        (source / path.relative_to(corpus)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, source / path.relative_to(corpus))
    out = tmp_path / "out"
    done = dalbit("adapt", str(source), "-o", str(out), "--glossary", str(GLOSSARY), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["total"]["changed"] > 1000
    changed_lines = {Path(r["source"]).relative_to(source): {c["line"] for c in r["entries_changed"]}
                     for r in report["files"]}
    for path in sorted(source.rglob("*.po")):
        relative = path.relative_to(source)
        msgfmt = [subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(p)], capture_output=True).returncode
                  for p in (path, out / relative)]
        assert msgfmt[0] != 0 or msgfmt[1] == 0, f"msgfmt -c refuses the adapted {relative}"
        before = {(e.msgctxt, e.msgid): e for e in read_catalog(path).messages}
        for entry in read_catalog(out / relative).messages:
            old = before[(entry.msgctxt, entry.msgid)]
            if old.line in changed_lines[relative]:
                assert entry.fuzzy and entry.translator_comments[-1].startswith(COMMENT_PREFIX)
                # The same markup, in the same order, and no markup newly glued to Hangul.
                assert [m.source for m in find_markup(entry.msgstr)] == [m.source for m in find_markup(old.msgstr)]
                assert len(glued_markup(entry.msgstr, find_markup(entry.msgstr))) <= \
                    len(glued_markup(old.msgstr, find_markup(old.msgstr)))
            else:
                assert entry.msgstr == old.msgstr and entry.flags == old.flags
    # Unchanged catalogs are copied byte for byte.
    for path in sorted(source.rglob("*.po")):
        if not changed_lines[path.relative_to(source)]:
            assert (out / path.relative_to(source)).read_bytes() == path.read_bytes()


def test_the_review_page_marks_what_adapt_changed(tmp_path):
    (tmp_path / "a.po").write_text(CATALOG, encoding="utf-8")
    assert dalbit("adapt", str(tmp_path / "a.po"), "--in-place", "--glossary", str(GLOSSARY)).returncode == 0
    done = dalbit("review", str(tmp_path / "a.po"), "-o", str(tmp_path / "review"), "--glossary", str(GLOSSARY))
    assert done.returncode in (0, 1), done.stderr
    page = (tmp_path / "review" / "doc-a.html").read_text(encoding="utf-8")
    adapted = '<mark class="adapted">{}</mark>'.format
    assert adapted("화일") + "을 엽니다." in page
    assert (f"개의 {adapted('통보문')}이 {adapted('봉사기')}로 전송{adapted('되였')}습니다.") in page
    assert "이것은 그대로입니다." in page  # unchanged entries: nothing marked
