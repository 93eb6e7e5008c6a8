"""A Sphinx build of a translated edition reports the checker's findings as warnings."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_rebuild import copy_project


def test_findings_are_build_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    po = project / "locale/ko_KP/LC_MESSAGES/technology.po"
    text = po.read_text(encoding="utf-8")
    assert "콤퓨터" in text
    po.write_text(text.replace("콤퓨터", "컴퓨터", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-D", "language=ko_KP", "-q",
         "-d", "build/doctrees", "docs", "build/html"],
        cwd=project, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert any("technology.po:" in w and "forbidden: computer: expected 콤퓨터, found 컴퓨터" in w
               for w in warnings), result.stderr
