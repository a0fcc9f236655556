/**
 * deadline-downgrade: best-then-downgrade under a user deadline D (`--deadline`, absolute
 * ms or a factor of the best makespan): the target is D instead of the best makespan, so
 * critical workers may be downgraded too while every moved task still finishes by its
 * latest finish plus (D - current makespan), minus `margin` x D. Claims the deadline; when
 * even the fastest plan misses D it returns that plan without claiming it.
 * Cost: as best-then-downgrade; the what-if of a critical worker applies and rolls back
 * (O(affected cone)).
 * Source: original.
 */
import { DOWNGRADE_PARAMS, planByDowngrade } from '../src/planning/downgrade-planner.js';
import { SlacklineError } from '../src/errors.js';
import type { PlannerModule } from '../src/planning/types.js';

export const deadlineDowngrade: PlannerModule = {
  id: 'deadline-downgrade',
  description: 'cheapest downgrades that keep a user deadline (critical workers included)',
  source: 'original',
  params: DOWNGRADE_PARAMS,
  requiresDeadline: true,
  plan(context, params) {
    if (context.deadlineMs === undefined) throw new SlacklineError('planning/deadline-downgrade', 'needs a deadline (--deadline 1.2x or --deadline <ms>)');
    return planByDowngrade('deadline-downgrade', context, params, { kind: 'deadline', ms: context.deadlineMs });
  },
};
