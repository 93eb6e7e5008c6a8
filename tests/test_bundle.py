"""The offline bundle: works from file:// anywhere, survives FAT32, reproducible, private."""
from __future__ import annotations

import hashlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from browser import copy_for_reader, reader_page
from conftest import ROOT, run_make
from dalbit.bundle import fat32_problems
from test_rebuild import copy_project

EPOCH = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                       text=True).stdout.strip() or "1700000000"


@pytest.fixture(scope="session")
def bundle(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run_make("bundle", build=built, extra=(f"DIST={dist}",))
    return dist


def the_folder(dist: Path) -> Path:
    return next(p for p in dist.iterdir() if p.is_dir() and p.name.startswith("dalbit-"))


def test_bundle_layout_and_checksums(bundle: Path) -> None:
    folder = the_folder(bundle)
    for part in ("index.html", "README.txt", "SHA256SUMS", "html/en/index.html", "html/ko/index.html",
                 "epub/dalbit-en.epub", "epub/dalbit-ko.epub"):
        assert (folder / part).is_file(), part
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and re.search(r"[\uac00-\ud7a3]", readme)
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=folder).returncode == 0
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}
    with zipfile.ZipFile(bundle / f"{folder.name}.zip") as archive:
        names = archive.namelist()
    assert names == sorted(names) and all(n.startswith(folder.name + "/") for n in names)


def test_fat32_safe(bundle: Path) -> None:
    folder = the_folder(bundle)
    assert fat32_problems(folder) == []
    assert not any(p.is_symlink() for p in folder.rglob("*"))


def test_fat32_check_catches_problems(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "A.html").write_text("x")
    (tmp_path / "what?.html").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a.html")
    problems = " ".join(fat32_problems(tmp_path))
    assert "differs only in case" in problems and "refuses" in problems and "symbolic link" in problems


def test_private(bundle: Path) -> None:
    folder = the_folder(bundle)
    # Paths are matched with their separator, so "/root" does not hit "rootfile".
    secrets = {str(ROOT) + "/", str(bundle) + "/", os.path.expanduser("~") + "/", str(ROOT.parent) + "/"}
    host = socket.gethostname()
    if len(host) >= 4:
        secrets.add(host)
    email = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")
    blobs = [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file()]
    for name, data in list(blobs):
        if name.endswith(".epub"):
            with zipfile.ZipFile(folder / name) as book:
                blobs += [(f"{name}!{m}", book.read(m)) for m in book.namelist()]
        elif name.endswith(".woff2"):  # what a font says of itself: its name table
            blobs.append((f"{name}!name", "\n".join(map(str, TTFont(io.BytesIO(data))["name"].names)).encode()))
    for name, data in blobs:
        for secret in secrets:
            assert secret.encode() not in data, (name, secret)
        if name.endswith((".epub", ".zip", ".woff2")):  # compressed bytes can spell anything; read above
            continue
        found = [m for m in email.findall(data) if not m.endswith((b".png", b".svg", b".js"))]
        assert not found, (name, found[:3])
    assert len(blobs) > 60


def test_reproducible(bundle: Path, tmp_path: Path) -> None:
    """Another build of the same sources, elsewhere and later, gives the same bytes."""
    time.sleep(1.1)
    project = copy_project(tmp_path / "elsewhere")
    venv_bin = Path(sys.executable).parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run(["make", "-j2", "bundle", f"BIN={venv_bin}", f"VENV={venv_bin.parent}",
                             "BUILD=out", "DIST=dist"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    first, second = the_folder(bundle), the_folder(project / "dist")
    for book in ("dalbit-en.epub", "dalbit-ko.epub"):
        assert (first / "epub" / book).read_bytes() == (second / "epub" / book).read_bytes(), book
    zip_name = first.name + ".zip"
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(bundle / zip_name) == digest(project / "dist" / zip_name)


def test_offline_in_chromium_from_a_moved_folder(bundle: Path, browser, tmp_path: Path) -> None:
    moved = copy_for_reader(the_folder(bundle), tmp_path)
    with reader_page(browser, moved) as page:
        page.goto(moved.as_uri() + "/index.html")
        page.click("li[lang='en'] a.edition")
        assert page.url.endswith("/html/en/index.html")
        page.goto(moved.as_uri() + "/html/en/technology.html#kwangmyong")
        page.click("a[data-dalbit-switch]")
        page.wait_for_load_state()
        assert page.url.endswith("/html/ko/technology.html#kwangmyong")
        assert page.evaluate("document.documentElement.lang") == "ko-KP"
        page.click("a[data-dalbit-switch]")
        page.wait_for_load_state()
        assert page.url.endswith("/html/en/technology.html#kwangmyong")
        page.click("a[data-dalbit-switch='en-ko']")
        page.wait_for_load_state()
        assert page.url.endswith("/html/en-ko/technology.html#kwangmyong")
        page.goto(moved.as_uri() + "/html/en/search.html?q=Kwangmyong")
        page.wait_for_selector("#search-results ul li a", timeout=15000)
        page.goto(moved.as_uri() + "/html/ko/glossary.html")
        assert page.locator("dl.glossary dt").count() >= 12
        page.goto(moved.as_uri() + "/html/ko/terminology.html")
        assert page.locator("table.dalbit-terminology").count() >= 5
        page.goto(moved.as_uri() + "/index.html")
        href = page.get_attribute("li[lang='ko-KP'] a.epub", "href")
        assert (moved / href).is_file() and href.endswith(".epub")
