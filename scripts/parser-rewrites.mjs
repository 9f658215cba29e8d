// The mechanical rewrites of peggy's output that make the generated parser fast, each refusing what it does
// not understand. scripts/generate-parser.mjs applies them; test/generated-parser.test.ts holds the result to
// peggy's raw output and checks the refusals.
import { parse as parseJavaScript } from 'acorn';

/** peggy's output for grammar/filter.peggy, rewritten: the same answers and errors, less work per parse. */
export function rewriteGeneratedParser(code) {
  return lazyPositionCache(
    moduleScopeRules(asciiClassTables(literalsByCharCode(hoistConstants(classRuns(textWithoutArrays(code)))))),
  );
}

/**
 * A repetition of a character class (`[^']*`, `[0-9]+`, `[ \t\r\n]*`) is peggy's loop of `charAt` and a test
 * per character. Inside a text region (after textWithoutArrays) its value is only ever "failed", so the loop
 * becomes one call that skips the whole run, `peg$rN$run(input, peg$currPos)` (made by asciiClassTables), and
 * then does what the loop's last turn did: fail, and record the expectation at the end of the run (both only
 * where the loop would have run: a repetition whose first character failed has already recorded it). A
 * repetition outside a text region keeps its loop.
 */
export function classRuns(code) {
  const loop =
    /^( *)while \((s\d+) !== peg\$FAILED\) \{\n\1 {2}\2 = input\.charAt\(peg\$currPos\);\n\1 {2}if \((peg\$r\d+)\.test\(\2\)\) \{\n\1 {4}peg\$currPos\+\+;\n\1 {2}\} else \{\n\1 {4}\2 = peg\$FAILED;\n\1 {4}(if \(peg\$silentFails === 0\) \{ peg\$fail\(peg\$e\d+\); \})\n\1 {2}\}\n\1\}$/gm;
  let runs = 0;
  const rewritten = code.replace(loop, (whole, indent, register, regexp, fail, offset) => {
    if (!isInTextRegion(code, offset, indent)) return whole;
    runs++;
    return [
      `${indent}if (${register} !== peg$FAILED) {`,
      `${indent}  peg$currPos = ${regexp}$run(input, peg$currPos);`,
      `${indent}  ${register} = peg$FAILED;`,
      `${indent}  ${fail}`,
      `${indent}}`,
    ].join('\n');
  });
  if (runs === 0)
    throw new Error('generate-parser: no repetition of a character class in a text region; has peggy changed?');
  return rewritten;
}

// Whether the line at `offset` lies between a text region's `sN = peg$currPos;` and its `input.substring(sN, …)`.
function isInTextRegion(code, offset, indent) {
  const before = code.slice(0, offset).split('\n');
  const after = code.slice(offset).split('\n');
  for (let index = 0; index < after.length; index++) {
    const end = /^( *)s(\d+) = input\.substring\(s\2, peg\$currPos\);$/.exec(after[index]);
    if (end !== null && end[1].length <= indent.length) {
      const opening = new RegExp(`^ {0,${end[1].length}}s${end[2]} = peg\\$currPos;$`);
      return before.some((line) => opening.test(line));
    }
    if (/^function /.test(after[index])) return false;
  }
  return false;
}

/**
 * peggy makes the cache of line and column numbers (an array and an object) at every parse, yet only an
 * error's location reads it. After moduleScopeRules it is module state, reset to undefined when a parse ends:
 * it is made where it is first read instead.
 */
export function lazyPositionCache(code) {
  const made = '    peg$posDetailsCache = [{ line: 1, column: 1 }];\n';
  const reader = 'function peg$computePosDetails(pos) {\n';
  if (
    code.split(made).length !== 2 ||
    code.split(reader).length !== 2 ||
    !code.includes('peg$posDetailsCache = undefined;')
  ) {
    throw new Error('generate-parser: the position cache is not made as expected; has peggy changed?');
  }
  return code.replace(made, '').replace(reader, `${reader}  peg$posDetailsCache ??= [{ line: 1, column: 1 }];\n`);
}

/**
 * Inside `$( … )` peggy still builds the value of every repetition and sequence (an array per `*`, a pair
 * per `("''" [^']*)`), only to throw it all away for the matched text. A long string of `''` or of
 * non-Latin-1 characters kept hundreds of thousands of those arrays alive until the string ended, and the
 * garbage collector's copying of them made parse time grow faster than the text (66 ns a character at 8 KB,
 * 295 ns at 512 KB). Within such a region only "failed or not" is ever asked of a value, so every array
 * becomes the constant `peg$TEXT_ONLY` and nothing is pushed. A region that uses a value (an action, a
 * predicate, a `.length` for bounded repetition) is refused, as is any array left behind.
 */
