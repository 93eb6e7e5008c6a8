"""Korean text: syllables, particles, and a morphological analyzer used sparingly.

Rules decide what rules can (a particle after a known word); the analyzer
(kiwipiepy) decides only where a hit is ambiguous, because it reads about
57,000 tokens a second and a catalog has millions of characters.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

import ahocorasick

#: A question for the analyzer: (kind of analysis, text).
Question = tuple[str, str]

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


#: Kiwi models loaded in this process, by their user words and leanness: a model takes
#: about a second and 250 MB to load and the same for nothing to free, so it is loaded
#: once (every checker of a test run, every page a Sphinx build indexes) and kept.
_models: dict[tuple, object] = {}


def load_kiwi(user_words: dict[str, str], lean: bool = False):
    """A Kiwi analyzer that keeps the given words whole (word -> tag, e.g. 손전화 -> NNG).

    ``lean`` is for the checker, which only asks where a known word's edges
    are, a few dozen texts at a time, while other processes work: without
    Kiwi's extra dictionary of names and rare words the model loads in about
    half the time (0.6 s against 1.1 s), and one thread is enough.
    """
    key = _model_key(user_words, lean)
    if key not in _models:
        kiwi = _new_kiwi(lean)
        _add_words(kiwi, user_words)
        _models[key] = kiwi
    return _models[key]


def _model_key(user_words: dict[str, str], lean: bool) -> tuple:
    return tuple(sorted(user_words.items())), lean


def _new_kiwi(lean: bool):
    from kiwipiepy import Kiwi

    # No typo or multi-word dictionaries: edited text is not typo-corrected, and they
    # double the start-up time (2.2 s against 1.1 s).
    return Kiwi(num_workers=1 if lean else -1, load_typo_dict=False, load_multi_dict=False,
                load_default_dict=not lean)


def _add_words(kiwi, user_words: dict[str, str]) -> None:
    for word, tag in user_words.items():
        kiwi.add_user_word(word, tag, 10.0)


class KiwiProcess:
    """The checker's model (lean, see load_kiwi) loading and answering in a forked process.

    Kiwi holds the GIL while it loads, about a second of CPU, so a thread
    would not let this process read and check meanwhile; another process
    uses another core. The model is made before the glossary's words are
    known (half of the loading), takes them with :meth:`use_words` (the
    other half), then answers batches of questions through a pipe.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_serve_kiwi, args=(theirs, self._conn), daemon=True)
        self._process.start()
        theirs.close()
        self._loading = False  # words sent, their acknowledgement not yet received

    def use_words(self, user_words: dict[str, str]) -> None:
        self._conn.send(("words", user_words))
        self._loading = True

    def wait(self) -> None:
        """Until the model has loaded (or failed to: analyze then says why)."""
        if self._loading:
            self._loading = False
            try:
                self._conn.recv()
            except (OSError, EOFError):
                pass

    def analyze(self, questions: list[Question]) -> list[list]:
        """Each question's analysis, in order. Raises RuntimeError if the model did not load."""
        self.wait()
        try:
            self._conn.send(("ask", questions))
            reply = self._conn.recv()
        except (OSError, EOFError) as error:
            reply = f"the analyzer process ended: {error}"
        if isinstance(reply, str):
            raise RuntimeError(reply)
        return reply

    def close(self) -> None:
        """Let the process end, without waiting: it frees nothing, but the system takes
        a while to take back its memory, and it holds none of this process's files."""
        try:
            self._conn.send(None)
        except OSError:
            pass
        self._conn.close()


def _serve_kiwi(conn, parents_end) -> None:
    parents_end.close()  # else this process would never see the parent end
    # Never hold the caller's output open (dalbit check | head would wait for this process).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _no_huge_pages()
    kiwi, failure = None, None
    try:
        kiwi = _new_kiwi(lean=True)
    except Exception as error:  # noqa: BLE001 - reported to whoever asks
        failure = f"{type(error).__name__}: {error}"
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message is None:
            break
        kind, payload = message
        try:
            if failure is not None:
                raise RuntimeError(failure)
            if kind == "words":
                _add_words(kiwi, payload)
                kiwi.tokenize("가")  # Kiwi finishes loading on its first analysis
                reply: list | str = "ready"
            else:
                tokens = kiwi.tokenize([text for _, text in payload])
                reply = [_ANALYSES[asked](found) for (asked, _), found in zip(payload, tokens)]
        except Exception as error:  # noqa: BLE001
            failure = failure or f"{type(error).__name__}: {error}"
            reply = failure
        conn.send(reply)
    os._exit(0)  # freeing the model takes time and helps no one


