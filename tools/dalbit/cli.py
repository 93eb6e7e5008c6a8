"""The ``dalbit`` command: a thin layer over the library.

Exit status: 0 clean, 1 findings, 2 unusable input.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from dalbit import __version__
from dalbit.errors import InputError

if TYPE_CHECKING:  # argparse is imported by build_parser
    import argparse

    from dalbit.project import Project

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

EXAMPLES = """\
examples, in a Sphinx project (conf.py here, in docs/ or in docs/source/):
  dalbit init -l ko_KP          set the project up for Korean for North Korean readers
  dalbit update                 extract the messages, create or update every catalog
  dalbit check                  check every language's translations (exit 1: findings)
  dalbit stats                  how much is translated, per language and page
  dalbit build html             the websites, rebuilding what changed
  dalbit build                  every edition's website and EPUB, and the bundle in dist/

Every command exits 0 when all is well, 1 for findings, 2 for input it cannot use
(with file:line and how to fix it). `dalbit COMMAND --help` tells more."""


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


def _targets(args: argparse.Namespace) -> list[tuple[str, list[Path], Path | None]]:
    """(language, catalogs, glossary) to work on: the paths given (files and folders mixed,
    grouped by the glossary beside each, or --glossary for all), else every translated
    language of the project with its own glossary (None where it has none)."""
    given = args.path if isinstance(args.path, list) else [args.path] if args.path else []
    if given:
        groups: dict[Path | None, list[Path]] = {}
        for name in given:
            target = Path(name)
            glossary = Path(args.glossary) if getattr(args, "glossary", None) else _find_glossary(target)
            groups.setdefault(glossary, []).append(target)
        if len(groups) == 1:
            return [("", targets, glossary) for glossary, targets in groups.items()]
        return [(glossary.parent.name if glossary else "no glossary", targets, glossary)
                for glossary, targets in groups.items()]
    project = _project(args)
    return [(language, [project.catalog_dir(language)], project.glossary_path(language))
            for language in project.translated_languages]


def _check(args: argparse.Namespace) -> int:
    import json

    from dalbit.check.engine import select_rules
    from dalbit.report import rules_json, rules_text, to_json

    if args.list_rules:
        print(rules_json() if args.format == "json" else rules_text())
        return EXIT_CLEAN
    args.rules = select_rules(_names(args.select), _names(args.ignore))
    targets = _targets(args)
    if args.format == "json" and len(targets) > 1:  # one document: {"languages": {language: report}}
        reports, status = {}, EXIT_CLEAN
        for language, target, glossary_path in targets:
            code, report = _check_one(target, glossary_path, args)
            reports[language], status = json.loads(to_json(report)), max(status, code)
        print(json.dumps({"languages": reports}, ensure_ascii=False, indent=1))
        return status
    status = EXIT_CLEAN
    for language, target, glossary_path in targets:
        if language and len(targets) > 1:
            print(f"== {language} ==")
        code, report = _check_one(target, glossary_path, args)
        if args.format == "json":
            print(to_json(report))
        status = max(status, code)
    return status


def _names(values: list[str]) -> list[str]:
    """Rule names given as RULE,RULE or as the option repeated."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _check_one(targets: list[Path], glossary_path: Path | None, args: argparse.Namespace):
    from dalbit.check.engine import check_paths
    from dalbit.check.paths import catalog_paths
    from dalbit.glossary import load_glossary
    from dalbit.report import print_text

    paths = list(dict.fromkeys(p for target in targets for p in catalog_paths(target) if p.name not in args.exclude))
    if glossary_path is None:
        print(f"{', '.join(map(str, targets))}: no glossary.toml beside the catalogs: checking markup, format "
              "directives and hidden characters only (give --glossary for terms and spelling)", file=sys.stderr)
    glossary = load_glossary(glossary_path) if glossary_path is not None else None
    report = check_paths(glossary, paths, rules=args.rules, remember=not args.no_cache)
    if args.format != "json":
        print_text(report, sys.stdout)  # the stream now, not the one bound when report.py was imported
    if report.broken:
        return _broken(report.broken), report
    return (EXIT_FINDINGS if report.findings else EXIT_CLEAN), report


