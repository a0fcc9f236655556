/**
 * The simulator: runs a plan through the timing model (`src/timing/timing-model.ts`) with
 * the durations of a DurationTable (predicted, or recorded) and reports what the run
 * would take and cost.
 *
 * Billing rule (one interval per task, summed per worker):
 *   a task with a predecessor on its own worker keeps that worker alive from the latest
 *   such predecessor's finish (the container that continues), otherwise it is a new
 *   invocation that starts when it is triggered: at 0 for a source, at its last input's
 *   completion without preload, at its first input's completion with preload. The task
 *   is billed from there until its finish (upload included). So waiting for remote inputs
 *   on a continuing worker is billed, as on a real platform.
 *   GB-s = sum over tasks of (worker memory / 1024) x (billed ms / 1000);
 *   cost = GB-s x pricePerGbSecond + invocations x pricePerInvocation, where invocations
 *   are the tasks that pay a worker start (cold, or warm on a pre-warmed worker).
 * Bytes moved: outputs uploaded (tasks with a remote consumer, and sinks) plus remote
 * edges downloaded plus the sources' external input.
 *
 * The table holds no silent zeros: unknown predictions were resolved (failed or flagged)
 * by the policy when it was built, and the caller reports the count of fallbacks.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { TimingModel, planTiming } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable, TimingResult } from '../timing/types.js';
import type { CostModel } from './cost-model.js';
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

export interface PlanCost {
  readonly gbSeconds: number;
  readonly costUsd: number;
  readonly invocations: number;
  readonly coldStarts: number;
  readonly warmStarts: number;
}

/** Cost of a plan whose timing is known (O(V+E)); the exhaustive planner calls it per candidate. */
export function planCost(dag: CompactDag, durations: DurationTable, plan: CompactPlan, timing: TimingResult, cost: CostModel, model = new TimingModel(dag, durations, plan)): PlanCost {
  const { predStart, predTask } = dag;
  const ef = timing.earliestFinish;
  let mbMs = 0;
  let coldStarts = 0;
  let warmStarts = 0;
  for (let v = 0; v < dag.taskCount; v++) {
    const w = plan.workerOf[v]!;
    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    let aliveFrom: number;
    if (model.paysStart[v] === 0) {
      aliveFrom = -Infinity;
      for (let k = from; k < to; k++) {
        const u = predTask[k]!;
        if (plan.workerOf[u] === w) aliveFrom = Math.max(aliveFrom, ef[u]!);
      }
    } else {
      if (plan.prewarm[w] === 1) warmStarts++;
      else coldStarts++;
      if (from === to) aliveFrom = 0;
      else if (plan.preload[v] === 1) {
        aliveFrom = Infinity;
        for (let k = from; k < to; k++) aliveFrom = Math.min(aliveFrom, ef[predTask[k]!]!);
      } else {
        aliveFrom = 0;
        for (let k = from; k < to; k++) aliveFrom = Math.max(aliveFrom, ef[predTask[k]!]!);
      }
    }
    mbMs += durations.ladderMb[plan.levelOf[w]!]! * Math.max(0, ef[v]! - aliveFrom);
  }
  const gbSeconds = mbMs / 1024 / 1000;
  const invocations = coldStarts + warmStarts;
  return { gbSeconds, costUsd: gbSeconds * cost.pricePerGbSecond + invocations * cost.pricePerInvocation, invocations, coldStarts, warmStarts };
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
