/**
 * Queue sweep throughput: the pool-throughput suite's 60-run sweep (5 planners x 4 mid-size
 * shipped datasets x 3 seeds, `--force`, every row written as `slackline bench` writes it)
 * through the BullMQ queue with 2 worker processes of 1 thread each (`slackline worker`,
 * real child processes, a real redis-server on loopback) against the local pool of 2
 * threads. Reports runs/s of both and their ratio (1.0 = the queue costs nothing).
 *
 * Per-job overhead: 60 runs of a planner that takes microseconds (`uniform` on chain-10,
 * seeds 1-60) through 1 worker process of 1 thread against the local 1-thread pool; the
 * difference of the two sweep times over 60 is what the queue adds to each job (enqueue,
 * fetch, locks, completion, the event, removing the job), since both sides run the same
 * code otherwise.
 *
 * Both sides are warmed first (threads started, planners loaded, instances prepared: the
 * workers keep theirs cached, the local sources are prepared beforehand), rounds alternate
 * which side goes first, figures are medians: the machine's two cores are shared with the
 * workers, the coordinator and Redis itself (and with other users). Written to
 * `results/bench/queue-throughput.json`. Needs redis-server (or SLACKLINE_TEST_REDIS_URL);
 * skipped with a printed reason otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig, type SweepConfig } from '../src/bench/config.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { runQueueSweep } from '../src/bench/queue/coordinator.js';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createPlanPool, type JobRunner } from '../src/bench/worker-pool.js';
import { closeRedis, connectRedis } from '../src/metrics/redis/connect.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { startRedisServer, unlinkNamespace, type StartedServer } from '../src/metrics/redis/throwaway-server.js';
import { machineDescription } from '../src/util/machine.js';
import { packagePath } from '../src/util/package-root.js';
import { cached, DATASETS, SEEDS, sweepPlanners } from './pool-throughput.bench.js';

const ROUNDS = 5;
const OVERHEAD_SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `slackline worker` (the compiled CLI, as a user runs it) as a child process; resolves once it is ready. */
function startWorker(args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [packagePath('bin/slackline.js'), 'worker', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`slackline worker exited (${code}) before it was ready: ${stderr}`)));
  });
}

