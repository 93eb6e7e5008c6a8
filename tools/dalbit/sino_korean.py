"""Sino-Korean words that keep their initial ㄹ/ㄴ in North Korean spelling (노동 -> 로동).

The rule (두음법칙 not applied, 조선말규범집) depends on the Chinese character, not on the
sound: 이용 利用 becomes 리용 but 이전 以前 stays, and the native 이것 or 여기 never change.
So it is applied only to words listed in ``data/ko_KP/sino_korean.tsv``, reviewed by hand from
libhangul's word table (where it comes from, its licence and its columns are in the file's
header; ``bench/make_sino_korean.py`` drew the candidates).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dalbit.glossary import DATA_DIR

TABLE = DATA_DIR / "ko_KP" / "sino_korean.tsv"
AMBIGUOUS = "?"


@dataclass(frozen=True)
class SinoWord:
    south: str
    north: str  # the North Korean form; ``south`` when it stays, AMBIGUOUS when undecided
    hanja: str
    basis: str

    @property
    def changes(self) -> bool:
        return self.north not in (self.south, AMBIGUOUS)

    @property
    def ambiguous(self) -> bool:
        return self.north == AMBIGUOUS


@lru_cache(maxsize=4)
def load_table(path: Path = TABLE) -> tuple[SinoWord, ...]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        south, north, hanja, basis = (line.split("\t") + ["", "", ""])[:4]
        words.append(SinoWord(unicodedata.normalize("NFC", south), unicodedata.normalize("NFC", north),
                              hanja, basis))
    return tuple(words)
