"""Dalbit for any Sphinx project: the wheel in a new environment, `dalbit init`, `dalbit build`.

The project is not ours: conf.py and sources in docs/, its own name and EPUB basename, and three
languages besides its own. Nothing of this repository is used but the wheel built from it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import polib
import pytest

from conftest import ROOT

CONF = '''\
project = "Moon Garden"
author = "Garden Friends"
copyright = "2026, Garden Friends"
release = "2.3"
extensions = []
html_theme = "alabaster"
epub_basename = "moongarden"
epub_show_urls = "no"
'''

PAGES = {
    "index": "Moon Garden\n===========\n\nA garden to read by night.\n\n.. toctree::\n\n   phones\n   seeds\n",
    "phones": "Phones\n======\n\nA mobile phone keeps the garden's notes.\n",
    "seeds": "Seeds\n=====\n\nSeeds sleep in winter.\n",
}

#: Translations that follow the ko_KP starter glossary (손전화 for mobile phone).
KOREAN = {
    "Moon Garden": "달빛정원",
    "A garden to read by night.": "밤에 읽는 정원.",
    "Phones": "손전화",
    "A mobile phone keeps the garden's notes.": "손전화는 정원의 기록을 간직한다.",
    "Seeds": "씨앗",
    "Seeds sleep in winter.": "씨앗은 겨울에 잠든다.",
}
#: Chinese has no glossary: were it checked against the Korean one, 手机 would be a finding.
CHINESE = {
    "Moon Garden": "月光花园",
    "A garden to read by night.": "夜里读的花园。",
    "Phones": "手机",
    "A mobile phone keeps the garden's notes.": "手机保存花园的笔记。",
    "Seeds": "种子",
    "Seeds sleep in winter.": "种子在冬天沉睡。",
}
LANGUAGES = {"ko_KP": KOREAN, "zh_CN": CHINESE}


@pytest.fixture(scope="module")
def dalbit_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding the wheel built from this checkout. Its dependencies come from the
    test's own environment (a path file), so that the test needs no network and the package
    under test is only the wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # setuptools writes build/ and *.egg-info beside the sources
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", "build", "dist", ".git", "*.mo",
                                                                "__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(work), str(source)], check=True, capture_output=True)
    wheel = next(work.glob("dalbit-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for shipped in ("dalbit/locale/ko_KP/LC_MESSAGES/sphinx.po", "dalbit/data/ko_KP/spelling.toml",
                    "dalbit/data/ko_KP/glossary.toml", "dalbit/templates/layout.html",
                    "dalbit/static/dalbit.css"):
        assert shipped in names, f"the wheel does not ship {shipped}"
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--prefix", str(venv), "--ignore-installed", str(wheel)], check=True, capture_output=True)
    where = subprocess.run([venv / "bin" / "python", "-c", "import dalbit; print(dalbit.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), f"dalbit imported from {where}, not the wheel"
    return venv / "bin"


def dalbit(bin_dir: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([bin_dir / "dalbit", *args], cwd=project, capture_output=True, text=True,
                          env=env)


def translate(catalog: Path, texts: dict[str, str]) -> None:
    po = polib.pofile(str(catalog))
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


@pytest.fixture(scope="module")
def project(dalbit_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("moon garden")
    (root / "docs").mkdir()
    (root / "docs" / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in PAGES.items():
        (root / "docs" / f"{name}.rst").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def initialized(dalbit_env: Path, project: Path) -> Path:
    first = dalbit(dalbit_env, project, "init", "-l", "ko_KP", "-l", "ko_KR", "-l", "zh_CN")
    assert first.returncode == 0, first.stderr
    assert '+extensions = [*extensions, "dalbit.sphinx"]' in first.stdout  # the change is shown
    assert "dalbit build" in first.stdout  # and the next steps
    return project


def test_init_sets_up_the_project_and_changes_nothing_twice(dalbit_env: Path, initialized: Path) -> None:
    conf = initialized / "docs" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert text.startswith(CONF)  # nothing the user wrote is changed
    for folder in ("ko_KP", "ko_KR", "zh_CN"):
        assert (initialized / "docs" / "locale" / folder / "LC_MESSAGES").is_dir()
    assert (initialized / "docs" / "locale" / "ko_KP" / "glossary.toml").is_file()  # the starter glossary
    assert not (initialized / "docs" / "locale" / "zh_CN" / "glossary.toml").exists()
    again = dalbit(dalbit_env, initialized, "init", "-l", "ko_KP", "-l", "zh_CN")
    assert again.returncode == 0 and "nothing to change" in again.stdout
    assert conf.read_text(encoding="utf-8") == text


@pytest.fixture(scope="module")
def built(dalbit_env: Path, initialized: Path) -> Path:
    update = dalbit(dalbit_env, initialized, "update")
    assert update.returncode == 0, update.stdout + update.stderr
    for language, texts in LANGUAGES.items():
        for catalog in (initialized / "docs" / "locale" / language / "LC_MESSAGES").glob("*.po"):
            translate(catalog, texts)
    result = dalbit(dalbit_env, initialized, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"html\s+zh-cn\s+[\d.]+ s\s+ok", result.stdout)  # a line per edition with its time
    return initialized / "build"


def test_every_edition_links_every_other(built: Path) -> None:
    editions = {"en", "ko-kp", "ko-kr", "zh-cn"}
    assert {p.name for p in (built / "html").iterdir() if p.is_dir()} == editions
    for edition in editions:
        page = (built / "html" / edition / "phones.html").read_text(encoding="utf-8")
        switch = set(re.findall(r'data-dalbit-switch="([^"]+)"', page))
        assert switch == editions - {edition}, (edition, switch)
    chooser = (built / "html" / "index.html").read_text(encoding="utf-8")
    for edition in editions:
        assert f'href="{edition}/index.html"' in chooser
        assert f'moongarden-{edition}.epub' in chooser
    assert "달빛정원" in chooser and "月光花园" in chooser


def test_north_korean_labels_come_with_the_package(built: Path) -> None:
    korean = (built / "html" / "ko-kp" / "phones.html").read_text(encoding="utf-8")
    assert 'placeholder="찾기"' in korean and "검색" not in korean
    assert "손전화는 정원의 기록을 간직한다." in korean
    assert 'lang="ko-KP"' in korean
    south = (built / "html" / "ko-kr" / "phones.html").read_text(encoding="utf-8")
    assert "검색" in south  # ko_KR keeps Sphinx's own Korean labels


def test_names_come_from_the_project(built: Path) -> None:
    from dalbit.epubvalidate import FAILING_LEVELS, validate_epub

    books = sorted(p.name for p in (built / "epub").glob("*.epub"))
    assert books == ["moongarden-en.epub", "moongarden-ko-kp.epub", "moongarden-ko-kr.epub",
                     "moongarden-zh-cn.epub"]
    assert [m for m in validate_epub(built / "epub" / "moongarden-zh-cn.epub")
            if m.level in FAILING_LEVELS] == []
    dist = built.parent / "dist"
    assert sorted(p.name for p in dist.iterdir()) == ["moongarden-2.3", "moongarden-2.3.zip"]
    readme = (dist / "moongarden-2.3" / "README.txt").read_text(encoding="utf-8")
    assert "Moon Garden 2.3" in readme and "달빛정원 2.3" in readme
    names = [p.name for p in (dist / "moongarden-2.3").iterdir()]
    names += [p.name for p in (dist / "moongarden-2.3" / "epub").iterdir()]
    assert not [name for name in names if "dalbit" in name.lower()], names


def test_each_language_is_checked_against_its_own_glossary(dalbit_env: Path, built: Path) -> None:
    project = built.parent
    catalog = project / "docs" / "locale" / "ko_KP" / "LC_MESSAGES" / "phones.po"
    result = dalbit(dalbit_env, project, "check", str(catalog.parent))
    assert result.returncode == 0, result.stdout
    good = catalog.read_bytes()
    translate(catalog, {"A mobile phone keeps the garden's notes.": "휴대폰은 정원의 기록을 간직한다."})
    result = dalbit(dalbit_env, project, "check", str(catalog.parent))
    catalog.write_bytes(good)
    assert result.returncode == 1 and "휴대폰" in result.stdout  # the starter glossary forbids it


def test_a_language_without_glossary_still_gets_the_checks_that_need_none(dalbit_env: Path,
                                                                          built: Path) -> None:
    project = built.parent
    catalog = project / "docs" / "locale" / "zh_CN" / "LC_MESSAGES" / "seeds.po"
    good = catalog.read_bytes()
    translate(catalog, {"Seeds sleep in winter.": "种子在冬天\u202e沉睡。"})  # a bidi override hides text
    result = dalbit(dalbit_env, project, "build", "html")
    catalog.write_bytes(good)
    assert result.returncode == 1 and "bidi-control" in result.stdout + result.stderr, result.stdout
    check = dalbit(dalbit_env, project, "check")  # every language, each against its own glossary
    assert check.returncode == 0, check.stdout + check.stderr
    assert "== zh_CN ==" in check.stdout and "== ko_KP ==" in check.stdout


def test_one_po_edit_rebuilds_its_page_only(dalbit_env: Path, built: Path) -> None:
    project = built.parent
    site = built / "html" / "zh-cn"
    before = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    time.sleep(0.01)
    translate(project / "docs" / "locale" / "zh_CN" / "LC_MESSAGES" / "seeds.po",
              {"Seeds sleep in winter.": "种子在冬天安睡。"})
    result = dalbit(dalbit_env, project, "build", "html")
    assert result.returncode == 0, result.stdout + result.stderr
    after = {p.name: p.stat().st_mtime_ns for p in site.glob("*.html")}
    changed = {name for name in after if after[name] != before.get(name)}
    assert "种子在冬天安睡。" in (site / "seeds.html").read_text(encoding="utf-8")
    assert "seeds.html" in changed and "phones.html" not in changed, changed
    info = json.loads((site / "dalbit-edition.json").read_text(encoding="utf-8"))
    assert info["epub"] == "moongarden-zh-cn.epub"


def test_the_projects_own_sphinx_po_overrides_a_label(dalbit_env: Path, built: Path) -> None:
    project = built.parent
    own = project / "docs" / "locale" / "ko_KP" / "LC_MESSAGES" / "sphinx.po"
    own.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "Search"\nmsgstr "찾아보기"\n', encoding="utf-8")
    try:
        result = dalbit(dalbit_env, project, "build", "html", "--clean")
        assert result.returncode == 0, result.stdout + result.stderr
        page = (built / "html" / "ko-kp" / "phones.html").read_text(encoding="utf-8")
        assert 'placeholder="찾아보기"' in page  # the project's label
        assert "검색" not in page  # the package's North Korean labels for the rest (Sphinx: 빠른 검색)
    finally:
        own.unlink()
        own.with_suffix(".mo").unlink(missing_ok=True)


def quickstart_project(root: Path, pages: dict[str, str]) -> Path:
    """A project as sphinx-quickstart leaves it: no epub_basename, a name with a space."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "conf.py").write_text('project = "Gadget Docs"\ncopyright = "2026, Gadgeteers"\n'
                                           'author = "Gadgeteers"\nrelease = "0.1"\nextensions = []\n',
                                           encoding="utf-8")
    toctree = "".join(f"   {name}\n" for name in pages)
    (root / "docs" / "index.rst").write_text(f"Gadgets\n=======\n\nAll about gadgets.\n\n.. toctree::\n\n{toctree}",
                                             encoding="utf-8")
    for name, text in pages.items():
        (root / "docs" / f"{name}.rst").write_text(text, encoding="utf-8")
    return root


