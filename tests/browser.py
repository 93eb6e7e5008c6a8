"""Headless Chromium for the tests that are about behaviour in a browser.

Uses Debian's Chromium (installed by tools/setup/need-chromium) through
Playwright's driver; never a browser downloaded at test time.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-file-access-from-files"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def launch_browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: run tools/setup/need-chromium as root, or set CHROMIUM")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=ARGS)
        yield instance
        instance.close()
