"""The real Korean Python docs (508 catalogs) through every reader, one run each: every
problem is reported in that one run, and nothing is written where the input is broken.

The corpus is read-only (shared/corpora): update works on a temporary copy.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
CORPUS = CORPORA / "python-docs-ko-3.13"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the Korean Python docs are not at {CORPUS} "
                                                            "(set DALBIT_CORPORA to the corpora folder)")

#: The one catalog that cannot be read: an obsolete entry repeats a live one (msgfmt says so too).
BROKEN = "whatsnew/changelog.po:77194:"
#: Catalogs msgfmt --check rejects for their python-format directives (gettext 0.21), each a
#: finding of dalbit check; argparse, tutorial/inputoutput and tutorial/introduction are not among
#: them: their English is no format string, so msgfmt holds the translation to nothing.
FORMAT_REJECTED = {
    "c-api/bytes.po", "faq/library.po", "faq/programming.po", "howto/logging-cookbook.po", "howto/logging.po",
    "howto/sockets.po", "library/difflib.po", "library/logging.po", "library/profile.po",
    "library/statistics.po", "library/stdtypes.po", "library/turtle.po", "library/urllib.parse.po",
    "library/wsgiref.po", "whatsnew/3.5.po", "whatsnew/3.6.po", "whatsnew/3.7.po", "whatsnew/3.8.po",
    "whatsnew/3.9.po",
}


def dalbit(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "dalbit.cli", *args], capture_output=True, text=True,
                            timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def broken_named(stderr: str, root: Path = CORPUS) -> None:
    assert f"{root / BROKEN} duplicate message definition" in stderr, stderr[-2000:]
    assert "1 catalog could not be read" in stderr


def test_check_reports_everything_in_one_run() -> None:
    result = dalbit("check", str(CORPUS), "--format", "json")
    assert result.returncode == 2
    broken_named(result.stderr)
    report = json.loads(result.stdout)
    assert report["broken"] == [{"path": str(CORPUS / "whatsnew/changelog.po"), "line": 77194,
                                 "message": report["broken"][0]["message"]}]
    assert report["summary"]["files"] == 506  # 508 less sphinx.po (excluded) and the broken one
    formats = {str(Path(f["path"]).relative_to(CORPUS)) for f in report["findings"]
               if f["rule"] == "guessed-format-flag"}
    assert formats == FORMAT_REJECTED
    # msgfmt -c reports 40 format errors in these files, each in prose Babel flagged python-format
    # (30% faster reads as % f): the flag is wrong, not the translation.
    assert report["summary"]["by_rule"]["guessed-format-flag"] == 40
    assert "python-format" not in report["summary"]["by_rule"]


def test_stats_keys_documents_by_path() -> None:
    result = dalbit("stats", str(CORPUS), "--format", "json")
    assert result.returncode == 2
    broken_named(result.stderr)
    language = json.loads(result.stdout)["languages"]["python-docs-ko-3.13"]
    documents = language["documents"]
    readable = {str(p.relative_to(CORPUS).with_suffix("")) for p in CORPUS.rglob("*.po")} - {
        "sphinx", "whatsnew/changelog"}
    assert set(documents) == readable  # nested folders do not collide (c-api/list, library/list)
    for kind in ("messages", "words"):
        for count in ("translated", "fuzzy", "untranslated", "total"):
            assert sum(d[kind][count] for d in documents.values()) == language[kind][count]
    assert sum(d["findings"] for d in documents.values()) == language["findings"] > 0


def test_fmt_check_names_every_file() -> None:
    result = dalbit("fmt", "--check", str(CORPUS))
    assert result.returncode == 2
    broken_named(result.stderr)
    assert result.stdout.count("not in canonical form") > 400  # the others are all still looked at


def test_review_of_the_readable_catalogs(tmp_path: Path) -> None:
    output = tmp_path / "review"
    result = dalbit("review", str(CORPUS), "-o", str(output))
    assert result.returncode == 2
    broken_named(result.stderr)
    assert "review of 506 catalogs" in result.stdout and len(list(output.glob("doc-*.html"))) == 506


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_update_writes_nothing_and_names_the_broken_catalog(tmp_path: Path) -> None:
    from dalbit.po.model import Catalog
    from dalbit.po.reader import read_catalog
    from dalbit.po.writer import format_catalog

    target = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    pots = tmp_path / "pot"
    for po in CORPUS.rglob("*.po"):
        relative = po.relative_to(CORPUS)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_bytes(po.read_bytes())
        # Templates: the English of each catalog (the broken one's by hand: it cannot be read).
        template = pots / relative.with_suffix(".pot")
        template.parent.mkdir(parents=True, exist_ok=True)
        if str(relative) == "whatsnew/changelog.po":
            template.write_text('msgid ""\nmsgstr ""\n\nmsgid "Changelog"\nmsgstr ""\n', encoding="utf-8")
            continue
        catalog = read_catalog(po)
        for entry in catalog.messages:
            entry.msgstr, entry.msgstr_plural = "", ["", ""] if entry.msgid_plural is not None else []
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        template.write_text(format_catalog(Catalog(str(template), catalog.messages)), encoding="utf-8")
    before = _digest(target)
    result = dalbit("update", str(pots), str(tmp_path / "locale"), "-l", "ko")
    assert result.returncode == 2
    assert f"{target / BROKEN}" in result.stderr and "nothing was written" in result.stderr
    assert _digest(target) == before
