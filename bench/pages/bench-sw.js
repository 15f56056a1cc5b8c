// The benchmark's service worker: the guard (consentry-sw.js) imported as a
// site's own worker would, timed. A worker's clock starts when the worker
// does, so performance.now() after importScripts is the guard's start-up
// within the worker's: fetching nothing (the file is in the worker's script
// cache), decoding, compiling and instantiating the module, building the
// host index.
const before = performance.now();
importScripts('/consentry-sw.js');
const startup = performance.now();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

// The cost per request of the decision, in the worker, for `urls` (the
// classification benchmark's: vendors, first-party and unknown CDNs):
// requests the guard leaves alone (no respondWith), and vendor requests
// (decided, then answered). Events are stand-ins with the fields the guard reads.
self.addEventListener('message', (e) => {
  const { urls, rounds } = e.data;
  const untouched = [], held = [];
  const probe = (url) => { let answered = false; self.consentry.guard({ request: { url }, clientId: '', respondWith: () => { answered = true; } }); return answered; };
  for (const u of urls) (probe(u) ? held : untouched).push(u);
  const time = (list) => {
    const t = performance.now();
    for (let r = 0; r < rounds; r++) for (const url of list) self.consentry.guard({ request: { url }, clientId: '', respondWith() {} });
    return ((performance.now() - t) * 1000) / Math.max(1, rounds * list.length);
  };
  e.source.postMessage({ module: self.consentry.startup, startup: startup - before, sinceWorkerStart: startup, untouched: time(untouched), held: time(held), counts: [untouched.length, held.length] });
});
