/**
 * Dalbit's Korean stemmer for Sphinx's search page.
 *
 * The index holds stems (nouns, verb and adjective stems). A query word keeps
 * its particles and endings (손전화를, 리용하여), so strip the longest suffix that
 * leaves a word the index knows. A word already in the index is left alone,
 * so 국가 is not cut to 국 by the particle 가.
 */
var Stemmer = function () {
  var SUFFIXES = [
    // particles, and particles stacked
    "에서부터", "으로부터", "으로써", "으로서", "에게서", "이라고", "이라는", "에서는", "에서도",
    "으로는", "으로도", "에게는", "까지는", "보다는", "처럼", "마다", "부터", "까지", "보다",
    "에서", "에게", "한테", "으로", "로써", "로서", "로는", "로도", "이나", "이며", "이고", "이다",
    "와의", "과의", "들은", "들을", "들이", "들의", "들과", "들도", "들에",
    "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만", "들", "나", "랑",
    // verb and adjective endings after a stem
    "하였습니다", "하였다", "하였고", "하였으며", "하여서", "하였던", "되였다", "되였고", "되여",
    "합니다", "한다", "하는", "하고", "하며", "하면", "하여", "해서", "했다", "하기", "하게", "하지",
    "한", "할", "함", "된다", "되는", "되고", "되어", "되면", "된",
    "였다", "었다", "았다", "습니다", "ㅂ니다", "는다", "ㄴ다", "면서", "으며", "으면", "어서", "아서",
    "고", "며", "면", "는", "은", "을", "어", "아", "여", "다", "게", "지", "기"
  ];
  SUFFIXES.sort(function (a, b) { return b.length - a.length; });

  function known(word) {
    var index = (typeof Search !== "undefined" && Search._index) ? Search._index : null;
    if (!index) return false;
    return Object.prototype.hasOwnProperty.call(index.terms, word) ||
           Object.prototype.hasOwnProperty.call(index.titleterms, word);
  }

  this.stemWord = function (word) {
    if (!/[\uac00-\ud7a3]/.test(word) || known(word)) return word;
    var fallback = null;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i];
      if (word.length > suffix.length && word.slice(-suffix.length) === suffix) {
        var stem = word.slice(0, -suffix.length);
        if (known(stem)) return stem;
        if (fallback === null) fallback = stem;
      }
    }
    return fallback !== null ? fallback : word;
  };
};
