"""Benchmark: the offline bundle's size against a default Sphinx build of the same sources.

The peer is what `sphinx-build -b html` gives with Sphinx's defaults for what to
ship (sources copied, source links, build info, inventory), measured in the same run.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main() -> int:
    bundles = sorted((ROOT / "dist").glob("dalbit-*/"))
    if not bundles:
        print("no bundle in dist/: run `make bundle` first", file=sys.stderr)
        return 2
    bundle = bundles[-1]
    with tempfile.TemporaryDirectory() as tmp:
        peer = Path(tmp, "default-en")
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(ROOT),
                        "-D", "html_copy_source=1", "-D", "html_show_sourcelink=1",
                        "-d", str(Path(tmp, "doctrees")), str(ROOT / "docs"), str(peer)], check=True)
        peer_size = size(peer)
    ours = size(bundle / "html" / "en")
    print(f"{'part':34} {'KiB':>9}")
    for part in sorted(bundle.rglob("*")):
        depth = len(part.relative_to(bundle).parts)
        if depth <= 2 and (part.is_file() or depth == 2):
            print(f"{part.relative_to(bundle).as_posix():34} {size(part) / 1024:9.1f}")
    print(f"{'whole bundle folder':34} {size(bundle) / 1024:9.1f}")
    archive = bundle.with_suffix(".zip")
    if archive.is_file():
        print(f"{archive.name:34} {size(archive) / 1024:9.1f}")
    print(f"English site: bundle {ours / 1024:.1f} KiB, default Sphinx build {peer_size / 1024:.1f} KiB "
          f"-> {ours / peer_size:.2f}x the default")
    return 0


if __name__ == "__main__":
    sys.exit(main())
