"""Benchmark: the translator's loop and the full build of the book.

- One .po edit, then the HTML build (`dalbit build html`, what `make html` runs: every edition,
  incremental), against a bare incremental `sphinx-build` of the Korean edition after the same edit.
- The full release build (`make`: every edition's HTML and EPUB, epubcheck, chooser, bundle) from nothing.

Each round edits a copy of the book, so the repository is never touched. Ratios are taken within a round.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def copy_book(target: Path) -> Path:
    for name in ("docs", "locale", "conf.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, target / name)
    return target


def edit(book: Path, round_number: int) -> None:
    """Change one translation, as a translator saving one message does."""
    po = book / "locale" / "ko_KP" / "LC_MESSAGES" / "technology.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "', f'msgstr "{round_number}', 1), encoding="utf-8")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def translator_loop(rounds: int) -> None:
    ratios, ours, bare = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        book = copy_book(Path(tmp, "book"))
        dalbit = [str(BIN / "dalbit"), "build", "html"]
        sphinx = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", ".", "-D", "language=ko_KP",
                  "-D", "dalbit_edition=ko", "-d", "bare/doctrees", "docs", "bare/html"]
        timed(dalbit, book)
        timed(sphinx, book)
        for number in range(rounds):
            edit(book, number)
            a = timed(dalbit, book)
            edit(book, number + 100)
            b = timed(sphinx, book)
            ours.append(a)
            bare.append(b)
            ratios.append(a / b)
    print(f"one .po edit, then the HTML build ({rounds} rounds, medians)")
    print(f"  dalbit build html (every edition)      {statistics.median(ours):6.2f} s")
    print(f"  bare sphinx-build, Korean edition       {statistics.median(bare):6.2f} s")
    print(f"  ratio {statistics.median(ratios):.2f}x (rounds {', '.join(f'{r:.2f}' for r in ratios)})")


def full_build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seconds = timed(["make", "-C", str(ROOT), f"BUILD={tmp}/build", f"DIST={tmp}/dist",
                         f"BIN={BIN}", f"VENV={BIN.parent}"], ROOT)
    print(f"full make of the book from nothing: {seconds:.1f} s on {os.cpu_count()} cores")


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    translator_loop(rounds)
    full_build()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
