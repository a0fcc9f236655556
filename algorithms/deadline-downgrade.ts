/**
 * deadline-downgrade: best-then-downgrade under a user deadline D (`--deadline`, absolute
 * ms or a factor of the best makespan): the target is D instead of the best makespan, so
 * critical workers may be downgraded too while every moved task still finishes by its
 * latest finish plus (D - current makespan), minus `margin` x D. Then `refine`: each of the
 * most-downgraded workers (up to `refine`) is put back at its fastest level and frozen,
 * the others are downgraded again from there, and the result is kept when the simulator
 * bills less (a heavy worker that took all the slack may have blocked cheaper moves of
 * many parallel ones). Then `polish`: a bounded local search on the simulator's bill
 * (single-worker level changes, then "change one worker, re-fit every other"), which also
 * sees what the per-worker cost estimate cannot (a continuing worker billed while it waits
 * for a slow input). Claims the deadline. When the fastest plan of the given worker
 * assignment misses D (one worker per task, say: a start and a transfer per edge), the
 * split/merge search of best-then-downgrade looks for an assignment whose fastest plan
 * meets D, and the planner runs on that one (with `splits=true`); when none is found it
 * returns the fastest plan without claiming the deadline.
 * Cost: (1 + refine) downgrade runs (refine capped at 500,000 / (V + E) rounds, at least
 * 1), each as best-then-downgrade (the what-if of a critical worker applies and rolls back:
 * O(affected cone)), plus one full timing per run, plus at most min(polish, 250,000 /
 * (V + E)) full timings for the polish.
 * Source: original; the polish is a first-improvement local search (Aarts & Lenstra, eds.,
 * "Local Search in Combinatorial Optimization", Wiley 1997).
 */
import { DEADLINE_DOWNGRADE_PARAMS, planByDowngrade } from '../src/planning/downgrade-planner.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import type { PlannerModule } from '../src/planning/types.js';

export const deadlineDowngrade: PlannerModule = {
  id: 'deadline-downgrade',
  description: 'cheapest downgrades that keep a user deadline (critical workers included)',
  source: 'original',
  params: DEADLINE_DOWNGRADE_PARAMS,
  requiresDeadline: true,
  plan(context, params) {
    if (context.deadlineMs === undefined) throw new PlannerRefusal('planning/deadline-downgrade', 'needs a deadline (--deadline 1.2x or --deadline <ms>)');
    return planByDowngrade('deadline-downgrade', context, params, { kind: 'deadline', ms: context.deadlineMs });
  },
};
