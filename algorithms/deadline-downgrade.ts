/**
 * deadline-downgrade: best-then-downgrade under a user deadline D (`--deadline`, absolute
 * ms or a factor of the best makespan): the target is D instead of the best makespan, so
 * critical workers may be downgraded too while every moved task still finishes by its
 * latest finish plus (D - current makespan), minus `margin` x D. Then `refine`: each of the
 * most-downgraded workers (up to `refine`) is put back at its fastest level and frozen,
 * the others are downgraded again from there, and the result is kept when the simulator
 * bills less (a heavy worker that took all the slack may have blocked cheaper moves of
 * many parallel ones). Claims the deadline; when even the fastest plan misses D it
 * returns that plan without claiming it.
 * Cost: (1 + refine) downgrade runs, each as best-then-downgrade (the what-if of a
 * critical worker applies and rolls back: O(affected cone)), plus one full timing per run.
 * Source: original.
 */
import { DEADLINE_DOWNGRADE_PARAMS, planByDowngrade } from '../src/planning/downgrade-planner.js';
import { SlacklineError } from '../src/errors.js';
import type { PlannerModule } from '../src/planning/types.js';

export const deadlineDowngrade: PlannerModule = {
  id: 'deadline-downgrade',
  description: 'cheapest downgrades that keep a user deadline (critical workers included)',
  source: 'original',
  params: DEADLINE_DOWNGRADE_PARAMS,
  requiresDeadline: true,
  plan(context, params) {
    if (context.deadlineMs === undefined) throw new SlacklineError('planning/deadline-downgrade', 'needs a deadline (--deadline 1.2x or --deadline <ms>)');
    return planByDowngrade('deadline-downgrade', context, params, { kind: 'deadline', ms: context.deadlineMs });
  },
};
