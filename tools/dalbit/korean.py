"""Korean text as pure functions: syllables, final consonants, particles and word edges.

Rules decide with these what they can (a particle after a known word); the
analyzer (dalbit.analyzer) is asked only where a hit is ambiguous.
"""
from __future__ import annotations

import re
from functools import lru_cache

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # index of ㄹ among final consonants

#: Particle pairs: (after a final consonant, after a vowel).
PARTICLE_PAIRS = (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"))
_PAIR_OF = {p: pair for pair in PARTICLE_PAIRS for p in pair}
#: What may follow a particle inside the same word (으로도, 와의, 로서).
_PARTICLE_TAILS = ("", "도", "는", "의", "만", "서", "써", "부터", "까지", "나")
#: Particles and copula endings that may follow a noun in the same word.
NOUN_TAILS = (
    "을", "를", "이", "가", "은", "는", "과", "와", "으로", "로", "에", "에서", "에게", "의", "도",
    "만", "까지", "부터", "보다", "처럼", "마다", "이나", "나", "이며", "며", "이다", "다", "이고",
    "고", "이었다", "였다", "이였다", "으로는", "로는", "으로도", "로도", "에는", "에도", "에서도",
    "에서는", "과의", "와의", "들", "들을", "들이", "들은", "들의", "들과", "들에게", "들도", "들로",
    "들에", "들에서", "들이다", "라는", "이라는", "라고", "이라고", "로서", "으로서", "에게서", "을수",
    "이란", "란", "인", "입니다", "이라", "라", "께", "한테", "조차", "밖에", "뿐", "이든", "든",
)


_NOUN_TAIL_SET = frozenset(NOUN_TAILS)
#: First syllables of 하다 and 되다 in any ending (리용하여, 로동한다, 삭제됨): a noun,
#: or a verb's noun stem, followed by one of them stands as a word of its own.
_HADA = frozenset("하한할함합해했되된될됨됩돼됐")


def is_plain_tail(tail: str) -> bool:
    """Does ``tail`` (what follows a form in its word) leave no doubt that the form is a word?

    Nothing, a particle run (를, 에서도, 들이), or 하다/되다 in any ending: rules
    decide these; anything else is for the analyzer.
    """
    return not tail or tail in _NOUN_TAIL_SET or tail[0] in _HADA


def is_hangul(ch: str) -> bool:
    return HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


_A_SYLLABLE = re.compile("[\uac00-\ud7a3]")


def has_hangul(text: str) -> bool:
    """Is there a Hangul syllable in the text?"""
    return not text.isascii() and _A_SYLLABLE.search(text) is not None


def final_consonant(syllable: str) -> int | None:
    """Index of the final consonant (0: none); None when not a Hangul syllable."""
    if not syllable or not is_hangul(syllable):
        return None
    return (ord(syllable) - HANGUL_FIRST) % 28


def agreeing_particle(word: str, particle: str) -> str | None:
    """The form of ``particle`` that agrees with ``word``'s last syllable.

    None when the word does not end in Hangul (digits, Latin letters: the
    reading decides) or the particle has no pair.
    """
    return _agreeing(word[-1:], particle)


@lru_cache(maxsize=8192)
def _agreeing(last: str, particle: str) -> str | None:
    pair = _PAIR_OF.get(particle)
    final = final_consonant(last) if last else None
    if pair is None or final is None:
        return None
    with_final, after_vowel = pair
    if pair[0] == "으로":
        return after_vowel if final in (0, RIEUL) else with_final
    return with_final if final else after_vowel


@lru_cache(maxsize=8192)
def particle_of(tail: str) -> str | None:
    """The agreeing-pair particle a word's tail starts with (를 in 를도), if the tail is one."""
    for particle in ("으로", "로", "을", "를", "이", "가", "은", "는", "과", "와"):
        if tail.startswith(particle):
            rest = tail[len(particle):]
            if rest in _PARTICLE_TAILS:
                if particle == "이" and rest:  # 이 + tail is usually the copula: 손전화이며
                    continue
                return particle
    return None


def particle_at(text: str, pos: int) -> str | None:
    """The agreeing-pair particle that starts at ``pos`` and ends the word, if any."""
    return particle_of(hangul_run(text, pos))


_HANGUL_RUN = re.compile("[가-힣]*")


def hangul_run(text: str, pos: int) -> str:
    """The Hangul syllables from ``pos`` to the end of the word: a form's tail (를, 에서도)."""
    return _HANGUL_RUN.match(text, pos).group()


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The Hangul run (eojeol, without punctuation) around ``text[start:end]``."""
    left = start
    while left > 0 and is_hangul(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and is_hangul(text[right]):
        right += 1
    return left, right
