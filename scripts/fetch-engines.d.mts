// Types of scripts/fetch-engines.mjs, which stays plain JavaScript so that .ci/run can run it before the tests.

export declare const engines: Readonly<
  Record<string, { readonly package: string; readonly version: string; readonly platforms: readonly string[] }>
>;

export declare function engineCache(env?: NodeJS.ProcessEnv): string;

export declare function fetchEngine(
  name: string,
  env?: NodeJS.ProcessEnv,
): { readonly path: string; readonly problem?: undefined } | { readonly path?: undefined; readonly problem: string };
