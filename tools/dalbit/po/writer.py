"""The one canonical form of a catalog, what ``dalbit fmt`` and every writer produce."""
from __future__ import annotations

from dalbit.po.escapes import quote
from dalbit.po.model import Catalog, Entry

#: Header fields in the order gettext writes them; others follow, sorted.
HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "Plural-Forms")
#: Fields editors add on every save, which would put noise in every diff.
HEADER_NOISE = ("X-Generator", "Generated-By", "X-Poedit-Basepath", "X-Poedit-SourceCharset")


def _field(keyword: str, text: str, prefix: str = "") -> list[str]:
    """A keyword and its string: one line, or split after each \\n (never by width).

    No wrapping by width: a changed word changes one line of the diff, and
    whatever width an editor used, formatting again gives the same bytes.
    """
    parts = text.split("\n")
    if len(parts) <= 2 and not parts[-1] or len(parts) == 1:
        return [f"{prefix}{keyword} {quote(text)}"]
    chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return [f'{prefix}{keyword} ""'] + [f"{prefix}{quote(c)}" for c in chunks]


def canonical_header(msgstr: str) -> str:
    """The header's fields in gettext's order (others after, sorted), each as ``Key: value``,
    editors' noise fields left out. Nothing else goes: a line without a colon stays after the
    field it followed, a field given twice stays twice."""
    lines = msgstr.split("\n")
    if lines[-1] == "":
        lines.pop()  # the "\n" that ends the last field
    leading: list[str] = []  # lines before the first field
    fields: list[tuple[str, list[str]]] = []  # (key, its line and the colon-less lines after it)
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields.append((key.strip(), [f"{key.strip()}: {value.strip()}"]))
        elif fields:
            fields[-1][1].append(line)
        else:
            leading.append(line)
    rank = {key: index for index, key in enumerate(HEADER_ORDER)}
    kept = sorted((f for f in fields if f[0] not in HEADER_NOISE),
                  key=lambda f: (0, rank[f[0]], "") if f[0] in rank else (1, 0, f[0]))
    return "".join(line + "\n" for line in leading + [line for _, group in kept for line in group])


def _comment(text: str) -> str:
    """A translator comment's line; translator_comment reads it back as ``text``."""
    if not text:
        return "#"
    return "#" + text if text.lstrip(" ").startswith("!") else "# " + text


def format_entry(entry: Entry) -> list[str]:
    """The lines of one entry. Only the form is canonical: every text is written as it is
    (no Unicode normalisation: that would change translations, e.g. KELVIN SIGN into K)."""
    lines = [_comment(c.rstrip()) for c in entry.translator_comments]
    lines += [f"#. {c}".rstrip() for c in entry.extracted_comments]
    lines += [f"#: {c}" for c in entry.reference_lines if c]
    flags = sorted(set(entry.flags), key=lambda f: (f != "fuzzy", f))
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    if entry.previous_msgctxt is not None:
        lines += _field("msgctxt", entry.previous_msgctxt, prefix + "#| ")
    if entry.previous_msgid is not None:
        lines += _field("msgid", entry.previous_msgid, prefix + "#| ")
    if entry.previous_msgid_plural is not None:
        lines += _field("msgid_plural", entry.previous_msgid_plural, prefix + "#| ")
    if entry.msgctxt is not None:
        lines += _field("msgctxt", entry.msgctxt, prefix)
    lines += _field("msgid", entry.msgid, prefix)
    if entry.msgid_plural is not None:
        lines += _field("msgid_plural", entry.msgid_plural, prefix)
        for index, text in enumerate(entry.msgstr_plural):
            lines += _field(f"msgstr[{index}]", text, prefix)
    else:
        msgstr = canonical_header(entry.msgstr) if entry.is_header else entry.msgstr
        lines += _field("msgstr", msgstr, prefix)
    return lines


def format_catalog(catalog: Catalog) -> str:
    """The canonical text of a catalog: header, live entries in order, then obsolete ones."""
    live = [e for e in catalog.entries if not e.obsolete]
    dead = [e for e in catalog.entries if e.obsolete]
    blocks = ["\n".join(format_entry(e)) for e in live + dead]
    return "\n\n".join(blocks) + "\n"
