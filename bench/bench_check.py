"""Benchmark: the glossary checker against the tools a team would otherwise run.

Measured in one run, on the same generated workload (bench/workload.py):
dalbit check (parse included), Babel's and polib's parse, GNU msgfmt
--statistics on two processes, and translate-toolkit's pofilter (all checks).
Prints seconds, entries per second and the ratios the aims are stated in.
Timings are medians of --repeat rounds; the machine is shared, so read ratios,
which are taken within each round.
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


def timed(run) -> float:
    """Seconds ``run`` took: its own figure when it returns one (a run in another process)."""
    start = time.perf_counter()
    own = run()
    return own if isinstance(own, float) else time.perf_counter() - start


#: A first run in a new process, timed there from the glossary's reading to the report, as
#: Babel's parse is timed in this process: neither counts Python's start or its imports.
FIRST_RUN = """
import os, sys, time
from pathlib import Path
from dalbit.check import catalog_paths, check_paths
from dalbit.glossary import load_glossary
folder = Path(sys.argv[1])
start = time.perf_counter()
check_paths(load_glossary(folder / "glossary.toml"), catalog_paths(folder / "LC_MESSAGES"))
print(time.perf_counter() - start, flush=True)
os._exit(0)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", type=Path, help="reuse a generated workload folder")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (each times every tool once)")
    parser.add_argument("--skip-pofilter", action="store_true")
    args = parser.parse_args()
    folder = args.workload or Path(tempfile.mkdtemp(prefix="dalbit-bench-"))
    if not (folder / "glossary.toml").is_file():
        write_workload(folder)
    paths = sorted((folder / "LC_MESSAGES").glob("*.po"))
    size = sum(p.stat().st_size for p in paths)

    from babel.messages.pofile import read_po
    import polib

    from dalbit.check import check_paths
    from dalbit.glossary import load_glossary
    from dalbit.po.reader import read_catalog

    entries = sum(len(read_catalog(p).messages) for p in paths)  # nothing kept: forks stay small
    glossary = load_glossary(folder / "glossary.toml")

    cache = Path(tempfile.mkdtemp(prefix="dalbit-bench-cache-"))

    def dalbit_check_warm() -> None:
        # Warm: what a translator's second run meets, the analyses of the first remembered.
        os.environ["DALBIT_CACHE_DIR"] = str(cache / "warm")
        check_paths(glossary, paths)

    def babel_parse() -> None:
        for p in paths:
            with open(p, "rb") as handle:
                read_po(handle)

    def read_bytes() -> None:
        for p in paths:
            p.read_bytes()

    def dalbit_cli(memory: str) -> None:
        # The command a translator runs: a new process, start-up and JSON output included.
        os.environ["DALBIT_CACHE_DIR"] = memory
        subprocess.run([sys.executable, "-m", "dalbit.cli", "check", str(folder / "LC_MESSAGES"),
                        "--format", "json"], stdout=subprocess.DEVNULL, check=False)

    def dalbit_cold() -> float:
        # Cold: a first run, no analyses remembered, so the Korean model is loaded, in a new
        # process (a process that has loaded the model before is bigger and slower to fork).
        env = {**os.environ, "DALBIT_CACHE_DIR": tempfile.mkdtemp(dir=cache),
               "PYTHONPATH": str(ROOT / "tools")}
        done = subprocess.run([sys.executable, "-c", FIRST_RUN, str(folder)], env=env,
                              capture_output=True, text=True, check=True)
        return float(done.stdout)

    def dalbit_cli_cold() -> None:
        # The same first run as the command a translator types: Python's start, imports and
        # JSON output included.
        dalbit_cli(tempfile.mkdtemp(dir=cache))

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

    runs = [("read the bytes (floor)", read_bytes),
            ("babel read_po", babel_parse),
            ("polib pofile", lambda: [polib.pofile(str(p)) for p in paths]),
            ("msgfmt --statistics, 2 processes", msgfmt),
            ("dalbit check, warm: analyses remembered (parse + all rules)", dalbit_check_warm),
            ("dalbit check, cold: first run, model loaded (parse + all rules)", dalbit_cold),
            ("dalbit check, command line, cold: model loaded", dalbit_cli_cold),
            ("dalbit check, command line, warm", lambda: dalbit_cli(str(cache / "warm")))]
    print(f"workload: {len(paths)} files, {entries} entries, {size / 1e6:.1f} MB, "
          f"{len(glossary.concepts)} concepts; {args.repeat} rounds, medians")
    dalbit_check_warm()  # the first warm run fills the memory of analyses
    # Rounds, each timing every tool once: the machine is shared, and its speed drifts
    # within a minute, so each ratio is taken within one round, then the median is printed.
    times: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(args.repeat):
        for name, run in runs:
            times[name].append(timed(run))
    print(f"{'what':62} {'seconds':>8} {'entries/s':>10}")
    for name, _ in runs:
        seconds = statistics.median(times[name])
        print(f"{name:62} {seconds:8.2f} {entries / seconds:10.0f}")
    pofilter_seconds = None
    if not args.skip_pofilter:
        pofilter_seconds = timed(pofilter)
        name = "translate-toolkit pofilter, all checks (one run)"
        print(f"{name:62} {pofilter_seconds:8.2f} {entries / pofilter_seconds:10.0f}")
    babel = times["babel read_po"]
    for label, name in (("warm", "dalbit check, warm: analyses remembered (parse + all rules)"),
                        ("cold", "dalbit check, cold: first run, model loaded (parse + all rules)"),
                        ("command line, cold", "dalbit check, command line, cold: model loaded"),
                        ("command line, warm", "dalbit check, command line, warm")):
        check = times[name]
        ratios = sorted(c / b for c, b in zip(check, babel))
        print(f"dalbit check ({label}) / babel parse: {statistics.median(ratios):.2f}x "
              f"(rounds: {' '.join(f'{r:.2f}' for r in ratios)}; aim: at most 2x)")
        if pofilter_seconds is not None:
            print(f"pofilter / dalbit check ({label}): {pofilter_seconds / statistics.median(check):.1f}x "
                  "faster (aim: at least 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
