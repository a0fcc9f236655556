/**
 * random-search: a baseline for search. From the best plan, `tries` times: pick a worker
 * and one of its cheaper levels at random (seeded), ask the incremental engine `whatIf`, and
 * apply the move when the makespan stays within the target (the deadline when there is
 * one, else the best makespan). No ordering, no critical-path rule: what a planner gains
 * over this is what its heuristics are worth. Cost: O(tries x what-if).
 * Source: original (random local search baseline).
 */
import { bestPlan } from '../src/planning/plan-builders.js';
import { numberParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';

export const randomSearch: PlannerModule = {
  id: 'random-search',
  description: 'random downgrades kept when the makespan stays within the target (baseline)',
  source: 'original',
  params: [{ name: 'tries', description: 'random moves to try (also capped by the run\'s --try-budget)', type: 'number', default: 1000, min: 0, integer: true }],
  plan(context, params) {
    const { dag, durations, random } = context;
    const start = bestPlan(dag, durations, context.workers);
    const engine = context.incrementalTiming(start);
    const estimate = new WorkerCostEstimate(dag, durations, start);
    const targetMs = context.deadlineMs ?? engine.makespanMs;
    const feasible = engine.makespanMs <= targetMs + TIME_EPSILON_MS;
    const tries = feasible ? Math.min(context.tryBudget, Math.max(0, Math.floor(numberParam(params, 'tries')))) : 0;
    const W = start.workerCount;
    const L = durations.levels;
    let accepted = 0;
    const cheaper: number[] = [];
    for (let t = 0; t < tries; t++) {
      const w = Math.floor(random() * W);
      const current = engine.levelOf(w);
      const currentCost = estimate.mbMs(w, current);
      cheaper.length = 0;
      for (let l = 0; l < L; l++) if (estimate.mbMs(w, l) < currentCost * (1 - 1e-12)) cheaper.push(l);
      if (cheaper.length === 0) continue;
      const level = cheaper[Math.floor(random() * cheaper.length)]!;
      const answer = engine.whatIf(w, level);
      if (answer.makespanMs > targetMs + TIME_EPSILON_MS) continue;
      if (answer.maxFinishOverLatestMs > targetMs - engine.makespanMs + TIME_EPSILON_MS) continue;
      engine.setWorkerLevel(w, level);
      accepted++;
    }
    return {
      plan: engine.plan(),
      claimsDeadline: context.deadlineMs !== undefined && feasible,
      annotations: { 'random-search': { targetMs, makespanMs: engine.makespanMs } },
      stats: { trials: tries, accepted },
    };
  },
};
