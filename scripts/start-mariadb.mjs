// Starts a throwaway MariaDB (or MySQL) server for the SQL tests: finds mariadbd/mysqld and mariadb-install-db,
// initialises a data directory under a temp dir, serves it on a unix socket only, waits until it answers, and stops
// it (and deletes the directory) after. test/differential/engines/mariadb.ts imports it; run by hand,
// `node scripts/start-mariadb.mjs` starts one and prints how to connect, until Ctrl-C. Node's own modules only.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isExecutableFile } from './executables.mjs';

/** The server and installer names looked for, in this order. */
export const serverNames = ['mariadbd', 'mysqld'];
export const installerNames = ['mariadb-install-db', 'mysql_install_db'];

/** Where Debian, Homebrew and tarballs put them; looked at after PATH (which often leaves sbin out). */
export const fixedDirectories = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

export const installHint =
  'install it (Debian/Ubuntu: `sudo apt-get install -y mariadb-server`) or put mariadbd on PATH';

/**
 * What the compiled SQL needs of the server, beyond the collation its columns and comparisons name:
 * - max_sort_length: ORDER BY compares only the first max_sort_length bytes of a text's UTF-8 (default 1024, as
 *   few as 256 characters); two texts alike up to there sort as equals. It must exceed the longest text, yet
 *   every text key of an ORDER BY takes that much room per row in the sort buffer, which must hold about 16 rows:
 *   with 12 text keys and max_sort_length 16384, the default sort_buffer_size (2 MB) fails "Out of sort memory"
 *   (measured on 10.11). 4096 serves texts of up to 4,095 bytes in the widest preset's 21 text fields.
 * Two more make the tests stricter than the defaults, never looser:
 * - sql_mode adds ONLY_FULL_GROUP_BY (MySQL 8's default; MariaDB leaves it off), so that every grouped SELECT is
 *   one MySQL 8 accepts too;
 * - the server's own collation is case-insensitive and PAD SPACE (utf8mb4_general_ci), so that any comparison
 *   that forgot to name the binary collation would show.
 */
export const serverSettings = [
  '--max-sort-length=4096',
  '--sql-mode=ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_general_ci',
];

// Test data is thrown away: no durability (fsync per commit), no binary log, a small buffer pool, no TCP port.
const throwawaySettings = [
  '--skip-networking',
  '--skip-log-bin',
  '--innodb-flush-log-at-trx-commit=0',
  '--innodb-doublewrite=0',
  '--innodb-buffer-pool-size=64M',
  '--innodb-log-file-size=16M',
  '--skip-name-resolve',
];

function findProgram(names, env) {
  const directories = [...(env.PATH ?? '').split(delimiter).filter((each) => each !== ''), ...fixedDirectories];
  for (const name of names) {
    for (const directory of directories) {
      const candidate = join(directory, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The server and installer to run: `{ server, installer }`, or `{ problem }`, a phrase saying what is missing.
 * MARIADBD (and MARIADB_INSTALL_DB) name them exactly when set.
 */
export function findMariaDb({ env = process.env } = {}) {
  if (process.platform === 'win32') return { problem: 'the test server runs on a unix socket, which Windows lacks' };
  const chosen = (variable, names) => {
    const path = env[variable];
    if (path === undefined || path === '') return { path: findProgram(names, env) };
    return isExecutableFile(path) ? { path } : { problem: `${variable} is ${JSON.stringify(path)}, not a program` };
  };
  const server = chosen('MARIADBD', serverNames);
  const installer = chosen('MARIADB_INSTALL_DB', installerNames);
  const problem = server.problem ?? installer.problem;
  if (problem !== undefined) return { problem };
  if (server.path === undefined) {
    return { problem: `none of ${serverNames.join(', ')} is on PATH or in ${fixedDirectories.join(', ')}` };
  }
  if (installer.path === undefined) {
    return { problem: `${server.path} is there but none of ${installerNames.join(', ')} is` };
  }
  return { server: server.path, installer: installer.path };
}

/** Runs a program to its end; rejects with its output's last lines when it fails. */
function runToEnd(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (text) => {
      output = (output + text).slice(-4000);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${argv[0]} failed (${code ?? signal}): ${lastLines(output)}`));
    });
  });
}

function lastLines(text, count = 3) {
  return text.trim().split('\n').slice(-count).join(' | ');
}

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Whether a server answers on the socket: it speaks first (its handshake), so any byte read is an answer. */
function answers(socketPath) {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts a server on a new data directory. Resolves to `{ socketPath, user, database, version, stop() }` once it
 * answers; `stop()` ends it and deletes the directory. The server runs as the current user; root must say so
 * (`--user=root`), which it does. Rejects with an Error of one line when anything fails.
 */
export async function startMariaDb({ env = process.env, startTimeoutMs = 60_000 } = {}) {
  const found = findMariaDb({ env });
  if (found.problem !== undefined) throw new Error(`No MariaDB server to start: ${found.problem}; ${installHint}.`);
  const directory = mkdtempSync(join(tmpdir(), 'filterby-mariadb-'));
  const dataDirectory = join(directory, 'data');
  const socketPath = join(directory, 'socket');
  const errorLog = join(directory, 'error.log');
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  let server;
  const removeDirectory = () => rmSync(directory, { recursive: true, force: true });
  // A test process that dies mid-run must not leave a server behind.
  const killOnExit = () => server?.kill('SIGKILL');
  try {
    // "normal": root@localhost logs in with no password, whichever OS user runs the tests.
    await runToEnd([
      found.installer,
      '--no-defaults',
      `--datadir=${dataDirectory}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
      ...throwawaySettings,
    ]);
    server = spawn(
      found.server,
      [
        '--no-defaults',
        `--datadir=${dataDirectory}`,
        `--socket=${socketPath}`,
        `--pid-file=${join(directory, 'pid')}`,
        `--log-error=${errorLog}`,
        ...asRoot,
        ...throwawaySettings,
        ...serverSettings,
      ],
      { stdio: 'ignore' },
    );
    process.once('exit', killOnExit);
    let exited;
    server.once('exit', (code, signal) => {
      exited = `exited (${code ?? signal})`;
    });
    server.once('error', (error) => {
      exited = error.message;
    });
    const deadline = Date.now() + startTimeoutMs;
    while (!(await answers(socketPath))) {
      if (exited !== undefined || Date.now() > deadline) {
        throw new Error(`${found.server} ${exited ?? 'did not answer in time'}: ${lastLines(readLog(errorLog))}`);
      }
      await sleep(100);
    }
  } catch (error) {
    server?.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    removeDirectory();
    throw error;
  }
  const version = /Version: '([^']+)'/.exec(readLog(errorLog))?.[1] ?? 'unknown version';
  const running = server;
  return {
    socketPath,
    user: 'root',
    database: 'mysql',
    version,
    server: found.server,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
        if (!stopped) running.kill('SIGKILL');
      }
      removeDirectory();
    },
  };
}

function readLog(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// `node scripts/start-mariadb.mjs`: starts a server, prints how to reach it, and stops it on Ctrl-C.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const started = await startMariaDb();
    process.stdout.write(
      `MariaDB ${started.version} on ${started.socketPath} (user root, no password); Ctrl-C stops it\n`,
    );
    const stop = async () => {
      await started.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
