// The TypeScript types (crate/js/index.d.ts) say what the configuration
// reader accepts and what the API returns; both are written by hand beside
// the Rust that does it, so these tests hold the two together: every field
// the reader knows is declared, every declared field is known, and every
// object the API returns has exactly the declared members.
import { readFileSync } from 'node:fs';
import { test, expect, settle } from './fixtures.mjs';

const DTS = readFileSync(new URL('../../crate/js/index.d.ts', import.meta.url), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\/\/.*$/gm, '');

/** The text between the `{` at `open` and its matching `}`. */
function braced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces in index.d.ts');
}

/** An object type's members: name -> its own members when its type has an object literal, else null. */
function members(body) {
  const out = new Map();
  let depth = 0, start = 0;
  const segments = [];
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '<' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === '>' || c === ')' || c === ']') depth--;
    if (i === body.length || (depth === 0 && (c === ';' || c === '\n'))) {
      segments.push(body.slice(start, i));
      start = i + 1;
    }
  }
  for (const s of segments) {
    const m = /^\s*([A-Za-z_$][\w$]*)\??\s*:([\s\S]*)$/.exec(s);
    if (!m) continue;
    const open = m[2].indexOf('{');
    out.set(m[1], open < 0 ? null : members(braced(m[2], open)));
  }
  return out;
}

/** The members of `export interface name`. */
function iface(name) {
  const at = DTS.indexOf(`export interface ${name} {`);
  if (at < 0) throw new Error(`no interface ${name} in index.d.ts`);
  return members(braced(DTS, DTS.indexOf('{', at)));
}

const sorted = (xs) => [...xs].sort();

test('the configuration: every field the reader knows is declared in ConsentryConfig, and every declared one is known', async ({ page, site }) => {
  const config = iface('ConsentryConfig');
  const vendor = { id: 'acme', categories: ['marketing'], hosts: ['acme.example'] };
  // Each object the reader checks for unknown fields: where it is, a value
  // with one unknown field there, and the declared members.
  const objects = [
    ['', { zzz: 1 }, config],
    ['cookie.', { cookie: { zzz: 1 } }, config.get('cookie')],
    ['consentMode.', { consentMode: { zzz: 1 } }, config.get('consentMode')],
    ['serviceWorker.', { serviceWorker: { zzz: 1 } }, config.get('serviceWorker')],
    ['vendors.', { vendors: { zzz: 1 } }, config.get('vendors')],
    ['vendors.add[0].', { vendors: { add: [{ ...vendor, zzz: 1 }] } }, iface('CustomVendorConfig')],
  ];
  for (const [at, cfg, declared] of objects) {
    expect(declared, at).toBeTruthy();
    site.console.length = 0;
    await site.goto('/banner.html?cfg=' + encodeURIComponent(JSON.stringify(cfg)));
    await settle(page);
    const prefix = `Consentry config: ${at}zzz: unknown field; known fields are `;
    const said = site.console.map((c) => c.text).find((t) => t.startsWith(prefix));
    expect(said, `the reader names the fields of ${at || 'the configuration'}`).toBeTruthy();
    expect(sorted(said.slice(prefix.length).split(', ')), `index.d.ts declares the fields of ${at || 'ConsentryConfig'}`).toEqual(sorted(declared.keys()));
  }
});

test('the API: getConsent(), held(), classify() and vendors() return exactly the members their types declare', async ({ page, site }) => {
  await site.goto('/banner.html');
  await settle(page);
  const got = await page.evaluate(async () => {
    const v = (await Consentry.vendors()).find((x) => x.id === 'linkedin-insight');
    return {
      consent: Object.keys(Consentry.getConsent()),
      held: Object.keys(Consentry.held()[0]),
      classification: Object.keys(Consentry.classify('https://connect.facebook.net/en_US/fbevents.js')),
      vendor: Object.keys(v),
      cookie: Object.keys(v.cookies[0]),
      storage: Object.keys((await Consentry.vendors()).find((x) => x.storage.length).storage[0]),
    };
  });
  // `failed` is there only when Consentry could not start.
  expect(sorted(got.consent)).toEqual(sorted([...iface('ConsentState').keys()].filter((k) => k !== 'failed')));
  expect(sorted(got.held)).toEqual(sorted(iface('HeldItem').keys()));
  expect(sorted(got.classification)).toEqual(sorted(iface('Classification').keys()));
  expect(sorted(got.vendor)).toEqual(sorted(iface('Vendor').keys()));
  expect(sorted(got.cookie)).toEqual(sorted(iface('VendorCookie').keys()));
  expect(sorted(got.storage)).toEqual(sorted(iface('VendorStorage').keys()));
});
