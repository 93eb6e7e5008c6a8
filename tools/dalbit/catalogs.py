"""Files on disk: atomic writes, the writers' lock, and compiling catalogs to .mo (Babel writes the .mo)."""
from __future__ import annotations

import errno
import fcntl
import io
import os
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dalbit.errors import InputError

#: Every temporary file a write makes ends so: ``.<name>.<pid>-<random>.dalbit-tmp`` (gitignored).
TEMP_SUFFIX = ".dalbit-tmp"
#: The lock file writers of the same catalogs share, in the locale root (gitignored).
LOCK_NAME = ".dalbit.lock"
#: How long a writer waits for another one to finish, in seconds (DALBIT_LOCK_TIMEOUT overrides).
LOCK_TIMEOUT = 10.0


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new, never half.

    A symbolic link is written through: its target gets the new bytes and the link stays.
    The temporary file is named after this process (see remove_stale_temp_files), so what a
    killed write leaves is recognised and removed by the next writer.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        # mode 0o666 & ~umask, as a plain open would make; then the mode the file had.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temp_files(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary catalogs a killed writer left in these folders.

    Called with the catalogs' lock held: every writer of catalogs holds it while it writes, so
    any ``.<name>.po.<pid>-<random>.dalbit-tmp`` here is a dead writer's, whatever its pid
    (pids are reused: in a container, every run may be pid 1). Other temporary files (a .mo
    being compiled beside the catalogs, say) are never touched.
    """
    removed = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and \
                    name[1:-len(TEMP_SUFFIX)].rpartition(".")[0].endswith(".po"):
                (folder / name).unlink(missing_ok=True)
                removed.append(folder / name)
    return removed


def lock_root(paths: Iterable[Path]) -> Path:
    """Where the lock of these catalogs lives: the locale root above <lang>/LC_MESSAGES,
    else the folder the catalogs share. Every writer of the same catalogs finds the same one,
    whether it was given locale/, locale/<lang>/LC_MESSAGES or one file."""
    folders = [Path(os.path.realpath(p if Path(p).is_dir() else Path(p).parent)) for p in paths]
    if not folders:
        return Path.cwd()
    common = Path(os.path.commonpath(folders))
    for folder in (common, *common.parents):
        if folder.name == "LC_MESSAGES":
            return folder.parent.parent
    return common


def lock_timeout() -> float:
    value = os.environ.get("DALBIT_LOCK_TIMEOUT", "")
    try:
        return float(value) if value.strip() else LOCK_TIMEOUT
    except ValueError:
        return LOCK_TIMEOUT


@contextmanager
def catalog_lock(root: Path, command: str, timeout: float | None = None) -> Iterator[Path]:
    """Hold the writers' lock of the catalogs under ``root`` for a whole read-merge-write.

    A second writer waits up to ``timeout`` seconds (DALBIT_LOCK_TIMEOUT, default 10), then
    stops with an InputError naming the holder (its pid and command are in the lock file).
    Readers take no lock: every write is atomic.
    """
    timeout = lock_timeout() if timeout is None else timeout
    root.mkdir(parents=True, exist_ok=True)
    lock = root / LOCK_NAME
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another writer"
                raise InputError(str(lock), 1, f"the catalogs are being written by {holder}; waited "
                                 f"{timeout:g} s: run again when it has finished (or set "
                                 "DALBIT_LOCK_TIMEOUT to wait longer)")
            time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({command})\n".encode(), 0)
        yield lock
    finally:
        os.close(fd)  # closing releases the lock; the file stays, so every writer locks the same inode


def writer_command() -> str:
    """This process's command line, for the lock file: who holds the catalogs."""
    return " ".join(["dalbit", *sys.argv[1:]]) if sys.argv else "dalbit"


def read_translations(po_path: Path) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy singular messages of a catalog."""
    from dalbit.po.reader import read_catalog

    return {e.msgid: e.msgstr for e in read_catalog(po_path).messages
            if e.translated and e.msgid_plural is None}


def compile_mo(po_path: Path, mo_path: Path) -> None:
    """Compile one catalog to .mo (fuzzy entries left out, as msgfmt does)."""
    # Babel is imported here, not above: the checker writes its cache with atomic_write_bytes
    # and has no use for Babel's 20 ms of imports.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    # An unchanged .mo keeps its time: Sphinx re-reads every page whose .mo looks newer.
    if not mo_path.is_file() or mo_path.read_bytes() != buffer.getvalue():
        atomic_write_bytes(mo_path, buffer.getvalue())


def format_files(paths: list[Path], write: bool = True,
                 command: str = "dalbit fmt") -> tuple[list[Path], list[InputError]]:
    """The catalogs not in canonical form, and the ones that cannot be read; the first written
    in canonical form when ``write`` (``dalbit fmt``), unless any catalog is broken.

    The form only changes: every text stays as it is (see po.format_entry). Writing, the
    catalogs' lock is held from the first read to the last write.
    """
    from dalbit.po.reader import raise_broken, read_catalogs
    from dalbit.po.writer import format_catalog

    def unformatted() -> tuple[list[tuple[Path, bytes]], list[InputError]]:
        catalogs, broken = read_catalogs(paths)  # every broken catalog is named in one run
        found = []
        for catalog in catalogs:
            path, data = Path(catalog.path), format_catalog(catalog).encode("utf-8")
            if path.read_bytes() != data:
                found.append((path, data))
        return found, broken

    if not write:
        found, broken = unformatted()
        return [path for path, _ in found], broken
    with catalog_lock(lock_root(paths), command):
        remove_stale_temp_files(path.parent for path in paths)
        changed, broken = unformatted()  # all read before any is written: a broken one stops everything
        raise_broken(broken)
        for path, data in changed:
            atomic_write_bytes(path, data)
    return [path for path, _ in changed], []
