// What every `filterby` command shares: its output streams, exit codes, usage errors, flag reading and schema choice.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { servedAt } from '../engine.js';
import {
  defineSchema,
  type Extension,
  type Field,
  type FieldDefinition,
  type FieldType,
  FilterError,
  type Operator,
  type PartnerCenterEndpoint,
  type ProfileDefinition,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  type Query,
  type Schema,
} from '../index.js';
import { extensions as allExtensions } from '../schema.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 done, 2 bad input or usage (the error is printed), 1 anything unexpected. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;

/** A mistake in how the command was called; printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** A command's flags by name, without the dashes: `string` takes a value (`--top 10`, `--top=10`), `boolean` none. */
type Flags = Readonly<Record<string, 'string' | 'boolean'>>;

export type FlagValues<F extends Flags> = { readonly [Name in keyof F]?: F[Name] extends 'string' ? string : boolean };

export const schemaFlags = { schema: 'string', endpoint: 'string', extensions: 'string' } as const;
/** What a query reads besides its filter; `--filter` itself is a flag of `query`, a positional of `sql`. */
export const queryFlags = {
  groupby: 'string',
  orderby: 'string',
  'aggregation-level': 'string',
  top: 'string',
  skip: 'string',
  'processed-date-time': 'string',
} as const;

/**
 * A command line read by node's parseArgs, strictly: `--flag value`, `--flag=value`, a bare `--flag`, and
 * positional arguments (everything after `--` is one). An unknown flag, a missing value and a flag given
 * twice are usage errors. `-h`/`--help` never reach here: run.ts answers them first, wherever they stand.
 */
export function readArguments<const F extends Flags>(
  args: readonly string[],
  flags: F,
): { readonly positionals: string[]; readonly values: FlagValues<F> } {
  const options = Object.fromEntries(Object.entries(flags).map(([name, type]) => [name, { type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError(flagProblem(error, args));
  }
  // parseArgs keeps the last of a repeated flag; `--filter a --filter b` would silently drop a filter.
  const given = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (given.has(token.name)) throw new UsageError(`${token.rawName} is given twice; give it once`);
    given.add(token.name);
  }
  return { positionals: parsed.positionals, values: parsed.values as FlagValues<F> };
}

/** parseArgs' refusal in the CLI's words, naming the flag and what to write instead. */
function flagProblem(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
  const message = (error as Error).message;
  // parseArgs quotes the flag first: "Unknown option '--x'. …", "Option '--top <value>' argument missing".
  const flag = /'(-[^'\s]*)/.exec(message)?.[1];
  if (flag === undefined) return message.replaceAll('\n', ' ');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (message.includes('does not take an argument')) return `${flag} takes no value`;
  // Strict parseArgs reads `--rows -1` as a flag missing its value followed by another flag: "ambiguous".
  const dashed = args.find((arg, index) => args[index - 1] === flag && /^-./.test(arg));
  if (dashed === undefined) return `${flag} needs a value`;
  return `${flag} needs a value; to give one that starts with '-', write ${flag}=${dashed}`;
}

/** A whole number in [min, max] from a flag's text, or a usage error naming the flag. */
export function integerFlag(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return Number(text);
}

/** The value of a flag that takes one of a few words, or a usage error listing them. */
export function chooseOption<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} is one of ${allowed.join(', ')}, not '${value}'`);
  }
  return value as T;
}

/**
 * A schema like `base` but for what `changes` says (another table, more extensions): a schema is frozen, so
 * it is defined anew from its public view.
 */
export function rebuiltSchema(
  base: Schema,
  changes: { readonly table?: string; readonly profile?: ProfileDefinition },
): Schema {
  const fields: Record<string, FieldDefinition> = {};
  for (const field of Object.values(base.fields) as Field[]) fields[field.name] = definitionOf(field, base);
  return defineSchema({
    table: changes.table ?? base.table,
    fields,
    profile: changes.profile ?? base.profile,
    limits: base.limits,
  });
}

/**
 * The query the flags describe, with the filter text given (the `--filter` flag or a positional argument).
 * The flags become request parameters, so top, skip and the snapshot are checked as a server checks them.
 */
export function queryFromFlags(values: FlagValues<typeof queryFlags>, schema: Schema, filter?: string): Query {
  const { groupby, orderby, 'aggregation-level': aggregationLevel, top, skip } = values;
  const processedDateTime = values['processed-date-time'];
  return parseQuery({ filter, groupby, orderby, aggregationLevel, top, skip, processedDateTime }, { schema });
}

/** The words `--extensions` takes, for the usages. */
export const extensionList = allExtensions.join(',');

/** The names `--endpoint` takes: the Partner Center presets. */
export const endpointNames = Object.keys(partnerCenter) as PartnerCenterEndpoint[];

/** The preset `--endpoint NAME` names (default license usage), or a usage error listing the names. */
export function endpointFromFlag(value: string | undefined): PartnerCenterEndpoint {
  return chooseOption(value, endpointNames, '--endpoint') ?? 'licenseUsage';
}

/**
 * The schema of `--endpoint NAME` (a Partner Center preset, default license usage) or of `--schema FILE`, with
 * `--extensions not,in` turned on.
 */
export function schemaFromFlags(values: FlagValues<typeof schemaFlags>): Schema {
  if (values.schema !== undefined && values.endpoint !== undefined) {
    throw new UsageError('give --endpoint (a built-in schema) or --schema (your own), not both');
  }
  const endpoint = endpointFromFlag(values.endpoint);
  const base = values.schema === undefined ? partnerCenter[endpoint] : loadSchema(values.schema);
  const extensions = (values.extensions ?? '').split(',').filter(Boolean) as Extension[];
  if (extensions.length === 0) return base;
  const schema = rebuiltSchema(base, {
    profile: { ...base.profile, extensions: [...base.profile.extensions, ...extensions] },
  });
  // Still the endpoint's: its next links keep the endpoint's path.
  return values.schema === undefined ? servedAt(schema, partnerCenterPaths[endpoint]) : schema;
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

/** The definition `field` of `schema` was made from, as far as the resolved field tells it. */
function definitionOf(field: Field, schema: Schema): FieldDefinition {
  if (field.isMeasure) {
    return {
      type: field.type,
      column: field.column,
      aggregate: field.aggregate ?? 'sum',
      ...(field.isOrderable && { orderable: true }),
    };
  }
  // Operators the profile gave the field are left to the new profile, so that `--extensions range` gives them
  // `gt`…; a list of the field's own is kept as it is.
  const isDefault = sameOperators(field.operators, defaultOperators(field.type, schema));
  return {
    type: field.type,
    column: field.column,
    filterable: field.isFilterable,
    groupable: field.isGroupable,
    orderable: field.isOrderable,
    ...(field.type === 'string' && { caseInsensitive: field.caseInsensitive }),
    ...(!isDefault && { operators: field.operators }),
  };
}

/** The operators a field of this type gets from the schema's profile when it lists none. */
function defaultOperators(type: FieldType, schema: Schema): readonly Operator[] {
  return defineSchema({ table: 'probe', fields: { probe: { type } }, profile: schema.profile }).fields.probe.operators;
}

function sameOperators(a: readonly Operator[], b: readonly Operator[]): boolean {
  return a.length === b.length && a.every((operator) => b.includes(operator));
}
