// docs/specification.md is held to the code: its keywords, error codes and examples, limits and exports.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as filterby from '../src/index.js';
import {
  defaultLimits,
  FilterError,
  filterErrorCodes,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  type Schema,
} from '../src/index.js';
import { reservedWords } from '../src/schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const specification = readFileSync(join(root, 'docs', 'specification.md'), 'utf8');
const schema = partnerCenter.licenseUsage;

/** The preset a block or example names (`filter azureUsage`), else the license usage schema. */
function presetNamed(name: string | undefined): Schema {
  if (name === undefined || name === '') return schema;
  const preset = (partnerCenter as Record<string, Schema>)[name];
  if (preset === undefined) throw new Error(`docs/specification.md names no preset '${name}'`);
  return preset;
}

/** The lines of the section that starts with `heading`, up to the next heading of its level. */
function section(heading: string): string[] {
  const lines = specification.split('\n');
  const start = lines.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The cells of every row of the markdown tables in `lines`, header and rule rows left out. */
function tableRows(lines: readonly string[]): string[][] {
  const rows = lines.filter((line) => line.startsWith('|')).map((line) => splitRow(line));
  return rows.filter((cells, index) => !cells.every((cell) => /^-+:?$/.test(cell)) && rows[index + 1]?.[0] !== '---');
}

/** Splits a table row at its `|`s, except those inside backticks. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (const character of line.slice(1, line.trimEnd().length - 1)) {
    if (character === '`') inCode = !inCode;
    if (character === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += character;
  }
  cells.push(cell.trim());
  return cells;
}

const code = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');

describe('docs/specification.md', () => {
  it('lists the keywords the grammar reserves', () => {
    const line = section('## 1. The language').find((text) => text.startsWith('- Keywords:'));
    expect(code(line ?? '')).toStrictEqual([...reservedWords]);
  });

  it('every filter in its filter blocks parses under the preset the block names (license usage by default)', () => {
    const blocks = [...specification.matchAll(/```filter(?: (\w+))?\n([\s\S]*?)```/g)];
    const filters = blocks.flatMap(([, preset, body = '']) =>
      body
        .split('\n')
        .filter((line) => line !== '')
        .map((text) => ({ text, schema: presetNamed(preset) })),
    );
    expect(filters.length).toBeGreaterThan(0);
    for (const { text, schema } of filters) expect(() => parseFilter(text, { schema }), text).not.toThrow();
  });

  it('lists every error code once, and each example fails with its code', () => {
    const rows = tableRows(section('## 5. Errors'));
    expect(rows.map(([codeCell]) => code(codeCell ?? '')[0])).toStrictEqual([...filterErrorCodes]);
    for (const [codeCell = '', , example = ''] of rows) {
      const expected = code(codeCell)[0];
      if (example === '—') continue;
      // `query azureUsage: …` runs the example under that preset.
      const [kind = '', preset] = example.slice(0, example.indexOf(':')).split(' ');
      const [text, under] = [code(example)[0] ?? '', presetNamed(preset)];
      const run = {
        filter: () => parseFilter(text, { schema: under }),
        groupby: () => parseGroupBy(text, { schema: under }),
        query: () => parseQuery(text, { schema: under }),
      }[kind];
      expect(run, `an example kind for ${expected}`).toBeDefined();
      let thrown: unknown;
      try {
        run?.();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `${expected}: ${example}`).toBeInstanceOf(FilterError);
      expect((thrown as FilterError).code, example).toBe(expected);
    }
  });

  it('gives the default limits the code has', () => {
    const rows = tableRows(section('## 6. Limits')).filter(
      (cells) => cells.length === 3 && cells[1]?.startsWith('`max'),
    );
    const documented = Object.fromEntries(
      rows.map(([, name = '', value = '']) => [code(name)[0], Number(value.replaceAll(',', ''))]),
    );
    expect(documented).toStrictEqual({ ...defaultLimits });
    const paging = Object.fromEntries(
      tableRows(section('## 6. Limits')).map((cells) => [code(cells[0] ?? '')[0], cells]),
    );
    expect(paging.top?.[1]).toBe(`1 … ${filterby.maxTop.toLocaleString('en')}`);
    expect(paging.top?.[2]).toBe(filterby.defaultTop.toLocaleString('en'));
    expect(paging.skip?.[1]).toBe(`0 … ${filterby.maxSkip.toLocaleString('en')}`);
  });

  it('documents every export of the library, and nothing it does not export', () => {
    // A tag is written ``filter`…` ``: a code span with backticks inside, read as its name.
    const names = (cell: string) =>
      code(cell.replace(/``\s*(\w+)`[^`]*`\s*``/g, '`$1`')).map((span) => /^\w+/.exec(span)?.[0]);
    const documented = new Set(tableRows(section('## 4. The API')).flatMap(([cell = '']) => names(cell)));
    const exported = Object.keys(filterby).sort();
    expect([...documented].filter((name) => name === undefined || !exported.includes(name))).toStrictEqual([]);
    expect(exported.filter((name) => !documented.has(name))).toStrictEqual([]);
  });

  it('links only to files inside the repository', () => {
    for (const [, target = ''] of specification.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
      expect(target.startsWith('http') || target.startsWith('../..'), target).toBe(false);
      expect(() => readFileSync(join(root, 'docs', target)), target).not.toThrow();
    }
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('links the specification inside the repository, and nothing outside it', () => {
    expect(readme).toContain('](docs/specification.md)');
    for (const [, target = ''] of readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      if (/^https?:/.test(target)) continue;
      expect(target.startsWith('..'), target).toBe(false);
      expect(() => readFileSync(join(root, target)), target).not.toThrow();
    }
  });

  it('speaks to users: no table of issues and their status', () => {
    expect(readme).not.toMatch(/\bissue \d+\b/i);
    expect(readme).not.toMatch(/^\| status \|/m);
  });
});
