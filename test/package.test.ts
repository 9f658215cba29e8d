// The package as npm ships it: package.json's promises, and the built ESM, CommonJS, types and CLI in dist/.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file: string) => join(root, 'dist', file);

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly type?: string;
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly optionalDependencies?: Record<string, string>;
  readonly sideEffects?: boolean;
  readonly license?: string;
  readonly files?: string[];
  readonly engines?: { readonly node?: string };
  readonly exports?: Record<string, unknown>;
  readonly bin?: Record<string, string>;
}

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

const builtFiles = [
  'index.js',
  'index.cjs',
  'index.d.ts',
  'index.d.cts',
  'server.js',
  'server.cjs',
  'server.d.ts',
  'server.d.cts',
  'cli.js',
];

function readBuilt(file: string): string {
  return readFileSync(dist(file), 'utf8');
}

function requireBuild(): void {
  const missing = builtFiles.filter((file) => !existsSync(dist(file)));
  if (missing.length > 0) {
    throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first (npm test builds before testing)`);
  }
}

/** What a file of the public surface exports, named as index.ts names it. */
const publicNames = [
  'FilterError',
  'and',
  'builders',
  'contains',
  'createRowStore',
  'defaultLimits',
  'defaultTop',
  'defineSchema',
  'dialectNames',
  'dialects',
  'endswith',
  'eq',
  'filter',
  'filterErrorCodes',
  'filterErrorOf',
  'filterFor',
  'ge',
  'gt',
  'inList',
  'le',
  'licenseUsagePath',
  'lt',
  'maxSkip',
  'maxTop',
  'ne',
  'not',
  'or',
  'parseFilter',
  'parseFilterSyntax',
  'parseGroupBy',
  'parseOrderBy',
  'parseQuery',
  'partnerCenter',
  'partnerCenterPaths',
  'printFilter',
  'printGroupBy',
  'printOrderBy',
  'querySchema',
  'runQuery',
  'runQueryAsync',
  'startswith',
  'toCreateIndexes',
  'toCreateTable',
  'toInsert',
  'toJsonSchemaQuerystring',
  'toOpenApiOperation',
  'toOpenApiParameters',
  'toInserts',
  'toKnexRaw',
  'toPredicate',
  'toQueryString',
  'toResponseBody',
  'toSql',
  'toSqlClauses',
  'toSqlCount',
  'toSqlFragment',
  'toSqlWhere',
  'validateFilter',
  'withoutSpans',
];

/** What `filterby/server` exports, types aside. */
const serverNames = [
  'SourceError',
  'createHandler',
  'memorySource',
  'pathsOf',
  'postgresSource',
  'servedPaths',
  'sqlSource',
];

type Library = typeof import('../src/index.js');
type ServerLibrary = typeof import('../src/server/index.js');

const docsExample = "workloadCode eq 'SFB' or (channel eq 'Reseller')";
const docsAst = {
  kind: 'or',
  operands: [
    { kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB' },
    { kind: 'compare', field: 'channel', op: 'eq', value: 'Reseller' },
  ],
};

describe('package.json', () => {
  test('has no runtime dependencies', () => {
    expect(packageJson.dependencies ?? {}).toEqual({});
    // pg is an optional peer: never installed with filterby, loaded by `serve --database-url` alone.
    expect(Object.keys(packageJson.peerDependencies ?? {})).toEqual(['pg']);
    expect(packageJson.peerDependenciesMeta).toEqual({ pg: { optional: true } });
    expect(packageJson.optionalDependencies ?? {}).toEqual({});
  });

  test('is free of side effects, ships only dist, and needs Node 20 or later', () => {
    expect(packageJson.sideEffects).toBe(false);
    expect(packageJson.files).toEqual(['dist']);
    expect(packageJson.engines?.node).toBe('>=20');
    expect(packageJson.type).toBe('module');
  });

  test('names a license whose text ships beside it', () => {
    expect(packageJson.license).toBe('MIT');
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Permission is hereby granted, free of charge');
  });

  test('maps import to ESM and require to CommonJS, each with its types first', () => {
    const entry = packageJson.exports?.['.'] as Record<string, Record<string, string>>;
    expect(entry).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    // TypeScript reads conditions in order: `types` must come before `default` to be seen.
    expect(Object.keys(entry.import ?? {})[0]).toBe('types');
    expect(Object.keys(entry.require ?? {})[0]).toBe('types');
    expect(packageJson.exports?.['./package.json']).toBe('./package.json');
    expect(packageJson.exports?.['./server']).toEqual({
      import: { types: './dist/server.d.ts', default: './dist/server.js' },
      require: { types: './dist/server.d.cts', default: './dist/server.cjs' },
    });
  });

  test('the legacy main, module and types fields agree with the exports map', () => {
    expect(packageJson.main).toBe('./dist/index.cjs');
    expect(packageJson.module).toBe('./dist/index.js');
    expect(packageJson.types).toBe('./dist/index.d.ts');
  });

  test('bin.filterby is dist/cli.js', () => {
    expect(packageJson.bin).toEqual({ filterby: './dist/cli.js' });
  });
});

describe('the built files', () => {
  beforeEach(requireBuild);

  test('every file the exports map, main, module, types and bin name exists', () => {
    const entries = Object.values(packageJson.exports ?? {}).filter(
      (entry): entry is Record<string, Record<string, string>> => typeof entry === 'object',
    );
    const named = [
      ...entries.flatMap((entry) => [...Object.values(entry.import ?? {}), ...Object.values(entry.require ?? {})]),
      packageJson.main,
      packageJson.module,
      packageJson.types,
      ...Object.values(packageJson.bin ?? {}),
    ];
    for (const file of named) {
      expect(file, 'a path in package.json').toBeTypeOf('string');
      expect(existsSync(join(root, file as string)), `${file} exists`).toBe(true);
    }
  });

  test('dist/cli.js starts with a #!/usr/bin/env node line', () => {
    expect(readBuilt('cli.js').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('dist/index.d.ts declares parseFilter, defineSchema and FilterError, and exports them', () => {
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const types = readBuilt(file);
      expect(types).toMatch(/declare function parseFilter</);
      expect(types).toMatch(/declare function defineSchema</);
      expect(types).toMatch(/declare class FilterError extends Error/);
      const exported =
        /export \{([^}]*)\}/
          .exec(types)?.[1]
          ?.split(',')
          .map((name) => name.trim()) ?? [];
      for (const name of publicNames) expect(exported, `${file} exports ${name}`).toContain(name);
    }
  });

  test('no built file loads peggy: the generated parser is standalone', () => {
    for (const file of ['index.js', 'index.cjs', 'cli.js']) {
      const code = readBuilt(file);
      expect(code, file).not.toMatch(/require\(\s*["']peggy["']\s*\)/);
      expect(code, file).not.toMatch(/from\s*["']peggy["']/);
      expect(code, file).not.toMatch(/import\(\s*["']peggy["']\s*\)/);
    }
  });

  test('index.js and index.cjs import nothing but the one chunk of the library they share with filterby/server', () => {
    for (const [file, chunkPattern] of [
      ['index.js', /^\.\/chunk-\w+\.js$/],
      ['index.cjs', /^\.\/chunk-\w+\.cjs$/],
    ] as const) {
      const imports = importsOf(readBuilt(file));
      expect(imports, file).toHaveLength(1);
      expect(imports[0], file).toMatch(chunkPattern);
      expect(importsOf(readBuilt((imports[0] ?? '').slice(2))), `${file}'s chunk`).toEqual([]);
    }
  });

  test('filterby/server imports the library chunk and pg (only when asked), never a node: module', () => {
    for (const file of ['server.js', 'server.cjs']) {
      const code = readBuilt(file);
      const imports = importsOf(code);
      expect(
        imports.filter((specifier) => specifier !== 'pg'),
        file,
      ).toEqual([expect.stringMatching(/^\.\/chunk-\w+\.c?js$/)]);
      // ESM loads pg with import(); CommonJS with a require() inside the promise esbuild makes of that import().
      const pgLoads = [...code.matchAll(/\bimport\(\s*["']pg["']\s*\)|\brequire\(\s*["']pg["']\s*\)/g)];
      expect(pgLoads, file).toHaveLength(1);
      expect(code, file).toMatch(
        /await import\("pg"\)|await Promise\.resolve\(\)\.then\(\(\) => \w+\(require\("pg"\)\)\)/,
      );
      expect(code, file).not.toMatch(/\bfrom\s*["']node:|require\(\s*["']node:|import\(\s*["']node:/);
    }
  });

  test('filterby/server declares its own types, naming no node: module and no package', () => {
    for (const file of ['server.d.ts', 'server.d.cts']) {
      const types = readBuilt(file);
      expect(importsOf(types), file).toEqual([]);
      expect(types, file).toMatch(/declare function createHandler\(/);
    }
  });

  // `serve --database-url` loads pg when it is asked for, and only then: `await import("pg")`, never a
  // static import, so that the CLI runs where pg is not installed.
  const optionalPackages = new Set(['pg']);

  test('the CLI imports no package but pg, and pg only when asked: only its own files and Node built-ins', () => {
    const code = readBuilt('cli.js');
    const packages = importsOf(code).filter(
      (specifier) => !specifier.startsWith('.') && !isBuiltin(specifier) && !optionalPackages.has(specifier),
    );
    expect(packages).toEqual([]);
    const staticImports = importsOf(code, { dynamic: false });
    expect(staticImports.filter((specifier) => optionalPackages.has(specifier))).toEqual([]);
    expect(importsOf(code).filter((specifier) => optionalPackages.has(specifier))).toEqual(['pg']);
  });

  test('the CLI names Node built-ins with node: (as src/ does), so no package can shadow them', () => {
    const imports = importsOf(readBuilt('cli.js'));
    const bare = imports.filter(
      (specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !optionalPackages.has(specifier),
    );
    expect(bare).toEqual([]);
  });
});

// `sideEffects: false` lets a bundler drop a module whose exports go unused, but dist/index.js is one chunk: a
// bundler keeps every top-level statement of it that might have an effect, and all that such a statement
// reaches. So each part of the library is kept only when a use reaches it, which these markers show: text that
// survives minifying and that only that part holds.
const parts = {
  parser: /extends SyntaxError/, // the generated parser's error class
  presets: /license_deployment/, // a table of the Partner Center presets
  sql: /utf8mb4_0900_bin/, // the MySQL dialect's collation
} as const;

/** The minified bundle a user's esbuild makes of `names` imported from the built package. */
function bundleOf(names: readonly string[]): string {
  const result = buildSync({
    stdin: { contents: `export { ${names.join(', ')} } from './dist/index.js';`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('what a bundler keeps of dist/index.js', () => {
  beforeEach(requireBuild);

  // Marking calls pure lets a minifier drop them when their result goes unused: never one that acts.
  test('a minified bundle still freezes what the library freezes', () => {
    const result = buildSync({
      stdin: { contents: "export { defineSchema } from './dist/index.js';", resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: 'library',
      write: false,
      logLevel: 'silent',
    });
    const library = new Function(`${result.outputFiles[0]?.text ?? ''}; return library;`)() as Pick<
      Library,
      'defineSchema'
    >;
    const schema = library.defineSchema({ table: 't', fields: { a: { type: 'string' } } });
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.fields)).toBe(true);
  });

  test.each([
    [['defineSchema'], []],
    [['builders', 'toQueryString'], []],
    [['parseFilter'], ['parser']],
    [['partnerCenter'], ['presets']],
    [['parseQuery', 'runQuery'], ['parser']],
    [
      ['parseQuery', 'toSql'],
      ['parser', 'sql'],
    ],
  ] as const)('%j keeps only the parts it uses: %j', (names, used) => {
    const code = bundleOf(names);
    for (const [part, marker] of Object.entries(parts)) {
      expect(marker.test(code), `${part} in the bundle of ${names.join(', ')}`).toBe(
        (used as readonly string[]).includes(part),
      );
    }
  });
});

/** Every module specifier a built file imports, requires or dynamically imports. */
function importsOf(code: string, { dynamic = true } = {}): string[] {
  const patterns = [
    /^\s*import\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']/gm,
    /^\s*export\s*[\w*{}\s,$]+?\s*from\s*["']([^"']+)["']/gm,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    ...(dynamic ? [/\bimport\(\s*["']([^"']+)["']\s*\)/g] : []),
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] ?? ''));
}

describe('the ESM and CommonJS builds', () => {
  let esm: Library;
  let cjs: Library;

  // A missing build fails every test here through beforeEach, rather than skipping them from beforeAll.
  beforeEach(requireBuild);
  beforeAll(async () => {
    if (!builtFiles.every((file) => existsSync(dist(file)))) return;
    esm = (await import(pathToFileURL(dist('index.js')).href)) as Library;
    cjs = createRequire(import.meta.url)(dist('index.cjs')) as Library;
  });

  test('both export the public names, and the same ones', () => {
    const esmNames = Object.keys(esm).sort();
    const cjsNames = Object.keys(cjs)
      .filter((name) => name !== 'default' && name !== '__esModule')
      .sort();
    expect(esmNames).toEqual([...publicNames].sort());
    expect(cjsNames).toEqual(esmNames);
    for (const name of publicNames) {
      expect(typeof (cjs as Record<string, unknown>)[name], name).toBe(typeof (esm as Record<string, unknown>)[name]);
    }
  });

  test("both parse the docs' example to the same AST", () => {
    for (const library of [esm, cjs]) {
      const schema = library.partnerCenter.licenseUsage;
      const filter = library.parseFilter(docsExample, { schema });
      expect(library.withoutSpans(filter)).toEqual(docsAst);
      expect(library.printFilter(filter)).toBe("workloadCode eq 'SFB' or channel eq 'Reseller'");
      expect(library.toQueryString({ filter, groupBy: ['workloadCode'], top: 100 })).toBe(
        'filter=workloadCode%20eq%20%27SFB%27%20or%20channel%20eq%20%27Reseller%27&groupby=workloadCode&top=100',
      );
    }
  });

  test('a FilterError thrown by a build is an instance of that build’s FilterError', () => {
    for (const library of [cjs, esm]) {
      let thrown: unknown;
      try {
        library.parseFilter("workloadcode eq 'SFB'", { schema: library.partnerCenter.licenseUsage });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(library.FilterError);
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as InstanceType<Library['FilterError']>).code).toBe('UNKNOWN_FIELD');
      expect((thrown as Error).name).toBe('FilterError');
    }
  });

  test('both carry every error code', () => {
    expect(esm.filterErrorCodes).toEqual(cjs.filterErrorCodes);
    expect(esm.filterErrorCodes).toHaveLength(12);
  });

  test('Node resolves the package by its name: import gets ESM, require gets CommonJS', () => {
    // Run in a fresh Node, outside vitest's module runner, from inside the package (self-reference).
    const script = [
      "const esm = await import('filterby');",
      "const { createRequire } = await import('node:module');",
      "const cjs = createRequire(process.cwd() + '/package.json')('filterby');",
      'const schema = esm.partnerCenter.licenseUsage;',
      `const filter = esm.withoutSpans(esm.parseFilter(${JSON.stringify(docsExample)}, { schema }));`,
      'const cjsFilter = cjs.withoutSpans(cjs.parseFilter(' +
        JSON.stringify(docsExample) +
        ', { schema: cjs.partnerCenter.licenseUsage }));',
      'console.log(JSON.stringify({ esm: filter, cjs: cjsFilter, same: esm.FilterError === cjs.FilterError,',
      '  cjsIsCjs: typeof cjs.parseQuery === "function" && !(Symbol.toStringTag in cjs) }));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ esm: docsAst, cjs: docsAst, same: false, cjsIsCjs: true });
  });
});

describe('filterby/server, built for ESM and CommonJS', () => {
  let builds: { readonly name: string; readonly library: Library; readonly server: ServerLibrary }[] = [];

  beforeEach(requireBuild);
  beforeAll(async () => {
    if (!builtFiles.every((file) => existsSync(dist(file)))) return;
    const require = createRequire(import.meta.url);
    builds = [
      {
        name: 'ESM',
        library: (await import(pathToFileURL(dist('index.js')).href)) as Library,
        server: (await import(pathToFileURL(dist('server.js')).href)) as ServerLibrary,
      },
      {
        name: 'CommonJS',
        library: require(dist('index.cjs')) as Library,
        server: require(dist('server.cjs')) as ServerLibrary,
      },
    ];
  });

  test('each exports the server names', () => {
    for (const { name, server } of builds) {
      expect(
        Object.keys(server)
          .filter((key) => key !== 'default' && key !== '__esModule')
          .sort(),
        name,
      ).toEqual(serverNames);
    }
  });

  test('a FilterError thrown with the library of the same format is a 400, not a 500: both share one FilterError', async () => {
    for (const { name, library, server } of builds) {
      const schema = library.partnerCenter.licenseUsage;
      const handler = server.createHandler({
        source: {
          description: 'a source that refuses',
          schema,
          answer: async () => {
            throw new library.FilterError('INVALID_LITERAL', 'this source cannot hold that literal');
          },
          close: async () => {},
        },
      });
      const response = await handler(new Request(`http://localhost${library.licenseUsagePath}`));
      expect(response.status, name).toBe(400);
      expect(await response.json(), name).toMatchObject({ code: 'INVALID_LITERAL' });
    }
  });

  test('Node resolves filterby/server by its name, and its handler answers', () => {
    const script = [
      "const { createHandler, memorySource } = await import('filterby/server');",
      "const { partnerCenter, licenseUsagePath } = await import('filterby');",
      "const { createRequire } = await import('node:module');",
      "const cjs = createRequire(process.cwd() + '/package.json')('filterby/server');",
      'const handler = createHandler({ source: memorySource([], partnerCenter.licenseUsage) });',
      "const response = await handler(new Request('http://localhost' + licenseUsagePath));",
      'console.log(JSON.stringify({ status: response.status, body: await response.json(),',
      '  cjs: typeof cjs.createHandler }));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 200,
      body: { Value: [], TotalCount: 0 },
      cjs: 'function',
    });
  });
});
