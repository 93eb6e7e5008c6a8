"""North Korean spacing rules (dalbit.spacing): a table of sentences per rule, the book, a real corpus.

Each rule has sentences that must fire (with the text found and its fix) and sentences that
must not: South Korean spacing the North Korean norms share, look-alikes a string rule could
mistake (a noun before 수, a loanword's 바), and inline markup.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dalbit.po.reader import read_catalog
from dalbit.spacing import RULES, RULES_BY_NAME, SpacingHit, apply_fixes, find_all

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
PYTHON_DOCS = CORPORA / "python-docs-ko-3.13"

#: rule -> [(text, found, fix)]: every hit of the rule in the text, in order.
FIRES = {
    "spacing-dependent-noun": [
        ("아는 것이 힘이다.", "아는 것이", "아는것이"),  # 제5항 1)'s own example
        ("모든 것을 다 바쳤다.", "모든 것을", "모든것을"),
        ("나도 할 수 있다.", "할 수", "할수"),
        ("그렇게 될 수도 있다.", "될 수도", "될수도"),
        ("기다릴 수밖에 없었다.", "기다릴 수밖에", "기다릴수밖에"),
        ("힘든 줄 모르고 일한다.", "힘든 줄", "힘든줄"),
        ("책을 읽는 데 세시간이 걸렸다.", "읽는 데", "읽는데"),
        ("앞에서 말한 바와 같이", "말한 바와", "말한바와"),
        ("커서 인민군대가 될 터이다.", "될 터이다", "될터이다"),
    ],
    "spacing-bound-noun-hada": [
        ("비가 올 듯하다.", "올 듯하다", "올듯 하다"),
        ("그 책은 들을 만하다.", "들을 만하다", "들을만 하다"),
        ("모르면서 아는 척했다.", "아는 척했다", "아는척 했다"),
        ("함수인 체합니다.", "함수인 체합니다", "함수인체 합니다"),
        ("비가 올 듯도 하다.", "올 듯도", "올듯도"),
        ("모르면서 아는 척을 한다.", "아는 척을", "아는척을"),
    ],
    "spacing-auxiliary-verb": [
        ("국가는 그것을 알고 있다.", "알고 있다", "알고있다"),
        ("그 집에서는 한국 련속극을 보고 있었다.", "보고 있었다", "보고있었다"),
        ("정보가 어떻게 퍼지는지 알고 싶은 사람", "알고 싶은", "알고싶은"),
        ("의자에 앉아 있다.", "앉아 있다", "앉아있다"),
        ("목록이 비어 있으면", "비어 있으면", "비어있으면"),
        ("설정에 정의되어 있습니다.", "정의되어 있습니다", "정의되어있습니다"),
        ("동생이 밖에 나와 있었다.", "나와 있었다", "나와있었다"),
        ("편지가 들어와 있다.", "들어와 있다", "들어와있다"),
        ("화일이 열려 있는지", "열려 있는지", "열려있는지"),
    ],
    "spacing-place-noun": [
        ("그들 가운데 많은 사람들이", "그들 가운데", "그들가운데"),
        ("난민들 가운데 약 60%가", "난민들 가운데", "난민들가운데"),
        ("이 가운데 두 명령", "이 가운데", "이가운데"),
        ("학생들 사이에서 퍼졌다.", "학생들 사이에서", "학생들사이에서"),
        ("인민들 속에서 자랐다.", "인민들 속에서", "인민들속에서"),
    ],
    "spacing-number-unit": [
        ("두 개의 파일", "두 개의", "두개의"),
        ("세 번째 책상", "세 번째", "세번째"),
        ("몇 가지 방법", "몇 가지", "몇가지"),
        ("여러 곳에서 팔린다.", "여러 곳에서", "여러곳에서"),
        ("스무 살 처녀", "스무 살", "스무살"),
        ("열두 달 내내", "열두 달", "열두달"),
        ("학생 50 명", "50 명", "50명"),
    ],
    "spacing-uri-nara": [
        ("우리나라의 말", "우리나라", "우리 나라"),
        ("우리말로 쓴 책", "우리말", "우리 말"),
    ],
}

#: rule -> sentences where it must stay silent.
SILENT = {
    "spacing-dependent-noun": [
        "아는것이 힘이다.",  # already North Korean
        "할수 있다.",
        "파일 수가 많다.",  # 수 as a count after a noun, not the dependent noun
        "인자 수를 센다.",
        "할 수정 사항",  # a word that starts with 수
        "스크롤 바를 내린다.",  # a loanword's bar
        "상단 바에서 고른다.",
        "한 줄씩 읽는다.",  # 줄 as a line
        "사과, 배, 복숭아 등",  # 등 stays apart in both norms (제5항 4))
        "알곡 대 알곡",
    ],
    "spacing-bound-noun-hada": [
        "올듯 하다",  # already North Korean
        "먹을 만큼 먹어라.",  # 만큼 is no 만하다
        "그 정도만 한다.",
        "공고히 하다",  # 제1항 [참고]: apart in both norms
        "비가 올 듯 말 듯",  # no 하다
    ],
    "spacing-auxiliary-verb": [
        "읽고있다",  # already North Korean
        "방안에서 짐을 들고 나가다.",  # 제2항 2)(2)③: a verb with a meaning of its own
        "먹고 입고 쓰고 사는 걱정",
        "해야 한다.",  # 제1항's own example: apart in both norms
        "광고 있는 화면",  # nouns in 고 and 어
        "그는 집에서 동무와 있다.",  # a noun and its particle 와 (with a friend)
        "단어와 있는 뜻",
        "영어 있는 책",
        "책상 위에 있다.",
        "고 있다",  # a lone 고 is no verb form
    ],
    "spacing-place-noun": [
        "그가운데서 가장 잘 알려진것",  # already North Korean
        "바쁜 가운데 찾아왔다.",  # an adnominal form: not decided by strings
        "모든 외국 매체 가운데서",  # a noun: the norm joins, a string cannot tell
        "두 사람 사이",
    ],
    "spacing-number-unit": [
        "두개의 파일",  # already North Korean
        "한 청년의 영웅적소행",  # 제4항 참고: 한 meaning 'a certain' stays apart
        "두 사람이 왔다.",  # not a unit noun
        "두 젊은이가 보고있었다.",
        "여러 사람이 왔다.",  # 여러 joins only units (제2항 보충1)
        "세 대",  # 대 is left out: 세대 would read as 'generation'
        "v3.11 번",
    ],
    "spacing-uri-nara": [
        "우리 나라 대사관",  # already North Korean (제6항 1)'s own example)
        "우리 말 공부",
        "우리들의 나라",
    ],
}


def _cases(table: dict) -> list:
    return [pytest.param(name, *case, id=f"{name}:{case[0] if isinstance(case, tuple) else case}")
            for name, cases in table.items() for case in cases]


@pytest.mark.parametrize("name,text,found,fix", _cases(FIRES))
def test_rule_fires_with_its_fix(name, text, found, fix):
    hits = RULES_BY_NAME[name].find(text)
    assert [(h.found, h.fix) for h in hits] == [(found, fix)]
    hit = hits[0]
    assert text[hit.start:hit.end] == hit.found
    assert apply_fixes(text, [RULES_BY_NAME[name]])[0] == text[:hit.start] + fix + text[hit.end:]


@pytest.mark.parametrize("name,text", [pytest.param(name, text, id=f"{name}:{text}")
                                       for name, texts in SILENT.items() for text in texts])
def test_rule_stays_silent(name, text):
    assert RULES_BY_NAME[name].find(text) == []


def test_every_rule_has_a_table_both_ways():
    assert set(FIRES) == set(SILENT) == set(RULES_BY_NAME)


def test_rules_are_named_documented_and_cite_an_article():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.name.startswith("spacing-") and re.fullmatch(r"[a-z-]+", rule.name)
        assert rule.severity in ("error", "warning", "info")
        assert rule.summary and rule.article.startswith("제")
        doc = rule.find.__doc__ or ""
        assert doc.startswith(rule.name + ":"), rule.name
        assert rule.article.split()[0].rstrip(",") in doc  # the article is quoted in the docstring
        assert "《" in doc  # with the norm's own words


@pytest.mark.parametrize("text", [
    "``할 수`` 있다",  # a literal
    ":term:`아는 것 <knowledge>`\\ 이 힘이다.",  # a role's text
    "`우리나라 <https://example.org>`_",  # a link
    ":doc:`x`\\ 이 가운데",  # 이 glued to markup by an escaped space is a particle, not a pronoun
])
def test_markup_and_literals_are_skipped(text):
    assert find_all(text) == []


def test_words_beside_markup_are_still_checked():
    text = "``make fmt`` 명령을 쓸 수 있다."
    assert [(r.name, h.found) for r, h in find_all(text)] == [("spacing-dependent-noun", "쓸 수")]


def test_a_line_break_is_no_space_between_words():
    assert find_all("할\n수 있다") == []


@pytest.mark.parametrize("text, fires", [
    ("할 수  있다", True),  # spaces only before the third word: 수 is before 있다
    ("할 수\n있다", False),  # a line break before it: the third word is not read
    ("할 수 \n있다", False),
    ("할 수 ``있다``", False),  # markup is no word
    ("x\\ 할 수 있다", True),  # beside an escaped space, the words are still read
])
def test_the_word_after_a_pair_is_read_across_spaces_only(text, fires):
    assert bool(RULES_BY_NAME["spacing-dependent-noun"].find(text)) is fires


def test_applying_the_fixes_leaves_nothing_and_is_stable():
    text = "국가는 그것을 알고 있으며, 그들 가운데 많은 사람이 할 수 있는 것은 두 가지이다."
    fixed = apply_fixes(text)[0]
    assert fixed == "국가는 그것을 알고있으며, 그들가운데 많은 사람이 할수 있는것은 두가지이다."
    assert find_all(fixed) == [] and apply_fixes(fixed)[0] == fixed


def test_hits_are_plain_data():
    hit = RULES_BY_NAME["spacing-dependent-noun"].find("할 수 있다")[0]
    assert hit == SpacingHit(0, 3, "할 수", "할수")


def _book_translations():
    for path in sorted((ROOT / "locale" / "ko_KP" / "LC_MESSAGES").glob("*.po")):
        for entry in read_catalog(path).entries:
            if entry.obsolete or entry.is_header:
                continue
            for text in (entry.msgstr_plural if entry.msgid_plural is not None else [entry.msgstr]):
                if text:
                    yield f"{path.name}:{entry.line}", text


def _check_spacing(folder: Path, glossary):
    from dalbit.check.engine import check_paths, select_rules

    return check_paths(glossary, sorted(folder.glob("*.po")), rules=select_rules([r.name for r in RULES]))


def test_the_book_follows_every_spacing_rule():
    """dalbit check runs the spacing rules on the book: no finding; the only waived hits are the
    South Korean spacing the translator's guide quotes as examples."""
    from dalbit.glossary import load_glossary

    report = _check_spacing(ROOT / "locale" / "ko_KP" / "LC_MESSAGES", load_glossary(ROOT / "locale" / "ko_KP" / "glossary.toml"))
    assert report.checked > 400 and report.findings == []
    waived = [w for w in report.waivers if w.rule.startswith("spacing-")]
    assert waived and all(w.used for w in waived)
    assert {Path(w.path).name for w in waived} == {"translating.po"}
    assert {"할 수", "올 듯하다", "우리나라", "우리말"} <= {w.term for w in waived}


