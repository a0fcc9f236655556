/**
 * Two ways for tests to run the `slackline` CLI:
 * - `cli(...args)`: in-process through `main()` (fast; console and stdout captured), for
 *   checking what a command prints and returns;
 * - `spawnCli(args)`: `node bin/slackline.js` as a child process, for what only a real
 *   process shows (the exit code, that stderr holds one message and no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** The repository root: `bin/slackline.js` is resolved from it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process and captures what it prints (console and process.stdout). */
export async function cli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'slackline', ...args]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
    writeErr.mockRestore();
    process.exitCode = undefined;
  }
}

export interface SpawnedCli {
  /** Exit code; null when the process was killed by a signal or timed out. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/slackline.js ...args` from the repository root and waits for it. */
export function spawnCli(args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): SpawnedCli {
  const run = spawnSync(process.execPath, ['bin/slackline.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: options.env ?? process.env,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
