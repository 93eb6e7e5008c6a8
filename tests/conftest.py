"""Shared fixtures: real builds of the real project, made once per test session
in a temporary folder through the Makefile a user runs."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import copy_for_reader, launch_browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def analyzer_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests remember analyses in their own folder, never in the user's cache."""
    folder = tmp_path_factory.mktemp("dalbit-cache")
    os.environ["DALBIT_CACHE_DIR"] = str(folder)
    return folder


def run_make(*targets: str, build: Path, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["make", "-C", str(ROOT), f"BUILD={build}", *extra, *targets],
        capture_output=True, text=True, env={**os.environ},
    )
    if result.returncode != 0:
        pytest.fail(f"make {' '.join(targets)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites, the bilingual edition, the chooser and the EPUBs (epubcheck runs inside make)."""
    build = tmp_path_factory.mktemp("build")
    run_make("html", "epub", "bilingual", build=build)
    return build


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (skips with the reason when there is none)."""
    yield from launch_browser()


@pytest.fixture(scope="session")
def stick(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sites and books as a reader has them: copied to a renamed folder with spaces."""
    parent = tmp_path_factory.mktemp("reader")
    target = copy_for_reader(built / "html", parent)
    shutil.copytree(built / "epub", target.parent / "epub")
    return target
