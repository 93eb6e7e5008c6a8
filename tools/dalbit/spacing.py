"""Spacing (띄여쓰기) rules from the North Korean norms, one pure function each.

Source: 조선말규범집 (2010), 띄여쓰기규정, six articles (항), read with its official
commentary 《띄여쓰기규정》해설, which gives the examples quoted in each rule. China's
Korean community publishes 조선말규범집 editions with other spacing rules (its 제20항 writes
native dependent nouns apart: 아는 것이 힘이다); they are not used here.

Every rule takes a message's translation and returns where it breaks the norm, with the
text that fixes it. A rule fires only where plain strings decide: a pair of words the
norms name, after a word whose form leaves no doubt (an adnominal ending before a
dependent noun, a ``-고`` form before 있다). Where deciding would need the grammar of the
whole sentence (is this noun one object with the next?), the rule stays silent, because a
false finding costs a translator more than a missed one. Inline reST markup and literals
are skipped: nothing inside them, and no word glued to them, is looked at.

The checker registers ``RULES`` (name, severity, summary, ``find``); ``apply_fixes`` applies
every fix of the chosen rules, for ``adapt`` and for editing catalogs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple

from dalbit.korean import final_consonant
from dalbit.rstmarkup import find_markup

NIEUN = 4  # index of ㄴ among final consonants
RIEUL = 8  # index of ㄹ among final consonants


@dataclass(frozen=True)
class SpacingHit:
    """Where a rule fires: ``text[start:end]`` is ``found``; writing ``fix`` there follows the norm."""

    start: int
    end: int
    found: str
    fix: str


@dataclass(frozen=True)
class SpacingRule:
    name: str  # spacing-...: what a project selects or ignores
    severity: str  # "warning": the text reads as South Korean, a reader still understands it
    summary: str  # one line for reports and the translator's guide
    article: str  # where the norm says so
    find: Callable[[str], list[SpacingHit]]


class _Pair(NamedTuple):
    """Two words with nothing but spaces between them, as the rules see them.
    (A tuple: a catalog has hundreds of thousands, and every rule reads them.)"""

    left: str  # the Hangul that ends the first word (손전화를 in ``A/손전화를``)
    left_start: int
    left_whole: bool  # the first word is all Hangul (no markup, digit or letter glued before)
    gap_end: int  # where the second word starts
    right: str  # the Hangul that starts the second word (것이다 in ``것이다.``)
    right_end: int
    after: str  # the Hangul that starts the word after the second one, if the second is all Hangul


#: The spaces after a word, and the Hangul that starts the word after them.
_SPACES_THEN_HANGUL = re.compile(" +([가-힣]*)")
#: What blanked markup becomes: not a space (the words around it stay glued), not Hangul.
_MARKUP_MARK = "\ufffc"


@lru_cache(maxsize=256)
def _prose(text: str) -> str:
    """The text with every piece of inline markup blanked out (offsets kept).

    An escaped space (``:term:`손전화`\\ 를``) is no space for the reader: docutils drops
    it, so it is blanked too and the particle stays glued to the markup.
    """
    markup = find_markup(text)
    if not markup and "\\ " not in text:
        return text
    text = text.replace("\\ ", _MARKUP_MARK * 2)
    out, at = [], 0
    for m in markup:
        out += (text[at:m.start], _MARKUP_MARK * (m.end - m.start))
        at = m.end
    out.append(text[at:])
    return "".join(out)


@lru_cache(maxsize=256)
def _pairs(text: str) -> tuple[_Pair, ...]:
    """Every two neighbouring words joined by spaces only (not a line break), where the first
    ends with Hangul and the second starts with a syllable some rule reads (_SECOND_WORD_FIRSTS).

    Remembered for the last texts: every rule of a run reads the same message's pairs.
    """
    if not _MAY_PAIR.search(text):  # most texts: no markup to blank out, no pair to find
        return ()
    prose = _prose(text)
    size = len(prose)
    pairs = []
    for m in _PAIR.finditer(prose):
        left_start, gap_end, right = m.start(), m.end(), m[3]
        right_end = gap_end + len(right)
        after = ""
        if right_end < size and prose[right_end] == " ":  # the second word is all Hangul, spaces follow
            following = _SPACES_THEN_HANGUL.match(prose, right_end)
            third = following.start(1)
            if third < size and not prose[third].isspace():  # a third word, after spaces only
                after = following[1]
        pairs.append(_Pair(m[1], left_start, left_start == 0 or prose[left_start - 1].isspace(), gap_end, right,
                           right_end, after))
    return tuple(pairs)


def _pairs_before(text: str, firsts: str) -> list[_Pair]:
    """The pairs whose second word starts with one of ``firsts``, the words a rule reads
    (most pairs are another rule's: a rule's own loop looks at its own only)."""
    return [pair for pair in _pairs(text) if pair.right[0] in firsts]


def _joined(text: str, pair: _Pair) -> SpacingHit:
    """The hit that writes the two words together (the space between them goes)."""
    end = pair.right_end
    return SpacingHit(pair.left_start, end, text[pair.left_start:end], pair.left + text[pair.gap_end:end])


def _final(word: str) -> int | None:
    return final_consonant(word[-1]) if word else None


def _adnominal(word: str) -> bool:
    """Does the word end as a verb's adnominal form does (아는, 한, 할, 먹을: ㄴ or ㄹ)?"""
    return _final(word) in (NIEUN, RIEUL)


