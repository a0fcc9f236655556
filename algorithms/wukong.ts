/**
 * wukong: WUKONG-style plan. One memory size for every worker (`size`, largest by
 * default), and locality from the assignment alone: a chain continues on its worker, one
 * branch of a fan-out continues on the upstream worker and every other branch gets its own
 * (no grouping of short branches), a fan-in continues on the worker that holds the largest
 * input. O(V + E log d).
 * Source: Carver et al., "Wukong: a scalable and locality-enhanced framework for serverless
 * parallel computing", SoCC 2020, https://doi.org/10.1145/3419111.3421286
 */
import { assignWorkers } from '../src/planning/assign-workers.js';
import { ladderLevelOf } from '../src/planning/size-param.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { stringParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';

export const wukong: PlannerModule = {
  id: 'wukong',
  description: 'WUKONG-style: one size for all, locality by continuing on fan-out/fan-in workers',
  source: 'https://doi.org/10.1145/3419111.3421286',
  params: [{ name: 'size', description: 'memory size of every worker: a ladder size in MB, or smallest, middle, largest', type: 'string', default: 'largest' }],
  plan(context, params) {
    const level = ladderLevelOf(stringParam(params, 'size'), context.ladderMb, 'wukong');
    const workers = assignWorkers(context.dag, { fanOutKeep: 1, groupShortBranches: false, fanInRule: 'largest-output' });
    return { plan: planWithLevels(workers, level), annotations: { wukong: { memoryMb: context.ladderMb[level], workers: workers.workerCount } } };
  },
};
