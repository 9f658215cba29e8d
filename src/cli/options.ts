// What every `filterby` command shares: its output streams, exit codes, usage errors, flag reading and schema choice.

import { readFileSync } from 'node:fs';
import {
  defineSchema,
  type Extension,
  type Field,
  type FieldDefinition,
  FilterError,
  parseQuery,
  partnerCenter,
  type Query,
  type Schema,
} from '../index.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 done, 2 bad input or usage (the error is printed), 1 anything unexpected. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;

/** A mistake in how the command was called; printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** `value` flags take the next argument; `boolean` flags stand alone. */
export type FlagKinds = Readonly<Record<string, 'value' | 'boolean'>>;

export interface ReadArguments {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly booleans: Set<string>;
}

/** Reads `--flag value`, `--flag=value` and bare `--flag`; anything else is positional. Unknown flags are usage errors. */
export function readArguments(args: readonly string[], flags: FlagKinds): ReadArguments {
  const read: ReadArguments = { positional: [], values: new Map(), booleans: new Set() };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('--') || arg === '--') {
      read.positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const kind = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown option ${name}`);
    if (kind === 'boolean') {
      if (equals !== -1) throw new UsageError(`${name} takes no value`);
      read.booleans.add(name);
      continue;
    }
    const value = equals === -1 ? args[++index] : arg.slice(equals + 1);
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    read.values.set(name, value);
  }
  return read;
}

/** A whole number in [min, max] from a flag's text, or a usage error naming the flag. */
export function integerFlag(read: ReadArguments, flag: string, min: number, max: number): number | undefined {
  const text = read.values.get(flag);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return Number(text);
}

/** The built-in Partner Center schema or `--schema FILE`, with `--extensions` turned on. */
export function chooseSchema(schemaFile: string | undefined, extensions: readonly Extension[]): Schema {
  const base = schemaFile === undefined ? partnerCenter.licenseUsage : loadSchema(schemaFile);
  if (extensions.length === 0) return base;
  return rebuiltSchema(base, { profile: { extensions: [...base.profile.extensions, ...extensions] } });
}

/**
 * A schema like `base` but for what `changes` says (another table, more extensions): a schema is frozen, so
 * it is defined anew from its public view.
 */
export function rebuiltSchema(
  base: Schema,
  changes: { readonly table?: string; readonly profile?: Schema['profile'] },
): Schema {
  const fields: Record<string, FieldDefinition> = {};
  for (const field of Object.values(base.fields) as Field[]) fields[field.name] = definitionOf(field);
  return defineSchema({
    table: changes.table ?? base.table,
    fields,
    profile: changes.profile ?? base.profile,
    limits: base.limits,
  });
}

/** The query flags every command shares, and the request parameter each stands for. */
const queryFlags = [
  ['--filter', 'filter'],
  ['--groupby', 'groupby'],
  ['--top', 'top'],
  ['--skip', 'skip'],
  ['--processed-date-time', 'processedDateTime'],
] as const;

/**
 * The query the flags describe (with `filter` given, the filter text from elsewhere, such as a positional
 * argument). The flags become request parameters, so top, skip and the snapshot are checked as a server
 * would check them.
 */
export function queryFromFlags(read: ReadArguments, schema: Schema, filter?: string): Query {
  const parameters: Record<string, string> = {};
  for (const [flag, parameter] of queryFlags) {
    const value = read.values.get(flag);
    if (value !== undefined) parameters[parameter] = value;
  }
  if (filter !== undefined) parameters.filter = filter;
  return parseQuery(parameters, { schema });
}

/** `--extensions not,in` as a list. */
export function extensionsFlag(read: ReadArguments): Extension[] {
  return (read.values.get('--extensions') ?? '').split(',').filter(Boolean) as Extension[];
}

function loadSchema(file: string): Schema {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the schema file ${file}`);
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the schema file ${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    return defineSchema(definition as Parameters<typeof defineSchema>[0]);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    // Named by its file: the same definition error could come from any of several schema files.
    throw new FilterError('INVALID_SCHEMA', `The schema file ${file}: ${error.message}`);
  }
}

function definitionOf(field: Field): FieldDefinition {
  if (field.isMeasure) return { type: field.type, column: field.column, aggregate: 'sum' };
  return {
    type: field.type,
    column: field.column,
    filterable: field.isFilterable,
    groupable: field.isGroupable,
    ...(field.type === 'string' && { caseInsensitive: field.caseInsensitive }),
  };
}
