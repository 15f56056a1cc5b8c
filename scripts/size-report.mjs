#!/usr/bin/env node
// Where the bytes of the wasm module go, by twiggy (part of ./scripts/bench.sh,
// which writes the table into README.md; run alone after `npm run build`).
//
// The shipped module has no names, so the same release build is passed
// through wasm-bindgen and wasm-opt again (the flags of crate/Cargo.toml)
// with names kept (-g): the code and data are the shipped ones byte for
// byte, and twiggy can say whose they are. Code is grouped by module; data is split into the parts the
// build knows it put there (the vendor table, the languages, the banner's
// stylesheet) and the rest (string constants, tables of the standard library).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';

const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const gz = (b) => gzipSync(b, { level: 9 }).length;

function group(name) {
  if (/ externref shim$/.test(name)) return 'exported functions (bodies inlined into wasm-bindgen shims)';
  const m = name.match(/^<?(consentry::(?:core|web)::\w+)/);
  if (m) return m[1];
  if (/^import |^export |__wbindgen|__externref|wasm_bindgen|js_sys|web_sys/.test(name)) return 'wasm-bindgen, js-sys, web-sys';
  if (/^<?&?(?:mut )?(?:core|alloc|std)\b|lol_alloc|dlmalloc/.test(name)) return 'Rust core and alloc (with generic code instantiated for ours), allocator';
  return 'other';
}

/** wasm-pack's wasm-opt flags (crate/Cargo.toml), but those that strip names. */
function shippedOptFlags(root) {
  const toml = readFileSync(join(root, 'crate', 'Cargo.toml'), 'utf8');
  const m = toml.match(/^wasm-opt = \[(.*)\]$/m);
  if (!m) throw new Error('crate/Cargo.toml: no wasm-opt flags for wasm-pack');
  return JSON.parse('[' + m[1] + ']').filter((f) => !f.startsWith('--strip'));
}

/** The newest build output directory of the consentry crate for wasm32. */
function outDir(root) {
  const base = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'build');
  const dirs = readdirSync(base).filter((d) => d.startsWith('consentry-') && existsSync(join(base, d, 'out', 'languages.rs')))
    .map((d) => join(base, d, 'out')).sort((a, b) => statSync(join(b, 'languages.rs')).mtimeMs - statSync(join(a, 'languages.rs')).mtimeMs);
  if (!dirs.length) throw new Error('no wasm32 build of the consentry crate: run `npm run build` first');
  return dirs[0];
}

