// Builds the library (ESM + CommonJS + .d.ts) and the CLI. The grammar is compiled first by `npm run generate`.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // The client shares no code with the library, so the ESM build splits off no common chunk.
    entry: { index: 'src/index.ts', client: 'src/client/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
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
