// Types of scripts/parser-rewrites.mjs, for the tests that hold its rewrites to peggy's output.
export function rewriteGeneratedParser(code: string): string;
export function textWithoutArrays(code: string): string;
export function hoistConstants(code: string): string;
export function asciiClassTables(code: string): string;
export function moduleScopeRules(code: string): string;
export function literalsByCharCode(code: string): string;
export function lazyPositionCache(code: string): string;
export function classRuns(code: string): string;
