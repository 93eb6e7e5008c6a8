"""Stats for translators and the reviewer's report, driven in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import reader_page
from test_check import DATA, write_po


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True)


def catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    write_po(folder / "a.po", [
        ("", "The mobile phone is small.", "손전화는 작다."),
        ("", "A computer is here.", "컴퓨터가 있다."),
        ("#, fuzzy", "A mobile phone is cheap.", "손전화는 싸다."),
        ("", "Not done yet.", ""),
    ])
    write_po(folder / "b.po", [("", "Phones and <b>code</b>.", "손전화와 <script>window.pwned=1</script>.")])
    for name in ("glossary.toml", "spelling.toml"):  # the test's own lists, not the shipped spelling list
        (folder.parent / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_stats_counts_fuzzy_as_not_translated(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)
    result = run("stats", str(tmp_path / "locale"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["languages"]["ko_KP"]
    assert data["messages"] == {"translated": 3, "fuzzy": 1, "untranslated": 1, "total": 5}
    assert data["documents"]["a"]["words"]["fuzzy"] == 5
    assert data["documents"]["a"]["findings"] == 1  # 컴퓨터
    assert data["percent"] == 60.0
    assert run("stats", str(tmp_path / "locale"), "--fail-under", "61").returncode == 1
    assert run("stats", str(folder), "--fail-under", "60").returncode == 0
    table = run("stats", str(tmp_path / "locale")).stdout
    assert "a " in table and "60.0" in table and "█" in table


def test_review_report_offline_escaped_and_filtered(tmp_path: Path, browser) -> None:
    folder = catalogs(tmp_path)
    report = tmp_path / "USB STICK" / "review report"
    assert run("review", str(folder), "-o", str(report)).returncode == 0
    text = (report / "doc-b.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in text and "&lt;script&gt;window.pwned" in text
    with reader_page(browser, report.parent) as page:
        page.goto((report / "doc-b.html").as_uri())
        assert page.evaluate("window.pwned === undefined")
        assert "<script>window.pwned=1</script>" in page.inner_text("body")
        page.goto((report / "doc-a.html").as_uri())
        visible = lambda: page.eval_on_selector_all(  # noqa: E731
            "table.rows tr[data-file]:not(.hidden)",
            "rows => rows.map(r => r.dataset.file + ':' + r.dataset.status)")
        assert len(visible()) == 4
        page.select_option("select[name=status]", "fuzzy")
        assert visible() == ["a.po:fuzzy"]
        page.select_option("select[name=status]", "")
        page.select_option("select[name=rules]", "forbidden")
        assert visible() == ["a.po:translated"]
        page.goto((report / "concept-mobile-phone.html").as_uri())
        assert page.locator("td.ko mark").count() >= 2
        page.goto((report / "index.html").as_uri())
        page.select_option("select[name=rules]", "forbidden")
        assert visible_documents(page) == ["a.po"]


def visible_documents(page) -> list[str]:
    return page.eval_on_selector_all("table.documents tr[data-file]:not(.hidden)",
                                     "rows => rows.map(r => r.dataset.file)")


ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
ROW = re.compile(r'<tr data-row class="(\w+)"[^>]*>(.*?)</tr>', re.S)


def korean_cells(page: str) -> list[tuple[str, str]]:
    """(status, the Korean cell) of each row of a review page."""
    return [(status, re.search(r'<td class="ko"[^>]*>(.*?)</td>', cells, re.S).group(1))
            for status, cells in ROW.findall(page)]


def used(page: str) -> str:
    return re.search(r"<dt>Used</dt><dd>(.*?)</dd>", page).group(1)


def test_review_highlights_what_the_checker_matches(tmp_path: Path) -> None:
    """The book's catalogs pass dalbit check: every translated row of a concept the checker
    demands shows its rendering highlighted (spaced forms, endings, particles, dictionary forms),
    unless a waiver says why not, and every concept shows how it was rendered."""
    output = tmp_path / "review"
    result = run("review", str(ROOT / "locale" / "ko_KP" / "LC_MESSAGES"), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert run("check", str(ROOT / "locale" / "ko_KP" / "LC_MESSAGES")).returncode == 0
    unmarked, concepts = [], 0
    for path in sorted(output.glob("concept-*.html")):
        page = path.read_text(encoding="utf-8")
        concepts += 1
        cells = korean_cells(page)
        # Forms are counted in translated messages: a concept met only in untranslated ones has none.
        in_use = any(status == "translated" and "<mark" in ko for status, ko in cells)
        assert used(page).startswith("no glossary form") != in_use, path.name
        if "only its avoided forms" in page:  # use, work: the checker demands no rendering
            continue
        unmarked += [(path.name, ko[:60]) for status, ko in cells
                     if status == "translated" and "<mark" not in ko and "waived: term-missing" not in ko]
    assert concepts > 90 and unmarked == []
    for concept, form in (("foreign-media", "외국매체</span> ×"), ("k-pop", "한국대중가요</span> ×"),
                          ("south-korean-drama", "한국련속극</span> ×"), ("north-koreans", "조선사람</span> ×")):
        assert form in used((output / f"concept-{concept}.html").read_text(encoding="utf-8")), concept
    page = (output / "concept-foreign-media.html").read_text(encoding="utf-8")
    assert "<mark>외국매체</mark>" in page


def test_concept_spans_are_the_checkers_matches() -> None:
    from dalbit.analyzer import Analyzer, user_words
    from dalbit.check.engine import Matcher, concept_spans
    from dalbit.glossary import load_glossary

    glossary = load_glossary(DATA / "glossary.toml")
    matcher, concepts = Matcher(glossary, Analyzer(user_words(glossary))), glossary.by_id()
    text = "손전화를 켜고 조작 체계와 휴대폰을 본다."
    assert concept_spans(matcher, text, concepts["mobile-phone"]) == [(0, 3, "손전화"), (15, 18, "휴대폰")]
    assert concept_spans(matcher, text, concepts["operating-system"]) == [(8, 13, "조작체계")]
    assert concept_spans(matcher, text, concepts["network"]) == []


def test_concept_page_shows_what_a_reviewer_needs(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)
    write_po(folder / "c.po", [("", "The speaker is loud.", "확성기가 크다.")])
    output = tmp_path / "review"
    assert run("review", str(folder), "-o", str(output)).returncode == 0
    page = (output / "concept-earphone-test.html").read_text(encoding="utf-8")
    for shown in ("proposed: not yet approved", "Only here to test that 폰 inside 이어폰 is not flagged.",
                  "<dt>Evidence</dt><dd><ul><li>test (our own notes)</li></ul>", "<dt>Confidence</dt><dd>low</dd>", "<dt>Doubt</dt><dd>test entry",
                  '<dt>Forbidden (a reader is put at risk or does not understand)</dt><dd><span lang="ko-KP">폰</span>', "확성기</span> ×1"):
        assert shown in page, shown
    page = (output / "concept-mobile-phone.html").read_text(encoding="utf-8")
    assert '<dt>Acceptable</dt><dd><span lang="ko-KP">손전화기</span>' in page
    assert "<dt>Status</dt><dd>approved</dd>" in page
    index = (output / "index.html").read_text(encoding="utf-8")
    assert '<span class="proposed">proposed</span>' in index


def test_review_of_nested_catalogs_filters_by_path(tmp_path: Path, browser) -> None:
    """library/os.po and c-api/os.po: two documents, two pages, ids unique, filters by path."""
    folder = tmp_path / "locale" / "ko_KP" / "LC_MESSAGES"
    for name in ("library/os", "c-api/os", "library/OS", "os"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_po(folder / f"{name}.po", [("", f"A phone in {name}.", f"{name}의 손전화.")])
    (folder.parent / "glossary.toml").write_text((DATA / "glossary.toml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    output = tmp_path / "review"
    result = run("review", str(folder), "-o", str(output))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in output.glob("doc-*.html"))
    assert pages == ["doc-c-api.os.html", "doc-library.os-2.html", "doc-library.os.html", "doc-os.html"]
    for path in output.glob("*.html"):
        ids = re.findall(r' id="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), path.name
    with reader_page(browser, output) as page:
        page.goto((output / "concept-mobile-phone.html").as_uri())
        files = lambda: page.eval_on_selector_all(  # noqa: E731
            "table.rows tr[data-file]:not(.hidden)", "rows => rows.map(r => r.dataset.file)")
        assert sorted(files()) == ["c-api/os.po", "library/OS.po", "library/os.po", "os.po"]
        page.select_option("select[name=file]", "library/os.po")
        assert files() == ["library/os.po"]
        page.click("tr:not(.hidden) td.where a")
        # The msgstr line, the line dalbit check names.
        assert page.url.endswith("#L6") and page.inner_text("table.rows").count("library/os의") == 1
        page.goto((output / "index.html").as_uri())
        page.fill("input[name=path]", "c-api/")
        assert visible_documents(page) == ["c-api/os.po"]
        page.fill("input[name=path]", "library/os")
        assert visible_documents(page) == ["library/OS.po", "library/os.po"]


def test_review_replaces_only_its_own_folder(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)
    output = tmp_path / "review"
    assert run("review", str(folder), "-o", str(output)).returncode == 0
    (folder / "b.po").unlink()
    assert run("review", str(folder), "-o", str(output)).returncode == 0
    assert not (output / "doc-b.html").exists() and (output / "doc-a.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    result = run("review", str(folder), "-o", str(mine))
    assert result.returncode == 2 and result.stderr.startswith(f"{mine}: exists and is not a folder written by")
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


@pytest.mark.skipif(not (CORPORA / "python-docs-ko-3.13").is_dir(),
                    reason=f"the Korean Python docs are not at {CORPORA} (set DALBIT_CORPORA to the corpora folder)")
@pytest.mark.skipif(not Path("/usr/bin/time").is_file(), reason="no /usr/bin/time to measure memory (apt install time)")
def test_review_of_the_python_docs_is_small_and_works_offline(tmp_path: Path, browser) -> None:
    """508 catalogs: under 150 MB to write, and the largest pages work from file:// in Chromium.

    Measured as a reviewer runs it, after the check (make check) has analysed the Korean once:
    a machine's very first check loads the Korean model, whatever writes the pages."""
    output = tmp_path / "USB STICK" / "review"
    glossary = str(ROOT / "locale" / "ko_KP" / "glossary.toml")
    run("check", str(CORPORA / "python-docs-ko-3.13"), "--glossary", glossary)
    result = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "dalbit.cli", "review",
                             str(CORPORA / "python-docs-ko-3.13"), "--glossary", glossary, "-o", str(output)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2  # whatsnew/changelog.po cannot be read (test_corpus); the others are reviewed
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) // 1024
    assert peak < 150, f"{peak} MB"
    assert len(list(output.glob("doc-*.html"))) == 506
    largest = max(output.glob("*.html"), key=lambda p: p.stat().st_size)
    with reader_page(browser, output.parent) as page:
        for path in (output / "index.html", output / "doc-library.os.html", largest):
            page.goto(path.as_uri())
            assert page.locator("tr[data-row]").count() > 10, path.name
        page.select_option("select[name=file]", "library/os.po")
        shown = page.eval_on_selector_all("table.rows tr[data-file]:not(.hidden)",
                                          "rows => [...new Set(rows.map(r => r.dataset.file))]")
        assert shown == ["library/os.po"]