def test_the_chooser_links_the_epubs_of_a_project_without_epub_basename(dalbit_env: Path, tmp_path: Path) -> None:
    """Sphinx names the EPUB GadgetDocs-<edition>.epub by default: the chooser links that file."""
    project = quickstart_project(tmp_path / "gadgets", {"phones": "Phones\n======\n\nA mobile phone.\n"})
    assert dalbit(dalbit_env, project, "init", "-l", "ko_KP").returncode == 0
    result = dalbit(dalbit_env, project, "build", "html", "epub")
    assert result.returncode == 0, result.stdout + result.stderr
    chooser = (project / "build" / "html" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a class="epub" href="\.\./epub/([^"]+)"', chooser)
    assert sorted(linked) == ["GadgetDocs-en.epub", "GadgetDocs-ko-kp.epub"], chooser
    assert all((project / "build" / "epub" / name).is_file() for name in linked)


def test_pages_named_with_spaces_and_korean(dalbit_env: Path, tmp_path: Path) -> None:
    """searchtexts.js holds every page, also one whose address is percent-encoded (a%20b.html); the
    EPUB build, which Sphinx cannot make of such pages, says which file to rename and how."""
    project = quickstart_project(tmp_path / "gadgets", {"getting started": "Getting started\n===============\n\n"
                                                        "Charge the gadget first.\n",
                                                        "소개": "Introduction\n============\n\nGadgets are small.\n"})
    assert dalbit(dalbit_env, project, "init", "-l", "ko_KP").returncode == 0
    result = dalbit(dalbit_env, project, "build", "html")
    assert result.returncode == 0, result.stdout + result.stderr
    texts = (project / "build" / "html" / "en" / "searchtexts.js").read_text(encoding="utf-8")
    pages = json.loads(texts.split("=", 1)[1].strip().rstrip(";"))
    assert {"getting started", "소개", "index"} <= set(pages), sorted(pages)
    assert "Charge the gadget first." in pages["getting started"]["text"]
    result = dalbit(dalbit_env, project, "build", "epub")
    assert result.returncode == 1
    assert "getting started.rst: WARNING: the page name 'getting started'" in result.stderr, result.stderr
    assert "(e.g. getting-started.rst)" in result.stderr and "소개.rst: WARNING" in result.stderr


