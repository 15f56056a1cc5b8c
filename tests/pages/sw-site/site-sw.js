// The site's own service worker: an offline cache, plus Consentry's guard.
importScripts('/consentry-sw.js');

const CACHE = 'site-offline-v1';
self.addEventListener('install', (e) => {
  self.skipWaiting();
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(['/sw-site/offline.txt'])));
});
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  // The guard first: true means it answered this request.
  if (self.consentry.guard(event)) return;
  if (new URL(event.request.url).pathname === '/sw-site/offline.txt') {
    event.respondWith(caches.match(event.request).then((r) => r || fetch(event.request)));
  }
});
