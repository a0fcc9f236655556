/**
 * random-search: a baseline for search. From the best plan, `tries` times: pick a move at
 * random (seeded) and keep it when the makespan stays within the target (the deadline when
 * there is one, else the best makespan):
 *  - a level move (probability 1 - `assignmentShare`): a worker and one of its cheaper
 *    levels (memory x busy time), checked with the incremental engine's `whatIf`;
 *  - an assignment move (`assignmentShare`): a task leaves its worker for a free one at a
 *    random level (a split) or joins the worker of a random neighbour (a merge), checked
 *    with `whatIfMove` and kept when the simulator bills less too.
 * No ordering, no critical-path rule: what a planner gains over this is what its
 * heuristics are worth. Cost: O(tries x what-if), plus O(V + E) per assignment move that
 * keeps the target (its bill) and per accepted one (a fresh engine).
 * Source: original (random local search baseline).
 */
import { bestPlan } from '../src/planning/plan-builders.js';
import { numberParam } from '../src/planning/resolve-params.js';
import type { IncrementalTimingEngine, PlannerModule } from '../src/planning/types.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import { planCost } from '../src/timing/plan-cost.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';

export const randomSearch: PlannerModule = {
  id: 'random-search',
  description: 'random downgrades, splits and merges kept when the makespan stays within the target (baseline)',
  source: 'original',
  params: [
    { name: 'tries', description: 'random moves to try (also capped by the run\'s --try-budget)', type: 'number', default: 1000, min: 0, integer: true },
    { name: 'assignmentShare', description: 'share of the tries that move a task to another worker (split or merge), 0..1', type: 'number', default: 0.25, min: 0 },
  ],
  plan(context, params) {
    const { dag, durations, random } = context;
    const start = bestPlan(dag, durations, context.workers);
    let engine: IncrementalTimingEngine = context.incrementalTiming(start);
    let estimate = new WorkerCostEstimate(dag, durations, start);
    const targetMs = context.deadlineMs ?? engine.makespanMs;
    const feasible = engine.makespanMs <= targetMs + TIME_EPSILON_MS;
    const tries = feasible ? Math.min(context.tryBudget, Math.max(0, Math.floor(numberParam(params, 'tries')))) : 0;
    const share = Math.min(1, Math.max(0, numberParam(params, 'assignmentShare')));
    const L = durations.levels;
    let accepted = 0;
    let splits = 0;
    let merges = 0;
    // The bill of the current plan, computed when an assignment move needs it (level moves
    // that keep the target change it, but only an assignment move reads it).
    let bill = Infinity;
    let billStale = feasible && share > 0;
    const cheaper: number[] = [];
    const neighbours: number[] = [];
    for (let t = 0; t < tries; t++) {
      if (random() < share) {
        const v = Math.floor(random() * dag.taskCount);
        neighbours.length = 0;
        for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) neighbours.push(engine.workerOfTask(dag.predTask[k]!));
        for (let e = dag.succStart[v]!; e < dag.succStart[v + 1]!; e++) neighbours.push(engine.workerOfTask(dag.edgeTo[e]!));
        const own = engine.workerOfTask(v);
        const merge = neighbours.length > 0 && random() < 0.5;
        const to = merge ? neighbours[Math.floor(random() * neighbours.length)]! : engine.freeWorker();
        if (to < 0 || to === own || (!merge && engine.tasksOf(own).length === 1)) continue;
        if (billStale) {
          bill = planCost(dag, durations, engine.plan(), engine.result(), context.cost).costUsd;
          billStale = false;
        }
        if (!merge) engine.setWorkerLevel(to, Math.floor(random() * L));
        const answer = engine.whatIfMove([v], to, false);
        if (answer.makespanMs > targetMs + TIME_EPSILON_MS) continue;
        engine.moveTasks([v], to);
        const plan = engine.plan();
        const after = planCost(dag, durations, plan, engine.result(), context.cost).costUsd;
        if (after < bill * (1 - 1e-12)) {
          bill = after;
          if (merge) merges++;
          else splits++;
          accepted++;
          // Worker ids are renumbered: a fresh engine and estimate on the new assignment.
          engine = context.incrementalTiming(plan);
          estimate = new WorkerCostEstimate(dag, durations, plan, { fillRows: false });
        } else {
          engine.moveTasks([v], own);
        }
        continue;
      }
      const w = Math.floor(random() * (estimate.byWorker.start.length - 1));
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
      if (share > 0) billStale = true;
      accepted++;
    }
    return {
      plan: engine.plan(),
      claimsDeadline: context.deadlineMs !== undefined && feasible,
      annotations: { 'random-search': { targetMs, makespanMs: engine.makespanMs, splits, merges } },
      stats: { trials: tries, accepted, splits, merges },
    };
  },
};
