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


#: (English, translation): references Sphinx compares with the English (sphinx.transforms.i18n).
REFERENCE_CASES = [
    ("Read `Python`_ now.", "지금 `Python`_\\ 을 읽는다."),
    ("Read `Python`_ now.", "지금 `파이썬 <Python_>`_\\ 을 읽는다."),
    ("Read `Python`_ now.", "지금 `파이썬 <Python_>`_\\ 을 읽는다. #noqa"),
    ("Read `Python`_ now.", "지금 Python_\\ 을 읽는다."),
    ("Read `Python`_ and `Python`_ again.", "`Python`_\\ 을 또 읽는다."),
    ("Read alpha_ and beta_.", "beta_\\ 와 alpha_\\ 를 읽는다."),
    ("Read alpha_ and beta_.", "alpha_\\ 와 beta_\\ 를 읽는다."),
    ("Read alpha_ and beta_.", "alpha_\\ 를 읽는다."),
    ("A note [#]_ and a source [CIT2024]_.", "[CIT2024]_\\ 와 주석 [#]_."),
    ("A note [#]_ and a source [CIT2024]_.", "주석 [#]_\\ 과 출처 [CIT2024]_."),
    ("Use :func:`len` here and :func:`len` there.", ":func:`len`\\ 를 쓴다."),
    ("Use :func:`len` here and :func:`len` there.", "여기서 :func:`len`\\ 을, 저기서 :func:`len`\\ 을 쓴다."),
    ("Use :func:`len` and :func:`max`.", ":func:`max`\\ 와 :func:`len`\\ 을 쓴다."),
    ("Use :func:`len` and :func:`max`.", ":meth:`len`\\ 과 :func:`max`\\ 를 쓴다."),
    ("See :term:`keyword argument` and ``x``.", ":term:`키워드 인자 <keyword argument>`\\ 와 ``x``\\ 를 본다."),
    ("See :term:`keyword argument` and ``x``.", ":term:`키워드 인자 <keyword argument>`\\ 를 두번 :term:`본다 <keyword argument>`."),
]


def test_the_checker_warns_where_sphinx_warns_of_inconsistent_references(tmp_path: Path) -> None:
    """The markup rule (a reference missing or added) and inconsistent-references (written otherwise,
    or in another order) report exactly the messages Sphinx warns about, so that dalbit build (-W)
    does not fail on a catalog dalbit check passed."""
    import polib

    from dalbit.check.engine import check_paths, select_rules

    paragraphs = "\n\n".join(english for english, _ in dict.fromkeys(REFERENCE_CASES))
    (tmp_path / "conf.py").write_text("language = 'ko'\nlocale_dirs = ['locale']\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        f"Test\n====\n\n{paragraphs}\n\n.. _Python: https://www.python.org/\n.. _alpha: https://a.example/\n"
        ".. _beta: https://b.example/\n\n.. [#] A note.\n\n.. [CIT2024] A source.\n\n"
        ".. glossary::\n\n   keyword argument\n      An argument given by name.\n", encoding="utf-8")
    found_by = {}
    for index, (english, korean) in enumerate(REFERENCE_CASES):
        folder = tmp_path / f"case{index}"
        catalog = polib.POFile()
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        catalog.append(polib.POEntry(msgid=english, msgstr=korean))
        (folder / "locale/ko/LC_MESSAGES").mkdir(parents=True)
        catalog.save(str(folder / "locale/ko/LC_MESSAGES/index.po"))
        for name in ("conf.py", "index.rst"):
            (folder / name).write_bytes((tmp_path / name).read_bytes())
        result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", ".", "_build"], cwd=folder,
                                capture_output=True, text=True)
        sphinx_warns = "inconsistent" in result.stderr
        report = check_paths(None, [folder / "locale/ko/LC_MESSAGES/index.po"],
                             rules=select_rules(["markup", "inconsistent-references"]))
        found_by[(english, korean)] = (sphinx_warns, bool(report.findings))
    assert all(warns == found for warns, found in found_by.values()), found_by
    assert sum(warns for warns, _ in found_by.values()) >= 5  # the cases do make Sphinx warn
