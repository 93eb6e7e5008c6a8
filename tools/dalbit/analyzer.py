"""The Korean analyzer (kiwipiepy): loading it, and remembering its answers on disk.

Loading the model takes about a second and 250 MB, as long as checking
thousands of entries, so the checker asks it in one batch per run and keeps
every answer in a cache file: a run that meets only texts seen before never
loads the model. Questions are (kind, text); each kind is answered from Kiwi's
tokens in a form JSON keeps (see ANSWERS).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import ahocorasick

#: A question for the analyzer: (kind of analysis, text).
Question = tuple[str, str]

_PREDICATE_TAGS = frozenset(("VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XSV", "XSA"))
#: How each kind of question is answered from Kiwi's tokens.
ANSWERS = {
    "spans": lambda tokens: [[t.start, t.start + t.len] for t in tokens],
    "lemmas": lambda tokens: sorted(t.form + "다" for t in tokens if t.tag in _PREDICATE_TAGS),
}

#: Models loaded in this process, by their user words and leanness: one is loaded once (every
#: checker of a test run, every page a Sphinx build indexes) and kept.
_models: dict[tuple, object] = {}


def load_kiwi(user_words: dict[str, str], lean: bool = False):
    """A Kiwi analyzer that keeps the given words whole (word -> tag, e.g. 손전화 -> NNG).

    ``lean`` is for the checker, which only asks where a known word's edges
    are: without Kiwi's extra dictionary of names and rare words it loads in
    about half the time. No typo or multi-word dictionaries: edited text is
    not typo-corrected, and they double the start-up time.
    """
    key = (tuple(sorted(user_words.items())), lean)
    if key not in _models:
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False,
                    load_default_dict=not lean)
        for word, tag in user_words.items():
            kiwi.add_user_word(word, tag, 10.0)
        _models[key] = kiwi
    return _models[key]


def unload_kiwi(user_words: dict[str, str], lean: bool = False) -> None:
    """Let a model load_kiwi loaded go (its memory, about 150 MB of it, returns to the system)."""
    _models.pop((tuple(sorted(user_words.items())), lean), None)


def user_words(glossary) -> dict[str, str]:
    """The words the analyzer must keep whole (Kiwi splits 손전화 into 손+전화 otherwise):
    nouns and predicate roots of the glossary, and the North Korean spellings.

    Only allowed forms: a short forbidden form (폰) would make Kiwi cut unrelated
    words (이어폰) around it. One list for the checker and the search index.
    """
    words: dict[str, str] = {}
    for concept in glossary.concepts:
        for form in concept.allowed:
            if " " in form or len(form) < 2:
                continue
            if form.endswith("하다") and len(form) > 3:
                words[form[:-2]] = "NNG"
            elif not concept.is_predicate:
                words[form] = "NNP" if concept.pos == "proper-noun" else "NNG"
    for word in glossary.spelling:
        if len(word.north) >= 2 and not word.north.endswith("다"):
            words.setdefault(word.north, "NNG")
    return words


def cache_dir() -> Path:
    """Where analyses are remembered between runs: $DALBIT_CACHE_DIR, else the user's cache."""
    if os.environ.get("DALBIT_CACHE_DIR"):
        return Path(os.environ["DALBIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "dalbit")


@lru_cache(maxsize=1)
def kiwi_version() -> str:
    from importlib.metadata import version

    return version("kiwipiepy")


def analyses_file() -> Path:
    """One file per Kiwi version: another version may cut words differently."""
    return cache_dir() / f"analyses-kiwipiepy-{kiwi_version()}-lean.json"


class Analyzer:
    """Answers questions from the remembered analyses, and asks Kiwi in one batch for the rest.

    An analysis is remembered under its text and the user words in it: a user
    word can change the analysis of a text only if it occurs in it, so a
    glossary edit forgets only the analyses of texts with the edited word.
    """

    def __init__(self, words: dict[str, str], remember: bool = True) -> None:
        self.words = words
        self.calls = 0  # texts Kiwi analyzed in this run
        self._file = analyses_file() if remember else None
        self._cache: dict[str, list] = {}
        self._dirty = False
        self._automaton = ahocorasick.Automaton()
        for word, tag in words.items():
            self._automaton.add_word(word, f"{word}/{tag}")
        if words:
            self._automaton.make_automaton()
        if self._file is not None:
            try:
                self._cache = json.loads(self._file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}

    def _key(self, question: Question) -> str:
        kind, text = question
        found = sorted({word for _, word in self._automaton.iter(text)}) if self.words else ()
        return "\t".join((kind, text, *found))

    def known(self, question: Question) -> list | None:
        """The remembered answer, or None when the question has never been answered."""
        return self._cache.get(self._key(question))

    def answer(self, questions: set[Question]) -> None:
        """Answer every question not remembered yet, in one batch (the model loads if needed)."""
        todo = sorted(q for q in questions if self._key(q) not in self._cache)
        if not todo:
            return
        kiwi = load_kiwi(self.words, lean=True)
        # One list: Kiwi analyses it on all its threads, in the order given.
        for question, tokens in zip(todo, kiwi.tokenize([text for _, text in todo])):
            self._cache[self._key(question)] = ANSWERS[question[0]](tokens)
        self.calls += len(todo)
        self._dirty = True

    def ask(self, question: Question) -> list:
        """The answer, remembered or computed now (a question the engine did not foresee)."""
        found = self.known(question)
        if found is None:
            self.answer({question})
            found = self.known(question)
        return found

    def release(self) -> None:
        """Let the model go: this run has every answer it needs."""
        unload_kiwi(self.words, lean=True)

    def save(self) -> None:
        """Keep this run's answers for the next run (best effort: it is a cache)."""
        if not self._dirty or self._file is None:
            return
        from dalbit.catalogs import atomic_write_bytes

        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self._file, json.dumps(self._cache, ensure_ascii=False).encode())
            self._dirty = False
        except OSError:
            pass

    def lemmas(self, text: str) -> set[str]:
        """Dictionary forms (…다) of the verbs and adjectives in a text."""
        return set(self.ask(("lemmas", text)))
