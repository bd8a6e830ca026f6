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
    // Every row is shown on load: only the count to write (going through the 92 rows then is a long task on a phone),
    // unless the browser restored values typed before (back button).
    if (nom.value || epci.value || dept.value) { update(); } else { compte.textContent = rows.length + " communes"; }
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();

// 3. « Copier le texte mis en forme »: the preview goes on the clipboard as text/html (and plain
// text), so that a visual editor pastes headings, lists and links, not the HTML source.
(function () {
  "use strict";
  function richCopy(button) {
    var block = button.closest(".tabbed-block");
    var preview = block && block.querySelector(".bm-apercu");
    var status = button.parentNode.querySelector("[role=status]");
    if (!preview) return;
    var copy = preview.cloneNode(true);
    var shift = parseInt(preview.getAttribute("data-decalage") || "0", 10);
    if (shift > 0) {
      // The page shows the text under its own headings; the copy gets its headings back.
      copy.querySelectorAll("h2, h3, h4, h5, h6").forEach(function (h) {
        var level = Math.max(1, parseInt(h.tagName.slice(1), 10) - shift);
        var raised = document.createElement("h" + level);
        raised.innerHTML = h.innerHTML;
        h.replaceWith(raised);
      });
    }
    var html = copy.innerHTML.trim(), text = preview.innerText.trim();
    function done(ok) {
      status.textContent = ok ? "Copié : collez-le dans votre éditeur." : "La copie a échoué : sélectionnez l’aperçu et copiez-le (Ctrl+C).";
    }
    if (navigator.clipboard && window.ClipboardItem) {
      navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      })]).then(function () { done(true); }, function () { done(fallback(preview)); });
    } else {
      done(fallback(preview));
    }
  }
  function fallback(preview) {
    // Older browsers: select the preview and let the browser copy it with its formatting.
    var range = document.createRange(), sel = window.getSelection();
    range.selectNodeContents(preview);
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    sel.removeAllRanges();
    return ok;
  }
  function codeCopy(button) {
    // The code block under the button, exactly as Material's own copy icon takes it.
    var code = button.closest(".tabbed-block").querySelector("pre code");
    var status = button.parentNode.querySelector("[role=status]");
    var text = code ? code.textContent.replace(/\s+$/, "") : "";
    function done(ok) {
      status.textContent = ok ? "Copié : collez-le dans votre site ou votre message." : "La copie a échoué : sélectionnez le texte et copiez-le (Ctrl+C).";
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }
  function titleCopy(button) {
    var status = button.parentNode.querySelector("[role=status]");
    navigator.clipboard.writeText(button.getAttribute("data-copie")).then(
      function () { status.textContent = "Titre copié."; },
      function () { status.textContent = "La copie a échoué : sélectionnez le titre et copiez-le (Ctrl+C)."; });
  }
  function init() {
    document.querySelectorAll(".bm-copie-titre").forEach(function (b) {
      if (b.dataset.pret || !(navigator.clipboard && navigator.clipboard.writeText)) return;
      b.dataset.pret = "1";
      b.hidden = false;
      b.addEventListener("click", function () { titleCopy(this); });
    });
    document.querySelectorAll(".bm-copie-riche, .bm-copie-code").forEach(function (p) {
      if (p.dataset.pret) return;
      p.dataset.pret = "1";
      p.hidden = false;
      var rich = p.classList.contains("bm-copie-riche");
      p.querySelector("button").addEventListener("click", function () { if (rich) { richCopy(this); } else { codeCopy(this); } });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();
