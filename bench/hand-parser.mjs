// The floor for parsing: a tight hand-written recursive-descent parser for the Partner Center filter language
// (`field eq|ne 'text'`, `and`, `or`, parentheses; `''` inside a literal). It checks field names against a
// set, as filterby does, and builds a small AST, but reports errors with a bare message and offset only.

const space = (code) => code === 32 || code === 9 || code === 10 || code === 13;
const wordChar = (code) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;

export function handParser(fieldNames) {
  const fields = new Set(fieldNames);
  return function parse(text) {
    let at = 0;
    const fail = (what) => {
      throw new SyntaxError(`${what} at ${at}`);
    };
    const skip = () => {
      while (at < text.length && space(text.charCodeAt(at))) at++;
    };
    const word = () => {
      const start = at;
      while (at < text.length && wordChar(text.charCodeAt(at))) at++;
      return text.slice(start, at);
    };
    const keyword = (name) => {
      if (text.startsWith(name, at) && !wordChar(text.charCodeAt(at + name.length))) {
        at += name.length;
        return true;
      }
      return false;
    };
    const literal = () => {
      if (text.charCodeAt(at) !== 39) fail("expected '");
      let value = '';
      let from = ++at;
      for (;;) {
        const quote = text.indexOf("'", at);
        if (quote === -1) fail('unterminated literal');
        if (text.charCodeAt(quote + 1) === 39) {
          value += text.slice(from, quote + 1);
          at = from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        at = quote + 1;
        return value;
      }
    };
    const factor = () => {
      skip();
      if (text.charCodeAt(at) === 40) {
        at++;
        const inner = or();
        skip();
        if (text.charCodeAt(at) !== 41) fail('expected )');
        at++;
        return inner;
      }
      const field = word();
      if (!fields.has(field)) fail(`unknown field '${field}'`);
      skip();
      const op = keyword('eq') ? 'eq' : keyword('ne') ? 'ne' : fail('expected eq or ne');
      skip();
      return { kind: 'compare', field, op, value: literal() };
    };
    const and = () => {
      const first = factor();
      const operands = [first];
      for (;;) {
        skip();
        if (!keyword('and')) break;
        operands.push(factor());
      }
      return operands.length === 1 ? first : { kind: 'and', operands };
    };
    const or = () => {
      const first = and();
      const operands = [first];
      for (;;) {
        skip();
        if (!keyword('or')) break;
        operands.push(and());
      }
      return operands.length === 1 ? first : { kind: 'or', operands };
    };
    const tree = or();
    skip();
    if (at !== text.length) fail('unexpected text');
    return tree;
  };
}
