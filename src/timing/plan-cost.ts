/**
 * The cost of a plan whose timing is known, in O(V+E): the one place cost is computed
 * (the simulator reports it, the downgrade planners and the exhaustive oracle call it per
 * candidate).
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
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { CostModel } from './cost-model.js';
import { TimingModel } from './timing-model.js';
import type { CompactPlan, DurationTable, TimingResult } from './types.js';

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

