"""Korean search in the browser, from file://: bare and inflected words find the right page first."""
from __future__ import annotations

import json
from pathlib import Path

import pytest


KOREAN = [  # query, the page that must rank first
    ("손전화", "technology.html"),
    ("손전화를", "technology.html"),
    ("손전화가", "technology.html"),
    ("조작체계", "technology.html"),
    ("장마당에서", "foreign-media.html"),
    ("녀성들이", "women-in-china.html"),
]
ENGLISH = [("Kwangmyong", "glossary.html"), ("mobile phones", "technology.html")]


def results(browser, site: Path, query: str) -> list[str]:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site.as_uri()}/search.html?q={query}")
    page.wait_for_selector("#search-results p.search-summary", timeout=15000)
    hrefs = page.eval_on_selector_all("#search-results ul li > a", "as => as.map(a => a.getAttribute('href'))")
    page.close()
    assert all(url.startswith(site.as_uri()) for url in requests), requests
    return [href.split("#")[0] for href in hrefs]


@pytest.mark.parametrize("query,first", KOREAN)
def test_korean_queries(built: Path, browser, query: str, first: str) -> None:
    found = results(browser, built / "html" / "ko", query)
    assert found and found[0] == first, found


@pytest.mark.parametrize("query,first", ENGLISH)
def test_english_still_works(built: Path, browser, query: str, first: str) -> None:
    found = results(browser, built / "html" / "en", query)
    assert found and found[0] == first, found


def test_index_holds_stems_not_words_with_particles(built: Path) -> None:
    text = (built / "html" / "ko" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"]
    assert "손전화" in terms and "조작체계" in terms
    assert not any(term.endswith(("를", "을", "에서")) and term[:-1] in terms for term in terms)


@pytest.mark.parametrize("query,first", [("손전화를", "technology.html"), ("smuggled", "foreign-media.html")])
def test_bilingual_edition_searches_both_languages(built: Path, browser, query: str, first: str) -> None:
    found = results(browser, built / "html" / "en-ko", query)
    assert found and first in found[:3], found