# -- 제5항 1): dependent nouns ---------------------------------------------------------------

#: Adnominal endings before 바 (말한바, 하는바): a noun before 바 is a loanword's bar.
_BA_AFTER = set("는은던한된할될")
#: Particles and copula endings after a dependent noun in the same word.
_NOUN_TAILS = ("", "이", "가", "을", "를", "은", "는", "도", "만", "에", "에서", "에는", "에도",
               "으로", "로", "과", "와", "의", "이다", "입니다", "이며", "이고", "인", "이라")
_DEPENDENT_NOUNS = "것수줄데바터"


def dependent_noun(text: str) -> list[SpacingHit]:
    """spacing-dependent-noun: a dependent noun is written together with the word before it.

    제5항: 《불완전명사(단위명사포함)는 앞단어에 붙여쓰되 그뒤에 오는 단어는 띄여쓰는것을
    원칙으로 한다.》 1) 《순수한 불완전명사는 언제나 붙여쓴다.》 Examples: 아는것이 힘이다,
    힘든줄 모르고 일한다, 커서 인민군대가 될터이다; the commentary writes 할수 있다,
    붙여쓸수도 있다, 리해하는데, 의심할바없는. South Korean spacing writes them apart
    (아는 것이, 할 수 있다). Decided here: 것, 수 (before 있다/없다), 줄 (before 알다/모르다),
    데, 바, 터 (터이다) after an adnominal form ending in ㄴ or ㄹ; the word after the
    dependent noun stays apart (할수 있다).
    """
    hits = []
    for pair in _pairs_before(text, _DEPENDENT_NOUNS):
        if not _adnominal(pair.left):
            continue
        right, after = pair.right, pair.after
        if right.startswith("것"):
            hits.append(_joined(text, pair))
        elif right[0] == "수" and (right[1:] in ("", "도", "는", "가", "조차", "만") and after[:1] in ("있", "없")
                                   or right[1:] == "밖에") and _final(pair.left) == RIEUL:
            hits.append(_joined(text, pair))
        elif right[0] == "줄" and right[1:] in ("", "도", "을", "은") and after[:1] in ("알", "모", "몰"):
            hits.append(_joined(text, pair))
        elif right[0] == "데" and right[1:] in _NOUN_TAILS:
            hits.append(_joined(text, pair))
        elif right[0] == "바" and right[1:] in _NOUN_TAILS and right != "바로" and pair.left[-1] in _BA_AFTER:
            hits.append(_joined(text, pair))  # not after a noun: 스크롤 바, 상단 바에서 (a bar)
        elif right.startswith("터") and right[1:] in ("이다", "인데", "이니", "였다", "입니다", "이므로") \
                and _final(pair.left) == RIEUL:
            hits.append(_joined(text, pair))
    return hits


