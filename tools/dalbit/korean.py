"""Korean text: syllables, particles, and a morphological analyzer used sparingly.

Rules decide what rules can (a particle after a known word); the analyzer
(kiwipiepy) decides only where a hit is ambiguous, because it reads about
57,000 tokens a second and a catalog has millions of characters.
"""
from __future__ import annotations

import unicodedata
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


def is_hangul(ch: str) -> bool:
    return HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


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
    return particle_of(_hangul_run(text, pos))


def _hangul_run(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and is_hangul(text[end]):
        end += 1
    return text[pos:end]


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The Hangul run (eojeol, without punctuation) around ``text[start:end]``."""
    left = start
    while left > 0 and is_hangul(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and is_hangul(text[right]):
        right += 1
    return left, right


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def load_kiwi(user_words: dict[str, str]):
    """A Kiwi analyzer that keeps the given words whole (word -> tag, e.g. 손전화 -> NNG)."""
    from kiwipiepy import Kiwi

    # No typo or multi-word dictionaries: edited text is not typo-corrected, and they
    # double the start-up time (2.2 s against 1.1 s).
    kiwi = Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)
    for word, tag in user_words.items():
        kiwi.add_user_word(word, tag, 10.0)
    return kiwi


class Analyzer:
    """kiwipiepy, loaded on first use, with the glossary's words registered.

    Kiwi splits words it does not know (손전화 -> 손+전화), so every Korean form
    of the glossary is added as a user word before analysis.
    """

    def __init__(self, user_words: dict[str, str] | None = None) -> None:
        self._user_words = user_words or {}
        self._kiwi = None
        self.calls = 0

    @property
    def kiwi(self):
        if self._kiwi is None:
            self._kiwi = load_kiwi(self._user_words)
        return self._kiwi

    @lru_cache(maxsize=65536)
    def morphemes(self, word: str) -> tuple[tuple[str, str, int, int], ...]:
        """(form, tag, start, end) of each morpheme of one word."""
        self.calls += 1
        return tuple((t.form, t.tag, t.start, t.start + t.len) for t in self.kiwi.tokenize(word))

    def is_word_in(self, word: str, start: int, end: int) -> bool:
        """Does ``word[start:end]`` stand as whole morphemes, not inside a longer one?"""
        tokens = self.morphemes(word)
        starts = {t[2] for t in tokens}
        ends = {t[3] for t in tokens}
        return start in starts and end in ends

    def lemmas(self, text: str) -> set[str]:
        """Dictionary forms (…다) of the verbs and adjectives in a text."""
        self.calls += 1
        found = set()
        for token in self.kiwi.tokenize(text):
            if token.tag in ("VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XSV", "XSA"):
                found.add(token.form + "다")
        return found
