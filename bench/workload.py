"""Generate a catalog workload shaped like the Korean Python docs.

About 76,000 live entries in 500 .po files, half translated, some fuzzy, with
reStructuredText markup, Korean particles after markup, and English sentences
that mention glossary terms; and a glossary of 500 concepts (the project's,
padded with generated ones). Deterministic: the same seed gives the same bytes.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from dalbit.glossary import load_glossary  # noqa: E402
from dalbit.glossary_io import to_toml  # noqa: E402
from dalbit.glossary import Concept, Glossary  # noqa: E402

# Filler words that are not glossary terms, so only the inserted terms count.
WORDS = ("the bytes are read from the stream and written to a new buffer when the call returns "
         "each object keeps a reference to its kind and the value can be changed later "
         "this routine raises an exception if the argument is not valid").split()
SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호"
KO_WORDS = ["자료를", "화일에서", "읽는다", "새로운", "완충기에", "쓴다", "호출이", "끝나면", "각", "객체는",
            "형에", "대한", "참조를", "가진다", "값은", "리용자가", "바꿀수", "있다", "이", "함수는", "인수가",
            "옳지", "않으면", "오유를", "일으킨다"]
MARKUP = [":func:`open`", ":class:`dict`", "``None``", ":ref:`tut-files`", "`PEP 8 <https://peps.python.org/pep-0008/>`_"]


def padded_glossary(target: int, rng: random.Random) -> Glossary:
    base = load_glossary(ROOT / "locale" / "ko_KP" / "glossary.toml")
    concepts = list(base.concepts)
    n = 0
    while len(concepts) < target:
        n += 1
        korean = "".join(rng.choice(SYLLABLES) for _ in range(3))
        concepts.append(Concept(id=f"generated-{n}", domain="technology", pos="noun",
                                en=(f"widget{n}", f"widget{n}s"), preferred=korean,
                                forbidden=(korean[::-1] + "기",), note="generated",
                                confidence="low", status="proposed", doubt="generated"))
    return Glossary("bench", "en", "ko-KP", concepts, base.spelling)


def sentence(rng: random.Random, terms: list[Concept]) -> tuple[str, str]:
    english = rng.sample(WORDS, rng.randint(8, 24))
    korean = rng.sample(KO_WORDS, rng.randint(6, 16))
    for _ in range(rng.randint(0, 3)):
        concept = rng.choice(terms)
        english.insert(rng.randrange(len(english) + 1), rng.choice(concept.en))
        form = concept.preferred if rng.random() < 0.9 else (concept.forbidden or (concept.preferred,))[0]
        korean.insert(rng.randrange(len(korean) + 1), form + particle(form, rng))
    if rng.random() < 0.35:
        item = rng.choice(MARKUP)
        english.insert(rng.randrange(len(english) + 1), item)
        korean.insert(rng.randrange(len(korean) + 1), item + "\\ " + rng.choice(("을", "를", "은", "는")))
    text = " ".join(english)
    return text[0].upper() + text[1:] + ".", " ".join(korean) + "."


def particle(word: str, rng: random.Random) -> str:
    """Mostly the agreeing particle, as translators write; sometimes a wrong one."""
    final = (ord(word[-1]) - 0xAC00) % 28 if "가" <= word[-1] <= "힣" else 0
    pair = rng.choice((("을", "를"), ("이", "가"), ("에서", "에서"), ("", "")))
    right, wrong = (pair[0], pair[1]) if final else (pair[1], pair[0])
    return right if rng.random() < 0.97 else wrong


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_workload(folder: Path, files: int = 500, entries: int = 76000, concepts: int = 500,
                   seed: int = 20261125) -> Path:
    rng = random.Random(seed)
    glossary = padded_glossary(concepts, rng)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glossary.toml").write_text(to_toml(glossary), encoding="utf-8")
    spelling = ROOT / "tools" / "dalbit" / "data" / "ko_KP" / "spelling.toml"
    (folder / "spelling.toml").write_text(spelling.read_text(encoding="utf-8"), encoding="utf-8")
    messages = folder / "LC_MESSAGES"
    messages.mkdir(exist_ok=True)
    per_file = entries // files
    terms = glossary.concepts
    for index in range(files):
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
                 '"Language: ko_KP\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"', ""]
        seen = set()
        for number in range(per_file):
            english, korean = sentence(rng, terms)
            if english in seen:
                continue
            seen.add(english)
            state = rng.random()
            lines.append(f"#: ../../library/module{index}.rst:{number * 3 + 1}")
            if 0.5 <= state < 0.57:
                lines.append("#, fuzzy")
            lines.append(f"msgid {quote(english)}")
            lines.append(f"msgstr {quote(korean if state < 0.57 else '')}")
            lines.append("")
        (messages / f"module{index:03d}.po").write_text("\n".join(lines), encoding="utf-8")
    return folder


if __name__ == "__main__":
    out = write_workload(Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/workload"))
    print(out)
