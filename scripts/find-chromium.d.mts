// Types of scripts/find-chromium.mjs, which stays plain JavaScript so that .ci/run can run it before `npm ci`.

export declare const chromiumNames: readonly string[];
export declare const fixedChromiumPaths: readonly string[];
export declare const installHint: string;

export interface LookupOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly fixedPaths?: readonly string[];
  readonly extraPaths?: readonly string[];
}

export declare function findChromium(
  options?: LookupOptions,
): { readonly path: string; readonly problem?: undefined } | { readonly path?: undefined; readonly problem: string };

export interface MachineOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly uid?: number;
  /** The text of /etc/os-release. */
  readonly osRelease?: string;
}

export declare function installPlan(
  options?: MachineOptions,
): Promise<
  | { readonly commands: readonly (readonly string[])[]; readonly problem?: undefined }
  | { readonly commands?: undefined; readonly problem: string }
>;

export declare function ensureChromium(
  options?: LookupOptions &
    MachineOptions & {
      readonly install?: boolean;
      readonly onProgress?: (line: string) => void;
    },
): Promise<string>;
