/**
 * The contract of a worker-assignment strategy: which tasks share a worker (and so one
 * memory size, local data passing and, where they continue from the same task, the
 * worker's vCPUs). One strategy per file in this folder, listed in `index.ts`.
 *
 * `assign` must return a fresh `WorkerAssignment` whose workers are numbered
 * 0..workerCount-1, each with at least one task, deterministically for the same input
 * (ties by the lower task index), in O(V + E log d) or better, without recursion.
 * `taskMs` is an estimated time of every task (the host passes execution at the middle
 * ladder level) for strategies that tell short tasks from long ones.
 *
 * Write your own:
 *
 *   export const everyOther: AssignmentStrategy = {
 *     id: 'every-other', description: 'pairs of consecutive tasks', source: 'original',
 *     assign(dag) {
 *       const workerOf = Int32Array.from({ length: dag.taskCount }, (_, i) => i >> 1);
 *       return { workerCount: (dag.taskCount + 1) >> 1, workerOf };
 *     },
 *   };
 *
 * then one import and one entry in `index.ts`. The host checks what `assign` returned
 * (`checkAssignment`) and names the strategy that broke a rule.
 */
import type { CompactDag } from '../../dag/compact-dag.js';
import type { WorkerAssignment } from '../types.js';

export interface AssignmentStrategy {
  /** Equal to the file name. */
  readonly id: string;
  /** One line for `slackline algorithms`. */
  readonly description: string;
  /** Reference (DOI/URL) or `original`. */
  readonly source: string;
  assign(dag: CompactDag, taskMs: Float64Array): WorkerAssignment;
}
