/**
 * The 100,000-task random layered DAG the issue-14 figures are measured on, and one full
 * critical-path pass of it: the machine's unit of speed ("about 250 passes" for 2 s), so a
 * figure taken at a slow hour can be compared with one taken at a fast one.
 */
import { Bench } from 'tinybench';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import type { CompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import type { PlanningContext } from '../src/planning/types.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { timingWeights } from '../src/timing/timing-model.js';

export const SCALE_TASKS = 100_000;

/** tinybench's p50 (mean where it has none) of `iterations` runs of `fn` after one warm-up. */
export async function timed(name: string, fn: () => void, iterations: number): Promise<{ p50: number; mean: number; samples: number }> {
  const bench = new Bench({ time: 0, iterations, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`bench: ${name}: ${r.state}`);
  return { p50: r.latency.p50 ?? r.latency.mean, mean: r.latency.mean, samples: r.latency.samplesCount };
}

export interface ScaleInstance {
  readonly dag: CompactDag;
  readonly context: PlanningContext;
  /** Median ms of one full critical-path pass of the best plan. */
  readonly passMs: number;
}

export async function scaleInstance(tasks = SCALE_TASKS): Promise<ScaleInstance> {
  const dag = compactWorkflow(randomLayered({ tasks, seed: tasks }));
  const durations = groundTruthDurations(dag);
  const context = createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1 });
  const weights = timingWeights(dag, durations, bestPlan(dag, durations, context.workers));
  const pass = await timed('full critical-path pass', () => void computeTiming(dag, weights), 20);
  return { dag, context, passMs: pass.p50 };
}
