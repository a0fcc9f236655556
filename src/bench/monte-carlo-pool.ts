/**
 * Monte Carlo over worker threads for large N: the scenarios are split into one
 * consecutive range per thread, each thread runs `runScenarios` on its range (the DAG and
 * grids on SharedArrayBuffers, so posting copies no numbers) and the ranges are merged in
 * order. Because every scenario draws from its own stream seeded by (seed, scenario), the
 * result is identical to the single-thread `monteCarlo` for the same seed. Small runs
 * (samples x (V + E) below `PARALLEL_MIN_WORK`) stay on the main thread: starting threads
 * (about 0.1 s compiled, 0.3-0.5 s each through tsx) costs more than they save.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import { DEFAULT_SAMPLES, mergeScenarioResults, runScenarios, summarizeScenarios, type MonteCarloOptions, type MonteCarloReport, type ScenarioResults } from '../timing/monte-carlo.js';
import type { CompactPlan } from '../timing/types.js';
import type { ScenarioJob } from './monte-carlo-worker.js';
import { shareCompactDag, shareGrids } from './share-instance.js';
import { workerModule } from '../util/worker-module.js';

/** Below this many scenario x (task + edge) steps, one thread. */
export const PARALLEL_MIN_WORK = 20_000_000;

const WORKER = workerModule(import.meta.url, './monte-carlo-worker.js');

export interface ParallelMonteCarloOptions extends MonteCarloOptions {
  readonly deadlineMs?: number;
  /** Threads; 0 or 1 runs in the main thread. */
  readonly threads: number;
  /** Split even when the work is small (tests). @default false */
  readonly force?: boolean;
}

/** Scenarios [0, samples) in `threads` consecutive ranges. */
export async function runScenariosInThreads(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, samples: number, options: ParallelMonteCarloOptions): Promise<ScenarioResults> {
  const threads = Math.min(options.threads, samples);
  const work = samples * (dag.taskCount + dag.edgeCount);
  if (threads <= 1 || (!options.force && work < PARALLEL_MIN_WORK)) return runScenarios(dag, grids, plan, 0, samples, options);
  if (!Number.isInteger(threads)) throw new SlacklineError('bench/monte-carlo-pool', `threads must be an integer, got ${options.threads}`);
  // piscina loads only when a run is split (commands that never split do not pay for it).
  const { Piscina } = await import('piscina');
  const pool = new Piscina<ScenarioJob, ScenarioResults>({ filename: WORKER.filename, minThreads: threads, maxThreads: threads, execArgv: WORKER.execArgv });
  try {
    const sharedDag = shareCompactDag(dag);
    const sharedGrids = shareGrids(grids);
    const parts: Promise<ScenarioResults>[] = [];
    const per = Math.ceil(samples / threads);
    for (let first = 0; first < samples; first += per) {
      parts.push(
        pool.run({
          dag: sharedDag,
          grids: sharedGrids,
          plan,
          first,
          count: Math.min(per, samples - first),
          seed: options.seed ?? 1,
          correlation: options.correlation ?? 0,
          criticality: options.criticality ?? true,
          cost: options.cost,
        }),
      );
    }
    return mergeScenarioResults(await Promise.all(parts));
  } finally {
    await pool.destroy();
  }
}

/** `monteCarlo`, split over threads for large N; the same numbers as the single-thread run. */
export async function monteCarloInThreads(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, options: ParallelMonteCarloOptions): Promise<MonteCarloReport> {
  const samples = options.samples ?? DEFAULT_SAMPLES;
  if (!(Number.isSafeInteger(samples) && samples >= 1)) throw new SlacklineError('bench/monte-carlo-pool', `samples must be an integer >= 1, got ${samples}`);
  return summarizeScenarios(await runScenariosInThreads(dag, grids, plan, samples, options), options);
}
