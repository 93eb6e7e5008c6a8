/* Dalbit: Sphinx's search page as a reader opens it, from file:// on a stick.
 *
 * Sphinx fetches every result page to cut a snippet, which a browser forbids
 * on file:// (one console error per result, bare titles). Here its documented
 * switch DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY turns the fetching off, and
 * each result Sphinx lists gets, from searchtexts.js (loaded by <script src>,
 * which file:// allows):
 *  - a snippet around the first word found (stems, so 손전화를 shows 손전화가),
 *  - the section or term it points to after the page title, so two results of
 *    one page never look alike (Search._performSearch is wrapped for that:
 *    Sphinx counts and orders what it returns),
 *  - the stems of the query to highlight on the page it opens, both in
 *    localStorage (as Sphinx does) and as ?highlight= (for browsers that keep
 *    file:// pages apart).
 */
"use strict";

(() => {
  if (typeof Search === "undefined" || typeof DOCUMENTATION_OPTIONS === "undefined") return;
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;

  const CONTEXT = 120; // characters of the snippet before the word, as Sphinx's own snippets
  const LENGTH = 240;

  /* The query's words as the index knows them (stems), and what to highlight. */
  const queryTerms = (query) => {
    const stemmer = new Stemmer();
    const stems = new Set();
    const literals = new Set();
    splitQuery(query.trim()).forEach((word) => {
      const lower = word.toLowerCase();
      if (stopwords.has(lower) || /^\d+$/.test(lower) || lower[0] === "-") return;
      literals.add(lower);
      stems.add(stemmer.stemWord(lower));
    });
    // A stem found inside the typed word marks every form of the word (손전화 in
    // 손전화를, 손전화가); one letter would mark too much, so keep the word then.
    const highlight = new Set([...stems].filter((stem) => stem.length > 1));
    literals.forEach((word) => {
      if (![...highlight].some((stem) => word.includes(stem))) highlight.add(word);
    });
    return { stems: [...stems], highlight: [...highlight] };
  };

  /* The text a result stands for, without its heading (the result's title shows it). */
  const textOf = (docName, anchor) => {
    const texts = typeof DALBIT_SEARCH_TEXTS === "undefined" ? {} : DALBIT_SEARCH_TEXTS;
    const page = Object.prototype.hasOwnProperty.call(texts, docName) ? texts[docName] : null;
    if (!page) return null;
    const has = (id) => Object.prototype.hasOwnProperty.call(page.ids, id);
    const span = anchor && has(anchor) ? page.ids[anchor]
      : Object.values(page.ids).find(([start, , label]) => start === 0 && label) || [0, page.text.length, ""];
    let text = page.text.slice(span[0], span[1]).trim();
    if (span[2] && text.startsWith(span[2]) && text.length > span[2].length) text = text.slice(span[2].length).trim();
    return { text: text, label: anchor && has(anchor) ? span[2] : "" };
  };

  const snippet = (text, stems) => {
    const lower = text.toLowerCase();
    const found = stems.map((stem) => lower.indexOf(stem)).filter((at) => at > -1);
    const at = found.length ? Math.min(...found) : 0;
    let start = Math.max(at - CONTEXT, 0);
    const space = text.indexOf(" ", start); // begin with a whole word
    if (start > 0 && space > -1 && space < at) start = space + 1;
    const paragraph = document.createElement("p");
    paragraph.classList.add("context");
    paragraph.textContent = (start > 0 ? "..." : "") + text.substr(start, LENGTH).trim()
      + (start + LENGTH < text.length ? "..." : "");
    return paragraph;
  };

  let terms = { stems: [], highlight: [] };

  /* The index entries (terms of the glossary, index directives) that a result stands for. */
  const indexEntry = (docName, anchor, queryLower) => {
    const file = Search._index.docnames.indexOf(docName);
    const entries = Object.entries(Search._index.indexentries || {}).filter(([entry, places]) =>
      entry.includes(queryLower) && places.some(([f, id]) => f === file && id === anchor));
    return entries.length ? entries[0][0] : "";
  };

  /* Each result names its section or term after the page title; results that
     would still look alike (an index target at the start of a section) are one. */
  const performSearch = Search._performSearch; // Sphinx 7.3 to 9
  const namedResults = (query, ...rest) => {
    terms = queryTerms(query);
    // Sphinx stored the words as typed; the stems mark every form of them.
    try {
      localStorage.setItem("sphinx_highlight_terms", terms.highlight.join(" "));
    } catch (error) { /* storage off for file://: the links still carry ?highlight= */ }
    const queryLower = query.toLowerCase().trim();
    const seen = new Set();
    return performSearch(query, ...rest).reverse().filter((result) => {
      const [docName, title, anchor, , , , kind] = result;
      const id = anchor.replace(/^#/, "");
      const found = id ? textOf(docName, id) : null;
      const label = (kind === "index" && indexEntry(docName, id, queryLower)) || (found ? found.label : "");
      if (label && !title.includes(label)) result[1] = `${title} > ${label}`;
      const key = `${docName}\n${result[1]}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).reverse(); // best last, as Sphinx shows them
  };
  if (typeof performSearch === "function") Search._performSearch = namedResults;

  const decorate = (item) => {
    const link = item.querySelector("a");
    if (!link || item.querySelector("p.context")) return;
    const url = new URL(link.getAttribute("href"), window.location.href);
    const here = decodeURIComponent(new URL(".", window.location.href).pathname);
    const suffix = DOCUMENTATION_OPTIONS.LINK_SUFFIX || "";
    let docName = decodeURIComponent(url.pathname).slice(here.length); // the link is docName + suffix
    if (suffix && docName.endsWith(suffix)) docName = docName.slice(0, -suffix.length);
    if (terms.highlight.length) {
      url.searchParams.set("highlight", terms.highlight.join(" "));
      link.setAttribute("href", link.getAttribute("href").replace(/^([^?#]*)(\?[^#]*)?/, `$1${url.search}`));
    }
    const found = textOf(docName, decodeURIComponent(url.hash.slice(1)));
    if (found) {
      const paragraph = item.appendChild(snippet(found.text, terms.stems));
      if (typeof _highlightText === "function")
        terms.highlight.forEach((term) => _highlightText(paragraph, term, "highlighted"));
    }
  };

  const watch = () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
      if (node.nodeName === "LI") decorate(node);
    }))).observe(results, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
