// Compiles grammar/filter.peggy into src/generated/filter-parser.js (+ .d.ts). Run by `npm run build` and before tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const peggyBin = join(dirname(createRequire(import.meta.url).resolve('peggy/package.json')), 'bin', 'peggy.js');
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
const output = join(root, 'src', 'generated', 'filter-parser.js');
execFileSync(
  process.execPath,
  [
    peggyBin,
    '--format',
    'es',
    '--dts',
    '--allowed-start-rules',
    'Filter,GroupBy',
    '--output',
    output,
    join(root, 'grammar', 'filter.peggy'),
  ],
  { stdio: 'inherit' },
);

writeFileSync(
  output,
  moduleScopeRules(asciiClassTables(hoistConstants(textWithoutArrays(readFileSync(output, 'utf8'))))),
);

/**
 * Inside `$( … )` peggy still builds the value of every repetition and sequence (an array per `*`, a pair
 * per `("''" [^']*)`), only to throw it all away for the matched text. A long string of `''` or of
 * non-Latin-1 characters kept hundreds of thousands of those arrays alive until the string ended, and the
 * garbage collector's copying of them made parse time grow faster than the text (66 ns a character at 8 KB,
 * 295 ns at 512 KB). Within such a region only "failed or not" is ever asked of a value, so every array
 * becomes the constant `peg$TEXT_ONLY` and nothing is pushed. A region that uses a value (an action, a
 * predicate, a `.length` for bounded repetition) is refused, as is any array left behind.
 */
function textWithoutArrays(code) {
  const lines = code.split('\n');
  let regions = 0;
  for (let end = 0; end < lines.length; end++) {
    const text = /^( *)s(\d+) = input\.substring\(s\2, peg\$currPos\);$/.exec(lines[end]);
    if (text === null) continue;
    const [, indent, register] = text;
    let start = end - 1;
    const opening = new RegExp(`^ {0,${indent.length}}s${register} = peg\\$currPos;$`);
    while (start >= 0 && !opening.test(lines[start])) start--;
    if (start < 0) throw new Error(`generate-parser: no start for the text region ending at line ${end + 1}`);
    for (let index = start + 1; index < end; index++) {
      const line = lines[index];
      if (/peg\$f\d|\.length|peg\$savedPos/.test(line)) {
        throw new Error(`generate-parser: a text region uses a value at line ${index + 1}: ${line.trim()}`);
      }
      if (/^ *s\d+\.push\(s\d+\);$/.test(line)) {
        lines[index] = null;
        continue;
      }
      lines[index] = line.replace(/^( *s\d+) = \[[^\]]*\];$/, '$1 = peg$TEXT_ONLY;');
      if (/\[|\.push\(/.test(lines[index])) {
        throw new Error(`generate-parser: an array is left in a text region at line ${index + 1}: ${line.trim()}`);
      }
    }
    regions++;
  }
  if (regions === 0) throw new Error('generate-parser: no text regions found; has peggy changed?');
  const declaration = 'const peg$TEXT_ONLY = true; // the value of a match inside $( … ): only its text is used\n';
  return lines
    .filter((line) => line !== null)
    .join('\n')
    .replace('function peg$parse(input, options) {', `${declaration}\nfunction peg$parse(input, options) {`);
}

/**
 * peggy writes its constants inside `peg$parse`: every call made 7 RegExp objects, 30 expectation objects
 * and their factories anew, a sixth of the time of a short parse. They are pure data (string literals,
 * regular expressions without the g or y flag, plain expectation records that nothing mutates), so they
 * move to module scope and are made once. Fails loudly if peggy's output no longer has that shape: the
 * peggy version is pinned, and an upgrade must look at this again.
 */
function hoistConstants(code) {
  const parseStart = code.indexOf('function peg$parse(input, options) {');
  const parseEnd = code.indexOf('\nconst peg$allowedStartRules');
  if (parseStart === -1 || parseEnd === -1) throw new Error('generate-parser: peg$parse not found in peggy output');
  let body = code.slice(parseStart, parseEnd);
  const hoisted = [];
  const take = (pattern, what) => {
    const found = body.match(pattern) ?? [];
    if (found.length === 0) throw new Error(`generate-parser: no ${what} found in peg$parse; has peggy changed?`);
    for (const text of found) {
      if (/\/[a-z]*[gy][a-z]*;$/.test(text.trim()) && text.includes('peg$r')) {
        throw new Error(`generate-parser: a stateful regular expression cannot be shared: ${text.trim()}`);
      }
      hoisted.push(text.replace(/^ {2}/gm, ''));
    }
    body = body.replace(pattern, '');
  };
  take(/^ {2}const peg\$[cre]\d+ = .*;\n/gm, 'constants');
  take(
    /^ {2}function peg\$(?:literal|class|any|end|other)Expectation\([^)]*\) \{\n[\s\S]*?^ {2}\}\n/gm,
    'expectation factories',
  );
  return `${code.slice(0, parseStart)}${hoisted.join('')}\n${body}${code.slice(parseEnd)}`;
}

