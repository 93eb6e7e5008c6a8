"""``dalbit review``: a folder of offline HTML pages for reviewers.

``index.html`` lists every document (with its progress and findings) and every glossary
concept in use; each document has a page with its whole translation side by side (English |
Korean), fuzzy and untranslated entries flagged, terms highlighted; each concept has a page
with what a reviewer needs to judge it (reason, status, acceptable and forbidden forms,
source, confidence) and every occurrence side by side. Filters by path, status and rule.

The highlights are the checker's own matches (:func:`dalbit.check.engine.concept_spans`), so the
page and ``dalbit check`` agree. Pages are written one catalog at a time (a concept's rows
wait in a file of their own), so a project of 500 catalogs is reviewed in little memory,
and each page stays small enough for a browser. Every text from a catalog is escaped: a
page runs only its own inline script and loads nothing.
"""
from __future__ import annotations

import bisect
import html
import os
import re
import shutil
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from dalbit.adapt import adapted_spans
from dalbit.analyzer import Analyzer, user_words
from dalbit.check.engine import NO_GLOSSARY, Matcher, check_paths, concept_spans
from dalbit.check.findings import Finding, Report, Waiver
from dalbit.check.rules import RULES
from dalbit.errors import InputError
from dalbit.glossary import Concept, Glossary
from dalbit.po.model import Catalog, Entry
from dalbit.po.reader import read_or_error
from dalbit.rstmarkup import Markup, find_markup, strip_markup
from dalbit.stats import STATUSES, DocumentStats, document_stats, status_of

