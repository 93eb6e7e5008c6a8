"""Benchmark: ``dalbit check`` on the real Korean Python docs, against what a team would otherwise run.

In each round, on the same files (a copy of the corpus): Babel's parse (this process), then
``dalbit check`` as a translator runs it (a new process, Python's start-up and the JSON output
included), with the peak memory of its whole process tree:

- cold: nothing remembered (a first run, or CI on a fresh machine);
- warm: run again, nothing changed (analyses and results remembered);
- one edited: run again after one catalog (library/functions.po) got a new entry;
- analyses only: the results forgotten, the analyses remembered (after a glossary edit or a
  new Dalbit: every catalog is checked again);
- floor: the least any check does (reading every catalog and preparing every entry for one
  rule that needs no glossary, ``--select bidi-control --no-cache``).

Once, translate-toolkit's pofilter with all its checks. The machine is shared, so read the
ratios, taken within each round (medians printed). Last, the size of the package and of the
checker core, now and before issue 17 (from git).

``--generated`` runs the same on the generated workload (bench/workload.py) instead.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))
CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")
CORPUS = CORPORA / "python-docs-ko-3.13"


def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # fields[21]: resident pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


#: The last commit before issue 17 rebuilt the checker: the "before" of its size aim.
BEFORE = "881120b"
#: The checker core, old layout and new: the modules (or packages) named so under tools/dalbit/.
CORE = {"check", "po", "korean", "kiwi", "analyzer", "rstmarkup", "glossary"}


def package_lines(commit: str | None = None) -> tuple[int, int] | None:
    """Lines of tools/dalbit/*.py (all of them, the checker core) in the work tree or at a commit;
    None outside a git checkout."""
    command = ["git", "grep", "-c", "", *([commit] if commit else []), "--", "tools/dalbit/*.py"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        return None
    counts = [(path.split("tools/dalbit/", 1)[1], int(n)) for path, n in
              (line.rsplit(":", 1) for line in result.stdout.splitlines())]
    return sum(n for _, n in counts), sum(n for name, n in counts if name.split("/")[0].removesuffix(".py") in CORE)


def run_measured(command: list[str], env: dict) -> tuple[float, int]:
    """Seconds and peak memory of the process tree (sampled every 10 ms) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (each times every tool once)")
    parser.add_argument("--generated", action="store_true", help="the generated workload, not the corpus")
    parser.add_argument("--skip-pofilter", action="store_true")
    args = parser.parse_args()
    from babel.messages.pofile import read_po

    from dalbit.check.paths import catalog_paths

    if args.generated:
        from workload import write_workload

        folder = Path(tempfile.mkdtemp(prefix="dalbit-bench-"))
        write_workload(folder)
        catalogs, glossary = folder / "LC_MESSAGES", folder / "glossary.toml"
    elif CORPUS.is_dir():
        catalogs, glossary = CORPUS, ROOT / "locale" / "ko_KP" / "glossary.toml"
    else:
        print(f"no corpus at {CORPUS}: set DALBIT_CORPORA, or run with --generated", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="dalbit-bench-catalogs-"))
    shutil.copytree(catalogs, work / "catalogs")
    catalogs = work / "catalogs"
    paths = [path for path in catalog_paths(catalogs) if path.name != "sphinx.po"]
    edited = next((path for path in paths if path.name == "functions.po"), paths[len(paths) // 2])
    size = sum(path.stat().st_size for path in paths)
    command = [str(Path(sys.executable).parent / "dalbit"), "check", str(catalogs), "--glossary", str(glossary),
               "--format", "json"]
    cache = work / "cache"

    def babel() -> float:
        start = time.perf_counter()
        for path in paths:
            with open(path, "rb") as handle:
                try:
                    read_po(handle)
                except Exception:  # noqa: BLE001 - Babel's reading of a broken catalog is timed too
                    pass
        return time.perf_counter() - start

    print(f"{catalogs}: {len(paths)} files, {size / 1e6:.1f} MB; {args.repeat} rounds")
    floor = command[:3] + ["--select", "bidi-control", "--no-cache", "--format", "json"]
    runs = ("cold", "warm", "one edited", "analyses only")
    rows: dict[str, list[float]] = {label: [] for label in ("babel", *runs, "floor", "cold MB", "warm MB")}
    for round_ in range(args.repeat):
        memory = cache / str(round_)
        env = {**os.environ, "DALBIT_CACHE_DIR": str(memory)}
        rows["babel"].append(babel())
        for label in runs:  # each run reads what the runs before it remembered
            if label == "one edited":
                with edited.open("a", encoding="utf-8") as handle:
                    handle.write(f'\nmsgid "An entry added in round {round_}."\nmsgstr "{round_}번째 회차에 더한 항목."\n')
            if label == "analyses only":
                for results in memory.glob("results-*"):
                    results.unlink()
            seconds, peak = run_measured(command, env)
            rows[label].append(seconds)
            if label in ("cold", "warm"):
                rows[f"{label} MB"].append(peak / 1e6)
        rows["floor"].append(run_measured(floor, env)[0])
    for label, values in rows.items():
        print(f"{label:14} {statistics.median(values):8.2f}   ({' '.join(f'{v:.2f}' for v in values)})")
    aims = {"cold": "at most 2.0x", "warm": "at most 1.5x", "one edited": "", "analyses only": "",
            "floor": "reading and preparing the entries, one rule"}
    for label, aim in aims.items():
        ratios = [check / parse for check, parse in zip(rows[label], rows["babel"])]
        print(f"dalbit check {label} / babel parse: {statistics.median(ratios):.2f}x" + (f" ({aim})" if aim else ""))
    print(f"peak memory of the process tree: {max(rows['cold MB'] + rows['warm MB']):.0f} MB (aim: at most 400)")
    now, before = package_lines(), package_lines(BEFORE)
    if now and before:
        print(f"tools/dalbit/*.py: {now[0]:,} lines ({before[0]:,} at {BEFORE}, before issue 17); the checker core "
              f"({', '.join(sorted(CORE))}): {now[1]:,} ({before[1]:,})")
    if not args.skip_pofilter:
        with tempfile.TemporaryDirectory() as out:
            seconds, _ = run_measured([str(Path(sys.executable).parent / "pofilter"), "--progress=none",
                                       "-i", str(catalogs), "-o", out], dict(os.environ))
        print(f"pofilter, all checks: {seconds:.2f} s: "
              + ", ".join(f"{seconds / statistics.median(rows[label]):.1f}x dalbit check {label}" for label in runs)
              + " (aim: at least 10x)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
