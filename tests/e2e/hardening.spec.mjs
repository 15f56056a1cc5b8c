// Strict CSP, Trusted Types and hostile pages. Each test writes down the
// behaviour: vendors stay held, released ones run once, and no exception of
// Consentry's reaches the page.
import { test, expect, settle } from './fixtures.mjs';

const STRICT = "script-src 'nonce-n0nce' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";
const ours = (site) => site.console.filter((c) => (c.type === 'error' || c.type === 'pageerror') && /consentry|wasm|Trusted|Content Security/i.test(c.text));

test('strict CSP (nonce, strict-dynamic, wasm-unsafe-eval, no unsafe-inline styles): everything works, nonces kept', async ({ page, site }) => {
  site.headers('/csp-strict.html', { 'content-security-policy': STRICT });
  await site.goto('/csp-strict.html');
  await settle(page);
  expect(ours(site)).toEqual([]);
  expect(await site.ran()).toEqual([]);
  // The banner is styled by its constructed stylesheet (no inline styles needed).
  const banner = page.getByRole('region', { name: 'Your privacy choices' });
  await expect(banner).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('consentry-ui').shadowRoot.querySelector('.banner')).position)).toBe('fixed');
  await expect(page.locator('[data-consentry-policy] .consentry-policy')).toHaveCount(1);
  // The interface (stage 2) was loaded with the page's nonce and its integrity hash.
  expect(await page.evaluate(() => { const s = document.querySelector('script[src*="consentry-ui"]'); return [s.nonce, s.integrity.startsWith('sha384-')]; })).toEqual(['n0nce', true]);
  // So were the vendor details, which the page's cookie policy needed.
  expect(await page.evaluate(() => { const s = document.querySelector('script[src*="consentry-details"]'); return [s.nonce, s.integrity.startsWith('sha384-')]; })).toEqual(['n0nce', true]);
  site.mark('consent');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => site.ran()).toEqual(['ga-static', 'uet-dynamic', 'tagged-inline']);
  await settle(page, 300);
  // A parsed tag without the nonce stays refused: releasing it must not
  // turn it into a script that 'strict-dynamic' would allow.
  expect(await site.ran()).toEqual(['ga-static', 'uet-dynamic', 'tagged-inline']);
  expect(site.requestsTo(['bat.bing.com'], 'consent').map((r) => r.url)).toEqual(['https://bat.bing.com/bat.js?t=uet-dynamic']);
  expect(await page.evaluate(() => document.querySelector('script[src*="ga-static"]').nonce)).toBe('n0nce');
  expect(ours(site)).toEqual([]);
});

