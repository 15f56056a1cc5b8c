// Builds the demo site (www/) from the npm package in pkg/, the way a site's
// own bundler would: `import { init } from 'consentry'` in the first bundle,
// and the package's webpack plugin, which puts that bundle's script tag first
// in <head> and holds the vendors' static tags in the emitted HTML before
// they reach the browser (the preload scanner would fetch them otherwise).
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyStatic = require('./scripts/copy-static.cjs');
// What `require('consentry/webpack-plugin')` gives once the package is installed.
const ConsentryPlugin = require('./pkg/webpack-plugin.cjs');

module.exports = {
  mode: 'production',
  entry: {
    consentry: './www/src/consentry.js',
    panel: './www/src/panel.js',
  },
  output: {
    path: path.resolve(__dirname, 'www/dist'),
    filename: '[name].[contenthash:8].js',
    clean: true,
  },
  resolve: {
    // What `npm install consentry` would give: the package built by `npm run build`.
    alias: { consentry: path.resolve(__dirname, 'pkg') },
  },
  performance: { hints: false },
  // Keep the page's HTML as written: the vendors' snippets stay exactly as
  // they publish them (webpack would otherwise minify HTML assets too).
  optimization: { minimizeOptions: { html: false } },
  plugins: [
    new HtmlWebpackPlugin({ template: './www/index.html', inject: false, minify: false }),
    // `config` would be the site's configuration (as given to init()) if the
    // demo added, re-categorised or exempted vendors; it does not.
    // `serviceWorker`: the plugin also emits the service-worker guard
    // (dist/consentry-sw.js) for a site to register (configuration
    // `serviceWorker: { url }`).
    new ConsentryPlugin({ chunk: 'consentry', serviceWorker: true }),
    new CopyStatic(['www/demo.css']),
  ],
};
