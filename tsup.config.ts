// Builds the library (ESM + CommonJS + .d.ts) and the CLI. The grammar is compiled first by `npm run generate`.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// dist/index.js is one chunk, so a user's bundler drops unused code statement by statement (sideEffects: false
// drops whole files only): every top-level statement it cannot prove free of effects is kept, with all it
// reaches. The generated parser's tables are calls (`peg$literalExpectation(…)`, `new Set(…)`) that would keep
// the parser in every bundle, even one that never parses; they are pure, and marked so here, as peggy does not.
const markGeneratedCallsPure: Plugin = {
  name: 'mark-generated-calls-pure',
  setup(build) {
    build.onLoad({ filter: /[\\/]generated[\\/]filter-parser\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      // Only on the lines that start a top-level declaration (a call inside a function runs when called), and only
      // calls of peggy's helpers and of Set and Map, which no literal text of the grammar spells.
      const contents = source.replace(/^(?:const|let|var) [\w$]+ = .*$/gm, (line) =>
        line.replace(/(?<=[=(,] ?)((?:new )?(?:peg\$\w+|Set|Map))\(/g, '/* @__PURE__ */ $1('),
      );
      return { contents, loader: 'js' };
    });
  },
};

export default defineConfig([
  {
    // The server entry shares the library's code, FilterError above all: both formats split it into a chunk that
    // index and server import, so that `instanceof FilterError` holds across `filterby` and `filterby/server`.
    // The client shares nothing with either, so it stays one file.
    entry: { index: 'src/index.ts', client: 'src/client/index.ts', server: 'src/server/index.ts' },
    splitting: true,
    format: ['esm', 'cjs'],
    // Declarations built together would be split into a shared file too, moving the library's own out of
    // index.d.ts; the server's are built on their own below, each type written out where it is used.
    dts: { entry: { index: 'src/index.ts', client: 'src/client/index.ts' } },
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    // postgresSource imports pg when asked for; it is the user's to install, never bundled.
    external: ['pg'],
    // (Not esbuild's `pure: ['Object.freeze']`: it marks every call, and a minifier would then drop the
    // `Object.freeze(schema);` whose result goes unused.)
    esbuildPlugins: [markGeneratedCallsPure],
  },
  {
    entry: { server: 'src/server/index.ts' },
    format: ['esm', 'cjs'],
    dts: { only: true },
    target: 'es2022',
    platform: 'neutral',
    external: ['pg'],
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    // Keep `node:fs` as written: the prefix says it is a built-in, never a package from the registry.
    removeNodeProtocol: false,
    define: { __FILTERBY_VERSION__: JSON.stringify(version) },
    // `serve --database-url` imports pg when asked for; it is the user's to install, never bundled.
    external: ['pg'],
  },
]);
