"""The offline bundle: one folder and one zip to copy onto a USB stick or an SD card.

Reproducible (the same commit gives the same bytes: fixed timestamps, fixed
order, no build paths), verifiable (``sha256sum -c SHA256SUMS``), private
(nothing about the machine that built it) and safe on FAT32 file systems.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dalbit.catalogs import atomic_write_bytes
from dalbit.chooser import BuiltEdition, write_chooser

#: Build by-products a reader never needs.
SKIPPED = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees", "_sources"}
#: Characters FAT32 (and Windows) refuse in names.
FAT_FORBIDDEN = set('<>:"\\|?*') | {chr(c) for c in range(32)}
#: Zip timestamps cannot go before 1980.
ZIP_EPOCH = 315532800

#: The README's paragraph, translated per edition like the pages (the extension writes each
#: edition's into dalbit-edition.json); the commands in it are the same in every language.
README_LINES = (
    "This folder holds a book you can read with no network at all.",
    "Open index.html and choose a language. The e-books (EPUB) are in the epub folder.",
    "The folder still works when it is moved or renamed.",
    "To check that your copy is the one that was published:",
)


def readme_text(editions: list[BuiltEdition], version: str) -> str:
    """README.txt: each language's title and paragraph once, translations first."""
    texts = dict.fromkeys((e.title, e.readme or README_LINES) for e in editions)
    blocks = []
    for title, lines in sorted(texts, key=lambda text: text[1] == README_LINES):
        heading = f"{title} {version}"
        blocks.append("\n".join([heading, "=" * len(heading), "", *lines, "    sha256sum -c SHA256SUMS"]))
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Part:
    name: str
    files: int
    size: int


def summary(folder: Path, archive: Path, parts: list[Part]) -> str:
    """What ``dalbit bundle`` and ``dalbit build`` print: each part's files and size, the folder, the zip."""
    lines = [f"{part.name:36} {part.files:5} files {part.size / 1024:10.1f} KiB" for part in parts]
    return "\n".join([*lines, str(folder), str(archive)])


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), ZIP_EPOCH) if value.isdigit() else ZIP_EPOCH


def _copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part in SKIPPED for part in relative.parts):
            continue
        destination = target / relative
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif path.is_file() and not path.is_symlink():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def deterministic_zip(folder: Path, target: Path, prefix: str, mimetype_first: bool = False) -> None:
    """Zip a folder with sorted names, one timestamp and fixed permissions."""
    stamp = time.gmtime(source_date_epoch())[:6]
    files = sorted((p for p in folder.rglob("*") if p.is_file()),
                   key=lambda p: p.relative_to(folder).as_posix())
    if mimetype_first:
        files.sort(key=lambda p: p.relative_to(folder).as_posix() != "mimetype")
    tmp = target.with_name("." + target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for path in files:
            name = prefix + path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3
            stored = mimetype_first and name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=None if stored else 9)
    os.replace(tmp, target)


def repack_epub(epub: Path) -> None:
    """Rewrite an EPUB deterministically (Sphinx stores each file's mtime)."""
    work = epub.with_name("." + epub.stem + ".unpacked")
    if work.exists():
        shutil.rmtree(work)
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(work)
    deterministic_zip(work, epub, "", mimetype_first=True)
    shutil.rmtree(work)


def fat32_problems(folder: Path, max_path: int = 240) -> list[str]:
    """Names a FAT32 stick would refuse or mangle."""
    problems = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            problems.append(f"{relative}: symbolic link")
        if any(ch in FAT_FORBIDDEN for ch in path.name) or path.name.endswith((" ", ".")):
            problems.append(f"{relative}: character FAT32 refuses")
        if len(relative) > max_path:
            problems.append(f"{relative}: path longer than {max_path} characters")
        key = relative.lower()
        if key in seen and seen[key] != relative:
            problems.append(f"{relative}: differs only in case from {seen[key]}")
        seen[key] = relative
    return problems


def write_checksums(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != folder / "SHA256SUMS")
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n" for p in files]
    atomic_write_bytes(folder / "SHA256SUMS", "".join(lines).encode())


def _measure(path: Path) -> tuple[int, int]:
    if path.is_file():
        return 1, path.stat().st_size
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _measure_fonts(folder: Path) -> tuple[int, int]:
    """The Korean font files (dalbit.fonts) in the sites and, as stored, in the EPUBs."""
    sizes = [p.stat().st_size for p in folder.rglob("dalbit-sans.*") if p.suffix in (".woff2", ".otf")]
    for book in sorted(folder.glob("epub/*.epub")):
        with zipfile.ZipFile(book) as epub:
            sizes += [item.compress_size for item in epub.infolist()
                      if Path(item.filename).name in ("dalbit-sans.otf", "dalbit-sans.woff2")]
    return len(sizes), sum(sizes)


def make_bundle(build: Path, dist: Path, version: str, basename: str) -> tuple[Path, Path, list[Part]]:
    """Assemble ``dist/<basename>-<version>/`` and its zip from ``build``."""
    name = f"{basename}-{version}"
    folder = dist / name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "html").mkdir(parents=True)
    editions = sorted(p for p in (build / "html").iterdir() if (p / "dalbit-edition.json").is_file())
    for edition in editions:
        _copy_tree(edition, folder / "html" / edition.name)
    (folder / "epub").mkdir()
    for book in sorted((build / "epub").glob("*.epub")):
        shutil.copyfile(book, folder / "epub" / book.name)
    built = write_chooser(folder / "index.html", folder / "html", folder / "epub")
    atomic_write_bytes(folder / "README.txt", readme_text(built, version).encode("utf-8"))
    write_checksums(folder)
    problems = fat32_problems(folder)
    if problems:
        raise ValueError("the bundle would not survive a FAT32 stick: " + "; ".join(problems[:5]))
    archive = dist / f"{name}.zip"
    deterministic_zip(folder, archive, prefix=name + "/")
    parts = [Part(label, *_measure(path))
             for label, path in [*((f"html/{e.name}", folder / "html" / e.name) for e in editions),
                                 *((f"epub/{b.name}", b) for b in sorted((folder / "epub").glob("*.epub"))),
                                 ("index.html", folder / "index.html"), ("README.txt", folder / "README.txt"),
                                 ("folder", folder), (archive.name, archive)]]
    parts.insert(-2, Part("of which Korean font", *_measure_fonts(folder)))
    return folder, archive, parts
