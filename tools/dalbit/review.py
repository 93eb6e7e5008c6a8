"""``dalbit review``: one self-contained HTML file for reviewers, offline.

Per glossary concept, every occurrence side by side (English | Korean) with
the term highlighted and findings marked; per document, the whole translation
side by side with fuzzy and untranslated entries flagged; filters by rule,
file and status. Every text from a catalog is escaped: the page runs only its
own inline script and loads nothing.
"""
from __future__ import annotations

import html
import os
from collections import defaultdict
from pathlib import Path

from dalbit.check.engine import Checker
from dalbit.check.findings import Finding, Report
from dalbit.glossary import Concept, Glossary
from dalbit.po import Catalog, Entry

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em; line-height: 1.5; }
:lang(ko) { word-break: keep-all; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
td, th { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
td.where { white-space: nowrap; font-size: 0.85em; color: #555; }
tr.fuzzy td.ko { background: #fff4d6; }
tr.untranslated td.ko { background: #fde2e2; }
mark { background: #ffe66d; }
ul.findings { margin: 0.3em 0 0; padding-left: 1.2em; color: #a00; font-size: 0.9em; }
.status { font-size: 0.8em; font-weight: bold; }
nav.filters { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid #bbb; }
nav.filters label { margin-right: 1em; }
.hidden { display: none; }
"""

SCRIPT = """
(function () {
  var selects = document.querySelectorAll("nav.filters select");
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    document.querySelectorAll("tr[data-file]").forEach(function (row) {
      var show = (!want.file || row.dataset.file === want.file) &&
                 (!want.status || row.dataset.status === want.status) &&
                 (!want.rule || (" " + row.dataset.rules + " ").indexOf(" " + want.rule + " ") >= 0);
      row.classList.toggle("hidden", !show);
    });
    document.querySelectorAll("section.group").forEach(function (section) {
      var visible = section.querySelectorAll("tr[data-file]:not(.hidden)").length;
      section.classList.toggle("hidden", visible === 0);
    });
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();
"""


def _status(entry: Entry) -> str:
    return "translated" if entry.translated else "fuzzy" if entry.fuzzy else "untranslated"


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape text, wrapping the given spans in <mark>."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _korean_spans(text: str, concept: Concept) -> list[tuple[int, int]]:
    spans = []
    for form in (*concept.allowed, *concept.forbidden):
        start = text.find(form)
        while start >= 0:
            spans.append((start, start + len(form)))
            start = text.find(form, start + len(form))
    return spans


def _names(catalogs: list[Catalog]) -> dict[str, str]:
    """Each catalog's name in the page: its path from the folder they share, so that
    library/os.po and c-api/os.po stay apart."""
    if not catalogs:
        return {}
    root = os.path.commonpath([os.path.dirname(os.path.abspath(c.path)) for c in catalogs])
    return {c.path: Path(os.path.relpath(os.path.abspath(c.path), root)).as_posix() for c in catalogs}


class _Row:
    def __init__(self, catalog: Catalog, entry: Entry, findings: list[Finding], name: str) -> None:
        self.file = name
        self.entry = entry
        self.findings = findings

    def render(self, english: str, korean: str) -> str:
        rules = " ".join(sorted({f.rule for f in self.findings}))
        items = "".join(f"<li>{html.escape(f.rule)}: {html.escape(f.term)}: expected "
                        f"{html.escape(f.expected)}, found {html.escape(f.found)}</li>" for f in self.findings)
        status = _status(self.entry)
        flag = "" if status == "translated" else f'<div class="status">{status}</div>'
        return (f'<tr class="{status}" data-file="{html.escape(self.file)}" data-status="{status}" '
                f'data-rules="{html.escape(rules)}"><td class="where">{html.escape(self.file)}:{self.entry.line}'
                f'</td><td class="en" lang="en">{english}</td><td class="ko" lang="ko-KP">{flag}{korean}'
                + (f'<ul class="findings">{items}</ul>' if items else "") + "</td></tr>")


def render_review(glossary: Glossary | None, catalogs: list[Catalog], title: str = "Dalbit review") -> str:
    """The page; without a glossary (None) it has no concepts, only the documents and the
    findings of the rules that need none."""
    checker = Checker(glossary)
    glossary = checker.glossary
    report: Report = checker.check_catalogs(catalogs)
    by_place: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_place[(finding.path, finding.line)].append(finding)
    rows_by_concept: dict[str, list[str]] = defaultdict(list)
    names = _names(catalogs)
    documents = []
    files, statuses, rules = set(), set(), {f.rule for f in report.findings}
    for catalog in catalogs:
        doc_rows = []
        for entry in catalog.messages:
            row = _Row(catalog, entry, by_place.get((catalog.path, entry.line), []), names[catalog.path])
            files.add(row.file)
            statuses.add(_status(entry))
            doc_rows.append(row.render(html.escape(entry.msgid), html.escape(entry.msgstr)))
            for start, end, concept in checker.matcher.english_terms(entry.msgid):
                rows_by_concept[concept.id].append(row.render(
                    _highlight(entry.msgid, [(start, end)]),
                    _highlight(entry.msgstr, _korean_spans(entry.msgstr, concept))))
        documents.append((names[catalog.path], doc_rows))
    concepts = glossary.by_id()
    head = '<tr><th></th><th lang="en">English</th><th>Korean</th></tr>'
    parts = []
    for concept_id in sorted(rows_by_concept, key=lambda c: concepts[c].headword.lower()):
        concept = concepts[concept_id]
        counts = report.renderings.get(concept_id)
        used = ", ".join(f"{html.escape(f)} ×{n}" for f, n in counts.most_common()) if counts else ""
        parts.append(f'<section class="group concept" id="concept-{html.escape(concept_id)}">'
                     f'<h3><span lang="en">{html.escape(concept.headword)}</span> → '
                     f'<span lang="ko-KP">{html.escape(concept.preferred)}</span> '
                     f'<small>{used}</small></h3><table>{head}{"".join(rows_by_concept[concept_id])}'
                     f"</table></section>")
    concept_html = "".join(parts)
    document_html = "".join(
        f'<section class="group document" id="doc-{html.escape(name)}"><h3>{html.escape(name)}</h3>'
        f'<table>{head}{"".join(rows)}</table></section>' for name, rows in documents)

    def options(name: str, values: set[str]) -> str:
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in sorted(values))
        return f'<label>{name} <select name="{name}"><option value="">all</option>{opts}</select></label>'

    summary = (f"{report.files} files, {report.entries} messages: {report.checked} checked, "
               f"{report.fuzzy} fuzzy, {report.untranslated} untranslated; {len(report.findings)} findings; "
               f"{len(report.waivers)} waivers")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p>"
            f'<nav class="filters">{options("rule", rules)}{options("file", files)}'
            f'{options("status", statuses)}</nav>'
            f"<h2>Glossary concepts</h2>{concept_html}<h2>Documents</h2>{document_html}"
            f"<script>{SCRIPT}</script></body></html>\n")