# -- 제5항 3): 듯, 만, 법, 척, 체 and 하다 --------------------------------------------------

_HADA_FORMS = "하한할함합해했"
_BOUND_NOUNS = "듯만법척체"
_BOUND_BEFORE_HADA = re.compile(f"^(?P<noun>듯|만|법|척|체)(?P<tail>도|을|를|은|는)?(?P<hada>[{_HADA_FORMS}].*)?$")


def bound_noun_hada(text: str) -> list[SpacingHit]:
    """spacing-bound-noun-hada: 올듯 하다, 들을만 하다, 아는체 하다 (joined before, apart after).

    제5항 3): 《불완전명사 《듯, 만, 법, 번, 사, 척, 체》 등이 붙은 동사나 형용사가
    토없이 《하다》와 어울린것은 띄여쓴다.》 Examples: 올듯 하다, 들을만 하다, 갈법 하다,
    가는척 하다, 아는체 하다, 갈듯도 하다. South Korean spacing is the reverse (올 듯하다,
    들을 만하다, 아는 척하다). Decided here: a word that starts with 듯/만/법/척/체 followed
    by a form of 하다 (하다, 한, 할, 했다...), or by a particle and 하다 as the next word
    (갈 듯도 하다, 아는 척을 하다), after an adnominal form in ㄴ or ㄹ.
    """
    hits = []
    for pair in _pairs_before(text, _BOUND_NOUNS):
        m = _BOUND_BEFORE_HADA.match(pair.right)
        if not m or not _adnominal(pair.left):
            continue
        if not m["hada"] and not (pair.after and pair.after[0] in _HADA_FORMS):
            continue  # 듯 alone is 제5항 1)'s business, and not decided here
        fix = pair.left + m["noun"] + (m["tail"] or "") + (" " + m["hada"] if m["hada"] else "")
        hits.append(SpacingHit(pair.left_start, pair.right_end, text[pair.left_start:pair.right_end], fix))
    return hits


# -- 제2항 2)(2)①: auxiliary verbs after -고 and -아/어/여 -----------------------------------

#: Nouns that end in 고 and may stand before 있다 without a particle in careless prose.
_NOUNS_IN_GO = {"광고", "최고", "경고", "사고", "창고", "원고", "재고", "신고", "공고", "금고", "잔고"}
#: -아/어/여 forms (the last syllable of the first word) that take 있다 as an auxiliary.
_A_EO_ENDINGS = set("어아여워와해돼져혀겨려쳐켜펴춰뤄")
#: Nouns and noun endings that look like -아/어 forms.
_NOUNS_IN_A_EO = ("영어", "단어", "언어", "용어", "국어", "웨어", "미디어", "디어", "참여", "기여", "부여",
                  "대여", "이해", "오해", "방해", "피해", "아시아")
_AUXILIARY_AFTER_GO = ("있", "싶")
_AUXILIARY_FIRSTS = "".join(_AUXILIARY_AFTER_GO)


