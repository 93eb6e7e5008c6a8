"""The Korean model (Kiwi), loaded in this process or in a process of its own.

Apart from dalbit.korean, which holds the rules, so that ``dalbit check`` can
start the model's process before it imports anything else (load_early): a
first run's model then loads while the rest of the program is read.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

#: A question for the analyzer: (kind of analysis, text).
Question = tuple[str, str]


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


def is_loaded(user_words: dict[str, str], lean: bool = False) -> bool:
    """Is this model (see load_kiwi) loaded in this process already?"""
    return _model_key(user_words, lean) in _models


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
                reply = analyze(kiwi, payload)
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
    model in this process. The first analyzer to ask takes it (take_early).
    """
    global _early
    if _early is None and not _models and can_fork() and remembers_nothing(analyses_file()):
        _early = KiwiProcess()


def started_early() -> bool:
    return _early is not None


def take_early() -> KiwiProcess | None:
    """The model load_early started, if any, for the one analyzer that takes it."""
    global _early
    process, _early = _early, None
    return process


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
    """Where the checker's analyses are remembered: one file per Kiwi version (lean model)."""
    return cache_dir() / f"analyses-kiwipiepy-{kiwi_version()}-lean.json"


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


def analyze(kiwi, questions: list[Question]) -> list[list]:
    """Each question's analysis by this model, in order, in a form JSON keeps."""
    tokens = kiwi.tokenize([text for _, text in questions])
    return [_ANALYSES[kind](found) for (kind, _), found in zip(questions, tokens)]


_PREDICATE_TAGS = frozenset(("VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XSV", "XSA"))
#: How each kind of question is answered from Kiwi's tokens, in a form JSON keeps.
_ANALYSES = {
    "spans": lambda tokens: [[t.start, t.start + t.len] for t in tokens],
    "lemmas": lambda tokens: sorted(t.form + "다" for t in tokens if t.tag in _PREDICATE_TAGS),
}
