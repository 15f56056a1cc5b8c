// The script-tag build's language packs (bundled into consentry-ui.<hash>.js
// by scripts/build-pkg.mjs, which fills in PACKS): each is a classic script
// beside this file, loaded through the blocker's loader with its integrity
// hash (computed at build time, like this file's own in consentry.global.js)
// and the blocker's CSP nonce. It hands { language, texts } to the loader.
const PACKS = __CONSENTRY_LANGUAGE_PACKS__; // { code: [file, integrity] }
// This file's own URL, while it runs (the packs are beside it).
const BASE = (document.currentScript && document.currentScript.src) || document.baseURI;

export function loadLanguage(code, host) {
  const pack = Object.prototype.hasOwnProperty.call(PACKS, code) ? PACKS[code] : null;
  if (!pack) return Promise.reject(new Error('no language file for ' + code + ' in this build'));
  return host.script(new URL(pack[0], BASE).href, pack[1]).then((m) => {
    if (!m || m.language !== code) throw new Error(pack[0] + ' is not the language file for ' + code);
    return m.texts;
  });
}
