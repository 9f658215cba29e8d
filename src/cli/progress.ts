// The progress line of long CLI work (reading a rows file for `query` or `serve --data`): bytes read of the file's
// size, or rows read when the size is unknown, rows per second and the time so far, redrawn in place on stderr.

import { statSync } from 'node:fs';

/** How long the work runs before the line shows: shorter work ends before anyone waits for it. */
export const defaultProgressDelayMilliseconds = 1000;

/** How often the line is redrawn: often enough to look alive, rarely enough to cost nothing. */
const redrawMilliseconds = 200;

/**
 * Hidden, for tests: the delay in milliseconds before the line shows (0 shows it at once), so that a test under a
 * pseudo-terminal need not wait a second.
 */
export const progressDelayVariable = 'FILTERBY_PROGRESS_DELAY_MS';

/** What the line is drawn from: the counts so far and how long the work has run. */
export interface ProgressState {
  /** The file's name as the user gave it. */
  readonly name: string;
  readonly bytesRead: number;
  /** The file's size; undefined when it has none (a pipe, /dev/stdin). */
  readonly totalBytes: number | undefined;
  readonly rowsRead: number;
  readonly elapsedMilliseconds: number;
}

/**
 * The progress line, fitted to `columns` (a line wider than the terminal wraps, and `\r` then redraws only its
 * last part): the file's name is shortened from the left first, as its end says most.
 *
 * @example
 * progressLine({ name: 'usage.ndjson', bytesRead: 47_395_635, totalBytes: 125_829_120, rowsRead: 412_000,
 *   elapsedMilliseconds: 4_180 })
 * // 'filterby: usage.ndjson 45.2/120.0 MiB (37%), 412,000 rows, 98,565 rows/s, 4.2 s'
 */
export function progressLine(state: ProgressState, columns = 80): string {
  const rows = `${state.rowsRead.toLocaleString('en-US')} ${state.rowsRead === 1 ? 'row' : 'rows'}`;
  const seconds = state.elapsedMilliseconds / 1000;
  const rate = seconds > 0 ? `${Math.round(state.rowsRead / seconds).toLocaleString('en-US')} rows/s` : '– rows/s';
  const amount =
    state.totalBytes === undefined
      ? `${rows} (${mebibytes(state.bytesRead)} MiB)`
      : `${mebibytes(Math.min(state.bytesRead, state.totalBytes))}/${mebibytes(state.totalBytes)} MiB (${percent(state.bytesRead, state.totalBytes)}), ${rows}`;
  const tail = ` ${amount}, ${rate}, ${duration(seconds)}`;
  const head = 'filterby: ';
  // One column is kept free: a line that fills the last one makes some terminals wrap at once.
  const room = columns - 1 - head.length - tail.length;
  const name = Array.from(state.name);
  const shownName = name.length <= room ? state.name : `…${name.slice(name.length - Math.max(room - 1, 8)).join('')}`;
  return `${head}${shownName}${tail}`;
}

function mebibytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function percent(part: number, whole: number): string {
  if (whole === 0) return '100%';
  // Floored: 100% only once everything is read.
  return `${Math.floor((Math.min(part, whole) / whole) * 100)}%`;
}

/** 4.2 s under a minute, then 1:03, then 1:02:03. */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  const parts = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const [hours, minutes, rest] = parts as [number, number, number];
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${twoDigits(minutes)}:${twoDigits(rest)}` : `${minutes}:${twoDigits(rest)}`;
}

/** Where the line goes, and whether it goes anywhere: a terminal only. */
export interface ProgressTarget {
  readonly write: (text: string) => void;
  readonly isTerminal: boolean;
  /** The terminal's width; 80 when unknown. */
  readonly columns?: number;
}

/** The progress of reading one file: fed with the bytes and rows read, ended once, done or failed. */
export interface FileProgress {
  /** Called with the bytes read from the file so far (a running total). */
  readonly onBytesRead: (bytesRead: number) => void;
  /** The rows, counted as they pass. */
  readonly counted: <Row>(rows: AsyncIterable<Row>) => AsyncGenerator<Row>;
  /** The work is done: a line that was shown is drawn a last time and ended with a newline. */
  readonly finish: () => void;
  /** The work failed: a line that was shown is erased, so that the error message stands alone. */
  readonly abandon: () => void;
}

/**
 * The progress of reading `path`, drawn on `target` once the work passes `delayMilliseconds`; undefined (nothing
 * to feed) when the target is not a terminal or `quiet` is set, so that pipes and CI logs stay clean and the
 * reading pays nothing for it.
 */
export function fileProgress(
  path: string,
  target: ProgressTarget,
  options: { readonly quiet?: boolean; readonly delayMilliseconds?: number; readonly now?: () => number } = {},
): FileProgress | undefined {
  if (options.quiet === true || !target.isTerminal) return undefined;
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMilliseconds ?? delayFromEnvironment();
  const started = now();
  const totalBytes = sizeOf(path);
  let bytesRead = 0;
  let rowsRead = 0;
  let isShown = false;
  const draw = () => {
    const state = { name: path, bytesRead, totalBytes, rowsRead, elapsedMilliseconds: now() - started };
    // \r back to the line's start, \x1b[K erases what a longer earlier line left.
    target.write(`\r${progressLine(state, target.columns ?? 80)}\x1b[K`);
    isShown = true;
  };
  const timer = setInterval(() => {
    if (now() - started >= delay) draw();
  }, redrawMilliseconds);
  // The line never keeps the process alive.
  timer.unref();
  if (delay <= 0) draw();
  let isEnded = false;
  return {
    onBytesRead: (total) => {
      bytesRead = total;
    },
    counted: async function* <Row>(rows: AsyncIterable<Row>): AsyncGenerator<Row> {
      for await (const row of rows) {
        rowsRead++;
        yield row;
      }
    },
    finish: () => {
      if (isEnded) return;
      isEnded = true;
      clearInterval(timer);
      if (!isShown) return;
      draw();
      target.write('\n');
    },
    abandon: () => {
      if (isEnded) return;
      isEnded = true;
      clearInterval(timer);
      if (isShown) target.write('\r\x1b[K');
    },
  };
}

/** Runs `work`, then ends the progress: finished when the work succeeds, abandoned (erased) when it throws. */
export async function underProgress<T>(progress: FileProgress | undefined, work: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await work();
  } catch (error) {
    progress?.abandon();
    throw error;
  }
  progress?.finish();
  return value;
}

/** The file's size, when it is a regular file; a pipe or a terminal has none. A missing file is the reader's to report. */
function sizeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

function delayFromEnvironment(): number {
  const text = process.env[progressDelayVariable];
  if (text === undefined || !/^\d+$/.test(text)) return defaultProgressDelayMilliseconds;
  return Number(text);
}

/** stderr as the target: a terminal or not, and its width (a pseudo-terminal may say 0: unknown). */
export function stderrTarget(write: (text: string) => void): ProgressTarget {
  const columns = process.stderr.columns;
  return {
    write,
    isTerminal: process.stderr.isTTY === true,
    ...(columns !== undefined && columns > 0 && { columns }),
  };
}
