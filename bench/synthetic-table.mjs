// A synthetic vendor table for measuring growth (bench/run.mjs, section
// "growth"): the vendor files (hand-written and generated) plus vendors made
// from real third-party host names that the table does not know yet: the
// hosts HTTP Archive saw that the pinned third-party-web package leaves
// uncategorised (its dist/domain-map.csv, MIT), reduced to their domain, two
// or three to a vendor, written as crate/vendors/generated/ files are (the id
// derived from the first host). Written to a temporary directory, never
// committed: it is a yardstick of size, not a table to ship.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);

const tomls = (dir) => readdirSync(dir).filter((f) => f.endsWith('.toml'));

/** Hosts already in the vendor files (whole hosts and path-rule hosts). */
function tableHosts(dirs) {
  const hosts = new Set();
  for (const dir of dirs) {
    for (const f of tomls(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/"([a-z0-9.-]+\.[a-z]{2,})"/g)) hosts.add(m[1]);
    }
  }
  return hosts;
}

/** `a.b.example.com` -> `example.com` (`example.co.uk` keeps three labels). */
function domainOf(host) {
  const labels = host.split('.');
  const n = labels.length >= 3 && labels[labels.length - 1].length === 2 && labels[labels.length - 2].length <= 3 ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** Whether `host` or a domain above it is in `set`. */
function covered(host, set) {
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) if (set.has(h)) return true;
  return false;
}

/**
 * Writes the table into a new temporary directory and returns its path and
 * how many hosts and vendors it added.
 */
export function syntheticTable(root, hosts = 5000) {
  const vendors = join(root, 'crate', 'vendors');
  const generated = join(vendors, 'generated');
  const dir = mkdtempSync(join(os.tmpdir(), 'consentry-synthetic-'));
  mkdirSync(join(dir, 'generated'));
  for (const f of tomls(vendors)) copyFileSync(join(vendors, f), join(dir, f));
  for (const f of tomls(generated)) copyFileSync(join(generated, f), join(dir, 'generated', f));
  const taken = tableHosts([vendors, generated]);
  const csv = readFileSync(require.resolve('third-party-web/dist/domain-map.csv'), 'utf8');
  const fresh = [];
  const seen = new Set();
  for (const line of csv.split('\n')) {
    if (fresh.length >= hosts) break;
    const [observed, , category] = line.split(',');
    if (category !== 'unknown' || !observed) continue;
    const d = domainOf(observed.toLowerCase().replace(/\.$/, ''));
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) || !/[a-z]/.test(d.split('.').pop()) || seen.has(d) || covered(d, taken)) continue;
    seen.add(d);
    fresh.push(d);
  }
  // Two or three hosts a vendor, as third-party-web's entities average.
  let added = 0;
  for (let i = 0; i < fresh.length; added++) {
    const hs = fresh.slice(i, i + (added % 2 ? 3 : 2));
    i += hs.length;
    const id = hs[0].replace(/\./g, '-');
    writeFileSync(join(dir, 'generated', id + '.toml'), [
      `id = "${id}"`,
      `name = "${hs[0]}"`,
      `company = "${hs[0]}"`,
      'categories = ["marketing"]',
      'why = "Synthetic vendor for the size benchmark."',
      `hosts = [${hs.map((h) => `"${h}"`).join(', ')}]`,
      '',
    ].join('\n'));
  }
  return { dir, hosts: fresh.length, vendors: added };
}
