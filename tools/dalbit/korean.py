"""Korean text: syllables, particles, and a morphological analyzer used sparingly.

Rules decide what rules can (a particle after a known word); the analyzer
(kiwipiepy) decides only where a hit is ambiguous, because it reads about
57,000 tokens a second and a catalog has millions of characters.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

import ahocorasick

from dalbit.kiwi import (
    KiwiProcess, Question, analyses_file, analyze, can_fork, forget_models, is_loaded, load_kiwi,
    started_early, take_early,
)

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


class Analyzer:
    """kiwipiepy, loaded on first use, with the glossary's words registered.

    Kiwi splits words it does not know (손전화 -> 손+전화), so every Korean form
    of the glossary is added as a user word before analysis. Loading the model
    takes over half a second, as long as checking thousands of entries, so the
    analyses are remembered on disk (one file per Kiwi version, each analysis
    keyed by its text and the user words in it): a run that meets only words
    seen before never loads the model.
    """

    def __init__(self, user_words: dict[str, str] | None = None, remember: bool = True) -> None:
        self._user_words = user_words or {}
        self._kiwi = None
        self._remote: KiwiProcess | None = None  # the model loading in another process
        self.calls = 0  # texts analyzed by the model in this run
        # Guessing (see Checker.check_entries): an unseen text is not analyzed but queued,
        # and the call answers as if the analyzer had said no; each such call is noted in
        # ``guesses`` as (method, arguments, answer given), to be verified later.
        self.guessing = False
        self.pending: set[Question] = set()
        self.guesses: list[tuple[Callable, tuple, object]] = []
        self.on_first_guess: Callable[[], object] | None = None
        self._user_automaton = None
        self._cache_file: Path | None = None
        self._cache: dict[str, list] = {}
        self._dirty = False
        if remember:
            self._open_cache()

    def _open_cache(self) -> None:
        self._cache_file = analyses_file()
        try:
            self._cache = json.loads(self._cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._cache = {}
            self._dirty = True  # written even if empty: the next run then knows it is not the first

    def _key(self, kind: str, text: str) -> str:
        """Where an analysis is remembered: the text and the user words in it.

        A user word can change the analysis of a text only if it occurs in it,
        so a glossary edit forgets only the analyses of texts with the edited word.
        """
        if self._user_automaton is None:
            self._user_automaton = ahocorasick.Automaton()
            for word, tag in self._user_words.items():
                self._user_automaton.add_word(word, f"{word}/{tag}")
            self._user_automaton.make_automaton()
        words = sorted({found for _, found in self._user_automaton.iter(text)}) \
            if self._user_automaton.kind == ahocorasick.AHOCORASICK else ()
        return "\t".join((kind, text, *words))

    @property
    def first_run(self) -> bool:
        """Nothing remembered for this Kiwi version: the model will very likely be needed."""
        return self._cache_file is not None and not self._cache

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
            self._kiwi = load_kiwi(self._user_words, lean=True)
        return self._kiwi

    def load(self) -> None:
        """Load the model now, for instance while other processes work.

        Kiwi finishes loading on its first analysis (half of the start-up
        time), so one tiny text is analyzed here too. If the model loads in
        another process, wait for it.
        """
        if self._remote is None:
            self.kiwi.tokenize("가")
        else:
            self._remote.wait()

    def load_elsewhere(self) -> None:
        """Have the model load in another process (KiwiProcess), unless this one has it."""
        if self._remote is None and self._kiwi is None and can_fork() and \
                not is_loaded(self._user_words, lean=True):
            self._remote = take_early() or KiwiProcess()
            self._remote.use_words(self._user_words)

    def in_forked_process(self) -> None:
        """In a forked copy: the model's threads, and the pipe to its process, are the parent's."""
        forget_models()
        take_early()  # dropped: it is the parent's
        self._kiwi = self._remote = None

    def close(self) -> None:
        """End the process the model loaded in, if any (later questions load it here)."""
        if self._remote is not None:
            self._remote.close()
            self._remote = None

    def _ask(self, kind: str, text: str) -> list | None:
        """The analysis of ``text``: remembered, computed, or (when guessing) None and queued."""
        value = self._cache.get(self._key(kind, text))
        if value is not None:
            return value
        if self.guessing:
            self.pending.add((kind, text))
            if self.on_first_guess is not None:
                self.on_first_guess()
                self.on_first_guess = None
            return None
        self.learn(self.answer({(kind, text)}))
        return self._cache[self._key(kind, text)]

    def answer(self, questions: set[Question]) -> dict[Question, list]:
        """Analyze texts in one batch."""
        keys = {question: self._key(*question) for question in questions}
        answers = {question: self._cache[key] for question, key in keys.items() if key in self._cache}
        todo = sorted(question for question in questions if question not in answers)
        if todo:
            if started_early():
                self.load_elsewhere()  # take the model load_early started
            answers.update(zip(todo, self._analyze(todo)))
            self.calls += len(todo)
        return answers

    def _analyze(self, questions: list[Question]) -> list[list]:
        if self._remote is not None:
            try:
                return self._remote.analyze(questions)
            except RuntimeError:  # the model would not load there: here, its error says why
                self._remote = None
        return analyze(self.kiwi, questions)

    def learn(self, answers: dict[Question, list]) -> None:
        """Remember answers (from :meth:`answer`, maybe in another process)."""
        for (kind, text), value in answers.items():
            key = self._key(kind, text)
            if self._cache.get(key) != value:
                self._cache[key] = value
                self._dirty = True
        self.pending -= answers.keys()

    @staticmethod
    def guess_holds(guess: tuple[Callable, tuple, object]) -> bool:
        """Does a guessed call give the same answer now that its texts are analyzed?"""
        method, args, given = guess
        return method(*args) == given

    def is_word_in(self, word: str, start: int, end: int) -> bool:
        """Does ``word[start:end]`` stand as whole morphemes, not inside a longer one?"""
        spans = self._ask("spans", word)
        if spans is None:
            self.guesses.append((self.is_word_in, (word, start, end), False))
            return False
        return any(s == start for s, _ in spans) and any(e == end for _, e in spans)

    def lemmas(self, text: str) -> set[str]:
        """Dictionary forms (…다) of the verbs and adjectives in a text."""
        found = self._ask("lemmas", text)
        if found is None:
            self.guesses.append((self.lemmas, (text,), frozenset()))  # hashable: guesses are keys
            return set()
        return set(found)