export function textWithoutArrays(code) {
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
export function hoistConstants(code) {
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
 * peggy tests a literal of several characters with `input.substr(pos, n) === "text"`: a new string for every
 * try, and a parse tries many that fail (every comparison first tries `not`, `(`, `contains`, `startswith`,
 * `endswith`, then `cast` before its value, and `and` and `or` after it). Each becomes a chain of
 * `charCodeAt` tests, which allocates nothing and stops at the first character that differs. Past the end of
 * the input `charCodeAt` is NaN, which equals no code, as `substr` there is too short to equal the text. Runs
 * after hoistConstants, where each literal's text is a module constant; refuses a literal whose length is not
 * the one compared, and any `substr` left.
 */
export function literalsByCharCode(code) {
  const literals = new Map();
  for (const [, name, literal] of code.matchAll(/^const (peg\$c\d+) = (".*");$/gm)) {
    literals.set(name, JSON.parse(literal));
  }
  if (literals.size === 0) throw new Error('generate-parser: no literal constants found; has peggy changed?');
  let rewrites = 0;
  const rewritten = code.replace(/input\.substr\(peg\$currPos, (\d+)\) === (peg\$c\d+)\b/g, (_, length, name) => {
    const text = literals.get(name);
    if (text === undefined || text.length !== Number(length)) {
      throw new Error(`generate-parser: ${name} is not a literal of ${length} characters`);
    }
    rewrites++;
    const tests = [...Array(text.length).keys()].map(
      (index) => `input.charCodeAt(peg$currPos${index === 0 ? '' : ` + ${index}`}) === ${text.charCodeAt(index)}`,
    );
    return `(${tests.join(' && ')})`;
  });
  if (rewrites === 0 || rewritten.includes('.substr(')) {
    throw new Error('generate-parser: a literal test is not in the form input.substr(peg$currPos, n) === peg$cN');
  }
  return rewritten;
}

/**
 * peggy tests each character against a character class with `regexp.test(char)`, a call into the regexp
 * engine per character of every name, literal and run of spaces. Each class gets a 128-entry table for
 * ASCII, filled at load time by asking the very same regexp about each ASCII character, so it answers
 * exactly as the regexp does; characters beyond ASCII still go to the regexp. So does nothing: the empty
 * string that `charAt` gives at the end of the input, which every `_` and every name and string meets there,
 * is answered by what the regexp said of it at load time.
 */
export function asciiClassTables(code) {
  const uses = code.match(/peg\$r\d+\.test\(/g) ?? [];
  if (uses.length === 0) throw new Error('generate-parser: no character-class tests found; has peggy changed?');
  const helper = `
function peg$asciiTable(regexp) {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) table[code] = regexp.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}
function peg$classRun(regexp, table) {
  if (regexp.test('')) throw new Error('a character class that matches nothing cannot be run over');
  // The offset of the first character at or after \`from\` that is not in the class (the end of the input is not).
  return (text, from) => {
    let at = from;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code < 128 ? table[code] !== 1 : code !== code || !regexp.test(text.charAt(at))) return at;
      at++;
    }
  };
}
function peg$classTest(regexp, table) {
  const matchesNothing = regexp.test('');
  return (char) => {
    const code = char.charCodeAt(0);
    return code < 128 ? table[code] === 1 : char === '' ? matchesNothing : regexp.test(char);
  };
}
`;
  const withTests = code.replace(/^const (peg\$r\d+) = (.*);$/gm, (_, name, regexp) => {
    const table = `peg$asciiTable(${name})`;
    return `const ${name} = ${regexp};\nconst ${name}$test = peg$classTest(${name}, ${table});\nconst ${name}$run = peg$classRun(${name}, ${table});`;
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
 * state they share (the input, the position, the failures, and any per-parse state a grammar's initializer
 * declares) becomes module variables that `peg$parse` sets at each call. This is sound because a parse is
 * synchronous and never re-entered (no grammar action calls the parser). The input is let go when the call
 * returns or throws.
 *
 * The statements of `peg$parse` are read with a JavaScript parser, not by their look, and each must be one
 * of three things: a function declaration (moved), a `let`/`const` of one plain name (made module state,
 * set anew at each call), or a statement that declares nothing (kept in order). Anything else — `var`, a
 * class, a destructuring or a list of declarations, a name that module scope already has — is refused, since
 * moving it could change what a name refers to.
 */
export function moduleScopeRules(code) {
  const program = parseJavaScript(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const parse = program.body.find((node) => node.type === 'FunctionDeclaration' && node.id?.name === 'peg$parse');
  if (parse === undefined || parse.params.map((param) => param.name).join() !== 'input,options') {
    throw new Error('generate-parser: function peg$parse(input, options) not found; has peggy changed?');
  }
  const refuse = (node, why) => {
    const text = code.slice(node.start, node.end).split('\n')[0];
    throw new Error(`generate-parser: cannot move to module scope (${why}): ${text}`);
  };
  const moduleNames = new Set(namesDeclaredBy(program.body.filter((node) => node !== parse)));
  const claim = (node, name) => {
    if (moduleNames.has(name)) refuse(node, `'${name}' is already a name at module scope`);
    moduleNames.add(name);
  };
  // Continuation lines of a statement are indented for peg$parse's body; `indent` re-indents them.
  const indent = (text, from, to) => text.replaceAll(`\n${' '.repeat(from)}`, `\n${' '.repeat(to)}`);
  const moduleFunctions = [];
  const moduleState = ['input', 'options'];
  for (const name of moduleState) claim(parse, name);
  const body = ['input = input$;', 'options = options$;'];
  for (const statement of parse.body.body) {
    const text = code.slice(statement.start, statement.end);
    if (statement.type === 'FunctionDeclaration') {
      claim(statement, statement.id.name);
      moduleFunctions.push(indent(text, 2, 0));
    } else if (statement.type === 'VariableDeclaration') {
      const [declarator, ...others] = statement.declarations;
      if (statement.kind === 'var') refuse(statement, 'var is hoisted to the whole function');
      if (others.length > 0) refuse(statement, 'one name per declaration');
      if (declarator.id.type !== 'Identifier') refuse(statement, 'a destructuring declaration');
      const name = declarator.id.name;
      claim(statement, name);
      // Two constants that only name functions defined once for the module: they can be made once too.
      if (statement.kind === 'const' && (name === 'peg$FAILED' || name === 'peg$startRuleFunctions')) {
        moduleFunctions.push(indent(text, 2, 0));
        continue;
      }
      moduleState.push(name);
      const initial = declarator.init === null ? 'undefined' : code.slice(declarator.init.start, declarator.init.end);
      body.push(indent(`${name} = ${initial};`, 2, 4));
    } else {
      const declared = namesDeclaredBy([statement], { nested: true });
      if (declared.length > 0) refuse(statement, `it declares ${declared.join(', ')}`);
      body.push(indent(text, 2, 4));
    }
  }
  if (moduleFunctions.length < 20) {
    throw new Error('generate-parser: too few functions in peg$parse; has peggy changed?');
  }
  const rewritten = [
    code.slice(0, parse.start),
    `let ${moduleState.join(', ')};\n\n`,
    moduleFunctions.join('\n\n'),
    '\n\nfunction peg$parse(input$, options$) {\n  try {\n',
    body.map((statement) => `    ${statement}`).join('\n'),
    // Let go of the text (it may be large) and of the position cache once the parse is over.
    '\n  } finally {\n    input = undefined;\n    peg$posDetailsCache = undefined;\n  }\n}',
    code.slice(parse.end),
  ].join('');
  parseJavaScript(rewritten, { ecmaVersion: 'latest', sourceType: 'module' });
  return rewritten;
}

/**
 * The names that `statements` declare in the scope they stand in: imports, functions, classes and variables;
 * with `nested`, also the `var`s anywhere inside them (outside nested functions), which are hoisted out.
 */
function namesDeclaredBy(statements, { nested = false } = {}) {
  const names = [];
  const visit = (node, top) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, top);
      return;
    }
    switch (node.type) {
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) names.push(specifier.local.name);
        return;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (top) names.push(node.id.name);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassExpression':
        return;
      case 'VariableDeclaration':
        if (top || node.kind === 'var') names.push(...node.declarations.flatMap((d) => patternNames(d.id)));
        break;
      case 'ExportNamedDeclaration':
        visit(node.declaration, top);
        return;
    }
    if (!nested && !top) return;
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'type' && key !== 'start' && key !== 'end' && child !== null && typeof child === 'object') {
        visit(child, false);
      }
    }
  };
  for (const statement of statements) visit(statement, true);
  return names;
}

/** The names a binding pattern (`a`, `{ a, b: [c] }`, `...d`) introduces. */
function patternNames(pattern) {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        patternNames(property.type === 'RestElement' ? property.argument : property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element === null ? [] : patternNames(element)));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}