/** The texts of every built-in language, as the module holds them. */
function languages(file) {
  const src = readFileSync(file, 'utf8');
  const texts = [...src.matchAll(/\("[\w-]+", "(?:[^"\\]|\\.)*", (?:true|false), "((?:[^"\\]|\\.)*)"\)/g)].map((m) => m[1]
    .replace(/\\u\{([0-9a-f]+)\}/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n'));
  return Buffer.from(texts.join(''), 'utf8');
}

export function sizeReport(root) {
  const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'consentry.wasm');
  const tmp = mkdtempSync(join(os.tmpdir(), 'consentry-size-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', tmp, wasm]);
    const opt = join(tmp, 'named.wasm');
    execFileSync(join(root, 'node_modules', '.bin', 'wasm-opt'), [...FEATURES, ...shippedOptFlags(root), '-g', join(tmp, 'consentry_bg.wasm'), '-o', opt]);
    const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '--format', 'json', opt], { maxBuffer: 64 << 20 }).toString());
    let code = 0, data = 0;
    const groups = new Map();
    for (const { name, shallow_size: n } of items) {
      if (/^data segment/.test(name)) { data += n; continue; }
      if (/subsection|^custom section|^type\[|^table\[|^elem\[|^global\[|^memory\[|^Σ|^\.\.\./.test(name) || /^"/.test(name)) continue;
      code += n;
      const g = group(name);
      groups.set(g, (groups.get(g) || 0) + n);
    }
    const out = outDir(root);
    const table = Buffer.concat([readFileSync(join(out, 'vendor_data.bin')), readFileSync(join(out, 'vendor_pool.txt'))]);
    // The host index's arrays, in bytes (u16 slots, 8-byte entries, 12-byte rules, u32 offsets).
    const rs = readFileSync(join(out, 'vendor_table.rs'), 'utf8');
    const len = (name) => Number((rs.match(new RegExp(`static ${name}: \\[\\w+; (\\d+)\\]`)) || [])[1] || 0);
    const index = len('SLOTS') * 2 + len('ENTRIES') * 8 + len('RULES') * 12 + len('VENDOR_AT') * 4;
    const langs = languages(join(out, 'languages.rs'));
    // Two parts of the records, from the vendor files: the privacy-policy
    // links, and the names of the cookies and storage keys (the vendors'
    // notes are not in the module; the CLI and vendors.json carry them).
    const vendorsDir = join(root, 'crate', 'vendors');
    let policies = '', keys = '';
    for (const f of readdirSync(vendorsDir).filter((x) => x.endsWith('.toml'))) {
      const text = readFileSync(join(vendorsDir, f), 'utf8');
      const cut = text.search(/^\[\[/m);
      const head = cut < 0 ? text : text.slice(0, cut), tail = cut < 0 ? '' : text.slice(cut);
      policies += (head.match(/^policy = "([^"]*)"/m) || [])[1] || '';
      for (const m of tail.matchAll(/^name = "((?:[^"\\]|\\.)*)"/gm)) keys += m[1];
    }
    // The stylesheet as the module holds it (minified by build.rs).
    const css = readFileSync(join(out, 'ui.min.css'));
    const shipped = readFileSync(join(root, 'pkg', 'consentry_bg.wasm'));
    const global = readFileSync(join(root, 'pkg', 'consentry.global.js'), 'utf8');
    // The JavaScript of the global script: everything but the inlined module
    // (the `//!` comment that carries it, see classicScript in build-pkg.mjs).
    const stripped = global.replace(/\/\/![^\n]{100000,}\n/, '');
    if (stripped === global) throw new Error('consentry.global.js: the module comment was not found');
    const js = Buffer.from(stripped);
    const kb = (n) => (n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
    const row = (what, raw, z) => `| ${what} | ${kb(raw)} | ${z === undefined ? '' : kb(z)} |`;
    const top = [...groups.entries()].sort((a, b) => b[1] - a[1]);
    const named = top.slice(0, 12), rest = top.slice(12).reduce((s, [, n]) => s + n, 0);
    return [
      '| where the bytes go (wasm by twiggy, then the script around it) | KB | KB gzip alone |',
      '|---|---:|---:|',
      row('**consentry_bg.wasm, as shipped**', shipped.length, gz(shipped)),
      row('code', code),
      ...named.map(([g, n]) => row(`&nbsp;&nbsp;${g.replace(/::/g, '::&#8203;')}`, n)),
      row('&nbsp;&nbsp;the rest of the code', rest),
      row('data', data),
      row('&nbsp;&nbsp;vendor table: records (names, categories, hosts, path rules, cookies and storage keys with retention, policy links) and host pool', table.length, gz(table)),
      row('&nbsp;&nbsp;&nbsp;&nbsp;of which cookie and storage key names', Buffer.byteLength(keys), gz(Buffer.from(keys))),
      row('&nbsp;&nbsp;&nbsp;&nbsp;of which privacy-policy links', Buffer.byteLength(policies), gz(Buffer.from(policies))),
      row('&nbsp;&nbsp;vendor table: host index', index),
      row('&nbsp;&nbsp;languages (11)', langs.length, gz(langs)),
      row('&nbsp;&nbsp;banner and dialog stylesheet', css.length, gz(css)),
      row('&nbsp;&nbsp;other constants (messages, selectors, names)', data - table.length - index - langs.length - css.length),
      row('**JavaScript of consentry.global.js** (bootstrap, shim, wasm-bindgen glue)', js.length, gz(js)),
    ].join('\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(sizeReport(join(dirname(fileURLToPath(import.meta.url)), '..')));
