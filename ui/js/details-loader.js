// The script-tag build's vendor details (bundled into consentry-ui.<hash>.js
// by scripts/build-pkg.mjs, which fills in FILE): a classic script beside
// this file, loaded through the blocker's loader with its integrity hash
// (computed at build time) and the blocker's CSP nonce. It hands over the
// details' text, which the blocker's decoder turns into their bytes.
const FILE = __CONSENTRY_DETAILS_FILE__; // [file, integrity]
// This file's own URL, while it runs (the details are beside it).
const BASE = (document.currentScript && document.currentScript.src) || document.baseURI;

export function loadDetails(host) {
  return host.script(new URL(FILE[0], BASE).href, FILE[1], 'vendor details file').then((m) => {
    if (!m || m.details === undefined) throw new Error(FILE[0] + ' is not the vendor details file of this consentry-ui file');
    return host.decode(m.details, FILE[0]);
  });
}
