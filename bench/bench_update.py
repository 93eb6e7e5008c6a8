"""Benchmark: `dalbit update` against `msgmerge --previous` after 2% of the English changed.

Same workload (bench/workload.py), same edited templates, measured in one run:
seconds, and what each tool did with the translations (kept, fuzzy with the old
translation, obsolete, lost). Translations lost must be zero for both.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

from dalbit.po.model import Catalog, Entry  # noqa: E402
from dalbit.po.reader import read_catalog  # noqa: E402
from dalbit.po.writer import format_catalog  # noqa: E402
from dalbit.update import update_all  # noqa: E402
from workload import write_workload  # noqa: E402


def make_templates(po_dir: Path, pot_dir: Path, share: float = 0.02, seed: int = 7) -> dict[str, str]:
    """Write edited templates; return new msgid -> the translation it should get back."""
    rng = random.Random(seed)
    changed: dict[str, str] = {}
    pot_dir.mkdir(parents=True, exist_ok=True)
    for po in sorted(po_dir.glob("*.po")):
        catalog = read_catalog(po)
        entries = [Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")]
        for e in catalog.messages:
            msgid = e.msgid
            if rng.random() < share:
                words = msgid.split()
                words[rng.randrange(len(words))] = "changed"
                msgid = " ".join(words)
                if e.msgstr and not e.fuzzy:
                    changed[msgid] = e.msgstr
            entries.append(Entry(msgid=msgid, reference_lines=e.reference_lines))
        (pot_dir / po.with_suffix(".pot").name).write_text(format_catalog(Catalog(str(po), entries)),
                                                           encoding="utf-8")
    return changed


def outcome(folder: Path, translations: set[str], changed: dict[str, str]) -> str:
    kept = fuzzy = obsolete = right = 0
    seen = set()
    for po in folder.glob("*.po"):
        for e in read_catalog(po).entries:
            if e.is_header or not e.msgstr:
                continue
            seen.add(e.msgstr)
            if e.obsolete:
                obsolete += 1
            elif e.fuzzy:
                fuzzy += 1
                right += changed.get(e.msgid) == e.msgstr
            else:
                kept += 1
    return (f"kept {kept}, fuzzy {fuzzy}, obsolete {obsolete}, lost {len(translations - seen)}; "
            f"changed translated messages given back their own translation: {right} of {len(changed)}")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="dalbit-bench-update-"))
    write_workload(work / "w")
    source = work / "w" / "LC_MESSAGES"
    changed = make_templates(source, work / "pot")
    translations = {e.msgstr for p in source.glob("*.po") for e in read_catalog(p).messages if e.msgstr}
    print(f"{sum(1 for _ in source.glob('*.po'))} catalogs, {len(changed)} translated English messages changed")

    ours = work / "dalbit" / "ko_KP" / "LC_MESSAGES"
    shutil.copytree(source, ours)
    start = time.perf_counter()
    update_all(work / "pot", work / "dalbit", ["ko_KP"], use_memory=False)  # like msgmerge without a compendium
    ours_time = time.perf_counter() - start

    theirs = work / "msgmerge"
    shutil.copytree(source, theirs)
    start = time.perf_counter()
    for pot in sorted((work / "pot").glob("*.pot")):
        po = theirs / pot.with_suffix(".po").name
        subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(po), str(pot)],
                       check=True)
    theirs_time = time.perf_counter() - start
    print(f"{'dalbit update':24} {ours_time:7.2f} s  {outcome(ours, translations, changed)}")
    print(f"{'msgmerge --previous':24} {theirs_time:7.2f} s  {outcome(theirs, translations, changed)}")
    print(f"dalbit update / msgmerge time: {ours_time / theirs_time:.2f}x (aim: at most 1x)")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
