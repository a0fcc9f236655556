/**
 * Commands load lazily: `slackline --help` lists every command from `commands/index.ts`
 * without importing any of them, and a command imports only the packages it uses. Checked
 * on the compiled CLI (`bin/slackline.js`, built by `npm test`) with a module-resolution
 * hook that logs every module the process resolves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import { REPO_ROOT } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOOK = 'import { appendFileSync } from "node:fs"; export async function resolve(s, c, n) { const r = await n(s, c); appendFileSync(process.env.SLACKLINE_IMPORT_LOG, r.url + "\\n"); return r; }';
const PRELOAD = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;

/** The packages (under node_modules) a CLI run resolved. */
function packagesLoaded(args: readonly string[]): Set<string> {
  const log = join(dir, `${args.join('_').replace(/\W/g, '_')}.log`);
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`, 'bin/slackline.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SLACKLINE_IMPORT_LOG: log },
  });
  expect(run.status, run.stderr).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  expect(urls.some((u) => u.includes('/dist/src/cli/main.js'))).toBe(true);
  return new Set(urls.filter((u) => u.includes('/node_modules/')).map((u) => u.split('/node_modules/').at(-1)!.split('/')[0]!));
}

describe('lazy command loading', () => {
  it('each listed summary is the first line of the command\'s own description', async () => {
    for (const entry of commands) {
      const program = new Command('slackline');
      for (const register of await entry.load()) register(program);
      const command = program.commands.find((c) => c.name() === entry.name);
      expect(command, entry.name).toBeDefined();
      expect(command!.description().split('\n')[0]).toBe(entry.summary);
    }
  });

  it('--help lists every command and imports no package but commander', () => {
    const run = spawnSync(process.execPath, ['bin/slackline.js', '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const entry of commands) expect(run.stdout).toMatch(new RegExp(`^  ${entry.name} `, 'm'));
    expect([...packagesLoaded(['--help'])]).toEqual(['commander']);
  });

  it('a command loads only what it uses: no charts, Redis client or pool for a plan', () => {
    const datasets = packagesLoaded(['datasets']);
    for (const heavy of ['vega', 'vega-lite', 'ioredis', 'zod', 'graphology', 'piscina']) expect(datasets.has(heavy), heavy).toBe(false);
    const plan = packagesLoaded(['plan', '--dataset', 'chain-10', '--algorithm', 'uniform']);
    expect(plan.has('graphology')).toBe(true); // the hook sees what a command does load
    for (const heavy of ['vega', 'vega-lite', 'ioredis', 'piscina', 'cli-progress']) expect(plan.has(heavy), heavy).toBe(false);
  });

  it('BullMQ and ioredis load only for queue sweeps: not for `worker --help` nor for a local sweep', () => {
    const workerHelp = packagesLoaded(['worker', '--help']);
    const local = packagesLoaded(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform', '--results', join(dir, 'local-sweep'), '--no-charts']);
    expect(local.has('piscina')).toBe(true); // the local sweep did run
    for (const queue of ['bullmq', 'ioredis']) {
      expect(workerHelp.has(queue), queue).toBe(false);
      expect(local.has(queue), queue).toBe(false);
    }
  });
});
