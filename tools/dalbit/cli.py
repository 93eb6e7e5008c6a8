"""The ``dalbit`` command: a thin layer over the library.

Exit status: 0 clean, 1 findings, 2 unusable input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dalbit import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def _chooser(args: argparse.Namespace) -> int:
    from dalbit.chooser import write_chooser

    html_root = Path(args.html_root)
    target = Path(args.output) if args.output else html_root / "index.html"
    editions = write_chooser(target, html_root, Path(args.epub_root) if args.epub_root else None)
    if not editions:
        print(f"{html_root}: no edition found (no */dalbit-edition.json): build the HTML first",
              file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"{target}: {', '.join(e.name for e in editions)}")
    return EXIT_CLEAN


def _epubcheck(args: argparse.Namespace) -> int:
    from dalbit.epubvalidate import FAILING_LEVELS, JavaMissing, validate_epub

    status = EXIT_CLEAN
    for name in args.epub:
        path = Path(name)
        if not path.is_file():
            print(f"{path}: no such EPUB: build it first (make epub)", file=sys.stderr)
            return EXIT_UNUSABLE
        try:
            messages = validate_epub(path)
        except JavaMissing as error:
            print(f"{path}: {error}", file=sys.stderr)
            return EXIT_UNUSABLE
        failing = [m for m in messages if m.level in FAILING_LEVELS]
        for message in failing:
            print(f"{path}: {message}")
        print(f"{path}: epubcheck: {sum(m.level in {'FATAL', 'ERROR'} for m in failing)} errors, "
              f"{sum(m.level == 'WARNING' for m in failing)} warnings")
        if failing:
            status = EXIT_FINDINGS
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dalbit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"dalbit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    chooser = commands.add_parser("chooser", help="write the page that links every edition")
    chooser.add_argument("html_root", help="folder holding one folder per HTML edition")
    chooser.add_argument("--epub-root", help="folder holding the EPUBs to link")
    chooser.add_argument("--output", "-o", help="page to write (default: HTML_ROOT/index.html)")
    chooser.set_defaults(run=_chooser)

    epubcheck = commands.add_parser("epubcheck", help="validate EPUBs: zero errors, zero warnings")
    epubcheck.add_argument("epub", nargs="+")
    epubcheck.set_defaults(run=_epubcheck)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
