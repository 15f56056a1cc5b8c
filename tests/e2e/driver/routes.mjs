// What the drivers (./firefox.mjs, ./webkit.mjs) share: the test of a route's
// URL pattern, as Playwright reads it.

/** Playwright's glob (`**` any characters, `*` any but `/`) or a full URL, as a test. */
export function matcher(pattern) {
  if (pattern instanceof RegExp) return (u) => pattern.test(u);
  if (typeof pattern === 'function') return (u) => pattern(new URL(u));
  if (!pattern.includes('*')) return (u) => u === pattern;
  const re = new RegExp('^' + pattern.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*') + '$');
  return (u) => re.test(u);
}
