// Site-operator extensions of the vendor table: added vendors, category
// overrides, exemptions; invalid entries are reported and never weaken
// blocking of the rest.
import { test, expect, settle } from './fixtures.mjs';

test('added, overridden and exempted vendors; invalid entries reported, blocking kept', async ({ page, site }) => {
  await site.goto('/site-config.html');
  await settle(page);
  // Exempted GTM and the unrelated path on the shared host run; the rest is held.
  expect((await site.ran()).sort()).toEqual(['gtm', 'shared-other']);
  expect(site.requestsTo(['px.acme.example', 'px.broken.example', 'www.clarity.ms'])).toEqual([]);
  expect(site.requestsTo(['cdn.shared.example']).map((r) => r.url)).toEqual(['https://cdn.shared.example/other/lib.js?t=shared-other']);
  const errors = site.console.filter((c) => c.type === 'error').map((c) => c.text);
  expect(errors).toEqual(expect.arrayContaining([
    expect.stringMatching(/^Consentry config: vendors\.add\[2\]\.categories\[0\]: expected necessary, functional, analytics or marketing \(got "sales"\)/),
    expect.stringMatching(/^Consentry config: vendors\.add\[2\]\.hosts\[1\]: expected a host name/),
    expect.stringMatching(/vendors\.categories: no vendor "no-such-vendor"/),
    expect.stringMatching(/vendors\.exempt: no vendor "unknown-id"/),
  ]));
  const v = await page.evaluate(async () => ({
    acme: Consentry.classify('https://px.acme.example/x'),
    clarity: Consentry.classify('https://www.clarity.ms/tag/x'),
    gtm: (await Consentry.vendors()).find((x) => x.id === 'google-tag-manager'),
    added: (await Consentry.vendors()).find((x) => x.id === 'acme-pixel'),
    evil: (await Consentry.vendors()).find((x) => x.id === 'evil-link'),
  }));
  expect(v.evil).toMatchObject({ name: 'Evil link', policy: null });
  // A vendor's link is checked as policyUrl is: never a javascript: URL. The
  // consent interface reads the vendors' details, and names the problem.
  expect(site.console.filter((c) => c.type === 'error').map((c) => c.text)).toContainEqual(
    expect.stringMatching(/^Consentry config: vendors\.add\[3\]\.policy: expected an https:\/\/ URL \(got "javascript:alert/));
  expect(v.acme).toMatchObject({ vendor: 'acme-pixel', categories: ['marketing'], held: true });
  expect(v.clarity.categories).toEqual(['marketing']);
  expect(v.gtm.exempt).toBe(true);
  expect(v.added.cookies[0]).toMatchObject({ name: '_acme_', match: 'prefix', retention: '1 year' });
  // The broken vendor (invalid category) is held until every category is granted.
  await page.evaluate(() => Consentry.accept(['functional', 'marketing']));
  await expect.poll(async () => (await site.ran()).sort()).toEqual(['acme', 'acme-widget', 'clarity', 'gtm', 'shared-other']);
  await page.evaluate(() => Consentry.acceptAll());
  await expect.poll(async () => (await site.ran()).includes('broken')).toBe(true);
});
