/**
 * Sweeps through a BullMQ queue on a real redis-server (`withRedis`: CI's server, or a
 * throwaway one on a free loopback port; skipped loudly without redis-server, never in CI).
 * Every test has its own queue name under this file's key namespace, and `stop()` removes
 * the namespace's keys.
 *
 * - a coordinator with 2 worker processes writes the rows a local sweep writes (same keys,
 *   states, plans' numbers; only timings and thread counts differ), the hanging planner's
 *   rows included (timed out on the worker), and leaves no job behind;
 * - a worker SIGKILLed mid-job: BullMQ's stalled-job check hands the job to the other
 *   worker, which completes it; every run is done once;
 * - the coordinator (the real CLI) SIGKILLed mid-sweep and started again: it keeps the rows
 *   written, collects the jobs finished meanwhile, enqueues nothing twice, and no job runs twice;
 * - an unreachable or silent Redis: a clear error within 5 s.
 */
import { createServer, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig, type SweepConfig } from '../src/bench/config.js';
import type { PlannerRegistry } from '../src/bench/planner-registry.js';
import { runQueueSweep } from '../src/bench/queue/coordinator.js';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { bullConnection } from '../src/bench/queue/queue-connection.js';
import { ResultsStore } from '../src/bench/results-store.js';
import type { RunRow } from '../src/bench/run-row.js';
import { runSweep } from '../src/bench/sweep.js';
import { createPlanPool } from '../src/bench/worker-pool.js';
import { planners as queuePlanners, QUEUE_PLANNERS_FILE, QUEUE_PLANNERS_URL } from './fixtures/queue-planners.js';
import { startCli, type CliProcess } from './support/cli-process.js';
import { withRedis } from './support/redis-server.js';

const redis = await withRedis('queue-sweep');
const tmp = mkdtempSync(join(tmpdir(), 'slackline-queue-'));
const started: CliProcess[] = [];
afterAll(async () => {
  for (const p of started) p.kill('SIGKILL');
  await Promise.all(started.map((p) => p.exited));
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
}, 180_000);

const registry: PlannerRegistry = { planners: queuePlanners, ref: { moduleUrl: QUEUE_PLANNERS_URL, exportName: 'planners' } };

/** What must match between two runs of the same key: everything but timings and where it ran. */
function comparable(row: RunRow): unknown {
  const { wallMs: _wall, finishedAt: _at, threads: _threads, result, ...rest } = row;
  if (result === undefined) return rest;
  const { planningMs: _planning, ...numbers } = result;
  return { ...rest, result: numbers };
}

/**
 * `slackline worker` on this test's queue; resolves once it is ready. With `fastStalls`,
 * faster stalled-job detection than the 30 s defaults, yet a lock long enough that a live
 * worker running the small fixture instances keeps renewing it on a loaded machine.
 */
async function startWorker(queueName: string, extra: readonly string[] = [], fastStalls = true): Promise<CliProcess> {
  const fixtures = extra.includes('--planners-module'); // TypeScript fixtures: the CLI from its sources
  const stalls = fastStalls ? ['--lock-duration', '3000', '--stalled-interval', '500'] : [];
  const worker = startCli(['worker', '--queue', redis!.url, '--queue-prefix', redis!.namespace, '--queue-name', queueName, '--threads', '1', ...stalls, ...extra], { fromSources: fixtures });
  started.push(worker);
  await worker.waitFor(/ready on/);
  return worker;
}

