// Finds the Chromium the browser test drives, and installs Debian's when it is missing and this machine lets us.
// One place for both users: test/browser/playground.test.ts imports it; .ci/run runs it as
// `node scripts/find-chromium.mjs --install`, before `npm ci`, so it imports nothing but Node's own modules.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isExecutableFile } from './executables.mjs';

/** The executable names looked for on PATH, in this order. */
export const chromiumNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Debian's chromium lands here; looked at even when PATH leaves /usr/bin out. */
export const fixedChromiumPaths = ['/usr/bin/chromium'];

/** What to do when nothing works; ends every failure line. */
export const installHint =
  'install it (Debian/Ubuntu: `sudo apt-get install -y chromium`), put chromium or google-chrome on PATH, or set CHROMIUM_PATH to its executable';

// A lock held by another apt (an unattended upgrade, a parallel job) is waited for, not failed on.
const aptLockWait = ['-o', 'DPkg::Lock::Timeout=300'];

/** The first file named `name` in a PATH-style list that can be run, or undefined. */
function onPath(name, pathList) {
  for (const directory of (pathList ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where Chromium is: CHROMIUM_PATH when set (and then only there: a path the user chose is not second-guessed),
 * else the first of `chromiumNames` on PATH, else the first of `fixedPaths` and `extraPaths` that can be run.
 * Returns `{ path }` or `{ problem }`, a phrase saying what is missing.
 */
export function findChromium({ env = process.env, fixedPaths = fixedChromiumPaths, extraPaths = [] } = {}) {
  const chosen = env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    return isExecutableFile(chosen)
      ? { path: chosen }
      : { problem: `CHROMIUM_PATH is ${JSON.stringify(chosen)}, which is not an executable file` };
  }
  for (const name of chromiumNames) {
    const found = onPath(name, env.PATH);
    if (found !== undefined) return { path: found };
  }
  const found = [...fixedPaths, ...extraPaths].find(isExecutableFile);
  if (found !== undefined) return { path: found };
  return {
    problem: `none of ${chromiumNames.join(', ')} is on PATH and ${fixedPaths.join(', ') || 'no known path'} is absent`,
  };
}

/**
 * How this machine can install Debian's chromium: `{ commands }` (argv lists, run in order), or `{ problem }`
 * saying why it cannot. It can when it is Debian or Ubuntu with apt-get, and we are root or sudo needs no password.
 */
export async function installPlan({
  env = process.env,
  platform = process.platform,
  uid = process.getuid?.(),
  osRelease = readOsRelease(),
} = {}) {
  if (platform !== 'linux') return { problem: `this is ${platform}, not Debian or Ubuntu` };
  const distributions = /^(?:ID|ID_LIKE)=["']?([^"'\n]*)/gm;
  const names = Array.from(osRelease.matchAll(distributions), (match) => match[1].split(' ')).flat();
  if (!names.some((name) => name === 'debian' || name === 'ubuntu')) {
    return { problem: 'this Linux is neither Debian nor Ubuntu, so apt-get cannot be assumed' };
  }
  const aptGet = onPath('apt-get', env.PATH);
  if (aptGet === undefined) return { problem: 'apt-get is not on PATH' };
  let asRoot;
  if (uid === 0) {
    asRoot = [];
  } else {
    const sudo = onPath('sudo', env.PATH);
    if (sudo === undefined) return { problem: 'not running as root, and sudo is not on PATH' };
    const sudoWorks = await run([sudo, '-n', 'true'], env);
    if (!sudoWorks.ok) return { problem: 'not running as root, and sudo asks for a password' };
    // sudo resets the environment; `env` carries DEBIAN_FRONTEND through it.
    asRoot = [sudo, '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
  }
  return {
    commands: [
      [...asRoot, aptGet, ...aptLockWait, 'update', '-qq'],
      [...asRoot, aptGet, ...aptLockWait, 'install', '-y', '-qq', 'chromium'],
    ],
  };
}

function readOsRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Runs one command to its end; `ok` when it exits 0, with its output's last non-empty line to explain a failure. */
function run(argv, env) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (text) => {
      // The tail is all a failure line uses; apt's progress can run to megabytes.
      output = (output + text).slice(-4000);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.once('error', (error) => resolve({ ok: false, lastLine: error.message }));
    child.once('close', (code, signal) => {
      const lastLine = output.trim().split('\n').at(-1)?.trim() ?? '';
      resolve({ ok: code === 0, lastLine: lastLine || `exit ${code ?? signal}` });
    });
  });
}

/**
 * The path of a Chromium to launch. Looks first; when nothing is there and `install` is true, installs Debian's
 * chromium if this machine lets us (telling `onProgress` first: it takes a minute or two), then looks again.
 * Rejects with an Error whose message is one line: what is missing, why it was not installed, and what to do.
 */
export async function ensureChromium({
  install = true,
  env = process.env,
  fixedPaths = fixedChromiumPaths,
  extraPaths = [],
  platform,
  uid,
  osRelease,
  onProgress = () => {},
} = {}) {
  const lookup = () => findChromium({ env, fixedPaths, extraPaths });
  const first = lookup();
  if (first.path !== undefined) return first.path;
  const fail = (why) => {
    throw new Error(`The browser test needs Chromium: ${why}; ${installHint}.`);
  };
  // A CHROMIUM_PATH that names nothing is a mistake to report, not a reason to install something else.
  if (!install || (env.CHROMIUM_PATH ?? '') !== '') fail(first.problem);
  const plan = await installPlan({
    env,
    ...(platform !== undefined && { platform }),
    ...(uid !== undefined && { uid }),
    ...(osRelease !== undefined && { osRelease }),
  });
  if (plan.problem !== undefined) fail(`${first.problem}, and it cannot be installed here (${plan.problem})`);
  onProgress('Chromium is missing: installing Debian’s chromium with apt-get (a minute or two)');
  for (const command of plan.commands) {
    const result = await run(command, env);
    if (!result.ok) fail(`\`${command.join(' ')}\` failed (${result.lastLine})`);
  }
  const second = lookup();
  if (second.path === undefined) fail(`apt-get installed chromium, yet ${second.problem}`);
  return second.path;
}

// `node scripts/find-chromium.mjs [--install]`: prints the path, or one line on stderr and exit 2.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const install = process.argv.includes('--install');
  try {
    const path = await ensureChromium({ install, onProgress: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${path}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
