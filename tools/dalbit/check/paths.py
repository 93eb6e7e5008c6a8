"""Which files are catalogs: a .po file, or every *.po under a folder."""
from __future__ import annotations

import sys
from pathlib import Path

from dalbit.errors import InputError


def is_lock_file(path: Path) -> bool:
    """An editor's lock or backup beside a catalog (Emacs: .#x.po), not a catalog."""
    return path.name.startswith(".#")


def catalog_paths(root: Path) -> list[Path]:
    """The catalogs to read: a .po file, or every *.po under a folder.

    Whatever else is named *.po (a folder, a FIFO, a dangling link) is listed
    too, so that reading it says what it is; editors' lock files are skipped
    with a warning. A path that does not exist is an InputError.
    """
    if not root.exists() and not root.is_symlink():
        raise InputError(str(root), 0, "no such file or folder: give a .po file or a folder of them "
                                       "(locale/<lang>/LC_MESSAGES)")
    if not root.is_dir():
        return [] if _skipped(root) else [root]
    return sorted(path for path in root.rglob("*.po") if not _skipped(path))


def _skipped(path: Path) -> bool:
    if is_lock_file(path):
        print(f"{path}: skipped: an editor's lock file, not a catalog", file=sys.stderr)
        return True
    return False
