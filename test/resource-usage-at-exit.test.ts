/**
 * The main-job benchmark reads a run's CPU time and peak RSS from the hook
 * `benchmarks/resource-usage-at-exit.ts` writes at exit. The oracle: each thread's own CPU
 * ticks from /proc/thread-self/stat (Linux); the hook's figure must cover the main thread
 * and a worker thread, not only the thread that wrote it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const onLinux = existsSync('/proc/thread-self/stat');
if (!onLinux) console.warn('resource-usage-at-exit: skipped, no /proc/thread-self/stat (not Linux)');

// Each thread spins for a fixed amount of work, then prints its own utime + stime in ticks.
const TICKS = 'const f = require("fs").readFileSync("/proc/thread-self/stat", "utf8"); const r = f.slice(f.lastIndexOf(")") + 2).split(" "); return Number(r[11]) + Number(r[12]);';
const SPIN = 'let s = 0; for (let i = 0; i < 3e8; i++) s += i % 7; if (s < 0) console.log(s);';
const CHILD = `
const { Worker } = require('node:worker_threads');
const ticks = () => { ${TICKS} };
const w = new Worker(${JSON.stringify(`${SPIN} const ticks = () => { ${TICKS} }; require('node:worker_threads').parentPort.postMessage(ticks());`)}, { eval: true });
${SPIN}
w.once('message', (workerTicks) => { console.log(JSON.stringify({ main: ticks(), worker: workerTicks })); });
`;

describe('resource usage at exit', () => {
  it.skipIf(!onLinux)('writes the CPU time of every thread of the process and its peak RSS', () => {
    const file = join(dir, 'usage.json');
    const hook = pathToFileURL(join(REPO_ROOT, 'dist/benchmarks/resource-usage-at-exit.js')).href;
    const run = spawnSync(process.execPath, ['--import', hook, '-e', CHILD], { encoding: 'utf8', env: { ...process.env, SLACKLINE_BENCH_USAGE_FILE: file } });
    expect(run.status, run.stderr).toBe(0);
    const threads = JSON.parse(run.stdout) as { main: number; worker: number };
    const usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.ResourceUsage;
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    // Ticks are 10 ms; the two threads' own counts, read before they ended, are a lower bound.
    expect(threads.worker).toBeGreaterThan(10);
    expect(cpuMs).toBeGreaterThanOrEqual((threads.main + threads.worker) * 10 - 20);
    expect(usage.maxRSS).toBeGreaterThan(10 * 1024);
  });

  it('writes nothing without SLACKLINE_BENCH_USAGE_FILE', () => {
    const hook = pathToFileURL(join(REPO_ROOT, 'dist/benchmarks/resource-usage-at-exit.js')).href;
    const { SLACKLINE_BENCH_USAGE_FILE: _unset, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', hook, '-e', 'console.log("ok")'], { encoding: 'utf8', env, cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('ok');
  });
});
