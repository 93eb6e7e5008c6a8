"""A sample of `dalbit check` findings on the Korean Python docs, for a person to judge.

Precision is what a translator feels: a finding that is wrong for its context costs a look
and teaches them to skip the rest. This draws findings of the given rules at random (a fixed
seed, so a judged copy can be compared with the next run) and writes each with its English
and Korean to build/findings-sample-RULE.md; the judged copies are kept in bench/
(*-sample-judged.md: term-missing, forbidden, spelling, markup, consistency), each with the
seed and glossary it was drawn with, so that the next run can be compared with it.

Usage: python bench/sample_findings.py [--rule term-missing] [--size 100] [--seed 17] [--glossary G]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from dalbit.po.reader import read_or_error  # noqa: E402

CORPUS = Path(os.environ.get("DALBIT_CORPORA") or ROOT.parent / "shared" / "corpora") / "python-docs-ko-3.13"
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", action="append", help="a rule to sample (repeat for several); term-missing if none")
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--glossary", type=Path, default=GLOSSARY, help="the book's glossary if not given")
    parser.add_argument("--name", default="", help="added to the sample's file name")
    args = parser.parse_args()
    rules = args.rule or ["term-missing"]
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}: set DALBIT_CORPORA", file=sys.stderr)
        return 2
    done = subprocess.run([str(Path(sys.executable).parent / "dalbit"), "check", str(CORPUS), "--glossary",
                           str(args.glossary), "--format", "json", "--select", ",".join(rules)],
                          capture_output=True, text=True)
    findings = json.loads(done.stdout)["findings"]
    picked = random.Random(args.seed).sample(findings, min(args.size, len(findings)))
    picked.sort(key=lambda f: (f["path"], f["line"]))
    entries = {}
    for path in {f["path"] for f in picked}:
        catalog = read_or_error(Path(path))
        entries[path] = {e.translation_line: e for e in catalog.messages}
    out = [f"# {', '.join(rules)}: {len(picked)} of {len(findings)} findings (seed {args.seed}, glossary "
           f"{args.glossary.relative_to(ROOT) if args.glossary.is_relative_to(ROOT) else args.glossary})", "",
           "Judge each: **right** (the translation should change as the finding says), or **wrong**",
           "(and why: another sense of the English word, a name, code, a paraphrase that keeps the meaning).", ""]
    for number, finding in enumerate(picked, 1):
        entry = entries[finding["path"]].get(finding["line"])
        out += [f"## {number}. {Path(finding['path']).relative_to(CORPUS)}:{finding['line']} ({finding['rule']})", "",
                f"- finding: {finding['message']} (term: {finding['term']}; expected: {finding['expected']}; "
                f"found: {finding['found']})",
                f"- English: {' '.join(entry.msgid.split()) if entry else '?'}",
                f"- Korean: {' '.join(entry.msgstr.split()) if entry else '?'}",
                "- verdict: ", ""]
    target = ROOT / "build" / f"findings-sample-{'-'.join(rules)}{args.name}.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(out), encoding="utf-8")
    print(f"{len(picked)} of {len(findings)} findings: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
