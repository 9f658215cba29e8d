// The layers point one way, library ← server ← CLI: read from the import specifiers of the source files, the
// server imports nothing from the CLI, and the library nothing from the server or the CLI.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const outsideLibrary = ['cli', 'cli.ts', 'server', 'client', 'playground'];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What a file's relative imports (static, dynamic, re-exports, type-only) name, as paths from src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = Array.from(text.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g), (match) => match[1]!);
  return specifiers.map((specifier) => relative(src, resolve(dirname(file), specifier)).replaceAll('\\', '/'));
}

/** The imports of `files` that reach into one of `layers` (a folder of src/, or a file such as cli.ts). */
function crossings(files: readonly string[], layers: readonly string[]): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((target) => layers.some((layer) => target === layer || target.startsWith(`${layer}/`)))
      .map((target) => `${relative(src, file)} → ${target}`),
  );
}

test('the check sees an import across layers: the CLI imports the server', () => {
  expect(crossings(sourceFiles(join(src, 'cli')), ['server'])).toContain('cli/serve-command.ts → server/http.js');
});

test('no file under src/server imports from the CLI (src/cli, src/cli.ts)', () => {
  const server = sourceFiles(join(src, 'server'));
  expect(server.length).toBeGreaterThan(0);
  expect(server.flatMap(importsOf)).toContain('index.js');
  expect(crossings(server, ['cli', 'cli.ts'])).toEqual([]);
});

test('the library (src/ but the CLI, server, client and playground) imports nothing from the server or the CLI', () => {
  const library = sourceFiles(src).filter((file) => !outsideLibrary.includes(relative(src, file).split(/[\\/]/)[0]!));
  expect(library.map((file) => relative(src, file))).toContain('engine.ts');
  expect(crossings(library, ['server', 'cli', 'cli.ts'])).toEqual([]);
});

test('filterby/server reaches no node: module, so that it runs in Bun, Deno and Workers: only http.ts does', () => {
  const nodeImports = (file: string) =>
    Array.from(readFileSync(file, 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*['"](node:[^'"]*)['"]/g), (m) => m[1]);
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const target of importsOf(file)) {
      const typescript = join(src, target.replace(/\.js$/, '.ts'));
      visit(existsSync(typescript) ? typescript : join(src, target));
    }
  };
  visit(join(src, 'server', 'index.ts'));
  expect([...reached].map((file) => relative(src, file))).toContain('server/handler.ts');
  expect([...reached].flatMap((file) => nodeImports(file).map((name) => `${relative(src, file)} → ${name}`))).toEqual(
    [],
  );
  expect(nodeImports(join(src, 'server', 'http.ts'))).toContain('node:http');
});
