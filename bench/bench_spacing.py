"""Count: the North Korean spacing rules (dalbit.spacing) on a real South Korean corpus.

Reads every catalog of the Korean Python docs (python-docs-ko-3.13, found as the tests
find it: $DALBIT_CORPORA, else ../shared/corpora), runs each rule over every translated,
non-fuzzy message and prints, per rule, the findings, the messages with at least one,
and (with --samples N) N findings to read, to judge the rule's precision by eye.
Also prints how many messages ``apply_fixes`` changes and that a second pass finds nothing.
The corpus is only read.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from dalbit.po.model import Catalog  # noqa: E402
from dalbit.po.reader import read_or_error  # noqa: E402
from dalbit.spacing import RULES, apply_fixes, find_all  # noqa: E402

CORPORA = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora")


def translations(corpus: Path) -> tuple[list[tuple[str, int, str]], list[str]]:
    """(path, line, translation) of every translated message, plural forms included, and the
    catalogs that cannot be read (the corpus has one with a duplicate entry), named as ``dalbit``
    names them."""
    found, broken = [], []
    for path in sorted(corpus.rglob("*.po")):
        catalog = read_or_error(path)
        if not isinstance(catalog, Catalog):
            broken.append(str(catalog))
            continue
        for entry in catalog.messages:
            if not entry.translated:
                continue
            for text in (entry.msgstr_plural if entry.msgid_plural is not None else [entry.msgstr]):
                found.append((str(path.relative_to(corpus)), entry.line, text))
    return found, broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPORA / "python-docs-ko-3.13")
    parser.add_argument("--samples", type=int, default=0, help="findings to print per rule (random, seed 20)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus (set DALBIT_CORPORA to the folder holding python-docs-ko-3.13)",
              file=sys.stderr)
        return 2
    texts, broken = translations(args.corpus)
    for error in broken:
        print(f"skipped: {error}", file=sys.stderr)
    start = time.perf_counter()
    findings: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    examples: dict[str, list[str]] = {rule.name: [] for rule in RULES}
    for path, line, text in texts:
        seen = set()
        for rule, hit in find_all(text):
            findings[rule.name] += 1
            seen.add(rule.name)
            examples[rule.name].append(f"{path}:{line}: {hit.found} -> {hit.fix}")
        for name in seen:
            messages[name] += 1
    elapsed = time.perf_counter() - start
    changed = [text for _, _, text in texts if apply_fixes(text)[0] != text]
    left = sum(1 for text in changed if find_all(apply_fixes(text)[0]))
    catalogs = len({path for path, _, _ in texts})
    print(f"{args.corpus.name}: {catalogs} catalogs, {len(texts)} translated messages, "
          f"rules in {elapsed:.2f} s")
    print(f"{'rule':<26} {'findings':>9} {'messages':>9}")
    for rule in RULES:
        print(f"{rule.name:<26} {findings[rule.name]:>9} {messages[rule.name]:>9}")
    print(f"{'all':<26} {sum(findings.values()):>9} {len(changed):>9}")
    print(f"apply_fixes changes {len(changed)} messages; findings left after it: {left}")
    rng = random.Random(20)
    for rule in RULES:
        pool = examples[rule.name]
        for example in rng.sample(pool, min(args.samples, len(pool))):
            print(f"  {rule.name}: {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
