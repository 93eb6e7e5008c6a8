"""Broken catalogs: file:line, what and how to fix, exit 2, nothing written, and the same
verdict as GNU msgfmt --check."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'

BROKEN = {
    "unterminated string": (HEADER + 'msgid "a"\nmsgstr "b\n', 7),
    "stray text": (HEADER + 'msgid "a"\nmsgstr "b"\nhello\n', 8),
    "msgid without msgstr": (HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6),
    "duplicate msgid": (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9),
    "invalid escape": (HEADER + 'msgid "a"\nmsgstr "b\\q"\n', 7),
    "wrong encoding": (HEADER.encode().decode() + 'msgid "a"\nmsgstr "\udcff"\n', 7),
    "plural-forms mismatch": (HEADER + 'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', 6),
    "line structure": (HEADER + 'msgid "line\\n"\nmsgstr "줄"\n', 6),
}
#: msgfmt rejects it, and so does dalbit check, as a finding on the entry (exit 1): the file is
#: still read, so other commands go on and the other entries are still checked.
FORMAT = HEADER + '#, python-format\nmsgid "%(count)s files"\nmsgstr "화일"\n'

VALID = HEADER + '#, python-format\nmsgid "%(count)s files"\nmsgstr "%(count)s개 화일"\n\nmsgid "a\\n"\nmsgstr "ㄱ\\n"\n'


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def msgfmt_ok(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("name", BROKEN)
def test_broken_catalog(tmp_path: Path, name: str) -> None:
    text, line = BROKEN[name]
    po = write(tmp_path / "x.po", text)
    before = po.read_bytes()
    assert not msgfmt_ok(po), "msgfmt accepts it: the sample is not broken"
    for args in (["check", str(po), "--glossary", str(Path(__file__).parent / "data/glossary.toml")],
                 ["fmt", str(po)], ["stats", str(po), "--no-check"]):
        result = subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith(f"{po}:{line}: ") and "Traceback" not in result.stderr, result.stderr
    assert po.read_bytes() == before


def test_valid_catalog_agrees_with_msgfmt(tmp_path: Path) -> None:
    po = write(tmp_path / "x.po", VALID)
    assert msgfmt_ok(po)
    result = subprocess.run([sys.executable, "-m", "dalbit.cli", "fmt", "--check", str(po)], capture_output=True)
    assert result.returncode in (0, 1)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_format_directives_are_a_finding(tmp_path: Path) -> None:
    po = write(tmp_path / "x.po", FORMAT)
    assert not msgfmt_ok(po)
    glossary = str(Path(__file__).parent / "data/glossary.toml")
    result = subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(po), "--glossary", glossary],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert f"{po}:8: python-format: %(count)s" in result.stdout  # the msgstr line
    assert "%(count) of the English is missing" in result.stdout
    stats = subprocess.run([sys.executable, "-m", "dalbit.cli", "stats", str(po), "--no-check"],
                           capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
