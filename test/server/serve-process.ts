// The built `filterby serve` as a child process, for the tests that talk to it over HTTP: started on a free
// port with a clean environment, its address read from the line it prints, and stopped (or killed) after.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** PORT, HOST and DATABASE_URL of the machine must not choose for the test what its flags say. */
export const cleanEnvironment = { PORT: '', HOST: '', DATABASE_URL: '' };

export interface ServeProcess {
  /** `http://127.0.0.1:<port>/`, as `filterby: listening on …` says. */
  readonly url: string;
  /** Everything it printed on stdout so far. */
  readonly stdout: string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Starts `filterby serve --port 0 …args`; rejects with its stderr if it exits before it listens. */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...cleanEnvironment, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match = /^filterby: listening on (\S+)$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    get stdout() {
      return stdout;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills whatever `startServe` started and is still running: for afterAll, so no test leaves a server behind. */
export function killServes(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
}
