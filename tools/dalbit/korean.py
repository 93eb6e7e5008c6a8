"""Korean text: syllables, particles, and a morphological analyzer used sparingly.

Rules decide what rules can (a particle after a known word); the analyzer
(kiwipiepy) decides only where a hit is ambiguous, because it reads about
57,000 tokens a second and a catalog has millions of characters.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

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


def load_kiwi(user_words: dict[str, str]):
    """A Kiwi analyzer that keeps the given words whole (word -> tag, e.g. 손전화 -> NNG)."""
    from kiwipiepy import Kiwi

    # No typo or multi-word dictionaries: edited text is not typo-corrected, and they
    # double the start-up time (2.2 s against 1.1 s).
    kiwi = Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)
    for word, tag in user_words.items():
        kiwi.add_user_word(word, tag, 10.0)
    return kiwi


def cache_dir() -> Path:
    """Where analyses are remembered between runs: $DALBIT_CACHE_DIR, else the user's cache."""
    if os.environ.get("DALBIT_CACHE_DIR"):
        return Path(os.environ["DALBIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "dalbit")


class Analyzer:
    """kiwipiepy, loaded on first use, with the glossary's words registered.

    Kiwi splits words it does not know (손전화 -> 손+전화), so every Korean form
    of the glossary is added as a user word before analysis. Loading the model
    takes about a second, longer than checking a whole catalog set, so the
    analyses are remembered on disk (keyed by the user words and the Kiwi
    version): a run that meets only words seen before never loads the model.
    """

    def __init__(self, user_words: dict[str, str] | None = None, remember: bool = True) -> None:
        self._user_words = user_words or {}
        self._kiwi = None
        self.calls = 0
        self._cache_file: Path | None = None
        self._cache: dict[str, list] = {}
        self._dirty = False
        if remember:
            self._open_cache()

    def _open_cache(self) -> None:
        from importlib.metadata import version

        key = json.dumps([sorted(self._user_words.items()), version("kiwipiepy")], ensure_ascii=False)
        name = "analyses-" + hashlib.sha256(key.encode()).hexdigest()[:16] + ".json"
        self._cache_file = cache_dir() / name
        try:
            self._cache = json.loads(self._cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._cache = {}

    def save(self) -> None:
        """Keep what was analyzed this run for the next one (best effort: a cache)."""
        if not self._dirty or self._cache_file is None:
            return
        from dalbit.catalogs import atomic_write_bytes

        try:
            import fcntl
        except ImportError:  # not on Windows: the last writer wins, which a cache survives
            fcntl = None

        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            # Several processes may check at once (dalbit check uses every core): merge under a lock.
            with open(self._cache_file.with_suffix(".lock"), "w") as lock:
                if fcntl is not None:
                    fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    merged = json.loads(self._cache_file.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    merged = {}
                merged.update(self._cache)
                atomic_write_bytes(self._cache_file, json.dumps(merged, ensure_ascii=False).encode())
            self._dirty = False
        except OSError:
            pass

    @property
    def kiwi(self):
        if self._kiwi is None:
            self._kiwi = load_kiwi(self._user_words)
        return self._kiwi

    def _remembered(self, kind: str, text: str, analyze) -> list:
        key = kind + "\t" + text
        if key not in self._cache:
            self.calls += 1
            self._cache[key] = analyze(text)
            self._dirty = True
        return self._cache[key]

    def is_word_in(self, word: str, start: int, end: int) -> bool:
        """Does ``word[start:end]`` stand as whole morphemes, not inside a longer one?"""
        spans = self._remembered("spans", word, lambda w: [[t.start, t.start + t.len]
                                                          for t in self.kiwi.tokenize(w)])
        return any(s == start for s, _ in spans) and any(e == end for _, e in spans)

    def lemmas(self, text: str) -> set[str]:
        """Dictionary forms (…다) of the verbs and adjectives in a text."""
        return set(self._remembered("lemmas", text, lambda t: sorted(
            token.form + "다" for token in self.kiwi.tokenize(t)
            if token.tag in ("VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XSV", "XSA"))))
