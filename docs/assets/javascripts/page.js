// Page lifecycle, loaded first (mkdocs.yml): every other script runs its setup
// through tplPage.onPage. Material's document$ emits on this page and after
// every instant navigation over http(s); over file:// (the offline edition, a
// saved copy) it never emits (measured with Material 9.x): then `fn` runs once
// when the page is ready. `fn` must bear running twice.
//
// Browser target: Chrome 78 / ES2019 syntax (tests/test_browser_target.py).
(function () {
  "use strict";

  if (window.tplPage) return;  // the script may be evaluated twice

  function onPage(fn) {
    var seen = false;
    if (window.document$) window.document$.subscribe(function () { seen = true; fn(); });
    function fallback() { if (!seen) fn(); }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fallback);
    else setTimeout(fallback, 0);
  }

  window.tplPage = { onPage: onPage };
})();
