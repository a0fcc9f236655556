/**
 * one-per-task: every task on its own worker, so every task gets its own memory size and
 * every edge moves its data through storage.
 *
 *   a -> b -> c        a on 0, b on 1, c on 2
 *
 * O(V). Source: original (the plain serverless baseline: one function invocation per task).
 */
import type { AssignmentStrategy } from './types.js';

export const onePerTask: AssignmentStrategy = {
  id: 'one-per-task',
  description: 'every task on its own worker (own size, every edge through storage)',
  source: 'original',
  assign(dag) {
    const workerOf = new Int32Array(dag.taskCount);
    for (let v = 0; v < dag.taskCount; v++) workerOf[v] = v;
    return { workerCount: dag.taskCount, workerOf };
  },
};
