/**
 * best-then-downgrade (the flagship): best resources everywhere, then downgrade every
 * worker as far as possible without lengthening the makespan or creating a new critical
 * path.
 *
 *  1. Every worker of the default assignment gets the level where its tasks are fastest
 *     (`bestPlan`); optionally the preload pass marks fan-ins where preloading helps.
 *  2. The incremental critical-path engine computes the makespan M: the target.
 *  3. Passes over the workers in the chosen `order` (most-saving | most-slack |
 *     topological | random): for each worker, the levels cheaper than its current one
 *     (memory x summed busy time of its tasks) are tried cheapest first with the engine's
 *     `whatIf`; the first move that keeps every task of the worker within its latest finish
 *     (minus `margin` x M), keeps the makespan and makes no task with slack critical is
 *     applied with `setWorkerLevel` (only the affected cone is re-propagated).
 *  4. Repeat until a pass accepts nothing, `passes` is reached or the try budget is spent.
 * Cost: O(passes x W x L) what-if queries, each O(degree) in the common case (see
 * `src/timing/incremental-timing.ts`). Deterministic for a seed (random order only).
 * Source: original (the engine's "best resources, then downgrade" idea; see DESIGN.md).
 */
import { DOWNGRADE_PARAMS, planByDowngrade } from '../src/planning/downgrade-planner.js';
import type { PlannerModule } from '../src/planning/types.js';

export const bestThenDowngrade: PlannerModule = {
  id: 'best-then-downgrade',
  description: 'fastest size everywhere, then downgrade workers off the critical path while the makespan holds',
  source: 'original',
  params: DOWNGRADE_PARAMS,
  plan(context, params) {
    return planByDowngrade('best-then-downgrade', context, params, { kind: 'best' });
  },
};