def test_stats_glossary_option_and_no_glossary_said(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in ("a.po", "b.po"):
        (alone / name).write_bytes((folder / name).read_bytes())
    result = run("stats", str(alone), "--format", "json")
    assert result.returncode == 0
    assert f"{alone}: no glossary.toml beside the catalogs" in result.stderr and "--glossary" in result.stderr
    assert json.loads(result.stdout)["languages"]["alone"]["documents"]["a"]["findings"] == 0
    result = run("stats", str(alone), "--format", "json", "--glossary", str(folder.parent / "glossary.toml"))
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["languages"]["alone"]["documents"]["a"]["findings"] == 1  # 컴퓨터
    assert run("stats", str(alone), "--no-check").stderr == ""


def test_check_takes_several_paths_outside_a_project(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)  # locale/ko_KP/LC_MESSAGES, its glossary beside it
    other = tmp_path / "other"
    (other / "sub").mkdir(parents=True)
    write_po(other / "sub" / "c.po", [("", "A computer.", "컴퓨터.")])
    write_po(other / "d.po", [("", "Hidden.", "숨은\u200b말.")])

    def check(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dalbit.cli", "check", *args], capture_output=True,
                              text=True, cwd=tmp_path)

    result = check(str(folder / "a.po"), "other", "--glossary", str(folder.parent / "glossary.toml"))
    assert result.returncode == 1, result.stderr
    for found in (f"{folder / 'a.po'}:", "other/sub/c.po:", "forbidden: computer", "other/d.po:", "zero-width"):
        assert found in result.stdout, found
    assert "3 files" in result.stdout and str(folder / "b.po") not in result.stdout
    result = check(str(folder / "a.po"), "other/sub/c.po", "other/d.po", str(folder / "a.po"))
    assert result.returncode == 1
    assert "== ko_KP ==" in result.stdout and "== no glossary ==" in result.stdout
    assert "other/sub/c.po, other/d.po: no glossary.toml beside the catalogs" in result.stderr
    mine = result.stdout.split("== no glossary ==")[1]
    assert "zero-width" in mine and "forbidden" not in mine  # no glossary for these two
    assert result.stdout.count(f"{folder / 'a.po'}:") >= 1 and "1 file," in result.stdout.split("==")[2]


def test_check_from_inside_the_catalog_folder_finds_the_glossary(tmp_path: Path) -> None:
    """dalbit check a.po (or .) run in LC_MESSAGES: the glossary above it counts, as from anywhere else."""
    folder = catalogs(tmp_path)
    for target in ("a.po", "."):
        result = subprocess.run([sys.executable, "-m", "dalbit.cli", "check", target], capture_output=True,
                                text=True, cwd=folder)
        assert result.returncode == 1, (target, result.stdout, result.stderr)
        assert "forbidden: computer" in result.stdout and "no glossary.toml" not in result.stderr, target


def test_review_marks_a_waiver_that_silences_nothing(tmp_path: Path) -> None:
    folder = catalogs(tmp_path)
    write_po(folder / "c.po", [("# dalbit-waive: forbiden 휴대폰: misspelt rule", "An advert.", "휴대폰 광고."),
                               ("# dalbit-waive: forbidden 휴대폰: quoting", "Another advert.", "휴대폰 광고.")])
    output = tmp_path / "review"
    assert run("review", str(folder), "-o", str(output)).returncode == 0
    page = (output / "doc-c.html").read_text(encoding="utf-8")
    assert '<li class="waiver unused">waiver unused: no rule is named forbiden' in page
    assert '<li class="waiver">waived: forbidden: 휴대폰: quoting</li>' in page


def test_review_pages_fit_a_phone(tmp_path: Path, browser) -> None:
    """At 390 px nothing needs a sideways scroll: long labels and code wrap, a concept's fields stack."""
    output = tmp_path / "review"
    assert run("review", str(ROOT / "locale" / "ko_KP" / "LC_MESSAGES"), "-o", str(output)).returncode == 0
    with reader_page(browser, output, viewport={"width": 390, "height": 800}) as page:
        for name in ("index.html", "concept-apartment.html", "doc-translating.html"):
            page.goto((output / name).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
