"""A changed .po rebuilds the pages it touches, even when its timestamp says otherwise
(sphinx #4476), and updating catalogs never drops a translation."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from dalbit.po.reader import read_catalog

SPHINX = [sys.executable, "-m", "sphinx"]


def copy_project(target: Path) -> Path:
    for name in ("docs", "locale", "conf.py", "Makefile", "pyproject.toml", "tools/setup"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.mo", "*.js", "__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def build_ko(project: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*SPHINX, "-b", "html", "-c", ".", "-D", "language=ko_KP", "-W", "-q",
         "-d", "build/doctrees", "docs", "build/html"],
        cwd=project, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return result


def index_entries(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])["indexentries"]


def test_changed_po_rebuilds_its_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build_ko(project)
    page = project / "build/html/technology.html"
    po = project / "locale/ko_KP/LC_MESSAGES/technology.po"
    title = read_catalog(po).messages[0]  # the page title
    assert title.translated and title.msgstr in page.read_text(encoding="utf-8")
    stat = po.stat()
    marker = "달빛시험제목"
    text = po.read_text(encoding="utf-8")
    written = f'msgstr "{title.msgstr}"'
    assert written in text
    po.write_text(text.replace(written, f'msgstr "{marker} {title.msgstr}"', 1), encoding="utf-8")
    # Keep the old timestamp: a checkout or a copy that preserves mtimes does this.
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other = project / "build/html/glossary.html"
    other_before = other.stat().st_mtime_ns
    entries_before = index_entries(project / "build/html")
    build_ko(project)
    assert marker in page.read_text(encoding="utf-8")
    # The pages not written again keep their index entries in the search index (Sphinx drops them).
    assert index_entries(project / "build/html") == entries_before and len(entries_before) > 20
    assert other.stat().st_mtime_ns == other_before or marker not in other.read_text(encoding="utf-8")


def count_translated(folder: Path) -> dict[str, int]:
    return {p.name: sum(e.translated for e in read_catalog(p).messages)
            for p in sorted(folder.glob("*.po"))}


def test_update_po_keeps_every_translation(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    before = count_translated(project / "locale/ko_KP/LC_MESSAGES")
    venv_bin = Path(sys.executable).parent
    result = subprocess.run(
        ["make", "update-po", f"BIN={venv_bin}", f"VENV={venv_bin.parent}"],
        cwd=project, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    after = count_translated(project / "locale/ko_KP/LC_MESSAGES")
    assert after == before and sum(after.values()) > 200