async function leftJobs(queueName: string): Promise<number> {
  const queue = new Queue(queueName, { connection: bullConnection(redis!.url), prefix: redis!.namespace });
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

describe.skipIf(redis === undefined)('a sweep through the queue', () => {
  it('2 worker processes give the rows of a local sweep, a hanging planner a timed-out row, and no job is left', async () => {
    const grid: Partial<SweepConfig> = {
      datasets: ['chain-10', 'fan-out-fan-in-32'],
      algorithms: ['fixture-fastest', 'fixture-random', 'fixture-throws'],
      params: { 'fixture-random': { skew: [0, 1] } },
      seeds: [1, 2],
      deadline: ['1.5x'],
    };
    // The local reference: the same grid through the local 2-thread pool.
    const local = new ResultsStore(join(tmp, 'local'));
    const pool = createPlanPool({ threads: 2 });
    try {
      await runSweep({ config: resolveSweepConfig(undefined, { ...grid, results: local.dir }), registry, sources: grid.datasets!.map((d) => datasetSource(d)), store: local, runner: pool });
    } finally {
      await pool.close();
    }

    const workers = await Promise.all([startWorker('rows', ['--planners-module', QUEUE_PLANNERS_FILE]), startWorker('rows', ['--planners-module', QUEUE_PLANNERS_FILE])]);
    const store = new ResultsStore(join(tmp, 'queued'));
    const config = resolveSweepConfig(undefined, { ...grid, results: store.dir });
    const sources = grid.datasets!.map((d) => fileDatasetSource(d));
    const location = { url: redis!.url, prefix: redis!.namespace, name: 'rows' };
    const outcome = await runQueueSweep({ config, registry, sources, store, location, reconcileMs: 200 });

    // 4 planner settings x 2 datasets x 2 seeds.
    expect([outcome.planned.length, outcome.ran, outcome.enqueued, outcome.interrupted]).toEqual([16, 16, 16, false]);
    const rows = store.readAll();
    const expected = local.readAll();
    expect(rows).toHaveLength(16);
    expect(rows.map(comparable)).toEqual(expected.map(comparable));
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(12);
    // The plans beside the rows, as the local sweep keeps them: the same plan file for every done run.
    const doneKeys = outcome.planned.filter((run) => rows.some((r) => r.key === run.key.key && r.state === 'done')).map((run) => run.key);
    expect(doneKeys).toHaveLength(12);
    for (const key of doneKeys) {
      const plan = store.readPlan(key);
      expect(Object.keys(plan?.tasks ?? {}).length, key.key).toBeGreaterThan(0);
      expect(plan, key.key).toEqual(local.readPlan(key));
    }
    expect(rows.filter((r) => r.state === 'errored').map((r) => r.error)).toEqual(Array(4).fill('fixture planner failed on purpose'));
    // Every row came from one of the two worker processes, each ran some.
    const pids = workers.map((w) => String(w.pid));
    expect(Object.keys(outcome.workers).map((w) => w.split('/').pop()).sort()).toEqual([...pids].sort());
    expect(Object.values(outcome.workers).reduce((a, b) => a + b, 0)).toBe(16);
    // Collected jobs are removed.
    expect(await leftJobs('rows')).toBe(0);

    // A rerun keeps the current rows and, as a local sweep does, retries the errored ones only.
    const again = await runQueueSweep({ config, registry, sources, store, location, reconcileMs: 200 });
    expect([again.ran, again.skipped, again.enqueued, again.reasons]).toEqual([4, 12, 4, { retry: 4 }]);
    const kept = (list: readonly RunRow[]) => list.filter((r) => r.state === 'done').map((r) => r.finishedAt);
    expect(kept(store.readAll())).toEqual(kept(rows));
    // With --keep-errored nothing is left to do: nothing enqueued, nothing rewritten.
    const third = await runQueueSweep({ config, registry, sources, store, location, keepErrored: true });
    expect([third.ran, third.skipped, third.enqueued]).toEqual([0, 16, 0]);

    // A planner stuck in a loop: the worker terminates its thread at the sweep's time limit and keeps serving.
    const hangs = new ResultsStore(join(tmp, 'hangs'));
    const hangConfig = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: ['fixture-hangs', 'fixture-fastest'], seeds: [1], deadline: ['1.5x'], timeoutMs: 4000, results: hangs.dir });
    const hung = await runQueueSweep({ config: hangConfig, registry, sources: [fileDatasetSource('chain-10')], store: hangs, location, reconcileMs: 200 });
    expect(hung.states).toEqual({ 'timed-out': 1, done: 1 });
    const [fastest, hanging] = [hangs.readAll().find((r) => r.planner === 'fixture-fastest')!, hangs.readAll().find((r) => r.planner === 'fixture-hangs')!];
    expect(hanging.state).toBe('timed-out');
    expect(hanging.error).toBe('time limit of 4000 ms reached; the thread was terminated');
    expect(hanging.wallMs).toBeGreaterThanOrEqual(4000);
    expect(comparable(fastest)).toEqual(comparable(expected.find((r) => r.key === fastest.key)!));
    expect(await leftJobs('rows')).toBe(0);
  });

  it('a worker SIGKILLed mid-job: its job completes on the other worker, and every run is done once', async () => {
    const first = await startWorker('kill', ['--planners-module', QUEUE_PLANNERS_FILE]);
    const store = new ResultsStore(join(tmp, 'kill'));
    const config = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: ['fixture-slow'], seeds: [1, 2, 3], deadline: ['none'], results: store.dir });
    const sweep = runQueueSweep({ config, registry, sources: [fileDatasetSource('chain-10')], store, location: { url: redis!.url, prefix: redis!.namespace, name: 'kill' }, reconcileMs: 200 });
    const line = await first.waitFor(/^worker: start /);
    const killedJob = line.split(' ')[2]!;
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const second = await startWorker('kill', ['--planners-module', QUEUE_PLANNERS_FILE]);
    const outcome = await sweep;

    expect(outcome.ran).toBe(3);
    const rows = store.readAll();
    expect(rows.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    expect(Object.keys(outcome.workers)).toEqual([expect.stringMatching(new RegExp(`/${second.pid}$`))]);
    // The second worker took over the killed job; it ran each job exactly once.
    const starts = second.lines.filter((l) => l.startsWith('worker: start ')).map((l) => l.split(' ')[2]);
    expect(starts).toContain(killedJob);
    expect([...starts].sort()).toEqual(rows.map((r) => `chain-10--fixture-slow--${r.hash}.${r.fingerprint}`).sort());
    expect(first.lines.some((l) => l.startsWith('worker: done '))).toBe(false);
    expect(await leftJobs('kill')).toBe(0);
  });

  it('a job whose worker dies 3 times fails (bounded): the coordinator writes an errored row and finishes', async () => {
    const store = new ResultsStore(join(tmp, 'stalls'));
    const config = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: ['fixture-slow'], seeds: [7], deadline: ['none'], results: store.dir });
    const sweep = runQueueSweep({ config, registry, sources: [fileDatasetSource('chain-10')], store, location: { url: redis!.url, prefix: redis!.namespace, name: 'stalls' }, reconcileMs: 200 });
    // Four workers wait; whichever takes the job (the first time fresh, then after the stalled-job check
    // gave it back) is killed, three times.
    const workers = await Promise.all([1, 2, 3, 4].map(() => startWorker('stalls', ['--planners-module', QUEUE_PLANNERS_FILE])));
    const killed = new Set<CliProcess>();
    for (let kill = 0; kill < 3; kill++) {
      const taker = await Promise.any(workers.filter((w) => !killed.has(w)).map((w) => w.waitFor(/^worker: start /, 120_000).then(() => w)));
      taker.kill('SIGKILL');
      killed.add(taker);
      await taker.exited;
    }
    // The last worker's stalled-job check finds the job stalled a third time: it fails instead of running again
    // (the count of stalls, not of kills, is what is bounded: a worker that starves past its lock counts too).
    const outcome = await sweep;
    expect(outcome.ran).toBe(1);
    const [row] = store.readAll();
    expect(row!.state).toBe('errored');
    expect(row!.error).toMatch(/^the queue job failed after \d+ attempt\(s\), 3 stall\(s\): job stalled more than allowable limit$/);
    expect(outcome.workers).toEqual({});
    expect(await leftJobs('stalls')).toBe(0);
  });

  it('Ctrl-C (abort) stops enqueueing and leaves whole jobs; a rerun with workers enqueues only the rest and collects all', async () => {
    const store = new ResultsStore(join(tmp, 'abort'));
    const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
    const config = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: ['fixture-fastest'], seeds, deadline: ['none'], results: store.dir });
    const location = { url: redis!.url, prefix: redis!.namespace, name: 'abort' };
    const sources = [fileDatasetSource('chain-10')];
    const queue = new Queue('abort', { connection: bullConnection(redis!.url), prefix: redis!.namespace });
    try {
      // No worker yet: abort as soon as the first jobs are in (enqueueing goes in batches of 200).
      const controller = new AbortController();
      const watch = (async () => {
        while ((await queue.getJobCounts('waiting')).waiting === 0) await new Promise((r) => setTimeout(r, 2));
        controller.abort();
      })();
      const first = await runQueueSweep({ config, registry, sources, store, location, signal: controller.signal });
      await watch;
      expect(first.interrupted).toBe(true);
      expect(first.ran).toBe(0);
      const waiting = (await queue.getJobCounts('waiting')).waiting!;
      expect(first.enqueued).toBe(waiting);
      expect([200, 300]).toContain(waiting);
      // Every queued job is whole: its data names a run of the grid.
      const jobs = await queue.getJobs(['waiting'], 0, -1);
      const keys = new Set(first.planned.map((r) => r.key.key));
      expect(jobs.every((job) => keys.has((job.data as { key: { key: string } }).key.key))).toBe(true);

      await startWorker('abort', ['--planners-module', QUEUE_PLANNERS_FILE]);
      const second = await runQueueSweep({ config, registry, sources, store, location, reconcileMs: 200 });
      expect([second.interrupted, second.ran, second.enqueued]).toEqual([false, 300, 300 - waiting]);
      expect(store.readAll().filter((r) => r.state === 'done')).toHaveLength(300);
      expect(await leftJobs('abort')).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('the coordinator killed mid-sweep and restarted: keeps its rows, collects what finished meanwhile, redoes nothing', async () => {
    // BullMQ's default 30 s lock: fitting random-layered-1000's predictor blocks the worker's main thread for
    // seconds on a loaded machine, and a 3 s lock would then expire and hand the job to the worker again.
    const worker = await startWorker('restart', [], false);
    const results = join(tmp, 'restart');
    const seeds = Array.from({ length: 12 }, (_, i) => i + 1).join(',');
    const args = ['bench', '--queue', redis!.url, '--queue-prefix', redis!.namespace, '--queue-name', 'restart', '--datasets', 'random-layered-1000', '--algorithms', 'best-then-downgrade', '--deadline', 'none', '--seeds', seeds, '--results', results, '--no-charts'];
    const first = startCli(args);
    started.push(first);
    await first.waitFor(/^\[3\/12\]/);
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const store = new ResultsStore(results);
    const kept = store.readAll();
    expect(kept.length).toBeGreaterThanOrEqual(3);
    // Jobs keep finishing with no coordinator: their rows wait in the queue.
    const doneLines = () => worker.lines.filter((l) => l.startsWith('worker: done ')).length;
    while (doneLines() < kept.length + 2 && doneLines() < 12) await new Promise((r) => setTimeout(r, 50));

    const second = startCli(args);
    started.push(second);
    expect(await second.exited, second.lines.join('\n')).toBe(0);
    const log = second.lines.join('\n');
    expect(log).toContain(`${12 - kept.length} ran (${12 - kept.length} done), ${kept.length} skipped`);
    expect(log).toContain('0 job(s) enqueued'); // every pending run was still queued, running or finished
    const rows = store.readAll();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    // The same outputs as a local sweep: a plan per row, the summaries and the HTML report.
    expect(readdirSync(store.plansDir)).toHaveLength(12);
    for (const file of ['summary.md', 'summary.json', 'report.html']) expect(existsSync(join(results, file)), file).toBe(true);
    const finishedAt = new Map(rows.map((r) => [r.key, r.finishedAt]));
    for (const row of kept) expect(finishedAt.get(row.key)).toBe(row.finishedAt);
    // Each of the 12 jobs ran once on the worker: the restart redid nothing.
    const starts = worker.lines.filter((l) => l.startsWith('worker: start ')).map((l) => l.split(' ')[2]);
    expect(starts).toHaveLength(12);
    expect(new Set(starts).size).toBe(12);
    expect(await leftJobs('restart')).toBe(0);
  });
});

