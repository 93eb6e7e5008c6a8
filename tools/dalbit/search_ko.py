"""A Korean search language for Sphinx: ``app.add_search_language(SearchKorean)``.

Sphinx has none: a Korean build indexes whole words with their particles
(응용프로그람을), so 손전화 does not find 손전화를. At build time this indexes
stems from a Korean analyzer: nouns (and a word's run of nouns joined, so the
compound 조작체계 is found as well as 체계), and verb and adjective stems. In the
browser, ``korean-stemmer.js`` strips particles and endings from the query
until what is left is in the index.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.search import SearchLanguage

from dalbit.analyzer import load_kiwi, user_words
from dalbit.korean import has_hangul

#: Kiwi tags whose forms are index terms.
CONTENT_TAGS = {"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XR", "VV", "VA", "VV-I", "VA-I",
                "VV-R", "VA-R"}
NOUN_TAGS = {"NNG", "NNP", "NR", "XR", "SN", "SL"}
_WORD = re.compile(r"\w+")
JS_STEMMER = (Path(__file__).parent / "static" / "korean-stemmer.js").read_text(encoding="utf-8")


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = JS_STEMMER
    #: Words the analyzer must keep whole (glossary terms, North Korean spellings):
    #: set by dalbit.sphinx before the build reads documents.
    user_words: dict[str, str] = {}
    _kiwi = None

    @classmethod
    def kiwi(cls):
        if cls._kiwi is None:
            cls._kiwi = load_kiwi(cls.user_words)
        return cls._kiwi

    def split(self, input: str) -> list[str]:
        if not has_hangul(input):
            return _WORD.findall(input)
        terms: list[str] = []
        run: list[str] = []  # nouns standing next to each other, joined as one more term
        previous_end = -1
        for token in self.kiwi().tokenize(input):
            is_noun = token.tag in NOUN_TAGS
            if is_noun and run and token.start == previous_end:
                run.append(token.form)
            else:
                if len(run) > 1:
                    terms.append("".join(run))
                run = [token.form] if is_noun else []
            previous_end = token.start + token.len
            if token.tag in CONTENT_TAGS:
                terms.append(token.form)
        if len(run) > 1:
            terms.append("".join(run))
        return terms

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit() and word not in self.stopwords


def user_words_from_glossary(glossary_path: Path) -> dict[str, str]:
    """The analyzer's user words (dalbit.analyzer.user_words), the checker's own."""
    from dalbit.glossary import load_glossary

    return user_words(load_glossary(glossary_path))
