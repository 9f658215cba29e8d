// Builds the library (ESM + CommonJS + .d.ts) and the CLI. The grammar is compiled first by `npm run generate`.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

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
