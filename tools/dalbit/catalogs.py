"""Files on disk: atomic writes, and compiling catalogs to .mo (Babel writes the .mo)."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); give it the mode the file had, or the usual one.
        umask = os.umask(0)
        os.umask(umask)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_translations(po_path: Path) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy singular messages of a catalog."""
    from dalbit.po import read_catalog

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
