"""Printing a check report: grouped and coloured for people, JSON for machines.

JSON schema (``dalbit check --format json``), version 1::

    {
      "schema": "dalbit-check/1",
      "summary": {"files": int, "entries": int, "checked": int, "fuzzy": int,
                  "untranslated": int, "findings": int, "waived": int,
                  "by_rule": {rule: int}},
      "findings": [{"path": str, "line": int, "rule": str, "term": str,
                    "expected": str, "found": str, "message": str,
                    "severity": "error" | "warning"}],
      "waivers": [{"path": str, "line": int, "rule": str, "term": str,
                   "reason": str, "used": bool}],
      "renderings": {concept_id: {korean_form: count}},
      "broken": [{"path": str, "line": int, "message": str}]
    }

"broken" lists the catalogs that could not be read (the command then exits 2);
line 0 means the file as a whole (a folder, a FIFO, a dangling link). A finding's and a
waiver's "line" is the entry's msgstr line (msgstr[0] in a plural entry), the line a translator
changes, for the rules across catalogs too. "rule" is
one of ``dalbit check --list-rules`` (dalbit.check.rules.RULES); without a glossary
only the rules that need none run. "renderings" is empty when no rule that needs the glossary
runs (no glossary, or ``--select`` of others only).

Findings are sorted by path, line, rule. Keys are never removed within a
schema version; new keys may be added. The text has one finding, waiver or
concept a line (a line-oriented tool can take it apart), but read it as JSON.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import TextIO

from dalbit.check.findings import Report

SCHEMA = "dalbit-check/1"
_COLOURS = {"rule": "\033[1;33m", "path": "\033[1m", "ok": "\033[32m", "bad": "\033[31m",
            "dim": "\033[2m", "end": "\033[0m"}


def _sorted(report: Report):
    return sorted(report.findings, key=lambda f: (f.path, f.line, f.rule, f.term))


def to_json(report: Report) -> str:
    """The report as JSON: the summary indented, then one finding (or waiver) a line.

    One object a line reads well and diffs well, and lets the C encoder write
    each one (an indented dump goes through the pure-Python encoder, which
    took longer than the rest of the output on a large report).
    """
    summary = {
        "files": report.files, "entries": report.entries, "checked": report.checked,
        "fuzzy": report.fuzzy, "untranslated": report.untranslated,
        "findings": len(report.findings), "waived": sum(w.used for w in report.waivers),
        "by_rule": dict(sorted(Counter(f.rule for f in report.findings).items())),
        "broken": len(report.broken),
    }
    renderings = {k: dict(v.most_common()) for k, v in sorted(report.renderings.items())}
    from dalbit.check.rules import RULES

    severity = {name: r.severity for name, r in RULES.items()}
    # vars(), not asdict(): the fields are plain strings and numbers, and asdict's deep copy is slow.
    findings = [{**vars(f), "severity": severity.get(f.rule, "error")} for f in _sorted(report)]
    waivers = [vars(w) for w in report.waivers]
    broken = [{"path": e.path, "line": e.line, "message": e.message} for e in report.broken]
    return "\n".join([
        "{",
        f'  "schema": {_dump(SCHEMA)},',
        f'  "summary": {_dump(summary)},',
        f'  "findings": {_lines(findings)},',
        f'  "waivers": {_lines(waivers)},',
        f'  "renderings": {_members(renderings)},',
        f'  "broken": {_lines(broken)}',
        "}",
    ])


_dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for the thousands of lines


def _lines(items: list) -> str:
    """A JSON array with one item a line."""
    if not items:
        return "[]"
    return "[\n    " + ",\n    ".join(map(_dump, items)) + "\n  ]"


def _members(mapping: dict) -> str:
    """A JSON object with one member a line."""
    if not mapping:
        return "{}"
    return "{\n    " + ",\n    ".join(f"{_dump(k)}: {_dump(v)}" for k, v in mapping.items()) + "\n  }"


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def print_text(report: Report, stream: TextIO = sys.stdout, colour: bool | None = None) -> None:
    colour = use_colour(stream) if colour is None else colour
    c = _COLOURS if colour else {k: "" for k in _COLOURS}
    current = None
    for f in _sorted(report):
        if f.path != current:
            current = f.path
            print(f"{c['path']}{f.path}{c['end']}", file=stream)
        extra = f" {c['dim']}({f.message}){c['end']}" if f.message else ""
        print(f"{f.path}:{f.line}: {c['rule']}{f.rule}{c['end']}: {f.term}: expected "
              f"{c['ok']}{f.expected}{c['end']}, found {c['bad']}{f.found}{c['end']}{extra}", file=stream)
    if report.waivers:
        from dalbit.check.rules import RULES

        print(f"{c['path']}waivers{c['end']}", file=stream)
        for w in report.waivers:
            print(f"{w.path}:{w.line}: waiver: {w.rule}: {w.term}: {w.reason} [{w.state(RULES)}]", file=stream)
    mixed = {k: v for k, v in sorted(report.renderings.items()) if len(v) > 1}
    if mixed:
        print(f"{c['path']}renderings (one concept, several forms){c['end']}", file=stream)
        for concept_id, counts in mixed.items():
            forms = ", ".join(f"{form} ×{n}" for form, n in counts.most_common())
            print(f"  {concept_id}: {forms}", file=stream)
    by_rule = Counter(f.rule for f in report.findings)
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())) or "none"
    verdict = f"{c['bad']}{_count(len(report.findings), 'finding')}{c['end']}" if report.findings or report.broken \
        else f"{c['ok']}clean{c['end']}"  # a broken catalog was not checked: never "clean"
    unread = f"; {c['bad']}{len(report.broken)} could not be read{c['end']}" if report.broken else ""
    print(f"{_count(report.files, 'file')}, {_count(report.entries, 'message')}: {report.checked} checked, "
          f"{report.fuzzy} fuzzy and {report.untranslated} untranslated skipped; "
          f"{verdict} ({rules}); {_count(len(report.waivers), 'waiver')}{unread}", file=stream)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def rules_text() -> str:
    """``dalbit check --list-rules``: one rule a line, name, severity and what it finds."""
    from dalbit.check.rules import RULES

    width = max(map(len, RULES))
    return "\n".join(f"{r.name:{width}}  {r.severity:7}  {r.summary}" for r in RULES.values())


def rules_json() -> str:
    from dalbit.check.rules import RULES

    return json.dumps([{"name": r.name, "severity": r.severity, "summary": r.summary,
                        "needs_glossary": r.needs_glossary, "doc": r.doc} for r in RULES.values()],
                      ensure_ascii=False, indent=1)
