"""Benchmark: the glossary checker against the tools a team would otherwise run.

Measured in one run, on the same generated workload (bench/workload.py):
dalbit check (parse included), Babel's and polib's parse, GNU msgfmt
--statistics on two processes, and translate-toolkit's pofilter (all checks).
Prints seconds, entries per second and the ratios the aims are stated in.
Timings are medians of --repeat runs; the machine is shared, so read ratios.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

from workload import write_workload  # noqa: E402


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", type=Path, help="reuse a generated workload folder")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pofilter", action="store_true")
    args = parser.parse_args()
    folder = args.workload or Path(tempfile.mkdtemp(prefix="dalbit-bench-"))
    if not (folder / "glossary.toml").is_file():
        write_workload(folder)
    paths = sorted((folder / "LC_MESSAGES").glob("*.po"))
    size = sum(p.stat().st_size for p in paths)

    from babel.messages.pofile import read_po
    import polib

    from dalbit.check import Checker, check_paths
    from dalbit.glossary import load_glossary
    from dalbit.po import read_catalog

    entries = sum(len(read_catalog(p).messages) for p in paths)  # nothing kept: forks stay small
    glossary = load_glossary(folder / "glossary.toml")

    cache = Path(tempfile.mkdtemp(prefix="dalbit-bench-cache-"))

    def dalbit_check() -> None:
        # Cold: a new, empty analyzer cache every run, so the model is loaded every time.
        os.environ["DALBIT_CACHE_DIR"] = tempfile.mkdtemp(dir=cache)
        check_paths(glossary, paths)

    def dalbit_check_warm() -> None:
        # Warm: what a translator's second run meets, the analyses of the first remembered.
        os.environ["DALBIT_CACHE_DIR"] = str(cache / "warm")
        check_paths(glossary, paths)

    def dalbit_check_one_core() -> None:
        os.environ["DALBIT_CACHE_DIR"] = tempfile.mkdtemp(dir=cache)
        Checker(glossary).check_catalogs([read_catalog(p) for p in paths])

    def babel_parse() -> None:
        for p in paths:
            with open(p, "rb") as handle:
                read_po(handle)

    def read_bytes() -> None:
        for p in paths:
            p.read_bytes()

    def dalbit_cli() -> None:
        os.environ["DALBIT_CACHE_DIR"] = str(cache / "warm")
        subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(folder / "LC_MESSAGES"),
                        "--format", "json"], stdout=subprocess.DEVNULL, check=False)

    def msgfmt() -> None:
        half = len(paths) // 2
        jobs = [subprocess.Popen(["sh", "-c", 'for f in "$@"; do msgfmt --statistics -o /dev/null "$f"; done',
                                  "sh", *map(str, chunk)], stderr=subprocess.DEVNULL)
                for chunk in (paths[:half], paths[half:])]
        for job in jobs:
            job.wait()

    def pofilter() -> None:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none",
                            "-i", str(folder / "LC_MESSAGES"), "-o", out],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    runs = [("read the bytes (floor)", read_bytes, args.repeat),
            ("babel read_po", babel_parse, args.repeat),
            ("polib pofile", lambda: [polib.pofile(str(p)) for p in paths], args.repeat),
            ("msgfmt --statistics, 2 processes", msgfmt, args.repeat),
            ("dalbit check, one core, cold (parse + all rules)", dalbit_check_one_core, args.repeat),
            ("dalbit check, cold: analyzer loaded (parse + all rules)", dalbit_check, args.repeat),
            ("dalbit check, warm: analyses remembered", dalbit_check_warm, args.repeat),
            ("dalbit check, command line, warm (start-up, JSON)", dalbit_cli, args.repeat)]
    if not args.skip_pofilter:
        runs.append(("translate-toolkit pofilter, all checks", pofilter, 1))
    results = {}
    print(f"workload: {len(paths)} files, {entries} entries, {size / 1e6:.1f} MB, "
          f"{len(glossary.concepts)} concepts")
    print(f"{'what':62} {'seconds':>8} {'entries/s':>10}")
    for name, run, repeat in runs:
        seconds = timed(run, repeat)
        results[name] = seconds
        print(f"{name:62} {seconds:8.2f} {entries / seconds:10.0f}")
    babel = results["babel read_po"]
    for label in ("cold", "warm"):
        check = next(v for k, v in results.items() if k.startswith(f"dalbit check, {label}"))
        print(f"dalbit check ({label}) / babel parse: {check / babel:.2f}x (aim: at most 2x)")
        if "translate-toolkit pofilter, all checks" in results:
            print(f"pofilter / dalbit check ({label}): "
                  f"{results['translate-toolkit pofilter, all checks'] / check:.1f}x faster (aim: at least 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