describe('an unreachable Redis', () => {
  const config = resolveSweepConfig(undefined, { datasets: ['chain-10'], algorithms: ['fixture-fastest'], results: join(tmp, 'unreachable') });

  it('fails within 5 s with an error naming the URL: refused, and a server that never answers', async () => {
    // A TCP server that accepts and stays silent: connecting works, PING never answers.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const refusedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    try {
      for (const url of [`redis://127.0.0.1:${refusedPort}`, `redis://127.0.0.1:${port}`]) {
        const t0 = performance.now();
        const store = new ResultsStore(config.results);
        await expect(runQueueSweep({ config, registry, sources: [fileDatasetSource('chain-10')], store, location: { url } })).rejects.toThrow(`slackline/redis: cannot reach Redis at ${url}`);
        expect(performance.now() - t0).toBeLessThan(5000);
        expect(store.readAll()).toEqual([]);
      }
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('a URL that is not Redis, a queue name with a colon: clear errors before any connection', async () => {
    const store = new ResultsStore(config.results);
    const sources = [fileDatasetSource('chain-10')];
    await expect(runQueueSweep({ config, registry, sources, store, location: { url: 'http://127.0.0.1:6379' } })).rejects.toThrow('slackline/queue: "http://127.0.0.1:6379" is not a Redis URL (expected redis://host:port[/db])');
    await expect(runQueueSweep({ config, registry, sources, store, location: { url: 'redis://127.0.0.1:6379/x' } })).rejects.toThrow('the database after the port must be a number, got "x"');
    await expect(runQueueSweep({ config, registry, sources, store, location: { url: 'redis://127.0.0.1:6379', name: 'a:b' } })).rejects.toThrow('slackline/queue: queue name "a:b"');
  });

  it('the CLI (coordinator and worker) exits 1 with one clear line, no stack trace', async () => {
    const url = 'redis://127.0.0.1:1';
    const bench = startCli(['bench', '--queue', url, '--datasets', 'chain-10', '--algorithms', 'uniform', '--results', join(tmp, 'unreachable-cli'), '--no-charts']);
    const worker = startCli(['worker', '--queue', url]);
    started.push(bench, worker);
    const [benchCode, workerCode] = await Promise.all([bench.exited, worker.exited]);
    expect(benchCode, bench.lines.join('\n')).toBe(1);
    expect(bench.lines.join('\n').trim()).toMatch(/^slackline\/redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1\b.*ECONNREFUSED/);
    expect(workerCode, worker.lines.join('\n')).toBe(1);
    expect(worker.lines.join('\n').trim()).toMatch(/^slackline\/redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1\b.*ECONNREFUSED/);
    expect(worker.lines.join('\n')).not.toContain('    at ');
  });
});