def auxiliary_verb(text: str) -> list[SpacingHit]:
    """spacing-auxiliary-verb: 읽고있다, 먹고싶다, 앉아있다 are written as one word.

    제2항 2)(2)①: 《《아, 어, 여》, 《고》형의 동사나 형용사가 다른 동사와 어울려 하나의 행동,
    상태를 나타낼 때에는 붙여쓴다.》 Examples: 읽고있다, 자고있다, 먹고싶다, 앉아있다,
    놓여있다, 누워있다 (also 먹어보다, 가르쳐주다, 털어버리다, which are not decided here:
    ③ writes a second verb with a meaning of its own apart, 짐을 들고 나가다, and only 있다
    and 싶다 leave no doubt). South Korean spacing writes them apart (읽고 있다, 앉아 있다).
    Decided here: a word ending in ``-고`` before 있다 or 싶다, and a word ending in an
    ``-아/어/여`` form before 있다; nouns that look like these forms (광고, 언어) are left alone.
    """
    hits = []
    for pair in _pairs_before(text, _AUXILIARY_FIRSTS):
        left, right = pair.left, pair.right
        if len(left) < 2:
            continue
        if left.endswith("고") and right.startswith(_AUXILIARY_AFTER_GO) and left not in _NOUNS_IN_GO:
            hits.append(_joined(text, pair))
        elif left[-1] in _A_EO_ENDINGS and right.startswith("있") and not left.endswith(_NOUNS_IN_A_EO) \
                and (left[-1] != "와" or _is_wa_verb(left)):
            hits.append(_joined(text, pair))
    return hits


def _is_wa_verb(word: str) -> bool:
    """Is a word in 와 a form of 오다 (와, 나와, 들어와, 돌아와, 내려와), not a noun and its particle
    와 (동무와, 단어와)? Only after -아/어 or 나: the compounds of 오다 the norm's examples use."""
    stem = word[:-1]
    return not stem or (stem[-1] in _A_EO_ENDINGS | {"나"} and not stem.endswith(_NOUNS_IN_A_EO))


# -- 제2항 1)(1)② and 보충2: 가운데, 속, 사이 after pronouns and plurals ----------------------

_PLACE = re.compile("^(?:가운데|속|사이)(?:에서|에|서|의|로|으로|에도|에서도|에는|도|는)?$")
_PLACE_FIRSTS = "가속사"
_PRONOUNS = {"이", "그", "저", "이들", "그들", "저들", "우리", "우리들", "너희", "너희들"}


def place_noun(text: str) -> list[SpacingHit]:
    """spacing-place-noun: 그가운데, 그들가운데, 학생들사이 are written as one word.

    제2항 1)(1)②: 《시간과 공간의 뜻을 추상적으로 나타내는 고유어명사 《앞, 옆, 뒤, 끝, 속,
    밖, 안, 우, 아래, 밑, 사이(새), 때, ... 가운데》 등이 토없는 대명사, 수사와 결합되여
    하나의 대상이나 현상을 나타낼 때 붙여쓴다.》 (그가운데, 다섯가운데); 보충2:
    《복수토 《들》은 뒤붙이처럼 처리하여 그뒤에 오는 단어는 붙여쓴다.》 (그들가운데,
    인민들속에서, 학생들사이). Decided here: 가운데, 속, 사이 (with a particle) after a
    pronoun (이, 그, 저, 우리) or a word ending in the plural 들. After other nouns the
    norm joins too (방가운데, ① of the same item), but a string cannot tell a noun from an
    adnominal form (바쁜 가운데), so those are left to the translator.
    """
    hits = []
    for pair in _pairs_before(text, _PLACE_FIRSTS):
        if not _PLACE.match(pair.right):
            continue
        if pair.left_whole and pair.left in _PRONOUNS or (len(pair.left) >= 2 and pair.left.endswith("들")):
            hits.append(_joined(text, pair))
    return hits


# -- 제4항 2)①: numerals and unit nouns -------------------------------------------------------

_NATIVE_NUMERAL = re.compile(
    "^(?:(?:열|스물|서른|마흔|쉰|예순|일흔|여든|아흔)(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)?"
    "|한|두|세|네|다섯|여섯|일곱|여덟|아홉|스무|몇)$")
#: Unit nouns decided here (the examples' 알, 동, 권, 명, 개, 마리, 시, 초, and the common ones).
_UNITS = ("가지", "개", "명", "번째", "번", "권", "마리", "차례", "살", "알", "군데", "곳", "달", "해", "년", "시간",
          "개월", "주일", "초")
