/**
 * The registry of worker-assignment strategies (`--assignment <id>` on plan, simulate and
 * as a bench grid axis; listed by `slackline algorithms`). A typed static list: a new
 * strategy is one file here plus one entry.
 */
import type { CompactDag } from '../../dag/compact-dag.js';
import { SlacklineError } from '../../errors.js';
import type { CompactPlan } from '../../timing/types.js';
import type { WorkerAssignment } from '../types.js';
import { chain } from './chain.js';
import { onePerTask } from './one-per-task.js';
import { origin } from './origin.js';
import type { AssignmentStrategy } from './types.js';
import { wukong } from './wukong.js';

export type { AssignmentStrategy } from './types.js';

export const assignmentStrategies: readonly AssignmentStrategy[] = [chain, onePerTask, origin, wukong];
export const ASSIGNMENT_IDS: readonly string[] = assignmentStrategies.map((s) => s.id);
export const DEFAULT_ASSIGNMENT = 'chain';

export function getAssignmentStrategy(id: string): AssignmentStrategy {
  const strategy = assignmentStrategies.find((s) => s.id === id);
  if (!strategy) throw new SlacklineError('planning/assignment', `unknown assignment "${id}"; known: ${ASSIGNMENT_IDS.join(', ')}`);
  return strategy;
}

/** Runs a strategy and checks its answer (every task on an existing worker, no empty worker). */
export function assignWith(id: string, dag: CompactDag, taskMs: Float64Array): WorkerAssignment {
  const assignment = getAssignmentStrategy(id).assign(dag, taskMs);
  checkAssignment(id, dag, assignment);
  return assignment;
}

export function checkAssignment(id: string, dag: CompactDag, assignment: WorkerAssignment): void {
  const { workerCount, workerOf } = assignment;
  const bad = (why: string) => new SlacklineError('planning/assignment', `strategy "${id}" returned a bad assignment: ${why}`);
  if (workerOf.length !== dag.taskCount) throw bad(`${workerOf.length} entries for ${dag.taskCount} tasks`);
  const used = new Uint8Array(workerCount);
  for (let v = 0; v < workerOf.length; v++) {
    const w = workerOf[v]!;
    if (!(Number.isInteger(w) && w >= 0 && w < workerCount)) throw bad(`task "${dag.taskIds[v]}" has worker ${w}, outside 0..${workerCount - 1}`);
    used[w] = 1;
  }
  const empty = used.indexOf(0);
  if (empty >= 0) throw bad(`worker ${empty} has no task`);
}

/**
 * A plan regrouped by another strategy (`slackline simulate --assignment`): the tasks keep
 * the memory they were planned with as far as the new workers allow, each new worker
 * taking the largest level among its tasks (no task gets less memory than planned).
 * Preload flags stay per task; pre-warming is dropped (it belonged to the old workers).
 */
export function regroupPlan(dag: CompactDag, plan: CompactPlan, strategy: string, taskMs: Float64Array): CompactPlan {
  const assignment = assignWith(strategy, dag, taskMs);
  const levelOf = new Int32Array(assignment.workerCount);
  for (let v = 0; v < dag.taskCount; v++) {
    const w = assignment.workerOf[v]!;
    levelOf[w] = Math.max(levelOf[w]!, plan.levelOf[plan.workerOf[v]!]!);
  }
  return { workerCount: assignment.workerCount, workerOf: Int32Array.from(assignment.workerOf), levelOf, prewarm: new Uint8Array(assignment.workerCount), preload: Uint8Array.from(plan.preload) };
}
