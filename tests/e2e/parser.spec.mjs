// Tags written in the page's HTML (parser-inserted), untagged.
import { test, expect, ranAtLeast, settle } from './fixtures.mjs';

const VENDORS = ['googletagmanager.com', 'cloudfront.net', 'licdn.com', 'bing.com', 'youtube.com', 'youtube-nocookie.com', 'linkedin.com'];

test('parsed vendor tags never run before consent; first-party and unknown scripts do', async ({ page, site }) => {
  await site.goto('/parser.html');
  await settle(page);
  expect(await site.ran()).toEqual(['inline-first-party', 'first-party', 'unknown-third-party']);
  // Untagged static markup is fetched before any script can react: the
  // speculative preload scanner fetches scripts and images, and the parser
  // starts a frame's navigation as it inserts it. This is the browser limit
  // that `consentry rewrite` closes. Record exactly what went out, so a
  // change in the browser is noticed: at most one request per static tag,
  // and nothing from the hand-tagged frame.
  const before = site.requestsTo(VENDORS).map((r) => r.url);
  for (const u of before) {
    expect(u, 'only the untagged static tags themselves').toMatch(/gtag\/js|clevertap\.min\.js|insight\.min\.js|bat\.js|collect\?pid=1|youtube\.com\/embed\/xyz/);
  }
  expect(new Set(before).size, 'no tag fetched twice').toBe(before.length);
  expect(before.filter((u) => u.includes('youtube-nocookie')), 'tagged markup is never fetched').toEqual([]);
  expect(site.requestsTo(['unknown-tracker.example']), 'tagged markup is never fetched').toEqual([]);
  // The frame was stopped: it shows an empty document, not the vendor's.
  const frameUrls = page.frames().slice(1).map((f) => f.url());
  expect(frameUrls.filter((u) => u.includes('youtube'))).toEqual([]);
  const held = await page.evaluate(() => Consentry.held().map((h) => h.vendor || h.kind));
  expect(held).toEqual(expect.arrayContaining(['google-analytics', 'clevertap', 'linkedin-insight', 'microsoft-uet', 'youtube']));
});

test('after acceptAll, held tags run exactly once, in document order', async ({ page, site }) => {
  await site.goto('/parser.html');
  await settle(page);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(page, 9);
  await settle(page, 300);
  const ran = await site.ran();
  const released = ran.slice(3);
  // Ordered scripts keep document order; the async LinkedIn tag may land anywhere.
  expect(released.filter((x) => x !== 'linkedin')).toEqual(['ga', 'clevertap', 'uet', 'tagged-external', 'tagged-inline']);
  expect(released.filter((x) => x === 'linkedin')).toHaveLength(1);
  expect(ran.filter((x) => x === 'first-party')).toHaveLength(1);
  // Frames and the tagged image load once each after consent.
  const frames = site.requestsTo(['youtube.com', 'youtube-nocookie.com'], 'consent').filter((r) => r.type === 'document');
  expect(frames).toHaveLength(2);
  expect(site.requestsTo(['pixel.unknown-tracker.example'], 'consent')).toHaveLength(1);
  expect(await page.evaluate(() => Consentry.held().length)).toBe(0);
});

