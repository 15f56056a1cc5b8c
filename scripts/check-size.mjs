#!/usr/bin/env node
// Fails when the built bundle grows past its guard in size-budget.json
// (gzip level 9, the same measure as the benchmark). Run by scripts/test.sh.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'));
let failed = false;
for (const [name, b] of Object.entries(budget)) {
  if (name.startsWith('_')) continue;
  // A `*` stands for a content hash or a language code in a file name;
  // every file that matches is checked.
  const pattern = new RegExp('^' + name.replace(/[.]/g, '\\.').replace(/\*/g, '[0-9a-z]+') + '$');
  const files = readdirSync(join(root, 'pkg')).filter((f) => pattern.test(f));
  if (!files.length) { console.error(`FAIL no file ${name} in pkg/`); failed = true; continue; }
  let overHere = false;
  for (const file of files) {
    const gz = gzipSync(readFileSync(join(root, 'pkg', file)), { level: 9 }).length;
    const over = gz > b.guard;
    overHere ||= over;
    const target = b.target ? `, target ${b.target} B ${gz <= b.target ? 'met' : 'not met'}` : '';
    if (over || files.length === 1) console.log(`${over ? 'FAIL' : 'ok  '} ${file}: ${gz} B gzip (guard ${b.guard} B${target})`);
  }
  failed ||= overHere;
  if (files.length > 1 && !overHere) console.log(`ok   ${name}: ${files.length} files, each within ${b.guard} B gzip`);
}
if (failed) {
  console.error('A bundle grew past its guard in size-budget.json. Find where the bytes went (node scripts/size-report.mjs, or twiggy top target/wasm32-unknown-unknown/release/consentry.wasm) before raising it.');
  process.exit(1);
}
