"""What a reader of the offline copy meets besides search: links to websites say they need the
internet, English inside Korean text is marked English, one viewport tag, the chooser's book
links and the terminology page in the reader's terms, the switch keeps the search."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import reader_page
from test_pipeline import HANGUL, pages, parse

EDITIONS = ("en", "ko", "en-ko")


@pytest.mark.parametrize("edition", EDITIONS)
def test_links_to_websites_say_they_need_the_internet(built: Path, edition: str) -> None:
    links = [(path, link) for path in pages(built / "html" / edition) for link in parse(path).links
             if link["tag"] == "a" and re.match(r"(?:https?:)?//", link.get("href") or "")]
    assert len(links) >= 5  # the sources page links its sources
    for path, link in links:
        assert "dalbit-network" in (link.get("class") or "").split() and link.get("title"), (path, link)
        assert bool(HANGUL.search(link["title"])) == (edition != "en"), (path, link["title"])
    with zipfile.ZipFile(built / "epub" / f"dalbit-{edition}.epub") as book:
        sources = book.read("sources.xhtml").decode()
    assert re.search(r'<a class="dalbit-network reference external" href="https://[^"]+" title="[^"]+"', sources)


def test_the_network_note_is_shown(stick: Path, browser) -> None:
    with reader_page(browser, stick) as page:
        page.goto((stick / "ko" / "sources.html").as_uri())
        note = page.eval_on_selector("a.dalbit-network", "a => getComputedStyle(a, '::after').content")
    assert "인터네트" in note, note


@pytest.mark.parametrize("edition", ["ko", "en-ko"])
def test_english_titles_on_korean_pages_are_marked(built: Path, edition: str) -> None:
    html = (built / "html" / edition / "sources.html").read_text(encoding="utf-8")
    for title in ("Foreign Media in North Korea - How Kpop is Challenging the Regime",
                  "I am Joy: I Escaped North Korea and Survived Human Trafficking", "Lifting the Fog on Red Star OS"):
        assert f'<span lang="en">{title}</span>' in html, title
    # Korean words stay Korean.
    assert not re.search(r'<span lang="en">[^<]*[\uac00-\ud7a3]', html)
    assert '<span lang="en">' not in (built / "html" / "en" / "sources.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS)
def test_one_viewport_tag(built: Path, edition: str) -> None:
    for path in pages(built / "html" / edition):
        assert path.read_text(encoding="utf-8").count('name="viewport"') == 1, path


def test_chooser_names_the_book_in_each_language(built: Path) -> None:
    chooser = (built / "html" / "index.html").read_text(encoding="utf-8")
    cards = dict(re.findall(r'<li lang="([^"]+)">.*?<a class="epub"[^>]*>([^<]+)</a>', chooser))
    assert cards["en"] == "EPUB" and HANGUL.search(cards["ko-KP"]) and "EPUB" in cards["ko-KP"], cards


def test_an_untranslated_chooser_line_is_said_once_in_english() -> None:
    """An edition whose dalbit.po lacks the line says it in English: not again, and not as Japanese."""
    from dalbit.chooser import PROMPT, BuiltEdition, render_chooser

    editions = [BuiltEdition("en", "en", "English", "Widgets", "index.html", PROMPT),
                BuiltEdition("ja", "ja", "日本語", "Widgets", "index.html", PROMPT),
                BuiltEdition("ko-kp", "ko-KP", "조선어", "Widgets", "index.html", "읽을 판을 고르십시오.")]
    page = render_chooser(editions, "", "", {})
    assert re.findall(r'<p lang="([^"]+)">([^<]*)</p>', page) == [("en", PROMPT), ("ko-KP", "읽을 판을 고르십시오.")]


def test_terminology_page_keeps_the_case_of_english_terms(built: Path) -> None:
    english = re.findall(r'<span lang="en">([^<]*)</span>',
                         (built / "html" / "ko" / "terminology.html").read_text(encoding="utf-8"))
    shown = ", ".join(english)
    assert "DVD, DVDs, CD" in shown and "LCD television" in shown and "TV" in shown
    assert not re.search(r"\b(?:dvd|lcd|tv|usb|sd|pc)s?\b", shown), shown


def test_switch_on_the_search_page_keeps_the_query(stick: Path, browser) -> None:
    with reader_page(browser, stick) as page:
        page.goto(f"{(stick / 'ko').as_uri()}/search.html?q={quote('손전화를')}")
        page.wait_for_selector("#search-results ul.search > li a")
        page.click("a[data-dalbit-switch='en']")
        page.wait_for_selector("#search-results p.search-summary")
        assert page.url.endswith("/en/search.html?q=" + quote("손전화를"))
        assert page.input_value("input[name=q]") == "손전화를"
