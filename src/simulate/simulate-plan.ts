/**
 * The simulator: runs a plan through the timing model (`src/timing/timing-model.ts`) with
 * the durations of a DurationTable (predicted, or recorded) and reports what the run
 * would take and cost.
 *
 * Cost follows the billing rule of `timing/plan-cost.ts`.
 * Bytes moved: outputs uploaded (tasks with a remote consumer, and sinks) plus remote
 * edges downloaded plus the sources' external input.
 *
 * The table holds no silent zeros: unknown predictions were resolved (failed or flagged)
 * by the policy when it was built, and the caller reports the count of fallbacks.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel, planTiming } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import type { CostModel } from '../timing/cost-model.js';
import { planCost } from '../timing/plan-cost.js';
import { requireFiniteSimulation } from './require-finite.js';

export interface SimulationReport {
  readonly makespanMs: number;
  readonly costUsd: number;
  readonly gbSeconds: number;
  /** Workers of the plan (distinct memory configurations). */
  readonly workers: number;
  /** Worker starts paid: cold + warm. */
  readonly invocations: number;
  readonly coldStarts: number;
  readonly warmStarts: number;
  /** bytesUploaded + bytesDownloaded. */
  readonly bytesMoved: number;
  readonly bytesUploaded: number;
  readonly bytesDownloaded: number;
  /** Task ids of one critical path, source to sink. */
  readonly criticalPath: readonly string[];
}

export function simulatePlan(dag: CompactDag, durations: DurationTable, plan: CompactPlan, cost: CostModel): SimulationReport {
  const model = new TimingModel(dag, durations, plan);
  const timing = planTiming(dag, durations, plan);
  const billed = planCost(dag, durations, plan, timing, cost, model);
  let bytesUploaded = 0;
  let bytesDownloaded = 0;
  for (let v = 0; v < dag.taskCount; v++) {
    if (model.uploads[v] === 1) bytesUploaded += dag.outputBytes[v]!;
    if (dag.predStart[v] === dag.predStart[v + 1]) bytesDownloaded += dag.inputBytes[v]!;
  }
  for (let e = 0; e < dag.edgeCount; e++) if (model.remote[e] === 1) bytesDownloaded += dag.edgeBytes[e]!;
  requireFiniteSimulation(dag, durations, plan, model, timing, { makespanMs: timing.makespanMs, costUsd: billed.costUsd, gbSeconds: billed.gbSeconds, bytesMoved: bytesUploaded + bytesDownloaded });
  return {
    makespanMs: timing.makespanMs,
    costUsd: billed.costUsd,
    gbSeconds: billed.gbSeconds,
    workers: plan.workerCount,
    invocations: billed.invocations,
    coldStarts: billed.coldStarts,
    warmStarts: billed.warmStarts,
    bytesMoved: bytesUploaded + bytesDownloaded,
    bytesUploaded,
    bytesDownloaded,
    criticalPath: Array.from(timing.criticalPath, (i) => dag.taskIds[i]!),
  };
}
