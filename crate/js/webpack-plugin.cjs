// Consentry's webpack plugin (`consentry/webpack-plugin`).
//
// Why it exists: an untagged vendor <script src>, <img> or <iframe> written in
// a page's HTML is fetched by the browser's preload scanner before any script
// can act. This plugin rewrites every HTML page the build emits so that such
// tags are in held form before they reach the browser, and puts the Consentry
// script tag first in <head>. The rewrite is the Rust core itself, compiled to
// WebAssembly for Node (rewriter/ in the repository, pkg/rewriter/ in the
// package): the same vendor table and decisions as the blocker and the
// `consentry rewrite` CLI. This file only finds the pages and the script's
// URL, and hands strings to Rust.
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const rewriter = require('./rewriter/consentry_rewriter.js');

const NAME = 'ConsentryPlugin';

/** Escapes an attribute value for a double-quoted attribute. */
const attr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;');

class ConsentryPlugin {
  /** @param {import('./webpack-plugin').ConsentryPluginOptions} [options] */
  constructor(options = {}) {
    if ((options.chunk === undefined) === (options.src === undefined)) {
      throw new Error(`${NAME}: give exactly one of \`chunk\` (the entry that starts Consentry) or \`src\` (the URL of consentry.global.js)`);
    }
    this.options = options;
  }

  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const o = this.options;
    const test = o.test || /\.html?$/;
    const config = JSON.stringify(o.config || {});
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      // After html-webpack-plugin (OPTIMIZE_INLINE) has emitted the pages.
      // The service-worker guard, emitted as it was built: it carries its
      // module in a comment that a minifier must not touch.
      if (o.serviceWorker) {
        compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          const name = typeof o.serviceWorker === 'string' ? o.serviceWorker : 'consentry-sw.js';
          const file = fs.readFileSync(path.join(__dirname, 'consentry-sw.js'));
          compilation.emitAsset(name, new sources.RawSource(file), { minimized: true });
        });
      }
      compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, (assets) => {
        for (const issue of rewriter.configIssues(config)) compilation.warnings.push(new WebpackError(`${NAME}: ${issue}`));
        for (const name of Object.keys(assets)) {
          if (!test.test(name)) continue;
          const html = compilation.getAsset(name).source.source().toString();
          try {
            const out = rewriter.rewritePage(html, config, o.base || '', this.scriptTags(compilation, name));
            compilation.updateAsset(name, new sources.RawSource(out));
          } catch (e) {
            compilation.errors.push(new WebpackError(`${NAME}: ${name}: ${e.message || e}`));
          }
        }
      });
    });
  }

  /** The Consentry script tag(s) for the page `page`, with URLs relative to it unless publicPath says otherwise. */
  scriptTags(compilation, page) {
    const extra = Object.entries(this.options.attributes || {}).map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${attr(v)}"`)).join('');
    if (this.options.src !== undefined) return `<script src="${attr(this.options.src)}"${extra}></script>`;
    const entry = compilation.entrypoints.get(this.options.chunk);
    if (!entry) throw new Error(`${NAME}: no entry named "${this.options.chunk}" (entries: ${[...compilation.entrypoints.keys()].join(', ')})`);
    const publicPath = compilation.getAssetPath(compilation.outputOptions.publicPath, { hash: compilation.hash });
    const url = (file) => (publicPath === 'auto' ? path.posix.relative(path.posix.dirname(page), file) : publicPath + file);
    return entry.getFiles().filter((f) => f.endsWith('.js')).map((f) => `<script src="${attr(url(f))}"${extra}></script>`).join('');
  }
}

module.exports = ConsentryPlugin;
module.exports.ConsentryPlugin = ConsentryPlugin;
module.exports.default = ConsentryPlugin;
