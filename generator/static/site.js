// Small additions to Material, in one file: nothing here is needed to read the site.
// 1. Material's search dialog has no accessible name: screen readers announce an unnamed dialog.
(function () {
  "use strict";
  function name() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Recherche");
  }
  if (document.readyState !== "loading") { name(); } else { document.addEventListener("DOMContentLoaded", name); }
})();

// 2. Filter the directory of communes in place. Without JavaScript the full table stays usable.
(function () {
  "use strict";
  function plain(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’'-]/g, " ").toLowerCase().trim();
  }
  function init() {
    var form = document.querySelector("form.bm-filtre");
    var table = document.querySelector(".bm-annuaire table");
    if (!form || !table || form.dataset.pret) return;
    form.dataset.pret = "1";
    form.hidden = false;
    var nom = form.querySelector("#bm-nom"), epci = form.querySelector("#bm-epci"), dept = form.querySelector("#bm-dept");
    var compte = form.querySelector("#bm-compte");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function update() {
      var q = plain(nom.value), shown = 0;
      rows.forEach(function (row) {
        var ok = (!q || plain(row.cells[0].textContent).indexOf(q) !== -1)
          && (!epci.value || plain(row.cells[1].textContent) === plain(epci.value))
          && (!dept.value || plain(row.cells[2].textContent) === plain(dept.value));
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      compte.textContent = shown === rows.length ? rows.length + " communes"
        : shown + (shown > 1 ? " communes affichées" : " commune affichée") + " sur " + rows.length;
    }
    form.addEventListener("input", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();