/**
 * peggy tests each character against a character class with `regexp.test(char)`, a call into the regexp
 * engine per character of every name, literal and run of spaces. Each class gets a 128-entry table for
 * ASCII, filled at load time by asking the very same regexp about each ASCII character, so it answers
 * exactly as the regexp does; characters beyond ASCII (and the empty string at the end of the input) still
 * go to the regexp.
 */
function asciiClassTables(code) {
  const uses = code.match(/peg\$r\d+\.test\(/g) ?? [];
  if (uses.length === 0) throw new Error('generate-parser: no character-class tests found; has peggy changed?');
  const helper = `
function peg$asciiTable(regexp) {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) table[code] = regexp.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}
function peg$classTest(regexp, table) {
  return (char) => {
    const code = char.charCodeAt(0);
    return code < 128 ? table[code] === 1 : regexp.test(char);
  };
}
`;
  const withTests = code.replace(/^const (peg\$r\d+) = (.*);$/gm, (_, name, regexp) => {
    return `const ${name} = ${regexp};\nconst ${name}$test = peg$classTest(${name}, peg$asciiTable(${name}));`;
  });
  const firstRegexp = withTests.indexOf('const peg$r0 =');
  if (firstRegexp === -1) throw new Error('generate-parser: peg$r0 not found; has peggy changed?');
  return `${withTests.slice(0, firstRegexp)}${helper}${withTests.slice(firstRegexp)}`.replace(
    /(peg\$r\d+)\.test\(/g,
    '$1$$test(',
  );
}

/**
 * peggy nests every rule and helper inside `peg$parse`, so each call creates some fifty closures before it
 * reads a character: a tenth of a short parse, and most of its garbage. They move to module scope, and the
 * state they share (the input, the position, the failures) becomes module variables that `peg$parse` sets
 * at each call. This is sound because a parse is synchronous and never re-entered (no grammar action calls
 * the parser). The input is let go when the call returns or throws.
 */
function moduleScopeRules(code) {
  const head = 'function peg$parse(input, options) {\n';
  const start = code.indexOf(head);
  const end = code.indexOf('\n}\n', start);
  if (start === -1 || end === -1) throw new Error('generate-parser: peg$parse not found; has peggy changed?');
  const lines = code.slice(start + head.length, end + 1).split('\n');
  const statements = [];
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index];
    if (first.trim() === '') continue;
    if (!/^ {2}\S/.test(first)) throw new Error(`generate-parser: unexpected line in peg$parse: ${first}`);
    const statement = [first];
    // A block runs to its closing brace at the same indent; `} else {` continues it.
    let opens = first.endsWith('{');
    while (opens) {
      const line = lines[++index];
      if (line === undefined) throw new Error('generate-parser: unterminated block in peg$parse');
      statement.push(line);
      if (/^ {2}\}/.test(line)) opens = line.endsWith('{');
    }
    statements.push(statement.join('\n'));
  }
  const moduleFunctions = [];
  const moduleState = ['input', 'options'];
  const body = ['  input = input$;', '  options = options$;'];
  for (const statement of statements) {
    const declaration = /^ {2}(?:let|const) (peg\$\w+)(?: = ([\s\S]*))?;$/.exec(statement);
    if (statement.startsWith('  function ')) moduleFunctions.push(statement);
    else if (/^ {2}const peg\$(?:FAILED|startRuleFunctions) = /.test(statement)) moduleFunctions.push(statement);
    else if (declaration !== null && declaration[1] !== 'peg$success') {
      moduleState.push(declaration[1]);
      body.push(`  ${declaration[1]} = ${declaration[2] ?? 'undefined'};`);
    } else body.push(statement);
  }
  if (moduleFunctions.length < 20)
    throw new Error('generate-parser: too few functions in peg$parse; has peggy changed?');
  const dedent = (text) => text.replace(/^ {2}/gm, '');
  return [
    code.slice(0, start),
    `let ${moduleState.join(', ')};\n\n`,
    moduleFunctions.map(dedent).join('\n\n'),
    '\n\nfunction peg$parse(input$, options$) {\n  try {\n',
    body.map((line) => line.replace(/^/gm, '  ')).join('\n'),
    // Let go of the text (it may be large) and of the position cache once the parse is over.
    '\n  } finally {\n    input = undefined;\n    peg$posDetailsCache = undefined;\n  }\n}\n',
    code.slice(end + 3),
  ].join('');
}