#: In the output folder: says the folder is a review that the next review may replace.
MARKER = ".dalbit-review"

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em; line-height: 1.5; }
:lang(ko) { word-break: keep-all; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
td, th { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
td.where { white-space: nowrap; font-size: 0.85em; color: #555; }
td.num { text-align: right; }
tr.fuzzy td.ko { background: #fff4d6; }
tr.untranslated td.ko { background: #fde2e2; }
mark { background: #ffe66d; }
mark.forbidden { background: #f7b2b2; }
mark.warn, mark.prefer { background: #fbd3a5; }
mark.adapted { background: #c9e4ff; }
mark a { color: inherit; text-decoration: none; }
ul.findings { margin: 0.3em 0 0; padding-left: 1.2em; color: #a00; font-size: 0.9em; }
li.waiver { color: #555; }
li.waiver.unused { color: #a00; }
.status { font-size: 0.8em; font-weight: bold; }
.proposed { background: #fff4d6; padding: 0 0.3em; }
dl.concept { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.concept dt { font-weight: bold; }
dl.concept dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 40em) { dl.concept { display: block; } dl.concept dd { margin: 0 0 0.5em 1em; } }
nav.filters { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid #bbb; }
nav.filters label { margin-right: 1em; }
.hidden { display: none; }
"""

#: Every control with data-filter="name" keeps the rows (tr[data-row]) whose data-name holds
#: its value: the whole value (data-match="exact", for paths, which may hold spaces), one of
#: its space-separated words (the default: statuses, rules), or a part of it ("contains").
#: A row without that attribute is not about that control.
SCRIPT = """
(function () {
  var controls = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  function keeps(row, control) {
    var want = control.value.trim(), have = row.getAttribute("data-" + control.dataset.filter);
    if (!want || have === null) return true;
    if (control.dataset.match === "exact") return have === want;
    if (control.dataset.match === "contains") return have.toLowerCase().indexOf(want.toLowerCase()) >= 0;
    return (" " + have + " ").indexOf(" " + want + " ") >= 0;
  }
  function apply() {
    document.querySelectorAll("tr[data-row]").forEach(function (row) {
      row.classList.toggle("hidden", !controls.every(function (c) { return keeps(row, c); }));
    });
    document.querySelectorAll("[data-count]").forEach(function (out) {
      out.textContent = document.querySelectorAll(out.dataset.count + " tr[data-row]:not(.hidden)").length;
    });
  }
  controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
  apply();
})();
"""

HEAD = '<tr><th></th><th lang="en">English</th><th>Korean</th></tr>'


@dataclass
class ReviewResult:
    """What ``write_review`` wrote: the index page, and the catalogs it could not read."""

    index: Path
    documents: int = 0
    concepts: int = 0
    broken: list[InputError] = field(default_factory=list)


@dataclass
class _ConceptUse:
    """A concept's place in the review: its page, its rows (waiting in a file), its forms."""

    concept: Concept
    page: str
    rows: TextIO
    entries: int = 0
    forms: Counter = field(default_factory=Counter)  # glossary form -> entries using it
    files: set[str] = field(default_factory=set)


def _page_names(names: list[str], prefix: str) -> dict[str, str]:
    """A file name per name, unique even where a stick's file system ignores case (FAT32) and
    safe everywhere: library/os.po -> doc-library.os.html, c-api/os.po -> doc-c-api.os.html."""
    pages, taken = {}, set()
    for name in names:
        stem = re.sub(r"[^a-z0-9_.-]+", "-", name.removesuffix(".po").replace("/", ".").lower()).strip("-.") or "x"
        page, n = f"{prefix}{stem}.html", 1
        while page in taken:
            n += 1
            page = f"{prefix}{stem}-{n}.html"
        taken.add(page)
        pages[name] = page
    return pages


def _raw_span(raw: str, markup: Sequence[Markup], start: int, end: int) -> tuple[int, int]:
    """A span of strip_markup's text in the message as written: a role's display text moves
    (strip_markup puts it right after the markup's start)."""
    item = next((item for item in markup if item.start <= start < item.end), None)
    if item is not None and item.display:
        at = raw.find(item.display, item.start, item.end)
        if at >= 0:
            shift = at - (item.start + 1)
            return start + shift, min(end + shift, item.end)
    return start, end


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape text, wrapping each span in <mark>, with the span's inner HTML (its third item,
    a format with {} for the escaped text)."""
    out, last = [], 0
    for start, end, wrap in sorted(spans):
        if start < last or start >= end:
            continue
        out.append(html.escape(text[last:start]))
        out.append(wrap.format(html.escape(text[start:end])))
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


@dataclass
class _EntryTerms:
    """The glossary terms of one entry, placed in the message as written."""

    english: list[tuple[int, int, Concept]]
    korean: dict[str, list[tuple[int, int, str]]]  # concept id -> (start, end, glossary form)


def entry_terms(matcher: Matcher, entry: Entry) -> _EntryTerms:
    """The terms the checker finds in an entry, English and Korean, as the checker reads the
    entry (the prose, markup blanked), placed in the message as written."""
    source_markup = find_markup(entry.msgid)
    terms = [(*_raw_span(entry.msgid, source_markup, start, end), concept)
             for start, end, concept in matcher.entry_terms(entry.msgid, source_markup, entry.msgstr)[0]]
    korean: dict[str, list[tuple[int, int, str]]] = {}
    if terms and entry.msgstr and "fuzzy" not in entry.flags:
        target_markup = find_markup(entry.msgstr)
        visible = strip_markup(entry.msgstr, target_markup)
        for concept in {c.id: c for _, _, c in terms}.values():
            korean[concept.id] = [(*_raw_span(entry.msgstr, target_markup, start, end), form)
                                  for start, end, form in concept_spans(matcher, visible, concept)]
    return _EntryTerms(terms, korean)


def _findings_html(findings: list[Finding | Waiver]) -> str:
    """A row's findings, and the waivers that silenced others (with the translator's reason)."""
    if not findings:
        return ""
    items = "".join(_waiver_html(f) if isinstance(f, Waiver) else
                    f"<li>{html.escape(f.rule)}: {html.escape(f.term)}: expected {html.escape(f.expected)}, "
                    f"found {html.escape(f.found)}</li>" for f in findings)
    return f'<ul class="findings">{items}</ul>'


def _waiver_html(waiver: Waiver) -> str:
    """A waiver that silenced a finding, or one that silenced nothing and why (in red)."""
    said = f"{html.escape(waiver.rule)}: {html.escape(waiver.term)}: {html.escape(waiver.reason)}"
    if waiver.used:
        return f'<li class="waiver">waived: {said}</li>'
    return f'<li class="waiver unused">waiver {html.escape(waiver.state(RULES))}: {said}</li>'


def _row(name: str, entry: Entry, findings: list[Finding | Waiver], english: str, korean: str, where: str,
         anchor: bool = False) -> str:
    """One entry, English | Korean (both already HTML); ``where`` is the first cell's HTML, and
    ``anchor`` gives the row an id (L<line>) that concept pages link to."""
    rules = " ".join(sorted({f.rule for f in findings if isinstance(f, Finding)}))
    status = status_of(entry)
    flag = "" if status == "translated" else f'<div class="status">{status}</div>'
    row_id = f' id="L{entry.translation_line}"' if anchor else ""  # the line dalbit check names
    return (f'<tr data-row{row_id} class="{status}" data-file="{html.escape(name)}" data-status="{status}" '
            f'data-rules="{html.escape(rules)}"><td class="where">{where}</td>'
            f'<td class="en" lang="en">{english}</td>'
            f'<td class="ko" lang="ko-KP">{flag}{korean}{_findings_html(findings)}</td></tr>\n')


def _page(title: str, body: str, up: bool = True) -> bytes:
    back = '<p><a href="index.html">← all documents and concepts</a></p>' if up else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>{back}"
            f"<h1>{html.escape(title)}</h1>{body}<script>{SCRIPT}</script></body></html>\n").encode("utf-8")


def _select(label: str, attribute: str, values, match: str = "word") -> str:
    options = "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in sorted(values))
    return (f'<label>{label} <select name="{attribute}" data-filter="{attribute}" data-match="{match}">'
            f'<option value="">all</option>{options}</select></label>')


def _filters(*controls: str, counted: str) -> str:
    return (f'<nav class="filters">{"".join(controls)} <span data-count="{counted}"></span> shown</nav>')


def _concept_details(use: _ConceptUse) -> str:
    """What a reviewer needs to judge a concept, straight from the glossary."""
    concept = use.concept
    def forms(values) -> str:
        return ", ".join(f'<span lang="ko-KP">{html.escape(v)}</span>' for v in values) or "none"
    status = html.escape(concept.status)
    if concept.status != "approved":
        status = f'<span class="proposed">{status}: not yet approved, open to change</span>'
    items = [
        ("English", html.escape(", ".join(concept.en))),
        ("Preferred", forms([concept.preferred])),
        ("Acceptable", forms(concept.acceptable)),
        ("Forbidden (a reader is put at risk or does not understand)", forms(concept.forbidden)),
        ("Warn (understood, but marked as South Korean)", forms(concept.warn)),
        ("Prefer over (a better word exists)", forms(concept.prefer_over)),
        ("Status", status),
        ("Confidence", html.escape(concept.confidence)),
        ("Reason", html.escape(concept.note) or "none given"),
        ("Evidence", _evidence(concept) or "none given"),
        ("Domain, part of speech", html.escape(f"{concept.domain}, {concept.pos}")),
        ("Checked", "its use and its avoided forms" if concept.required else
         "only its avoided forms: the word has too many senses to demand a rendering, so a row "
         "without a highlight may be right"),
    ]
    if concept.doubt:
        items.insert(9, ("Doubt", html.escape(concept.doubt)))
    used = ", ".join(f'<span lang="ko-KP">{html.escape(form)}</span> ×{n}' for form, n in use.forms.most_common())
    items.append(("Used", used or "no glossary form in the translations"))
    return ('<dl class="concept">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>")


def _evidence(concept) -> str:
    """Each source, linked where it has an address, outside sources first, our notes marked."""
    items = []
    for evidence in sorted(concept.evidence, key=lambda e: not e.is_outside):
        cite = html.escape(evidence.cite)
        if evidence.url:
            cite = f'<a href="{html.escape(evidence.url)}">{cite}</a>'
        items.append(f"<li>{cite}{'' if evidence.is_outside else ' (our own notes)'}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def write_review(glossary: Glossary | None, paths: list[Path], output: Path, title: str = "Dalbit review",
                 root: Path | None = None) -> ReviewResult:
    """Check the catalogs and write the review folder ``output`` (index.html and a page per
    document and per concept), replacing an earlier review there. ``root`` is the folder the
    documents' names start from (default: the folder the catalogs share)."""
    output = Path(output)
    if output.exists() and not (output.is_dir() and ((output / MARKER).exists() or not any(output.iterdir()))):
        raise InputError(str(output), 0, "exists and is not a folder written by dalbit review: give another "
                                         "--output (a folder) or remove it")
    report: Report = check_paths(glossary, paths)
    # The check has asked the analyzer about every entry it checked and remembered the answers;
    # fuzzy entries, which it does not check, get no Korean highlight (entry_terms).
    matcher = Matcher(glossary or NO_GLOSSARY, Analyzer(user_words(glossary) if glossary else {}))
    findings_in: dict[str, list[Finding | Waiver]] = defaultdict(list)
    for finding in [*report.findings, *report.waivers]:
        findings_in[finding.path].append(finding)
    if root is None:
        root = Path(os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])) if paths else Path()
    names = {str(p): Path(os.path.relpath(os.path.abspath(p), root)).as_posix() for p in paths}
    doc_pages = _page_names(list(names.values()), "doc-")
    concept_pages = _page_names(sorted(c.id for c in (glossary or NO_GLOSSARY).concepts), "concept-")

    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.parent / f".{output.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.dalbit-tmp"
    work.mkdir()
    try:
        (work / MARKER).write_text("written by dalbit review; the next review replaces this folder\n",
                                   encoding="utf-8")
        uses: dict[str, _ConceptUse] = {}
        documents: list[tuple[str, DocumentStats, set[str]]] = []
        for path in paths:
            catalog = read_or_error(path)
            if isinstance(catalog, InputError):
                continue  # the check has it in report.broken
            name = names[str(path)]
            stats, rules = _write_document(catalog, name, doc_pages, concept_pages, findings_in[catalog.path],
                                           matcher, uses, work)
            documents.append((name, stats, rules))
        for use in uses.values():
            _write_concept(use, work)
        (work / "index.html").write_bytes(_index(title, report, documents, doc_pages, uses))
        _replace(output, work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ReviewResult(output / "index.html", len(documents), len(uses), report.broken)


def _write_document(catalog: Catalog, name: str, doc_pages: dict[str, str], concept_pages: dict[str, str],
                    findings: list[Finding | Waiver], matcher: Matcher, uses: dict[str, _ConceptUse],
                    work: Path) -> tuple[DocumentStats, set[str]]:
    """One document's page; its concept rows go to each concept's file of rows."""
    messages = catalog.messages
    starts = [entry.line for entry in messages]
    by_entry: dict[int, list[Finding | Waiver]] = defaultdict(list)
    for finding in findings:  # a finding's line is its entry's, or a line inside the entry (msgstr)
        index = bisect.bisect_right(starts, finding.line) - 1
        by_entry[max(index, 0)].append(finding)
    page = doc_pages[name]
    rows, statuses = [], set()
    for index, entry in enumerate(messages):
        found = by_entry.get(index, [])
        statuses.add(status_of(entry))
        terms = entry_terms(matcher, entry)
        english_marks = [(s, e, f'<mark><a href="{concept_pages[c.id]}">{{}}</a></mark>')
                         for s, e, c in terms.english]
        concepts = {c.id: c for _, _, c in terms.english}
        korean_marks = [(s, e, _korean_mark(form, concepts[cid], concept_pages[cid]))
                        for cid, spans in terms.korean.items() for s, e, form in spans]
        # Words ``dalbit adapt`` changed are marked too, so a reviewer of a draft sees each change.
        korean_marks += [(s, e, '<mark class="adapted">{}</mark>') for s, e in adapted_spans(entry)]
        korean = entry.msgstr if entry.msgid_plural is None else "\n".join(entry.msgstr_plural)
        line = entry.translation_line  # the line dalbit check names
        rows.append(_row(name, entry, found, _highlight(entry.msgid, english_marks),
                         _highlight(korean, korean_marks if entry.msgid_plural is None else []), str(line),
                         anchor=True))
        for concept_id, concept in concepts.items():
            use = uses.get(concept_id)
            if use is None:
                rows_file = open(work / f".{concept_pages[concept_id]}.rows", "w", encoding="utf-8")
                use = uses[concept_id] = _ConceptUse(concept, concept_pages[concept_id], rows_file)
            spans = terms.korean.get(concept_id, [])
            use.entries += 1
            use.files.add(name)
            if entry.translated:
                use.forms.update({form for _, _, form in spans})
            where_link = f'<a href="{page}#L{line}">{html.escape(name)}:{line}</a>'
            use.rows.write(_row(name, entry, found,
                                _highlight(entry.msgid, [(s, e, "<mark>{}</mark>") for s, e, c in terms.english
                                                         if c.id == concept_id]),
                                _highlight(entry.msgstr, [(s, e, f"<mark{_level_class(concept, form)}>{{}}</mark>")
                                                          for s, e, form in spans]),
                                where_link))
    findings = [f for f in findings if isinstance(f, Finding)]
    rules = {f.rule for f in findings}
    body = (_filters(_select("status", "status", statuses), _select("rule", "rules", rules), counted="table.rows")
            + f'<table class="rows">{HEAD}{"".join(rows)}</table>')
    (work / page).write_bytes(_page(name, body))
    stats = document_stats(catalog, len(findings))
    stats.name = name
    return stats, rules


def _korean_mark(form: str, concept: Concept, page: str) -> str:
    """A Korean term in a document's page: titled with its glossary form, linked to its concept."""
    return f'<mark{_level_class(concept, form)} title="{html.escape(form)}"><a href="{page}">{{}}</a></mark>'


def _level_class(concept: Concept, form: str) -> str:
    """The class of a Korean term's <mark>: the level of an avoided form (none for a good one)."""
    level = concept.level_of(form)
    return f' class="{level}"' if level else ""


def _write_concept(use: _ConceptUse, work: Path) -> None:
    """A concept's page: its details, then its rows copied from their file (a common word
    has thousands, which need not all be in memory at once)."""
    use.rows.close()
    rows_path = Path(use.rows.name)
    concept = use.concept
    title = f"{concept.headword} → {concept.preferred}"
    body = (_concept_details(use)
            + _filters(_select("file", "file", use.files, match="exact"), _select("status", "status", STATUSES),
                       counted="table.rows")
            + f'<table class="rows">{HEAD}<!--rows--></table>')
    head, tail = _page(title, body).split(b"<!--rows-->")
    with open(work / use.page, "wb") as page, open(rows_path, "rb") as rows:
        page.write(head)
        shutil.copyfileobj(rows, page)
        page.write(tail)
    rows_path.unlink()


def _index(title: str, report: Report, documents: list[tuple[str, DocumentStats, set[str]]],
           doc_pages: dict[str, str], uses: dict[str, _ConceptUse]) -> bytes:
    summary = (f"{report.files} files, {report.entries} messages: {report.checked} checked, "
               f"{report.fuzzy} fuzzy, {report.untranslated} untranslated; {len(report.findings)} findings; "
               f"{len(report.waivers)} waivers")
    doc_rows = []
    all_rules, all_statuses = set(), set()
    for name, stats, rules in documents:
        counts = stats.messages
        statuses = [s for s in STATUSES if getattr(counts, s)]
        all_rules |= rules
        all_statuses |= set(statuses)
        doc_rows.append(
            f'<tr data-row data-file="{html.escape(name)}" data-status="{" ".join(statuses)}" '
            f'data-rules="{html.escape(" ".join(sorted(rules)))}"><td><a href="{doc_pages[name]}">'
            f'{html.escape(name)}</a></td><td class="num">{stats.percent:.1f}</td>'
            f'<td class="num">{counts.translated}</td><td class="num">{counts.fuzzy}</td>'
            f'<td class="num">{counts.untranslated}</td><td class="num">{stats.findings}</td></tr>\n')
    concept_rows = []
    for use in sorted(uses.values(), key=lambda u: u.concept.headword.lower()):
        concept = use.concept
        forms = ", ".join(f"{form} ×{n}" for form, n in use.forms.most_common())
        status = concept.status if concept.status == "approved" else \
            f'<span class="proposed">{html.escape(concept.status)}</span>'
        concept_rows.append(
            f'<tr data-row data-concept="{html.escape(concept.status)}"><td lang="en">'
            f'<a href="{use.page}">{html.escape(concept.headword)}</a></td>'
            f'<td lang="ko-KP">{html.escape(concept.preferred)}</td><td>{status}</td>'
            f'<td>{html.escape(concept.confidence)}</td><td class="num">{use.entries}</td>'
            f'<td lang="ko-KP">{html.escape(forms)}</td></tr>\n')
    body = (f"<p>{html.escape(summary)}</p>"
            + f'<h2>Documents (<span data-count="table.documents"></span> shown)</h2>'
            + '<nav class="filters"><label>path <input type="search" name="path" data-filter="file" '
              'data-match="contains" placeholder="library/os"></label>'
            + _select("with", "status", all_statuses) + _select("rule", "rules", all_rules) + "</nav>"
            + '<table class="documents"><tr><th>document</th><th>% translated</th><th>translated</th>'
              f'<th>fuzzy</th><th>untranslated</th><th>findings</th></tr>{"".join(doc_rows)}</table>'
            + f'<h2>Glossary concepts (<span data-count="table.concepts"></span> shown)</h2>'
            + '<nav class="filters">'
            + _select("glossary status", "concept", {u.concept.status for u in uses.values()}) + "</nav>"
            + '<table class="concepts"><tr><th lang="en">English</th><th>Korean</th><th>status</th>'
              f'<th>confidence</th><th>entries</th><th>forms used</th></tr>{"".join(concept_rows)}</table>')
    return _page(title, body, up=False)


def _replace(output: Path, work: Path) -> None:
    """Put the new review in place of the old one (a rename each, the old one removed last)."""
    if output.exists():
        old = output.parent / f".{output.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.dalbit-old"
        output.rename(old)
        work.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(output)
