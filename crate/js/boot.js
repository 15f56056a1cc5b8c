// Consentry bootstrap (stage 1), shared by the script tags
// (consentry.global.js, consentry.headless.global.js) and the npm package
// (index.js). It instantiates the inlined wasm module synchronously, so the
// hooks are in place before the parser reaches the next tag, hands the
// configuration to Rust, and tells the shim how to load the consent
// interface (stage 2) when Rust asks for it. Nothing else happens here.
//
// The imports are rewritten by scripts/build-pkg.mjs: to relative paths
// inside the npm package, to the same files when bundled for the tags.
// `consentry:ui` says where the interface comes from in this build.
import * as glue from 'consentry:glue';
import wasmText, { decoder } from 'consentry:wasm';
import { installFailClosed, internalError, setUi, setCallbacks, loadScript } from 'consentry:shim';
import { ui } from 'consentry:ui';
import { decode } from './decode.js';
import { guardWorker, stopWorker } from './worker.js';

const VERSION = '__CONSENTRY_VERSION__'; // replaced by scripts/build-pkg.mjs
const API = ['acceptAll', 'rejectAll', 'accept', 'acceptVendor', 'rejectVendor', 'showPreferences', 'getConsent', 'held', 'classify', 'vendors', 'version'];
// Calls that need the interface answer with a Promise.
const ASYNC = { showPreferences: false, vendors: [], unregisterServiceWorker: false };

// The modules travel as text (see decode.js); the interface's module is
// decoded by this same function, handed over through setUi.
const decodeModule = (carrier, file) => decode(carrier, file, decoder);

// What the API does when the module could not start: nothing is released,
// and each call says why.
function failedApi(reason) {
  const say = () => { try { console.error('Consentry: not running (' + reason + '); every third-party script, frame, image and request stays held.'); } catch (_) {} };
  const api = {};
  for (const k of API) api[k] = say;
  api.getConsent = () => ({ necessary: true, functional: false, analytics: false, marketing: false, decided: false, vendors: {}, id: null, decidedAt: null, expires: null, revision: 0, failed: true });
  api.held = () => [];
  api.classify = () => null;
  api.version = () => VERSION;
  for (const k in ASYNC) api[k] = () => { say(); return Promise.resolve(ASYNC[k]); };
  return api;
}

// How the shim loads the interface in this build: the npm package's
// import() (bundlers split it into a chunk of its own), or, for the script
// tags, the consentry-ui file beside the script (or at `uiUrl`), checked
// against the integrity hash this build computed for it.
function loader(src, nonce) {
  if (ui.load) return ui.load;
  return () => {
    let url;
    try { url = new URL(glue.uiUrl() || ui.file, src || document.baseURI).href; } catch (e) { return Promise.reject(e); }
    return loadScript(url, ui.integrity, nonce);
  };
}

let api = null;

/**
 * Starts Consentry (once) and returns its API.
 * @param {object|null} config  the ConsentryConfig object
 * @param {Array<[string,string]>} attrs  data- attributes of the script tag
 * @param {string} nonce  the script tag's CSP nonce, if any
 * @param {string} src  the script tag's URL (the interface is beside it)
 */
export function boot(config, attrs, nonce, src) {
  if (api) return api;
  let module;
  try {
    module = new WebAssembly.Module(decodeModule(wasmText, 'consentry.global.js'));
  } catch (e) {
    const csp = e instanceof WebAssembly.CompileError && /Content Security Policy|unsafe-eval|CSP/i.test(String(e && e.message));
    const reason = csp ? "this page's Content-Security-Policy forbids WebAssembly" : e && e.altered ? e.message : 'WebAssembly could not be compiled: ' + e;
    try { console.error(
      'Consentry: ' + reason + '.' +
      (csp ? " Fix: add 'wasm-unsafe-eval' to the script-src directive, e.g. Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'." : '') +
      ' Until then Consentry runs fail-closed: every third-party script, frame, image and request on this page is held, nothing is released, and no banner is shown.'
    ); } catch (_) { /* a page that broke console.error */ }
    installFailClosed();
    api = failedApi(csp ? 'WebAssembly blocked by CSP' : e && e.altered ? 'script altered after build' : 'WebAssembly unavailable');
    return api;
  }
  glue.initSync({ module });
  let json = null;
  // A config that is not plain data (cycles) becomes text the Rust reader
  // rejects, so the console names the problem instead of us throwing.
  try { json = JSON.stringify(config == null ? null : config); } catch (e) { json = '{'; }
  if (ui.headless) attrs = [['ui', 'false'], ...(attrs || [])];
  // What the interface reads and decides through; not part of the page's API.
  const bridge = {
    config: glue.bridgeConfig, state: glue.bridgeState, decide: glue.bridgeDecide, doNotSell: glue.bridgeDoNotSell,
    used: glue.bridgeUsed, table: glue.bridgeTable, tableText: glue.bridgeTableText, getConsent: glue.getConsent,
    held: glue.bridgeHeld, loadOnce: glue.bridgeLoadOnce, loadVendorOnce: glue.bridgeLoadVendorOnce, acceptVendor: glue.acceptVendor,
  };
  // `script` loads the script-tag build's language packs and vendor details
  // (see ui/js/languages.js, details-loader.js) the way the interface itself
  // is loaded; `kind` names the file for the console.
  const script = (url, integrity, kind) => loadScript(url, integrity, nonce || '', kind || 'language file');
  setUi(loader(src, nonce || ''), { bridge, decode: decodeModule, script, version: VERSION });
  // What the hooks call in Rust.
  setCallbacks({
    node: glue.hookNode, tree: glue.hookTree, attr: glue.hookAttr, markup: glue.hookMarkup, written: glue.hookWritten,
    request: glue.hookRequest, clone: glue.hookClone, resume: glue.releaseResume,
    open: glue.pageOpen, dns: glue.pageDoNotSell, parsed: glue.pageParsed,
  });
  // As UTF-8 bytes (see start in crate/src/web/mod.rs).
  if (!glue.start(json === undefined ? undefined : new TextEncoder().encode(json), attrs || [], nonce || '')) {
    // It said why in the console, and runs fail-closed.
    api = failedApi('internal error');
    return api;
  }
  // No exception of ours reaches the page: a call that throws (a trap, or an
  // exception from an object the page passed in, which unwinds through the
  // module and may leave its state half-changed) switches Consentry to
  // fail-closed and answers like the API of a Consentry that is not running.
  const down = failedApi('internal error');
  let broken = false;
  api = {};
  for (const k of API) {
    const f = glue[k];
    api[k] = function () {
      if (!broken) {
        try { return f.apply(null, arguments); } catch (e) { broken = true; internalError(e); }
      }
      return down[k].apply(null, arguments);
    };
  }
  // The service-worker guard (see worker.js): registered, and told the
  // consent state, when the configuration names it.
  try { guardWorker(glue); } catch (e) { internalError(e); }
  api.unregisterServiceWorker = () => {
    try { return stopWorker(glue).catch(() => false); } catch (_) { return Promise.resolve(false); }
  };
  return api;
}
