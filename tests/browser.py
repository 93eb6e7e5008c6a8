"""Headless Chromium as a reader runs it, for the tests that are about behaviour in a browser.

Uses Debian's Chromium (installed by tools/setup/need-chromium) through
Playwright's driver; never a browser downloaded at test time.

A reader opens the book from a stick in a plain browser: no flag loosens what
``file://`` pages may do (none that lets a page fetch files), and the
folder has been renamed, often to a name with a space. So Playwright's own
default switches are left out too, and only what running headless as root
needs is passed, with the switches that stop Chromium calling home (they would
be requests outside the book). Every page a test opens goes through
:func:`reader_page`, which fails the test on any console error, uncaught
exception, failed load or request outside the book's folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Headless as root (no sandbox there), and no calling home. Nothing else.
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps"]
#: What Playwright itself needs to drive the browser.
DRIVER_ARGS = ["--remote-debugging-pipe", "about:blank"]


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
    with tempfile.TemporaryDirectory(prefix="dalbit-chromium-", ignore_cleanup_errors=True) as profile, sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path, ignore_default_args=True,
            args=[*ARGS, f"--user-data-dir={profile}", *DRIVER_ARGS])
        yield instance
        instance.close()


def copy_for_reader(source: Path, parent: Path, name: str = "renamed copy") -> Path:
    """A copy of a built folder under ``parent/USB STICK/<name>``: moved, renamed, with spaces."""
    target = parent / "USB STICK" / name
    shutil.copytree(source, target)
    return target


@dataclass
class Trouble:
    """What went wrong while a reader's page was open."""

    folder_uri: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [url for url in self.requests
                if not url.startswith(self.folder_uri) and url != "about:blank"]


@contextmanager
def reader_page(browser, folder: Path, **options) -> Iterator[object]:
    """A new page that records console errors and requests; on leaving, asserts
    there were no errors and no request outside ``folder``."""
    page = browser.new_page(**options)
    trouble = Trouble(folder.as_uri() + "/")
    page.on("console", lambda message: message.type == "error" and trouble.errors.append(
        f"console: {message.text} ({message.location.get('url')})"))
    page.on("pageerror", lambda error: trouble.errors.append(f"uncaught: {error}"))
    # ERR_ABORTED is the browser cancelling what a page still loaded when the reader moved on.
    page.on("requestfailed", lambda request: "ERR_ABORTED" not in str(request.failure)
            and trouble.errors.append(f"failed: {request.url} {request.failure}"))
    page.on("request", lambda request: trouble.requests.append(request.url))
    try:
        yield page
        page.wait_for_timeout(200)  # let late errors (a failed fetch, a script's exception) arrive
    finally:
        page.close()
    assert trouble.errors == [], trouble.errors
    assert trouble.requests and trouble.outside() == [], trouble.outside()
