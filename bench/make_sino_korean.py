"""Draw the candidates of tools/dalbit/data/ko_KP/sino_korean.tsv (development time only).

Reads libhangul's word table (Debian: apt-get install libhangul-data, then
/usr/share/libhangul/hanja/hanja.txt; BSD-3-Clause) and a folder of Korean catalogs, and
prints, most frequent first, each word of the catalogs that begins with a table word whose
first syllable (or a 열/율 after a vowel or ㄴ) is the South Korean form of a ㄹ/ㄴ reading of
its character: the South form, the North forms its homographs give, and its Chinese
characters. A person then reviews each line (native homographs such as 노래 "song" are in the
table too) before it goes into sino_korean.tsv.

Usage: python bench/make_sino_korean.py HANJA_TXT CATALOG_FOLDER > candidates.txt
"""
from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from dalbit.po.reader import read_or_error  # noqa: E402

FIRST = 0xAC00
RIEUL, NIEUN, IEUNG = 5, 2, 11  # initial consonant indexes
Y_VOWELS = {2, 6, 7, 12, 17, 20}  # ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ: ㄹ and ㄴ before them became ㅇ


def jamo(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - FIRST
    return code // 588, (code % 588) // 28, code % 28


def compose(initial: int, vowel: int, final: int) -> str:
    return chr(FIRST + initial * 588 + vowel * 28 + final)


def north_syllables(syllable: str, first: bool, previous: str | None) -> list[str]:
    """The ㄹ/ㄴ forms a South Korean syllable may stand for (두음법칙 undone)."""
    initial, vowel, final = jamo(syllable)
    if first:
        if initial == IEUNG and vowel in Y_VOWELS:
            return [compose(RIEUL, vowel, final), compose(NIEUN, vowel, final)]
        if initial == NIEUN and vowel not in Y_VOWELS:
            return [compose(RIEUL, vowel, final)]
    elif syllable in ("열", "율") and previous is not None and jamo(previous)[2] in (0, 4):
        return [compose(RIEUL, vowel, final)]  # 비율 比率 -> 비률, 규율 -> 규률
    return []


def main(hanja_txt: Path, catalogs: Path) -> None:
    readings, words = collections.defaultdict(set), collections.defaultdict(set)
    for line in hanja_txt.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.count(":") < 2:
            continue
        hangul, hanja, _ = line.split(":", 2)
        if len(hangul) == len(hanja) == 1:
            readings[hanja].add(hangul)
        elif len(hangul) == len(hanja) >= 2 and all("가" <= c <= "힣" for c in hangul):
            words[hangul].add(hanja)

    def north(word: str, hanja: str) -> str | None:
        out = []
        for n, (syllable, char) in enumerate(zip(word, hanja)):
            found = [s for s in north_syllables(syllable, n == 0, word[n - 1] if n else None)
                     if s in readings.get(char, ())]
            if len(found) > 1:
                return None
            out.append(found[0] if found else syllable)
        return "".join(out)

    table = {word: ({north(word, h) or "?" for h in hanjas}, hanjas) for word, hanjas in words.items()
             if any(north_syllables(s, n == 0, word[n - 1] if n else None) for n, s in enumerate(word))}
    runs = collections.Counter()
    for path in sorted(catalogs.rglob("*.po")):
        catalog = read_or_error(path)
        if isinstance(catalog, Exception):
            continue
        for entry in catalog.messages:
            runs.update(re.findall("[가-힣]+", entry.msgstr or "".join(entry.msgstr_plural)))
    found = collections.Counter()
    for run, count in runs.items():
        for size in range(min(len(run), 6), 1, -1):
            if run[:size] in table:
                found[run[:size]] += count
                break
    for word, count in found.most_common():
        norths, hanjas = table[word]
        print(f"{count}\t{word}\t{' '.join(sorted(norths))}\t{' '.join(sorted(hanjas))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
