// The start-up probe. bench/run.mjs inlines it as the first script of each
// start-up page, in place of the empty script element that carries
// data-probe="SELECTOR", with BANNER set to that selector (and this file
// must never contain a closing script tag). Every tool is timed the same way:
//
//   t0     this script runs: the page has started, the tool's tag is next
//   t1     the script after the tool's tag runs (set by the page itself):
//          the tool's synchronous start-up is over
//   tdcl   DOMContentLoaded
//   tb     the tool's banner element is in the document (seen by a
//          MutationObserver, in the microtask after its insertion)
//   ta     the tool has applied the consent it found stored (set by the
//          page, from the tool's own signal; see the startup-*.html pages)
//
// With ?stored=1 the server has set the tool's consent cookie (a returning
// visitor who accepted everything): no banner is expected, and the page
// reports 100 ms after load, with whether a banner is visible then (the
// page's window.__shown(): some tools keep a hidden banner element).
//
// When the page is done it keeps the figures in window.__result, and, when
// run as part of a chain (?i=N), posts them to /result and follows the URL
// the server answers with: the next page, on a fresh origin.
window.__t0 = performance.now();
document.addEventListener('DOMContentLoaded', function () { window.__tdcl = performance.now(); });
new MutationObserver(function (records, observer) {
  if (document.querySelector(BANNER)) { window.__tb = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
addEventListener('load', function () {
  // A page that shows no banner (window.__nobanner) reports at once.
  var tries = 0, stored = /[?&]stored=1/.test(location.search) || window.__nobanner;
  var since = function (t) { return t === undefined ? null : t - window.__t0; };
  (function report() {
    if (stored ? tries++ < 10 : window.__tb === undefined && tries++ < 200) return setTimeout(report, 10);
    var r = { sync: window.__t1 - window.__t0, dcl: window.__tdcl - window.__t0, banner: since(window.__tb), applied: since(window.__ta) };
    if (stored) r.shown = window.__shown ? window.__shown() : r.banner !== null;
    window.__result = r;
    if (!/[?&]i=/.test(location.search)) return;
    fetch('/result' + location.search, { method: 'POST', body: JSON.stringify(r) })
      .then(function (res) { return res.text(); })
      .then(function (next) { if (next) location.href = next; });
  })();
});
