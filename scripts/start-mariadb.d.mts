// Types of scripts/start-mariadb.mjs, which stays plain JavaScript so that it runs by hand with node alone.

export declare const serverNames: readonly string[];
export declare const installerNames: readonly string[];
export declare const fixedDirectories: readonly string[];
export declare const installHint: string;
export declare const serverSettings: readonly string[];

export declare function findMariaDb(options?: {
  readonly env?: NodeJS.ProcessEnv;
}):
  | { readonly server: string; readonly installer: string; readonly problem?: undefined }
  | { readonly server?: undefined; readonly installer?: undefined; readonly problem: string };

export interface StartedMariaDb {
  readonly socketPath: string;
  readonly user: string;
  readonly database: string;
  /** As the server reports it: `10.11.19-MariaDB-0+deb12u1`. */
  readonly version: string;
  /** The server program that runs. */
  readonly server: string;
  /** Ends the server and deletes its data directory. */
  stop(): Promise<void>;
}

export declare function startMariaDb(options?: {
  readonly env?: NodeJS.ProcessEnv;
  readonly startTimeoutMs?: number;
}): Promise<StartedMariaDb>;
