"""Benchmark: `dalbit adapt` on the Korean Python docs (South Korean norms), issue 19.

On a copy of ../shared/corpora/python-docs-ko-3.13 (catalogs our reader refuses are left
out, as `dalbit check` would stop on them), measured in one run that starts with no analyses
remembered (its own DALBIT_CACHE_DIR, as on a fresh machine: `dalbit check` first, then adapt):

- forbidden and spelling findings of `dalbit check` after adapt, against before (aim: at
  most 10%). Adapt marks what it changes fuzzy, and the checker skips fuzzy entries, so
  "after" is checked on a copy where the entries adapt made fuzzy are not fuzzy: the
  adapted text itself is judged, not hidden;
- particle and markup findings: none added;
- `msgfmt -c` accepts every catalog after that it accepted before;
- running adapt again on its output changes nothing;
- seconds: `dalbit adapt` against `dalbit check` of the same files (aim: at most 3x);
- a sample of 200 changes drawn at random (seed 19) written to build/adapt-sample.md for
  a person to judge (the judged copy of the last one is bench/adapt-sample-judged.md).

Usage: python bench/bench_adapt.py [CORPUS]
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from dalbit.adapt import COMMENT_PREFIX  # noqa: E402
from dalbit.po.reader import read_catalog, read_or_error  # noqa: E402
from dalbit.po.writer import format_catalog  # noqa: E402

BIN = Path(sys.executable).parent
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"
CORPUS = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora") / "python-docs-ko-3.13"


def copy_readable(source: Path, target: Path) -> list[str]:
    """Copy the catalogs our reader accepts; the names of those it refuses."""
    refused = []
    for path in sorted(source.rglob("*.po")):
        if isinstance(read_or_error(path), Exception):
            refused.append(str(path.relative_to(source)))
            continue
        (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / path.relative_to(source))
    return refused


def run(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    return time.perf_counter() - start, done


def check(folder: Path) -> tuple[float, Counter]:
    seconds, done = run(str(BIN / "dalbit"), "check", str(folder), "--glossary", str(GLOSSARY), "--format", "json")
    return seconds, Counter(f["rule"] for f in json.loads(done.stdout)["findings"])


def msgfmt_ok(folder: Path) -> set[str]:
    ok = set()
    for path in sorted(folder.rglob("*.po")):
        if subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True).returncode == 0:
            ok.add(str(path.relative_to(folder)))
    return ok


def unfuzzied(source: Path, adapted: Path, target: Path) -> None:
    """A copy of the adapted catalogs where the entries adapt made fuzzy are not fuzzy."""
    for path in sorted(adapted.rglob("*.po")):
        before = {(e.msgctxt, e.msgid): e.fuzzy for e in read_catalog(source / path.relative_to(adapted)).messages}
        catalog = read_catalog(path)
        for entry in catalog.messages:
            if entry.fuzzy and not before.get((entry.msgctxt, entry.msgid), True) and \
                    any(c.startswith(COMMENT_PREFIX) for c in entry.translator_comments):
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        (target / path.relative_to(adapted)).parent.mkdir(parents=True, exist_ok=True)
        (target / path.relative_to(adapted)).write_text(format_catalog(catalog), encoding="utf-8")


def sample(report: dict, source: Path, size: int = 200, seed: int = 19) -> str:
    """Changes drawn at random, each with its sentence before and after, for a person to judge."""
    changes = []
    for result in report["files"]:
        catalog = {e.line: e for e in read_catalog(result["source"]).messages}
        adapted = {e.msgid: e for e in read_catalog(result["target"]).messages}
        for changed in result["entries_changed"]:
            entry = catalog[changed["line"]]
            for pair in changed["changes"]:
                changes.append((str(Path(result["source"]).relative_to(source)), changed["line"], pair,
                                entry.msgstr, adapted[entry.msgid].msgstr))
    rng = random.Random(seed)
    picked = sorted(rng.sample(changes, min(size, len(changes))), key=lambda c: (c[0], c[1]))
    lines = [f"# `dalbit adapt`: {len(picked)} changes drawn at random (seed {seed}) from {len(changes)}",
             "", "| # | where | change | verdict | before → after |", "|---|---|---|---|---|"]
    for n, (path, line, pair, before, after) in enumerate(picked, 1):
        cell = lambda text: " ".join(text.split()).replace("|", "\\|")[:300]  # noqa: E731
        lines.append(f"| {n} | {path}:{line} | {pair} | ? | {cell(before)} → {cell(after)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    if not corpus.is_dir():
        print(f"{corpus}: no corpus: set DALBIT_CORPORA to the folder holding python-docs-ko-3.13")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["DALBIT_CACHE_DIR"] = str(tmp / "cache")  # every command below: a fresh machine's memory
        source, out, judged = tmp / "source", tmp / "out", tmp / "judged"
        refused = copy_readable(corpus, source)
        ok_before = msgfmt_ok(source)
        check_seconds, before = check(source)
        adapt_seconds, done = run(str(BIN / "dalbit"), "adapt", str(source), "-o", str(out),
                                  "--glossary", str(GLOSSARY), "--format", "json")
        if done.returncode != 0:
            print(done.stderr)
            return 1
        report = json.loads(done.stdout)
        again_seconds, again = run(str(BIN / "dalbit"), "adapt", str(out), "--in-place",
                                   "--glossary", str(GLOSSARY), "--format", "json")
        second = json.loads(again.stdout)
        unfuzzied(source, out, judged)
        _, after = check(judged)
        ok_after = msgfmt_ok(out)
        # The glossary's avoided forms at every level, and the spelling list.
        kinds = ("forbidden", "south-korean-form", "better-form", "spelling")
        print(f"corpus: {corpus} ({len(list(source.rglob('*.po')))} catalogs; left out, unreadable: "
              f"{', '.join(refused) or 'none'})")
        print(f"entries changed: {report['total']['changed']} of {report['total']['entries']}; "
              f"words by rule: {report['total']['changes']}; words left: {report['total']['left']}")
        for kind in kinds:
            print(f"{kind}: {before[kind]} before, {after[kind]} after ({after[kind] / max(before[kind], 1):.1%})")
        total_before, total_after = sum(before[k] for k in kinds), sum(after[k] for k in kinds)
        print(f"avoided forms + spelling: {total_before} -> {total_after} "
              f"({total_after / max(total_before, 1):.1%}; aim <= 10%)")
        spacing = sorted(rule for rule in {*before, *after} if rule.startswith("spacing-"))
        for kind in spacing:
            print(f"{kind}: {before[kind]} before, {after[kind]} after "
                  f"({1 - after[kind] / max(before[kind], 1):.1%} resolved)")
        spacing_before, spacing_after = sum(before[k] for k in spacing), sum(after[k] for k in spacing)
        print(f"spacing: {spacing_before} -> {spacing_after} ({1 - spacing_after / max(spacing_before, 1):.1%} resolved)")
        for kind in ("particle", "markup", "glued-markup"):
            print(f"{kind}: {before[kind]} before, {after[kind]} after (aim: none added)")
        print(f"msgfmt -c: {len(ok_before)} accepted before, {len(ok_after & ok_before)} of them after"
              f" ({', '.join(sorted(ok_before - ok_after)) or 'none lost'})")
        print(f"second run: {second['total']['changed']} entries changed, {len(second['written'])} written "
              "(aim: 0)")
        print(f"seconds: adapt {adapt_seconds:.2f} (again {again_seconds:.2f}), check {check_seconds:.2f}: "
              f"{adapt_seconds / check_seconds:.2f}x (aim <= 3x)")
        (ROOT / "build").mkdir(exist_ok=True)
        (ROOT / "build" / "adapt-sample.md").write_text(sample(report, source), encoding="utf-8")
        print("sample of 200 changes to judge: build/adapt-sample.md (judged: bench/adapt-sample-judged.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
