/**
 * wukong: WUKONG-style plan. One memory size for every worker (`size`, largest by
 * default), and locality from the assignment alone: a chain continues on its worker, one
 * branch of a fan-out continues on the upstream worker and every other branch gets its own
 * (no grouping of short branches), and a fan-in runs on the worker that completes its last
 * input (WUKONG's rule), estimated with the execution times at the chosen size.
 * O(V + E log d).
 * Source: Carver et al., "Wukong: a scalable and locality-enhanced framework for serverless
 * parallel computing", SoCC 2020, https://doi.org/10.1145/3419111.3421286
 */
import { assignWorkers } from '../src/planning/assign-workers.js';
import { checkSizeParam, ladderLevelOf } from '../src/planning/size-param.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { stringParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';

export const wukong: PlannerModule = {
  id: 'wukong',
  description: 'WUKONG-style: one size for all, locality by continuing on fan-out/fan-in workers (fan-in on the last-finishing input)',
  source: 'https://doi.org/10.1145/3419111.3421286',
  params: [{ name: 'size', description: 'memory size of every worker: a ladder size in MB, or smallest, middle, largest', type: 'string', default: 'largest', check: (value, instance) => checkSizeParam(value, instance, 'wukong') }],
  plan(context, params) {
    const level = ladderLevelOf(stringParam(params, 'size'), context.ladderMb, 'wukong');
    const { dag, durations } = context;
    const L = durations.levels;
    const taskMs = Float64Array.from({ length: dag.taskCount }, (_, i) => durations.execMs[i * L + level]!);
    const workers = assignWorkers(dag, { fanOutKeep: 1, groupShortBranches: false, fanInRule: 'last-finishing', taskMs });
    return { plan: planWithLevels(workers, level), annotations: { wukong: { memoryMb: context.ladderMb[level], workers: workers.workerCount } } };
  },
};