def test_the_checker_runs_spacing_rules_for_north_korean_only(tmp_path):
    """The rules are the checker's (by name, with the fix); a glossary for another Korean (ko-KR)
    gets none of them."""
    from dalbit.glossary import Glossary

    (tmp_path / "a.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                   'msgid "You can open it."\nmsgstr "열 수 있다."\n', encoding="utf-8")
    north = _check_spacing(tmp_path, Glossary("", "en", "ko-KP", []))
    assert [(f.rule, f.found, f.expected) for f in north.findings] == [("spacing-dependent-noun", "열 수", "열수")]
    assert north.findings[0].line == 6  # the msgstr's line
    south = _check_spacing(tmp_path, Glossary("", "en", "ko-KR", []))
    assert south.findings == []


def test_the_book_writes_information_control_one_way():
    texts = [text for _, text in _book_translations()]
    assert not any("정보 통제" in text for text in texts)
    assert any("정보통제" in text for text in texts)


def _corpus_or_skip() -> Path:
    if not PYTHON_DOCS.is_dir():
        pytest.skip(f"{PYTHON_DOCS}: no corpus (set DALBIT_CORPORA to the folder holding python-docs-ko-3.13)")
    return PYTHON_DOCS


def test_the_bench_counts_findings_per_rule_on_real_catalogs(tmp_path):
    corpus = _corpus_or_skip()
    copy = tmp_path / "tutorial"
    shutil.copytree(corpus / "tutorial", copy)  # the corpus itself is never written
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_spacing.py"), str(copy), "--samples", "1"],
                         capture_output=True, text=True, check=True)
    counts = {line.split()[0]: int(line.split()[1]) for line in run.stdout.splitlines()
              if line.startswith("spacing-") and len(line.split()) == 3}
    assert set(counts) == set(RULES_BY_NAME)
    # South Korean spacing: dependent nouns, auxiliaries and native numerals apart
    assert counts["spacing-dependent-noun"] > 100
    assert counts["spacing-auxiliary-verb"] > 10
    assert counts["spacing-number-unit"] > 10
    assert "findings left after it: 0" in run.stdout
