"""The glossary data: it loads, it is big enough, and it survives TBX and CSV both ways."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from dalbit.glossary import DOMAINS, GlossaryError, load_glossary
from dalbit.glossary_io import (TBX_NS, concepts_equal, from_csv, from_tbx, to_csv, to_tbx, to_tbx2008,
                                 to_toml)

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "ko_KP" / "glossary.toml"


def test_project_glossary_covers_the_domains() -> None:
    glossary = load_glossary(GLOSSARY)
    assert len(glossary.concepts) >= 100
    per_domain = Counter(c.domain for c in glossary.concepts)
    assert set(per_domain) == set(DOMAINS) and min(per_domain.values()) >= 10
    assert all(c.doubt for c in glossary.concepts if c.status == "proposed")
    assert len(glossary.spelling) >= 50


def test_tbx_and_csv_round_trip(tmp_path: Path) -> None:
    glossary = load_glossary(GLOSSARY)
    tbx = to_tbx(glossary)
    root = ET.fromstring(tbx)
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic"
    assert len(root.findall(f".//{{{TBX_NS}}}conceptEntry")) == len(glossary.concepts)
    for back in (from_tbx(tbx), from_tbx(to_tbx2008(glossary)), from_csv(to_csv(glossary))):
        assert len(back.concepts) == len(glossary.concepts)
        assert all(concepts_equal(a, b) for a, b in zip(glossary.concepts, back.concepts))
    again = tmp_path / "glossary.toml"
    again.write_text(to_toml(from_tbx(tbx)), encoding="utf-8")
    assert all(concepts_equal(a, b) for a, b in zip(glossary.concepts, load_glossary(again).concepts))


def test_cli_converts_and_reports_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "g.tbx"
    run = lambda *a: subprocess.run([sys.executable, "-m", "dalbit.cli", *a], capture_output=True, text=True)  # noqa: E731
    assert run("glossary", str(GLOSSARY), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").count("<conceptEntry") >= 100
    broken = tmp_path / "broken.toml"
    broken.write_text('[[concept]]\nid = "a"\nid = "b"\n', encoding="utf-8")
    result = run("glossary", str(broken))
    assert result.returncode == 2 and f"{broken}:3:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("body,message", [
    ('[[concept]]\nid = "a"\n', "has no domain"),
    ('[[concept]]\nid = "a"\ndomain = "media"\npos = "noun"\nen = ["a"]\npreferred = "가"\n'
     'forbidden = ["가"]\nnote = ""\nsource = ""\nconfidence = "high"\nstatus = "approved"\n', "is part of"),
    ('[[concept]]\nid = "a"\ndomain = "media"\npos = "noun"\nen = ["a"]\npreferred = "가"\n'
     'note = ""\nsource = ""\nconfidence = "low"\nstatus = "proposed"\n', "says no doubt"),
])
def test_bad_glossary_says_where_and_why(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text("\n\n" + body, encoding="utf-8")
    with pytest.raises(GlossaryError) as error:
        load_glossary(path)
    assert message in str(error.value) and str(error.value).startswith(f"{path}:3:")
