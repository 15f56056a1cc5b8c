// A page rewritten by `consentry rewrite` (tests/pages/rewrite-static/:
// source.html as written, index.html the CLI's output, kept in sync by
// cli/tests/golden.rs). Untouched, its static vendor tags are fetched by the
// preload scanner before any script runs (parser.spec.mjs records those
// leaks); rewritten, nothing goes out before consent, and everything runs
// exactly once, in document order, after it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, ranAtLeast, settle } from './fixtures.mjs';

const VENDORS = ['googletagmanager.com', 'cloudfront.net', 'licdn.com', 'linkedin.com', 'bing.com', 'clarity.ms', 'youtube.com'];
const page = (f) => readFileSync(new URL(`../pages/rewrite-static/${f}`, import.meta.url), 'utf8');

test('the untouched source leaks through the preload scanner (the baseline this closes)', async ({ page: p, site }) => {
  await site.goto('/rewrite-static/source.html');
  await settle(p);
  expect(site.requestsTo(VENDORS).length, 'static vendor tags are fetched before consent').toBeGreaterThan(0);
});

test('rewritten: zero vendor requests before consent; first-party and unknown scripts run', async ({ page: p, site }) => {
  await site.goto('/rewrite-static/index.html');
  await settle(p, 300);
  expect(site.requestsTo(VENDORS)).toEqual([]);
  expect(await site.ran()).toEqual(['inline-first-party', 'first-party', 'unknown-third-party']);
  const held = await p.evaluate(() => Consentry.held().map((h) => h.vendor || h.kind));
  expect(held).toEqual(expect.arrayContaining(['google-analytics', 'clevertap', 'linkedin-insight', 'microsoft-uet', 'microsoft-clarity', 'youtube']));
});

test('rewritten: after acceptAll every tag runs or loads exactly once, in document order', async ({ page: p, site }) => {
  await site.goto('/rewrite-static/index.html');
  await settle(p);
  site.mark('consent');
  await p.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(p, 9);
  await settle(p, 500);
  const ran = await site.ran();
  expect(ran.slice(0, 3)).toEqual(['inline-first-party', 'first-party', 'unknown-third-party']);
  const released = ran.slice(3);
  // Ordered scripts keep document order; the async LinkedIn tag may land anywhere.
  expect(released.filter((x) => x !== 'linkedin')).toEqual(['ga', 'clevertap', 'uet', 'tagged-inline', 'clarity']);
  expect(released.filter((x) => x === 'linkedin')).toHaveLength(1);
  // One request per script (the preload and the script share one), frame and pixel.
  const after = site.requestsTo(VENDORS, 'consent');
  const count = (re, type) => after.filter((r) => re.test(r.url) && (!type || r.type === type)).length;
  expect(count(/gtag\/js\?id=G-STATIC&t=ga/, 'script')).toBe(1);
  for (const t of ['clevertap', 'linkedin', 'uet', 'clarity']) expect(count(new RegExp(`[?&]t=${t}$`), 'script'), t).toBe(1);
  expect(count(/youtube\.com\/embed\/static/, 'document')).toBe(1);
  expect(count(/pid=1&t=pixel/, 'image')).toBe(1);
  expect(count(/pid=2&t=srcset/, 'image')).toBe(1);
  expect(count(/pid=4&t=svg/, 'image'), 'an SVG <image>').toBe(1);
  expect(count(/t=noscript/), '<noscript> is not parsed when scripts run').toBe(0);
  expect(count(/pid=5&t=rcdata/, 'image'), 'after <textarea name=>').toBe(1);
  expect(count(/pid=6&t=cdata/, 'image'), 'after <svg/><![CDATA[').toBe(1);
  expect(count(/pid=11&t=srcdoc/, 'image'), 'the pixel in a srcdoc frame').toBe(1);
  for (const [pid, t] of [[7, 'named'], [8, 'newline'], [9, 'numeric'], [10, 'script-a']]) {
    expect(count(new RegExp(`pid=${pid}&t=${t}`), 'image'), `a URL written with character references (${t})`).toBe(1);
  }
  expect(site.requestsTo(VENDORS).length, 'nothing before the mark').toBe(after.length);
  // The runtime restored the attributes the rewrite moved.
  expect(await p.locator('#pixel').getAttribute('src')).toBe('https://px.ads.linkedin.com/collect?pid=1&t=pixel');
  expect(await p.locator('#svgpixel').getAttribute('href')).toBe('https://px.ads.linkedin.com/collect?pid=4&t=svg');
  expect(await p.locator('iframe[title=video]').getAttribute('src')).toBe('https://www.youtube.com/embed/static?t=yt');
  expect(await p.evaluate(() => document.querySelector('script[src*=clevertap]').type)).toBe('text/javascript');
  expect(await p.evaluate(() => Consentry.held().length)).toBe(0);
});

test('the Node build of the rewriter (the webpack plugin\'s) gives the CLI\'s output byte for byte', async () => {
  const require = createRequire(import.meta.url);
  const rewriter = require('../../pkg/rewriter/consentry_rewriter.js');
  expect(rewriter.rewrite(page('source.html'), '', '')).toBe(page('index.html'));
});

test('declarative shadow roots, rewritten: zero vendor requests before consent; after acceptAll the open roots\' tags run or load once, in document order', async ({ page: p, site, engine }) => {
  const hosts = ['bing.com', 'linkedin.com'];
  await site.goto('/rewrite-static/shadow.html');
  await settle(p, 300);
  expect(site.requestsTo(hosts)).toEqual([]);
  expect(await site.ran()).toEqual(['first-before', 'first-in-root']);
  site.mark('consent');
  await p.evaluate(() => Consentry.acceptAll());
  await ranAtLeast(p, 5);
  await settle(p, 500);
  expect(await site.ran()).toEqual(['first-before', 'first-in-root', 'dsd-script-1', 'dsd-script-2', 'light-script-3']);
  const after = site.requestsTo(hosts, 'consent').map((r) => new URL(r.url).searchParams.get('t'));
  // Requested in document order too. Not in WebKit, where the order is not
  // observed: its requests reach the test through the driver's proxy, in
  // the order their connections are ready, and even its Resource Timing
  // start times put a later script first at times (seen 1 run in 6). There
  // the order is the run order, checked above, and the log counts them.
  const scripts = after.filter((t) => t !== 'dsd-img');
  expect(engine === 'webkit' ? scripts.sort() : scripts).toEqual(['dsd-script-1', 'dsd-script-2', 'light-script-3']);
  expect(after.filter((t) => t === 'dsd-img')).toHaveLength(1);
  // A closed root is out of every script's reach: held for good (README).
  expect(after).not.toContain('closed-img');
});
