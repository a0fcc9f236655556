/**
 * Worker assignment: which tasks share a worker (and so a memory size, and pass data
 * locally instead of through storage). A reusable step every planner can call; the host
 * computes the default one for the planning context.
 *
 * Rules, applied in topological order over the compact DAG (iterative, O(V + E log d)):
 *  - a source starts a new worker;
 *  - a task with one predecessor u continues on u's worker when it is one of the
 *    `fanOutKeep` successors of u that receive the most bytes (a chain is the case of one
 *    successor); the other single-predecessor successors of u get a new worker each, except
 *    that with `groupShortBranches` those whose estimated time (`taskMs`) is below
 *    `shortBranchMs` share one new worker per fan-out (WUKONG's clustering of small tasks);
 *  - a fan-in (several predecessors) continues, with `fanInRule: 'largest-output'`, on the
 *    worker of the predecessor whose edge carries the most bytes (the data that then need
 *    not move), `'last-finishing'` on the worker of the predecessor estimated to finish last
 *    (WUKONG's rule: the executor that completes the last input runs the fan-in; finishes
 *    estimated as longest paths of `taskMs`), `'first-upstream'` on its lowest-index
 *    predecessor's worker, or gets a new worker with `'new-worker'`.
 * Ties go to the lower task index, so the result is deterministic. Every call returns
 * fresh arrays.
 *
 * What sharing a worker means under the timing model (`src/timing/`): shared memory size,
 * and local data plus no start for a task that has a predecessor on the worker. Workers
 * have no capacity limit, so grouped short branches (none of which has a predecessor on
 * their shared worker) still run in parallel, each paying its own start and billed as its
 * own invocation: grouping them only ties their sizes, it does not serialize them into one
 * container the way WUKONG's clustering does.
 *
 * Reference: Carver et al., "Wukong: a scalable and locality-enhanced framework for
 * serverless parallel computing", SoCC 2020 (https://doi.org/10.1145/3419111.3421286).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { WorkerAssignment } from './types.js';

export type FanInRule = 'largest-output' | 'last-finishing' | 'first-upstream' | 'new-worker';
export const FAN_IN_RULES: readonly FanInRule[] = ['largest-output', 'last-finishing', 'first-upstream', 'new-worker'];

export interface AssignWorkersOptions {
  /** Successors of a fan-out that stay on the upstream worker (0 = none). @default 1 */
  readonly fanOutKeep: number;
  /** Put a fan-out's short branches on one shared worker. @default true */
  readonly groupShortBranches: boolean;
  /** A fan-out branch is short when its first task's estimated time is below this, ms. @default 100 */
  readonly shortBranchMs: number;
  /** Which upstream worker a fan-in continues on. @default 'largest-output' */
  readonly fanInRule: FanInRule;
  /** Estimated time of every task, ms (e.g. execution at a middle level); without it no branch is short. */
  readonly taskMs?: Float64Array;
}

export const ASSIGN_WORKERS_DEFAULTS: AssignWorkersOptions = Object.freeze({
  fanOutKeep: 1,
  groupShortBranches: true,
  shortBranchMs: 100,
  fanInRule: 'largest-output',
});

export function resolveAssignWorkersOptions(options: Partial<AssignWorkersOptions> = {}): AssignWorkersOptions {
  const resolved = { ...ASSIGN_WORKERS_DEFAULTS, ...options };
  if (!Number.isInteger(resolved.fanOutKeep) || resolved.fanOutKeep < 0) {
    throw new SlacklineError('planning/assign-workers', `fanOutKeep must be an integer >= 0, got ${String(resolved.fanOutKeep)}`);
  }
  if (!(resolved.shortBranchMs >= 0)) throw new SlacklineError('planning/assign-workers', `shortBranchMs must be >= 0, got ${String(resolved.shortBranchMs)}`);
  if (!FAN_IN_RULES.includes(resolved.fanInRule)) {
    throw new SlacklineError('planning/assign-workers', `fanInRule must be one of ${FAN_IN_RULES.join(', ')}, got "${String(resolved.fanInRule)}"`);
  }
  if (resolved.fanInRule === 'last-finishing' && resolved.taskMs === undefined) {
    throw new SlacklineError('planning/assign-workers', 'fanInRule last-finishing needs taskMs (estimated task times)');
  }
  return Object.freeze(resolved);
}

