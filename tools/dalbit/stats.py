"""Translation progress: ``dalbit stats``. Fuzzy is never counted as translated.

JSON schema (``--format json``), version 1::

    {"schema": "dalbit-stats/1",
     "languages": {lang: {"messages": Counts, "words": Counts, "findings": int,
                          "percent": float, "documents": {name: {"messages": Counts,
                          "words": Counts, "findings": int, "percent": float}}}}}

where Counts is ``{"translated": int, "fuzzy": int, "untranslated": int, "total": int}``,
words are English words of the msgids, and percent is translated messages / total. A document's
name is its path from the catalog root (LC_MESSAGES) without .po (``library/os``); the documents'
counts add up to the language's.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from dalbit.po.model import Catalog, Entry

#: An entry's states, in the order reports list them.
STATUSES = ("translated", "fuzzy", "untranslated")


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def add(self, other: "Counts") -> None:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "total": self.total}


@dataclass
class DocumentStats:
    name: str
    messages: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)
    findings: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.messages.translated / self.messages.total if self.messages.total else 100.0

    def as_dict(self) -> dict:
        return {"messages": self.messages.as_dict(), "words": self.words.as_dict(),
                "findings": self.findings, "percent": round(self.percent, 1)}


def document_name(path: Path, root: Path | None = None) -> str:
    """A document's name: its path from the catalog root (the LC_MESSAGES folder), without
    .po, so that library/os and c-api/os stay two documents."""
    if root is not None:
        try:
            return path.relative_to(root).with_suffix("").as_posix()
        except ValueError:
            pass
    return path.stem


def status_of(entry: Entry) -> str:
    return "translated" if entry.translated else "fuzzy" if entry.fuzzy else "untranslated"


def document_stats(catalog: Catalog, findings: int = 0, root: Path | None = None) -> DocumentStats:
    stats = DocumentStats(document_name(Path(catalog.path), root), findings=findings)
    for entry in catalog.messages:
        words = len(entry.msgid.split())
        state = status_of(entry)
        setattr(stats.messages, state, getattr(stats.messages, state) + 1)
        setattr(stats.words, state, getattr(stats.words, state) + words)
    return stats


def language_total(documents: list[DocumentStats], language: str) -> DocumentStats:
    total = DocumentStats(language)
    for doc in documents:
        total.messages.add(doc.messages)
        total.words.add(doc.words)
        total.findings += doc.findings
    return total


def to_json(languages: dict[str, list[DocumentStats]]) -> str:
    data = {"schema": "dalbit-stats/1", "languages": {}}
    for language, documents in sorted(languages.items()):
        total = language_total(documents, language).as_dict()
        total["documents"] = {d.name: d.as_dict() for d in documents}
        data["languages"][language] = total
    return json.dumps(data, ensure_ascii=False, indent=2)


def _bar(percent: float, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)


def print_table(languages: dict[str, list[DocumentStats]], stream: TextIO = sys.stdout,
                colour: bool = False) -> None:
    green, yellow, end = ("\033[32m", "\033[33m", "\033[0m") if colour else ("", "", "")
    for language, documents in sorted(languages.items()):
        width = max([len(d.name) for d in documents] + [8])
        print(f"{language}", file=stream)
        print(f"  {'document':{width}}  {'progress':20}     %  {'translated':>10} {'fuzzy':>6} "
              f"{'untransl.':>9} {'words':>13} {'findings':>8}", file=stream)
        for doc in [*documents, language_total(documents, "total")]:
            colour_on = green if doc.percent == 100 else yellow
            print(f"  {doc.name:{width}}  {colour_on}{_bar(doc.percent)}{end} {doc.percent:5.1f}  "
                  f"{doc.messages.translated:10} {doc.messages.fuzzy:6} {doc.messages.untranslated:9} "
                  f"{doc.words.translated:6}/{doc.words.total:<6} {doc.findings:8}", file=stream)


def findings_per_file(paths: list[Path], glossary_path: Path | None) -> dict[str, int]:
    """The checker's findings per catalog; without a glossary, those of the rules that need none."""
    from dalbit.check.engine import check_paths
    from dalbit.glossary import load_glossary

    report = check_paths(load_glossary(glossary_path) if glossary_path is not None else None, paths)
    return dict(Counter(f.path for f in report.findings))