def test_a_broken_catalog_stops_the_build_with_file_line_and_exit_2(dalbit_env: Path, built: Path) -> None:
    project = built.parent
    catalog = project / "docs" / "locale" / "ko_KP" / "LC_MESSAGES" / "seeds.po"
    good = catalog.read_bytes()
    catalog.write_bytes(good + b'\nmsgid "Broken"\nmsgstr unquoted\n')
    try:
        result = dalbit(dalbit_env, project, "build", "html")
    finally:
        catalog.write_bytes(good)
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(rf"{re.escape(str(catalog))}:\d+: ", result.stderr), result.stderr
    assert "builds done" not in result.stdout  # nothing was started


def test_a_failed_build_says_why_warnings_stop_it(dalbit_env: Path, built: Path) -> None:
    project = built.parent
    catalog = project / "docs" / "locale" / "ko_KP" / "LC_MESSAGES" / "seeds.po"
    good = catalog.read_bytes()
    translate(catalog, {"Seeds sleep in winter.": "씨앗은 겨울에 잠들 수 있다."})  # spacing: 잠들수 (a warning)
    try:
        result = dalbit(dalbit_env, project, "build", "html")
    finally:
        catalog.write_bytes(good)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "every warning counts as an error" in result.stderr and "dalbit-waive:" in result.stderr
