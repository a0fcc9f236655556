/**
 * A long-running `slackline` child process (a queue worker, a coordinator) whose stderr
 * lines a test can wait for, and which the test can kill with any signal: the compiled
 * `bin/slackline.js` as users run it, or the CLI from its sources (`cli-from-sources.ts`)
 * when it must load TypeScript test fixtures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './run-cli.js';

export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line (past or future) matching `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

export interface StartCliOptions {
  /** Run the CLI from the TypeScript sources (through tsx) instead of the compiled `dist/`. @default false */
  readonly fromSources?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export function startCli(args: readonly string[], options: StartCliOptions = {}): CliProcess {
  const entry = options.fromSources ? ['--import', 'tsx', 'test/support/cli-from-sources.ts'] : ['bin/slackline.js'];
  const env = options.env ?? {};
  const child = spawn(process.execPath, [...entry, ...args], { cwd: REPO_ROOT, env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  let done = false;
  child.stdout!.resume();
  child.stderr!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (rest) lines.push(rest);
      done = true;
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  return {
    child,
    pid: child.pid!,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no stderr line matching ${pattern} within ${timeoutMs} ms; stderr:\n${lines.join('\n')}`)), timeoutMs);
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined) finish(undefined, line);
          else if (done) finish(new Error(`process exited before a stderr line matched ${pattern}; stderr:\n${lines.join('\n')}`));
        };
        const finish = (error: Error | undefined, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line!);
        };
        waiters.add(check);
        check();
      });
    },
    kill(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
    },
  };
}
