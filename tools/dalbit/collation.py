"""North Korean dictionary order (조선말사전), as a sort key.

Unicode and Sphinx sort Hangul in the South Korean order, where a syllable
starting with ㅇ sits between ㅅ and ㅈ and ㅐ follows ㅏ. North Korean
dictionaries put the double consonants after ㅎ and the silent initial ㅇ
last of all, and the simple vowels before the compound ones. The key keeps
the order of everything that is not Hangul as Sphinx has it (lower case,
NFD), so an index or glossary that mixes English and Korean stays put
except for the Korean.
"""
from __future__ import annotations

import unicodedata

#: The orders of the North Korean dictionary, written in compatibility jamo.
INITIALS = "ㄱㄴㄷㄹㅁㅂㅅㅈㅊㅋㅌㅍㅎㄲㄸㅃㅆㅉㅇ"
VOWELS = "ㅏㅑㅓㅕㅗㅛㅜㅠㅡㅣㅐㅒㅔㅖㅚㅟㅢㅘㅝㅙㅞ"
FINALS = "ㄱㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅇㅈㅊㅋㅌㅍㅎㄲㅆ"  # after "no final"

#: The same jamo in Unicode's order (the order of precomposed syllables).
_UNICODE_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_UNICODE_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_UNICODE_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3

# A syllable becomes three characters in the conjoining jamo block, where NFD
# puts Hangul for Sphinx: an initial rank from U+1100, a vowel rank from U+1161
# and a final rank from U+11A7 ("no final", below every final). Text around it
# compares with it as it does with Sphinx's NFD key.
_INITIAL_RANK = [INITIALS.index(j) for j in _UNICODE_INITIALS]
_VOWEL_RANK = [VOWELS.index(j) for j in _UNICODE_VOWELS]
_FINAL_RANK = [0] + [FINALS.index(j) + 1 for j in _UNICODE_FINALS]


def _syllable_key(code: int) -> str:
    index = code - _SYLLABLE_FIRST
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return (chr(0x1100 + _INITIAL_RANK[initial]) + chr(0x1161 + _VOWEL_RANK[vowel])
            + chr(0x11A7 + _FINAL_RANK[final]))


def _jamo_key(char: str) -> str | None:
    """A lone compatibility jamo (ㅇ, ㅏ) sorts before every syllable it starts."""
    if char in INITIALS:
        return chr(0x1100 + INITIALS.index(char))
    if char in VOWELS:  # no initial: after every consonant
        return chr(0x1100 + len(INITIALS)) + chr(0x1161 + VOWELS.index(char))
    return None


def sort_key(text: str) -> str:
    """The key that sorts ``text`` in North Korean dictionary order.

    Hangul syllables compare by initial, vowel and final in the North's
    orders; anything else compares as in Sphinx's index (lower case, NFD).
    """
    parts = []
    for char in unicodedata.normalize("NFC", text.lower()):
        code = ord(char)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            parts.append(_syllable_key(code))
        else:
            parts.append(_jamo_key(char) or unicodedata.normalize("NFD", char))
    return "".join(parts)


def initial_letter(text: str) -> str | None:
    """The index heading of a text that starts with Hangul (ㄱ, ㄲ, ..., ㅇ), else None."""
    if not text:
        return None
    code = ord(unicodedata.normalize("NFC", text[0])[0])
    if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
        return _UNICODE_INITIALS[(code - _SYLLABLE_FIRST) // (21 * 28)]
    if text[0] in INITIALS:
        return text[0]
    return None
