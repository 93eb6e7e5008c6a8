"""Remembered results: a catalog checked before, with the same bytes, is not checked again.

As ruff's and ESLint's caches do, ``dalbit check`` keeps what it found in each
catalog, under the catalog's absolute path and a digest of its bytes (so that
``make check``, which names catalogs by relative paths, and a Sphinx build, which
names them by absolute ones, share the results; checking some catalogs keeps
the results of the others). The results are
kept in one file per *key*: a digest of Dalbit's own code, the glossary, the
rules selected, the analyzer's version and Python's. Anything that could change
a finding changes the key, so a remembered result is the result a check would
find now. The rules across catalogs (translation-consistency, term-consistency)
are always run again, over every catalog's remembered and new parts.

It lives beside the remembered analyses (analyzer.cache_dir), a folder of the
user's own (the results are pickled, so a folder others can write would let them
run code); it is a cache: when it cannot be read or written, every catalog is
checked.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from dalbit.analyzer import cache_dir, kiwi_version

#: Results files kept (one per project, language and glossary version, say): the oldest go first.
KEEP = 16
_PACKAGE = Path(__file__).resolve().parent.parent


def key(glossary: object, rule_names: list[str]) -> str:
    """What the results depend on besides the catalog's bytes, as a digest."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE.rglob("*.py")):  # every rule, reader and table: a change forgets all
        digest.update(path.read_bytes())
    digest.update(repr((glossary, rule_names, kiwi_version(), sys.version)).encode())
    return digest.hexdigest()


def plain_bytes(path: Path) -> bytes | None:
    """A catalog's bytes; None when it is no plain file or cannot be read (reading it reports
    why: a FIFO named x.po is not read here, where it would never end)."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def file_digest(path: Path) -> bytes | None:
    """A digest of a catalog's bytes, or None (see plain_bytes)."""
    data = plain_bytes(path)
    return None if data is None else digest(data)


#: What is kept of one catalog: a digest of its bytes, the path it was checked under, and what
#: checking it found (the engine's part).
Kept = tuple[bytes, str, object]


def _results_file(key_: str) -> Path:
    return cache_dir() / f"results-{key_}.pickle"


def load(key_: str) -> dict[str, Kept]:
    """Each catalog's absolute path -> what :func:`save` kept of it."""
    try:
        with open(_results_file(key_), "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, cut or older cache is an empty one
        return {}


def save(key_: str, kept: dict[str, Kept]) -> None:
    """Keep the results for the next check (best effort), but those of catalogs that are gone,
    and forget the oldest results files."""
    from dalbit.catalogs import atomic_write_bytes

    try:
        kept = {path: value for path, value in kept.items() if os.path.exists(path)}
        atomic_write_bytes(_results_file(key_), pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        files = sorted(cache_dir().glob("results-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
