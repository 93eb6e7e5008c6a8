/* Dalbit: keep the #anchor when switching language, so the reader lands on
   the same section (section ids are the same in every edition), and the
   search page's ?q=, so the other edition's search page runs the same query. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-dalbit-switch]");
  if (!link) return;
  var target = link.getAttribute("href").split("#")[0].split("?")[0];
  var query = /(^|\/)search\.html$/.test(target) ? window.location.search : "";
  if (query || window.location.hash) link.setAttribute("href", target + query + window.location.hash);
});