export function assignWorkers(dag: CompactDag, options: Partial<AssignWorkersOptions> = {}): WorkerAssignment {
  const o = resolveAssignWorkersOptions(options);
  const n = dag.taskCount;
  if (o.taskMs && o.taskMs.length !== n) throw new SlacklineError('planning/assign-workers', `taskMs has ${o.taskMs.length} entries for ${n} tasks`);
  const { predStart, predTask, predEdge, succStart, edgeTo, edgeBytes } = dag;
  const workerOf = new Int32Array(n).fill(-1);
  let workers = 0;
  const singles: number[] = []; // single-predecessor successor edges of the current task
  // Estimated finish of every task (longest path of taskMs), for the last-finishing rule.
  const finish = o.fanInRule === 'last-finishing' ? new Float64Array(n) : undefined;

  for (let v = 0; v < n; v++) {
    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    if (finish) {
      let ready = 0;
      for (let k = from; k < to; k++) ready = Math.max(ready, finish[predTask[k]!]!);
      finish[v] = ready + o.taskMs![v]!;
    }
    if (workerOf[v] === -1) {
      if (from === to || o.fanInRule === 'new-worker') {
        workerOf[v] = workers++;
      } else if (o.fanInRule === 'first-upstream') {
        workerOf[v] = workerOf[predTask[from]!]!;
      } else if (finish) {
        let last = from;
        for (let k = from + 1; k < to; k++) if (finish[predTask[k]!]! > finish[predTask[last]!]!) last = k;
        workerOf[v] = workerOf[predTask[last]!]!;
      } else {
        let best = from;
        for (let k = from + 1; k < to; k++) {
          // Strictly more bytes wins; predecessors come in increasing index, so ties keep the lower one.
          if (edgeBytes[predEdge[k]!]! > edgeBytes[predEdge[best]!]!) best = k;
        }
        workerOf[v] = workerOf[predTask[best]!]!;
      }
    }

    // Decide v's single-predecessor successors now: v is their only upstream task.
    singles.length = 0;
    for (let e = succStart[v]!; e < succStart[v + 1]!; e++) {
      const s = edgeTo[e]!;
      if (predStart[s + 1]! - predStart[s]! === 1) singles.push(e);
    }
    if (singles.length === 0) continue;
    // Most bytes first; equal bytes keep successor-index order (edges are sorted by target).
    singles.sort((a, b) => edgeBytes[b]! - edgeBytes[a]! || a - b);
    let shared = -1;
    for (let r = 0; r < singles.length; r++) {
      const s = edgeTo[singles[r]!]!;
      if (r < o.fanOutKeep) {
        workerOf[s] = workerOf[v]!;
      } else if (o.groupShortBranches && o.taskMs !== undefined && o.taskMs[s]! < o.shortBranchMs) {
        if (shared === -1) shared = workers++;
        workerOf[s] = shared;
      } else {
        workerOf[s] = workers++;
      }
    }
  }
  return { workerCount: workers, workerOf };
}

/** Tasks of each worker as CSR: tasks of w are `tasks[start[w] .. start[w+1])`, in topological order. */
export interface WorkerTasks {
  readonly start: Int32Array;
  readonly tasks: Int32Array;
}

export function workerTasks(assignment: WorkerAssignment): WorkerTasks {
  const { workerCount, workerOf } = assignment;
  const start = new Int32Array(workerCount + 1);
  for (let v = 0; v < workerOf.length; v++) start[workerOf[v]! + 1]!++;
  for (let w = 0; w < workerCount; w++) start[w + 1]! += start[w]!;
  const fill = Int32Array.from(start.subarray(0, workerCount));
  const tasks = new Int32Array(workerOf.length);
  for (let v = 0; v < workerOf.length; v++) tasks[fill[workerOf[v]!]!++] = v;
  return { start, tasks };
}
