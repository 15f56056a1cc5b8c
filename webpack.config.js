// Builds the demo site (www/) from the npm package in pkg/, the way a site's
// own bundler would: `import { init } from 'consentry'` in the first bundle.
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyStatic = require('./scripts/copy-static.cjs');

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
    new CopyStatic(['www/demo.css']),
  ],
};
