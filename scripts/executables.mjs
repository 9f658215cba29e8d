// What the scripts that look for a program (Chromium, MariaDB's server) share: whether a path is one that runs.
import { accessSync, constants, statSync } from 'node:fs';

/** True when `path` is a file this process may execute (a directory with the x bit is not). */
export function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
