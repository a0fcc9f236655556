/**
 * Temporary files of the atomic writers that a Ctrl-C or a `kill` must not leave behind.
 * Node's default for SIGINT/SIGTERM/SIGHUP ends the process at once, so a writer killed
 * mid-write left `<target>.<number>` (possibly gigabytes) beside the untouched target.
 * While a temp file is tracked, a handler removes it and, when nothing else listens for
 * the signal, re-raises the signal with the default disposition restored: the process
 * still dies of it (exit 130 / 143 in a shell), as it would have without us. When a
 * command has its own handler (a queue worker's graceful stop) that handler decides, and
 * the writer stops at its next step (`check()`) instead of renaming a removed file; a
 * writer tracked as not `interruptible` (a small file: a sweep's row or plan) is left to
 * finish then, and its temp file is removed only when the signal ends the process.
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
  readonly interruptible: boolean;
  signal?: NodeJS.Signals;
}

const inFlight = new Map<string, Tracked>();

function onSignal(signal: NodeJS.Signals): void {
  // Does the signal end the process (no handler but this one), or does a command handle it?
  const dying = process.listenerCount(signal) <= 1;
  for (const [path, entry] of inFlight) {
    if (!dying && !entry.interruptible) continue;
    entry.signal = signal;
    inFlight.delete(path);
    try {
      rmSync(path, { force: true });
    } catch {
      // nothing more to do while the process is going down
    }
  }
  if (dying || inFlight.size === 0) uninstall();
  if (dying) process.kill(process.pid, signal);
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

/** Tracks `tempPath` (the temporary file of `target`) until `release()`; `interruptible: false`: a command's own signal handler lets the write finish. */
export function trackTempFile(tempPath: string, target: string, options: { readonly interruptible?: boolean } = {}): TempFileGuard {
  const entry: Tracked = { interruptible: options.interruptible ?? true };
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