#: 여러 joins only these (보충1: 여러곳, 여러해, 여러날, 여러달, 여러개, 여러번, 여러알, 여러가지, 여러차례).
_UNITS_AFTER_YEORO = ("가지", "개", "번", "차례", "알", "곳", "달", "해", "날")
_UNIT_FIRSTS = "".join({unit[0] for unit in _UNITS + _UNITS_AFTER_YEORO})
_UNIT_TAILS = ("", "이", "가", "을", "를", "은", "는", "도", "만", "에", "의", "과", "와", "씩", "쯤", "으로", "로",
               "이다", "입니다", "에서", "동안", "이상", "이하", "정도")


def _unit_word(word: str, units: tuple[str, ...]) -> bool:
    return any(word.startswith(unit) and word[len(unit):] in _UNIT_TAILS for unit in units)


def number_unit(text: str) -> list[SpacingHit]:
    """spacing-number-unit: a unit noun is written together with the numeral before it.

    제4항: 《수사는 《백, 천, 만, 억, 조》단위로 띄여쓰며 수사뒤에 오는 단위명사와 일부 단어는
    붙여쓴다.》 2)① 《수사뒤에 오는 단위명사는 붙여쓴다.》 Examples: 살림집 두동, 학습장
    5권, 학생 50명, 화분 20개, 토끼 3마리, 한알, 열책; 참고: 세번째 책상; 보충1 of 제2항:
    여러곳, 여러개, 여러번, 여러가지, 여러차례. South Korean spacing writes native numerals
    apart (두 개, 세 번째). Decided here: a native numeral (한...아홉, 열, 스무, 몇), Arabic
    digits, or 여러, before one of a list of unit nouns; 한 before anything else (한 청년)
    stays apart, as the same 참고 says.
    """
    hits = []
    for pair in _pairs_before(text, _UNIT_FIRSTS):
        if pair.left == "여러":
            if _unit_word(pair.right, _UNITS_AFTER_YEORO):
                hits.append(_joined(text, pair))
        elif _NATIVE_NUMERAL.match(pair.left) and _unit_word(pair.right, _UNITS):
            hits.append(_joined(text, pair))
    hits.extend(_digit_units(text))
    return sorted(hits, key=lambda h: h.start)


_DIGIT_UNIT = re.compile(r"(?<![\w.,])(?P<num>\d+) +(?P<unit>[가-힣]+)")
#: What the text must hold for _DIGIT_UNIT to find something in its prose (blanking markup only
#: takes characters away), looked for first: few texts have it.
_MAY_DIGIT_UNIT = re.compile(r"\d +[가-힣]")


def _digit_units(text: str) -> list[SpacingHit]:
    """``50 명`` -> ``50명`` (Arabic digits and a unit noun, outside markup)."""
    if not _MAY_DIGIT_UNIT.search(text):
        return []
    prose = _prose(text)
    hits = []
    for m in _DIGIT_UNIT.finditer(prose):
        if _unit_word(m["unit"], _UNITS):
            hits.append(SpacingHit(m.start(), m.end(), text[m.start():m.end()], m["num"] + m["unit"]))
    return hits


# -- 제6항 1): 우리 나라, 우리 말 ----------------------------------------------------------------

_URI = re.compile("(?<![가-힣])우리(?P<noun>나라|말)")


def uri_nara(text: str) -> list[SpacingHit]:
    """spacing-uri-nara: 우리 나라, 우리 말 are written apart.

    제6항 1): 《앞단어와 맞물리지 않는 단어는 띄여쓴다.》 Examples: 이 나라 주재 우리 나라
    대사관, 고유한 우리 말 어근으로 새말을 만든다, 우리 말 공부, 우리 당 언어정책.
    South Korean dictionaries make 우리나라 and 우리말 one word each. Decided here:
    우리나라 and 우리말 at the start of a word (우리말로, 우리나라의).
    """
    if "우리" not in text:
        return []
    prose = _prose(text)
    return [SpacingHit(m.start(), m.end(), m[0], "우리 " + m["noun"]) for m in _URI.finditer(prose)]