test('Trusted Types enforced: held and released through our own policy, the page keeps its own', async ({ page, site }) => {
  site.headers('/trusted-types.html', { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types page consentry" });
  await site.goto('/trusted-types.html');
  await settle(page);
  expect(ours(site)).toEqual([]);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
  expect(await site.ran()).toEqual(['first-party']);
  expect(site.requestsTo(['px.ads.linkedin.com', 'bat.bing.com', 'unknown-tracker.example'])).toEqual([]);
  expect(await page.locator('#mine').textContent()).toBe('mine');
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['first-party', 'tt-klaro', 'tt-script']);
  await expect.poll(() => site.requestsTo(['px.ads.linkedin.com']).length).toBe(1);
  expect(ours(site)).toEqual([]);
  // The page's policy still works.
  expect(await page.evaluate(() => { document.getElementById('box').innerHTML = window.__own.createHTML('<i id=again>ok</i>'); return document.getElementById('again').textContent; })).toBe('ok');
});

test('Trusted Types without our policy allowed: a clear message, vendors stay held, no exception', async ({ page, site }) => {
  site.headers('/trusted-types.html', { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types page" });
  await site.goto('/trusted-types.html');
  await settle(page);
  expect(site.console.some((c) => c.type === 'error' && c.text.includes("does not allow the policy 'consentry'"))).toBe(true);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
  expect(site.requestsTo(['bat.bing.com', 'unknown-tracker.example'])).toEqual([]);
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['first-party', 'tt-script']);
  expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
});

for (const h of ['before', 'after', 'freeze-before', 'freeze-after']) {
  test(`hostile page (${h}): vendors held, then released once in order; no error of ours`, async ({ page, site }) => {
    await site.goto(`/hostile.html?h=${h}`);
    await settle(page);
    expect(site.requestsTo(['bat.bing.com', 'px.ads.linkedin.com'])).toEqual([]);
    expect(await page.evaluate(() => window.__pageErrors)).toEqual([]);
    expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
    if (h === 'before' || h === 'after') expect(await page.evaluate(() => window.__calls)).toBeGreaterThan(0);
    await page.evaluate(() => Consentry.acceptAll());
    await expect.poll(() => site.ran()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    await expect.poll(() => site.requestsTo(['px.ads.linkedin.com']).length).toBe(1);
    expect(site.console.filter((c) => c.type === 'pageerror')).toEqual([]);
  });
}

test('hostile page that throws from its own hooks, listeners and timers: its errors are its own, vendors held', async ({ page, site }) => {
  await site.goto('/hostile.html?h=throw');
  await settle(page);
  expect(site.requestsTo(['bat.bing.com', 'px.ads.linkedin.com'])).toEqual([]);
  // The page's third appendChild threw in its own hook: v3 was never inserted.
  expect(await page.evaluate(() => window.__pageErrors)).toEqual(['caught: page hook says no']);
  const r = await page.evaluate(() => { try { Consentry.acceptAll(); return 'returned'; } catch (e) { return 'threw ' + e; } });
  expect(r).toBe('returned');
  await expect.poll(() => site.ran()).toEqual(['v1', 'v2', 'v4', 'v5']);
  // A click anywhere goes through our click listener, which uses no page method.
  await page.mouse.click(5, 5);
  const errors = await page.evaluate(() => window.__pageErrors);
  expect(errors.filter((e) => !/page hook says no|hostile listener/.test(e))).toEqual([]);
  // The Consent Mode update the broken dataLayer refused is named in the console, nothing else.
  expect(ours(site).map((c) => c.text)).toEqual([expect.stringMatching(/^Consentry: window\.dataLayer\.push threw, so this Consent Mode consent \(update\) did not reach Google tags: Error: hostile dataLayer/)]);
});

test('hostile page that breaks the console, the clock, randomness and event constructors: no exception of ours, consent still recorded and applied', async ({ page, site }) => {
  await site.goto('/hostile.html?h=throw-platform');
  await settle(page);
  expect(site.requestsTo(['bat.bing.com', 'px.ads.linkedin.com', 'hotjar.com'])).toEqual([]);
  expect(await page.evaluate(() => window.__wsState())).toBe(3);
  const r = await page.evaluate(() => {
    const out = [];
    for (const k of ['acceptAll', 'getConsent', 'held', 'showPreferences']) {
      try { Consentry[k](); out.push(k); } catch (e) { out.push(k + ' threw ' + e); }
    }
    return out;
  });
  expect(r).toEqual(['acceptAll', 'getConsent', 'held', 'showPreferences']);
  await expect.poll(() => site.ran()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  const c = await page.evaluate(() => Consentry.getConsent());
  expect([c.decided, !c.failed, typeof c.id, c.decidedAt > 1.7e9]).toEqual([true, true, 'string', true]);
  expect(await page.evaluate(() => window.__pageErrors)).toEqual([]);
  expect(site.console.filter((m) => m.type === 'pageerror')).toEqual([]);
});

test('same-origin paths skip the wasm call, but URL tricks and a <base> do not', async ({ page, site }) => {
  await site.goto('/release.html');
  await page.evaluate(() => {
    const img = (src) => { const i = new Image(); i.src = src; document.body.appendChild(i); };
    img('/local.gif');
    img('//px.ads.linkedin.com/collect?pid=1&t=proto-relative');
    img('/\t/px.ads.linkedin.com/collect?pid=1&t=tab');
    img('/\\px.ads.linkedin.com/collect?pid=1&t=backslash');
    // A vendor's host as the base URL is held like any vendor URL: relative
    // URLs (and the image above, which the browser would re-resolve) stay here.
    const base = document.createElement('base');
    base.href = 'https://px.ads.linkedin.com/';
    document.head.appendChild(base);
    img('/collect?pid=1&t=base');
  });
  await settle(page);
  expect(site.requestsTo(['px.ads.linkedin.com'])).toEqual([]);
  expect(site.requestsTo(['site.test']).filter((r) => /local\.gif|t=base/.test(r.url)).map((r) => new URL(r.url).pathname)).toEqual(['/local.gif', '/collect']);
  expect(await page.evaluate(() => Consentry.held().map((h) => h.kind).sort())).toEqual(['base', 'img', 'img', 'img']);
  // A base on another, unknown origin is not held; URLs relative to it are
  // classified against it, as the browser resolves them.
  await page.evaluate(() => {
    document.querySelector('base').remove();
    const other = document.createElement('base'); other.href = 'https://cdn.unknown-lib.example/';
    document.head.appendChild(other);
    const s = document.createElement('script'); s.src = 'bat.js?t=relative-to-base'; document.head.appendChild(s);
  });
  await settle(page);
  expect(await site.ran()).toEqual(['relative-to-base']);
});

test('first-party scripts are inserted without a call into wasm; protocol-relative, hand-tagged and held ones are still decided', async ({ page, site }) => {
  await site.goto('/release.html');
  await page.evaluate(() => {
    const script = (src, attrs = {}) => {
      const s = document.createElement('script');
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
      s.src = src;
      document.head.appendChild(s);
      return s;
    };
    script('/first-party.js?t=own');
    script('//www.googletagmanager.com/gtag/js?id=G-1&t=proto-relative');
    // Hand-tagged: held although its URL is on this origin.
    script('/first-party.js?t=tagged', { type: 'text/plain', 'data-category': 'analytics' });
    // A held script moved elsewhere keeps being held.
    const held = script('https://connect.facebook.net/en_US/fbevents.js?t=moved');
    document.body.appendChild(held);
  });
  await expect.poll(() => site.ran()).toEqual(['first-party']);
  await settle(page, 300);
  expect(await site.ran()).toEqual(['first-party']);
  expect(site.requestsTo(['googletagmanager.com', 'facebook.net'])).toEqual([]);
  expect(site.requestsTo(['site.test']).filter((r) => r.url.includes('first-party.js')).map((r) => new URL(r.url).searchParams.get('t'))).toEqual(['own']);
  expect(await page.evaluate(() => Consentry.held().length)).toBe(3);
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).slice().sort()).toEqual(['first-party', 'first-party', 'moved', 'proto-relative']);
  await settle(page, 300);
  expect((await site.ran()).length).toBe(4);
});
