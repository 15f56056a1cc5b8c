// A dedicated worker that loads a vendor the way tools that move third-party
// tags into a worker do: importScripts and fetch. It reports what happened.
const t = new URL(self.location.href).searchParams.get('t') || 'worker';
const out = {};
try {
  importScripts('https://www.google-analytics.com/analytics.js?t=' + t + '-import');
  out.importScripts = 'loaded';
} catch (e) {
  out.importScripts = 'failed';
}
fetch('https://www.google-analytics.com/g/collect?t=' + t + '-fetch', { mode: 'no-cors' })
  .then(() => { out.fetch = 'sent'; }, () => { out.fetch = 'failed'; })
  .then(() => self.postMessage(out));
