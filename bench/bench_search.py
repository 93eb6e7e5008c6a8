"""Benchmark: the Korean search index against Sphinx's default, in the same run.

Builds the Korean site twice from scratch, with dalbit's Korean search language and
with Sphinx's default (whole words with their particles), and reports build time and
the size of searchindex.js and language_data.js.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(out: Path, korean_search: bool) -> float:
    # The search option is per language (dalbit_languages): a copy of conf.py sets it.
    conf = out / "conf"
    conf.mkdir(parents=True)
    search = "stems" if korean_search else "sphinx"
    (conf / "conf.py").write_text((ROOT / "conf.py").read_text(encoding="utf-8")
                                  + f'\ndalbit_languages = {{"ko_KP": {{"search": "{search}"}}}}\n',
                                  encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-c", str(conf),
                    "-D", "language=ko_KP",
                    "-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html")], check=True)
    return time.perf_counter() - start


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, flag in (("Sphinx default", False), ("dalbit Korean search", True)):
            times = [build(Path(tmp, f"{flag}-{i}"), flag) for i in range(3)]
            html = Path(tmp, f"{flag}-0", "html")
            index = (html / "searchindex.js").stat().st_size
            language = (html / "_static" / "language_data.js").stat().st_size
            rows.append((label, statistics.median(times), index, language))
    print(f"{'Korean site':24} {'build s':>8} {'searchindex KiB':>16} {'language_data KiB':>18}")
    for label, seconds, index, language in rows:
        print(f"{label:24} {seconds:8.2f} {index / 1024:16.1f} {language / 1024:18.1f}")
    (_, base_time, base_index, _), (_, our_time, our_index, _) = rows
    print(f"build time {our_time / base_time:.2f}x, index size {our_index / base_index:.2f}x the default")
    return 0


if __name__ == "__main__":
    sys.exit(main())
