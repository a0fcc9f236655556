/**
 * Temporary files of the atomic writers that a Ctrl-C or a `kill` must not leave behind.
 * Node's default for SIGINT/SIGTERM/SIGHUP ends the process at once, so a writer killed
 * mid-write left `<target>.<number>` (possibly gigabytes) beside the untouched target.
 * While a temp file is tracked, a handler removes it and, when nothing else listens for
 * the signal, re-raises the signal with the default disposition restored: the process
 * still dies of it (exit 130 / 143 in a shell), as it would have without us. When a
 * command has its own handler (a queue worker's graceful stop) that handler decides, and
 * the writer stops at its next step (`check()`) instead of renaming a removed file.
 *
 * A handler runs only when the event loop is free: a synchronous write finishes first
 * (then nothing is left to remove); the streamed async writer awaits between chunks, so a
 * signal lands mid-write. Signals are not delivered to worker threads: a worker's writes
 * are covered by the main thread only when it tracks them.
 */
import { rmSync } from 'node:fs';
import { SlacklineError } from '../errors.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Tracked {
  signal?: NodeJS.Signals;
}

const inFlight = new Map<string, Tracked>();

function onSignal(signal: NodeJS.Signals): void {
  for (const [path, entry] of inFlight) {
    entry.signal = signal;
    try {
      rmSync(path, { force: true });
    } catch {
      // nothing more to do while the process is going down
    }
  }
  inFlight.clear();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

export interface TempFileGuard {
  /** Throws a SlacklineError naming `target` when a signal removed the temp file. */
  check(): void;
  /** Stops tracking (after the rename, or after the writer removed the file itself). */
  release(): void;
}

/** Tracks `tempPath` (the temporary file of `target`) until `release()`. */
export function trackTempFile(tempPath: string, target: string): TempFileGuard {
  const entry: Tracked = {};
  if (inFlight.size === 0) install();
  inFlight.set(tempPath, entry);
  return {
    check() {
      if (entry.signal !== undefined) throw new SlacklineError('atomic-write', `write interrupted by ${entry.signal}; the previous file is unchanged`, { file: target });
    },
    release() {
      if (inFlight.get(tempPath) !== entry) return;
      inFlight.delete(tempPath);
      if (inFlight.size === 0) uninstall();
    },
  };
}
