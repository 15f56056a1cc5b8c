// A tiny webpack plugin: copies static files (the demo's CSS) into the output.
const fs = require('node:fs');
const path = require('node:path');

module.exports = class CopyStatic {
  constructor(files) { this.files = files; }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyStatic', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyStatic', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const f of this.files) {
          const src = path.resolve(compiler.context, f);
          compilation.fileDependencies.add(src);
          compilation.emitAsset(path.basename(f), new compiler.webpack.sources.RawSource(fs.readFileSync(src)));
        }
      });
    });
  }
};
