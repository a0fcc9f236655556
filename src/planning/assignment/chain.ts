/**
 * chain (the default): a chain continues on its worker, one branch of a fan-out (the one
 * receiving the most bytes) continues on the upstream worker, short branches of a fan-out
 * (estimated < 100 ms) share one new worker, a fan-in continues on the worker of its
 * largest input. The rules and their options are in `../assign-workers.ts`.
 *
 *   a -> b -> c        a, b, c on worker 0
 *   a -> d             d on worker 1 (fan-out branch with fewer bytes)
 *   c, d -> e          e on the worker of its largest input
 *
 * O(V + E log d). Source: original (the project's default since the first planners).
 */
import { assignWorkers } from '../assign-workers.js';
import type { AssignmentStrategy } from './types.js';

export const chain: AssignmentStrategy = {
  id: 'chain',
  description: 'chains and the heaviest fan-out branch continue on their worker; a fan-in joins its largest input (default)',
  source: 'original',
  assign: (dag, taskMs) => assignWorkers(dag, { taskMs }),
};