def _broken(errors: list[InputError]) -> int:
    """Every catalog that could not be read, file:line each, after what the others gave."""
    sys.stdout.flush()
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} {'catalog' if len(errors) == 1 else 'catalogs'} could not be read: "
          "fix them and run again", file=sys.stderr)
    return EXIT_UNUSABLE


def _find_glossary(target: Path) -> Path | None:
    """locale/<lang>/glossary.toml, found from a catalog or LC_MESSAGES folder; None if there is none."""
    # Absolute: from inside LC_MESSAGES, "a.po" has the parent "." and "." has no parents.
    folder = (target if target.is_dir() else target.parent).absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / "glossary.toml").is_file():
            return candidate / "glossary.toml"
    return None


def _migrate(args: argparse.Namespace) -> int:
    from dalbit.catalogs import writer_command
    from dalbit.check.paths import catalog_paths
    from dalbit.migrate import migrate_term

    if not args.old.strip():
        print("dalbit migrate-term: the old term is empty: give the rendering to replace, "
              "e.g. dalbit migrate-term 뇌물 뢰물; nothing was written", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.path is None:
        args.path = _project(args).locale_dir
    changes = migrate_term(catalog_paths(Path(args.path)), args.old, args.new, write=not args.dry_run,
                           command=writer_command())
    for change in changes:
        print(f"{change.path}:{change.line}: {change.before!r} -> {change.after!r}")
    action = "would change" if args.dry_run else "changed and marked fuzzy for review"
    print(f"{len(changes)} entries {action}")
    return EXIT_CLEAN


def _adapt(args: argparse.Namespace) -> int:
    import json

    from dalbit.adapt import RULES, Adapter, adapt_paths, diff, plan, summary_text, to_json_data
    from dalbit.catalogs import writer_command
    from dalbit.check.paths import catalog_paths
    from dalbit.glossary import load_glossary, shipped_data

    language = args.to.replace("-", "_")
    project = None
    if not args.paths or (args.output is None and not args.in_place) or args.glossary is None:
        try:
            project = _project(args)
        except InputError:
            if not args.paths:
                raise
    if args.paths:
        roots = [Path(path) for path in args.paths]
    else:  # the project's South Korean catalogs
        roots = [folder for folder in (project.catalog_dir(code) for code in ("ko_KR", "ko"))
                 if folder.is_dir()][:1]
        if not roots:
            raise InputError(str(project.locale_dir), 0, "no ko_KR or ko catalogs here: give the catalogs "
                                                         "to adapt (a folder or .po files)")
    sources, source_roots = [], []
    for root in roots:
        for path in catalog_paths(root):
            sources.append(path)
            source_roots.append(root)
    if args.in_place:
        output = None
    elif args.output is not None:
        output = Path(args.output)
    elif project is not None:
        output = project.catalog_dir(language)
    else:
        raise InputError(str(roots[0]), 0, "no project here to find the target locale folder in: give "
                                           "-o FOLDER, or --in-place to adapt these catalogs themselves")
    glossary_path = Path(args.glossary) if args.glossary else (
        project.glossary_path(language) if project is not None else None) or shipped_data(language, "glossary.toml")
    if glossary_path is None:
        raise InputError(args.to, 0, "no glossary for this language: give --glossary")
    adapter = Adapter(load_glossary(glossary_path), _names([args.rules]) if args.rules else RULES)
    report = adapt_paths(plan(sources, source_roots, output), adapter, write=not args.dry_run,
                         overwrite=args.overwrite, command=writer_command())
    if args.format == "json":
        print(json.dumps(to_json_data(report, args.dry_run), ensure_ascii=False, indent=1))
    else:
        if args.dry_run:
            sys.stdout.write(diff(report))
        sys.stdout.write(summary_text(report, verbose_left=args.verbose))
    return EXIT_CLEAN


def _glossary(args: argparse.Namespace) -> int:
    from dalbit.catalogs import atomic_write_bytes
    from dalbit.glossary_io import WRITERS, format_for, read_any

    glossary = read_any(Path(args.input))
    output_format = args.format or (format_for(args.output) if args.output else "toml")
    if output_format not in WRITERS:
        print(f"{args.output}: unknown format {output_format!r}: name the file .tbx, .martif.tbx, .csv "
              "or .toml, or give --format tbx, tbx2008, csv or toml", file=sys.stderr)
        return EXIT_UNUSABLE
    text = WRITERS[output_format](glossary)
    if args.output:
        atomic_write_bytes(Path(args.output), text.encode("utf-8"))
        print(f"{args.output}: {len(glossary.concepts)} concepts ({output_format})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_CLEAN


def _bundle(args: argparse.Namespace) -> int:
    from dalbit.bundle import make_bundle, summary

    project = _project(args)
    build = Path(args.build) if args.build else project.build_dir
    if not (build / "html").is_dir() or not (build / "epub").is_dir():
        print(f"{build}: no html/ and epub/ inside: run `dalbit build html epub` first", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        folder, archive, parts = make_bundle(build, Path(args.dist) if args.dist else project.dist_dir,
                                             args.version or project.release, project.basename)
    except ValueError as error:
        print(f"{build}: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(summary(folder, archive, parts))
    return EXIT_CLEAN


def _conf_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.conf_dir) if getattr(args, "conf_dir", None) else None


def _project(args: argparse.Namespace) -> Project:
    """The project found from here, or from --conf-dir when given."""
    from dalbit.project import load_project

    return load_project(conf_dir=_conf_dir(args))


def _init(args: argparse.Namespace) -> int:
    from dalbit.init import init_project, next_steps

    result = init_project(Path.cwd(), args.language, _conf_dir(args), write=not args.dry_run,
                          domains=tuple(_names(args.domains)))
    if result.diff:
        print(result.diff, end="")
    else:
        print(f"{result.conf}: already set up for {', '.join(args.language)}; nothing to change")
    for path in result.created:
        print(f"{'would create' if args.dry_run else 'created'} {path}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print(next_steps(result))
    return EXIT_CLEAN


def _build(args: argparse.Namespace) -> int:
    from dalbit.build import TARGETS, build

    project = _project(args)
    targets = set(args.targets or TARGETS)
    if targets - set(TARGETS):
        print(f"dalbit build: unknown target {', '.join(sorted(targets - set(TARGETS)))}: "
              f"use {', '.join(TARGETS)}", file=sys.stderr)
        return EXIT_UNUSABLE
    started = time.monotonic()
    outcomes = build(project, targets, jobs=args.jobs, clean=args.clean,
                     build_dir=Path(args.build_dir) if args.build_dir else None,
                     dist_dir=Path(args.dist_dir) if args.dist_dir else None)
    failed = [o for o in outcomes if o.returncode]
    for outcome in failed:
        print(f"--- {outcome.job.name} ---", file=sys.stderr)
        print(outcome.output.strip(), *outcome.epubcheck, sep="\n", file=sys.stderr)
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} builds done in "
          f"{time.monotonic() - started:.1f} s")
    if failed:
        print("dalbit build: every warning counts as an error (sphinx-build -W), so that no edition is "
              "published with one: fix the warnings above (a checker finding on a translation that is "
              "right as it is: add the comment '# dalbit-waive: <rule> <term>: <why>' above the entry); "
              f"the pages of a failed HTML build are still in {Path(args.build_dir or project.build_dir) / 'html'}, "
              "and the chooser and bundle wait until every build passes", file=sys.stderr)
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _repack(args: argparse.Namespace) -> int:
    from dalbit.bundle import repack_epub

    for name in args.epub:
        repack_epub(Path(name))
    return EXIT_CLEAN


def _update(args: argparse.Namespace) -> int:
    from dalbit.catalogs import writer_command
    from dalbit.update import update_all

    if args.pot_dir is None:  # inside a project: extract the messages, merge into every language
        from dalbit.build import extract_messages

        project = _project(args)
        args.pot_dir = extract_messages(project, Path(args.build_dir) if args.build_dir else None)
        args.locale_dir = args.locale_dir or project.locale_dir
        args.language = args.language or project.translated_languages
    if not args.language:
        print("dalbit update: no language: give -l LANG (e.g. -l ko_KP)", file=sys.stderr)
        return EXIT_UNUSABLE
    pot_dir, locale_dir = Path(args.pot_dir), Path(args.locale_dir or "locale")
    if not any(pot_dir.rglob("*.pot")):
        print(f"{pot_dir}: no .pot files: run `make gettext` first", file=sys.stderr)
        return EXIT_UNUSABLE
    results = update_all(pot_dir, locale_dir, args.language, write=not args.dry_run, command=writer_command(),
                         compendia=[Path(c) for c in args.compendium], use_memory=not args.no_memory)
    for result in results:
        if result.changed or args.verbose:  # a catalog left as it was is not news
            print(result.summary())
    return EXIT_CLEAN


def _fmt(args: argparse.Namespace) -> int:
    from dalbit.catalogs import format_files, writer_command
    from dalbit.check.paths import catalog_paths

    if not args.path:
        args.path = [d for d in _project(args).locale_dirs if d.is_dir()]
    paths = [p for target in args.path for p in catalog_paths(Path(target))]
    changed, broken = format_files(paths, write=not args.check, command=writer_command())
    for path in changed:
        print(f"{path}: not in canonical form: run `dalbit fmt {path}`" if args.check else f"{path}: formatted")
    if broken:
        return _broken(broken)
    return EXIT_FINDINGS if changed and args.check else EXIT_CLEAN


def _catalog_roots(root: Path) -> list[tuple[str, Path]]:
    """(language, folder or file) for stats: locale/ holds <lang>/LC_MESSAGES folders; an
    LC_MESSAGES folder, any other folder of catalogs or one catalog is one language."""
    if not root.exists() and not root.is_symlink():
        raise InputError(str(root), 0, "no such file or folder: give locale/ or locale/<lang>/LC_MESSAGES")
    if root.is_dir() and root.name != "LC_MESSAGES":
        folders = sorted(root.glob("*/LC_MESSAGES"))
        if folders:
            return [(folder.parent.name, folder) for folder in folders]
        if not any(root.rglob("*.po")):
            raise InputError(str(root), 0, "no <lang>/LC_MESSAGES folder and no .po file inside: "
                                           "give locale/ or locale/<lang>/LC_MESSAGES")
        return [(root.resolve().name, root)]
    folder = root if root.is_dir() else root.parent
    language = folder.parent.name if folder.name == "LC_MESSAGES" else folder.resolve().name
    return [(language, root)]


def _stats(args: argparse.Namespace) -> int:
    from dalbit.check.paths import catalog_paths
    from dalbit.po.reader import read_catalogs
    from dalbit.report import use_colour
    from dalbit.stats import document_stats, findings_per_file, language_total, print_table, to_json

    languages = {}
    broken = []
    if args.path is None:
        args.path = _project(args).locale_dir
    for language, folder in _catalog_roots(Path(args.path)):
        paths = [p for p in catalog_paths(folder) if p.name not in args.exclude]
        glossary = Path(args.glossary) if args.glossary else _find_glossary(folder)
        if glossary is None and not args.no_check:  # as check says: the findings are not the glossary's
            print(f"{folder}: no glossary.toml beside the catalogs: findings count markup, format directives "
                  "and hidden characters only (give --glossary for terms and spelling, or --no-check)",
                  file=sys.stderr)
        findings = {} if args.no_check else findings_per_file(paths, glossary)
        catalogs, unreadable = read_catalogs(paths)
        broken += unreadable
        root = folder if folder.is_dir() else folder.parent
        languages[language] = [document_stats(c, findings.get(c.path, 0), root) for c in catalogs]
    if args.format == "json":
        print(to_json(languages))
    else:
        print_table(languages, sys.stdout, colour=use_colour(sys.stdout))
    if broken:
        return _broken(broken)
    if args.fail_under is not None:
        low = [lang for lang, docs in languages.items()
               if language_total(docs, lang).percent < args.fail_under]
        if low:
            print(f"translated below {args.fail_under}%: {', '.join(low)}", file=sys.stderr)
            return EXIT_FINDINGS
    return EXIT_CLEAN


def _review(args: argparse.Namespace) -> int:
    status = EXIT_CLEAN
    for language, [target], glossary_path in _targets(args):
        if args.output:
            output = Path(args.output)
        else:  # one folder per language, in the project's build folder
            build = Path(args.build_dir) if args.build_dir else _project(args).build_dir
            output = build / f"review-{language or target.resolve().parent.name}"
        status = max(status, _review_one(target, glossary_path, output, args))
    return status


def _review_one(target: Path, glossary_path: Path | None, output: Path, args: argparse.Namespace) -> int:
    from dalbit.check.paths import catalog_paths
    from dalbit.glossary import load_glossary
    from dalbit.review import write_review

    paths = [p for p in catalog_paths(target) if p.name not in args.exclude]
    if glossary_path is None:
        print(f"{target}: no glossary.toml beside the catalogs: no glossary concepts in the review "
              "(give --glossary)", file=sys.stderr)
    glossary = load_glossary(glossary_path) if glossary_path is not None else None
    result = write_review(glossary, paths, output, root=target if target.is_dir() else target.parent)
    print(f"{result.index}: review of {result.documents} catalogs, {result.concepts} glossary concepts "
          f"(a page each)")
    if result.broken:
        return _broken(result.broken)
    return EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="dalbit", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Translate Sphinx documentation in gettext catalogs, check it against a glossary "
                    "for North Korean readers, and publish offline websites and EPUBs.",
        epilog=EXAMPLES)
    parser.add_argument("--version", action="version", version=f"dalbit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    chooser = commands.add_parser("chooser", help="write the page that links every edition")
    chooser.add_argument("html_root", help="folder holding one folder per HTML edition")
    chooser.add_argument("--epub-root", help="folder holding the EPUBs to link")
    chooser.add_argument("--output", "-o", help="page to write (default: HTML_ROOT/index.html)")
    chooser.set_defaults(run=_chooser)

    check = commands.add_parser("check", help="check translations against the glossary and markup")
    check.add_argument("path", nargs="*", help=".po files or folders of them, checked together against the "
                                               "glossary beside them (default: every language of the "
                                               "project, each with its own glossary)")
    check.add_argument("--glossary", help="glossary.toml for every path given (default: found beside the "
                                          "catalogs)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default); json for machines (schema in dalbit/report.py; "
                            'with several languages one object {"languages": {language: report}})')
    check.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    check.add_argument("--exclude", action="append", default=["sphinx.po"],
                       help="catalog file names to skip (default: sphinx.po)")
    check.add_argument("--select", action="append", default=[], metavar="RULE,...",
                       help="run only these rules (see --list-rules)")
    check.add_argument("--ignore", action="append", default=[], metavar="RULE,...",
                       help="do not run these rules")
    check.add_argument("--no-cache", action="store_true",
                       help="check every catalog again, with nothing remembered from earlier checks and "
                            "nothing kept for the next")
    check.add_argument("--list-rules", action="store_true",
                       help="list the rules: name, severity and what each finds; nothing is checked")
    check.set_defaults(run=_check)

    # The help strings are the book's reference page (translated in using-dalbit.po): what is new
    # about the formats goes in the epilog, which --help shows and the page does not.
    glossary = commands.add_parser(
        "glossary", help="convert the glossary: TOML, TBX (TBX-Basic) and CSV, either way",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats (every one imports back to the same TOML):\n"
               "  tbx      TBX-Basic (ISO 30042:2019), for OmegaT, Trados and memoQ (-o x.tbx)\n"
               "  tbx2008  TBX 2008 (<martif>), for Weblate and Translate Toolkit: one entry per Korean\n"
               "           form, forbidden forms with the status 'forbidden' (-o x.martif.tbx)\n"
               "  csv      Weblate's glossary CSV: source, target, context, developer_comments,\n"
               "           translator_comments, flags (forbidden forms: the flag 'forbidden'), then\n"
               "           Dalbit's own columns (concept, kind, domain, pos, citation, ...) (-o x.csv)\n"
               "  toml     Dalbit's glossary.toml (the default without -o)\n"
               "reading, .tbx may be either TBX; the CSV written before Weblate's columns is read too.")
    glossary.add_argument("input", help="glossary.toml, .tbx or .csv")
    glossary.add_argument("--format", choices=("tbx", "tbx2008", "csv", "toml"),
                          help="output format (default: from --output's extension, else toml)")
    glossary.add_argument("--output", "-o", help="file to write (default: standard output)")
    glossary.set_defaults(run=_glossary)

    update = commands.add_parser("update", help="merge .pot templates into the catalogs, losing nothing")
    update.add_argument("pot_dir", nargs="?",
                        help="folder of .pot files (default: extract them from the project first)")
    update.add_argument("locale_dir", nargs="?", help="the locale folder holding <lang>/LC_MESSAGES "
                                                       "(default: the project's)")
    update.add_argument("-l", "--language", action="append",
                        help="e.g. ko_KP (default: every language of the project's editions)")
    update.add_argument("--build-dir", help="where the extracted .pot files go (default: build)")
    update.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    update.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    update.add_argument("-v", "--verbose", action="store_true", help="a line for every catalog, changed or not")
    update.add_argument("--compendium", action="append", default=[], metavar="FILE_OR_DIR",
                        help="a catalog or folder of catalogs whose translations are offered, fuzzy, to "
                             "untranslated messages (repeatable, like msgmerge's); the project's other "
                             "catalogs of the same language are offered too, unless --no-memory")
    update.add_argument("--no-memory", action="store_true",
                        help="offer no translations from the project's other catalogs")
    update.set_defaults(run=_update)

    fmt = commands.add_parser("fmt", help="write catalogs in the one canonical form")
    fmt.add_argument("path", nargs="*", help=".po files or folders (default: the project's catalogs)")
    fmt.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    fmt.set_defaults(run=_fmt)

    stats = commands.add_parser("stats", help="translation progress per language and document")
    stats.add_argument("path", nargs="?", help="locale/ or locale/<lang>/LC_MESSAGES (default: the "
                                               "project's locale folder)")
    stats.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default); json for machines (schema in dalbit/stats.py)")
    stats.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    stats.add_argument("--fail-under", type=float, metavar="N",
                       help="exit 1 when a language has less than N%% of its messages translated")
    stats.add_argument("--glossary", help="glossary.toml to count findings against (default: found beside "
                                          "the catalogs)")
    stats.add_argument("--no-check", action="store_true", help="do not count glossary findings")
    stats.add_argument("--exclude", action="append", default=["sphinx.po"],
                       help="catalog file names to skip (default: sphinx.po)")
    stats.set_defaults(run=_stats)

    review = commands.add_parser("review", help="write offline HTML pages for reviewers, English beside Korean")
    review.add_argument("path", nargs="?", help="a .po file or locale/<lang>/LC_MESSAGES (default: every "
                                                "language of the project)")
    review.add_argument("--output", "-o", help="the folder to write, index.html and a page per document and "
                                               "per concept (default: build/review-<language>/)")
    review.add_argument("--glossary", help="glossary.toml (default: found beside the catalogs)")
    review.add_argument("--exclude", action="append", default=["sphinx.po"],
                        help="catalog file names to skip (default: sphinx.po)")
    review.add_argument("--build-dir", help="where the pages go without --output (default: build)")
    review.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    review.set_defaults(run=_review)

    migrate = commands.add_parser("migrate-term", help="rewrite a rendering in every catalog")
    migrate.add_argument("old", help="the rendering to replace, e.g. 뇌물")
    migrate.add_argument("new", help="the new rendering, e.g. 뢰물")
    migrate.add_argument("path", nargs="?", help="a .po file or folder (default: the project's locale folder)")
    migrate.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    migrate.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    migrate.set_defaults(run=_migrate)

    adapt = commands.add_parser(
        "adapt", help="turn catalogs in South Korean norms into North Korean drafts for review",
        description="Rewrite South Korean vocabulary and spelling as North Korean (forbidden glossary "
                    "forms, the spelling word list, initial ㄹ/ㄴ of Sino-Korean words, 되여) and spacing "
                    "(할수 있다), fixing particles; each changed entry is marked fuzzy with a '# dalbit-adapt:' comment "
                    "listing its changes, every other entry keeps its bytes.")
    adapt.add_argument("paths", nargs="*", help=".po files or folders (default: the project's ko_KR or "
                                                "ko catalogs)")
    adapt.add_argument("--to", default="ko_KP", help="the target language (default: ko_KP)")
    adapt.add_argument("-o", "--output", help="folder for the adapted catalogs (default: the project's "
                                              "catalog folder of --to), same names as under the source folder")
    adapt.add_argument("--in-place", action="store_true", help="adapt the given catalogs themselves")
    adapt.add_argument("--overwrite", action="store_true",
                       help="replace target catalogs that exist with other contents")
    adapt.add_argument("--glossary", help="glossary.toml of the target language (default: the project's, "
                                          "else the one Dalbit ships)")
    adapt.add_argument("--rules", help="comma-separated rules to apply (default: all): vocabulary, "
                                       "spelling-list, sino-korean, yeo-ending and the spacing-... rules of "
                                       "dalbit check --list-rules")
    adapt.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    adapt.add_argument("--format", choices=("text", "json"), default="text",
                       help="summary as text or JSON (schema dalbit-adapt/1, see dalbit/adapt.py)")
    adapt.add_argument("-v", "--verbose", action="store_true", help="list every word left, with its file and line")
    adapt.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    adapt.set_defaults(run=_adapt)

    bundle = commands.add_parser("bundle", help="assemble the offline folder and zip for USB sticks")
    bundle.add_argument("build", nargs="?", help="the build folder holding html/ and epub/ (default: build)")
    bundle.add_argument("dist", nargs="?", help="where to write <name>-<version>/ and its zip (default: dist)")
    bundle.add_argument("--version", help="the version in the names (default: conf.py's release)")
    bundle.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    bundle.set_defaults(run=_bundle)

    init = commands.add_parser(
        "init", help="set up an existing Sphinx project for translation with Dalbit",
        description="Add the extension and its settings to conf.py (showing the change, never changing "
                    "what you set), create locale/<language>/ with a starter glossary for Korean, and "
                    "print the next steps. Running it again changes nothing.")
    init.add_argument("-l", "--language", action="append", required=True, metavar="LANG",
                      help="a language to translate into, e.g. ko_KP (repeat for more)")
    init.add_argument("--conf-dir", help="the folder holding conf.py (default: ., docs/ or docs/source/)")
    init.add_argument("--domains", action="append", default=[], metavar="DOMAIN,...",
                      help="the subjects of the project's documents (media, technology, daily-life, politics, "
                           "places): the starter glossary looks only for their terms; default: all")
    init.add_argument("--dry-run", action="store_true", help="show the change, write nothing")
    init.set_defaults(run=_init)

    build = commands.add_parser(
        "build", help="build every edition's HTML and EPUB, the chooser and the offline bundle",
        description="One sphinx-build per edition, side by side. Incremental, except with --clean "
                    "and for the bundle, which is always built from nothing so that it is reproducible.")
    build.add_argument("targets", nargs="*", metavar="TARGET", help="html, epub, bilingual or bundle (default: all of them)")
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="sphinx-builds to run at once (default: the number of cores)")
    build.add_argument("--clean", action="store_true", help="empty each output first (a release build)")
    build.add_argument("--build-dir", help="where the outputs land (default: build)")
    build.add_argument("--dist-dir", help="where the bundle lands (default: dist)")
    build.add_argument("--conf-dir", help="the folder holding conf.py (default: found from here)")
    build.set_defaults(run=_build)

    repack = commands.add_parser("repack-epub", help="rewrite EPUBs byte for byte reproducibly")
    repack.add_argument("epub", nargs="+")
    repack.set_defaults(run=_repack)

    epubcheck = commands.add_parser("epubcheck", help="validate EPUBs: zero errors, zero warnings")
    epubcheck.add_argument("epub", nargs="+")
    epubcheck.set_defaults(run=_epubcheck)
    return parser


#: Commands that write files: a broken input stops them before they write anything.
WRITERS = {"update", "fmt", "migrate-term", "adapt"}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:  # one place turns unusable input into file:line and exit 2
        suffix = "; nothing was written" if args.command in WRITERS else ""
        print(f"{error}{suffix}", file=sys.stderr)
        return EXIT_UNUSABLE


def run() -> None:
    """The console script: main() and its exit status."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (dalbit check ... | head)
        # Nothing more can be written there: stop Python's own flush at exit from failing too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 128 + 13  # as if ended by SIGPIPE, which is what the shell expects of such a writer
    sys.exit(code)


if __name__ == "__main__":
    run()
