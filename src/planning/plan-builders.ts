/**
 * Small constructors of compact plans, so planners never share arrays by accident: every
 * function here returns fresh typed arrays (one `levelOf` per plan; a regression test
 * checks that changing one worker's level leaves every other worker alone).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';
import type { WorkerAssignment } from './types.js';
import { WorkerCostEstimate } from './worker-cost-estimate.js';

/** A plan on `assignment` with every worker at `level`, or at `levels[w]`; no preload, no prewarm. */
export function planWithLevels(assignment: WorkerAssignment, level: number | ArrayLike<number>): CompactPlan {
  const levelOf = new Int32Array(assignment.workerCount);
  if (typeof level === 'number') levelOf.fill(level);
  else for (let w = 0; w < levelOf.length; w++) levelOf[w] = level[w]!;
  return {
    workerCount: assignment.workerCount,
    workerOf: Int32Array.from(assignment.workerOf),
    levelOf,
    prewarm: new Uint8Array(assignment.workerCount),
    preload: new Uint8Array(assignment.workerOf.length),
  };
}

/** A deep copy (fresh arrays). */
export function copyPlan(plan: CompactPlan): CompactPlan {
  return {
    workerCount: plan.workerCount,
    workerOf: Int32Array.from(plan.workerOf),
    levelOf: Int32Array.from(plan.levelOf),
    prewarm: Uint8Array.from(plan.prewarm),
    preload: Uint8Array.from(plan.preload),
  };
}

/**
 * The "best resources" plan: every worker at the level where its tasks' summed busy time
 * (start, downloads, execution, upload) is shortest; among equally fast levels the smallest.
 */
export function bestPlan(dag: CompactDag, table: DurationTable, assignment: WorkerAssignment): CompactPlan {
  return bestPlanAndEstimate(dag, table, assignment).plan;
}

/** `bestPlan` and the estimate it was read from (valid for any levels of that plan's assignment and flags), for callers that go on using it. */
export function bestPlanAndEstimate(dag: CompactDag, table: DurationTable, assignment: WorkerAssignment): { plan: CompactPlan; estimate: WorkerCostEstimate } {
  const plan = planWithLevels(assignment, 0);
  const estimate = new WorkerCostEstimate(dag, table, plan);
  for (let w = 0; w < plan.workerCount; w++) plan.levelOf[w] = estimate.fastestLevel(w);
  return { plan, estimate };
}
