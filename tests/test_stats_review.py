"""Stats for translators and the reviewer's report, driven in headless Chromium."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    report = tmp_path / "USB STICK" / "review report.html"
    report.parent.mkdir()
    assert run("review", str(folder), "-o", str(report)).returncode == 0
    text = report.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in text and "&lt;script&gt;window.pwned" in text
    with reader_page(browser, report.parent) as page:
        page.goto(report.as_uri())
        assert page.evaluate("window.pwned === undefined")
        assert "<script>window.pwned=1</script>" in page.inner_text("body")
        visible = lambda: page.eval_on_selector_all(  # noqa: E731
            "section.document tr[data-file]:not(.hidden)",
            "rows => rows.map(r => r.dataset.file + ':' + r.dataset.status)")
        assert len(visible()) == 5
        page.select_option("select[name=status]", "fuzzy")
        assert visible() == ["a.po:fuzzy"]
        page.select_option("select[name=status]", "")
        page.select_option("select[name=file]", "b.po")
        assert visible() == ["b.po:translated"]
        page.select_option("select[name=file]", "")
        page.select_option("select[name=rule]", "forbidden")
        assert visible() == ["a.po:translated"]
        assert page.locator("section.concept#concept-mobile-phone mark").count() >= 2
        assert page.locator("section.concept#concept-mobile-phone").is_hidden()  # no forbidden finding there
