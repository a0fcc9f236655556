/**
 * exhaustive: the exact cost-optimal plan under a deadline, for small DAGs. Every worker
 * assignment that is a partition of the tasks into connected workers
 * (`connected-partitions.ts`) is combined with every combination of levels over its
 * workers (L^k plans for k workers, in mixed-radix order); each plan is timed and costed
 * with the simulator's rules, and the cheapest one whose makespan keeps the deadline wins
 * (ties: shorter makespan, then first found). So it is exact for the joint problem, worker
 * assignment and memory, which the downgrade planners search with splits and merges.
 * `assignments=fixed` searches levels over the default assignment only (the oracle of the
 * fixed-assignment planners); `auto` (default) is `joint` when its plans fit
 * `maxCombinations`, else `fixed`, and the annotation says which ran. Without a deadline
 * the target is the best makespan of the default assignment. No preload or prewarm.
 * Refuses (`PlannerRefusal`: a `refused` row in the sweep) DAGs above `maxTasks` tasks or
 * more than `maxCombinations` plans, with a clear message.
 * Cost: O(sum over connected partitions of L^k x (V + E)).
 * Source: original (brute force).
 */
import { forEachConnectedPartition, MAX_PARTITION_TASKS } from '../src/planning/connected-partitions.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { numberParam, stringParam } from '../src/planning/resolve-params.js';
import type { PlannerModule, WorkerAssignment } from '../src/planning/types.js';
import { planCost } from '../src/timing/plan-cost.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS, timeLess } from '../src/timing/tolerance.js';

export const EXHAUSTIVE_MAX_TASKS = 24;
export const ASSIGNMENT_MODES = ['auto', 'joint', 'fixed'] as const;

export const exhaustive: PlannerModule = {
  id: 'exhaustive',
  description: 'exact cost-optimal plan under the deadline by enumeration of connected worker assignments x levels (small DAGs only)',
  source: 'original',
  maxTasks: EXHAUSTIVE_MAX_TASKS,
  params: [
    { name: 'maxCombinations', description: 'refuse when the plans to enumerate exceed this', type: 'number', default: 2_000_000, min: 1 },
    { name: 'assignments', description: 'joint: every connected worker assignment; fixed: the default assignment only; auto: joint when it fits maxCombinations', type: 'enum', default: 'auto', choices: ASSIGNMENT_MODES },
  ],
  plan(context, params) {
    const { dag, durations, workers } = context;
    const limit = numberParam(params, 'maxCombinations');
    const mode = stringParam(params, 'assignments');
    if (dag.taskCount > EXHAUSTIVE_MAX_TASKS) {
      throw new PlannerRefusal('planning/exhaustive', `refuses a DAG of ${dag.taskCount} tasks: the limit is ${EXHAUSTIVE_MAX_TASKS} tasks`);
    }
    const L = durations.levels;
    // Assignments to search: count the joint plans first (stopping as soon as they exceed the limit).
    let joint = mode !== 'fixed' && dag.taskCount <= MAX_PARTITION_TASKS;
    let jointPlans = 0;
    if (joint) {
      joint = forEachConnectedPartition(dag, (_, k) => (jointPlans += L ** k) <= limit);
      if (!joint && mode === 'joint') {
        throw new PlannerRefusal('planning/exhaustive', `refuses more than ${limit} joint plans (connected worker assignments x ${L} levels on ${dag.taskCount} tasks): the limit is maxCombinations=${limit}; assignments=fixed searches the default assignment only`);
      }
    }
    const W = workers.workerCount;
    if (!joint && L ** W > limit) {
      throw new PlannerRefusal('planning/exhaustive', `refuses ${L}^${W} = ${L ** W} level combinations (${W} workers, ${L} levels): the limit is maxCombinations=${limit}`);
    }
    const deadlineMs = context.deadlineMs ?? context.bestMakespanMs;
    let bestCost = Infinity;
    let bestMakespan = Infinity;
    let best: { assignment: WorkerAssignment; levels: Int32Array } | undefined;
    let fastestMakespan = Infinity;
    let fastest: { assignment: WorkerAssignment; levels: Int32Array } | undefined;
    let combinations = 0;
    const search = (assignment: WorkerAssignment): void => {
      const plan = planWithLevels(assignment, 0);
      const model = new TimingModel(dag, durations, plan);
      const digits = plan.levelOf;
      const k = assignment.workerCount;
      const count = L ** k;
      for (let c = 0; c < count; c++) {
        combinations++;
        const timing = computeTiming(dag, model.weights(digits));
        const makespan = timing.makespanMs;
        if (timeLess(makespan, fastestMakespan)) {
          fastestMakespan = makespan;
          fastest = { assignment, levels: Int32Array.from(digits) };
        }
        if (makespan <= deadlineMs + TIME_EPSILON_MS) {
          const { costUsd } = planCost(dag, durations, plan, timing, context.cost, model);
          // Costs tie within a relative 1e-12 (sums of floats); then the shorter makespan wins.
          const costTie = Math.abs(costUsd - bestCost) <= 1e-12 * Math.max(costUsd, bestCost);
          if ((!costTie && costUsd < bestCost) || (costTie && timeLess(makespan, bestMakespan))) {
            bestCost = costUsd;
            bestMakespan = makespan;
            best = { assignment, levels: Int32Array.from(digits) };
          }
        }
        // Next combination in mixed radix (worker 0 is the fastest-changing digit).
        for (let w = 0; w < k; w++) {
          if (++digits[w]! < L) break;
          digits[w] = 0;
        }
      }
    };
    if (joint) {
      forEachConnectedPartition(dag, (workerOf, k) => {
        search({ workerCount: k, workerOf: Int32Array.from(workerOf) });
        return true;
      });
    } else {
      search(workers);
    }
    const feasible = best !== undefined;
    const chosen = best ?? fastest!;
    return {
      plan: planWithLevels(chosen.assignment, chosen.levels),
      claimsDeadline: feasible && context.deadlineMs !== undefined,
      annotations: {
        exhaustive: {
          assignments: joint ? 'joint' : 'fixed',
          combinations,
          targetMs: deadlineMs,
          feasible,
          ...(feasible ? { costUsd: bestCost, makespanMs: bestMakespan } : { fastestMakespanMs: fastestMakespan }),
        },
      },
      stats: { trials: combinations, joint: joint ? 1 : 0 },
    };
  },
};
