"""What the checker reports: findings, waivers and the report. Nothing here runs a rule.

A waiver is a translator comment on one entry, ``# dalbit-waive: RULE term: reason``:
it silences the findings of that rule whose term or found text is ``term``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field, replace

from dalbit.errors import InputError

WAIVER = re.compile(r"dalbit-waive:\s*(?P<rule>[\w-]+)\s+(?P<term>[^:]+?)\s*:\s*(?P<reason>.+)")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    term: str
    expected: str
    found: str
    message: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.rule}: {self.term}: expected {self.expected}, found {self.found}"
        return text + (f" ({self.message})" if self.message else "")


@dataclass(frozen=True)
class Waiver:
    path: str
    line: int
    rule: str
    term: str
    reason: str
    used: bool = False

    def silences(self, finding: Finding) -> bool:
        return self.rule == finding.rule and self.term in (finding.term, finding.found)

    def state(self, rule_names: Container[str]) -> str:
        """used, or why not: a misspelt rule name silences nothing."""
        if self.used:
            return "used"
        if not self.rule:
            return "unused: not read, write it as dalbit-waive: RULE TERM: REASON"
        if self.rule not in rule_names:
            return f"unused: no rule is named {self.rule} (dalbit check --list-rules)"
        return "unused: no such finding here"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    files: int = 0
    entries: int = 0
    checked: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    renderings: dict[str, Counter] = field(default_factory=dict)  # concept id -> form counts
    analyzer_calls: int = 0
    broken: list[InputError] = field(default_factory=list)  # catalogs that could not be read


def parse_waivers(comments: list[str], path: str, line: int) -> list[Waiver]:
    """The waivers among an entry's translator comments; one not written as WAIVER says is
    kept with no rule (it silences nothing, and the report says how to write it)."""
    waivers = []
    for comment in comments:
        m = WAIVER.search(comment)
        if m:
            waivers.append(Waiver(path, line, m["rule"], m["term"].strip(), m["reason"].strip()))
        elif "dalbit-waive" in comment:
            waivers.append(Waiver(path, line, "", comment.strip(), ""))
    return waivers


def apply_waivers(findings: list[Finding], waivers: list[Waiver]) -> tuple[list[Finding], list[Waiver]]:
    """The findings no waiver silences, and the waivers, each marked used or not."""
    used = [False] * len(waivers)
    kept = []
    for finding in findings:
        index = next((i for i, waiver in enumerate(waivers) if waiver.silences(finding)), None)
        if index is None:
            kept.append(finding)
        else:
            used[index] = True
    return kept, [replace(waiver, used=was_used) for waiver, was_used in zip(waivers, used)]