def _no_huge_pages() -> None:
    """Ask Linux not to back this process with transparent huge pages.

    Kiwi's allocator asks for them, and the kernel then zeroes 2 MB pages
    the model never touches: measured here, loading took a median 0.90 s
    (0.65 to 1.42) with them and 0.75 s (0.70 to 0.86) without. Nowhere
    else this is a no-op.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(41, 1, 0, 0, 0)  # PR_SET_THP_DISABLE
    except (OSError, AttributeError):
        pass


#: A model started by load_early, for the first Analyzer that needs one.
_early: KiwiProcess | None = None


def load_early() -> None:
    """Start loading the checker's model in another process now, if this run will need it.

    For a command about to check: nothing remembered yet (a first run), and no
    model in this process. The first analyzer to ask takes it.
    """
    global _early
    if _early is None and not _models and can_fork() and remembers_nothing(analyses_file()):
        _early = KiwiProcess()


def can_fork() -> bool:
    """Can this system fork a process (and so share this one's state with it)?"""
    return "fork" in multiprocessing.get_all_start_methods()


def remembers_nothing(path: Path) -> bool:
    """No analyses in this cache file (missing, or the empty object a first run writes)."""
    try:
        return path.stat().st_size <= 2
    except OSError:
        return True


_abandoned: list[dict] = []


def forget_models() -> None:
    """In a forked process: a model loaded before the fork lost its threads, so load anew.

    The old ones are set aside, never used nor freed: freeing one would wait
    forever for its threads.
    """
    _abandoned.append(dict(_models))
    _models.clear()


def cache_dir() -> Path:
    """Where analyses are remembered between runs: $DALBIT_CACHE_DIR, else the user's cache."""
    if os.environ.get("DALBIT_CACHE_DIR"):
        return Path(os.environ["DALBIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "dalbit")


def analyses_file() -> Path:
    """Where the checker's analyses are remembered: one file per Kiwi version."""
    key = json.dumps([kiwi_version(), "no default dict"])
    return cache_dir() / ("analyses-" + hashlib.sha256(key.encode()).hexdigest()[:16] + ".json")


@lru_cache(maxsize=1)
def kiwi_version() -> str:
    """kiwipiepy's version, read from its _version.py without importing it or
    importlib.metadata (which take 30 ms, a tenth of a small check)."""
    from importlib.util import find_spec

    spec = find_spec("kiwipiepy")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            found = re.search(r"""__version__\s*=\s*['"]([^'"]+)""",
                              Path(folder, "_version.py").read_text(encoding="utf-8"))
        except OSError:
            continue
        if found:
            return found[1]
    from importlib.metadata import version

    return version("kiwipiepy")


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
        global _early
        if self._remote is None and self._kiwi is None and can_fork() and \
                _model_key(self._user_words, True) not in _models:
            self._remote, _early = _early or KiwiProcess(), None
            self._remote.use_words(self._user_words)

    def in_forked_process(self) -> None:
        """In a forked copy: the model's threads, and the pipe to its process, are the parent's."""
        global _early
        forget_models()
        self._kiwi = self._remote = _early = None

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
            if _early is not None:
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
        tokens = self.kiwi.tokenize([text for _, text in questions])
        return [_ANALYSES[kind](found) for (kind, _), found in zip(questions, tokens)]

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


_PREDICATE_TAGS = frozenset(("VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XSV", "XSA"))
#: How each kind of question is answered from Kiwi's tokens, in a form JSON keeps.
_ANALYSES = {
    "spans": lambda tokens: [[t.start, t.start + t.len] for t in tokens],
    "lemmas": lambda tokens: sorted(t.form + "다" for t in tokens if t.tag in _PREDICATE_TAGS),
}
