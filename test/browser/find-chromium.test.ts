// scripts/find-chromium.mjs: where the browser test finds Chromium, when it installs Debian's, and the one line
// it fails with otherwise. Each machine is a temporary folder of stand-in executables on an empty PATH.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ensureChromium, findChromium, installPlan } from '../../scripts/find-chromium.mjs';

let machine: string;

beforeEach(() => {
  machine = mkdtempSync(join(tmpdir(), 'find-chromium-'));
});

afterEach(() => {
  rmSync(machine, { recursive: true, force: true });
});

/** Writes a shell script at `path` (under the temporary machine) that can be run. */
function executable(path: string, script = 'exit 0'): string {
  const file = join(machine, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const nowhere = { fixedPaths: [] as string[] };

describe('findChromium', () => {
  test('takes CHROMIUM_PATH when it names an executable, and reports it when it does not', () => {
    const chosen = executable('opt/chrome/chrome');
    executable('bin/chromium');
    const path = join(machine, 'bin');
    expect(findChromium({ env: { PATH: path, CHROMIUM_PATH: chosen }, ...nowhere })).toEqual({ path: chosen });
    // A path the user chose that is wrong is their mistake to hear about, not to be papered over with PATH's.
    const missing = join(machine, 'opt/none');
    expect(findChromium({ env: { PATH: path, CHROMIUM_PATH: missing }, ...nowhere })).toEqual({
      problem: `CHROMIUM_PATH is ${JSON.stringify(missing)}, which is not an executable file`,
    });
  });

  test('looks on PATH for chromium, chromium-browser, google-chrome, in that order, then at the fixed paths', () => {
    const chrome = executable('b/google-chrome');
    const browser = executable('a/chromium-browser');
    const path = [join(machine, 'a'), join(machine, 'b')].join(':');
    expect(findChromium({ env: { PATH: path }, ...nowhere })).toEqual({ path: browser });
    expect(findChromium({ env: { PATH: join(machine, 'b') }, ...nowhere })).toEqual({ path: chrome });

    // A file that cannot be run is not Chromium.
    writeFileSync(join(machine, 'c-chromium'), '');
    const fixed = executable('usr/bin/chromium');
    expect(findChromium({ env: { PATH: '' }, fixedPaths: [join(machine, 'c-chromium'), fixed] })).toEqual({
      path: fixed,
    });
    expect(findChromium({ env: { PATH: '' }, fixedPaths: [], extraPaths: [chrome] })).toEqual({ path: chrome });
    expect(findChromium({ env: { PATH: join(machine, 'empty') }, fixedPaths: ['/nonexistent/chromium'] })).toEqual({
      problem:
        'none of chromium, chromium-browser, google-chrome, google-chrome-stable is on PATH and /nonexistent/chromium is absent',
    });
  });
});

describe('installPlan', () => {
  test('as root on Debian: apt-get update, then a quiet, prompt-free install of chromium', async () => {
    const aptGet = executable('bin/apt-get');
    const plan = await installPlan({
      env: { PATH: join(machine, 'bin') },
      platform: 'linux',
      uid: 0,
      osRelease: debian,
    });
    expect(plan.commands).toEqual([
      [aptGet, '-o', 'DPkg::Lock::Timeout=300', 'update', '-qq'],
      [aptGet, '-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-qq', 'chromium'],
    ]);
  });

  test('through sudo when it asks no password, carrying DEBIAN_FRONTEND through it', async () => {
    const aptGet = executable('bin/apt-get');
    const sudo = executable('bin/sudo');
    const env = { PATH: join(machine, 'bin') };
    const plan = await installPlan({ env, platform: 'linux', uid: 1000, osRelease: 'ID=ubuntu\nID_LIKE=debian\n' });
    expect(plan.commands?.[1]).toEqual([
      sudo,
      '-n',
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      aptGet,
      '-o',
      'DPkg::Lock::Timeout=300',
      'install',
      '-y',
      '-qq',
      'chromium',
    ]);
    // sudo -n fails rather than prompt when it needs a password.
    executable('bin/sudo', 'echo "sudo: a password is required" >&2; exit 1');
    expect(await installPlan({ env, platform: 'linux', uid: 1000, osRelease: debian })).toEqual({
      problem: 'not running as root, and sudo asks for a password',
    });
  });

  test('says why it cannot: another system, another Linux, no apt-get, no sudo', async () => {
    const env = { PATH: join(machine, 'bin') };
    expect(await installPlan({ env, platform: 'darwin', uid: 0, osRelease: '' })).toEqual({
      problem: 'this is darwin, not Debian or Ubuntu',
    });
    expect(await installPlan({ env, platform: 'linux', uid: 0, osRelease: 'ID=fedora\n' })).toEqual({
      problem: 'this Linux is neither Debian nor Ubuntu, so apt-get cannot be assumed',
    });
    expect(await installPlan({ env, platform: 'linux', uid: 0, osRelease: debian })).toEqual({
      problem: 'apt-get is not on PATH',
    });
    executable('bin/apt-get');
    expect(await installPlan({ env, platform: 'linux', uid: 1000, osRelease: debian })).toEqual({
      problem: 'not running as root, and sudo is not on PATH',
    });
  });
});

describe('ensureChromium', () => {
  test('installs with apt-get when Chromium is missing, then finds what it installed', async () => {
    const log = join(machine, 'apt.log');
    const installed = join(machine, 'usr/bin/chromium');
    // The stand-in apt-get logs how it was called and, on install, puts an executable where Debian's goes.
    executable(
      'bin/apt-get',
      `PATH=/usr/bin:/bin
echo "$DEBIAN_FRONTEND $*" >> ${log}
case "$*" in *install*) mkdir -p ${join(machine, 'usr/bin')}; printf '#!/bin/sh\\n' > ${installed}; chmod 755 ${installed};; esac`,
    );
    const progress: string[] = [];
    const path = await ensureChromium({
      env: { PATH: join(machine, 'bin') },
      fixedPaths: [installed],
      platform: 'linux',
      uid: 0,
      osRelease: debian,
      onProgress: (line) => progress.push(line),
    });
    expect(path).toBe(installed);
    expect(readFileSync(log, 'utf8').split('\n')).toEqual([
      'noninteractive -o DPkg::Lock::Timeout=300 update -qq',
      'noninteractive -o DPkg::Lock::Timeout=300 install -y -qq chromium',
      '',
    ]);
    expect(progress).toEqual(['Chromium is missing: installing Debian’s chromium with apt-get (a minute or two)']);
  });

  test('fails with one line naming what to install when it cannot install', async () => {
    const env = { PATH: join(machine, 'bin') };
    const machineOptions = {
      env,
      fixedPaths: ['/nonexistent/chromium'],
      platform: 'linux',
      osRelease: debian,
    } as const;
    const lookedFor =
      'none of chromium, chromium-browser, google-chrome, google-chrome-stable is on PATH and /nonexistent/chromium is absent';
    const hint =
      'install it (Debian/Ubuntu: `sudo apt-get install -y chromium`), put chromium or google-chrome on PATH, or set CHROMIUM_PATH to its executable.';

    await expect(ensureChromium({ ...machineOptions, uid: 1000 })).rejects.toThrow(
      `The browser test needs Chromium: ${lookedFor}, and it cannot be installed here (apt-get is not on PATH); ${hint}`,
    );
    await expect(ensureChromium({ ...machineOptions, uid: 0, install: false })).rejects.toThrow(
      `The browser test needs Chromium: ${lookedFor}; ${hint}`,
    );

    // apt-get that fails: its last line says why.
    const aptGet = executable(
      'bin/apt-get',
      'case "$*" in *install*) echo "Reading package lists..."; echo "E: Unable to locate package chromium" >&2; exit 100;; esac',
    );
    const failure = ensureChromium({ ...machineOptions, uid: 0 });
    await expect(failure).rejects.toThrow(
      `The browser test needs Chromium: \`${aptGet} -o DPkg::Lock::Timeout=300 install -y -qq chromium\` failed (E: Unable to locate package chromium); ${hint}`,
    );
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
  });

  test('does not install in place of a CHROMIUM_PATH that names nothing', async () => {
    const log = join(machine, 'apt.log');
    executable('bin/apt-get', `echo "$*" >> ${log}`);
    const chosen = join(machine, 'missing-chrome');
    await expect(
      ensureChromium({
        env: { PATH: join(machine, 'bin'), CHROMIUM_PATH: chosen },
        platform: 'linux',
        uid: 0,
        osRelease: debian,
      }),
    ).rejects.toThrow(`CHROMIUM_PATH is ${JSON.stringify(chosen)}, which is not an executable file`);
    expect(() => readFileSync(log)).toThrow();
  });
});