export async function run(): Promise<void> {
  let url = process.env['SLACKLINE_TEST_REDIS_URL'];
  let server: StartedServer | undefined;
  if (!url) {
    server = await startRedisServer();
    if (!server) {
      console.warn('*** SKIPPING queue-throughput benchmark: redis-server is not on PATH and SLACKLINE_TEST_REDIS_URL is not set ***');
      return;
    }
    url = server.url;
  }
  const prefix = `bench:queue:${process.pid}`;
  const registry = defaultPlannerRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'slackline-queue-bench-'));
  const workers: ChildProcess[] = [];
  const pools = new Map<number, JobRunner>([1, 2].map((threads) => [threads, createPlanPool({ threads })]));
  try {
    const started = ['sixty', 'sixty', 'overhead'].map((queue) => startWorker(['--queue', url!, '--queue-prefix', prefix, '--queue-name', queue, '--threads', '1']));
    for (const worker of started) void worker.then((child) => workers.push(child), () => undefined);
    await Promise.all(started);

    const sweeps = {
      sixty: { grid: { datasets: DATASETS, algorithms: sweepPlanners(registry), seeds: SEEDS }, threads: 2 },
      overhead: { grid: { datasets: ['chain-10'], algorithms: ['uniform'], seeds: OVERHEAD_SEEDS }, threads: 1 },
    } satisfies Record<string, { grid: Partial<SweepConfig>; threads: number }>;
    const localSources = new Map(Object.entries(sweeps).map(([name, s]) => [name, s.grid.datasets.map((d) => cached(datasetSource(d)))]));
    for (const sources of localSources.values()) for (const s of sources) for (const w of s.workflows) s.prepare(w.name, 'p90');
    const queueSources = new Map(Object.entries(sweeps).map(([name, s]) => [name, s.grid.datasets.map((d) => fileDatasetSource(d))]));
    let folder = 0;
    const runs = new Map<string, number>();
    const sweep = async (name: keyof typeof sweeps, via: 'local' | 'queue') => {
      const { grid, threads } = sweeps[name];
      const store = new ResultsStore(join(dir, `${name}-${via}-${folder++}`));
      const config = resolveSweepConfig(undefined, { ...grid, workers: threads, results: store.dir });
      const outcome =
        via === 'local'
          ? await runSweep({ config, registry, sources: localSources.get(name)!, store, runner: pools.get(threads)!, force: true })
          : await runQueueSweep({ config, registry, sources: queueSources.get(name)!, store, location: { url: url!, prefix, name }, force: true });
      if (outcome.ran !== outcome.planned.length) throw new Error(`${name} via ${via}: ${outcome.ran} of ${outcome.planned.length} runs`);
      runs.set(name, outcome.ran);
    };
    // Warm-up: threads started, planner modules loaded, the workers' instances prepared and cached.
    for (const name of ['sixty', 'overhead'] as const) for (const via of ['local', 'queue'] as const) await sweep(name, via);

    const times = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const bench = new Bench({ time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0, throws: true });
      for (const name of ['sixty', 'overhead'] as const) {
        for (const via of round % 2 === 0 ? (['local', 'queue'] as const) : (['queue', 'local'] as const)) {
          // `async`, so tinybench awaits it instead of probing it with an extra un-awaited call.
          bench.add(`${name} ${via}`, async () => {
            await sweep(name, via);
          });
        }
      }
      await bench.run();
      for (const task of bench.tasks) {
        const r = task.result;
        if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
        (times.get(task.name) ?? times.set(task.name, []).get(task.name)!).push(r.latency.mean);
      }
    }
    const row = (name: string, label: string) => {
      const ms = times.get(name)!;
      const jobs = runs.get(name.split(' ')[0]!)!;
      return { name: label, jobs, rounds: ms.length, medianSweepMs: median(ms), minSweepMs: Math.min(...ms), maxSweepMs: Math.max(...ms), jobsPerSecond: jobs / (median(ms) / 1000) };
    };
    const rows = [
      row('sixty local', '60-run sweep, local pool of 2 threads'),
      row('sixty queue', '60-run sweep, queue, 2 worker processes x 1 thread'),
      row('overhead local', '60 trivial runs, local pool of 1 thread'),
      row('overhead queue', '60 trivial runs, queue, 1 worker process x 1 thread'),
    ];
    const ratio = rows[1]!.jobsPerSecond / rows[0]!.jobsPerSecond;
    const roundRatios = times.get('sixty local')!.map((local, i) => local / times.get('sixty queue')![i]!);
    const perJobOverheadMs = (rows[3]!.medianSweepMs - rows[2]!.medianSweepMs) / OVERHEAD_SEEDS.length;
    const roundOverheads = times.get('overhead queue')!.map((queue, i) => (queue - times.get('overhead local')![i]!) / OVERHEAD_SEEDS.length);
    const table = new Table({ head: ['sweep', 'runs', 'rounds', 'median s / sweep', 'min..max s', 'runs/s (median)'], style: { head: [], border: [] } });
    for (const r of rows) table.push([r.name, r.jobs, r.rounds, (r.medianSweepMs / 1000).toFixed(2), `${(r.minSweepMs / 1000).toFixed(2)}..${(r.maxSweepMs / 1000).toFixed(2)}`, r.jobsPerSecond.toFixed(1)]);
    console.log(table.toString());
    console.log(`queue (2 worker processes) vs local pool (2 threads): ${ratio.toFixed(2)}x throughput by medians (per round ${Math.min(...roundRatios).toFixed(2)}x..${Math.max(...roundRatios).toFixed(2)}x)`);
    console.log(`queue overhead per job: ${perJobOverheadMs.toFixed(1)} ms by medians (per round ${Math.min(...roundOverheads).toFixed(1)}..${Math.max(...roundOverheads).toFixed(1)} ms); ${machineDescription().cores} shared cores, load average ${loadavg()[0]!.toFixed(1)}`);
    writeJsonAtomic('results/bench/queue-throughput.json', { machine: machineDescription(), datasets: DATASETS, seeds: SEEDS, rows, ratioQueueVsLocal: ratio, roundRatios, perJobOverheadMs, roundOverheads, loadAverage: loadavg() });
  } finally {
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(undefined) : (w.once('exit', resolve), w.kill('SIGTERM'))))));
    for (const pool of pools.values()) await pool.close();
    rmSync(dir, { recursive: true, force: true });
    if (server) await server.stop();
    else {
      const client = await connectRedis(url);
      await unlinkNamespace(client, prefix);
      await closeRedis(client);
    }
  }
}
