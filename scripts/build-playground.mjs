// Builds the playground into dist/playground/: the page's script bundled by esbuild with the library left out
// (its `../index.js` import becomes `./filterby.js`, which the server answers with dist/index.js), and the page,
// style and icon copied as they are. Runs after tsup, which empties dist/ first.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'playground');
const output = join(root, 'dist', 'playground');
const library = join(root, 'dist', 'index.js');

// The page runs the library's own browser build, so that build must be one a browser can load: no Node
// built-ins in dist/index.js, nor in a chunk it imports (tsup splits ESM when its config has several entries).
if (!existsSync(library)) throw new Error(`${relative(root, library)} is missing: run tsup before this script`);
const checked = new Set();
const toCheck = [library];
while (toCheck.length > 0) {
  const file = toCheck.pop();
  if (checked.has(file)) continue;
  checked.add(file);
  const text = readFileSync(file, 'utf8');
  const nodeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']node:[^"']*["']/.exec(text);
  if (nodeImport !== null) {
    throw new Error(
      `${relative(root, file)} imports a Node built-in (${nodeImport[0]}); the library must stay platform-neutral`,
    );
  }
  for (const match of text.matchAll(/\bfrom\s*["'](\.\/[\w.-]+\.js)["']/g)) toCheck.push(join(dirname(file), match[1]));
}

/** Resolves the page's one import of the library to the served file; any other import of src/ is a mistake. */
const libraryAsServedFile = {
  name: 'library-as-served-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.path === '../index.js') return { path: './filterby.js', external: true };
      if (args.importer.startsWith(source) && !args.path.startsWith('./')) {
        return {
          errors: [
            { text: `The playground imports ${args.path}; import the library's public API from '../index.js' only` },
          ],
        };
      }
      return undefined;
    });
  },
};

mkdirSync(output, { recursive: true });
await build({
  entryPoints: [join(source, 'page.ts')],
  outfile: join(output, 'playground.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
  plugins: [libraryAsServedFile],
});
for (const file of ['index.html', 'playground.css', 'favicon.svg'])
  copyFileSync(join(source, file), join(output, file));
