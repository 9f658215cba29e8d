// Entry point of the `filterby` binary; the commands are in src/cli/.
import { runCli } from './cli/run.js';

declare const __FILTERBY_VERSION__: string | undefined;

const version = typeof __FILTERBY_VERSION__ === 'string' ? __FILTERBY_VERSION__ : 'dev';
process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  version,
);
