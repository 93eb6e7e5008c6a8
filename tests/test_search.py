"""Search in a reader's browser, from a renamed copy on a stick (file://): bare and inflected
words find the right page first, every result has a snippet, no console error, the Korean
search page speaks North Korean, and the page a result opens highlights the stem."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sphinx

from browser import reader_page
from dalbit.catalogs import read_translations
from dalbit.search_page import page_text
from conftest import ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3]")

KOREAN = [  # query, the page that must rank first
    ("손전화", "technology.html"),
    ("손전화를", "technology.html"),
    ("손전화가", "technology.html"),
    ("조작체계", "technology.html"),
    ("장마당에서", "foreign-media.html"),
    ("녀성들이", "women-in-china.html"),
]
ENGLISH = [("Kwangmyong", "glossary.html"), ("mobile phones", "technology.html")]


def search(page, site: Path, query: str) -> list[dict[str, str]]:
    """Run a search on the site's search page; each result's title, href and snippet."""
    page.goto(f"{site.as_uri()}/search.html?q={quote(query)}")
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.textContent",
                           timeout=15000)
    return page.eval_on_selector_all("#search-results ul.search > li", """items => items.map(li => ({
        title: li.querySelector('a').textContent,
        href: li.querySelector('a').getAttribute('href'),
        snippet: li.querySelector('p.context')?.textContent || '',
        marked: [...li.querySelectorAll('p.context span.highlighted')].map(s => s.textContent),
    }))""")


def pages_found(browser, site: Path, query: str) -> list[str]:
    with reader_page(browser, site.parent) as page:
        return [re.split(r"[?#]", result["href"])[0] for result in search(page, site, query)]


@pytest.mark.parametrize("query,first", KOREAN)
def test_korean_queries(stick: Path, browser, query: str, first: str) -> None:
    found = pages_found(browser, stick / "ko", query)
    assert found and found[0] == first, found


@pytest.mark.parametrize("query,first", ENGLISH)
def test_english_still_works(stick: Path, browser, query: str, first: str) -> None:
    found = pages_found(browser, stick / "en", query)
    assert found and found[0] == first, found


@pytest.mark.parametrize("edition,query,stem", [("ko", "손전화를", "손전화"), ("ko", "장마당", "장마당"),
                                                ("en", "phone", "phone"), ("en-ko", "손전화를", "손전화")])
def test_results_have_snippets_and_distinct_titles(stick: Path, browser, edition: str, query: str,
                                                    stem: str) -> None:
    with reader_page(browser, stick) as page:
        results = search(page, stick / edition, query)
    assert len(results) >= 3, results
    for result in results:
        assert result["snippet"].strip(), result  # from searchtexts.js, not a fetch
    assert stem in results[0]["snippet"].lower() and stem in [m.lower() for m in results[0]["marked"]], results[0]
    titles = [result["title"] for result in results]
    assert len(set(titles)) == len(titles), titles


def test_a_result_names_its_term(stick: Path, browser) -> None:
    with reader_page(browser, stick) as page:
        results = search(page, stick / "ko", "장마당")
    glossary = [r["title"] for r in results if r["href"].startswith("glossary.html")]
    assert "용어해설 > 장마당" in glossary and len(glossary) == len(set(glossary)), glossary


def test_no_result_is_said_in_korean(stick: Path, browser) -> None:
    with reader_page(browser, stick) as page:
        assert search(page, stick / "ko", "없는낱말입니다") == []
        status = page.inner_text("#search-results p.search-summary")
    assert HANGUL.search(status) and not re.search(r"[A-Za-z]{3,}", status), status


def south_korean_messages() -> set[str]:
    """Sphinx's own Korean messages that our catalog never says (South Korean wording)."""
    sphinx_ko = read_translations(Path(sphinx.__file__).parent / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po")
    ours = set(read_translations(ROOT / "tools" / "dalbit" / "locale" / "ko_KP" / "LC_MESSAGES" / "sphinx.po").values())
    # A single word the book's own translations use (문서, "document") is the book's wording too.
    book = " ".join(text for po in (ROOT / "locale" / "ko_KP" / "LC_MESSAGES").glob("*.po")
                    for text in read_translations(po).values())
    return {text for text in sphinx_ko.values()
            if HANGUL.search(text) and text not in ours and len(text) >= 2
            and not re.search(r"[%{]", text) and not (" " not in text and text in book)}


def test_search_page_holds_no_south_korean_message(stick: Path, browser) -> None:
    south = south_korean_messages()
    assert "검색" in " ".join(south)  # the test reads the catalog it means to
    with reader_page(browser, stick) as page:
        search(page, stick / "ko", "손전화를")
        page.eval_on_selector("ul.search", "list => list.remove()")  # the book's own words, not Sphinx's
        shown = page.evaluate("""() => document.body.innerText + '\\n' +
            [...document.querySelectorAll('[placeholder],[value],[title],[aria-label]')].map(e =>
              [e.placeholder, e.value, e.title, e.getAttribute('aria-label')].join('\\n')).join('\\n')""")
    source = (stick / "ko" / "search.html").read_text(encoding="utf-8")
    noscript = "".join(re.findall(r"<noscript>(.*?)</noscript>", source, re.S))  # what a browser without JS shows
    assert noscript.strip()
    found = sorted(text for text in south if text in shown or text in noscript)
    assert found == [], found


def test_opened_result_highlights_the_stem(stick: Path, browser) -> None:
    with reader_page(browser, stick) as page:
        search(page, stick / "ko", "손전화를")
        href = page.get_attribute("#search-results ul.search > li a", "href")
        page.click("#search-results ul.search > li a")
        page.wait_for_selector("div.body span.highlighted")
        marked = page.eval_on_selector_all("div.body span.highlighted", "s => s.map(x => x.textContent)")
    assert marked and set(marked) == {"손전화"}, marked
    # A browser that keeps file:// pages apart (no shared localStorage) gets the words from the link.
    assert "highlight=" in href
    with reader_page(browser, stick) as fresh:
        fresh.goto(f"{(stick / 'ko').as_uri()}/{href}")
        fresh.wait_for_selector("div.body span.highlighted")
        assert set(fresh.eval_on_selector_all("div.body span.highlighted", "s => s.map(x => x.textContent)")) \
            == {"손전화"}


def test_page_text_spans_sections_terms_and_targets() -> None:
    html = """<html><body><div class="nav">Menu</div><div class="body" role="main">
    <section id="top"><h1>Page<a class="headerlink" href="#top">¶</a></h1><p>Intro  text.</p>
    <script>var x = 1;</script>
    <section id="part"><span id="index-0"></span><h2>Part two</h2><p>Body<br>line.</p>
    <dl class="glossary"><dt id="term-a">Term A</dt><dd><p>What A means.</p></dd></dl>
    <p>See <a class="reference" href="#x" id="id1">[1]</a>.</p></section></section></div>
    <footer>After</footer></body></html>"""
    page = page_text(html)
    assert page.text == "Page Intro text. Part two Body line. Term A What A means. See [1]."
    cut = lambda name: page.text[page.ids[name][0]:page.ids[name][1]].strip()  # noqa: E731
    assert cut("top") == page.text and page.ids["top"][2] == "Page"
    assert cut("part").startswith("Part two Body line.") and page.ids["part"][2] == "Part two"
    assert cut("index-0") == cut("part") and page.ids["index-0"][2] == "Part two"  # an empty target
    assert cut("term-a") == "Term A What A means." and page.ids["term-a"][2] == "Term A"
    assert "id1" not in page.ids  # a link's own id is never a result


def test_index_holds_stems_not_words_with_particles(built: Path) -> None:
    text = (built / "html" / "ko" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"]
    assert "손전화" in terms and "조작체계" in terms
    assert not any(term.endswith(("를", "을", "에서")) and term[:-1] in terms for term in terms)


@pytest.mark.parametrize("edition", ["en", "ko", "en-ko"])
def test_snippet_texts_cost(built: Path, edition: str) -> None:
    """searchtexts.js holds every page's text once: about 1.5 to 2 times the index, never a copy of the pages."""
    site = built / "html" / edition
    texts = (site / "searchtexts.js").stat().st_size
    pages = sum(p.stat().st_size for p in site.glob("*.html"))
    assert texts < 2.5 * (site / "searchindex.js").stat().st_size and texts < pages / 2, (texts, pages)


@pytest.mark.parametrize("query,first", [("손전화를", "technology.html"), ("smuggled", "foreign-media.html")])
def test_bilingual_edition_searches_both_languages(stick: Path, browser, query: str, first: str) -> None:
    found = pages_found(browser, stick / "en-ko", query)
    assert found and first in found[:3], found
