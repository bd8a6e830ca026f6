// The live card's page, inside a commune's site. Without a host protocol (a plain iframe), its links open in a new
// tab (target="_blank" in the markup). Embedded by WordPress (oEmbed), the frame is sandboxed (allow-scripts only)
// and WordPress passes a secret in the address (#?secret=…): the card then speaks WordPress's embed messages, as
// WordPress's own embeds do. « height »: the frame fits the card at any width (WordPress keeps it within
// 200–1000 px); « link »: WordPress opens the card's link in the whole window, since the sandbox forbids it.
(function () {
  "use strict";
  var match = /[#?&]secret=([A-Za-z0-9]{1,64})/.exec(window.location.hash);
  if (!match || window.parent === window) return;
  var secret = match[1];
  function send(message, value) {
    window.parent.postMessage({ message: message, value: value, secret: secret }, "*");
  }
  var last = 0;
  function height(again) {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (again === true || h !== last) { last = h; send("height", h); }
  }
  // Said as soon as the card is parsed and again once loaded, whatever was said before (as WordPress's own embeds
  // do): a message sent before the host's script listens is lost, and the host's « ready » may come too early too.
  function tell() { height(true); }
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (!link) return;
    e.preventDefault();
    send("link", link.href);
  });
  // WordPress says « ready » when its own script has loaded: answer with the height again.
  window.addEventListener("message", function (e) {
    if (e.source === window.parent && e.data && e.data.message === "ready" && e.data.secret === secret) { tell(); }
  });
  if (window.ResizeObserver) { new ResizeObserver(function () { height(); }).observe(document.documentElement); }
  else { window.addEventListener("resize", function () { height(); }); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", tell); } else { tell(); }
  if (document.readyState !== "complete") { window.addEventListener("load", tell); }
})();
