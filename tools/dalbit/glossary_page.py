"""``.. dalbit-terminology::``: the glossary as a page of the docs, generated from the data.

The page is built from ``glossary.toml`` at every build, so it cannot drift
from what the checker enforces. Its labels come from ``dalbit.po`` like the
other labels the extension adds; English terms are marked ``lang="en"``.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from dalbit.collation import sort_key
from dalbit.glossary import DOMAINS, LEVELS, Concept, Evidence, GlossaryError, load_glossary

DOMAIN_LABELS = dict(zip(DOMAINS, ("Media and entertainment", "Information technology",
                                   "Daily life and markets", "Politics and human rights", "Places and names")))
#: What each level of avoided form means to the reader of the page, after the forms.
LEVEL_LABELS = {"forbidden": "never", "warn": "marked as South Korean", "prefer": "a better word exists"}
#: Labels of the page, translated through dalbit.po (or the package's sphinx.po).
LABELS = (
    "English", "Preferred", "Also correct", "Avoid", "Status", "Why",
    "approved", "proposed", *DOMAIN_LABELS.values(),
    *LEVEL_LABELS.values(), "Evidence", "our notes",
)


class lang_span(nodes.inline):
    """Inline text in another language than the page's."""


def visit_lang_span(self, node: lang_span) -> None:
    self.body.append(f'<span lang="{node["lang"]}">')


def depart_lang_span(self, node: lang_span) -> None:
    self.body.append("</span>")


def _cell(content: nodes.Node | str) -> nodes.entry:
    entry = nodes.entry()
    paragraph = nodes.paragraph()
    paragraph += content if isinstance(content, nodes.Node) else nodes.Text(content)
    entry += paragraph
    return entry


def _in_language(text: str, lang: str) -> lang_span:
    span = lang_span(lang=lang)
    span += nodes.Text(text)
    return span


def _avoided(concept: Concept, label, korean) -> nodes.inline:
    """The avoided forms, level by level, each group followed by what its level means:
    괴뢰 (never); 남조선, 남한 (marked as South Korean)."""
    cell = nodes.inline()
    groups = [(level, concept.forms_at(level)) for level in LEVELS if concept.forms_at(level)]
    for number, (level, forms) in enumerate(groups):
        if number:
            cell += nodes.Text("; ")
        cell += korean(", ".join(forms))
        cell += nodes.inline(text=f" ({label(LEVEL_LABELS[level])})", classes=[f"dalbit-level-{level}"])
    return cell


def _wide_row(heading: str, content: list[nodes.Node], columns: int, kind: str) -> nodes.row:
    """A row across the whole table under a term: a bold heading, then its content."""
    paragraph = nodes.paragraph()
    paragraph += nodes.strong(text=heading + ": ")
    paragraph += content
    return nodes.row("", nodes.entry("", paragraph, morecols=columns - 1), classes=[kind])


def _evidence_row(evidence: tuple[Evidence, ...], label, columns: int) -> nodes.row:
    """Where the rendering is attested, under its term: each outside source by its title (the
    cite up to its colon: "Daily NK 2023-07-19"), linked when it has an address, then "our notes"
    once if the team's notes are cited too. What each source shows stays in the glossary file:
    the page is read on small screens and its text goes into the search snippets."""
    items: list[nodes.Node] = []
    for item in (e for e in evidence if e.is_outside):
        title = item.cite.split(": ", 1)[0]
        items.append(nodes.reference(title, title, refuri=item.url) if item.url else nodes.Text(title))
    if any(not e.is_outside for e in evidence):
        items.append(nodes.Text(label("our notes")))
    content: list[nodes.Node] = []
    for node in items:
        if content:
            content.append(nodes.Text("; "))
        content.append(node)
    return _wide_row(label("Evidence"), content, columns, "dalbit-evidence")


def _note_row(note: str, why: str, columns: int) -> nodes.row:
    """Why a term is rendered so (written in English only), across the whole table under
    its term: as a column of its own it squeezed every other column."""
    return _wide_row(why, [nodes.Text(note.removeprefix("Why: "))], columns, "dalbit-why")


class TerminologyDirective(SphinxDirective):
    """``.. dalbit-terminology:: ko_KP``: the glossary of that language (default: this edition's)."""

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from dalbit.sphinx import language_glossary

        language = self.arguments[0] if self.arguments else None
        path = language_glossary(self.env.app, language)
        if path is None:
            raise self.error(f"no glossary for {language or self.config.language}: create "
                             "locale/<language>/glossary.toml or set it in dalbit_languages")
        self.env.note_dependency(str(path))
        if path.with_name("spelling.toml").is_file():
            self.env.note_dependency(str(path.with_name("spelling.toml")))
        try:
            glossary = load_glossary(path)
        except GlossaryError as error:
            raise self.error(str(error)) from None
        ui = getattr(self.env.app, "dalbit_ui", {})
        label = lambda text: ui.get(text, text)  # noqa: E731
        translated = bool(self.config.language) and self.config.language != "en"
        if translated:
            # A Korean reader looks a word up by its Korean form, in the order of
            # the North's dictionaries (ㄲ after ㅎ, ㅇ last).
            columns = ["Preferred", "English", "Also correct", "Avoid", "Status"]
            order = lambda c: (sort_key(c.preferred), c.headword.lower())  # noqa: E731
        else:
            columns = ["English", "Preferred", "Also correct", "Avoid", "Status"]
            order = lambda c: c.headword.lower()  # noqa: E731
        result: list[nodes.Node] = []
        for domain in DOMAINS:
            concepts = sorted((c for c in glossary.concepts if c.domain == domain), key=order)
            if not concepts:
                continue
            result.append(nodes.rubric(text=label(DOMAIN_LABELS[domain]), ids=[f"terms-{domain}"]))
            result.append(self._table(concepts, columns, label, translated))
        return result

    def _table(self, concepts: list[Concept], columns: list[str], label, translated: bool) -> nodes.table:
        table = nodes.table(classes=["dalbit-terminology"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        for _ in columns:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        row = nodes.row()
        for column in columns:
            row += _cell(label(column))
        head += row
        group += head
        # On an English page the Korean forms say so (fonts, wrapping, screen readers).
        korean = nodes.Text if translated else (lambda text: _in_language(text, "ko-KP"))
        body = nodes.tbody()
        for concept in concepts:
            row = nodes.row(ids=[f"term-{concept.id}"])
            cells = {
                "English": _in_language(", ".join(concept.en[:3]), "en"),
                "Preferred": korean(concept.preferred),
                "Also correct": korean(", ".join(concept.acceptable)),
                "Avoid": _avoided(concept, label, korean),
                "Status": label(concept.status),
            }
            for column in columns:
                row += _cell(cells[column])
            body += row
            if not translated and concept.note:
                body += _note_row(concept.note, label("Why"), len(columns))
            if concept.evidence:
                body += _evidence_row(concept.evidence, label, len(columns))
        group += body
        return table
