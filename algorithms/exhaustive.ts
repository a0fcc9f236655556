/**
 * exhaustive: the exact cost-optimal plan under a deadline, for small DAGs: every
 * combination of levels over the workers of the default assignment (L^W plans, in
 * mixed-radix order) is timed and costed with the simulator's rules; the cheapest plan
 * whose makespan keeps the deadline wins (ties: shorter makespan, then first found).
 * Without a deadline the target is the best makespan, which makes it the oracle of
 * best-then-downgrade too. Same assignment, no preload or prewarm: it is optimal among the
 * plans the downgrade planners can produce, the oracle they are measured against.
 * Refuses (`PlannerRefusal`: a `refused` row in the sweep) DAGs above `maxTasks` tasks or
 * `maxCombinations` plans, with a clear message.
 * Cost: O(L^W x (V + E)).
 * Source: original (brute force).
 */
import { planWithLevels } from '../src/planning/plan-builders.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { numberParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';
import { planCost } from '../src/timing/plan-cost.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS, timeLess } from '../src/timing/tolerance.js';

export const EXHAUSTIVE_MAX_TASKS = 24;

export const exhaustive: PlannerModule = {
  id: 'exhaustive',
  description: 'exact cost-optimal plan under the deadline by enumeration (small DAGs only)',
  source: 'original',
  maxTasks: EXHAUSTIVE_MAX_TASKS,
  params: [{ name: 'maxCombinations', description: 'refuse when levels^workers exceeds this', type: 'number', default: 2_000_000, min: 1 }],
  plan(context, params) {
    const { dag, durations, workers } = context;
    const limit = numberParam(params, 'maxCombinations');
    if (dag.taskCount > EXHAUSTIVE_MAX_TASKS) {
      throw new PlannerRefusal('planning/exhaustive', `refuses a DAG of ${dag.taskCount} tasks: the limit is ${EXHAUSTIVE_MAX_TASKS} tasks`);
    }
    const L = durations.levels;
    const W = workers.workerCount;
    const combinations = L ** W;
    if (combinations > limit) {
      throw new PlannerRefusal('planning/exhaustive', `refuses ${L}^${W} = ${combinations} level combinations (${W} workers, ${L} levels): the limit is maxCombinations=${limit}`);
    }
    const deadlineMs = context.deadlineMs ?? context.bestMakespanMs;
    const plan = planWithLevels(workers, 0);
    const model = new TimingModel(dag, durations, plan);
    const digits = plan.levelOf;
    let bestCost = Infinity;
    let bestMakespan = Infinity;
    let bestLevels: Int32Array | undefined;
    let fastestMakespan = Infinity;
    let fastestLevels = Int32Array.from(digits);
    for (let c = 0; c < combinations; c++) {
      const timing = computeTiming(dag, model.weights(digits));
      const makespan = timing.makespanMs;
      if (timeLess(makespan, fastestMakespan)) {
        fastestMakespan = makespan;
        fastestLevels = Int32Array.from(digits);
      }
      if (makespan <= deadlineMs + TIME_EPSILON_MS) {
        const { costUsd } = planCost(dag, durations, plan, timing, context.cost, model);
        // Costs tie within a relative 1e-12 (sums of floats); then the shorter makespan wins.
        const costTie = Math.abs(costUsd - bestCost) <= 1e-12 * Math.max(costUsd, bestCost);
        if ((!costTie && costUsd < bestCost) || (costTie && timeLess(makespan, bestMakespan))) {
          bestCost = costUsd;
          bestMakespan = makespan;
          bestLevels = Int32Array.from(digits);
        }
      }
      // Next combination in mixed radix (worker 0 is the fastest-changing digit).
      for (let w = 0; w < W; w++) {
        if (++digits[w]! < L) break;
        digits[w] = 0;
      }
    }
    const feasible = bestLevels !== undefined;
    return {
      plan: planWithLevels(workers, bestLevels ?? fastestLevels),
      claimsDeadline: feasible && context.deadlineMs !== undefined,
      annotations: { exhaustive: { combinations, targetMs: deadlineMs, feasible, ...(feasible ? { costUsd: bestCost, makespanMs: bestMakespan } : { fastestMakespanMs: fastestMakespan }) } },
      stats: { trials: combinations },
    };
  },
};
