/* Dalbit: keep the #anchor when switching language, so the reader lands on
   the same section. Section ids are the same in every edition. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-dalbit-switch]");
  if (link && window.location.hash) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
  }
});
