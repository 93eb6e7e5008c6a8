"""What a catalog holds: entries as the reader gives them and the writer takes them."""
from __future__ import annotations

from dataclasses import dataclass, field

from dalbit.errors import InputError


class PoSyntaxError(InputError):
    """A catalog that cannot be read: ``file:line: what is wrong, how to fix``."""


@dataclass(slots=True)
class Entry:
    """One message of a catalog."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    reference_lines: list[str] = field(default_factory=list)  # "#:" comments as written
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    line: int = 0  # line of the msgid keyword
    # Line of the msgstr keyword (msgstr[0] in a plural entry): what a finding about the
    # translation points at, since that is the line the translator changes.
    msgstr_line: int = 0
    previous_msgid_plural: str | None = None  # "#| msgid_plural": the entry was plural before

    @property
    def translation_line(self) -> int:
        """Where findings about the entry point: its msgstr line, else its msgid line."""
        return self.msgstr_line or self.line

    @property
    def references(self) -> list[str]:
        return [r for line in self.reference_lines for r in line.split()]

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Translated and not fuzzy: what a reader will see."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


@dataclass
class Catalog:
    path: str
    entries: list[Entry]

    @property
    def header(self) -> Entry | None:
        return self.entries[0] if self.entries and self.entries[0].is_header else None

    @property
    def messages(self) -> list[Entry]:
        """Live messages: no header, no obsolete entries."""
        return [e for e in self.entries if not e.is_header and not e.obsolete]
