// Whether a filter holds a node of the issue-12 language (a range comparison or a substring test): what
// test/sql-language.test.ts lets past the checks that do not know them yet.

/** True when `value`, read as a filter AST, holds a compare with gt/ge/lt/le or a match node anywhere. */
export function holdsNewNode(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as { kind?: unknown; op?: unknown; operands?: unknown; operand?: unknown };
  if (node.kind === 'match') return true;
  if (node.kind === 'compare') return node.op === 'gt' || node.op === 'ge' || node.op === 'lt' || node.op === 'le';
  if (node.kind === 'not') return holdsNewNode(node.operand);
  return Array.isArray(node.operands) && node.operands.some(holdsNewNode);
}