test('a vendor script parsed inside inline SVG is held, and on release keeps document order though it cannot be made async = false', async ({ page, site }) => {
  await site.goto('/parser-svg.html');
  await settle(page);
  expect(await site.ran()).toEqual([]);
  // As with the HTML tags above, the static tag itself may be fetched once
  // by the browser's speculative parsing (closed by `consentry rewrite`), but
  // it never runs.
  expect(site.requestsTo(['googletagmanager.com']).length).toBeLessThanOrEqual(1);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(page, 3);
  await settle(page, 200);
  // The SVG script answers 300 ms late: the scripts after it still wait for it.
  expect(await site.ran()).toEqual(['svg-ga', 'uet', 'tagged-inline']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('partial consent: only analytics releases Google Analytics, not CleverTap or LinkedIn', async ({ page, site }) => {
  await site.goto('/parser.html');
  await settle(page);
  site.mark('consent');
  await page.evaluate(() => Consentry.accept(['analytics']));
  await ranAtLeast(page, 5);
  await settle(page, 300);
  const ran = (await site.ran()).slice(3);
  expect(ran).toEqual(['ga', 'tagged-inline']);
  const after = site.requestsTo(['cloudfront.net', 'licdn.com', 'linkedin.com', 'bing.com', 'youtube.com'], 'consent');
  expect(after).toEqual([]);
  const held = await page.evaluate(() => Consentry.held().map((h) => h.vendor));
  expect(held).toEqual(expect.arrayContaining(['clevertap', 'linkedin-insight', 'microsoft-uet']));
  expect(held).not.toContain('google-analytics');
});

test('document.write in pieces: the page is built exactly as without Consentry', async ({ page, site }) => {
  const snapshot = () => page.evaluate(() => document.getElementById('out').innerHTML.replace(/\s+/g, ' '));
  await site.goto('/write-pieces.html?native=1');
  const native = await snapshot();
  await site.goto('/write-pieces.html');
  expect(await page.evaluate(() => typeof window.Consentry)).toBe('object');
  const ours = await snapshot();
  expect(ours).toEqual(native);
  // And the pieces went where they should (the comparison alone would pass
  // if both were wrong the same way).
  expect(await page.evaluate(() => [
    document.getElementById('w1').className, document.getElementById('w2').title, document.getElementById('w3').textContent,
    document.getElementById('w4').value, document.getElementById('w5').nextElementSibling.id, document.getElementById('w7').textContent,
    document.getElementById('w9').namespaceURI,
  ])).toEqual(['a b', 't', 'three', 'inside <b>not bold</b>', 'w6', 'C', 'http://www.w3.org/2000/svg']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('vendor scripts in declarative shadow roots the parser builds (nested too) never run before consent; listed by held() and released once, in document order', async ({ page, site, engine }) => {
  await site.goto('/shadow-dsd.html');
  await settle(page, 300);
  // The first-party script inside the root runs as written.
  expect(await site.ran()).toEqual(['first-before', 'first-in-root', 'first-after']);
  // As for static markup in the light DOM, the preload scanner may have
  // fetched each tag once (consentry rewrite closes that: see
  // rewrite-static.spec.mjs); none twice. Firefox sometimes fetches a static
  // image twice (its speculative load, then the parser's own), both before
  // any script can act; never a script.
  const twiceOk = (r) => engine === 'firefox' && r.type === 'image';
  const before = site.requestsTo(['bing.com', 'linkedin.com']).filter((r) => !twiceOk(r)).map((r) => r.url);
  expect(new Set(before).size, 'no tag fetched twice').toBe(before.length);
  const images = site.requestsTo(['bing.com', 'linkedin.com']).filter(twiceOk).map((r) => r.url);
  expect(images.length, 'a static image at most twice').toBeLessThanOrEqual(2 * new Set(images).size);
  expect(await page.evaluate(() => Consentry.held().filter((h) => h.kind === 'script').map((h) => new URL(h.url).searchParams.get('t'))))
    .toEqual(['dsd-script-1', 'dsd-script-2', 'light-script-3']);
  await page.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(page, 6);
  await settle(page, 300);
  expect(await site.ran()).toEqual(['first-before', 'first-in-root', 'first-after', 'dsd-script-1', 'dsd-script-2', 'light-script-3']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

test('a parsed <iframe srcdoc> whose document loads a vendor is held whole, then loads once on consent; one without a vendor is untouched', async ({ page, site }) => {
  const hosts = ['bing.com', 'linkedin.com'];
  await site.goto('/srcdoc.html');
  await settle(page, 500);
  expect(site.requestsTo(hosts), 'no vendor request before consent').toEqual([]);
  expect(await site.ran()).toEqual(['srcdoc-first-party']);
  expect(await page.evaluate(() => Consentry.held().map((h) => [h.kind, h.vendor, h.categories]))).toEqual([['iframe', 'microsoft-uet', ['marketing']]]);
  site.mark('consent');
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(() => site.requestsTo(hosts, 'consent').length).toBe(2);
  await settle(page, 300);
  expect(site.requestsTo(hosts, 'consent').map((r) => r.type).sort()).toEqual(['image', 'script']);
  expect(await page.evaluate(() => document.getElementById('vendor').contentDocument.querySelector('p').textContent)).toBe('inside');
  expect(await page.evaluate(() => document.getElementById('vendor').contentWindow.__ran)).toEqual(['srcdoc-script']);
  expect(await site.ran(), 'the first-party frame ran once').toEqual(['srcdoc-first-party']);
});
