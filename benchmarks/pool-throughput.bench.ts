/**
 * Worker-pool sweep throughput: the same sweep (every planner without a task limit x four
 * mid-size shipped datasets x 3 seeds, `--force`, rows written as in `slackline bench`) through a pool of 1
 * thread and of 2 threads. Instances are prepared once beforehand and the pools are warmed
 * up, so the figure is planning + simulation + messaging + row writing. Reports jobs/s and
 * the 2-vs-1 ratio (ideal 2.0 on two free cores). The rounds alternate which pool goes
 * first, and the ratio is of medians, because the machine's two cores are shared. Written to
 * `results/bench/pool-throughput.json` with the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { datasetSource, type BenchInstance, type DatasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { defaultPlannerRegistry, type PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createPlanPool, type JobRunner } from '../src/bench/worker-pool.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

/** The 60-run sweep (with the 5 planners without a task limit), shared with `queue-throughput.bench.ts`. */
export const DATASETS = ['gemm-4', 'montage-like-120', 'random-layered-1000', 'wfcommons-montage-1312'];
export const SEEDS = [1, 2, 3];
const ROUNDS = 7;

/** A source whose instances are prepared once (the benchmark times the sweep, not the predictor fit). */
export function cached(source: DatasetSource): DatasetSource {
  const memo = new Map<string, BenchInstance>();
  return {
    name: source.name,
    ladderMb: source.ladderMb,
    workflows: source.workflows,
    prepare(workflow, sla) {
      const id = `${workflow}\u0000${sla}`;
      let instance = memo.get(id);
      if (instance === undefined) memo.set(id, (instance = source.prepare(workflow, sla)));
      return instance;
    },
  };
}

/** Planners that refuse these DAG sizes (exhaustive) would add rows that never reach a thread. */
export function sweepPlanners(registry: PlannerRegistry): string[] {
  return registry.planners.filter((p) => p.maxTasks === undefined).map((p) => p.id);
}

export async function run(): Promise<void> {
  const registry = defaultPlannerRegistry();
  const algorithms = sweepPlanners(registry);
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

    // Rounds alternate the order of the two sweeps, so load from other processes on the shared
    // cores drifts over both alike; each round is one tinybench run of both tasks.
    const times = new Map<number, number[]>([[1, []], [2, []]]);
    for (let round = 0; round < ROUNDS; round++) {
      const bench = new Bench({ time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0, throws: true });
      for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
        // An `async` function: tinybench would otherwise call a plain one once, un-awaited, to
        // find out whether it returns a promise, and that extra sweep would overlap the timed one.
        bench.add(`sweep, ${threads} thread(s)`, async () => {
          await sweep(threads);
        });
      }
      await bench.run();
      for (const task of bench.tasks) {
        const r = task.result;
        if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
        times.get(Number(/(\d) thread/.exec(task.name)![1]))!.push(r.latency.mean);
      }
    }
    const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const rows = [1, 2].map((threads) => {
      const ms = times.get(threads)!;
      const jobs = jobsOf.get(threads)!;
      return { name: `sweep, ${threads} thread${threads > 1 ? 's' : ''}`, threads, jobs, rounds: ms.length, medianSweepMs: median(ms), minSweepMs: Math.min(...ms), maxSweepMs: Math.max(...ms), jobsPerSecond: jobs / (median(ms) / 1000) };
    });
    const roundRatios = times.get(1)!.map((t1, i) => t1 / times.get(2)![i]!);
    const ratio = rows[1]!.jobsPerSecond / rows[0]!.jobsPerSecond;
    const table = new Table({ head: ['sweep', 'runs', 'rounds', 'median s / sweep', 'min..max s', 'runs/s (median)'], style: { head: [], border: [] } });
    for (const r of rows) table.push([r.name, r.jobs, r.rounds, (r.medianSweepMs / 1000).toFixed(2), `${(r.minSweepMs / 1000).toFixed(2)}..${(r.maxSweepMs / 1000).toFixed(2)}`, r.jobsPerSecond.toFixed(1)]);
    console.log(table.toString());
    console.log(`2 threads vs 1: ${ratio.toFixed(2)}x throughput by medians (per round ${Math.min(...roundRatios).toFixed(2)}x..${Math.max(...roundRatios).toFixed(2)}x; ${machineDescription().cores} cores, load average ${loadavg()[0]!.toFixed(1)})`);
    writeJsonAtomic('results/bench/pool-throughput.json', { machine: machineDescription(), datasets: DATASETS, seeds: SEEDS, planners: algorithms, rows, roundRatios, ratio2v1: ratio, loadAverage: loadavg() });
  } finally {
    for (const pool of pools.values()) await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
