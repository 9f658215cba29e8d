// The playground's files for a Node server: `playgroundResponse(pathname)` answers `/`, the page's script, style
// and icon, and `/filterby.js` (the library's own platform-neutral ESM build, dist/index.js), all read from dist/.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a server sends for one playground path. */
export interface PlaygroundResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The paths the playground answers, and the file in dist/ behind each. */
const assetFiles: Readonly<Record<string, { readonly file: string; readonly contentType: string }>> = {
  '/': { file: 'playground/index.html', contentType: 'text/html; charset=utf-8' },
  '/index.html': { file: 'playground/index.html', contentType: 'text/html; charset=utf-8' },
  '/playground.js': { file: 'playground/playground.js', contentType: 'text/javascript; charset=utf-8' },
  '/playground.css': { file: 'playground/playground.css', contentType: 'text/css; charset=utf-8' },
  // A file, not a data: URL, which a Content-Security-Policy of 'self' refuses.
  '/favicon.svg': { file: 'playground/favicon.svg', contentType: 'image/svg+xml' },
  '/filterby.js': { file: 'index.js', contentType: 'text/javascript; charset=utf-8' },
};

/**
 * The response for a playground path, or undefined when the path is not the playground's (the server answers
 * it, usually with a 404). A known path whose file is missing is a 503 saying to run `npm run build`.
 *
 * @example
 * const asset = playgroundResponse(new URL(req.url, 'http://x').pathname);
 * if (asset) { res.writeHead(asset.status, { 'content-type': asset.contentType }); res.end(asset.body); }
 */
export function playgroundResponse(pathname: string): PlaygroundResponse | undefined {
  const asset = Object.hasOwn(assetFiles, pathname) ? assetFiles[pathname] : libraryChunk(pathname);
  if (asset === undefined) return undefined;
  const body = readBuilt(asset.file);
  if (body === undefined) {
    return {
      status: 503,
      contentType: 'text/plain; charset=utf-8',
      body: `The playground is not built (dist/${asset.file} is missing): run \`npm run build\`.\n`,
    };
  }
  return { status: 200, contentType: asset.contentType, body };
}

/** The build directory: dist/ beside this file once bundled into dist/cli.js, ../../dist from src/playground/. */
export function playgroundDistDirectory(): string | undefined {
  const candidates = [new URL('./', import.meta.url), new URL('../../dist/', import.meta.url)];
  const found = candidates.find((url) => existsSync(new URL('playground/index.html', url)));
  return found === undefined ? undefined : fileURLToPath(found);
}

// The files do not change while a server runs; read each once.
const cache = new Map<string, string>();

function readBuilt(file: string): string | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const directory = playgroundDistDirectory();
  if (directory === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(`${directory}${file}`, 'utf8');
  } catch {
    return undefined;
  }
  cache.set(file, text);
  return text;
}

// Should the library build ever be split into chunks (tsup splits ESM when a config has several entries),
// dist/index.js imports them as './chunk-….js', which the browser asks for beside /filterby.js. Serve exactly
// those files, named by dist/index.js itself, and nothing else from dist/.
function libraryChunk(pathname: string): { file: string; contentType: string } | undefined {
  const library = readBuilt('index.js');
  if (library === undefined) return undefined;
  const imported = Array.from(library.matchAll(/\bfrom\s*["']\.\/([\w.-]+\.js)["']/g), (match) => `/${match[1]}`);
  return imported.includes(pathname)
    ? { file: pathname.slice(1), contentType: 'text/javascript; charset=utf-8' }
    : undefined;
}
