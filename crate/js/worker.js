// The page's side of the service-worker guard (crate/js/sw.js, served as
// consentry-sw.js): only the browser calls that Rust cannot make itself.
// What to register and what to tell the worker is decided in Rust
// (crate/src/web/worker.rs).
//
// The worker cannot read this page's cookie synchronously, so the page tells
// it the consent state: when it starts, at every decision (consentry:change),
// and whenever a new worker takes control. With its first message to each
// worker it hands over a port through which the worker asks for the state
// again, right before it lets a vendor request of this page go out: a
// request made in the same task as acceptAll() is then allowed, and one
// made right after a withdrawal is held. (A port, not the worker's own
// message channel: that one queues messages until DOMContentLoaded unless
// the page calls startMessages(), which would change what a site's own
// worker code sees.)
//
// Nothing here may throw into the page: a worker that cannot be registered
// is named in the console, and the page stays guarded by stage 1.
export function guardWorker(glue) {
  const container = navigator.serviceWorker;
  const sw = container ? glue.serviceWorker() : undefined;
  if (!sw) return;
  // The configuration goes with a worker's first message only.
  const state = (withConfig) => glue.guardState(!!withConfig);
  const introduce = () => {
    try {
      const w = container.controller;
      if (!w) return;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { try { ch.port1.postMessage(state()); } catch (_) { /* the module stopped: the worker decides alone */ } };
      w.postMessage(state(true), [ch.port2]);
    } catch (_) { /* no controller to tell */ }
  };
  const tell = () => { try { const w = container.controller; if (w) w.postMessage(state()); } catch (_) {} };
  container.addEventListener('controllerchange', introduce);
  addEventListener('consentry:change', tell);
  introduce();
  if (!sw.url) return;
  let url;
  try { url = new URL(sw.url, document.baseURI).href; } catch (_) { return; }
  const say = (what, e) => { try { console.warn('Consentry: the service worker ' + url + ' could not be ' + what + ' (' + e + '). The page stays guarded by consentry.global.js alone; requests it cannot see (import(), workers, CSS) are not held.'); } catch (_) {} };
  if (sw.enabled) {
    container.register(url, sw.scope ? { scope: sw.scope } : undefined).catch((e) => say('registered', e));
  } else {
    unregister(url).catch((e) => say('unregistered', e));
  }
}

/**
 * The kill switch: unregisters the guard's registration at `url` (the
 * configuration's serviceWorker.url), or, when the site's own worker imports
 * the guard, tells that worker to stop holding requests. Resolves to whether
 * anything was switched off.
 */
export function stopWorker(glue) {
  const container = navigator.serviceWorker;
  const sw = container ? glue.serviceWorker() : undefined;
  if (!sw) return Promise.resolve(false);
  const w = container.controller;
  let told = false;
  if (w && !sw.url) {
    w.postMessage(Object.assign(glue.guardState(false), { off: true }));
    told = true;
  }
  if (!sw.url) return Promise.resolve(told);
  return unregister(new URL(sw.url, document.baseURI).href);
}

async function unregister(url) {
  const regs = await navigator.serviceWorker.getRegistrations();
  const ours = regs.filter((r) => [r.active, r.waiting, r.installing].some((w) => w && w.scriptURL === url));
  const done = await Promise.all(ours.map((r) => r.unregister()));
  return done.some(Boolean);
}
