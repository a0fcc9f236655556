/**
 * One sweep at a time per results folder. proper-lockfile holds `<dir>/.lock` (an atomic
 * mkdir whose mtime it refreshes while the sweep runs); beside it `<dir>/.lock-holder.json`
 * names the holder (pid, host, start time, command), so a second sweep fails at once with
 * an error that says who has the folder.
 *
 * A stale lock is recovered: proper-lockfile takes over a lock whose mtime is older than
 * `staleMs`; and a lock held by a process of this host that no longer exists (killed -9,
 * the machine lost power) is removed at once, without waiting for it to age.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { SlacklineError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
}

export interface ResultsLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export interface LockOptions {
  /**
   * A lock not refreshed for this long is stale. Generous: a main thread planning inline
   * (`--workers 0`) cannot refresh it while a plan runs. @default 120000
   */
  readonly staleMs?: number;
  /** Shown in the holder file. @default the process's command line */
  readonly command?: string;
}

export const LOCK_NAME = '.lock';
export const HOLDER_NAME = '.lock-holder.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export function readHolder(dir: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dir, HOLDER_NAME), 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt, command: typeof value.command === 'string' ? value.command : '' };
    }
  } catch {
    // missing (between the lock and the holder file) or unreadable
  }
  return undefined;
}

/** Takes the folder's lock (creating the folder), or throws a SlacklineError naming the holder. */
export async function lockResults(dir: string, options: LockOptions = {}): Promise<ResultsLock> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new SlacklineError('bench', `cannot create the results folder: ${(error as Error).message}`, { file: dir });
  }
  const staleMs = Math.max(2000, options.staleMs ?? 120_000);
  const lockPath = join(dir, LOCK_NAME);
  const attempt = () =>
    lockfile.lock(dir, {
      lockfilePath: lockPath,
      stale: staleMs,
      update: Math.min(10_000, staleMs / 4),
      realpath: false,
      retries: 0,
      // Losing the lock (e.g. the folder was deleted) must not crash a sweep half done: say so.
      onCompromised: (error) => console.error(`slackline/bench: warning: the lock on ${dir} was lost (${error.message}); another sweep may now write there too`),
    });
  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw new SlacklineError('bench', `cannot lock the results folder: ${(error as Error).message}`, { file: dir });
    const holder = readHolder(dir);
    if (holder !== undefined && holder.host === hostname() && !isAlive(holder.pid)) {
      // Held by a process of this machine that is gone: a stale lock, recovered now.
      console.error(`slackline/bench: recovered a stale lock on ${dir} (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}, is gone)`);
      rmSync(lockPath, { recursive: true, force: true });
      release = await attempt().catch((again: unknown) => {
        throw inUse(dir, readHolder(dir), again);
      });
    } else {
      throw inUse(dir, holder, error);
    }
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: options.command ?? process.argv.slice(1).join(' ') };
  writeJsonAtomic(join(dir, HOLDER_NAME), holder);
  return {
    holder,
    async release() {
      const current = readHolder(dir);
      if (current?.pid === holder.pid && current.host === holder.host) rmSync(join(dir, HOLDER_NAME), { force: true });
      try {
        await release();
      } catch {
        // already released or compromised: nothing left to undo
      }
    },
  };
}

function inUse(dir: string, holder: LockHolder | undefined, cause: unknown): SlacklineError {
  const who = holder === undefined ? 'another sweep (holder unknown)' : `pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt}${holder.command ? ` (${holder.command})` : ''}`;
  const lock = join(dir, LOCK_NAME);
  const why = cause instanceof Error && (cause as NodeJS.ErrnoException).code !== 'ELOCKED' ? ` (${cause.message})` : '';
  return new SlacklineError('bench', `the results folder is in use by ${who}${why}; wait for it to finish, use another --results folder, or remove ${lock} if that process is gone`, { file: dir });
}
