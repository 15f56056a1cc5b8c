// A synthetic vendor table for measuring growth (bench/run.mjs, section
// "growth"): the built-in vendor files plus vendors made from the pinned
// third-party-web package's entities (real host names, MIT), and further
// hosts of theirs (cdn., px., api. ...) until the table holds `hosts` hosts
// more than the built-in one. Written to a temporary directory, never
// committed: it is a yardstick of size, not a table to ship.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);

/** Hosts already in the built-in vendor files (whole hosts and path-rule hosts). */
function builtinHosts(dir) {
  const hosts = new Set();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.toml'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/"([a-z0-9.-]+\.[a-z]{2,})"/g)) hosts.add(m[1]);
  }
  return hosts;
}

const CATEGORY = { ad: 'marketing', analytics: 'analytics', social: 'marketing', video: 'marketing', 'customer-success': 'functional', 'tag-manager': 'functional' };
const PREFIXES = ['cdn', 'px', 'api', 'static', 'js', 'tag', 'collect', 'sync', 'ads', 'track'];

/**
 * Writes the table into a new temporary directory and returns its path and
 * how many hosts and vendors it added.
 */
export function syntheticTable(root, hosts = 5000) {
  const vendors = join(root, 'crate', 'vendors');
  const dir = mkdtempSync(join(os.tmpdir(), 'consentry-synthetic-'));
  for (const f of readdirSync(vendors).filter((f) => f.endsWith('.toml'))) copyFileSync(join(vendors, f), join(dir, f));
  const taken = builtinHosts(vendors);
  const ids = new Set(readdirSync(vendors).map((f) => f.replace(/\.toml$/, '')));
  const entities = require('third-party-web/dist/entities.json');
  const made = [];
  for (const e of entities) {
    const own = [...new Set((e.domains || []).map((d) => d.replace(/^\*\./, '').toLowerCase()))].filter((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(d) && !taken.has(d));
    if (!own.length) continue;
    let id = 'x-' + e.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
    while (ids.has(id)) id += '-2';
    ids.add(id);
    for (const d of own) taken.add(d);
    made.push({ id, e, hosts: own });
  }
  // More hosts of the same vendors, as their CDNs and endpoints, to reach the count.
  let count = made.reduce((n, v) => n + v.hosts.length, 0);
  for (let round = 0; count < hosts && round < PREFIXES.length; round++) {
    for (const v of made) {
      if (count >= hosts) break;
      const h = PREFIXES[round] + '.' + v.hosts[0];
      if (taken.has(h)) continue;
      taken.add(h);
      v.hosts.push(h);
      count++;
    }
  }
  // Whole hosts only, and at most `hosts` of them.
  let left = hosts;
  let added = 0;
  for (const v of made) {
    if (left <= 0) break;
    const hs = v.hosts.slice(0, left);
    left -= hs.length;
    added++;
    const cat = CATEGORY[v.e.category] || 'marketing';
    const company = (v.e.company || v.e.name).replace(/["\\]/g, '');
    writeFileSync(join(dir, v.id + '.toml'), [
      `id = "${v.id}"`,
      `name = "${v.e.name.replace(/["\\]/g, '')}"`,
      `company = "${company}"`,
      `categories = ["${cat}"]`,
      'why = "Synthetic vendor for the size benchmark."',
      `policy = "https://${hs[0]}/privacy"`,
      `hosts = [${hs.map((h) => `"${h}"`).join(', ')}]`,
      '',
    ].join('\n'));
  }
  return { dir, hosts: hosts - left, vendors: added };
}