#: The first syllables of the second words the rules on pairs read (each rule's own, above):
#: _pairs leaves out every other pair (four in five in real catalogs).
_SECOND_WORD_FIRSTS = "".join(sorted(set(_DEPENDENT_NOUNS + _BOUND_NOUNS + _AUXILIARY_FIRSTS + _PLACE_FIRSTS
                                         + _UNIT_FIRSTS)))
#: A Hangul run that ends a word, the spaces after it, and the Hangul that starts the next word
#: (a lookahead: that word may be the first of the next pair).
_PAIR = re.compile(f"(?<![가-힣])([가-힣]+)( +)(?=([{_SECOND_WORD_FIRSTS}][가-힣]*))")
#: What the text must hold for _PAIR to find something in its prose (blanking markup only takes
#: characters away), looked for first: half the texts do not have it.
_MAY_PAIR = re.compile(f"[가-힣] +[{_SECOND_WORD_FIRSTS}]")


RULES: tuple[SpacingRule, ...] = (
    SpacingRule("spacing-dependent-noun", "warning", "a dependent noun joins the word before it (할수 있다, 아는것)",
                "제5항 1)", dependent_noun),
    SpacingRule("spacing-bound-noun-hada", "warning", "듯/만/법/척/체 join the word before, 하다 stays apart (올듯 하다)",
                "제5항 3)", bound_noun_hada),
    SpacingRule("spacing-auxiliary-verb", "warning", "있다/싶다 after -고 and 있다 after -아/어 join (읽고있다, 앉아있다)",
                "제2항 2)(2)①", auxiliary_verb),
    SpacingRule("spacing-place-noun", "warning", "가운데/속/사이 join a pronoun or a plural (그가운데, 학생들사이)",
                "제2항 1)(1)②, 보충2", place_noun),
    SpacingRule("spacing-number-unit", "warning", "a unit noun joins its numeral (두개, 세번째, 여러가지)",
                "제4항 2)①", number_unit),
    SpacingRule("spacing-uri-nara", "warning", "우리 나라, 우리 말 are two words", "제6항 1)", uri_nara),
)

RULES_BY_NAME = {rule.name: rule for rule in RULES}


def find_all(text: str, rules: Iterable[SpacingRule] = RULES) -> list[tuple[SpacingRule, SpacingHit]]:
    """Every hit of the given rules in ``text``, in order of position."""
    found = [(rule, hit) for rule in rules for hit in rule.find(text)]
    return sorted(found, key=lambda pair: (pair[1].start, pair[1].end))


def apply_fixes(text: str, rules: Iterable[SpacingRule] = RULES) -> tuple[str, list[tuple[SpacingRule, SpacingHit]]]:
    """``text`` with every fix of ``rules`` applied, and the hits fixed, pass by pass (each
    hit's offsets are in the text of its pass).

    Two hits can share a word (알고 있는 것: 알고있는 first, then 있는것), so the fixes are
    applied in passes until none is left (overlapping hits: the first one wins, then again);
    a fix never brings back another rule's finding, and ten passes bound it anyway.
    """
    rules = tuple(rules)
    fixed: list[tuple[SpacingRule, SpacingHit]] = []
    for _ in range(10):
        hits = find_all(text, rules)
        if not hits:
            break
        out, pos = [], 0
        for rule, hit in hits:
            if hit.start < pos:
                continue  # overlaps a fix already taken: the next pass sees it again
            out.append(text[pos:hit.start])
            out.append(hit.fix)
            pos = hit.end
            fixed.append((rule, hit))
        out.append(text[pos:])
        text = "".join(out)
    return text, fixed
