/**
 * Worker-pool sweep throughput: the same sweep (every planner without a task limit x four
 * mid-size shipped datasets x 3 seeds, `--force`, rows written as in `slackline bench`) through a pool of 1
 * thread and of 2 threads. Instances are prepared once beforehand and the pools are warmed
 * up, so the figure is planning + simulation + messaging + row writing. Reports jobs/s and
 * the 2-vs-1 ratio (ideal 2.0 on two free cores). Written to
 * `results/bench/pool-throughput.json` with the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { datasetSource, type BenchInstance, type DatasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createPlanPool, type JobRunner } from '../src/bench/worker-pool.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from './machine.js';

const DATASETS = ['gemm-4', 'montage-like-120', 'random-layered-1000', 'wfcommons-montage-1312'];
const SEEDS = [1, 2, 3];

/** A source whose instances are prepared once (the benchmark times the sweep, not the predictor fit). */
function cached(source: DatasetSource): DatasetSource {
  const memo = new Map<string, BenchInstance>();
  return {
    name: source.name,
    workflows: source.workflows,
    prepare(workflow, sla) {
      const id = `${workflow}\u0000${sla}`;
      let instance = memo.get(id);
      if (instance === undefined) memo.set(id, (instance = source.prepare(workflow, sla)));
      return instance;
    },
  };
}

export async function run(): Promise<void> {
  const registry = defaultPlannerRegistry();
  // Planners that refuse these DAG sizes (exhaustive) would add rows that never reach a thread.
  const algorithms = registry.planners.filter((p) => p.maxTasks === undefined).map((p) => p.id);
  const sources = DATASETS.map((name) => cached(datasetSource(name)));
  for (const s of sources) for (const w of s.workflows) s.prepare(w.name, 'p90');
  const dir = mkdtempSync(join(tmpdir(), 'slackline-pool-bench-'));
  const pools = new Map<number, JobRunner>([1, 2].map((threads) => [threads, createPlanPool({ threads })]));
  const jobsOf = new Map<number, number>();
  try {
    const sweep = async (threads: number) => {
      const store = new ResultsStore(join(dir, `t${threads}`));
      const config = resolveSweepConfig(undefined, { algorithms, seeds: SEEDS, workers: threads, results: store.dir });
      const outcome = await runSweep({ config, registry, sources, store, runner: pools.get(threads)!, force: true });
      jobsOf.set(threads, outcome.ran);
    };
    // Warm-up: starts the threads and loads the planner modules in each.
    for (const threads of [1, 2]) await sweep(threads);

    const bench = new Bench({ time: 0, iterations: 5, warmupTime: 0, warmupIterations: 0, throws: true });
    bench.add('sweep, 1 thread', () => sweep(1));
    bench.add('sweep, 2 threads', () => sweep(2));
    await bench.run();

    const rows = bench.tasks.map((task, i) => {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
      const threads = i + 1;
      const jobs = jobsOf.get(threads)!;
      return { name: task.name, threads, jobs, samples: r.latency.samplesCount, meanSweepMs: r.latency.mean, jobsPerSecond: jobs / (r.latency.mean / 1000) };
    });
    const ratio = rows[1]!.jobsPerSecond / rows[0]!.jobsPerSecond;
    const table = new Table({ head: ['sweep', 'jobs', 'samples', 'mean s / sweep', 'jobs/s'], style: { head: [], border: [] } });
    for (const r of rows) table.push([r.name, r.jobs, r.samples, (r.meanSweepMs / 1000).toFixed(2), r.jobsPerSecond.toFixed(1)]);
    console.log(table.toString());
    console.log(`2 threads vs 1: ${ratio.toFixed(2)}x throughput (${machineDescription().cores} cores)`);
    writeJsonAtomic('results/bench/pool-throughput.json', { machine: machineDescription(), datasets: DATASETS, seeds: SEEDS, planners: algorithms, rows, ratio2v1: ratio });
  } finally {
    for (const pool of pools.values()) await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
